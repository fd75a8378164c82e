/**
 * Issue 14's input reproductions, each answered 400/409 with {code, message} instead of 500: NUL and lone
 * surrogates in text, ids beyond int4, 1e400, unknown and read-only properties, a bundle renamed onto another's code.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { IntakeForm } from '../../server/modules/cases/cases.schemas.js';
import { forEachDatabase, type Client, type TestContext } from '../helpers/app.js';
import { PERSON_ID, USCC, subItemIdOf } from '../helpers/case-flow.js';

/** Sends `text` as the raw JSON body (JSON.stringify cannot write a lone surrogate escape or 1e400). */
async function raw(ctx: TestContext, c: Client | null, method: 'POST' | 'PUT' | 'PATCH', url: string, text: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (c?.cookie) headers.cookie = c.cookie;
  if (c?.csrf) headers['x-csrf-token'] = c.csrf;
  const res = await ctx.app.inject({ method, url, headers, payload: text });
  return { status: res.statusCode, body: JSON.parse(res.body || 'null') };
}

const assertRefused = (r: { status: number; body: { code?: string; message?: string } }, status = 400, code = 'VALIDATION_FAILED') => {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body.code, code);
  assert.equal(typeof r.body.message, 'string');
  assert.ok((r.body.message ?? '').length > 0);
};

