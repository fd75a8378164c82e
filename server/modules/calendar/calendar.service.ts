/**
 * Working-day calendar (工作日历): the national arrangement from `chinese-days` plus an
 * admin-maintained override table. Years beyond the built-in data are computed provisionally (暂定,
 * statutory holidays only, `statutory-holidays.ts`) until an admin enters them and confirms the
 * year; confirming recomputes every open case's provisional deadlines (ADR 0015).
 */
import { and, asc, between, eq, sql } from 'drizzle-orm';
import { CalendarCoverageError, WorkingCalendar, addDays, isValidDate, type DayTable } from '../../../common/working-days.js';
import { authorize, type Actor } from '../../platform/authz.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { loadBuiltinDayTable } from './builtin-days.js';
import { calendarPolicy } from './calendar.policy.js';
import { coverageWarning, coverageWarningText } from './calendar.rules.js';
import { identityRepo } from '../identity/identity.repository.js';
import { calendarOverrides, calendarYears, workingDays } from './calendar.tables.js';
import { completeWithStatutoryHolidays, statutoryHolidays } from './statutory-holidays.js';
import { NoticeParseError, parseHolidayNotice, type NoticeDay, type NoticeParse } from './notice-parser.js';

/** Years past the current one that working_days (the SQL ordinal table) always reaches. */
const ORDINAL_YEARS_AHEAD = 3;

const RELOAD_AFTER_MS = 30_000; // other processes may have changed overrides

/** What confirming a year did to open cases (reported by the cases module, ADR 0015). */
export interface DeadlineRecomputeResult { cases: number; changed: number; notified: number }

/**
 * The cases module's part in confirming a year: `prepare` runs before the transaction (it may read),
 * the step it returns runs inside it with the confirmed calendar.
 */
export interface CalendarConfirmHook {
  prepare(): Promise<(tx: Tx, actor: Actor, cal: WorkingCalendar, year: number) => Promise<DeadlineRecomputeResult>>;
}

