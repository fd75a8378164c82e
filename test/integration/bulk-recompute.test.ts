/**
 * Issue 14.8 / ADR 0022: a light is computed when read, from the promised date and the light rules as they are then.
 * Every light the API shows for 200 open cases — promised dates around today, limits of 1–30 working days, approved
 * extensions, paused clocks — is the light DOMAIN.md's rule gives (test/helpers/light-oracle.ts `yellowFrom`), before and after a
 * centre rule change and under an item's own rule; and a rule change writes no case row at all.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { EXTENSION_WORKING_DAYS } from '../../common/cases.js';
import { DEFAULT_LIGHT_RULE, yellowDaysOf, type LightRule } from '../../common/supervision.js';
import type { WorkingCalendar } from '../../common/working-days.js';
import { yellowFrom } from '../helpers/light-oracle.js';
import { rows } from '../../server/platform/db.js';
import type { Client } from '../helpers/app.js';
import { forEachDatabase } from '../helpers/app.js';
import { acceptCase, subItemIdOf } from '../helpers/case-flow.js';

interface Bulk { id: number; due: string; limit: number; extended: boolean; pausedOn: string | null }
type Part = Pick<LightRule, 'yellowMinDays' | 'yellowPercent'>;

/** DOMAIN.md's light of one case on `today` under a rule, with cases.clock.ts's arithmetic. */
function expectedLight(cal: WorkingCalendar, c: Bulk, rule: Part, today: string): string {
  const day = c.pausedOn ?? today; // a paused clock reads its pause day
  if (day > c.due) return 'red';
  const limit = c.limit + (c.extended ? EXTENSION_WORKING_DAYS : 0);
  return day >= yellowFrom(cal, c.due, limit, (l) => yellowDaysOf(rule, l)) ? 'yellow' : 'green';
}

async function lightsShown(supervisor: Client): Promise<Map<number, string>> {
  const shown = new Map<number, string>();
  for (let page = 1; ; page++) {
    const r = await supervisor.get(`/api/cases?q=BULKT&pageSize=100&page=${page}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    for (const c of r.body.items as { id: number; light: string }[]) shown.set(c.id, c.light);
    if (r.body.items.length < 100) return shown;
  }
}

forEachDatabase('lights when read', (ctx) => {
  test('200 open cases show the light the rule gives, before and after a centre rule change and under an item rule; no case is written', async () => {
    ctx.clock.set('2026-12-07T10:00:00+08:00');
    await ctx.services.calendar.syncWorkingDays();
    const today = ctx.clock.today();
    const clerk = await ctx.client('clerk1');
    const supervisor = await ctx.client('supervisor1');
    const probe = await acceptCase(clerk, await subItemIdOf(clerk, '食品经营许可', '食品经营许可（新办）'));
    const db = ctx.services.database.db;
    // 200 open copies of the probe: promised on the working days from 8 before today to 41 after (into next year's
    // provisional days: promised dates are working days, as the deadline rules make them), limits 1–30, every 5th
    // extended, every 13th paused three days ago
    const bulk = await rows<Bulk>(db, sql`
      insert into cases (case_no, visit_id, sub_item_id, item_id, department_id, site_id, checklist_version_id, channel, applicant_type, applicant_name,
                         applicant_id_no, applicant_phone, status, approval_steps, case_type, promised_limit, promised_unit, statutory_limit, statutory_unit,
                         received_on, accepted_on, promised_due, statutory_due, extension_status, paused_on)
      select 'BULKT' || k, c.visit_id, c.sub_item_id, c.item_id, c.department_id, c.site_id, c.checklist_version_id, c.channel, c.applicant_type,
             c.applicant_name, c.applicant_id_no, c.applicant_phone, 'in_review', c.approval_steps, c.case_type, 1 + k % 30, 'working', c.statutory_limit,
             c.statutory_unit, c.received_on, c.accepted_on, w.day, w.day,
             case when k % 5 = 0 then 'approved' end, case when k % 13 = 0 then ${today}::date - 3 end
      from cases c, generate_series(0, 199) k join working_days w on w.ordinal = wd_ord(${today}::date) - 8 + k / 4 where c.id = ${probe.id}
      returning id::int as id, promised_due::text as due, promised_limit as limit, (extension_status = 'approved') as extended, paused_on::text as "pausedOn"`);
    const cal = await ctx.services.calendar.calendar();
    const check = (shown: Map<number, string>, rule: Part, label: string) => {
      for (const c of bulk) assert.equal(shown.get(c.id), expectedLight(cal, c, rule, today), `${label}: case due ${c.due}, limit ${c.limit}${c.extended ? ' extended' : ''}${c.pausedOn ? ' paused' : ''}`);
    };
    const versions = async () => (await rows<{ x: string }>(db, sql`select string_agg(xmin::text, ',' order by id) as x from cases`))[0]!.x;
    const audit = async (kind: string) => (await rows<{ data: { governedCases: number; lightsChanged: number } }>(db, sql`select data from audit_log
      where kind = ${kind} order by id desc limit 1`))[0]!.data;

    const before = await lightsShown(supervisor);
    check(before, DEFAULT_LIGHT_RULE, 'default rule');
    assert.ok([...before.values()].filter((l) => l === 'yellow').length >= 10, 'the sample has yellow lights');
    const rowVersions = await versions();

    const rule = { yellowPercent: 50, yellowMinDays: 3, escalateAfterDays: 2, handoverDays: 1, signDays: 1, stepDays: 5 };
    const set = await supervisor.put('/api/supervision/light-rules/centre', rule);
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const after = await lightsShown(supervisor);
    check(after, rule, 'centre rule');
    const changed = bulk.filter((c) => before.get(c.id) !== after.get(c.id)).length;
    assert.ok(changed >= 10, `the change turns lights (${changed})`);
    assert.deepEqual(await audit('lights.rule_set'), { ...rule, governedCases: 201, lightsChanged: changed });
    assert.equal(await versions(), rowVersions, 'a rule change writes no case');

    // the same rule again changes no light
    assert.equal((await supervisor.put('/api/supervision/light-rules/centre', rule)).status, 200);
    assert.deepEqual(await audit('lights.rule_set'), { ...rule, governedCases: 201, lightsChanged: 0 });

    // an item's own rule governs its cases; removing it hands them back to the centre's
    const itemRule = { ...rule, yellowPercent: 0, yellowMinDays: 0 };
    const itemId = (await rows<{ itemId: number }>(db, sql`select item_id as "itemId" from cases where id = ${probe.id}`))[0]!.itemId;
    assert.equal((await supervisor.put(`/api/supervision/light-rules/items/${itemId}`, itemRule)).status, 200);
    check(await lightsShown(supervisor), itemRule, 'item rule');
    assert.equal((await supervisor.del(`/api/supervision/light-rules/items/${itemId}`)).status, 204);
    check(await lightsShown(supervisor), rule, 'item rule removed');
    assert.equal((await audit('lights.rule_removed')).governedCases, 201);
    assert.equal(await versions(), rowVersions, 'no rule change wrote a case');

    // the filters agree with the lights shown
    for (const light of ['green', 'yellow', 'red'] as const) {
      const r = await supervisor.get(`/api/cases?q=BULKT&light=${light}&pageSize=200`);
      assert.equal(r.status, 200);
      assert.equal(r.body.total, bulk.filter((c) => expectedLight(cal, c, rule, today) === light).length, light);
    }
  });
});
