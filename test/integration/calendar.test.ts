import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from '../helpers/app.js';

forEachDatabase('calendar', (ctx) => {
  test('days of a month show holidays and make-up working days from the national arrangement', async () => {
    const c = await ctx.client('clerk1');
    const oct = (await c.get('/api/calendar/days?year=2026&month=10')).body.days as { date: string; workday: boolean; source: string; name: string | null }[];
    assert.equal(oct.length, 31);
    const day = (d: string) => oct.find((x) => x.date === d)!;
    assert.equal(day('2026-10-01').workday, false);
    assert.equal(day('2026-10-01').name, '国庆节');
    assert.equal(day('2026-10-07').workday, false);
    assert.equal(day('2026-10-08').workday, true);
    assert.equal(day('2026-10-10').workday, true, '调休 Saturday');
    assert.equal(day('2026-10-10').source, 'builtin');
  });

  test('deadlines: start day not counted, holidays skipped; into an unconfirmed year provisional (暂定), never refused', async () => {
    const c = await ctx.client('clerk1');
    const d = await c.get('/api/calendar/deadline?start=2026-09-24&limit=20');
    assert.equal(d.status, 200);
    assert.equal(d.body.deadline, '2026-10-29');
    const n = await c.get('/api/calendar/deadline?start=2026-09-28&limit=3&unit=natural');
    assert.equal(n.body.deadline, '2026-10-08', 'a natural-day deadline on a holiday moves to the next working day');
    assert.equal(d.body.provisional, false);
    const beyond = await c.get('/api/calendar/deadline?start=2026-12-20&limit=20');
    assert.equal(beyond.status, 200);
    // 12-21..12-31: 9 working days; 2027-01-01 元旦 (statutory); 01-04..01-15: 10; the 20th is 01-18.
    assert.deepEqual([beyond.body.deadline, beyond.body.provisional], ['2027-01-18', true]);
    // 春节 2027 provisionally: 除夕 02-05 (Fri) to 初三 02-08 (Mon); 20 working days from 2027-01-20 skip both weekdays.
    const spring = await c.get('/api/calendar/deadline?start=2027-01-20&limit=20');
    assert.deepEqual([spring.body.deadline, spring.body.provisional], ['2027-02-19', true]);
    const feb = (await c.get('/api/calendar/days?year=2027&month=2')).body.days as { date: string; workday: boolean; source: string; name: string | null; provisional: boolean }[];
    const eve = feb.find((x) => x.date === '2027-02-05')!;
    assert.deepEqual([eve.workday, eve.source, eve.name, eve.provisional], [false, 'provisional', '春节', true]);
  });

  test('admins are warned ahead that next year is missing, enter it, confirm it, and deadlines compute', async () => {
    const admin = await ctx.client('admin');
    const st = (await admin.get('/api/calendar/status')).body;
    assert.equal(st.coveredUntilYear, 2026);
    assert.deepEqual(st.builtinYears, { from: 2004, to: 2026 });
    // Today (the machine's date) decides whether the warning window has started; the rule is tested in unit tests.
    if (st.today >= '2026-11-02' && st.today <= '2026-12-31') assert.match(st.warning, /2027 年的节假日安排尚未录入/);

    const holidays = ['2027-01-01', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-15', '2027-02-16'];
    for (const date of holidays) assert.equal((await admin.put(`/api/calendar/overrides/${date}`, { kind: 'holiday', note: date < '2027-02-01' ? '元旦' : '春节' })).status, 204);
    assert.equal((await admin.put('/api/calendar/overrides/2027-02-07', { kind: 'workday', note: '春节调休上班' })).status, 204);
    const empty = await admin.post('/api/calendar/years/2028/confirm');
    assert.equal(empty.status, 409);
    assert.equal(empty.body.code, 'CALENDAR_YEAR_EMPTY');
    // Entered but not confirmed: provisional.
    assert.equal((await admin.get('/api/calendar/deadline?start=2026-12-20&limit=20')).body.provisional, true);
    const confirmed = await admin.post('/api/calendar/years/2027/confirm');
    assert.equal(confirmed.status, 200);
    assert.equal(confirmed.body.year, 2027);
    const d = await admin.get('/api/calendar/deadline?start=2026-12-20&limit=20');
    assert.equal(d.status, 200);
    assert.equal(d.body.provisional, false);
    // 12-21..12-31: 9 working days; 2027-01-01 holiday; 01-04.. → the 20th working day is 2027-01-18.
    assert.equal(d.body.deadline, '2027-01-18');
    const feb = (await admin.get('/api/calendar/days?year=2027&month=2')).body.days as { date: string; workday: boolean; source: string; name: string }[];
    const f = (x: string) => feb.find((y) => y.date === x)!;
    assert.equal(f('2027-02-07').workday, true);
    assert.equal(f('2027-02-07').source, 'override');
    assert.equal(f('2027-02-10').workday, false);
    assert.equal(f('2027-02-10').name, '春节');
    const status = (await admin.get('/api/calendar/status')).body;
    assert.deepEqual(status.confirmedYears, [2027]);
    assert.equal(status.coveredUntilYear, 2027);

    const list = (await admin.get('/api/calendar/overrides?year=2027')).body.items;
    assert.equal(list.length, 7);
    assert.equal(list[0].updatedBy, '系统管理员');
    assert.equal((await admin.del('/api/calendar/overrides/2027-02-07')).status, 204);
    assert.equal((await admin.del('/api/calendar/overrides/2027-02-07')).status, 404);
    const events = await (await ctx.client('supervisor1')).get('/api/audit/events?kind=calendar.override_set');
    assert.equal(events.body.total, 7);
  });

  test('an override on a weekday makes it a holiday (e.g. a local closure)', async () => {
    const admin = await ctx.client('admin');
    assert.equal((await admin.put('/api/calendar/overrides/2026-12-09', { kind: 'holiday', note: '台风停工' })).status, 204);
    const dec = (await admin.get('/api/calendar/days?year=2026&month=12')).body.days as { date: string; workday: boolean; name: string }[];
    const day = dec.find((d) => d.date === '2026-12-09')!;
    assert.equal(day.workday, false);
    assert.equal(day.name, '台风停工');
    assert.equal((await admin.get('/api/calendar/deadline?start=2026-12-08&limit=1')).body.deadline, '2026-12-10');
  });

  test('only admins change the calendar', async () => {
    const clerk = await ctx.client('clerk1');
    assert.equal((await clerk.put('/api/calendar/overrides/2026-12-10', { kind: 'holiday', note: '' })).status, 403);
  });
});
