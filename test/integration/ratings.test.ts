/**
 * 好差评 through HTTP on PGlite and PostgreSQL: a window visit invites a rating (SMS link, window
 * device, progress page); a 差评 becomes a rectification due in 5 working days that is verified,
 * rectified (SMS reply), revisited and closed; the rated staff never see the rater; one rating per
 * invitation; an upheld appeal takes the rating out of the monthly figures; a 承诺件 is rated at
 * acceptance and at completion; default ratings after 7 days.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { IntakeForm } from '../../server/modules/cases/cases.schemas.js';
import { chinaDate } from '../../server/platform/clock.js';
import { RatingService } from '../../server/modules/ratings/ratings.service.js';
import { forEachDatabase, type Client, type TestContext } from '../helpers/app.js';
import { operationsOf } from '../helpers/openapi-answers.js';

const PERSON_ID = '11010519491231002X';
const USCC = '91350100M000100Y43';
const APPLICANT_PHONE = '13912345678';
const AGENT = { name: '王小明', idNo: PERSON_ID, phone: '13800138000' };

async function subItemId(c: Client, q: string, name: string): Promise<number> {
  const r = await c.get(`/api/catalog/search?q=${encodeURIComponent(q)}&limit=50`);
  const hit = r.body.items.find((h: { name: string }) => h.name === name);
  assert.ok(hit, `sub-item ${name} not found`);
  return hit.subItemId;
}

async function intake(clerk: Client, subItemIds: number[], extra: Record<string, unknown> = {}) {
  const form = (await clerk.get(`/api/cases/intake-form?subItemIds=${subItemIds.join(',')}`)).body as IntakeForm;
  const materials = form.materials.map((m) => {
    const line = form.subItems.flatMap((s) => s.lines).find((l) => l.materialId === m.materialId)!;
    return { materialId: m.materialId, status: 'received' as const, form: line.form, copies: line.copies };
  });
  const res = await clerk.post('/api/cases', {
    clientKey: randomUUID(), channel: 'window', applicantType: 'entity',
    applicant: { name: '示范区好味道餐饮有限公司', idNo: USCC, phone: APPLICANT_PHONE }, agent: AGENT,
    subItemIds, materials, outcome: 'accept', ...extra,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { res, form };
}

const one = async <T>(ctx: TestContext, q: ReturnType<typeof sql>) => ((await ctx.services.database.db.execute(q)) as unknown as { rows: T[] }).rows;

forEachDatabase('ratings: 好差评', (ctx) => {
  let clerk: Client;
  let guide: Client;
  let supervisor: Client;
  let jijian: Client;
  let approver: Client;
  let delivery: Client;
  let food = 0;
  let windowId = 0;
  let token = '';
  let caseNo = '';
  let rectId = 0;

  const invitationOfVisit = async (visitId: number) =>
    (await one<{ id: number; token: string; stage: string; clerk: string | null; window_id: number | null; department_id: number | null; subject: string }>(ctx, sql`
      select i.id::int as id, i.token, i.stage, u.username as clerk, i.window_id, i.department_id, i.subject
      from rating_invitations i left join users u on u.id = i.clerk_id where i.visit_id = ${visitId}`))[0];

  const rate = (body: Record<string, unknown>) => ctx.anonymous().post('/api/public/ratings', { channel: 'device', reasons: [], comment: '', ...body });

  test('the OpenAPI document describes the answer of every 好差评 operation', async () => {
    const ops = operationsOf((await ctx.anonymous().get('/api/openapi.json')).body, /^\/api\/(public\/)?ratings(\/|$)/);
    assert.equal(ops.length, 14);
    assert.deepEqual(ops.filter((o) => !o.described).map((o) => o.op), []);
  });

  test('every window visit invites a rating: SMS with the link (no ID number), the window device and the progress page show it', async () => {
    clerk = await ctx.client('clerk1');
    guide = await ctx.client('guide1');
    supervisor = await ctx.client('supervisor1');
    jijian = await ctx.client('jijian1');
    approver = await ctx.client('approver_scjg');
    delivery = await ctx.client('delivery1');
    food = await subItemId(clerk, '食品经营许可', '食品经营许可（新办）');
    const sites = (await ctx.anonymous().get('/api/public/sites')).body.items as { id: number; code: string }[];
    const windows = (await ctx.anonymous().get(`/api/public/windows?siteId=${sites.find((s) => s.code === 'QZX')!.id}`)).body.items as { id: number; code: string }[];
    windowId = windows.find((w) => w.code === 'A06')!.id;

    const device = ctx.anonymous();
    assert.equal((await device.get(`/api/public/ratings/window/${windowId}`)).body.invitation, null, 'nothing to rate before the visit');
    const { res } = await intake(clerk, [food], { windowId });
    caseNo = res.body.cases[0].caseNo;
    const inv = await invitationOfVisit(res.body.visitId);
    assert.ok(inv, 'an invitation for the visit');
    assert.equal(inv.stage, 'acceptance');
    assert.equal(inv.clerk, 'clerk1');
    assert.equal(inv.window_id, windowId);
    assert.equal(inv.department_id, null);
    assert.match(inv.subject, /食品经营许可/);
    assert.ok(inv.token.length >= 22, 'a random url-safe token of at least 16 bytes');
    token = inv.token;

    const sms = await one<{ phone: string; template: string; body: string }>(ctx, sql`
      select payload->>'phone' as phone, payload->>'template' as template, payload->>'body' as body from outbox where idempotency_key = ${`rating:${inv.id}:invite`}`);
    assert.equal(sms.length, 1);
    assert.equal(sms[0]!.phone, AGENT.phone, 'the agent who came to the window rates (real-name)');
    assert.ok(sms[0]!.body.includes(`/rate/${token}`), sms[0]!.body);
    assert.ok(!sms[0]!.body.includes(PERSON_ID) && !sms[0]!.body.includes(USCC), 'no ID number in SMS');
    assert.ok(!sms[0]!.body.includes(caseNo), 'the case SMS stay the only ones naming the case');

    const pending = await device.get(`/api/public/ratings/window/${windowId}`);
    assert.equal(pending.status, 200);
    assert.equal(pending.body.invitation.token, token);
    assert.match(pending.body.window.name, /6号窗口/);
    const page = await ctx.anonymous().get(`/api/public/ratings/${token}`);
    assert.equal(page.status, 200);
    assert.deepEqual([page.body.rated, page.body.level, page.body.stage], [false, null, 'acceptance']);
    assert.ok(!JSON.stringify(page.body).includes(AGENT.name), 'the rating page does not show the rater back');
    const prog = await ctx.anonymous().get(`/api/public/progress/${caseNo}?phone4=${APPLICANT_PHONE.slice(-4)}`);
    assert.deepEqual(prog.body.ratings.map((r: { token: string }) => r.token), [token]);
    assert.deepEqual(prog.body.ratings[0], page.body, 'the progress page shows the invitation as the rating page does');

    assert.equal((await ctx.anonymous().get(`/api/public/ratings/${'x'.repeat(24)}`)).body.code, 'RATING_INVITATION_NOT_FOUND');
    assert.equal((await device.get('/api/public/ratings/window/999999')).body.code, 'RATING_WINDOW_NOT_FOUND');

    // A correction notice is a service too: the visit is invited as well.
    const lines = (await clerk.get(`/api/cases/intake-form?subItemIds=${food}`)).body.subItems[0].lines.filter((l: { required: boolean }) => l.required);
    const { res: corr } = await intake(clerk, [food], {
      outcome: 'correct',
      materials: (await clerk.get(`/api/cases/intake-form?subItemIds=${food}`)).body.materials.map((m: { materialId: number }) =>
        m.materialId === lines[0].materialId ? { materialId: m.materialId, status: 'absent' } : { materialId: m.materialId, status: 'received', form: 'copy', copies: 1 }),
      defects: [{ subItemId: food, lineNo: lines[0].lineNo, note: '请补交' }],
    });
    assert.equal(corr.body.cases[0].status, 'correction');
    assert.ok(await invitationOfVisit(corr.body.visitId));
  });

  test('a 差评 needs a reason or a comment, is taken once, and opens a rectification due in 5 working days', async () => {
    const vague = await rate({ token, level: 4 });
    assert.equal(vague.status, 400);
    assert.equal(vague.body.code, 'RATING_REASON_REQUIRED');
    assert.match(vague.body.message, /原因|意见/);
    const bad = await rate({ token, level: 4, reasons: ['attitude', 'repeat_trips'], comment: '窗口人员解释不耐烦' });
    assert.equal(bad.status, 200, JSON.stringify(bad.body));
    assert.deepEqual([bad.body.rated, bad.body.level], [true, 4]);
    const again = await rate({ token, level: 1, channel: 'sms' });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'RATING_ALREADY_RATED');
    assert.equal((await ctx.anonymous().get(`/api/public/ratings/window/${windowId}`)).body.invitation, null, 'the device goes back to idle');

    const list = (await guide.get('/api/ratings/rectifications?open=true')).body;
    const row = list.items.find((x: { subject: string; level: number }) => x.level === 4);
    assert.ok(row, JSON.stringify(list));
    rectId = row.id;
    const today = ctx.clock.today();
    const cal = await ctx.services.calendar.calendar();
    assert.equal(row.openedOn, today);
    assert.equal(row.dueOn, cal.addWorkingDays(today, 5));
    assert.equal(row.status, 'verifying');
    assert.equal(row.light, 'green');
    assert.equal(row.remainingDays, 5);
    assert.ok((await guide.get('/api/ratings/rectifications?light=green')).body.items.some((x: { id: number }) => x.id === rectId));
    assert.ok(!(await guide.get('/api/ratings/rectifications?light=red')).body.items.some((x: { id: number }) => x.id === rectId));
    assert.equal((await approver.get(`/api/ratings/rectifications/${rectId}`)).status, 404, 'the window visit is the hall\'s, not a department\'s');
  });

  test('verify → rectify (reply by SMS) → revisit by a supervisor → closed; the guard names the allowed actions', async () => {
    let d = (await guide.get(`/api/ratings/rectifications/${rectId}`)).body;
    assert.deepEqual(d.allowedActions, ['verify', 'appeal']);
    assert.equal(d.rater, null);
    assert.equal(d.events[0].action, 'opened');

    const early = await guide.post(`/api/ratings/rectifications/${rectId}/actions/rectify`, { measures: '培训', reply: '已整改' });
    assert.equal(early.status, 409);
    assert.equal(early.body.code, 'RATING_TRANSITION_NOT_ALLOWED');
    assert.deepEqual(early.body.details.allowed, ['verify', 'appeal']);
    assert.match(early.body.message, /待核实.*核实情况/);
    assert.equal((await guide.post(`/api/ratings/rectifications/${rectId}/actions/verify`, { note: '   ' })).body.code, 'RATING_NOTE_REQUIRED');
    assert.equal((await guide.post(`/api/ratings/rectifications/${rectId}/actions/verify`, { note: '已核实', version: 99 })).body.code, 'CONFLICT');

    d = (await guide.post(`/api/ratings/rectifications/${rectId}/actions/verify`, { note: '调阅录像，窗口人员解释政策时语气生硬，情况属实' })).body;
    assert.equal(d.status, 'rectifying');
    assert.equal((await guide.post(`/api/ratings/rectifications/${rectId}/actions/revisit`, { note: 'x', satisfied: true })).status, 403, 'guides do not revisit');
    d = (await guide.post(`/api/ratings/rectifications/${rectId}/actions/rectify`, {
      measures: '对窗口人员进行服务规范培训并约谈', reply: '经核实情况属实，已对窗口人员批评教育并组织服务规范培训。',
    })).body;
    assert.equal(d.status, 'replied');
    assert.deepEqual(d.allowedActions, [], 'the revisit is the supervisors\'');
    assert.equal(d.light, null, 'the deadline was met by the reply');
    const reply = await one<{ phone: string; body: string }>(ctx, sql`select payload->>'phone' as phone, payload->>'body' as body from outbox where payload->>'template' = 'rating.reply'`);
    assert.equal(reply.length, 1);
    assert.equal(reply[0]!.phone, AGENT.phone);
    assert.match(reply[0]!.body, /批评教育/);

    d = (await supervisor.get(`/api/ratings/rectifications/${rectId}`)).body;
    assert.deepEqual(d.allowedActions, ['revisit']);
    assert.deepEqual(d.rater, { name: '王*明', phone: '138****8000' }, 'supervisors see the rater masked');
    d = (await supervisor.post(`/api/ratings/rectifications/${rectId}/actions/revisit`, { note: '电话回访，申请人对整改结果表示满意', satisfied: true })).body;
    assert.equal(d.status, 'closed');
    assert.equal(d.closedOn, ctx.clock.today());
    assert.equal(d.revisitSatisfied, true);
    assert.deepEqual(d.events.map((e: { action: string }) => e.action), ['opened', 'verify', 'rectify', 'revisit']);
    assert.equal(d.events.at(-1).actorName, '钟明远');
    const closed = await supervisor.post(`/api/ratings/rectifications/${rectId}/actions/revisit`, { note: '再次', satisfied: true });
    assert.equal(closed.body.code, 'RATING_TRANSITION_NOT_ALLOWED');
    assert.match(closed.body.message, /已办结/);

    const kinds = await one<{ kind: string }>(ctx, sql`select kind from audit_log where chain_key = ${`rectification:${rectId}`} order by chain_seq`);
    assert.deepEqual(kinds.map((k) => k.kind), ['rectification.opened', 'rectification.verify', 'rectification.rectify', 'rectification.revisit']);
  });

  test('the rated staff never see the rater; guides and approvers neither; the centre sees it masked, the full contact only by an audited action', async () => {
    const secrets = [AGENT.name, '王*明', AGENT.phone, '138****8000', PERSON_ID, '110105'];
    const clean = (what: string, body: unknown) => {
      const json = JSON.stringify(body);
      for (const s of secrets) assert.ok(!json.includes(s), `${what} leaks ${s}`);
    };
    const mine = await clerk.get('/api/ratings/mine');
    assert.equal(mine.status, 200);
    const mineRow = mine.body.items.find((r: { level: number }) => r.level === 4);
    assert.ok(mineRow, 'the clerk sees the rating of their service');
    assert.deepEqual(mineRow.reasons, ['attitude', 'repeat_trips']);
    assert.equal(mineRow.comment, '窗口人员解释不耐烦');
    assert.ok(!('rater' in mineRow) && !Object.keys(mineRow).some((k) => /rater/i.test(k)), 'no rater field at all');
    clean('the clerk\'s own ratings', mine.body);
    assert.equal((await clerk.get('/api/ratings')).status, 403);
    assert.equal((await clerk.get(`/api/ratings/rectifications/${rectId}`)).status, 403);
    assert.equal((await clerk.post(`/api/ratings/rectifications/${rectId}/rater`)).status, 403);

    const guideList = await guide.get('/api/ratings?bad=true');
    assert.ok(guideList.body.items.length >= 1);
    assert.ok(guideList.body.items.every((r: { rater: unknown }) => r.rater === null));
    clean('the guide\'s list', guideList.body);
    clean('the guide\'s rectification', (await guide.get(`/api/ratings/rectifications/${rectId}`)).body);
    clean('the guide\'s rectification list', (await guide.get('/api/ratings/rectifications')).body);
    assert.equal((await guide.post(`/api/ratings/rectifications/${rectId}/rater`)).status, 403);

    const inspected = (await jijian.get('/api/ratings?bad=true')).body.items.find((r: { rectificationId: number }) => r.rectificationId === rectId);
    assert.deepEqual(inspected.rater, { name: '王*明', phone: '138****8000' });
    assert.equal(inspected.clerkName, '李慧敏', 'the clerk is named to the centre');
    const full = await supervisor.post(`/api/ratings/rectifications/${rectId}/rater`);
    assert.equal(full.status, 200);
    assert.deepEqual(full.body, { name: AGENT.name, phone: AGENT.phone });
    const viewed = await one<{ n: number }>(ctx, sql`select count(*)::int as n from audit_log where kind = 'rectification.rater_viewed' and aggregate_id = ${String(rectId)}`);
    assert.equal(viewed[0]!.n, 1);
  });

  test('appeals: upheld closes the task and leaves the rating out of the figures; rejected goes back to rectifying, once', async () => {
    const visit = async () => {
      const { res } = await intake(clerk, [food], { windowId });
      return (await invitationOfVisit(res.body.visitId))!.token;
    };
    const t1 = await visit();
    assert.equal((await rate({ token: t1, level: 5, comment: '随便打的' })).status, 200);
    const t2 = await visit();
    assert.equal((await rate({ token: t2, level: 4, reasons: ['waiting'], channel: 'sms' })).status, 200);
    const open = (await guide.get('/api/ratings/rectifications?status=verifying')).body.items as { id: number; level: number }[];
    const upheld = open.find((x) => x.level === 5)!.id;
    const rejected = open.find((x) => x.level === 4)!.id;

    let d = (await guide.post(`/api/ratings/rectifications/${upheld}/actions/appeal`, { reason: '经查该申请人当日未到窗口办理其他业务，评价内容与事实不符，属恶意差评' })).body;
    assert.equal(d.status, 'appealing');
    assert.deepEqual(d.allowedActions, []);
    assert.equal((await guide.post(`/api/ratings/rectifications/${upheld}/actions/verify`, { note: 'x' })).body.code, 'RATING_TRANSITION_NOT_ALLOWED');
    d = (await supervisor.post(`/api/ratings/rectifications/${upheld}/actions/decide_appeal`, { decision: 'upheld', note: '核查属实，申诉成立' })).body;
    assert.equal(d.status, 'closed');
    assert.equal(d.appealDecision, 'upheld');
    assert.equal(d.excluded, true);

    await guide.post(`/api/ratings/rectifications/${rejected}/actions/verify`, { note: '情况属实' });
    d = (await guide.post(`/api/ratings/rectifications/${rejected}/actions/appeal`, { reason: '等候时间在正常范围' })).body;
    d = (await supervisor.post(`/api/ratings/rectifications/${rejected}/actions/decide_appeal`, { decision: 'rejected', note: '高峰期等候超过 1 小时，申诉不成立' })).body;
    assert.equal(d.status, 'rectifying');
    assert.deepEqual(d.allowedActions, []);
    assert.deepEqual((await guide.get(`/api/ratings/rectifications/${rejected}`)).body.allowedActions, ['rectify'], 'an appeal is heard once');
    assert.equal((await guide.post(`/api/ratings/rectifications/${rejected}/actions/appeal`, { reason: '再次申诉' })).status, 409);

    const month = ctx.clock.today().slice(0, 7);
    const byClerk = (await supervisor.get(`/api/ratings/satisfaction?month=${month}&dimension=clerk`)).body;
    assert.equal(byClerk.excluded, 1, 'the upheld appeal is left out');
    const c1 = byClerk.rows.find((r: { name: string }) => r.name === '李慧敏');
    assert.equal(c1.total, 2, 'the first 差评 and the rejected appeal\'s; the upheld one is out');
    assert.equal(byClerk.totals.levels[4], 0, 'no 非常不满意 counted');
    assert.equal(byClerk.totals.bad, 2, 'the two 不满意 count');
  });

  test('satisfaction by window, clerk and department: satisfied = levels 1–3, scoped to the guide\'s site', async () => {
    for (const level of [1, 2, 3]) {
      const { res } = await intake(clerk, [food], { windowId });
      const inv = (await invitationOfVisit(res.body.visitId))!;
      assert.equal((await rate({ token: inv.token, level, channel: 'portal' })).status, 200);
    }
    const month = ctx.clock.today().slice(0, 7);
    const byWindow = (await guide.get(`/api/ratings/satisfaction?month=${month}&dimension=window`)).body;
    const w = byWindow.rows.find((r: { id: number }) => r.id === windowId);
    assert.ok(w, JSON.stringify(byWindow));
    assert.match(w.name, /^6号窗口$/, 'one site: the window name alone');
    assert.deepEqual(w.levels, [1, 1, 1, 2, 0]);
    assert.equal(w.total, 5);
    assert.equal(w.satisfied, 3);
    assert.equal(w.bad, 2);
    assert.equal(w.rate, 0.6);
    const byClerk = (await guide.get(`/api/ratings/satisfaction?month=${month}&dimension=clerk`)).body;
    assert.equal(byClerk.rows.length, 1);
    assert.equal(byClerk.rows[0].total, 5);
    const byDept = (await supervisor.get(`/api/ratings/satisfaction?month=${month}&dimension=department`)).body;
    assert.equal(byDept.rows[0].id, null, 'window visits are the front desk\'s');
    assert.equal((await guide.get('/api/ratings/satisfaction?month=2026-13&dimension=window')).status, 400);
    const other = (await approver.get(`/api/ratings/satisfaction?month=${month}&dimension=window`)).body;
    assert.equal(other.totals.total, 0, 'an approver sees only their department\'s ratings');
  });

  test('a 承诺件 is rated at acceptance and again at completion, by the department and the delivery clerk', async () => {
    const { res } = await intake(clerk, [food], { windowId });
    const { id, caseNo: no } = res.body.cases[0];
    const c = (await clerk.get(`/api/cases/${id}`)).body;
    const h = await clerk.post('/api/handovers', { departmentId: c.departmentId, caseIds: [id], clientKey: randomUUID() });
    await approver.post(`/api/handovers/${h.body.id}/sign`, { items: h.body.cases.map((x: { id: number; materialCount: number }) => ({ caseId: x.id, receivedCount: x.materialCount })) });
    for (let step = 1; step < c.approvalSteps; step++) await approver.post(`/api/cases/${id}/actions/pass_step`, { opinion: '同意' });
    const docNo = `示市监食许〔2026〕${String(Math.floor(Math.random() * 9000) + 1000)}`;
    assert.equal((await approver.post(`/api/cases/${id}/actions/approve`, { opinion: '准予', documentNo: docNo })).body.status, 'approved');
    assert.equal((await delivery.post(`/api/cases/${id}/actions/register_result`, { documentNo: docNo })).body.status, 'ready');
    const before = (await ctx.anonymous().get(`/api/public/progress/${no}?phone4=5678`)).body.ratings;
    assert.deepEqual(before.map((r: { stage: string }) => r.stage), ['acceptance']);
    const closed = await delivery.post(`/api/cases/${id}/actions/collect`, { collectorType: 'agent', collectorName: AGENT.name, collectorIdNo: PERSON_ID });
    assert.equal(closed.body.status, 'closed', JSON.stringify(closed.body));

    const prog = (await ctx.anonymous().get(`/api/public/progress/${no}?phone4=5678`)).body.ratings;
    assert.deepEqual(prog.map((r: { stage: string }) => r.stage), ['acceptance', 'completion']);
    const completion = prog[1];
    assert.match(completion.subject, /食品经营许可/);
    const r = await ctx.anonymous().post('/api/public/ratings', { token: completion.token, level: 2, channel: 'portal', reasons: [], comment: '' });
    assert.equal(r.status, 200);
    const [inv] = await one<{ clerk: string; department: string }>(ctx, sql`select u.username as clerk, d.code as department from rating_invitations i
      join users u on u.id = i.clerk_id join departments d on d.id = i.department_id where i.token = ${completion.token}`);
    assert.deepEqual(inv, { clerk: 'delivery1', department: 'SCJGJ' });
    const seen = (await approver.get('/api/ratings?stage=completion')).body.items;
    assert.ok(seen.some((x: { level: number; departmentName: string }) => x.level === 2 && x.departmentName === '示范区市场监督管理局'));
    assert.ok((await delivery.get('/api/ratings/mine')).body.items.some((x: { stage: string }) => x.stage === 'completion'));
  });

  test('nobody rating within 7 natural days gets 基本满意 (default), once; a configured default of 4 opens a rectification', async () => {
    const { res } = await intake(clerk, [food], { windowId });
    const inv = (await invitationOfVisit(res.body.visitId))!;
    const base = ctx.clock.now().getTime();
    assert.equal(await ctx.services.ratings.applyDefaults(new Date(base + 6 * 86_400_000)), 0, 'not yet after 6 days');
    const later = new Date(base + 7 * 86_400_000 + 60_000);
    const n = await ctx.services.ratings.applyDefaults(later);
    assert.ok(n >= 1);
    const [given] = await one<{ level: number; channel: string; rated_on: string; rect: number }>(ctx, sql`
      select r.level, r.channel, r.rated_on::text as rated_on, (select count(*)::int from rectifications x where x.rating_id = r.id) as rect
      from ratings r where r.invitation_id = ${inv.id}`);
    assert.deepEqual(given, { level: 3, channel: 'default', rated_on: chinaDate(later), rect: 0 });
    assert.equal(await ctx.services.ratings.applyDefaults(later), 0, 'idempotent');
    const late = await rate({ token: inv.token, level: 1 });
    assert.equal(late.body.code, 'RATING_ALREADY_RATED');

    const { database, audit, outbox, calendar } = ctx.services;
    const strict = new RatingService({ database, clock: ctx.clock, audit, outbox, calendar, centreName: '示范区政务服务中心', publicBaseUrl: 'https://zwfw.example.gov.cn', config: { defaultDays: 7, defaultLevel: 4, rectifyDays: 10 } });
    const { res: r2 } = await intake(clerk, [food], { windowId });
    const inv2 = (await invitationOfVisit(r2.body.visitId))!;
    assert.equal(await strict.applyDefaults(later), 1);
    const [x] = await one<{ level: number; status: string; due_on: string }>(ctx, sql`select r.level, x.status, x.due_on::text as due_on
      from ratings r join rectifications x on x.rating_id = r.id where r.invitation_id = ${inv2.id}`);
    assert.equal(x?.level, 4);
    assert.equal(x?.status, 'verifying');
    assert.equal(x?.due_on, (await calendar.calendar()).addWorkingDays(chinaDate(later), 10));
  });
});
