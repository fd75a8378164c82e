/** Calendar dates of the hall (Beijing time, no DST), as YYYY-MM-DD strings. */
import { pad2 } from './format';

function iso(d: Date): string {
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Today's date in China, whatever the browser's time zone. */
export function chinaToday(now: Date = new Date()): string {
  return iso(new Date(now.getTime() + 8 * 3600_000));
}

/** `date` shifted by `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return iso(new Date(Date.UTC(y, m - 1, d + days)));
}

/** Whole minutes between two instants (ISO strings or a Date for "now"); null when unknown. */
export function minutesBetween(from: string | null, to: string | Date | null): number | null {
  if (!from || !to) return null;
  const a = new Date(from).getTime();
  const b = (to instanceof Date ? to : new Date(to)).getTime();
  if (Number.isNaN(a) || Number.isNaN(b)) return null;
  return Math.max(0, Math.floor((b - a) / 60_000));
}
