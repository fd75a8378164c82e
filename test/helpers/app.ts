/**
 * An app per suite, on a real database, driven through HTTP (Fastify's inject). `client(user)`
 * logs in like a browser: it keeps the session cookie and sends the CSRF token on writes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type AppConfig } from '../../server/config.js';
import { buildApp } from '../../server/app.js';
import { openDatabase } from '../../server/platform/db.js';
import { createServices, type Services } from '../../server/services.js';
import { ManualClock } from '../../server/platform/clock.js';
import { testClockStart } from './clock.js';
import { loadDemo } from '../../server/demo/load.js';
import { DEMO_PASSWORD } from '../../server/demo/organisation.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './databases.js';
import { TestAuthenticator } from './totp.js';

export interface TestContext {
  kind: 'pglite' | 'postgres';
  app: FastifyInstance;
  services: Services;
  /** the app's service clock: starts at TEST_NOW (or today 10:00 China time) and ticks; tests move it explicitly */
  clock: ManualClock;
  db: TestDatabase;
  client(username?: string, password?: string): Promise<Client>;
  anonymous(): Client;
  /** the users' authenticator app: the TOTP secrets shown at enrolment (admin, supervisor1, jijian1 … enrol at their first login) */
  authenticator: TestAuthenticator;
}

export interface Response {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, string | string[] | number | undefined>;
}

export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  /** the portal session (yc_applicant) of an applicant client, apart from the staff session */
  applicantCookie: string | null = null;
  /** with an authenticator, `login` answers the second-factor step (enrolling on first use) like a user with the app */
  constructor(
    private readonly app: FastifyInstance,
    private readonly authenticator: TestAuthenticator | null = null,
  ) {}

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const h: Record<string, string> = { ...headers };
    const cookies = [this.cookie, this.applicantCookie].filter(Boolean);
    if (cookies.length && !('cookie' in h)) h.cookie = cookies.join('; ');
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({ method: method as 'GET', url, headers: h, ...(body !== undefined ? { payload: body as object } : {}) });
    const setCookie = res.headers['set-cookie'];
    for (const c of ([] as string[]).concat(setCookie ?? [])) {
      const [pair] = c.split(';');
      if (pair?.startsWith('yc_session=')) this.cookie = pair.endsWith('=') ? null : pair;
      if (pair?.startsWith('yc_applicant=')) this.applicantCookie = pair.endsWith('=') ? null : pair;
    }
    let parsed: unknown = res.body;
    if (String(res.headers['content-type'] ?? '').includes('json') && res.body) parsed = JSON.parse(res.body);
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }
  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) => this.request('POST', url, body ?? {}, headers);
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
  put = (url: string, body: unknown) => this.request('PUT', url, body);
  del = (url: string) => this.request('DELETE', url);

  async login(username: string, password: string): Promise<Response> {
    let res = await this.post('/api/auth/login', { username, password });
    if (res.status === 200 && res.body.mfa && this.authenticator) res = await this.secondFactor(username, res.body.mfa);
    if (res.status === 200 && res.body.csrfToken) this.csrf = res.body.csrfToken;
    return res;
  }

  private async secondFactor(username: string, mfa: { stage: 'code' | 'enrol'; ticket: string }): Promise<Response> {
    const auth = this.authenticator!;
    if (mfa.stage === 'code') return this.post('/api/auth/login/code', { ticket: mfa.ticket, code: await auth.code(username) });
    const enrolment = await this.post('/api/auth/login/enrolment', { ticket: mfa.ticket });
    if (enrolment.status !== 200) return enrolment;
    auth.remember(username, enrolment.body.secret);
    return this.post('/api/auth/login/enrolment/confirm', { ticket: mfa.ticket, code: await auth.code(username) });
  }
}

export async function startTestApp(kind: 'pglite' | 'postgres', env: Record<string, string> = {}): Promise<TestContext & { close(): Promise<void> }> {
  const db = await createTestDatabase(kind);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'yc-test-data-'));
  const config: AppConfig = loadConfig({ LOG_LEVEL: 'silent', SESSION_SECRET: 'test-secret-test-secret-test-secret-42', DEMO_DATA: 'off', DATA_DIR: dataDir, RESPONSE_SCHEMA_CHECK: 'on', ...env });
  config.database = db.config;
  const database = await openDatabase(db.config, { poolSize: 4 });
  await database.migrate();
  const clock = new ManualClock(testClockStart());
  const services = createServices(database, config, clock);
  await loadDemo(services);
  await services.calendar.syncWorkingDays();
  // The authenticator's clock stands still unless the test authenticator needs a fresh 30-second step.
  let otpNow = Date.now();
  services.auth.otpClock = { now: () => new Date(otpNow), today: () => new Date(otpNow).toISOString().slice(0, 10) };
  const authenticator = new TestAuthenticator({ now: () => otpNow, next: async () => void (otpNow += 30_000) });
  const app = await buildApp(services, { logger: false });
  await app.ready();
  return {
    kind,
    app,
    services,
    clock,
    db,
    async client(username = 'admin', password = DEMO_PASSWORD) {
      const c = new Client(app, authenticator);
      const res = await c.login(username, password);
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return c;
    },
    authenticator,
    anonymous: () => new Client(app, authenticator),
    async close() {
      await app.close();
      await database.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Declares the suite once per test database; `ctx` is ready inside the tests. */
export function forEachDatabase(name: string, body: (ctx: TestContext) => void, env: Record<string, string> = {}): void {
  for (const kind of testDatabaseKinds()) {
    describe(`${name} [${kind}]`, () => {
      let real: (TestContext & { close(): Promise<void> }) | null = null;
      const ctx = new Proxy({} as TestContext, {
        get(_t, prop) {
          if (!real) throw new Error('test app not started');
          return real[prop as keyof TestContext];
        },
      });
      before(async () => {
        real = await startTestApp(kind, env);
      });
      after(async () => {
        await real?.close();
      });
      body(ctx);
    });
  }
}
