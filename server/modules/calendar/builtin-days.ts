/**
 * Builtin holiday table from the `chinese-days` package data
 * (`{ holidays: { 'YYYY-MM-DD': 'English,中文,n' }, workdays: {...}, inLieuDays: {...} }`).
 * Covered years = min..max year present in `holidays`; later years must come from admin overrides.
 */
import { createRequire } from 'node:module';
import type { DayTable } from '../../../common/working-days.js';
import { isValidDate } from '../../../common/working-days.js';

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays?: Record<string, string>;
}

interface Parsed {
  holidays: Map<string, string>;
  workdays: Map<string, string>;
  coveredYears: Set<number>;
}

let cache: Parsed | null = null;

/** 'Spring Festival,春节,4' → '春节' (second comma-separated field; whole value as fallback). */
function chineseName(raw: string): string {
  const parts = raw.split(',');
  return (parts.length >= 3 ? parts[parts.length - 2] : parts[1])?.trim() || raw;
}

function toMap(record: Record<string, string>, what: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const [date, raw] of Object.entries(record)) {
    if (!isValidDate(date)) throw new Error(`chinese-days ${what}: invalid date key ${date}`);
    map.set(date, chineseName(String(raw)));
  }
  return map;
}

function parse(): Parsed {
  if (cache) return cache;
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysJson;
  const holidays = toMap(data.holidays, 'holidays');
  const workdays = toMap(data.workdays, 'workdays');
  const years = [...holidays.keys()].map((d) => Number(d.slice(0, 4)));
  if (years.length === 0) throw new Error('chinese-days: no holiday data');
  const min = Math.min(...years);
  const max = Math.max(...years);
  const coveredYears = new Set<number>();
  for (let y = min; y <= max; y++) coveredYears.add(y);
  cache = { holidays, workdays, coveredYears };
  return cache;
}

/**
 * The builtin day table. The JSON is read once; each call returns fresh collections, so callers
 * may copy/merge overrides without affecting other callers.
 */
export function loadBuiltinDayTable(): DayTable {
  const p = parse();
  return {
    holidays: new Map(p.holidays),
    workdays: new Map(p.workdays),
    coveredYears: new Set(p.coveredYears),
  };
}