export class CalendarService {
  private readonly builtin: DayTable = loadBuiltinDayTable();
  private readonly builtinYears: { from: number; to: number };
  private cached: { at: number; calendar: WorkingCalendar; overrides: Set<string>; confirmed: number[] } | null = null;
  /** set by services.ts: recomputes open cases' provisional deadlines when a year is confirmed */
  readonly hooks: { confirm?: CalendarConfirmHook } = {};

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
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
    this.cached = await this.build(this.database.db);
    return this.cached;
  }

  /** The calendar as the tables say (inside a transaction: as that transaction sees them). */
  private async build(ex: Database['db'] | Tx) {
    const [overrides, confirmed] = await Promise.all([ex.select().from(calendarOverrides), ex.select().from(calendarYears)]);
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
    return {
      at: Date.now(),
      calendar: new WorkingCalendar({ holidays, workdays, coveredYears, provisionalHolidays: statutoryHolidays }),
      overrides: new Set(overrides.map((o) => o.date)),
      confirmed: confirmed.map((c) => c.year).sort(),
    };
  }

  private invalidate() {
    this.cached = null;
  }

  /**
   * Keeps working_days (day → ordinal) equal to the calendar from last year on — confirmed years
   * and, after them, provisional ones up to ORDINAL_YEARS_AHEAD years ahead — so that lists compute
   * remaining working days in SQL. Rewritten only when it differs.
   */
  async syncWorkingDays(): Promise<void> {
    const cal = (await this.state()).calendar;
    const first = Number(this.clock.today().slice(0, 4)) - 1;
    let last = first - 1;
    while (cal.isCovered(last + 1)) last++;
    last = Math.max(last, first + 1 + ORDINAL_YEARS_AHEAD);
    const expected: string[] = [];
    for (let d = `${first}-01-01`; Number(d.slice(0, 4)) <= last; d = addDays(d, 1)) {
      if (cal.isComputable(Number(d.slice(0, 4))) && cal.isWorkday(d)) expected.push(d);
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
    const today = this.clock.today();
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
      // an unconfirmed year's statutory holidays are listed too, marked 暂定
      const isHoliday = !info.workday && (info.source === 'builtin-holiday' || info.source === 'provisional-holiday');
      const name = info.name ?? '节假日';
      if (isHoliday && !prevHoliday) out.push({ date: d, name: info.covered ? name : `${name}（暂定）` });
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
      const source = st.overrides.has(d) ? 'override' : info.source.startsWith('builtin') ? 'builtin' : info.source === 'provisional-holiday' ? 'provisional' : 'weekday';
      out.push({ date: d, workday: info.workday, source: source as 'override' | 'builtin' | 'provisional' | 'weekday', name: info.name, provisional: !info.covered });
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
        updatedBy: sql<string | null>`${identityRepo.userDisplayNameSql(sql`${calendarOverrides.updatedBy}`)}`,
      })
      .from(calendarOverrides)
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

  /**
   * An admin declares a year beyond the built-in data completely entered (all holidays and 调休).
   * In the same transaction every open case whose deadlines were provisional is recomputed on the
   * confirmed calendar (the cases module's hook), each change audited.
   */
  async confirmYear(actor: Actor, year: number): Promise<{ year: number; deadlines: DeadlineRecomputeResult }> {
    authorize(actor, calendarPolicy, 'calendar.manage');
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError('VALIDATION_FAILED', { detail: '年份不正确' });
    const recompute = await this.hooks.confirm?.prepare();
    const deadlines = await this.database.tx((tx) => this.confirmIn(tx, actor, year, recompute));
    this.invalidate();
    await this.syncWorkingDays();
    return { year, deadlines };
  }

  /**
   * 录入国务院通知, step 1: the pasted notice parsed into a preview (nothing stored). Each day says
   * what the calendar has for it now, so the admin sees what confirming changes.
   */
  async previewNotice(actor: Actor, text: string, year?: number) {
    authorize(actor, calendarPolicy, 'calendar.manage');
    const parsed = parseNotice(text, year);
    const cal = await this.calendar();
    return {
      year: parsed.year,
      days: parsed.days.map((d) => {
        const now = cal.dayInfo(d.date);
        return { ...d, currentlyWorkday: now.workday, changes: now.workday !== (d.kind === 'workday') };
      }),
      warnings: parsed.warnings,
      confirmed: cal.isCovered(parsed.year),
    };
  }

  /**
   * Step 2: the notice entered as overrides (note = the holiday's name) and the year confirmed, in one
   * transaction with the recomputation of open provisional deadlines. The text is parsed again here:
   * what is stored is what the server read, never a client's list.
   */
  async applyNotice(actor: Actor, year: number, text: string, warningsChecked = false): Promise<{ year: number; days: number; deadlines: DeadlineRecomputeResult }> {
    authorize(actor, calendarPolicy, 'calendar.manage');
    const parsed = parseNotice(text, year);
    // what the preview warned about must have been checked against the notice (the screen asks; so does the server)
    if (parsed.warnings.length && !warningsChecked) throw new AppError('CALENDAR_NOTICE_WARNINGS_UNCHECKED', { n: parsed.warnings.length });
    const recompute = await this.hooks.confirm?.prepare();
    const updatedBy = actor.kind === 'user' ? actor.userId : null;
    const deadlines = await this.database.tx(async (tx) => {
      for (const d of parsed.days) {
        const note = d.name.slice(0, 60);
        await tx.insert(calendarOverrides).values({ date: d.date, kind: d.kind, note, updatedBy })
          .onConflictDoUpdate({ target: calendarOverrides.date, set: { kind: d.kind, note, updatedBy, updatedAt: new Date() } });
      }
      await this.audit.record(tx, actor, {
        kind: 'calendar.notice_applied', aggregateType: 'calendar', aggregateId: year,
        data: { year, days: parsed.days.map((d) => `${d.date} ${d.kind === 'holiday' ? '休' : '班'} ${d.name}`), warnings: parsed.warnings },
      });
      return this.confirmIn(tx, actor, year, recompute);
    });
    this.invalidate();
    await this.syncWorkingDays();
    return { year, days: parsed.days.length, deadlines };
  }

  /** The year marked confirmed, then open cases' provisional deadlines recomputed on the calendar that makes, all audited. */
  private async confirmIn(tx: Tx, actor: Actor, year: number, recompute: Awaited<ReturnType<CalendarConfirmHook['prepare']>> | undefined) {
    const n = await tx.$count(calendarOverrides, and(between(calendarOverrides.date, `${year}-01-01`, `${year}-12-31`), eq(calendarOverrides.kind, 'holiday')));
    if (n === 0 && !this.builtin.coveredYears.has(year)) throw new AppError('CALENDAR_YEAR_EMPTY', { year });
    await tx
      .insert(calendarYears)
      .values({ year, confirmedBy: actor.kind === 'user' ? actor.userId : null })
      .onConflictDoNothing();
    const deadlines = recompute ? await recompute(tx, actor, (await this.build(tx)).calendar, year) : { cases: 0, changed: 0, notified: 0 };
    await this.audit.record(tx, actor, { kind: 'calendar.year_confirmed', aggregateType: 'calendar', aggregateId: year, data: { year, holidayOverrides: n, deadlines } });
    return deadlines;
  }

  /** Deadline arithmetic for API callers; a deadline resting on an unconfirmed year says it is provisional (暂定). */
  async compute(actor: Actor, start: string, limit: number, unit: 'working' | 'natural') {
    authorize(actor, calendarPolicy, 'calendar.read');
    if (!isValidDate(start)) throw new AppError('CALENDAR_DATE_INVALID', { date: start });
    const cal = await this.calendar();
    try {
      const r = cal.deadlineDetail(start, limit, unit);
      return { start, limit, unit, deadline: r.date, provisional: r.provisional };
    } catch (err) {
      throw asAppError(err);
    }
  }
}

/** The notice as read, completed by the statutory holidays of any festival it leaves out (with warnings). */
function parseNotice(text: string, year?: number): NoticeParse & { days: NoticeDay[] } {
  try {
    return completeWithStatutoryHolidays(parseHolidayNotice(text, year), (date, name): NoticeDay => ({ date, kind: 'holiday', name }));
  } catch (err) {
    if (err instanceof NoticeParseError) throw new AppError('CALENDAR_NOTICE_UNREADABLE', { detail: err.message });
    throw err;
  }
}

export function asAppError(err: unknown): unknown {
  return err instanceof CalendarCoverageError ? new AppError('CALENDAR_NOT_COVERED', { year: err.year }) : err;
}
