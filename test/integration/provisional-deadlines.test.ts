/**
 * Issue 13: an unpublished year never blocks work. On 2026-12-07 (2027's arrangement not yet
 * published) 食品经营许可（新办） is accepted with its statutory deadline provisional (暂定); entering
 * and confirming the 2027 notice recomputes the open provisional deadlines in one transaction,
 * audited, the light follows, and only applicants whose promised date moved get one SMS.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db.js';
import { forEachDatabase } from '../helpers/app.js';
import { acceptCase, subItemIdOf } from '../helpers/case-flow.js';

const NOTICE_2027 = readFileSync(new URL('../fixtures/notices/test-2027.txt', import.meta.url), 'utf8');
const NOTICE_2026 = readFileSync(new URL('../fixtures/notices/2026.txt', import.meta.url), 'utf8');

forEachDatabase('provisional deadlines', (ctx) => {
  const smsFor = async (caseId: number) =>
    rows<{ body: string }>(ctx.services.database.db, sql`select payload->>'body' as body from outbox where idempotency_key like ${`case:${caseId}:%:case.deadline_changed`}`);

  test('accepted on 2026-12-07: promised 2026-12-21, statutory 暂定 in January 2027; the notice recomputes it', async () => {
    ctx.clock.set('2026-12-07T10:00:00+08:00');
    const clerk = await ctx.client('clerk1');
    const admin = await ctx.client('admin');
    const food = await subItemIdOf(clerk, '食品经营许可', '食品经营许可（新办）');

    // Before the clerk submits: both deadlines shown, the statutory one 暂定.
    const form = (await clerk.get(`/api/cases/intake-form?subItemIds=${food}`)).body;
    const s = form.subItems[0];
    assert.deepEqual([s.promisedDueIfToday, s.promisedProvisionalIfToday], ['2026-12-21', false]);
    assert.deepEqual([s.statutoryDueIfToday, s.statutoryProvisionalIfToday], ['2027-01-05', true]);

    const early = await acceptCase(clerk, food);
    let c = (await clerk.get(`/api/cases/${early.id}`)).body;
    assert.deepEqual([c.promisedDue, c.promisedProvisional, c.statutoryDue, c.statutoryProvisional], ['2026-12-21', false, '2027-01-05', true]);
    // 12-08…12-31: 18 working days; 2027-01-01 元旦 (statutory); 01-04 is the 19th, 01-05 the 20th.

    // Two weeks on, a case whose promised date itself reaches into 2027.
    ctx.clock.set('2026-12-21T10:00:00+08:00');
    const late = await acceptCase(clerk, food);
    c = (await clerk.get(`/api/cases/${late.id}`)).body;
    assert.deepEqual([c.promisedDue, c.promisedProvisional], ['2027-01-05', true]);
    const accepted = await rows<{ body: string }>(ctx.services.database.db, sql`select payload->>'body' as body from outbox where idempotency_key like ${`case:${late.id}:%:case.accepted`}`);
    assert.match(accepted[0]!.body, /2027-01-05前办结（暂定/);
    // Shown provisional in lists and on the public progress page.
    const list = (await clerk.get(`/api/cases?q=${late.caseNo}`)).body.items;
    assert.equal(list[0].promisedProvisional, true);
    const progress = (await ctx.anonymous().get(`/api/public/progress/${late.caseNo}?phone4=5678`)).body;
    assert.deepEqual([progress.promisedDue, progress.promisedProvisional], ['2027-01-05', true]);

    // 2027-01-06: the provisional promised date has passed → red.
    ctx.clock.set('2027-01-06T10:00:00+08:00');
    await ctx.services.calendar.syncWorkingDays();
    assert.equal((await clerk.get(`/api/cases/${late.id}`)).body.light, 'red');

    // The admin pastes the wrong year's notice: refused with a clear message, nothing stored.
    const wrong = await admin.post('/api/calendar/notice/preview', { text: NOTICE_2026, year: 2027 });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.code, 'CALENDAR_NOTICE_UNREADABLE');
    // Preview of the 2027 notice (a test fixture): 01-04 becomes a holiday, 01-09 a make-up day.
    const preview = (await admin.post('/api/calendar/notice/preview', { text: NOTICE_2027, year: 2027 })).body;
    assert.equal(preview.year, 2027);
    const jan4 = preview.days.find((d: { date: string }) => d.date === '2027-01-04');
    assert.deepEqual([jan4.kind, jan4.currentlyWorkday, jan4.changes], ['holiday', true, true]);
    // The fixture has only 元旦 and 春节: the other festivals' statutory days are kept as holidays, each with a warning.
    const oct1 = preview.days.find((d: { date: string }) => d.date === '2027-10-01');
    assert.deepEqual([oct1.kind, oct1.name], ['holiday', '国庆节（法定假日，通知未列）']);
    assert.equal(preview.days.length, 21);
    assert.equal(preview.warnings.filter((w: string) => w.startsWith('通知中没有')).length, 5);
    assert.equal((await clerk.post('/api/calendar/years/2027/notice', { text: NOTICE_2027 })).status, 403);

    // its warnings (the festivals it leaves out) must be checked first
    const unchecked = await admin.post('/api/calendar/years/2027/notice', { text: NOTICE_2027 });
    assert.deepEqual([unchecked.status, unchecked.body.code], [409, 'CALENDAR_NOTICE_WARNINGS_UNCHECKED']);
    const applied = await admin.post('/api/calendar/years/2027/notice', { text: NOTICE_2027, warningsChecked: true });
    assert.equal(applied.status, 200, JSON.stringify(applied.body));
    assert.equal(applied.body.days, 21);
    assert.equal((await admin.get('/api/calendar/days?year=2027&month=4')).body.days.find((d: { date: string }) => d.date === '2027-04-05')?.workday, false, '清明 stays a holiday');
    assert.deepEqual(applied.body.deadlines, { cases: 2, changed: 2, notified: 1 });

    // The early case: promised unchanged, statutory recomputed 01-05 → 01-06, no longer provisional.
    c = (await clerk.get(`/api/cases/${early.id}`)).body;
    assert.deepEqual([c.promisedDue, c.statutoryDue, c.statutoryProvisional], ['2026-12-21', '2027-01-06', false]);
    assert.equal((await smsFor(early.id)).length, 0, 'the promised date did not move: no SMS');
    // The late case: promised 01-05 → 01-06; the light follows (due today: yellow, not red).
    c = (await clerk.get(`/api/cases/${late.id}`)).body;
    assert.deepEqual([c.promisedDue, c.promisedProvisional, c.light, c.remainingDays], ['2027-01-06', false, 'yellow', 0]);
    const sms = await smsFor(late.id);
    assert.equal(sms.length, 1);
    assert.match(sms[0]!.body, /承诺办结日由2027-01-05调整为2027-01-06/);
    assert.ok(c.events.some((e: { action: string }) => e.action === 'deadline_recomputed'));

    // Audited with before and after, in the confirming transaction: the year's change list on the calendar year's chain.
    const supervisor = await ctx.client('supervisor1');
    const audit = (await supervisor.get('/api/audit/events?aggregateType=calendar&aggregateId=2027')).body.items;
    const rec = audit.find((a: { kind: string }) => a.kind === 'calendar.deadlines_recomputed');
    assert.ok(rec, 'recomputation audited');
    assert.equal(rec.summary, '确认年度日历后重算办件期限：2027 年，2 件（第 1/1 部分）');
    const row = (id: number) => Object.fromEntries(rec.data.columns.map((col: string, i: number) => [col, rec.data.changes.find((ch: unknown[]) => ch[0] === id)?.[i]]));
    assert.deepEqual([row(early.id).promisedDueBefore, row(early.id).promisedDueAfter, row(early.id).statutoryDueBefore, row(early.id).statutoryDueAfter],
      ['2026-12-21', '2026-12-21', '2027-01-05', '2027-01-06']);
    assert.deepEqual([row(late.id).promisedDueBefore, row(late.id).promisedDueAfter], ['2027-01-05', '2027-01-06']);
    const confirmed = (await supervisor.get('/api/audit/events?kind=calendar.year_confirmed')).body.items;
    assert.equal(confirmed[0].data.deadlines.changed, 2);

    // Confirming again looks at the two cases reaching into 2027, moves nothing and sends nothing more.
    const again = await admin.post('/api/calendar/years/2027/confirm');
    assert.deepEqual(again.body.deadlines, { cases: 2, changed: 0, notified: 0 });
    assert.equal((await smsFor(late.id)).length, 1);
  });
});
