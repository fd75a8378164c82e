/**
 * Issue 14.8: the set-based light-rule recompute gives every open case the yellow_from the per-case expression it
 * replaced gave (kept here as the oracle), on promised dates of every kind — working days, weekends, holidays,
 * before working_days' range and after it — and writes only the cases whose yellow_from changes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { yellowDaysOf } from '../../common/supervision.js';
import { yellowFrom } from '../../server/modules/cases/cases.clock.js';
import { rows } from '../../server/platform/db.js';
import { forEachDatabase } from '../helpers/app.js';
import { acceptCase, subItemIdOf } from '../helpers/case-flow.js';

forEachDatabase('bulk recompute', (ctx) => {
  test('a centre light-rule change sets yellow_from of 200 open cases as the per-case expression did, writing only the changed ones', async () => {
    ctx.clock.set('2026-12-07T10:00:00+08:00');
    await ctx.services.calendar.syncWorkingDays();
    const clerk = await ctx.client('clerk1');
    const supervisor = await ctx.client('supervisor1');
    const probe = await acceptCase(clerk, await subItemIdOf(clerk, '食品经营许可', '食品经营许可（新办）'));
    const db = ctx.services.database.db;
    // 200 open copies of the probe: promised dates every 11 days from 2024-12-01 (working_days starts 2025-01-01)
    // to 2030-12 (it ends 2029-12-31), limits 1–30 working days
    await db.execute(sql`
      insert into cases (case_no, visit_id, sub_item_id, item_id, department_id, site_id, checklist_version_id, channel, applicant_type, applicant_name,
                         applicant_id_no, applicant_phone, status, approval_steps, case_type, promised_limit, promised_unit, statutory_limit, statutory_unit,
                         received_on, accepted_on, promised_due, statutory_due, yellow_from)
      select 'BULKT' || k, c.visit_id, c.sub_item_id, c.item_id, c.department_id, c.site_id, c.checklist_version_id, c.channel, c.applicant_type,
             c.applicant_name, c.applicant_id_no, c.applicant_phone, 'in_review', c.approval_steps, c.case_type, 1 + k % 30, 'working', c.statutory_limit,
             c.statutory_unit, c.received_on, c.accepted_on, date '2024-12-01' + k * 11, date '2024-12-01' + k * 11, date '2024-12-01' + k * 11
      from cases c, generate_series(0, 199) k where c.id = ${probe.id}`);
    const rule = { yellowPercent: 30, yellowMinDays: 2, escalateAfterDays: 2, handoverDays: 1, signDays: 1, stepDays: 5 };
    // the oracle: the statement this change replaced, per case
    const expected = await rows<{ id: number; due: string; limit: number; yellow: string }>(db, sql`
      select c.id::int as id, c.promised_due::text as due, c.promised_limit as limit,
             coalesce((select w.day from working_days w where w.ordinal = wd_ord(c.promised_due)
               - greatest(${rule.yellowMinDays}, floor(c.promised_limit * ${rule.yellowPercent} / 100.0))::int), c.promised_due)::text as yellow
      from cases c where c.status in ('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned') order by c.id`);
    assert.equal(expected.length, 201);

    const set = await supervisor.put('/api/supervision/light-rules/centre', rule);
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const got = await rows<{ id: number; yellow: string }>(db, sql`select id::int as id, yellow_from::text as yellow from cases
      where status in ('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned') order by id`);
    assert.deepEqual(got.map((r) => [r.id, r.yellow]), expected.map((r) => [r.id, r.yellow]));
    // and, for the promised dates that are working days inside the calendar's range, as cases.clock.ts computes it
    const cal = await ctx.services.calendar.calendar();
    const inRange = expected.filter((r) => r.due >= '2025-01-20' && r.due <= '2029-12-31' && cal.isWorkday(r.due));
    assert.ok(inRange.length > 100);
    for (const r of inRange) assert.equal(r.yellow, yellowFrom(cal, r.due, r.limit, (l) => yellowDaysOf(rule, l)), `case ${r.id} due ${r.due}`);

    const audit = async () => (await rows<{ data: { recomputedCases: number; changedCases: number } }>(db, sql`select data from audit_log
      where kind = 'lights.rule_set' order by id desc limit 1`))[0]!.data;
    const first = await audit();
    assert.equal(first.recomputedCases, 201);
    assert.ok(first.changedCases > 150 && first.changedCases <= 201, JSON.stringify(first));
    // the same rule again changes nothing and writes no case
    const [before] = await rows<{ x: string }>(db, sql`select string_agg(xmin::text, ',' order by id) as x from cases`);
    assert.equal((await supervisor.put('/api/supervision/light-rules/centre', rule)).status, 200);
    assert.deepEqual([(await audit()).recomputedCases, (await audit()).changedCases], [201, 0]);
    const [after] = await rows<{ x: string }>(db, sql`select string_agg(xmin::text, ',' order by id) as x from cases`);
    assert.equal(after!.x, before!.x, 'no row version written');
  });
});
