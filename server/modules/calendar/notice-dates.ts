/**
 * The dates of a holiday notice (notice-parser.ts): Chinese numerals and weekdays, day numbers since 1970-01-01 and
 * the year a date or range of the notice falls in. Pure.
 */

export const DAY_MS = 86_400_000;

export const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
export const WEEKDAY_OF: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
export const WEEKDAY_LABEL = ['日', '一', '二', '三', '四', '五', '六'] as const;

export interface DateRef {
  y: number | undefined;
  m: number | undefined;
  d: number;
  /** weekday written next to the date (0 = Sunday), if any */
  weekday: number | undefined;
  raw: string;
}

export function cnNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  // 一..九十九: "十" alone is 10, "十三" 13, "二十" 20
  const at = s.indexOf('十');
  if (at < 0) return CN_DIGITS[s] ?? NaN;
  const tens = at === 0 ? 1 : (CN_DIGITS[s.slice(0, at)] ?? NaN);
  const units = at === s.length - 1 ? 0 : (CN_DIGITS[s.slice(at + 1)] ?? NaN);
  return tens * 10 + units;
}

export function weekdayIn(s: string | undefined): number | undefined {
  const m = s ? /(?:周|星期|礼拜)([一二三四五六日天])/.exec(s) : null;
  return m ? WEEKDAY_OF[m[1] ?? ''] : undefined;
}

/** Day number since 1970-01-01, or null for an impossible date. */
export function dayNumber(y: number, m: number, d: number): number | null {
  const dt = new Date(0);
  dt.setUTCFullYear(y, m - 1, d);
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return Math.round(dt.getTime() / DAY_MS);
}

export function isoOf(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function weekdayOf(n: number): number {
  return new Date(n * DAY_MS).getUTCDay();
}

/**
 * Years of a date or range. Explicit years win; a range running from December into January starts
 * the year before its end (元旦 "12月30日至1月1日"); December dates under 元旦 are last year's.
 */
export function yearsOf(
  start: DateRef,
  end: DateRef | undefined,
  startMonth: number,
  endMonth: number,
  year: number,
  isNewYear: boolean,
): { startYear: number; endYear: number } {
  const crosses = startMonth > endMonth;
  if (end?.y !== undefined) return { startYear: start.y ?? (crosses ? end.y - 1 : end.y), endYear: end.y };
  if (start.y !== undefined) return { startYear: start.y, endYear: crosses ? start.y + 1 : start.y };
  if (crosses) return { startYear: year - 1, endYear: year };
  const y = isNewYear && startMonth === 12 ? year - 1 : year;
  return { startYear: y, endYear: y };
}
