/**
 * 查看完整个人信息: the audited "view full" of a masked ID number or phone, with a stated reason, for
 * the roles that call or identify applicants — in their scope only; everyone else 403/404.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { forEachDatabase, type Client } from '../helpers/app.js';
import { PERSON_ID, USCC, acceptCase, subItemIdOf } from '../helpers/case-flow.js';

forEachDatabase('view full (reveal)', (ctx) => {
  let clerk: Client;
  let caseId: number;
  let caseNo: string;

  before(async () => {
    clerk = await ctx.client('clerk1');
    const food = await subItemIdOf(clerk, '食品经营许可', '食品经营许可（新办）');
    ({ id: caseId, caseNo } = await acceptCase(clerk, food));
  });

  test('the case page shows masked values; a clerk sees the full phone with a reason, audited in the same transaction', async () => {
    const detail = (await clerk.get(`/api/cases/${caseId}`)).body;
    assert.equal(detail.applicantPhone, '139****5678');
    assert.ok(!JSON.stringify(detail).includes('13912345678'), 'no full phone in the case detail');
    assert.ok(!JSON.stringify(detail).includes(PERSON_ID), 'no full agent ID in the case detail');

    const res = await clerk.post(`/api/cases/${caseId}/reveal`, { field: 'applicantPhone', reason: '电话通知申请人补交材料' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { field: 'applicantPhone', value: '13912345678' });
    const agentId = await clerk.post(`/api/cases/${caseId}/reveal`, { field: 'agentIdNo', reason: '核对代理人身份' });
    assert.equal(agentId.body.value, PERSON_ID);
    const uscc = await clerk.post(`/api/cases/${caseId}/reveal`, { field: 'applicantIdNo', reason: '核对营业执照' });
    assert.equal(uscc.body.value, USCC);

    const supervisor = await ctx.client('supervisor1');
    const trail = (await supervisor.get(`/api/audit/events?kind=case.pii_revealed&aggregateType=case&aggregateId=${caseId}&pageSize=50`)).body.items;
    assert.equal(trail.length, 3);
    const phone = trail.find((e: { data: { field: string } }) => e.data.field === 'applicantPhone');
    assert.equal(phone.data.reason, '电话通知申请人补交材料');
    assert.equal(phone.data.caseNo, caseNo);
    assert.match(phone.actorName, /clerk1/);
    assert.equal(phone.summary, `查看完整个人信息：${caseNo} 申请人联系电话，原因：电话通知申请人补交材料`);
    // The record names the field and the reason, never the value.
    assert.ok(!JSON.stringify(trail).includes('13912345678'));
    assert.ok(!JSON.stringify(trail).includes(PERSON_ID));
  });

  test('a reason is required; unknown fields and extra keys are refused', async () => {
    const none = await clerk.post(`/api/cases/${caseId}/reveal`, { field: 'applicantPhone', reason: '' });
    assert.equal(none.status, 400);
    assert.equal(none.body.code, 'VALIDATION_FAILED');
    const blank = await clerk.post(`/api/cases/${caseId}/reveal`, { field: 'applicantPhone', reason: '  ' });
    assert.equal(blank.status, 400);
    assert.equal(blank.body.code, 'CASE_REASON_REQUIRED');
    assert.equal(blank.body.message, '请填写查看原因');
    assert.equal((await clerk.post(`/api/cases/${caseId}/reveal`, { field: 'passwordHash', reason: '看看' })).status, 400);
    assert.equal((await clerk.post(`/api/cases/${caseId}/reveal`, { field: 'applicantPhone', reason: '看看', value: 'x' })).status, 400);
  });

  test('roles that do not call applicants are refused (403); staff outside the scope get 404; nothing is audited for them', async () => {
    const body = { field: 'applicantPhone', reason: '想看看' };
    for (const username of ['guide1', 'supervisor1', 'jijian1', 'catalog1', 'admin']) {
      const res = await (await ctx.client(username)).post(`/api/cases/${caseId}/reveal`, body);
      assert.equal(res.status, 403, `${username}: ${res.status}`);
      assert.equal(res.body.code, 'FORBIDDEN');
    }
    // another department's approver, a street centre's clerk: the case is not theirs
    assert.equal((await (await ctx.client('approver_wjj')).post(`/api/cases/${caseId}/reveal`, body)).status, 404);
    assert.equal((await (await ctx.client('clerk_dh')).post(`/api/cases/${caseId}/reveal`, body)).status, 404);
    assert.equal((await clerk.post('/api/cases/99999999/reveal', body)).status, 404);
    assert.equal((await ctx.anonymous().post(`/api/cases/${caseId}/reveal`, body)).status, 401);
    const supervisor = await ctx.client('supervisor1');
    const trail = (await supervisor.get(`/api/audit/events?kind=case.pii_revealed&pageSize=50`)).body.items;
    assert.ok(trail.every((e: { data: { reason: string } }) => e.data.reason !== '想看看'));
  });

  test("the department's approver and the delivery clerk may reveal; the ability reaches the UI", async () => {
    const approver = await ctx.client('approver_scjg');
    assert.ok((await approver.get('/api/auth/me')).body.user.abilities.includes('case.reveal'));
    const res = await approver.post(`/api/cases/${caseId}/reveal`, { field: 'applicantPhone', reason: '电话核实经营场所' });
    assert.equal(res.status, 200);
    const delivery = await ctx.client('delivery1');
    assert.equal((await delivery.post(`/api/cases/${caseId}/reveal`, { field: 'agentPhone', reason: '通知领取结果' })).body.value, '13800138000');
    assert.ok(!(await ctx.client('guide1').then((g) => g.get('/api/auth/me'))).body.user.abilities.includes('case.reveal'));
  });
});
