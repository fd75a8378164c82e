/**
 * A small keep-alive HTTP client over node:http that logs in like the browser does (session cookie,
 * CSRF token on writes), as test/helpers/app.ts `Client` does through inject.
 */
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';

export interface Res {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export class HttpClient {
  cookie: string | null = null;
  csrf: string | null = null;
  readonly agent: http.Agent;
  constructor(readonly base: string, maxSockets = 64) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(method: string, url: string, body?: unknown, extra: Record<string, string> = {}): Promise<Res> {
    const u = new URL(url, this.base);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = { ...extra };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    return new Promise((resolve, reject) => {
      const req = http.request({ hostname: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          for (const c of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
            const [pair] = c.split(';');
            if (pair?.startsWith('yc_session=')) this.cookie = pair.endsWith('=') ? null : pair;
          }
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          if (String(res.headers['content-type'] ?? '').includes('json') && text) parsed = JSON.parse(text);
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body: unknown = {}) => this.request('POST', url, body);

  async login(username: string, password: string): Promise<this> {
    const r = await this.post('/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    this.csrf = r.body.csrfToken;
    return this;
  }

  /** Headers a load tool must send to act as this session. */
  headers(): Record<string, string> {
    return { cookie: this.cookie ?? '', 'x-csrf-token': this.csrf ?? '', 'content-type': 'application/json' };
  }

  close() {
    this.agent.destroy();
  }
}

/** Throws unless the response has the expected status. */
export function expect(r: Res, status: number, what: string): Res {
  if (r.status !== status) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
  return r;
}

/** Waits until `url` answers below 500 (the server is up), failing at once if `child` exits. */
export async function waitHttp(url: string, child: ChildProcess, ms = 120_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.status < 500) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url}: not ready in ${ms / 1000} s`);
}
