/**
 * Applicant accounts (issue 16.1) through HTTP on both engines: SMS code sign-in, portal sessions apart from staff
 * sessions, real-name details validated and masked, legal persons and their agents, throttles and codes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db.js';
import { citizenIdCheckChar, usccCheckChar } from '../../common/validators.js';
import { maskCitizenId } from '../../common/masking.js';
import { forEachDatabase } from '../helpers/app.js';
import { applicantClient, smsCode } from '../helpers/applicants.js';

const idOf = (first17: string) => first17 + citizenIdCheckChar(first17);
const usccOf = (first17: string) => first17 + usccCheckChar(first17);

forEachDatabase('applicant accounts', (ctx) => {
  test('a citizen signs in with the SMS code; the account is the phone, masked when shown', async () => {
    const c = ctx.anonymous();
    assert.equal((await c.get('/api/portal/me')).status, 401);
    const sent = await c.post('/api/portal/auth/code', { phone: '+86 139 0000 1001' });
    assert.deepEqual(sent.body, { expiresInSeconds: 300, resendAfterSeconds: 60 });
    const code = await smsCode(ctx, '13900001001');
    const wrong = code === '000000' ? '111111' : '000000';
    const bad = await c.post('/api/portal/auth/login', { phone: '13900001001', code: wrong });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'APPLICANT_CODE_INVALID');
    const ok = await c.post('/api/portal/auth/login', { phone: '13900001001', code });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.applicant.phone, '139****1001');
    assert.equal(ok.body.applicant.verified, false);
    assert.ok(c.applicantCookie && !c.cookie, 'a portal cookie, not a staff one');
    const again = await c.post('/api/portal/auth/login', { phone: '13900001001', code });
    assert.equal(again.body.code, 'APPLICANT_CODE_INVALID', 'a code is used once');
    c.csrf = ok.body.csrfToken;
    assert.equal((await c.get('/api/portal/me')).body.applicant.phone, '139****1001');
  });

  test('sessions do not cross: a portal session opens no staff route, a staff session no portal route', async () => {
    const applicant = await applicantClient(ctx, '13900001002');
    assert.equal((await applicant.get('/api/cases')).status, 401);
    assert.equal((await applicant.get('/api/auth/me')).status, 401);
    const clerk = await ctx.client('clerk1');
    assert.equal((await clerk.get('/api/portal/me')).status, 401);
    const noCsrf = await applicant.request('PUT', '/api/portal/me/real-name', { realName: '张三', idNumber: idOf('11010519491231002') }, { 'x-csrf-token': 'wrong' });
    assert.equal(noCsrf.status, 403);
    assert.equal(noCsrf.body.code, 'CSRF_INVALID');
    assert.equal((await applicant.post('/api/portal/auth/logout')).status, 204);
    assert.equal((await applicant.get('/api/portal/me')).status, 401);
  });

  test('codes: one a minute per number, a day limit, burnt after five wrong tries', async () => {
    const c = ctx.anonymous();
    assert.equal((await c.post('/api/portal/auth/code', { phone: '13900001003' })).status, 200);
    const soon = await c.post('/api/portal/auth/code', { phone: '13900001003' });
    assert.equal(soon.status, 429);
    assert.equal(soon.body.code, 'APPLICANT_CODE_TOO_SOON');
    assert.match(soon.body.message, /\d+ 秒后/);
    const code = await smsCode(ctx, '13900001003');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) await c.post('/api/portal/auth/login', { phone: '13900001003', code: wrong });
    assert.equal((await c.post('/api/portal/auth/login', { phone: '13900001003', code })).body.code, 'APPLICANT_CODE_INVALID', 'burnt');
    ctx.clock.advance(61_000);
    assert.equal((await c.post('/api/portal/auth/code', { phone: '13900001003' })).status, 200, 'a new code after the wait');
    assert.equal((await c.post('/api/portal/auth/code', { phone: '1390000100' })).body.code, 'VALIDATION_FAILED');
    assert.equal((await c.post('/api/portal/auth/code', { phone: '12900001003' })).body.code, 'APPLICANT_PHONE_INVALID');
  });

  test('real-name details are validated, unique, masked on the way out, and audited', async () => {
    const a = await applicantClient(ctx, '13900001004');
    const badId = await a.put('/api/portal/me/real-name', { realName: '李四', idNumber: '110105194912310021' });
    assert.equal(badId.status, 400);
    assert.equal(badId.body.code, 'APPLICANT_ID_INVALID');
    const id = idOf('44010319850612341');
    const ok = await a.put('/api/portal/me/real-name', { realName: '李四', idNumber: id });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.verified, true);
    assert.equal(ok.body.idNumber, maskOf(id));
    assert.ok(!JSON.stringify((await a.get('/api/portal/me')).body).includes(id), 'the whole number never leaves the server');
    const b = await applicantClient(ctx, '13900001005');
    const taken = await b.put('/api/portal/me/real-name', { realName: '王五', idNumber: id });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, 'APPLICANT_ID_TAKEN');
    const [audit] = await rows<{ actor_name: string; data: { idNumber: string } }>(ctx.services.database.db, sql`select actor_name, data from audit_log where kind = 'applicant.real_name_set' order by id desc limit 1`);
    assert.match(audit!.actor_name, /^申请人#\d+:李\*$/);
    assert.equal(audit!.data.idNumber, maskOf(id));
  });

  test('a legal person: registered by its representative, agents granted by phone and revoked; others see nothing', async () => {
    const rep = await applicantClient(ctx, '13900001006');
    const uscc = usccOf('91440103MA5CXXXX0');
    assert.equal((await rep.post('/api/portal/entities', { uscc, name: '广州市荔湾区示例贸易有限公司', legalRepName: '赵六' })).body.code, 'APPLICANT_REAL_NAME_REQUIRED');
    await rep.put('/api/portal/me/real-name', { realName: '赵六', idNumber: idOf('44010319800101123') });
    assert.equal((await rep.post('/api/portal/entities', { uscc, name: '广州市荔湾区示例贸易有限公司', legalRepName: '钱七' })).body.code, 'ENTITY_NOT_LEGAL_REP');
    assert.equal((await rep.post('/api/portal/entities', { uscc: uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0'), name: '某公司', legalRepName: '赵六' })).body.code, 'ENTITY_USCC_INVALID');
    const e = await rep.post('/api/portal/entities', { uscc, name: '广州市荔湾区示例贸易有限公司', legalRepName: '赵六' });
    assert.equal(e.status, 200);
    assert.equal(e.body.role, 'legal_rep');
    const dup = await rep.post('/api/portal/entities', { uscc, name: '另一家', legalRepName: '赵六' });
    assert.equal(dup.status, 409);

    const granted = await rep.post(`/api/portal/entities/${e.body.id}/agents`, { phone: '13900001007' });
    assert.equal(granted.status, 200);
    assert.deepEqual(granted.body.map((m: { role: string; phone: string }) => [m.role, m.phone]), [['legal_rep', '139****1006'], ['agent', '139****1007']]);
    const agent = await applicantClient(ctx, '13900001007');
    const mine = (await agent.get('/api/portal/me')).body.entities;
    assert.deepEqual(mine.map((x: { name: string; role: string }) => [x.name, x.role]), [['广州市荔湾区示例贸易有限公司', 'agent']]);
    assert.equal((await agent.get(`/api/portal/entities/${e.body.id}/members`)).status, 404, 'an agent does not manage the entity');
    const stranger = await applicantClient(ctx, '13900001008');
    assert.equal((await stranger.post(`/api/portal/entities/${e.body.id}/agents`, { phone: '13900001008' })).status, 404);

    const agentId = granted.body[1].applicantId;
    const revoked = await rep.del(`/api/portal/entities/${e.body.id}/agents/${agentId}`);
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body[1].revokedAt);
    assert.deepEqual((await agent.get('/api/portal/me')).body.entities, []);
    assert.equal((await rep.del(`/api/portal/entities/${e.body.id}/agents/${agentId}`)).status, 404, 'revoked once');
  });

  test('an idle portal session ends; the staff clock rules it', async () => {
    const a = await applicantClient(ctx, '13900001009');
    ctx.clock.advance(121 * 60_000);
    const res = await a.get('/api/portal/me');
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'APPLICANT_SESSION_REQUIRED');
  });
});

const maskOf = (id: string) => maskCitizenId(id);
