/**
 * Provisional holidays of a year whose arrangement the State Council has not yet published
 * (暂定): the statutory holidays of 《全国年节及纪念日放假办法》 as revised in force from 2025 —
 * 元旦 1 day, 春节 4 days (除夕 and 正月初一–初三), 清明 1 day (the 清明 solar term), 劳动节 2 days
 * (5/1–5/2), 端午 1 day (五月初五), 中秋 1 day (八月十五), 国庆 3 days (10/1–10/3). No make-up days
 * (调休) and no bridging: those are only known from the notice. Lunar dates come from
 * `chinese-days`, which covers 1900–2100.
 */
import chineseDays from 'chinese-days';
import { addDays } from '../../../common/working-days.js';

export const PROVISIONAL_YEARS = { from: 1901, to: 2099 } as const;

const cache = new Map<number, ReadonlyMap<string, string>>();

/** date → holiday name for `year` (cached; the same Map on every call). */
export function statutoryHolidays(year: number): ReadonlyMap<string, string> {
  const hit = cache.get(year);
  if (hit) return hit;
  if (!Number.isInteger(year) || year < PROVISIONAL_YEARS.from || year > PROVISIONAL_YEARS.to) {
    throw new RangeError(`statutoryHolidays: year out of range: ${year}`);
  }
  const out = new Map<string, string>();
  const add = (date: string, name: string) => {
    if (date.startsWith(`${year}-`)) out.set(date, name);
  };
  add(`${year}-01-01`, '元旦');
  // 春节 of lunar year `year`: 正月初一 and the two days after it, and 除夕 the day before. A
  // 除夕 that falls in January of `year` belongs to this year; one in the previous year's lunar
  // new year is covered by that year's own call (the date check above keeps each year to itself).
  for (const lunarYear of [year, year + 1]) {
    const newYear = chineseDays.getSolarDateFromLunar(`${lunarYear}-01-01`).date;
    for (let i = -1; i <= 2; i++) add(addDays(newYear, i), '春节');
  }
  const qingming = chineseDays.getSolarTerms(`${year}-04-01`, `${year}-04-10`).find((t) => t.name === '清明');
  if (!qingming) throw new Error(`chinese-days: no 清明 solar term in ${year}`);
  add(qingming.date, '清明节');
  add(`${year}-05-01`, '劳动节');
  add(`${year}-05-02`, '劳动节');
  add(chineseDays.getSolarDateFromLunar(`${year}-05-05`).date, '端午节');
  add(chineseDays.getSolarDateFromLunar(`${year}-08-15`).date, '中秋节');
  for (const d of ['10-01', '10-02', '10-03']) add(`${year}-${d}`, '国庆节');
  const sorted = new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
  cache.set(year, sorted);
  return sorted;
}