forEachDatabase('input hardening (issue 14)', (ctx) => {
  test('login with a NUL or a lone surrogate in the username: 400, not 500', async () => {
    const anon = ctx.anonymous();
    assertRefused(await anon.post('/api/auth/login', { username: 'clerk1\u0000', password: 'x' }));
    assertRefused(await raw(ctx, null, 'POST', '/api/auth/login', '{"username":"clerk1\\ud800","password":"x"}'));
    assertRefused(await raw(ctx, null, 'POST', '/api/auth/login', '{"username":"clerk1","password":"x\\udfff"}'));
    // a proper pair of surrogates (an emoji) is a character like any other: the login just fails
    assert.equal((await raw(ctx, null, 'POST', '/api/auth/login', '{"username":"clerk1\\ud83d\\ude00","password":"x"}')).status, 401);
  });

  test('an intake with a NUL in the applicant name is refused before any write; the same intake without it is accepted', async () => {
    const clerk = await ctx.client('clerk1');
    const food = await subItemIdOf(clerk, '食品经营许可', '食品经营许可（新办）');
    const form = (await clerk.get(`/api/cases/intake-form?subItemIds=${food}`)).body as IntakeForm;
    const materials = form.materials.map((m) => ({ materialId: m.materialId, status: 'received' as const }));
    const body = (name: string) => ({
      clientKey: randomUUID(), channel: 'window', applicantType: 'entity',
      applicant: { name, idNo: USCC, phone: '13912345678' }, agent: { name: '王小明', idNo: PERSON_ID, phone: '13800138000' },
      subItemIds: [food], materials, outcome: 'accept',
    });
    const before = (await clerk.get('/api/cases?pageSize=1')).body.total as number;
    const bad = await clerk.post('/api/cases', body('示范区好味道\u0000餐饮有限公司'));
    assertRefused(bad);
    assert.match(bad.body.message, /applicant\.name/);
    assertRefused(await clerk.post('/api/cases', body('示范区好味道\u0007餐饮有限公司')));
    assertRefused(await clerk.post('/api/cases', { ...body('示范区好味道餐饮有限公司'), applicant: { name: '好味道', idNo: `${USCC}\u0000`, phone: '13912345678' } }));
    assertRefused(await clerk.post('/api/cases', { ...body('好味道'), agent: { name: '王小明', idNo: PERSON_ID, phone: '1380013800\u0000' } }));
    assertRefused(await raw(ctx, clerk, 'POST', '/api/cases', JSON.stringify(body('好味道')).replace('好味道', '好味道\\ud800')));
    assert.equal((await clerk.get('/api/cases?pageSize=1')).body.total, before, 'nothing was written');
    const ok = await clerk.post('/api/cases', body('示范区好味道餐饮有限公司𠀀😀'));
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
  });

  test('case search and other query strings refuse NUL; a multi-line note keeps its line breaks, a name does not', async () => {
    const clerk = await ctx.client('clerk1');
    assertRefused(await clerk.get('/api/cases?q=%00'));
    assertRefused(await clerk.get('/api/cases?q=abc%01'));
    assertRefused(await clerk.get('/api/cases/inbox?q=%7F'));
    assertRefused(await ctx.anonymous().get('/api/catalog/search?q=%E9%A3%9F%00'));
    assert.equal((await clerk.get('/api/cases?q=%E9%A3%9F%E5%93%81')).status, 200);
    const admin = await ctx.client('catalog1');
    const created = await admin.post('/api/catalog/materials', { code: 'IH01', name: '输入测试材料', description: '第一行\n第二行\t制表', sampleNote: '', licenseType: null, source: 'applicant' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.description, '第一行\n第二行\t制表');
    assertRefused(await admin.post('/api/catalog/materials', { code: 'IH02', name: '输入\n测试', description: '', sampleNote: '', licenseType: null, source: 'applicant' }));
    assertRefused(await admin.post('/api/catalog/materials', { code: 'IH02', name: '输入测试二', description: '\u0000', sampleNote: '', licenseType: null, source: 'applicant' }));
  });

  test('ids and integers beyond their column type are 400: 99999999999, 2^63, negative, 1e400', async () => {
    const admin = await ctx.client('admin');
    assertRefused(await admin.get('/api/windows?siteId=99999999999'));
    assertRefused(await admin.get('/api/windows?siteId=9223372036854775808'));
    assertRefused(await admin.get('/api/windows?siteId=-1'));
    assertRefused(await admin.get('/api/windows?siteId=1e400'));
    assertRefused(await ctx.anonymous().get('/api/public/windows?siteId=2147483648'));
    assert.equal((await admin.get('/api/windows?siteId=2147483647')).status, 200);
    assertRefused(await admin.get('/api/users/99999999999'));
    assertRefused(await admin.get('/api/users/-3'));
    assertRefused(await raw(ctx, admin, 'POST', '/api/windows', '{"siteId":1e400,"code":"W99","name":"测试窗口","kind":"intake","categories":["business"]}'));
    assertRefused(await raw(ctx, admin, 'POST', '/api/windows', '{"siteId":9223372036854775808,"code":"W99","name":"测试窗口","kind":"intake","categories":["business"]}'));
    assertRefused(await raw(ctx, admin, 'POST', '/api/windows', '{"siteId":-1e400,"code":"W99","name":"测试窗口","kind":"intake","categories":["business"]}'));
    const clerk = await ctx.client('clerk1');
    assertRefused(await raw(ctx, clerk, 'POST', '/api/cases/1/actions/start_special', '{"kind":"hearing","reason":"x","expectedDays":1e400}'));
    assertRefused(await raw(ctx, clerk, 'POST', '/api/handovers', `{"departmentId":1,"caseIds":[1e400],"clientKey":"${randomUUID()}"}`));
    const guide = await ctx.client('guide1');
    assertRefused(await raw(ctx, guide, 'PUT', '/api/queue/slots/1', '{"capacity":1e400}'));
    assertRefused(await guide.get('/api/queue/stats?siteId=1&targetWaitMinutes=1e400'));
  });

  test('unknown and read-only properties are 400; PATCH of a material cannot change its code or timestamps', async () => {
    const admin = await ctx.client('catalog1');
    const list = (await admin.get('/api/catalog/materials')).body.items as { id: number; code: string; name: string; createdAt: string }[];
    const m = list[0]!;
    assertRefused(await admin.patch(`/api/catalog/materials/${m.id}`, { code: 'HACKED' }));
    assertRefused(await admin.patch(`/api/catalog/materials/${m.id}`, { createdAt: '2020-01-01T00:00:00Z' }));
    assertRefused(await admin.patch(`/api/catalog/materials/${m.id}`, { id: 1 }));
    assertRefused(await admin.patch(`/api/catalog/materials/${m.id}`, { description: '改', updatedAt: '2020-01-01' }));
    const items = (await admin.get('/api/catalog/items?pageSize=1')).body.items as { id: number }[];
    assertRefused(await admin.patch(`/api/catalog/items/${items[0]!.id}`, { createdAt: '2020-01-01' }));
    assertRefused(await admin.get('/api/catalog/materials?q=a&hacked=1'));
    const ok = await admin.patch(`/api/catalog/materials/${m.id}`, { description: '说明已更新' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.code, m.code);
    assert.equal(ok.body.description, '说明已更新');
    const after = ((await admin.get('/api/catalog/materials')).body.items as typeof list).find((x) => x.id === m.id)!;
    assert.equal(after.code, m.code);
    assert.equal(after.createdAt, m.createdAt);
    const anon = ctx.anonymous();
    assertRefused(await anon.post('/api/auth/login', { username: 'clerk1', password: 'x', admin: true }));
    assertRefused(await anon.post('/api/auth/login', [{ username: 'clerk1', password: 'x' }]));
  });

  test('a bundle renamed onto another bundle\'s code is 409 DUPLICATE, like creating it', async () => {
    const admin = await ctx.client('catalog1');
    const bundles = (await admin.get('/api/catalog/bundles')).body.items as { id: number; code: string }[];
    assert.ok(bundles.length >= 2);
    const [a, b] = bundles as [{ id: number; code: string }, { id: number; code: string }];
    const detail = (await admin.get(`/api/catalog/bundles/${a.id}`)).body;
    const body = {
      code: b.code, name: detail.bundle.name, description: detail.bundle.description, lifeEvent: detail.bundle.lifeEvent,
      kind: detail.bundle.kind, subItemIds: detail.members.map((x: { subItem: { id: number } }) => x.subItem.id),
    };
    assertRefused(await admin.post('/api/catalog/bundles', body), 409, 'DUPLICATE');
    assertRefused(await admin.put(`/api/catalog/bundles/${a.id}`, body), 409, 'DUPLICATE');
    // its own code is no conflict
    const same = await admin.put(`/api/catalog/bundles/${a.id}`, { ...body, code: a.code });
    assert.equal(same.status, 200, JSON.stringify(same.body));
    assert.equal(((await admin.get(`/api/catalog/bundles/${a.id}`)).body.bundle.code), a.code);
  });

  test('dates must exist: 2026-02-30 and 2026-13-01 are 400, the year stays in 1900–2199', async () => {
    const admin = await ctx.client('admin');
    assertRefused(await admin.get('/api/calendar/deadline?start=2026-02-30&limit=5'));
    assertRefused(await admin.get('/api/calendar/deadline?start=2026-13-01&limit=5'));
    assertRefused(await admin.get('/api/calendar/deadline?start=0000-01-01&limit=5'));
    assertRefused(await admin.get('/api/calendar/deadline?start=2026-12-07%00&limit=5'));
    assert.equal((await admin.get('/api/calendar/deadline?start=2024-02-29&limit=5')).status, 200);
  });
}, { MFA_REQUIRED_ROLES: 'none' }); // the demo admin signs in with a password only here (the second factor has its own tests)
