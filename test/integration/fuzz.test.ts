/**
 * Issue 14's acceptance fuzz: every operation of /api/openapi.json, signed in as a role that may use it and
 * anonymously, receives NUL, lone surrogates, 1e400, 2^63, negative ids, 1 MB strings, 100-deep nesting, arrays for
 * objects and unknown keys (test/helpers/openapi-fuzz.ts). No answer may be a 5xx, every error body is
 * {code, message} (+ requestId, details), and a signed-in caller gets a 4xx for every input no valid request looks
 * like. A static pass first checks the schemas themselves: every string refuses NUL and lone surrogates, every
 * number is bounded, every body object is closed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { forEachDatabase, type Client, type TestContext } from '../helpers/app.js';
import { casesOf, operationsOf, sample, schemaNodes, type Operation } from '../helpers/openapi-fuzz.js';

/** who calls each tag's operations with a session (public tags: an admin session, besides the anonymous pass) */
const USER_BY_TAG: Record<string, string> = {
  登录: 'clerk9', 事项清单: 'catalog1', 办件: 'clerk1', 交接: 'clerk1', 取号叫号: 'guide1', 好差评: 'guide1', 电子监察: 'supervisor1',
};
const userOf = (op: Operation) => USER_BY_TAG[op.tag] ?? 'admin';
const ERROR_KEYS = new Set(['code', 'message', 'requestId', 'details']);
const TIMEOUT_MS = 10_000;

interface Outcome {
  op: string;
  label: string;
  who: string;
  status: number;
  body: string;
}

async function send(ctx: TestContext, c: Client | null, method: string, url: string, payload?: string) {
  const headers: Record<string, string> = {};
  if (payload !== undefined) headers['content-type'] = 'application/json';
  if (c?.cookie) headers.cookie = c.cookie;
  if (c?.csrf && method !== 'GET') headers['x-csrf-token'] = c.csrf;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  try {
    const res = await Promise.race([ctx.app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) }), timeout]);
    return { status: res.statusCode, body: res.body, type: String(res.headers['content-type'] ?? '') };
  } finally {
    clearTimeout(timer);
  }
}

