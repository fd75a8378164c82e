/**
 * The yellow light's rule in TypeScript, as DOMAIN.md states it: the oracle the tests hold the SQL of
 * cases.repository.ts `lightSql` to (the product computes lights only in SQL, when read: ADR 0022).
 */
import { yellowThreshold } from '../../common/cases.js';
import type { WorkingCalendar } from '../../common/working-days.js';

/** The working day `n` working days before `date` (itself when n = 0 and it is a working day). */
export function workingDaysBefore(cal: WorkingCalendar, date: string, n: number): string {
  let d = cal.isWorkday(date) ? date : cal.addWorkingDays(date, 0);
  for (let left = n; left > 0; ) {
    d = previousDay(d);
    if (cal.isWorkday(d)) left--;
  }
  return d;
}

function previousDay(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Yellow-light days for a promised limit: the item's light rule (supervision) or DOMAIN.md's default. */
export type YellowDays = (promisedLimit: number) => number;

/**
 * The first day of the yellow light: `yellowDays(limit)` working days before the promised date, where the limit
 * counts an approved extension's days.
 */
export function yellowFrom(cal: WorkingCalendar, promisedDue: string, promisedLimit: number, yellowDays: YellowDays = yellowThreshold): string {
  return workingDaysBefore(cal, promisedDue, yellowDays(promisedLimit));
}

