/**
 * Working-day calendar (工作日历): the national arrangement from `chinese-days` plus an
 * admin-maintained override table. Years beyond the built-in data are refused (CALENDAR_NOT_COVERED)
 * until an admin enters them and confirms the year complete.
 */
import { and, asc, between, eq } from 'drizzle-orm';
import { CalendarCoverageError, WorkingCalendar, addDays, isValidDate, type DayTable } from '../../../common/working-days.js';
import { authorize, type Actor } from '../../platform/authz.js';
import { chinaDate } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { loadBuiltinDayTable } from './builtin-days.js';
import { calendarPolicy } from './calendar.policy.js';
import { coverageWarning, coverageWarningText } from './calendar.rules.js';
import { users } from '../identity/identity.tables.js';
import { calendarOverrides, calendarYears, workingDays } from './calendar.tables.js';

const RELOAD_AFTER_MS = 30_000; // other processes may have changed overrides

export class CalendarService {
  private readonly builtin: DayTable = loadBuiltinDayTable();
  private readonly builtinYears: { from: number; to: number };
  private cached: { at: number; calendar: WorkingCalendar; overrides: Set<string>; confirmed: number[] } | null = null;

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly warnDays: number,
  ) {
    const years = [...this.builtin.coveredYears];
    this.builtinYears = { from: Math.min(...years), to: Math.max(...years) };
  }

  /** The current calendar (built-in data with overrides applied). */
  async calendar(): Promise<WorkingCalendar> {
    return (await this.state()).calendar;
  }

  private async state() {
    if (this.cached && Date.now() - this.cached.at < RELOAD_AFTER_MS) return this.cached;
    const db = this.database.db;
    const [overrides, confirmed] = await Promise.all([db.select().from(calendarOverrides), db.select().from(calendarYears)]);
    const holidays = new Map(this.builtin.holidays);
    const workdays = new Map(this.builtin.workdays);
    for (const o of overrides) {
      holidays.delete(o.date);
      workdays.delete(o.date);
      // A weekday marked workday or a weekend marked holiday is the plain rule; still record it.
      (o.kind === 'holiday' ? holidays : workdays).set(o.date, o.note || (o.kind === 'holiday' ? '节假日' : '调休上班'));
    }
    const coveredYears = new Set(this.builtin.coveredYears);
    for (const c of confirmed) coveredYears.add(c.year);
    this.cached = {
      at: Date.now(),
      calendar: new WorkingCalendar({ holidays, workdays, coveredYears }),
      overrides: new Set(overrides.map((o) => o.date)),
      confirmed: confirmed.map((c) => c.year).sort(),
    };
    return this.cached;
  }

  private invalidate() {
    this.cached = null;
  }

  /**
   * Keeps working_days (day → ordinal) equal to the calendar for the covered years from last year
   * on, so that lists compute remaining working days in SQL. Rewritten only when it differs.
   */
  async syncWorkingDays(): Promise<void> {
    const cal = (await this.state()).calendar;
    const first = Number(chinaDate().slice(0, 4)) - 1;
    let last = first - 1;
    while (cal.isCovered(last + 1)) last++;
    const expected: string[] = [];
    for (let d = `${first}-01-01`; Number(d.slice(0, 4)) <= last; d = addDays(d, 1)) {
      if (cal.isCovered(Number(d.slice(0, 4))) && cal.isWorkday(d)) expected.push(d);
    }
    await this.database.tx(async (tx) => {
      const current = await tx.select({ day: workingDays.day }).from(workingDays).orderBy(asc(workingDays.day));
      if (current.length === expected.length && current.every((r, i) => r.day === expected[i])) return;
      await tx.delete(workingDays);
      for (let i = 0; i < expected.length; i += 1000) {
        await tx.insert(workingDays).values(expected.slice(i, i + 1000).map((day, j) => ({ day, ordinal: i + j + 1 })));
      }
    });
  }

  async status(actor: Actor, lang: 'zh' | 'en' = 'zh') {
    authorize(actor, calendarPolicy, 'calendar.read');
    const st = await this.state();
    const today = chinaDate();
    const year = Number(today.slice(0, 4));
    let coveredUntil = year - 1;
    while (st.calendar.isCovered(coveredUntil + 1)) coveredUntil++;
    const warning = coverageWarningText(coverageWarning(today, (y) => st.calendar.isCovered(y), this.warnDays), lang);
    const info = st.calendar.dayInfo(today);
    return {
      today,
      todayIsWorkday: info.workday,
      builtinYears: this.builtinYears,
      confirmedYears: st.confirmed,
      coveredUntilYear: coveredUntil,
      warning,
      upcomingHolidays: this.upcomingHolidays(st.calendar, today),
    };
  }

  private upcomingHolidays(cal: WorkingCalendar, today: string): { date: string; name: string }[] {
    const out: { date: string; name: string }[] = [];
    let d = today;
    let prevHoliday = false;
    for (let i = 0; i < 200 && out.length < 3; i++) {
      d = addDays(d, 1);
      const info = cal.dayInfo(d);
      if (!info.covered) break;
      const isHoliday = !info.workday && info.source === 'builtin-holiday';
      if (isHoliday && !prevHoliday) out.push({ date: d, name: info.name ?? '节假日' });
      prevHoliday = isHoliday;
    }
    return out;
  }

  async days(actor: Actor, year: number, month: number) {
    authorize(actor, calendarPolicy, 'calendar.read');
    const st = await this.state();
    const first = `${year}-${String(month).padStart(2, '0')}-01`;
    const out = [];
    for (let d = first; d.slice(0, 7) === first.slice(0, 7); d = addDays(d, 1)) {
      const info = st.calendar.dayInfo(d);
      const source = st.overrides.has(d) ? 'override' : info.source.startsWith('builtin') ? 'builtin' : 'weekday';
      out.push({ date: d, workday: info.workday, source: source as 'override' | 'builtin' | 'weekday', name: info.name });
    }
    return out;
  }

  async listOverrides(actor: Actor, year?: number) {
    authorize(actor, calendarPolicy, 'calendar.read');
    return this.database.db
      .select({
        date: calendarOverrides.date,
        kind: calendarOverrides.kind,
        note: calendarOverrides.note,
        updatedAt: calendarOverrides.updatedAt,
        updatedBy: users.displayName,
      })
      .from(calendarOverrides)
      .leftJoin(users, eq(users.id, calendarOverrides.updatedBy))
      .where(year ? between(calendarOverrides.date, `${year}-01-01`, `${year}-12-31`) : undefined)
      .orderBy(asc(calendarOverrides.date));
  }

  async setOverride(actor: Actor, date: string, kind: 'workday' | 'holiday', note: string) {
    authorize(actor, calendarPolicy, 'calendar.manage');
    if (!isValidDate(date)) throw new AppError('CALENDAR_DATE_INVALID', { date });
    const updatedBy = actor.kind === 'user' ? actor.userId : null;
    await this.database.tx(async (tx) => {
      const [before] = await tx.select().from(calendarOverrides).where(eq(calendarOverrides.date, date));
      await tx
        .insert(calendarOverrides)
        .values({ date, kind, note, updatedBy })
        .onConflictDoUpdate({ target: calendarOverrides.date, set: { kind, note, updatedBy, updatedAt: new Date() } });
      await this.audit.record(tx, actor, {
        kind: 'calendar.override_set',
        aggregateType: 'calendar',
        aggregateId: date.slice(0, 4),
        data: { date, kind, note, before: before ? { kind: before.kind, note: before.note } : null },
      });
    });
    this.invalidate();
    await this.syncWorkingDays();
  }

  async removeOverride(actor: Actor, date: string) {
    authorize(actor, calendarPolicy, 'calendar.manage');
    if (!isValidDate(date)) throw new AppError('CALENDAR_DATE_INVALID', { date });
    await this.database.tx(async (tx) => {
      const [gone] = await tx.delete(calendarOverrides).where(eq(calendarOverrides.date, date)).returning();
      if (!gone) throw new AppError('NOT_FOUND');
      await this.audit.record(tx, actor, {
        kind: 'calendar.override_removed',
        aggregateType: 'calendar',
        aggregateId: date.slice(0, 4),
        data: { date, kind: gone.kind, note: gone.note },
      });
    });
    this.invalidate();
    await this.syncWorkingDays();
  }

  /** An admin declares a year beyond the built-in data completely entered (all holidays and 调休). */
  async confirmYear(actor: Actor, year: number) {
    authorize(actor, calendarPolicy, 'calendar.manage');
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError('VALIDATION_FAILED', { detail: '年份不正确' });
    await this.database.tx(async (tx) => {
      const n = await tx.$count(calendarOverrides, and(between(calendarOverrides.date, `${year}-01-01`, `${year}-12-31`), eq(calendarOverrides.kind, 'holiday')));
      if (n === 0 && !this.builtin.coveredYears.has(year)) throw new AppError('CALENDAR_YEAR_EMPTY', { year });
      await tx
        .insert(calendarYears)
        .values({ year, confirmedBy: actor.kind === 'user' ? actor.userId : null })
        .onConflictDoNothing();
      await this.audit.record(tx, actor, { kind: 'calendar.year_confirmed', aggregateType: 'calendar', aggregateId: year, data: { year, holidayOverrides: n } });
    });
    this.invalidate();
    await this.syncWorkingDays();
  }

  /** Deadline arithmetic for API callers; a year outside coverage is a clear 422. */
  async compute(actor: Actor, start: string, limit: number, unit: 'working' | 'natural') {
    authorize(actor, calendarPolicy, 'calendar.read');
    if (!isValidDate(start)) throw new AppError('CALENDAR_DATE_INVALID', { date: start });
    const cal = await this.calendar();
    try {
      return { start, limit, unit, deadline: cal.deadline(start, limit, unit) };
    } catch (err) {
      throw asAppError(err);
    }
  }
}

export function asAppError(err: unknown): unknown {
  return err instanceof CalendarCoverageError ? new AppError('CALENDAR_NOT_COVERED', { year: err.year }) : err;
}
