/**
 * The case lifecycle through HTTP on PGlite and PostgreSQL: intake by the pinned checklist,
 * handover/sign, review steps, inspection, special procedure, extension, return, decision,
 * delivery, collection, the public progress page, scoping and idempotency.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { IntakeForm } from '../../server/modules/cases/cases.schemas.js';
import { workingDaysBefore } from '../helpers/light-oracle.js';
import { forEachDatabase, type Client, type TestContext } from '../helpers/app.js';

const PERSON_ID = '11010519491231002X';
const USCC = '91350100M000100Y43';
const PHONE = '13912345678';

async function subItemId(c: Client, q: string, name: string): Promise<number> {
  const r = await c.get(`/api/catalog/search?q=${encodeURIComponent(q)}&limit=50`);
  const hit = r.body.items.find((h: { name: string }) => h.name === name);
  assert.ok(hit, `sub-item ${name} not found`);
  return hit.subItemId;
}

function allReceived(form: IntakeForm) {
  return form.materials.map((m) => {
    const line = form.subItems.flatMap((s) => s.lines).find((l) => l.materialId === m.materialId)!;
    return { materialId: m.materialId, status: 'received' as const, form: line.form, copies: line.copies };
  });
}

async function intake(clerk: Client, subItemIds: number[], extra: Record<string, unknown> = {}) {
  const form = (await clerk.get(`/api/cases/intake-form?subItemIds=${subItemIds.join(',')}`)).body as IntakeForm;
  const body = {
    clientKey: randomUUID(), channel: 'window', applicantType: 'entity',
    applicant: { name: '示范区好味道餐饮有限公司', idNo: USCC, phone: PHONE },
    agent: { name: '王小明', idNo: PERSON_ID, phone: '13800138000' },
    subItemIds, materials: allReceived(form), outcome: 'accept', ...extra,
  };
  const res = await clerk.post('/api/cases', body);
  return { res, body, form };
}

async function handOverAndSign(ctx: TestContext, clerk: Client, approver: Client, caseId: number) {
  const c = (await clerk.get(`/api/cases/${caseId}`)).body;
  const h = await clerk.post('/api/handovers', { departmentId: c.departmentId, caseIds: [caseId], clientKey: randomUUID() });
  assert.equal(h.status, 200, JSON.stringify(h.body));
  const signed = await approver.post(`/api/handovers/${h.body.id}/sign`, { items: h.body.cases.map((x: { id: number; materialCount: number }) => ({ caseId: x.id, receivedCount: x.materialCount })) });
  assert.equal(signed.status, 200, JSON.stringify(signed.body));
  void ctx;
  return h.body;
}

async function smsFor(ctx: TestContext, caseNo: string): Promise<string[]> {
  const r = await ctx.services.database.db.execute(sql`select payload->>'template' as t, payload->>'body' as b from outbox where payload->>'body' like ${`%${caseNo}%`} order by id`);
  return (r as unknown as { rows: { t: string; b: string }[] }).rows.map((x) => x.t);
}

forEachDatabase('cases: lifecycle', (ctx) => {
  let clerk: Client;
  let approver: Client;
  let approver2: Client;
  let other: Client;
  let delivery: Client;
  let food = 0;

  test('intake accepts 食品经营许可 by its pinned checklist; a retry with the same client key creates nothing', async () => {
    clerk = await ctx.client('clerk1');
    approver = await ctx.client('approver_scjg');
    approver2 = await ctx.client('approver_scjg2');
    other = await ctx.client('approver_wjj');
    delivery = await ctx.client('delivery1');
    food = await subItemId(clerk, '食品经营许可', '食品经营许可（新办）');
    const { res, body, form } = await intake(clerk, [food]);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.cases.length, 1);
    assert.equal(res.body.cases[0].status, 'accepted');
    assert.ok(form.subItems[0]!.lines.length >= 3);
    // the detail names what the case pinned (the catalog's, identity's read models): as the intake form showed it
    const pinned = form.subItems[0]!;
    const d = (await clerk.get(`/api/cases/${res.body.cases[0].id}`)).body;
    assert.equal(d.subItemName, pinned.subItemName);
    assert.equal(d.subItemCode, pinned.subItemCode);
    assert.equal(d.itemName, pinned.itemName);
    assert.equal(d.departmentName, pinned.departmentName);
    assert.equal(d.checklistVersionNo, pinned.checklistVersionNo);
    const site = await ctx.services.database.db.execute(sql`select s.name from sites s join users u on u.site_id = s.id where u.username = 'clerk1'`);
    assert.equal(d.siteName, (site as unknown as { rows: { name: string }[] }).rows[0]!.name);
    assert.equal(d.ticketNo, null);
    assert.equal(d.bundleName, null);
    assert.deepEqual(
      d.materials.map((m: { lineNo: number; materialName: string; required: boolean; reviewPoints: string }) => [m.lineNo, m.materialName, m.required, m.reviewPoints]),
      pinned.lines.map((l) => [l.lineNo, l.materialName, l.required, l.reviewPoints]),
    );
    const again = await clerk.post('/api/cases', body);
    assert.equal(again.status, 200);
    assert.equal(again.body.replayed, true);
    assert.deepEqual(again.body.cases.map((c: { id: number }) => c.id), res.body.cases.map((c: { id: number }) => c.id));
    const n = await ctx.services.database.db.execute(sql`select count(*)::int as n from cases where visit_id = ${res.body.visitId}`);
    assert.equal((n as unknown as { rows: { n: number }[] }).rows[0]!.n, 1);
    // Another clerk cannot reuse the key to see the case.
    const clerk2 = await ctx.client('clerk2');
    assert.equal((await clerk2.post('/api/cases', body)).status, 409);
  });

  test('the full journey: handover → sign → steps → approve → register → progress → collect → closed; SMS at each stage', async () => {
    const { res } = await intake(clerk, [food]);
    const { id, caseNo } = res.body.cases[0];
    let c = (await clerk.get(`/api/cases/${id}`)).body;
    assert.equal(c.applicantIdNo.includes('*'), true, 'the USCC is masked');
    assert.equal(c.agent.idNo, '110105********002X');
    assert.equal(c.light, 'green');
    assert.ok(c.remainingDays > 0);
    assert.ok(c.allowedActions.includes('withdraw'));
    assert.equal(c.notices[0].kind, 'receipt');

    // another department's approver cannot see it, before or after the handover
    assert.equal((await other.get(`/api/cases/${id}`)).status, 404);
    const pending = (await clerk.get('/api/handovers/pending')).body;
    assert.ok(pending.some((g: { cases: { id: number }[] }) => g.cases.some((x) => x.id === id)));
    const batch = await handOverAndSign(ctx, clerk, approver, id);
    assert.match(batch.batchNo, /^YJ/);
    assert.equal((await other.get(`/api/cases/${id}`)).status, 404);
    assert.equal((await other.post(`/api/cases/${id}/actions/pass_step`, { opinion: 'x' })).status, 404);

    const inbox = (await approver.get('/api/cases/inbox')).body;
    assert.ok(inbox.items.some((x: { id: number }) => x.id === id));
    c = (await approver.get(`/api/cases/${id}`)).body;
    assert.equal(c.status, 'in_review');
    assert.deepEqual(c.allowedActions.includes('approve'), false, 'step 1 cannot decide');
    assert.equal((await approver.post(`/api/cases/${id}/actions/approve`, { opinion: 'ok', documentNo: 'X' })).body.code, 'CASE_NOT_FINAL_STEP');
    for (let step = 1; step < c.approvalSteps; step++) {
      const r = await approver.post(`/api/cases/${id}/actions/pass_step`, { opinion: `第${step}环节同意` });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const docNo = `示市监食许〔2026〕${String(Math.floor(Math.random() * 9000) + 1000)}`;
    c = (await approver.post(`/api/cases/${id}/actions/approve`, { opinion: '符合条件，准予许可', documentNo: docNo })).body;
    assert.equal(c.status, 'approved');
    assert.equal(c.light, null);

    const wrong = await delivery.post(`/api/cases/${id}/actions/register_result`, { documentNo: '示市监食许〔2026〕0000' });
    assert.equal(wrong.status, 409);
    assert.equal(wrong.body.code, 'CASE_DOCUMENT_NO_MISMATCH');
    c = (await delivery.post(`/api/cases/${id}/actions/register_result`, { documentNo: docNo })).body;
    assert.equal(c.status, 'ready');

    const anon = ctx.anonymous();
    const bad = await anon.get(`/api/public/progress/${caseNo}?phone4=0000`);
    assert.equal(bad.status, 404);
    assert.equal(bad.body.code, 'PROGRESS_NOT_FOUND');
    const prog = await anon.get(`/api/public/progress/${caseNo}?phone4=5678`);
    assert.equal(prog.status, 200, JSON.stringify(prog.body));
    assert.equal(prog.body.status, 'ready');
    assert.equal(prog.body.documentNo, docNo);
    assert.ok(prog.body.pickup.address);
    assert.ok(!JSON.stringify(prog.body).includes('梁振华'), 'no staff names on the public page');
    assert.ok(!JSON.stringify(prog.body).includes(USCC));

    const mismatch = await delivery.post(`/api/cases/${id}/actions/collect`, { collectorType: 'agent', collectorName: '李四', collectorIdNo: '110101199003074514' });
    assert.equal(mismatch.body.code, 'CASE_AGENT_AUTHORISATION_REQUIRED');
    c = (await delivery.post(`/api/cases/${id}/actions/collect`, { collectorType: 'agent', collectorName: '王小明', collectorIdNo: PERSON_ID })).body;
    assert.equal(c.status, 'closed');
    assert.equal(c.deliveryMethod, 'collected');
    assert.ok(c.events.some((e: { nodeCode: number }) => e.nodeCode === 11));

    await ctx.services.outbox; // messages were written in the same transactions
    assert.deepEqual(await smsFor(ctx, caseNo), ['case.accepted', 'case.decided', 'case.ready', 'case.collected']);
    const bodies = await ctx.services.database.db.execute(sql`select payload->>'body' as b from outbox where payload->>'body' like ${`%${caseNo}%`}`);
    for (const r of (bodies as unknown as { rows: { b: string }[] }).rows) assert.ok(!r.b.includes(PERSON_ID) && !r.b.includes(USCC), 'no ID numbers in SMS');

    const closed = await clerk.post(`/api/cases/${id}/actions/withdraw`, { reason: 'x' });
    assert.equal((await delivery.post(`/api/cases/${id}/actions/withdraw`, { reason: 'x' })).status, 403, 'delivery clerks do not withdraw');
    assert.equal(closed.status, 409);
    assert.equal(closed.body.code, 'CASE_TRANSITION_NOT_ALLOWED');
    assert.match(closed.body.message, /已办结/);

    const admin = await ctx.client('admin');
    const verify = await admin.post('/api/audit/verify', {});
    assert.equal(verify.status, 200);
    assert.equal(verify.body.ok, true, JSON.stringify(verify.body));
    const kinds = await ctx.services.database.db.execute(sql`select kind from audit_log where chain_key = ${`case:${id}`} order by chain_seq`);
    assert.deepEqual((kinds as unknown as { rows: { kind: string }[] }).rows.map((r) => r.kind).filter((k) => k !== 'case.pass_step'),
      ['case.intake_accept', 'case.handover', 'case.sign', 'case.approve', 'case.register_result', 'case.collect']);
  });

  test('handovers at once get distinct batch numbers in sequence; a replayed request takes none', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push((await intake(clerk, [food])).res.body.cases[0].id);
    const departmentId = (await clerk.get(`/api/cases/${ids[0]}`)).body.departmentId;
    const keys = ids.map(() => randomUUID());
    const sent = await Promise.all(ids.map((id, i) => clerk.post('/api/handovers', { departmentId, caseIds: [id], clientKey: keys[i] })));
    for (const h of sent) assert.equal(h.status, 200, JSON.stringify(h.body));
    const seqs = sent.map((h) => Number(h.body.batchNo.slice(-3))).sort((a, b) => a - b);
    assert.equal(new Set(seqs).size, 4, 'distinct batch numbers');
    assert.equal(seqs[3]! - seqs[0]!, 3, 'no number skipped');
    const replay = await clerk.post('/api/handovers', { departmentId, caseIds: [ids[0]], clientKey: keys[0] });
    assert.equal(replay.body.batchNo, sent[0]!.body.batchNo, 'the replay answers the same batch');
    const next = await clerk.post('/api/handovers', { departmentId, caseIds: [(await intake(clerk, [food])).res.body.cases[0].id], clientKey: randomUUID() });
    assert.equal(Number(next.body.batchNo.slice(-3)), seqs[3]! + 1, 'the replay took no number');
    // a case already handed over cannot be handed over again (no batch is made)
    assert.equal((await clerk.post('/api/handovers', { departmentId, caseIds: [ids[1]], clientKey: randomUUID() })).body.code, 'HANDOVER_CASE_INVALID');
  });

  test('correction notice lists every defect at once; the same case continues when the applicant returns', async () => {
    const form = (await clerk.get(`/api/cases/intake-form?subItemIds=${food}`)).body as IntakeForm;
    const lines = form.subItems[0]!.lines.filter((l) => l.required);
    const absent = lines.slice(0, 2).map((l) => l.materialId);
    const materials = allReceived(form).map((m) => (absent.includes(m.materialId) ? { materialId: m.materialId, status: 'absent' as const } : m));
    const base = {
      channel: 'window', applicantType: 'entity', applicant: { name: '示范区张三丰餐饮店', idNo: USCC, phone: PHONE }, subItemIds: [food], materials,
    };
    const incomplete = await clerk.post('/api/cases', { ...base, clientKey: randomUUID(), outcome: 'correct', defects: [{ subItemId: food, lineNo: lines[0]!.lineNo, note: '缺' }] });
    assert.equal(incomplete.body.code, 'CASE_DEFECTS_INCOMPLETE');
    const offList = await clerk.post('/api/cases', { ...base, clientKey: randomUUID(), outcome: 'correct', defects: [{ subItemId: food, lineNo: 999, note: '另需一份证明' }] });
    assert.equal(offList.body.code, 'CASE_DEFECT_NOT_ON_CHECKLIST');
    const cannotAccept = await clerk.post('/api/cases', { ...base, clientKey: randomUUID(), outcome: 'accept' });
    assert.equal(cannotAccept.body.code, 'CASE_MATERIALS_INCOMPLETE');

    const defects = lines.slice(0, 2).map((l) => ({ subItemId: food, lineNo: l.lineNo, note: `请补交${l.materialName}` }));
    const res = await clerk.post('/api/cases', { ...base, clientKey: randomUUID(), outcome: 'correct', defects });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const { id, caseNo } = res.body.cases[0];
    let c = (await clerk.get(`/api/cases/${id}`)).body;
    assert.equal(c.status, 'correction');
    assert.equal(c.applicantName, '示范区张三丰餐饮店', 'an entity name is not personal data');
    assert.equal(c.notices[0].kind, 'correction');
    assert.equal(c.notices[0].defects.length, 2);
    assert.equal(c.promisedDue, null, 'no clock before acceptance');

    c = (await clerk.post(`/api/cases/${id}/actions/accept`, { materials: absent.map((materialId) => ({ materialId, status: 'received', form: 'copy', copies: 1 })) })).body;
    assert.equal(c.status, 'accepted');
    assert.equal(c.caseNo, caseNo, 'the same case continues');
    assert.ok(c.promisedDue);
    assert.ok(c.events.some((e: { nodeCode: number }) => e.nodeCode === 7) && c.events.some((e: { nodeCode: number }) => e.nodeCode === 3));
    assert.deepEqual(await smsFor(ctx, caseNo), ['case.correction', 'case.accepted']);
    const receipt = c.notices.find((n: { kind: string }) => n.kind === 'receipt');
    assert.match(receipt.noticeNo, /^SL/);
    // accepting again is refused and takes no voucher number: the next receipt continues the sequence
    assert.equal((await clerk.post(`/api/cases/${id}/actions/accept`, { materials: [] })).body.code, 'CASE_TRANSITION_NOT_ALLOWED');
    const next = (await clerk.get(`/api/cases/${(await intake(clerk, [food])).res.body.cases[0].id}`)).body.notices[0];
    assert.equal(Number(next.noticeNo.slice(-4)), Number(receipt.noticeNo.slice(-4)) + 1);
  });

  test('refusal needs reasons and where to apply; it issues a voucher and ends the case', async () => {
    const form = (await clerk.get(`/api/cases/intake-form?subItemIds=${food}`)).body as IntakeForm;
    const base = { clientKey: randomUUID(), channel: 'window', applicantType: 'entity', applicant: { name: '示范区李四小吃店', idNo: USCC, phone: PHONE }, subItemIds: [food], materials: allReceived(form), outcome: 'refuse' };
    assert.equal((await clerk.post('/api/cases', { ...base, refusal: { reasons: '不属于本机关职权范围', redirect: '' } })).body.code, 'CASE_REASON_REQUIRED');
    const res = await clerk.post('/api/cases', { ...base, clientKey: randomUUID(), refusal: { reasons: '申请事项依法不需要取得行政许可', redirect: '示范区市场监督管理局备案窗口' } });
    assert.equal(res.status, 201);
    const c = (await clerk.get(`/api/cases/${res.body.cases[0].id}`)).body;
    assert.equal(c.status, 'refused');
    assert.equal(c.notices[0].kind, 'refusal');
    assert.equal(c.notices[0].redirect, '示范区市场监督管理局备案窗口');
    assert.deepEqual(c.allowedActions, []);
  });

  test('bad applicant data is refused with codes', async () => {
    const r1 = await intake(clerk, [food], { applicant: { name: '某公司', idNo: '91350100M000100Y44', phone: PHONE } });
    assert.equal(r1.res.body.code, 'CASE_ID_INVALID');
    const r2 = await intake(clerk, [food], { applicant: { name: '某公司', idNo: USCC, phone: '12345' } });
    assert.equal(r2.res.body.code, 'CASE_PHONE_INVALID');
    const r3 = await intake(clerk, [food], { applicantType: 'person', applicant: { name: '张三', idNo: '110105194912310021', phone: PHONE } });
    assert.equal(r3.res.body.code, 'CASE_ID_INVALID');
    assert.match(r3.res.body.message, /校验码/);
    // approvers cannot take intake
    assert.equal((await approver.post('/api/cases', r1.body)).status, 403);
  });

  test('a bundle: one visit, linked cases, a shared material collected once', async () => {
    const bundles = (await clerk.get('/api/catalog/bundles')).body.items as { id: number; name: string }[];
    const bundle = bundles.find((b) => b.name === '开办餐馆一件事')!;
    const form = (await clerk.get(`/api/cases/intake-form?bundleId=${bundle.id}`)).body as IntakeForm;
    assert.ok(form.subItems.length >= 2);
    const shared = form.materials.filter((m) => m.subItemIds.length > 1);
    assert.ok(shared.length >= 1, 'the bundle shares at least one material');
    const subjectOk = form.subItems.map((s) => s.subItemId);
    const res = await clerk.post('/api/cases', {
      clientKey: randomUUID(), channel: 'window', applicantType: 'entity', applicant: { name: '示范区好味道餐饮有限公司', idNo: USCC, phone: PHONE },
      subItemIds: subjectOk, bundleId: bundle.id, materials: allReceived(form), outcome: 'accept',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.cases.length, form.subItems.length);
    const details = await Promise.all(res.body.cases.map(async (x: { id: number }) => (await clerk.get(`/api/cases/${x.id}`)).body));
    for (const d of details) {
      assert.equal(d.visitId, res.body.visitId);
      assert.equal(d.bundleName, '开办餐馆一件事');
      assert.equal(d.linkedCases.length, res.body.cases.length - 1);
    }
    for (const m of shared) {
      const rows = details.flatMap((d) => d.materials.filter((x: { materialId: number }) => x.materialId === m.materialId));
      assert.equal(rows.filter((x: { status: string }) => x.status === 'received').length, 1, `${m.materialName} collected once`);
      assert.equal(rows.filter((x: { status: string; sharedCaseNo: string | null }) => x.status === 'shared' && x.sharedCaseNo).length, rows.length - 1);
    }
  });

  test('inspection, special procedure (deadline moves by exactly the paused working days), extension, return, withdrawal', async () => {
    const inspector = await ctx.client('inspector_scjg');
    const { res } = await intake(clerk, [food]);
    const { id } = res.body.cases[0];
    await handOverAndSign(ctx, clerk, approver, id);

    const inspectors = (await approver.get(`/api/cases/${id}/inspectors`)).body;
    assert.ok(inspectors.length >= 1);
    let c = (await approver.post(`/api/cases/${id}/actions/assign_inspection`, { inspectorId: inspectors[0].id, note: '核查经营场所' })).body;
    assert.equal(c.status, 'inspecting');
    assert.equal((await approver.post(`/api/cases/${id}/actions/record_inspection`, { result: 'x', passed: true })).status, 403);
    const inbox = (await inspector.get('/api/cases/inbox')).body;
    assert.ok(inbox.items.some((x: { id: number }) => x.id === id));
    c = (await inspector.post(`/api/cases/${id}/actions/record_inspection`, { result: '场所布局合理，设施齐全', passed: true })).body;
    assert.equal(c.status, 'in_review');
    assert.equal(c.inspections[0].inspectorName, inspectors[0].name);

    const before = c.promisedDue as string;
    const beforeStat = c.statutoryDue as string;
    c = (await approver.post(`/api/cases/${id}/actions/start_special`, { kind: 'expert_review', reason: '组织专家评审', expectedDays: 5 })).body;
    assert.equal(c.status, 'suspended');
    assert.equal(c.paused, true);
    // The procedure started 4 working days ago (moved back in the database: a test clock).
    const cal = await ctx.services.calendar.calendar();
    const today = ctx.clock.today();
    let start = today;
    for (let n = 0; n < 4; ) {
      start = new Date(Date.parse(`${start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      if (cal.isWorkday(start)) n++;
    }
    const paused = cal.workingDaysBetween(start, today);
    await ctx.services.database.db.execute(sql`update case_special_procedures set start_on = ${start} where case_id = ${id}`);
    await ctx.services.database.db.execute(sql`update cases set paused_on = ${start} where id = ${id}`);
    c = (await approver.post(`/api/cases/${id}/actions/end_special`, { result: '专家评审通过' })).body;
    assert.equal(c.status, 'in_review');
    assert.equal(c.pausedDays, paused);
    assert.equal(c.promisedDue, cal.addWorkingDays(before, paused));
    assert.equal(c.statutoryDue, cal.addWorkingDays(beforeStat, paused));
    assert.equal(c.specialProcedures[0].pausedDays, paused);

    c = (await approver.post(`/api/cases/${id}/actions/request_extension`, { reason: '情况复杂' })).body;
    assert.ok(!c.allowedActions.includes('approve_extension'), 'the requester cannot approve it');
    assert.equal((await approver.post(`/api/cases/${id}/actions/approve_extension`, { opinion: '' })).body.code, 'CASE_EXTENSION_SELF_APPROVAL');
    const due = c.promisedDue as string;
    // Ten more working days may reach into a year whose holidays are not confirmed: then 暂定, never refused.
    const ext = await approver2.post(`/api/cases/${id}/actions/approve_extension`, { opinion: '同意延期' });
    assert.equal(ext.status, 200, JSON.stringify(ext.body));
    c = ext.body;
    assert.equal(c.extension.status, 'approved');
    const names = await ctx.services.database.db.execute(sql`select username, display_name as name from users where username in ('approver_scjg', 'approver_scjg2')`);
    const nameOf = new Map((names as unknown as { rows: { username: string; name: string }[] }).rows.map((u) => [u.username, u.name]));
    assert.deepEqual([c.extension.requestedBy, c.extension.decidedBy], [nameOf.get('approver_scjg'), nameOf.get('approver_scjg2')]);
    const calNow = await ctx.services.calendar.calendar();
    assert.equal(c.promisedDue, calNow.addWorkingDays(due, 10));
    assert.equal(c.promisedProvisional, calNow.isProvisional(c.acceptedOn, c.promisedDue));
    assert.equal((await approver.post(`/api/cases/${id}/actions/request_extension`, { reason: '再延' })).body.code, 'CASE_EXTENSION_USED');

    const off = await approver.post(`/api/cases/${id}/actions/return_to_front`, { lines: [{ lineNo: 99, note: '需要另外提供房产证' }] });
    assert.equal(off.status, 422);
    assert.equal(off.body.code, 'CASE_RETURN_NOT_ON_CHECKLIST');
    c = (await approver.post(`/api/cases/${id}/actions/return_to_front`, { lines: [{ lineNo: 1, note: '申请书未签字' }] })).body;
    assert.equal(c.status, 'returned');
    assert.equal(c.returnedLines[0].lineNo, 1);
    c = (await clerk.post(`/api/cases/${id}/actions/withdraw`, { reason: '申请人主动撤回' })).body;
    assert.equal(c.status, 'withdrawn');
    assert.ok(c.events.some((e: { nodeCode: number }) => e.nodeCode === 2));
  });

  test('lights and remaining working days come from SQL and follow the deadline', async () => {
    const { res } = await intake(clerk, [food]);
    const { id } = res.body.cases[0];
    const db = ctx.services.database.db;
    const cal = await ctx.services.calendar.calendar();
    const today = ctx.clock.today();
    const look = async () => (await clerk.get(`/api/cases/${id}`)).body;
    // due today → yellow, 0 left; due yesterday → red
    await db.execute(sql`update cases set promised_due = ${today} where id = ${id}`);
    let c = await look();
    assert.equal(c.light, 'yellow');
    const prev = workingDaysBefore(cal, cal.isWorkday(today) ? today : cal.addWorkingDays(today, 0), 2);
    await db.execute(sql`update cases set promised_due = ${prev} where id = ${id}`);
    c = await look();
    assert.equal(c.light, 'red');
    assert.equal(c.remainingDays, -cal.workingDaysBetween(prev, today));
    const red = (await clerk.get('/api/cases?light=red')).body;
    assert.ok(red.items.some((x: { id: number }) => x.id === id));
  });
});
