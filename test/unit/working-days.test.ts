import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  CalendarCoverageError,
  WorkingCalendar,
  addDays,
  isValidDate,
  type DayTable,
} from '../../common/working-days.js';
import { loadBuiltinDayTable } from '../../server/modules/calendar/builtin-days.js';

const table = loadBuiltinDayTable();
const cal = new WorkingCalendar(table);

/** Inclusive list of dates from a to b. */
function range(a: string, b: string): string[] {
  const out: string[] = [];
  for (let d = a; d <= b; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Copy of the builtin table with extra holidays/workdays and covered years. */
function withOverrides(o: { holidays?: Record<string, string>; workdays?: Record<string, string>; years?: number[] }): DayTable {
  const holidays = new Map(table.holidays);
  const workdays = new Map(table.workdays);
  for (const [d, n] of Object.entries(o.holidays ?? {})) {
    holidays.set(d, n);
    workdays.delete(d);
  }
  for (const [d, n] of Object.entries(o.workdays ?? {})) {
    workdays.set(d, n);
    holidays.delete(d);
  }
  return { holidays, workdays, coveredYears: new Set([...table.coveredYears, ...(o.years ?? [])]) };
}

function assertCoverageError(fn: () => unknown, year: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CalendarCoverageError, `expected CalendarCoverageError, got ${String(e)}`);
    assert.equal(e.year, year);
    return true;
  });
}

describe('date helpers', () => {
  test('isValidDate', () => {
    assert.equal(isValidDate('2026-02-28'), true);
    assert.equal(isValidDate('2024-02-29'), true);
    assert.equal(isValidDate('2026-02-29'), false);
    assert.equal(isValidDate('2026-13-01'), false);
    assert.equal(isValidDate('2026-1-01'), false);
    assert.equal(isValidDate('2026-01-01T00:00:00Z'), false);
    assert.equal(isValidDate(''), false);
  });

  test('addDays crosses months, years and leap days', () => {
    assert.equal(addDays('2026-01-31', 1), '2026-02-01');
    assert.equal(addDays('2025-12-31', 1), '2026-01-01');
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2026-01-01', 365), '2027-01-01');
    assert.throws(() => addDays('2026-02-30', 1), RangeError);
  });
});

describe('builtin table (chinese-days)', () => {
  test('covers 2004–2026 only', () => {
    assert.equal(cal.isCovered(2004), true);
    assert.equal(cal.isCovered(2026), true);
    assert.equal(cal.isCovered(2003), false);
    assert.equal(cal.isCovered(2027), false);
    assert.deepEqual([...table.coveredYears].sort((a, b) => a - b), Array.from({ length: 23 }, (_, i) => 2004 + i));
  });

  test('names are the Chinese field', () => {
    assert.equal(table.holidays.get('2026-02-17'), '春节');
    assert.equal(table.holidays.get('2026-10-01'), '国庆节');
    assert.equal(table.workdays.get('2026-01-04'), '元旦');
  });

  test('returns fresh collections per call', () => {
    const a = loadBuiltinDayTable();
    (a.holidays as Map<string, string>).delete('2026-10-01');
    assert.equal(loadBuiltinDayTable().holidays.has('2026-10-01'), true);
  });
});

describe('2026 arrangement (国务院办公厅 2025-11-04)', () => {
  const offRanges: [string, string][] = [
    ['2026-01-01', '2026-01-03'],
    ['2026-02-15', '2026-02-23'],
    ['2026-04-04', '2026-04-06'],
    ['2026-05-01', '2026-05-05'],
    ['2026-06-19', '2026-06-21'],
    ['2026-09-25', '2026-09-27'],
    ['2026-10-01', '2026-10-07'],
  ];

  test('all holiday days are non-working', () => {
    for (const [a, b] of offRanges) {
      for (const d of range(a, b)) assert.equal(cal.isWorkday(d), false, d);
    }
  });

  test('the weekday after each holiday block is working', () => {
    for (const d of ['2026-01-05', '2026-02-24', '2026-04-07', '2026-05-06', '2026-06-22', '2026-09-28', '2026-10-08']) {
      assert.equal(cal.isWorkday(d), true, d);
    }
  });

  test('make-up working days (调休) are working, though all fall on weekends', () => {
    for (const d of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
      assert.equal(cal.isWorkday(d), true, d);
      const info = cal.dayInfo(d);
      assert.equal(info.source, 'builtin-workday', d);
    }
    assert.equal(cal.dayInfo('2026-01-04').name, '元旦');
  });

  test('ordinary weekends are off, ordinary weekdays are on', () => {
    assert.equal(cal.isWorkday('2026-03-07'), false); // Sat
    assert.equal(cal.isWorkday('2026-03-08'), false); // Sun
    assert.equal(cal.isWorkday('2026-03-09'), true); // Mon
    assert.deepEqual(cal.dayInfo('2026-03-07'), { workday: false, name: null, source: 'weekend', covered: true });
    assert.deepEqual(cal.dayInfo('2026-03-09'), { workday: true, name: null, source: 'weekday', covered: true });
    assert.deepEqual(cal.dayInfo('2026-02-17'), { workday: false, name: '春节', source: 'builtin-holiday', covered: true });
  });

  test('total 2026 working days = 248 (365 − 104 weekend days − 19 weekday holidays + 6 make-up days)', () => {
    const n = cal.workingDaysBetween('2025-12-31', '2026-12-31');
    const manual = range('2026-01-01', '2026-12-31').filter((d) => cal.isWorkday(d)).length;
    assert.equal(n, manual);
    assert.equal(n, 248);
  });
});

