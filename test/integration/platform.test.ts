import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { forEachDatabase } from '../helpers/app.js';
import { preparedRows, rows, sql } from '../../server/platform/db.js';
import { installErrorHandling } from '../../server/platform/http.js';
import { departments } from '../../server/modules/identity/identity.tables.js';

import { RATINGS_PUBLIC } from '../helpers/authz-ratings.js';
import { SUPERVISION_PUBLIC } from '../helpers/authz-supervision.js';

const PUBLIC = new Set([
  'GET /api/health', 'GET /api/health/live', 'GET /api/health/ready', 'POST /api/auth/login', 'POST /api/auth/login/code', 'POST /api/auth/login/enrolment', 'POST /api/auth/login/enrolment/confirm', 'GET /api/public/sites', 'GET /api/public/windows', 'GET /api/catalog/search',
  'GET /api/public/guide/{id}', 'GET /api/public/bundles', 'GET /api/public/bundles/{id}', 'GET /api/public/life-events', 'GET /api/public/files/{id}',
  'GET /api/public/progress/{caseNo}',
  'GET /api/public/queue/kiosk', 'POST /api/public/queue/tickets', 'GET /api/public/queue/tickets/{token}', 'GET /api/public/queue/board',
  'GET /api/public/queue/stream', 'GET /api/public/appointments/days', 'GET /api/public/appointments/slots', 'POST /api/public/appointments',
  'POST /api/public/appointments/cancel',
  ...SUPERVISION_PUBLIC, ...RATINGS_PUBLIC,
  'GET /api/public/licenses/{code}', 'POST /api/public/licenses/{code}/check',
  'GET /api/portal/auth/options', 'POST /api/portal/auth/code', 'POST /api/portal/auth/login', 'GET /api/portal/auth/oidc/start', 'GET /api/portal/auth/oidc/callback',
]);
/** The applicant's own operations: a portal session, not a staff one. */
const APPLICANT_ONLY = (path: string) => path.startsWith('/api/portal/');

/** Every operation in the OpenAPI document, with path parameters filled in. */
function operations(doc: { paths: Record<string, Record<string, unknown>> }, fill: (name: string) => string) {
  const out: { method: string; path: string; url: string }[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      out.push({ method: method.toUpperCase(), path, url: path.replace(/\{(\w+)\}/g, (_, n: string) => fill(n)) });
    }
  }
  return out;
}

