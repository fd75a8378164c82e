/**
 * Working-day arithmetic (工作日计算). Pure; dates are plain `YYYY-MM-DD` strings, computed in UTC.
 *  - 行政许可法 §82: limits are in working days, statutory holidays excluded, 调休 make-up days count.
 *  - 民法典 §201: the start day does not count; a deadline on a non-working day moves to the next
 *    working day.
 * Confirmed and provisional years: a year whose arrangement is known (built in, or entered and
 * confirmed by an admin) is *covered*. A year that is not is computed **provisionally** (暂定) from
 * the table's `provisionalHolidays` (the statutory holidays, no make-up days) when the table has
 * them — a service centre never stops accepting because next year's notice is late — and callers
 * learn which answers are provisional (`deadlineDetail`, `isProvisional`). A table without
 * `provisionalHolidays` keeps the strict guard: such a date throws CalendarCoverageError.
 */

export interface DayTable {
  /** date -> holiday name (non-working) */
  holidays: ReadonlyMap<string, string>;
  /** date -> name of the 调休 make-up working day (working even on a weekend) */
  workdays: ReadonlyMap<string, string>;
  /** years whose arrangement is known (confirmed) */
  coveredYears: ReadonlySet<number>;
  /**
   * date → holiday name of a year that is not covered (暂定: the statutory holidays of
   * 《全国年节及纪念日放假办法》, no make-up days); entries in `holidays`/`workdays` still win.
   * Absent: uncovered years throw CalendarCoverageError.
   */
  provisionalHolidays?: (year: number) => ReadonlyMap<string, string>;
}

/** A computed date and whether any year it depended on is only provisional (暂定). */
export interface DatedAnswer {
  date: string;
  provisional: boolean;
}

export class CalendarCoverageError extends Error {
  public readonly year: number;
  /** the date that was outside coverage, when known */
  public readonly date: string | undefined;
  constructor(year: number, date?: string) {
    super(
      `Working-day calendar does not cover ${year}${date ? ` (date ${date})` : ''}; ` +
        `load the ${year} holiday arrangement first`,
    );
    this.name = 'CalendarCoverageError';
    this.year = year;
    this.date = date;
  }
}

export type DaySource = 'builtin-holiday' | 'builtin-workday' | 'provisional-holiday' | 'weekday' | 'weekend';

export interface DayInfo {
  workday: boolean;
  name: string | null;
  source: DaySource;
  /** false when the year is not confirmed: `workday` is then provisional (or a weekday guess) */
  covered: boolean;
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a valid date string, or NaN. */
function toDayNumber(s: string): number {
  const m = DATE_RE.exec(s);
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const dt = new Date(0);
  dt.setUTCFullYear(y, mo - 1, d); // setUTCFullYear: no 0–99 → 19xx mapping
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return NaN;
  return Math.round(dt.getTime() / DAY_MS);
}

function fromDayNumber(n: number): string {
  const dt = new Date(n * DAY_MS);
  const y = dt.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`date out of range: day ${n}`);
  return (
    String(y).padStart(4, '0') +
    '-' +
    String(dt.getUTCMonth() + 1).padStart(2, '0') +
    '-' +
    String(dt.getUTCDate()).padStart(2, '0')
  );
}

function parse(s: string): number {
  const n = toDayNumber(s);
  if (Number.isNaN(n)) throw new RangeError(`invalid date (expected YYYY-MM-DD): ${JSON.stringify(s)}`);
  return n;
}

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
  }
}

/** True for a real calendar date in `YYYY-MM-DD` form. */
export function isValidDate(s: string): boolean {
  return typeof s === 'string' && !Number.isNaN(toDayNumber(s));
}

/** Calendar-day addition (n may be negative). Throws RangeError on an invalid date. */
export function addDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return fromDayNumber(parse(date) + n);
}

export class WorkingCalendar {
  private readonly table: DayTable;

  constructor(table: DayTable) {
    this.table = table;
  }

  isCovered(year: number): boolean {
    return this.table.coveredYears.has(year);
  }

  /** Can dates of `year` be computed (covered, or provisionally)? */
  isComputable(year: number): boolean {
    return this.isCovered(year) || this.provisionalFor(year) !== null;
  }

  /** Does an answer over the dates from `from` to `to` (either order) rest on an unconfirmed year? */
  isProvisional(from: string, to: string = from): boolean {
    const a = Number(from.slice(0, 4));
    const b = Number(to.slice(0, 4));
    for (let y = Math.min(a, b); y <= Math.max(a, b); y++) if (!this.isCovered(y)) return true;
    return false;
  }