/** what is wrong with an error answer's body, or null */
function errorBodyProblem(status: number, type: string, body: string): string | null {
  if (status < 400) return null;
  if (!type.includes('json')) return `content-type ${type}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'not JSON';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'not an object';
  const b = parsed as Record<string, unknown>;
  if (typeof b.code !== 'string' || !b.code || typeof b.message !== 'string' || !b.message) return 'no code/message';
  const extra = Object.keys(b).filter((k) => !ERROR_KEYS.has(k));
  return extra.length ? `extra keys ${extra.join(',')}` : null;
}

forEachDatabase(
  'fuzz: every operation of /api/openapi.json',
  (ctx) => {
    let ops: Operation[] = [];

    test('the OpenAPI document lists the operations', async () => {
      const res = await ctx.anonymous().get('/api/openapi.json');
      assert.equal(res.status, 200);
      ops = operationsOf(res.body);
      assert.ok(ops.length >= 140, `operations: ${ops.length}`);
    });

    test('every request schema refuses NUL and lone surrogates in text, bounds every number, closes every body object', () => {
      const ajv = new Ajv({ strict: false, coerceTypes: 'array' });
      (addFormats as unknown as (a: Ajv) => void)(ajv);
      const problems: string[] = [];
      for (const op of ops) {
        const parts = [
          ...op.pathParams.map((p) => ({ at: `path ${p.name}`, schema: p.schema, body: false })),
          ...op.query.map((q) => ({ at: `query ${q.name}`, schema: q.schema, body: false })),
          ...(op.body ? [{ at: 'body', schema: op.body, body: true }] : []),
        ];
        for (const part of parts) {
          for (const { at, schema } of schemaNodes(part.schema, part.at)) {
            const where = `${op.method} ${op.path} ${at}`;
            if (schema.type === 'string' && !schema.enum && !('const' in schema)) {
              const ok = sample(schema) as string;
              const validate = ajv.compile(schema);
              for (const [name, bad] of [['NUL', `${ok}\u0000`], ['lone surrogate', `${ok}\ud800`], ['lone low surrogate', `\udfff${ok}`], ['ESC', `\u001b${ok}`]] as const) {
                if (validate(bad) && (bad.length <= (schema.maxLength ?? Infinity))) problems.push(`${where}: accepts a ${name}`);
              }
            }
            if (schema.type === 'integer' || schema.type === 'number') {
              if (!(schema.maximum <= Number.MAX_SAFE_INTEGER) || !(schema.minimum >= -2_147_483_648)) problems.push(`${where}: unbounded ${schema.type}`);
              if (schema.type === 'integer' && /(^|\.|\s)(id|\w+Id)$/.test(at) && schema.maximum > 2_147_483_647) problems.push(`${where}: id beyond int4`);
            }
            if (part.body && schema.type === 'object' && schema.additionalProperties !== false) problems.push(`${where}: open object`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });

    test('hostile input to every operation, signed in and anonymous: no 5xx, {code, message} errors, refused when invalid', { timeout: 600_000 }, async () => {
      const clients = new Map<string, Client>();
      const session = async (username: string) => {
        let c = clients.get(username);
        if (!c) clients.set(username, (c = await ctx.client(username)));
        return c;
      };
      const failures: Outcome[] = [];
      const notRefused: Outcome[] = [];
      const baselineInvalid: string[] = [];
      let requests = 0;
      const started = Date.now();
      // logout last: it ends the session it is sent with
      const ordered = [...ops].sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
      const slowest: [string, number][] = [];
      for (const op of ordered) {
        const name = `${op.method} ${op.path}`;
        const t0 = Date.now();
        for (const who of [userOf(op), 'anonymous']) {
          for (const fc of casesOf(op)) {
            const c = who === 'anonymous' ? null : await session(who);
            const res = await send(ctx, c, op.method, fc.url, fc.payload);
            requests++;
            const outcome = { op: name, label: fc.label, who, status: res.status, body: res.body.slice(0, 300) };
            const problem = res.status >= 500 ? 'server error' : errorBodyProblem(res.status, res.type, res.body);
            if (problem) failures.push({ ...outcome, body: `${problem}: ${outcome.body}` });
            if (res.status === 401 && c) clients.delete(who); // the session ended (logout, password change): sign in again
            if (who === 'anonymous' || res.status === 401) continue;
            // a schema violation names where it is (body.x, querystring.y); a service's own VALIDATION_FAILED does not
            if (fc.label === 'baseline' && res.status === 400 && /(body|querystring|params)[.\s]/.test(res.body)) baselineInvalid.push(`${name}: ${res.body.slice(0, 200)}`);
            if (fc.refuse && !(res.status === 400 || res.status === 413)) notRefused.push(outcome);
          }
        }
        slowest.push([name, Date.now() - t0]);
      }
      const seconds = (Date.now() - started) / 1000;
      slowest.sort((a, b) => b[1] - a[1]);
      console.log(`fuzz [${ctx.kind}]: ${ops.length} operations, ${requests} requests in ${seconds.toFixed(1)} s; slowest: ${slowest.slice(0, 6).map(([n, ms]) => `${n} ${ms} ms`).join(', ')}`);
      const show = (list: Outcome[]) => list.slice(0, 40).map((f) => `${f.op} [${f.label}] as ${f.who}: ${f.status} ${f.body}`).join('\n');
      assert.equal(failures.length, 0, `${failures.length} bad answers:\n${show(failures)}`);
      assert.equal(notRefused.length, 0, `${notRefused.length} invalid inputs not refused:\n${show(notRefused.filter((f) => f.label !== 'unknown query key'))}`);
      // the baseline passes validation, so the variants differ from a request the service really handles in one field only
      assert.deepEqual(baselineInvalid, []);
    });
  },
  { MFA_REQUIRED_ROLES: 'none', LOGIN_RATE_PER_ADDRESS: '100000', LOGIN_RATE_PER_MINUTE: '10000' },
);
