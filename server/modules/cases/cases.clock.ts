/**
 * Deadline maths of a case (时限), pure over a WorkingCalendar:
 *  - deadlines count from the acceptance day (not counted, 民法典 §201) in the item's unit;
 *  - the yellow light: from the first day on which remaining working days ≤ the light rule's yellow days
 *    (DOMAIN.md default max(1, 20% of the promised limit)); not stored — lists compute it in SQL from the
 *    current rules (cases.repository.ts `lightSql`, ADR 0022; test/helpers/light-oracle.ts states it in TypeScript);
 *  - a special procedure (特别程序, 行政许可法 §45) started on S and ended on E pauses the working
 *    days in (S, E]: both deadlines move by exactly that many working days;
 *  - an approved extension (§42) adds 10 working days to both deadlines;
 *  - a deadline that depends on a year whose arrangement is not confirmed is provisional (暂定);
 *    when the year is confirmed it is re-projected onto the new calendar (`reprojectDeadline`).
 */
import { EXTENSION_WORKING_DAYS } from '../../../common/cases.js';
import type { LimitUnit } from '../../../common/catalog.js';
import type { WorkingCalendar } from '../../../common/working-days.js';

export interface Limits {
  promisedLimit: number;
  promisedUnit: LimitUnit;
  statutoryLimit: number;
  statutoryUnit: LimitUnit;
}

export interface Deadlines {
  promisedDue: string;
  statutoryDue: string;
  /** 暂定: the deadline rests on a year whose arrangement is not confirmed */
  promisedProvisional: boolean;
  statutoryProvisional: boolean;
}

/** Deadlines already set on a case (the columns `shiftDeadlines` and `extendDeadlines` start from). */
export interface CurrentDeadlines {
  promisedDue: string;
  statutoryDue: string;
  promisedProvisional: boolean;
  statutoryProvisional: boolean;
}

/** What a case stores of its deadlines: the dates (暂定 is the calendar's answer when read, ADR 0024). */
export function dueDates(d: Deadlines): { promisedDue: string; statutoryDue: string } {
  return { promisedDue: d.promisedDue, statutoryDue: d.statutoryDue };
}

/** 暂定 of a stored deadline: some year from the acceptance day to it has no confirmed arrangement (false without a date). */
export function provisional(cal: WorkingCalendar, acceptedOn: string | null, due: string | null): boolean {
  return acceptedOn !== null && due !== null && cal.isProvisional(acceptedOn, due);
}

/** The deadlines stored on a case with what the calendar says of them today: provisional while some year from the
 * acceptance day to the date is unconfirmed. */
export function storedDeadlines(cal: WorkingCalendar, acceptedOn: string, promisedDue: string, statutoryDue: string): CurrentDeadlines {
  return {
    promisedDue, statutoryDue,
    promisedProvisional: cal.isProvisional(acceptedOn, promisedDue), statutoryProvisional: cal.isProvisional(acceptedOn, statutoryDue),
  };
}

export function acceptanceDeadlines(cal: WorkingCalendar, acceptedOn: string, l: Limits): Deadlines {
  const promised = cal.deadlineDetail(acceptedOn, l.promisedLimit, l.promisedUnit);
  const statutory = cal.deadlineDetail(acceptedOn, l.statutoryLimit, l.statutoryUnit);
  return {
    promisedDue: promised.date, statutoryDue: statutory.date,
    promisedProvisional: promised.provisional, statutoryProvisional: statutory.provisional,
  };
}

/** Working days a special procedure paused the clock: those in (startOn, endOn]. */
export function pausedWorkingDays(cal: WorkingCalendar, startOn: string, endOn: string): number {
  return Math.max(0, cal.workingDaysBetween(startOn, endOn));
}

/** Both deadlines moved later by `days` working days. */
export function shiftDeadlines(cal: WorkingCalendar, d: CurrentDeadlines, days: number): Deadlines {
  const promisedDue = days ? cal.addWorkingDays(d.promisedDue, days) : d.promisedDue;
  const statutoryDue = days ? cal.addWorkingDays(d.statutoryDue, days) : d.statutoryDue;
  return {
    promisedDue, statutoryDue,
    promisedProvisional: d.promisedProvisional || cal.isProvisional(d.promisedDue, promisedDue),
    statutoryProvisional: d.statutoryProvisional || cal.isProvisional(d.statutoryDue, statutoryDue),
  };
}

export function extendDeadlines(cal: WorkingCalendar, d: CurrentDeadlines): Deadlines {
  return shiftDeadlines(cal, d, EXTENSION_WORKING_DAYS);
}
