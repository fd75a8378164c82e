/**
 * Reporting periods as calendar dates (YYYY-MM-DD, Beijing time): the dashboard query takes a
 * from–to date range; the monthly report a month (YYYY-MM).
 */
import { addDays, chinaToday } from '@/shared/utils/dates';
import { pad2 } from '@/shared/utils/format';

export { addDays, chinaToday };

/** '2026-11' → ['2026-11-01', '2026-11-30'] */
export function monthBounds(month: string): [string, string] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${pad2(last)}`];
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** `month` shifted by `months` (negative: earlier). */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + months, 1));
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}`;
}

/** The current month so far: first of the month to today. */
export function thisMonth(today: string = chinaToday()): [string, string] {
  return [`${monthOf(today)}-01`, today];
}

/** A month range as dates; a range ending in the current month stops at today. */
export function monthRangeDates(fromMonth: string, toMonth: string, today: string = chinaToday()): [string, string] {
  const to = monthBounds(toMonth)[1];
  return [monthBounds(fromMonth)[0], to > today ? today : to];
}

export function isDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
}
