/**
 * Supervision through HTTP on PGlite and PostgreSQL: document-number gaps, fills, explanations and
 * duplicates with their alerts (the Liwan scenario), off-platform registration, the alert lifecycle,
 * lights and scans as the service clock moves across working days and National Day 2026, light
 * rules, the light board, metrics rollups, the dashboard and the monthly .xlsx.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { REPORT_HEADERS, REPORT_SHEETS } from '../../common/supervision.js';
import { forEachDatabase, type Client, type TestContext } from '../helpers/app.js';
import { acceptCase, decidedCase, subItemIdOf } from '../helpers/case-flow.js';
import { pdfOf } from '../helpers/files.js';

const NO = (seq: number) => `示市监食许〔2026〕${String(seq).padStart(4, '0')}`;
const q = async <T>(ctx: TestContext, query: ReturnType<typeof sql>) =>
  ((await ctx.services.database.db.execute(query)) as unknown as { rows: T[] }).rows;

forEachDatabase('supervision: document numbers and alerts', (ctx) => {
  let clerk: Client;
  let approver: Client;
  let otherApprover: Client;
  let supervisor: Client;
  let jijian: Client;
  let food = 0;
  let departmentId = 0;
  let seriesId = 0;
  let gapAlert = 0;

  test('the centre defines a series for a department; bad patterns and other roles are refused', async () => {
    clerk = await ctx.client('clerk1');
    approver = await ctx.client('approver_scjg');
    otherApprover = await ctx.client('approver_wjj');
    supervisor = await ctx.client('supervisor1');
    jijian = await ctx.client('jijian1');
    food = await subItemIdOf(clerk, '食品经营许可', '食品经营许可（新办）');
    const probe = await acceptCase(clerk, food);
    departmentId = (await clerk.get(`/api/cases/${probe.id}`)).body.departmentId;
    const body = { departmentId, name: '食品经营许可决定', pattern: '示市监食许〔{year}〕{seq:4}', startYear: 2026, startSeq: 1, allowDuplicates: false, active: true };
    assert.equal((await approver.post('/api/supervision/series', body)).status, 403);
    const bad = await supervisor.post('/api/supervision/series', { ...body, pattern: '示市监食许〔2026〕{seq:4}' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'DOCNO_PATTERN_INVALID');
    const res = await supervisor.post('/api/supervision/series', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    seriesId = res.body.id;
    assert.equal(res.body.example, `示市监食许〔${ctx.clock.today().slice(0, 4)}〕0001`); // this year's first number
    assert.equal((await supervisor.post('/api/supervision/series', body)).body.code, 'DUPLICATE');
    // the department sees its own series; another department does not
    assert.equal((await approver.get('/api/supervision/series')).body.length, 1);
    assert.equal((await otherApprover.get('/api/supervision/series')).body.length, 0);
  });

  test('…0001 then …0010 raise one alert listing 0002–0009 that reaches both supervisor roles', async () => {
    const a = await decidedCase(clerk, approver, food, NO(1));
    assert.equal(a.res.status, 200, JSON.stringify(a.res.body));
    assert.equal((await supervisor.get('/api/supervision/alerts?kind=docno_gap')).body.total, 0);
    const b = await decidedCase(clerk, approver, food, '示市监食许[2026]0010'); // typed with [] — normalised
    assert.equal(b.res.status, 200, JSON.stringify(b.res.body));
    assert.equal(b.res.body.documentNo, NO(10));
    for (const who of [supervisor, jijian]) {
      const list = (await who.get('/api/supervision/alerts?kind=docno_gap')).body;
      assert.equal(list.total, 1);
      assert.equal(list.items[0].openGaps, 8);
      gapAlert = list.items[0].id;
    }
    const detail = (await jijian.get(`/api/supervision/alerts/${gapAlert}`)).body;
    assert.deepEqual(detail.gaps.map((g: { documentNo: string }) => g.documentNo), [2, 3, 4, 5, 6, 7, 8, 9].map(NO));
    assert.deepEqual(detail.detail.missing, [2, 3, 4, 5, 6, 7, 8, 9].map(NO));
    assert.equal(detail.status, 'open');
    assert.deepEqual(detail.allowedActions, ['investigate', 'comment', 'close']);
    // notified by SMS to the supervisor and the discipline inspector
    const sms = await q<{ phone: string }>(ctx, sql`select payload->>'phone' as phone from outbox where idempotency_key like ${`alert:${gapAlert}:notify:%`} order by 1`);
    assert.deepEqual(sms.map((s) => s.phone), ['13800000501', '13800000601']);
    // the department sees its alert; another department does not
    assert.equal((await approver.get(`/api/supervision/alerts/${gapAlert}`)).status, 200);
    assert.equal((await otherApprover.get(`/api/supervision/alerts/${gapAlert}`)).status, 404);
    assert.equal((await clerk.get('/api/supervision/alerts')).status, 403);
  });

  test('registering 0005 later fills it; the department explains 0006 as voided; six stay open', async () => {
    const c = await decidedCase(clerk, approver, food, NO(5));
    assert.equal(c.res.status, 200, JSON.stringify(c.res.body));
    let detail = (await supervisor.get(`/api/supervision/alerts/${gapAlert}`)).body;
    assert.equal(detail.openGaps, 7);
    const g5 = detail.gaps.find((g: { seq: number }) => g.seq === 5);
    assert.equal(g5.status, 'filled');
    assert.match(g5.filledBy, new RegExp(c.caseNo));
    assert.ok(detail.events.some((e: { action: string; note: string }) => e.action === 'gap_filled' && e.note.includes(NO(5))));

    const g6 = detail.gaps.find((g: { seq: number }) => g.seq === 6);
    assert.equal(g6.canExplain, false, 'the supervisor does not explain for the department');
    const pdf = (await pdfOf(1)).toString('base64');
    assert.equal((await otherApprover.post(`/api/supervision/gaps/${g6.id}/explain`, { kind: 'voided', reason: '打印错误作废' })).status, 404);
    assert.equal((await approver.post(`/api/supervision/gaps/${g6.id}/explain`, { kind: 'voided', reason: ' ' })).body.code, 'DOCNO_REASON_REQUIRED');
    const ex = await approver.post(`/api/supervision/gaps/${g6.id}/explain`, {
      kind: 'voided', reason: '文书打印错误，原件已收回作废', attachment: { name: '作废登记.pdf', mime: 'application/pdf', contentBase64: pdf },
    });
    assert.equal(ex.status, 200, JSON.stringify(ex.body));
    assert.equal(ex.body.status, 'explained');
    assert.equal((await approver.post(`/api/supervision/gaps/${g6.id}/explain`, { kind: 'voided', reason: '再次' })).body.code, 'DOCNO_GAP_NOT_MISSING');
    const file = await jijian.get(ex.body.attachmentUrl);
    assert.equal(file.status, 200);
    assert.match(String(file.headers['content-type']), /pdf/);

    detail = (await jijian.get(`/api/supervision/alerts/${gapAlert}`)).body;
    assert.equal(detail.openGaps, 6);
    assert.deepEqual(detail.gaps.filter((g: { status: string }) => g.status === 'missing').map((g: { seq: number }) => g.seq), [2, 3, 4, 7, 8, 9]);
    assert.equal(detail.status, 'open');
    const series = (await supervisor.get('/api/supervision/series')).body[0];
    assert.deepEqual(series.years[0], { year: 2026, highest: 10, registered: 3, missing: 6, explained: 1 });
  });

  test('a duplicate number is refused with its code and raises its own alert; the case stays undecided', async () => {
    const before = (await supervisor.get('/api/supervision/alerts?kind=docno_duplicate')).body.total;
    const d = await decidedCase(clerk, approver, food, NO(10));
    assert.equal(d.res.status, 409);
    assert.equal(d.res.body.code, 'DOCNO_DUPLICATE');
    assert.match(d.res.body.message, /已登记过/);
    assert.equal((await approver.get(`/api/cases/${d.id}`)).body.status, 'in_review');
    const dup = (await supervisor.get('/api/supervision/alerts?kind=docno_duplicate')).body;
    assert.equal(dup.total, before + 1);
    assert.equal(dup.items[0].caseNo, d.caseNo);
    // a number outside every series of the department is refused too (no unwatched numbers)
    const e = await approver.post(`/api/cases/${d.id}/actions/approve`, { opinion: '同意', documentNo: '示市监食许〔2026〕第11号' });
    assert.equal(e.body.code, 'DOCNO_NOT_IN_SERIES');
    // reusing the explained (voided) 0006 is accepted but flagged
    const f = await approver.post(`/api/cases/${d.id}/actions/approve`, { opinion: '同意', documentNo: NO(6) });
    assert.equal(f.status, 200, JSON.stringify(f.body));
    const irregular = (await supervisor.get('/api/supervision/alerts?kind=docno_irregular')).body;
    assert.equal(irregular.total, 1);
    assert.match(irregular.items[0].title, /作废/);
  });

  test('an off-platform result is registered in its series and raises an alert', async () => {
    const body = { departmentId, documentNo: NO(11), subject: '某餐饮店食品经营许可（系统故障期间纸质办理）', reason: '11月停电期间线下办理' };
    assert.equal((await otherApprover.post('/api/supervision/off-platform', body)).status, 404);
    const res = await approver.post('/api/supervision/off-platform', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.number.source, 'off_platform');
    const alert = (await supervisor.get(`/api/supervision/alerts/${res.body.alertId}`)).body;
    assert.equal(alert.kind, 'off_platform');
    const numbers = (await approver.get(`/api/supervision/series/${seriesId}/numbers?year=2026`)).body;
    assert.deepEqual(numbers.numbers.map((n: { seq: number }) => n.seq), [11, 10, 6, 5, 1]);
  });

  test('alert lifecycle: investigate → close with a finding; unexplained gaps cannot close as explained; never deleted', async () => {
    assert.equal((await approver.post(`/api/supervision/alerts/${gapAlert}/actions/investigate`, { note: 'x' })).status, 403);
    const comment = await approver.post(`/api/supervision/alerts/${gapAlert}/actions/comment`, { note: '其余号码正在核查' });
    assert.equal(comment.status, 200);
    const inv = await jijian.post(`/api/supervision/alerts/${gapAlert}/actions/investigate`, { note: '调取纸质档案核查' });
    assert.equal(inv.body.status, 'investigating');
    const early = await jijian.post(`/api/supervision/alerts/${gapAlert}/actions/close`, { note: '已说明', conclusion: 'explained' });
    assert.equal(early.status, 409);
    assert.equal(early.body.code, 'ALERT_GAPS_UNEXPLAINED');
    assert.equal((await jijian.post(`/api/supervision/alerts/${gapAlert}/actions/close`, { note: '' , conclusion: 'violation' })).body.code, 'ALERT_NOTE_REQUIRED');
    const closed = await jijian.post(`/api/supervision/alerts/${gapAlert}/actions/close`, { note: '6 个号码为体外审批，已移送处理', conclusion: 'violation' });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.equal(closed.body.status, 'closed');
    assert.equal(closed.body.closedByName, '彭正清');
    assert.deepEqual(closed.body.events.map((e: { action: string }) => e.action), ['opened', 'gap_filled', 'gap_explained', 'comment', 'investigate', 'close']);
    assert.equal((await supervisor.post(`/api/supervision/alerts/${gapAlert}/actions/comment`, { note: 'x' })).body.code, 'ALERT_TRANSITION_NOT_ALLOWED');
    await assert.rejects(ctx.services.database.db.execute(sql`delete from supervision_alerts where id = ${gapAlert}`));
    await assert.rejects(ctx.services.database.db.execute(sql`update alert_events set note = 'x' where alert_id = ${gapAlert}`));
    const verify = await supervisor.post('/api/audit/verify');
    assert.equal(verify.body.ok, true, JSON.stringify(verify.body.firstBroken));
    const trail = (await supervisor.get(`/api/audit/events?aggregateType=alert&aggregateId=${gapAlert}&pageSize=50`)).body;
    assert.ok(trail.items.some((e: { kind: string }) => e.kind === 'alert.close'));
  });

  test('metrics: the scan rolls up; the dashboard counts the decisions; the monthly report has its sheets', async () => {
    const scan = await supervisor.post('/api/supervision/scan');
    assert.equal(scan.status, 200, JSON.stringify(scan.body));
    assert.ok(scan.body.rollupDays >= 1);
    const today = ctx.clock.today();
    const from = `${today.slice(0, 7)}-01`;
    const dash = await supervisor.get(`/api/supervision/dashboard?from=${from}&to=${today}&dimension=department`);
    assert.equal(dash.status, 200, JSON.stringify(dash.body));
    const row = dash.body.rows.find((r: { member: number }) => r.member === departmentId);
    assert.ok(row, 'the department has a row');
    assert.equal(row.decided, 4); // 0001, 0010, 0005, 0006
    assert.equal(row.onTime, 4);
    assert.equal(row.onTimeRate, 1);
    assert.equal(row.received, 5); // the probe and five decided (one refused as a duplicate, then decided)
    assert.equal(dash.body.totals.decided, 4);
    // the trigger-kept alert counts agree with counting the alerts
    assert.deepEqual(dash.body.alerts, (await supervisor.get('/api/supervision/alerts')).body.counts);
    assert.ok(dash.body.alerts.closed >= 1 && dash.body.alerts.open >= 1);
    assert.ok(dash.body.open.total >= 1);
    assert.ok(dash.body.trend.some((t: { day: string; decided: number }) => t.day === today && t.decided === 4));
    // the department sees its own figures only; a clerk none
    const mine = await approver.get(`/api/supervision/dashboard?from=${from}&to=${today}&dimension=item`);
    assert.equal(mine.status, 200);
    assert.ok(mine.body.rows.every((r: { name: string }) => r.name !== ''));
    assert.equal((await approver.get(`/api/supervision/dashboard?from=${from}&to=${today}&dimension=site`)).body.code, 'METRICS_DIMENSION_NOT_ALLOWED');
    assert.equal((await clerk.get(`/api/supervision/dashboard?from=${from}&to=${today}&dimension=site`)).status, 403);
    // a guide sees the hall's windows (named after the site, when cases came through one) and clerks
    const guide = await ctx.client('guide1');
    const byWindow = await guide.get(`/api/supervision/dashboard?from=${from}&to=${today}&dimension=window`);
    assert.equal(byWindow.status, 200, JSON.stringify(byWindow.body));
    assert.ok(byWindow.body.rows.every((r: { name: string }) => / /.test(r.name)), JSON.stringify(byWindow.body.rows));
    const byClerk = await guide.get(`/api/supervision/dashboard?from=${from}&to=${today}&dimension=clerk`);
    assert.equal(byClerk.status, 200, JSON.stringify(byClerk.body));
    assert.ok(byClerk.body.rows.some((r: { name: string }) => r.name === '李慧敏'), JSON.stringify(byClerk.body.rows));
    assert.equal((await supervisor.get(`/api/supervision/dashboard?from=${today}&to=${from}&dimension=site`)).body.code, today === from ? undefined : 'METRICS_PERIOD_INVALID');

    const file = await ctx.app.inject({ method: 'GET', url: `/api/supervision/reports/monthly?month=${today.slice(0, 7)}`, headers: { cookie: supervisor.cookie! } });
    assert.equal(file.statusCode, 200);
    assert.match(String(file.headers['content-disposition']), /attachment/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(wb.worksheets.map((w) => w.name), REPORT_SHEETS.map((s) => s.sheet));
    for (const ws of wb.worksheets) assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), [...REPORT_HEADERS]);
    const byDept = wb.getWorksheet('按部门')!;
    const deptName = row.name as string;
    const line = byDept.getRows(2, byDept.rowCount - 1)!.find((r) => r.getCell(1).value === deptName)!;
    assert.ok(line, 'the department is a row of 按部门');
    assert.equal(line.getCell(5).value, 4); // 办结量
    assert.equal(line.getCell(9).value, 1); // 按时办结率
  });
});

forEachDatabase('supervision: lights and scans on a moving clock', (ctx) => {
  let clerk: Client;
  let supervisor: Client;
  let caseId = 0;
  let itemId = 0;
  let siteId = 0;
  const at = async (day: string) => {
    ctx.clock.set(day);
    assert.equal(ctx.clock.today(), day);
  };
  const look = async () => {
    const c = (await supervisor.get(`/api/cases/${caseId}`)).body;
    return { light: c.light as string, remaining: c.remainingDays as number };
  };

  test('a 10-working-day case accepted on Thu 24 Sep 2026 is due 15 Oct, across Mid-Autumn, National Day and the make-up Saturday', async () => {
    clerk = await ctx.client('clerk1');
    supervisor = await ctx.client('supervisor1');
    const food = await subItemIdOf(clerk, '食品经营许可', '食品经营许可（新办）');
    await at('2026-09-24');
    const c = await acceptCase(clerk, food);
    caseId = c.id;
    const d = (await supervisor.get(`/api/cases/${caseId}`)).body;
    itemId = d.itemId;
    siteId = (await q<{ siteId: number }>(ctx, sql`select site_id as "siteId" from cases where id = ${caseId}`))[0]!.siteId;
    assert.equal(d.promisedDue, '2026-10-15');
    assert.deepEqual(await look(), { light: 'green', remaining: 10 });
  });

  test('lights move with working days: holidays do not count, yellow 2 working days before, red the day after', async () => {
    const expect: [string, string, number][] = [
      ['2026-09-30', 'green', 7],
      ['2026-10-05', 'green', 7], // National Day: no working day passes
      ['2026-10-10', 'green', 4], // the make-up Saturday is a working day
      ['2026-10-11', 'green', 4],
      ['2026-10-12', 'green', 3],
      ['2026-10-13', 'yellow', 2],
      ['2026-10-15', 'yellow', 0],
      ['2026-10-16', 'red', -1],
      ['2026-10-18', 'red', -1], // Sunday
    ];
    for (const [day, light, remaining] of expect) {
      await at(day);
      assert.deepEqual(await look(), { light, remaining }, day);
    }
  });

  test('scans: a step overdue, then overdue (red) and, 2 working days later without action, 督办 — each once', async () => {
    await at('2026-09-29');
    let r = (await supervisor.post('/api/supervision/scan')).body;
    assert.equal(r.stepOverdue, 1, 'accepted 24 Sep, not handed over after 2 working days');
    assert.equal(r.overdue, 0);
    await at('2026-10-16');
    r = (await supervisor.post('/api/supervision/scan')).body;
    assert.deepEqual([r.overdue, r.escalated], [1, 0], '1 working day past the deadline: red, not yet 督办');
    await at('2026-10-18');
    r = (await supervisor.post('/api/supervision/scan')).body;
    assert.deepEqual([r.overdue, r.escalated], [0, 0], 'the weekend does not count');
    await at('2026-10-19');
    r = (await supervisor.post('/api/supervision/scan')).body;
    assert.deepEqual([r.overdue, r.escalated], [0, 1], '2 working days red without action: 督办');
    r = (await supervisor.post('/api/supervision/scan')).body;
    assert.deepEqual([r.overdue, r.escalated, r.stepOverdue], [0, 0, 0], 'nothing twice');
    const esc = (await supervisor.get('/api/supervision/alerts?kind=case_escalated')).body.items[0];
    assert.equal(esc.caseId, caseId);
    assert.equal(esc.severity, 'serious');
  });

  test('the light board (public) and the overview show the red case', async () => {
    const board = (await ctx.anonymous().get(`/api/public/lights/board?siteId=${siteId}`)).body;
    assert.equal(board.counts.red, 1);
    assert.equal(board.cases[0].id, caseId);
    assert.equal(board.cases[0].light, 'red');
    assert.ok(!JSON.stringify(board).includes('好味道'), 'no applicant on the public board');
    const overview = (await supervisor.get('/api/supervision/lights')).body;
    assert.equal(overview.counts.red, 1);
    assert.ok(overview.asOf);
  });

  test('a light rule for the item recomputes open cases: 50% of 10 days turns 9 Oct yellow', async () => {
    await at('2026-10-09');
    assert.deepEqual(await look(), { light: 'green', remaining: 5 });
    const rule = { yellowPercent: 50, yellowMinDays: 1, escalateAfterDays: 2, handoverDays: 1, signDays: 1, stepDays: 5 };
    assert.equal((await (await ctx.client('approver_scjg')).put(`/api/supervision/light-rules/items/${itemId}`, rule)).status, 403);
    assert.equal((await supervisor.put(`/api/supervision/light-rules/items/${itemId}`, { ...rule, yellowPercent: 101 })).status, 400);
    const set = await supervisor.put(`/api/supervision/light-rules/items/${itemId}`, rule);
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(await look(), { light: 'yellow', remaining: 5 });
    assert.equal((await supervisor.del(`/api/supervision/light-rules/items/${itemId}`)).status, 204);
    assert.deepEqual(await look(), { light: 'green', remaining: 5 });
    // a case action right after a rule change (cold rules cache) completes: the rules are read before
    // the case transaction (on PGlite a read outside an open transaction would wait for it)
    const w = await clerk.post(`/api/cases/${caseId}/actions/withdraw`, { reason: '申请人撤回' });
    assert.equal(w.status, 200, JSON.stringify(w.body));
    const rules = (await supervisor.get('/api/supervision/light-rules')).body;
    assert.equal(rules.length, 1);
    assert.equal(rules[0].itemId, null);
    assert.equal(rules[0].yellowPercent, 20);
  });
});

forEachDatabase('supervision: a department whose platform volume drops', (ctx) => {
  test('usually 6 cases a working day, none in the last 5 working days → one 办件量异常下降 alert per week', async () => {
    const clerk = await ctx.client('clerk1');
    const supervisor = await ctx.client('supervisor1');
    const food = await subItemIdOf(clerk, '食品经营许可', '食品经营许可（新办）');
    const probe = await acceptCase(clerk, food);
    // 60 working days of history before the last 5 working days, 6 cases each (copies of the probe)
    await ctx.services.database.db.execute(sql`
      insert into cases (case_no, visit_id, sub_item_id, item_id, department_id, site_id, checklist_version_id, channel, applicant_type, applicant_name,
                         applicant_id_no, applicant_phone, status, approval_steps, case_type, promised_limit, promised_unit, statutory_limit, statutory_unit, received_on)
      select 'VOL' || w.ordinal || '-' || k, c.visit_id, c.sub_item_id, c.item_id, c.department_id, c.site_id, c.checklist_version_id, c.channel, c.applicant_type,
             c.applicant_name, c.applicant_id_no, c.applicant_phone, 'withdrawn', c.approval_steps, c.case_type, c.promised_limit, c.promised_unit,
             c.statutory_limit, c.statutory_unit, w.day
      from cases c, working_days w, generate_series(1, 6) k
      where c.id = ${probe.id} and w.ordinal between wd_ord(${ctx.clock.today()}::date) - 64 and wd_ord(${ctx.clock.today()}::date) - 5`);
    await ctx.services.database.db.execute(sql`update cases set received_on = (select day from working_days where ordinal = wd_ord(${ctx.clock.today()}::date) - 10) where id = ${probe.id}`);
    const r = (await supervisor.post('/api/supervision/scan')).body;
    assert.equal(r.volumeDrop, 1, JSON.stringify(r));
    assert.ok(r.rollupDays >= 60, 'the first rollup reaches back to the first case');
    const list = (await supervisor.get('/api/supervision/alerts?kind=volume_drop')).body;
    assert.match(list.items[0].title, /近 5 个工作日平台收件 0 件/);
    const again = (await supervisor.post('/api/supervision/scan')).body;
    assert.equal(again.volumeDrop, 0, 'once a week');
    assert.equal(again.rollupDays, 2, 'later scans the same day rebuild yesterday and today');
  });

  test('a day\'s decisions roll up with on time, early, late and handling working days as wd_ord defines them', async () => {
    const db = ctx.services.database.db;
    const [{ day }] = await q<{ day: string }>(ctx, sql`select day::text as day from working_days where ordinal = wd_ord(${ctx.clock.today()}::date) - 3`) as [{ day: string }];
    // 40 of the history's cases decided that day, accepted 0–14 days before, due 3 days before to 3 after, some paused
    await db.execute(sql`update cases c set decided_on = ${day}::date, accepted_on = ${day}::date - (x.i % 15), promised_due = ${day}::date + (x.i % 7) - 3,
        paused_days = x.i % 2
      from (select id, row_number() over (order by id)::int as i from cases where case_no like 'VOL%' order by id limit 40) x where c.id = x.id`);
    await ctx.services.metrics.rebuild(day, day);
    type Figures = { decided: number; on_time: number; early: number; late: number; handling_days: number; handled: number };
    const [got] = await q<Figures>(ctx, sql`select decided, on_time, early, late, handling_days::int as handling_days, handled
      from case_stats_daily where day = ${day} and dim = 'all'`);
    const [want] = await q<Figures>(ctx, sql`select count(*)::int as decided, sum((decided_on <= promised_due)::int)::int as on_time,
        sum((decided_on <= promised_due and wd_ord(decided_on) < wd_ord(promised_due))::int)::int as early, sum((decided_on > promised_due)::int)::int as late,
        sum(greatest(0, coalesce(wd_ord(decided_on) - wd_ord(accepted_on), 0) - paused_days))::int as handling_days,
        sum((wd_ord(accepted_on) is not null)::int)::int as handled
      from cases where decided_on = ${day} and accepted_on is not null and promised_due is not null`);
    assert.equal(want!.decided, 40);
    assert.ok(want!.early > 0 && want!.late > 0 && want!.handling_days > 0, JSON.stringify(want));
    assert.deepEqual(got, want);
  });

  test('periods of three or more months (running totals) agree with the daily rows; a rebuilt month carries forward', async () => {
    const supervisor = await ctx.client('supervisor1');
    const db = ctx.services.database.db;
    const cols = ['received', 'accepted', 'refused', 'decided', 'on_time', 'early', 'late', 'rated', 'satisfied', 'bad'] as const;
    const field = (c: string) => c.replace(/_(\w)/g, (_m, x: string) => x.toUpperCase());
    /** The dashboard by department for [from, to] against sums of the daily rows, member by member and in total. */
    const agrees = async (from: string, to: string) => {
      const dash = await supervisor.get(`/api/supervision/dashboard?from=${from}&to=${to}&dimension=department`);
      assert.equal(dash.status, 200, JSON.stringify(dash.body));
      const expected = await q<Record<string, string | number>>(ctx, sql.raw(`select dim, member, ${cols.map((c) => `sum(${c})::int as ${c}`).join(', ')}
        from case_stats_daily where dim in ('department', 'all') and day between '${from}' and '${to}' group by dim, member`));
      const depts = expected.filter((e) => e.dim === 'department');
      assert.equal(dash.body.rows.length, depts.length, `${from} … ${to}: one row per department with cases`);
      for (const e of depts) {
        const row = dash.body.rows.find((r: { member: number }) => r.member === Number(e.member));
        assert.ok(row, `${from} … ${to}: department ${e.member} has a row`);
        for (const c of cols) assert.equal(row[field(c)], Number(e[c]), `${from} … ${to}: department ${e.member} ${c}`);
      }
      const all = expected.find((e) => e.dim === 'all');
      for (const c of cols) assert.equal(dash.body.totals[field(c)], Number(all?.[c] ?? 0), `${from} … ${to}: total ${c}`);
      return dash.body;
    };
    // the real rollups of the last three months (the scan above rolled them up from the cases)
    const today = ctx.clock.today();
    const [dept] = await q<{ id: number }>(ctx, sql`select department_id as id from cases order by id limit 1`);
    const threeMonths = `${addMonths(today, -3)}`;
    assert.ok((await agrees(threeMonths, today)).totals.received >= 300);
    // a synthetic first half of 2025 in the daily rows of one department and the total, then its months rolled up
    await db.execute(sql`insert into case_stats_daily (day, dim, member, received, accepted, refused, decided, on_time, early, late, handling_days, handled, rated, satisfied, bad)
      select d::date, x.dim, x.member, 10 + extract(day from d)::int, 9, 1, 8, 7, 3, 1, 16, 8, 4, 3, 1
      from generate_series('2025-01-01'::date, '2025-06-30'::date, interval '1 day') d, (values ('department', ${dept!.id}), ('all', 0)) x(dim, member)
      where extract(isodow from d) < 6`);
    await ctx.services.metrics.rollupMonths(['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01']);
    await agrees('2025-01-01', '2025-06-30'); // six whole months: R(June) − R(December 2024)
    await agrees('2025-01-10', '2025-05-20'); // February–April whole, with the days before and after
    await agrees('2025-02-01', '2025-03-31'); // two months: the monthly rows
    await agrees('2025-03-01', today); // from the synthetic months through the real ones
    // February rebuilt with fewer cases: the months after it carry the change
    await db.execute(sql`delete from case_stats_daily where day between '2025-02-01' and '2025-02-14'`);
    await ctx.services.metrics.rollupMonths(['2025-02-01']);
    const half = await agrees('2025-01-01', '2025-06-30');
    await agrees('2025-03-01', today);
    // running totals written only through March 2025: longer periods fall back to the monthly rows
    await db.execute(sql`update stats_rollup_state set running_through = '2025-03-01' where id = 1`);
    assert.deepEqual((await agrees('2025-01-01', '2025-06-30')).totals, half.totals);
    // the next rollup writes the missing months again
    await ctx.services.metrics.rollupMonths(['2025-05-01']);
    const [state] = await q<{ through: string }>(ctx, sql`select running_through::text as through from stats_rollup_state where id = 1`);
    // through the newest month with figures: this month, or the last one on a month's first days before any case of it
    const [newest] = await q<{ m: string }>(ctx, sql`select max(month)::text as m from case_stats_monthly`);
    assert.equal(state!.through, newest!.m);
    assert.ok([`${today.slice(0, 7)}-01`, addMonths(today, -1)].includes(state!.through), state!.through);
    await agrees('2025-01-01', today);
  });
});

/** The first day of the month n months from that of `day`. */
function addMonths(day: string, n: number): string {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1 + n, 1));
  return d.toISOString().slice(0, 10);
}
