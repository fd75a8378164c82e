import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from '../helpers/app.js';
import { preparedRows, rows, sql } from '../../server/platform/db.js';

import { RATINGS_PUBLIC } from '../helpers/authz-ratings.js';
import { SUPERVISION_PUBLIC } from '../helpers/authz-supervision.js';

const PUBLIC = new Set([
  'GET /api/health', 'POST /api/auth/login', 'GET /api/public/sites', 'GET /api/public/windows', 'GET /api/catalog/search',
  'GET /api/public/guide/{id}', 'GET /api/public/bundles', 'GET /api/public/bundles/{id}', 'GET /api/public/life-events', 'GET /api/public/files/{id}',
  'GET /api/public/progress/{caseNo}',
  'GET /api/public/queue/kiosk', 'POST /api/public/queue/tickets', 'GET /api/public/queue/tickets/{token}', 'GET /api/public/queue/board',
  'GET /api/public/queue/stream', 'GET /api/public/appointments/days', 'GET /api/public/appointments/slots', 'POST /api/public/appointments',
  'POST /api/public/appointments/cancel',
  ...SUPERVISION_PUBLIC, ...RATINGS_PUBLIC,
]);

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

  test('every non-public API without a session answers 401 with a code', async () => {
    const c = ctx.anonymous();
    const doc = (await c.get('/api/openapi.json')).body;
    const ops = operations(doc, (n) => (n === 'date' ? '2026-10-01' : n === 'year' ? '2026' : '1'));
    assert.ok(ops.length >= 25, `only ${ops.length} operations documented`);
    for (const op of ops) {
      if (PUBLIC.has(`${op.method} ${op.path}`) || op.path.startsWith('/api/docs')) continue;
      const res = await c.request(op.method, op.url, op.method === 'GET' || op.method === 'DELETE' ? undefined : {});
      assert.equal(res.status, 401, `${op.method} ${op.url}`);
      assert.equal(res.body.code, 'AUTH_REQUIRED', `${op.method} ${op.url}`);
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