  /**
   * Is `date` a working day? Throws CalendarCoverageError when its year is not covered.
   * A date listed as a make-up workday wins over a holiday entry for the same date.
   */
  isWorkday(date: string): boolean {
    const n = parse(date);
    this.assertCovered(date);
    return this.classify(date, n).workday;
  }

  /** For display: never throws on coverage (see `covered`); throws RangeError on an invalid date. */
  dayInfo(date: string): DayInfo {
    const n = parse(date);
    return { ...this.classify(date, n), covered: this.isCovered(Number(date.slice(0, 4))) };
  }

  /** First working day strictly after `date`. */
  nextWorkday(date: string): string {
    let n = parse(date);
    this.assertCovered(date);
    for (;;) {
      n += 1;
      const d = fromDayNumber(n);
      if (this.workdayAt(d, n)) return d;
    }
  }

  /**
   * The n-th working day after `start` (start day not counted). n = 0 → `start` if it is a working
   * day, else the next working day.
   */
  addWorkingDays(start: string, n: number): string {
    assertCount(n, 'addWorkingDays: n');
    let day = parse(start);
    this.assertCovered(start);
    if (n === 0) return this.workdayAt(start, day) ? start : this.nextWorkday(start);
    let count = 0;
    let d = start;
    while (count < n) {
      day += 1;
      d = fromDayNumber(day);
      if (this.workdayAt(d, day)) count += 1;
    }
    return d;
  }

  /** Working days in (from, to]; negative when to < from (working days in (to, from], negated). */
  workingDaysBetween(from: string, to: string): number {
    const a = parse(from);
    const b = parse(to);
    this.assertCovered(from);
    this.assertCovered(to);
    if (a === b) return 0;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    let count = 0;
    for (let day = lo + 1; day <= hi; day++) {
      if (this.workdayAt(fromDayNumber(day), day)) count += 1;
    }
    return b > a ? count : -count;
  }

  /**
   * Deadline for a limit counted from `start` (start day not counted).
   * working: addWorkingDays; natural: start + limit calendar days, moved to the next working day
   * if that day is not a working day.
   */
  deadline(start: string, limit: number, unit: 'working' | 'natural'): string {
    return this.deadlineDetail(start, limit, unit).date;
  }

  /** `deadline` with whether it is provisional (暂定: some day from `start` to it is in an unconfirmed year). */
  deadlineDetail(start: string, limit: number, unit: 'working' | 'natural'): DatedAnswer {
    const date = this.computeDeadline(start, limit, unit);
    return { date, provisional: this.isProvisional(start, date) };
  }

  private computeDeadline(start: string, limit: number, unit: 'working' | 'natural'): string {
    assertCount(limit, 'deadline: limit');
    if (unit === 'working') return this.addWorkingDays(start, limit);
    if (unit !== 'natural') throw new RangeError(`deadline: unknown unit ${String(unit)}`);
    this.assertCovered(start);
    const end = addDays(start, limit);
    return this.isWorkday(end) ? end : this.nextWorkday(end);
  }

  // -------------------------------------------------------------------------------------------

  private assertCovered(date: string): void {
    const year = Number(date.slice(0, 4));
    if (!this.table.coveredYears.has(year) && this.provisionalFor(year) === null) throw new CalendarCoverageError(year, date);
  }

  private provisionalFor(year: number): ReadonlyMap<string, string> | null {
    const f = this.table.provisionalHolidays;
    if (!f) return null;
    try {
      return f(year);
    } catch {
      return null; // outside the lunar data: not computable
    }
  }

  /** Coverage-checked workday test for `date` (already parsed to day number `n`). */
  private workdayAt(date: string, n: number): boolean {
    this.assertCovered(date);
    return this.classify(date, n).workday;
  }

  private classify(date: string, n: number): Omit<DayInfo, 'covered'> {
    const make = this.table.workdays.get(date);
    if (make !== undefined) return { workday: true, name: make, source: 'builtin-workday' };
    const holiday = this.table.holidays.get(date);
    if (holiday !== undefined) return { workday: false, name: holiday, source: 'builtin-holiday' };
    const year = Number(date.slice(0, 4));
    if (!this.table.coveredYears.has(year)) {
      const provisional = this.provisionalFor(year)?.get(date);
      if (provisional !== undefined) return { workday: false, name: provisional, source: 'provisional-holiday' };
    }
    const dow = (((n + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    if (dow === 0 || dow === 6) return { workday: false, name: null, source: 'weekend' };
    return { workday: true, name: null, source: 'weekday' };
  }
}
