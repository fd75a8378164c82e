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

/** The festival a holiday name belongs to, as the notices name their sections. */
const FESTIVAL_KEYS = ['元旦', '春节', '清明', '劳动', '端午', '中秋', '国庆'] as const;

/**
 * A parsed notice completed by the law: the statutory holidays (`statutoryHolidays`) of a festival the notice has no
 * section for are added as holidays — the 放假办法 gives them whatever a notice says about bridging and make-up days —
 * each festival with a warning; a statutory holiday that a festival's own section leaves as a working day is warned
 * about (to check), not changed. So a notice pasted in part never turns 国庆 into working days.
 */
/** The revised 放假办法 in force from 2025 (除夕 and 5月2日 became holidays): completion applies from this year on. */
export const STATUTORY_RULES_FROM = 2025;

export function completeWithStatutoryHolidays<D extends { date: string; kind: 'holiday' | 'workday'; name: string }>(
  parsed: { year: number; days: D[]; warnings: string[] },
  make: (date: string, name: string) => D,
): { year: number; days: D[]; warnings: string[] } {
  if (parsed.year < STATUTORY_RULES_FROM) return parsed; // earlier years had other statutory days: the notice as read
  const byDate = new Map(parsed.days.map((d) => [d.date, d]));
  const sections = parsed.days.map((d) => d.name);
  const added: D[] = [];
  const warnings = [...parsed.warnings];
  const missing = new Map<string, string[]>();
  for (const [date, name] of statutoryHolidays(parsed.year)) {
    if (byDate.get(date)?.kind === 'holiday') continue;
    const key = FESTIVAL_KEYS.find((k) => name.includes(k))!;
    if (sections.some((s) => s.includes(key))) {
      warnings.push(`${name}：${date} 是法定假日，通知却未安排放假，请核对`);
      continue;
    }
    if (byDate.has(date)) {
      // another festival's make-up working day falls on it: the notice decides, the admin checks
      warnings.push(`${name}：${date} 是法定假日，通知中却是「${byDate.get(date)!.name}」，请核对`);
      continue;
    }
    added.push(make(date, `${name}（法定假日，通知未列）`));
    missing.set(name, [...(missing.get(name) ?? []), date]);
  }
  for (const [name, dates] of missing) {
    warnings.push(`通知中没有「${name}」一节：已按《全国年节及纪念日放假办法》保留法定假日 ${dates.join('、')}（不调休），请核对通知是否完整`);
  }
  const days = [...parsed.days, ...added].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { year: parsed.year, days, warnings };
}