forEachDatabase('platform', (ctx) => {
  test('a prepared statement answers as the plain one, past the generic-plan threshold, in and out of a transaction', async () => {
    const { db, tx } = ctx.services.database;
    const q = (id: number) => sql`select u.id, u.username, u.roles, u.created_at as "createdAt" from users u where u.id = ${id}`;
    const [admin] = await rows<{ id: number }>(db, sql`select id from users where username = 'admin'`);
    const plain = await rows(db, q(admin!.id));
    for (let i = 0; i < 8; i++) assert.deepEqual(await preparedRows(db, 'test_user', q(admin!.id)), plain);
    assert.deepEqual(await tx((t) => preparedRows(t, 'test_user', q(admin!.id))), plain);
    assert.deepEqual(await preparedRows(db, 'test_user', q(-1)), []);
    // the same label with another text is another statement, not an error
    assert.deepEqual(await preparedRows(db, 'test_user', sql`select ${'x'}::text as v`), [{ v: 'x' }]);
  });

  test("a prepared statement survives a migration that changes the type of a column it returns", async () => {
    const { db } = ctx.services.database;
    await db.execute(sql`create table if not exists prep_probe (id int primary key, v varchar(10))`);
    await db.execute(sql`insert into prep_probe values (1, 'a') on conflict do nothing`);
    try {
      const q = sql`select id, v from prep_probe where id = ${1}`;
      // prepared on every pooled connection that serves these
      await Promise.all(Array.from({ length: 12 }, () => preparedRows(db, 'test_probe', q)));
      await db.execute(sql`alter table prep_probe alter column v type text`);
      for (let i = 0; i < 12; i++) assert.deepEqual(await preparedRows(db, 'test_probe', q), [{ id: 1, v: 'a' }]);
    } finally {
      await db.execute(sql`drop table prep_probe`);
    }
  });

  test('health checks the database; OpenAPI and its docs UI are served', async () => {
    const c = ctx.anonymous();
    const h = await c.get('/api/health');
    assert.equal(h.status, 200);
    assert.deepEqual(h.body, { status: 'ok', database: ctx.kind });
    const doc = await c.get('/api/openapi.json');
    assert.equal(doc.status, 200);
    assert.equal(doc.body.openapi.slice(0, 2), '3.');
    assert.ok(doc.body.paths['/api/users']);
    assert.ok(doc.body.paths['/api/auth/login'].post.requestBody);
    const ui = await c.get('/api/docs/');
    assert.ok(ui.status === 200 || ui.status === 302, String(ui.status));
  });

  test('liveness answers without the database; readiness needs the database and every migration of this build', async () => {
    const c = ctx.anonymous();
    const live = await c.get('/api/health/live');
    assert.equal(live.status, 200);
    assert.deepEqual(live.body, { status: 'ok' });
    assert.equal(live.headers['cache-control'], 'no-store');
    const ready = await c.get('/api/health/ready');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { status: 'ok', database: ctx.kind });
    // the newest migration recorded as older than this build's: not ready (a database restored from an old
    // backup, or another server still migrating), 503 with Retry-After; /api/health says the same
    const { db } = ctx.services.database;
    const newest = sql`(select max(created_at) from drizzle.__drizzle_migrations)`;
    await db.execute(sql`update drizzle.__drizzle_migrations set created_at = created_at - 10000000000000 where created_at = ${newest}`);
    try {
      for (const url of ['/api/health/ready', '/api/health']) {
        const stale = await c.get(url);
        assert.equal(stale.status, 503, url);
        assert.equal(stale.body.code, 'DATABASE_NOT_MIGRATED');
        assert.match(stale.body.message, /数据库尚未升级/);
        assert.equal(stale.headers['retry-after'], '3');
      }
      assert.equal((await c.get('/api/health/live')).status, 200);
    } finally {
      await db.execute(sql`update drizzle.__drizzle_migrations set created_at = created_at + 10000000000000 where created_at < 0`);
    }
    assert.equal((await c.get('/api/health/ready')).status, 200);
  });

  test('database errors answer by SQLSTATE through the ORM wrapper: unique 409 naming the field, FK 409, data 400, conflict 409, shutdown 503', async () => {
    const { database } = ctx.services;
    // the real error handler in front of statements that fail in the database itself (no service pre-check)
    const app = Fastify({ logger: false });
    installErrorHandling(app);
    const fail = (q: ReturnType<typeof sql>) => async () => {
      await database.tx((tx) => rows(tx, q));
      return { ok: true };
    };
    const [dept] = await rows<{ code: string; name: string }>(database.db, sql`select code, name from departments order by id limit 1`);
    const raise = (code: string) => sql.raw(`do $$ begin raise exception 'forced' using errcode = '${code}'; end $$`);
    app.get('/dup-code', async () => {
      await database.tx((tx) => tx.insert(departments).values({ code: dept!.code, name: '另一个部门', shortName: '另一个' }));
    });
    app.get('/dup-name', fail(sql`insert into departments (code, name, short_name) values ('ZZ-NEW', ${dept!.name}, 'x')`));
    app.get('/dup-key', fail(sql`insert into departments (code, name, short_name) select code, name || '2', 'x' from departments where id = (select min(id) from departments)`));
    // two submissions with one client key raced: the loser is told to reload (CONFLICT), not "already exists"
    app.get('/dup-client-key', fail(sql.raw(`do $$ begin create temp table probe_t (k text constraint probe_client_key_uq unique) on commit drop; insert into probe_t values ('a'), ('a'); end $$`)));
    app.get('/fk', fail(sql`delete from departments where id = (select department_id from users where department_id is not null limit 1)`));
    app.get('/nul', fail(sql`select ${'张\u0000三'}::text as v`));
    app.get('/int', fail(sql`select ${'abc'}::int as v`));
    app.get('/range', fail(sql`select ${'99999999999'}::int as v`));
    app.get('/date', fail(sql`select ${'2026-13-45'}::date as v`));
    app.get('/long', fail(sql.raw(`do $$ declare v varchar(10); begin v := '${'x'.repeat(50)}'; end $$`)));
    app.get('/serialization', fail(raise('40001')));
    app.get('/deadlock', fail(raise('40P01')));
    app.get('/admin-shutdown', fail(raise('57P01')));
    app.get('/cannot-connect', fail(raise('57P03')));
    app.get('/other', fail(raise('P0001')));
    await app.ready();
    const get = async (url: string, lang = 'zh-CN') => {
      const r = await app.inject({ url, headers: { 'accept-language': lang } });
      return { status: r.statusCode, body: r.json() as { code: string; message: string }, retryAfter: r.headers['retry-after'] };
    };
    try {
      const expect: [string, number, string, RegExp?][] = [
        ['/dup-code', 409, 'DUPLICATE', /^部门编码已存在$/],
        ['/dup-name', 409, 'DUPLICATE', /^部门名称已存在$/],
        ['/dup-key', 409, 'DUPLICATE', /^部门编码已存在$/],
        ['/fk', 409, 'REFERENCE_IN_USE'],
        ['/nul', 400, 'VALIDATION_FAILED', /取值不正确/],
        ['/int', 400, 'VALIDATION_FAILED'],
        ['/range', 400, 'VALIDATION_FAILED'],
        ['/date', 400, 'VALIDATION_FAILED'],
        ['/long', 400, 'VALIDATION_FAILED'],
        ['/serialization', 409, 'CONFLICT'],
        ['/deadlock', 409, 'CONFLICT'],
        ['/admin-shutdown', 503, 'DATABASE_UNAVAILABLE', /数据库暂不可用/],
        ['/cannot-connect', 503, 'DATABASE_UNAVAILABLE'],
        ['/other', 500, 'INTERNAL_ERROR'],
      ];
      for (const [url, status, code, message] of expect) {
        const r = await get(url);
        assert.equal(r.status, status, `${url}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.code, code, url);
        if (message) assert.match(r.body.message, message, url);
        assert.equal(r.retryAfter, status === 503 ? '3' : undefined, url);
      }
      assert.equal((await get('/dup-code', 'en')).body.message, 'Department code already exists');
      const raced = await get('/dup-client-key');
      assert.deepEqual([raced.status, raced.body.code], [409, 'CONFLICT']);
    } finally {
      await app.close();
    }
  });

  test('every non-public API without a session answers 401 with a code', async () => {
    const c = ctx.anonymous();
    const doc = (await c.get('/api/openapi.json')).body;
    const ops = operations(doc, (n) => (n === 'date' ? '2026-10-01' : n === 'year' ? '2026' : '1'));
    assert.ok(ops.length >= 25, `only ${ops.length} operations documented`);
    for (const op of ops) {
      if (PUBLIC.has(`${op.method} ${op.path}`) || op.path.startsWith('/api/docs')) continue;
      const res = await c.request(op.method, op.url, op.method === 'GET' || op.method === 'DELETE' ? undefined : {});
      assert.equal(res.status, 401, `${op.method} ${op.url}`);
      assert.equal(res.body.code, APPLICANT_ONLY(op.path) ? 'APPLICANT_SESSION_REQUIRED' : 'AUTH_REQUIRED', `${op.method} ${op.url}`);
      assert.equal(res.body.message, '请先登录');
    }
  });

  test('bad input never answers 500: garbage bodies, ids and query strings on every operation', async () => {
    const admin = await ctx.client('admin');
    const doc = (await admin.get('/api/openapi.json')).body;
    const bodies: unknown[] = [{}, [], 'text', 42, null, { id: 'x', name: { a: 1 }, roles: 'admin', code: '' }, { kind: 'holiday', note: 'x'.repeat(5000) }];
    const ids = ['abc', '-1', '0', '99999999999999', '1.5', '%00', '2026-13-45'];
    let calls = 0;
    for (const fill of ids) {
      for (const op of operations(doc, () => encodeURIComponent(fill))) {
        if (op.path.startsWith('/api/auth/logout') || op.path.startsWith('/api/docs')) continue;
        if (op.path === '/api/auth/login' && fill !== ids[0]) continue; // the login rate limit would answer 429
        for (const body of op.method === 'GET' || op.method === 'DELETE' ? [undefined] : bodies) {
          const res = await admin.request(op.method, `${op.url}${op.method === 'GET' ? '?page=-1&pageSize=abc&year=x&siteId=%27' : ''}`, body === undefined ? undefined : JSON.stringify(body), { 'content-type': 'application/json' });
          calls++;
          assert.ok(res.status < 500, `${op.method} ${op.url} ${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`);
          if (res.status >= 400) {
            assert.ok(res.body.code && res.body.message && res.body.requestId, `${op.method} ${op.url}: error without code`);
            assert.match(res.body.message, /[\u4e00-\u9fa5]/, `${op.method} ${op.url}: message not in Chinese`);
          }
        }
      }
    }
    assert.ok(calls > 300);
  });

  test('malformed JSON, wrong content type and unknown routes answer with codes', async () => {
    const admin = await ctx.client('admin');
    const bad = await admin.request('POST', '/api/departments', '{"code": "X', { 'content-type': 'application/json' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'MALFORMED_JSON');
    const xml = await admin.request('POST', '/api/departments', '<x/>', { 'content-type': 'application/xml' });
    assert.equal(xml.status, 415);
    assert.equal(xml.body.code, 'UNSUPPORTED_MEDIA_TYPE');
    // The web app is served for page paths (history mode); unknown API paths stay JSON errors.
    for (const page of ['/', '/portal', '/staff/home']) {
      const html = await ctx.anonymous().get(page);
      assert.equal(html.status, 200, page);
      assert.match(String(html.headers['content-type']), /text\/html/, page);
    }
    assert.equal((await ctx.anonymous().get('/api/nothing-here')).body.code, 'ROUTE_NOT_FOUND');
    const none = await admin.get('/api/nothing-here');
    assert.equal(none.status, 404);
    assert.equal(none.body.code, 'ROUTE_NOT_FOUND');
    const invalid = await admin.post('/api/departments', { code: 'A B', name: '', shortName: 'x', extra: 1 });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.code, 'VALIDATION_FAILED');
    assert.match(invalid.body.message, /^请求参数不正确/);
    const en = await admin.request('POST', '/api/departments', { code: 'A B' }, { 'accept-language': 'en' });
    assert.match(en.body.message, /^Invalid request/);
  });
});