describe('2025 arrangement', () => {
  test('Spring Festival: 1/28–2/4 off, 1/26 and 2/8 make-up workdays', () => {
    for (const d of range('2025-01-28', '2025-02-04')) assert.equal(cal.isWorkday(d), false, d);
    assert.equal(cal.isWorkday('2025-01-26'), true); // Sun
    assert.equal(cal.isWorkday('2025-02-08'), true); // Sat
    assert.equal(cal.isWorkday('2025-01-27'), true);
    assert.equal(cal.isWorkday('2025-02-05'), true);
  });

  test('National Day: 10/1–10/8 off, 9/28 and 10/11 make-up workdays', () => {
    for (const d of range('2025-10-01', '2025-10-08')) assert.equal(cal.isWorkday(d), false, d);
    assert.equal(cal.isWorkday('2025-09-28'), true); // Sun
    assert.equal(cal.isWorkday('2025-10-11'), true); // Sat
    assert.equal(cal.isWorkday('2025-10-09'), true);
  });
});

describe('addWorkingDays / nextWorkday', () => {
  test('start day does not count: Friday + 1 = Monday', () => {
    assert.equal(cal.addWorkingDays('2026-03-06', 1), '2026-03-09');
    assert.equal(cal.addWorkingDays('2026-03-09', 1), '2026-03-10');
    assert.equal(cal.addWorkingDays('2026-03-09', 5), '2026-03-16');
  });

  test('n = 0: start itself if working, else the next working day', () => {
    assert.equal(cal.addWorkingDays('2026-03-09', 0), '2026-03-09');
    assert.equal(cal.addWorkingDays('2026-03-07', 0), '2026-03-09');
    assert.equal(cal.addWorkingDays('2026-02-15', 0), '2026-02-24');
  });

  test('across the 2026 Spring Festival', () => {
    assert.equal(cal.addWorkingDays('2026-02-13', 1), '2026-02-14'); // make-up Saturday
    assert.equal(cal.addWorkingDays('2026-02-13', 2), '2026-02-24');
    assert.equal(cal.addWorkingDays('2026-02-13', 3), '2026-02-25');
    assert.equal(cal.nextWorkday('2026-02-14'), '2026-02-24');
    assert.equal(cal.nextWorkday('2026-02-13'), '2026-02-14');
  });

  test('20 working days from 2026-09-24 across 中秋 + 国庆 → 2026-10-29', () => {
    // 9/28 9/29 9/30 | 10/8 10/9 10/10(调休) | 10/12–16 | 10/19–23 | 10/26–29
    assert.equal(cal.addWorkingDays('2026-09-24', 20), '2026-10-29');
    assert.equal(cal.deadline('2026-09-24', 20, 'working'), '2026-10-29');
    assert.equal(cal.addWorkingDays('2026-09-24', 3), '2026-09-30');
    assert.equal(cal.addWorkingDays('2026-09-24', 4), '2026-10-08');
    assert.equal(cal.addWorkingDays('2026-09-24', 6), '2026-10-10');
  });

  test('across the year end into 2026 New Year (1/4 Sunday is a make-up day)', () => {
    assert.equal(cal.addWorkingDays('2025-12-31', 1), '2026-01-04');
    assert.equal(cal.addWorkingDays('2025-12-31', 2), '2026-01-05');
  });

  test('rejects negative or fractional n and invalid dates', () => {
    assert.throws(() => cal.addWorkingDays('2026-03-09', -1), RangeError);
    assert.throws(() => cal.addWorkingDays('2026-03-09', 1.5), RangeError);
    assert.throws(() => cal.addWorkingDays('2026-02-30', 1), RangeError);
  });

  test('200 working days is fast', () => {
    const t0 = performance.now();
    let last = '';
    for (let i = 0; i < 100; i++) last = cal.addWorkingDays('2024-01-02', 200);
    const ms = performance.now() - t0;
    assert.equal(cal.workingDaysBetween('2024-01-02', last), 200);
    assert.ok(ms < 1000, `100 × addWorkingDays(200) took ${ms.toFixed(0)} ms`);
  });
});

