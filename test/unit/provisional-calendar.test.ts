import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CalendarCoverageError, WorkingCalendar } from '../../common/working-days.js';
import { loadBuiltinDayTable } from '../../server/modules/calendar/builtin-days.js';
import { statutoryHolidays } from '../../server/modules/calendar/statutory-holidays.js';
import { acceptanceDeadlines, extendDeadlines, shiftDeadlines } from '../../server/modules/cases/cases.clock.js';

const builtin = loadBuiltinDayTable();
const provisional = new WorkingCalendar({ ...builtin, provisionalHolidays: statutoryHolidays });

describe('statutory holidays (暂定, 全国年节及纪念日放假办法 in force from 2025)', () => {
  test('2027: 元旦 1, 春节 4 from 除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3 — 13 days', () => {
    const h = statutoryHolidays(2027);
    assert.deepEqual([...h.keys()], [
      '2027-01-01',
      '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', // 除夕 (腊月廿九: 腊月 has 29 days) … 初三
      '2027-04-05',
      '2027-05-01', '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01', '2027-10-02', '2027-10-03',
    ]);
    assert.equal(h.get('2027-02-05'), '春节');
    assert.equal(h.get('2027-04-05'), '清明节');
  });

  test('every statutory holiday of 2025 and 2026 is a holiday in the published arrangement', () => {
    for (const year of [2025, 2026]) {
      const h = statutoryHolidays(year);
      assert.equal(h.size, 13, `${year}: 13 statutory days`);
      for (const date of h.keys()) assert.ok(builtin.holidays.has(date), `${date} (${h.get(date)}) is off in the ${year} notice`);
    }
  });

  test('a 除夕 in January belongs to its own year; the lunar new year of the next year is not pulled in', () => {
    // 2028: 正月初一 is 01-26, 除夕 01-25; 2028's own list has them, 2027's does not.
    assert.ok(statutoryHolidays(2028).has('2028-01-25'));
    assert.ok(![...statutoryHolidays(2027).keys()].some((d) => d.startsWith('2028')));
  });
});

describe('provisional deadlines', () => {
  test('a deadline into an unconfirmed year is computed and marked provisional', () => {
    // 2026-12-07 + 20 working days: 18 in December, 2027-01-01 元旦 off, 01-04 and 01-05.
    assert.deepEqual(provisional.deadlineDetail('2026-12-07', 20, 'working'), { date: '2027-01-05', provisional: true });
    assert.deepEqual(provisional.deadlineDetail('2026-12-07', 10, 'working'), { date: '2026-12-21', provisional: false });
    // natural days landing on the provisional 元旦 move to the next working day
    assert.deepEqual(provisional.deadlineDetail('2026-12-02', 30, 'natural'), { date: '2027-01-04', provisional: true });
    assert.equal(provisional.dayInfo('2027-02-08').source, 'provisional-holiday');
    assert.equal(provisional.dayInfo('2027-02-08').covered, false);
  });

  test('without provisional holidays the strict guard stays', () => {
    const strict = new WorkingCalendar(builtin);
    assert.throws(() => strict.deadline('2026-12-07', 20, 'working'), CalendarCoverageError);
  });

  test('admin overrides of an unconfirmed year win over the statutory rule; confirming clears the flag', () => {
    const holidays = new Map(builtin.holidays).set('2027-01-01', '元旦').set('2027-01-04', '元旦');
    const workdays = new Map(builtin.workdays).set('2027-01-09', '元旦调休上班');
    const entered = new WorkingCalendar({ holidays, workdays, coveredYears: builtin.coveredYears, provisionalHolidays: statutoryHolidays });
    assert.deepEqual(entered.deadlineDetail('2026-12-07', 20, 'working'), { date: '2027-01-06', provisional: true });
    const confirmed = new WorkingCalendar({ holidays, workdays, coveredYears: new Set([...builtin.coveredYears, 2027]), provisionalHolidays: statutoryHolidays });
    assert.deepEqual(confirmed.deadlineDetail('2026-12-07', 20, 'working'), { date: '2027-01-06', provisional: false });
  });

  test('case deadlines carry the flags through acceptance, a pause and an extension', () => {
    const limits = { promisedLimit: 10, promisedUnit: 'working' as const, statutoryLimit: 20, statutoryUnit: 'working' as const };
    const d = acceptanceDeadlines(provisional, '2026-12-07', limits);
    assert.deepEqual([d.promisedDue, d.promisedProvisional, d.statutoryDue, d.statutoryProvisional], ['2026-12-21', false, '2027-01-05', true]);
    const shifted = shiftDeadlines(provisional, d, 3);
    assert.deepEqual([shifted.promisedDue, shifted.promisedProvisional, shifted.statutoryProvisional], ['2026-12-24', false, true]);
    const extended = extendDeadlines(provisional, d);
    assert.deepEqual([extended.promisedDue, extended.promisedProvisional], ['2027-01-05', true]);
  });
});