describe('workingDaysBetween', () => {
  test('counts (from, to]', () => {
    assert.equal(cal.workingDaysBetween('2026-02-13', '2026-02-24'), 2); // 2/14, 2/24
    assert.equal(cal.workingDaysBetween('2026-03-06', '2026-03-09'), 1);
    assert.equal(cal.workingDaysBetween('2026-03-09', '2026-03-13'), 4);
    assert.equal(cal.workingDaysBetween('2026-09-24', '2026-10-29'), 20);
  });

  test('0 when equal, negative when reversed', () => {
    assert.equal(cal.workingDaysBetween('2026-03-09', '2026-03-09'), 0);
    assert.equal(cal.workingDaysBetween('2026-02-24', '2026-02-13'), -2);
    assert.equal(cal.workingDaysBetween('2026-10-29', '2026-09-24'), -20);
  });

  test('is the inverse of addWorkingDays from a working day', () => {
    for (const start of ['2025-01-20', '2025-09-26', '2026-02-12', '2026-09-24']) {
      for (const n of [1, 3, 7, 15, 30]) {
        assert.equal(cal.workingDaysBetween(start, cal.addWorkingDays(start, n)), n, `${start} + ${n}`);
      }
    }
  });
});

describe('deadline (natural days)', () => {
  test('landing on a holiday moves to the next working day', () => {
    assert.equal(cal.deadline('2026-01-27', 20, 'natural'), '2026-02-24'); // 2/16 is 春节
    assert.equal(cal.deadline('2026-09-20', 11, 'natural'), '2026-10-08'); // 10/1 is 国庆
  });

  test('landing on a weekend moves to Monday; on a make-up Saturday stays', () => {
    assert.equal(cal.deadline('2026-03-02', 5, 'natural'), '2026-03-09'); // 3/7 Sat
    assert.equal(cal.deadline('2026-02-07', 7, 'natural'), '2026-02-14'); // make-up Saturday
  });

  test('landing on a working day stays', () => {
    assert.equal(cal.deadline('2026-03-02', 7, 'natural'), '2026-03-09');
    assert.equal(cal.deadline('2026-03-02', 0, 'natural'), '2026-03-02');
  });
});

describe('coverage guard', () => {
  test('2027 dates throw CalendarCoverageError with the year', () => {
    assertCoverageError(() => cal.isWorkday('2027-01-04'), 2027);
    assertCoverageError(() => cal.nextWorkday('2027-03-01'), 2027);
    assertCoverageError(() => cal.addWorkingDays('2027-03-01', 0), 2027);
    assertCoverageError(() => cal.workingDaysBetween('2026-12-01', '2027-01-10'), 2027);
    assertCoverageError(() => cal.isWorkday('2003-06-02'), 2003);
  });

  test('computations that run into 2027 throw even from a covered start', () => {
    assertCoverageError(() => cal.addWorkingDays('2026-12-30', 5), 2027);
    assertCoverageError(() => cal.nextWorkday('2026-12-31'), 2027);
    assertCoverageError(() => cal.deadline('2026-12-20', 20, 'natural'), 2027);
    assertCoverageError(() => cal.deadline('2026-12-20', 20, 'working'), 2027);
  });

  test('computations that stay inside coverage near the edge still work', () => {
    assert.equal(cal.addWorkingDays('2026-12-28', 3), '2026-12-31');
    assert.equal(cal.workingDaysBetween('2026-12-28', '2026-12-31'), 3);
  });

  test('dayInfo never throws and flags coverage', () => {
    const info = cal.dayInfo('2027-01-01');
    assert.equal(info.covered, false);
    assert.equal(info.source, 'weekday'); // the naive guess the guard protects against
  });

  test('adding 2027 to the table (with its overrides) makes it compute', () => {
    const c = new WorkingCalendar(
      withOverrides({ years: [2027], holidays: { '2027-01-01': '元旦' } }),
    );
    assert.equal(c.isCovered(2027), true);
    assert.equal(c.isWorkday('2027-01-01'), false); // Friday, holiday
    assert.equal(c.addWorkingDays('2026-12-30', 2), '2027-01-04'); // 12/31, (1/1 off), 1/4
    assert.equal(c.workingDaysBetween('2026-12-30', '2027-01-04'), 2);
    assert.equal(c.deadline('2026-12-20', 20, 'natural'), '2027-01-11'); // 1/9 Sat → Mon
  });

  test('an override holiday on a weekday is respected', () => {
    const c = new WorkingCalendar(withOverrides({ holidays: { '2026-03-10': '地方假日' } }));
    assert.equal(c.isWorkday('2026-03-10'), false);
    assert.deepEqual(c.dayInfo('2026-03-10'), { workday: false, name: '地方假日', source: 'builtin-holiday', covered: true });
    assert.equal(c.addWorkingDays('2026-03-09', 1), '2026-03-11');
    assert.equal(c.workingDaysBetween('2026-03-09', '2026-03-13'), 3);
    assert.equal(cal.isWorkday('2026-03-10'), true); // builtin calendar unaffected
  });

  test('an override workday on a weekend is respected', () => {
    const c = new WorkingCalendar(withOverrides({ workdays: { '2026-03-07': '临时调休' } }));
    assert.equal(c.isWorkday('2026-03-07'), true);
    assert.equal(c.addWorkingDays('2026-03-06', 1), '2026-03-07');
  });
});
