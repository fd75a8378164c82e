/**
 * Parser for the State Council's annual holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知).
 * Pure: text in, preview out. The admin checks the preview before anything is stored, so the parser
 * prefers a warning over a guess and never drops a line with a date silently.
 *
 * Shape of a notice: title, addressees, preamble, then one section per holiday
 * ("一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。"), a closing
 * paragraph and the issuing office and date. Only the sections are read.
 */

import { WEEKDAY_LABEL, cnNumber, dayNumber, isoOf, weekdayIn, weekdayOf, yearsOf, type DateRef } from './notice-dates.js';

export interface NoticeDay {
  /** YYYY-MM-DD */
  date: string;
  kind: 'holiday' | 'workday';
  /** e.g. '春节', or for a workday '春节调休上班' */
  name: string;
}

export interface NoticeParse {
  year: number;
  /** sorted by date, no duplicates */
  days: NoticeDay[];
  /** Chinese, one per thing that was not fully understood */
  warnings: string[];
}

export type NoticeParseFailure = 'no-year' | 'no-holiday' | 'year-mismatch';

export class NoticeParseError extends Error {
  /** stable for the API layer; `reason` tells the cases apart */
  readonly code = 'CALENDAR_NOTICE_UNREADABLE' as const;
  readonly reason: NoticeParseFailure;
  constructor(reason: NoticeParseFailure, message: string) {
    super(message);
    this.name = 'NoticeParseError';
    this.reason = reason;
  }
}

const WORKDAY_SUFFIX = '调休上班';
/** Longest plausible span of one holiday range; anything longer is a misread. */
const MAX_RANGE_DAYS = 31;


/**
 * NFKC folds full-width digits and punctuation（：，（）～；） to ASCII and U+3000 to a space; 、 and 。
 * stay. All spaces go: Chinese needs none, and dropping them also mends "2025 年" and indentation.
 * Line breaks stay, they mark paragraphs.
 */
function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[^\S\n]+/g, '')
    .replace(/\n{2,}/g, '\n');
}

const YEAR_PATTERNS = [
  /关于(\d{4})年(?:部分)?(?:节假日|放假)/,
  /现将(\d{4})年/,
  /(\d{4})年(?:部分节假日|元旦|春节|清明|劳动节|端午|中秋|国庆)/,
];

function findYear(text: string): number | null {
  for (const re of YEAR_PATTERNS) {
    const m = re.exec(text);
    if (m) {
      const y = Number(m[1]);
      if (y >= 1990 && y <= 2200) return y;
    }
  }
  return null;
}

/**
 * A section header: at the start of the text, a line or a sentence, an optional number
 * ("一、", "(一)", "1.") and holiday names ending in a colon ("国庆节、中秋节:"), maybe wrapped.
 */
const HEADER_RE =
  /(?<=^|[\n。;:])(?:(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、)])\n*)?([\u4e00-\u9fff]{1,20}(?:\n*、\n*[\u4e00-\u9fff]{1,20})*)\n*:/gu;
/** The preamble and addressees also have "words:"; a real header names holidays only. */
const HOLIDAY_NAME_RE = /^(?:元旦|[\u4e00-\u9fff]{1,8}节)$/u;

interface Section {
  name: string;
  body: string;
}

function findSections(text: string): Section[] {
  const heads: { name: string; start: number; bodyStart: number }[] = [];
  for (const m of text.matchAll(HEADER_RE)) {
    // a wrapped paste may break the header line itself
    const name = (m[1] ?? '').replace(/\n/g, '');
    if (!name.split(/[、和及与]/u).every((part) => HOLIDAY_NAME_RE.test(part))) continue;
    heads.push({ name, start: m.index, bodyStart: m.index + m[0].length });
  }
  return heads.map((h, i) => ({ name: h.name, body: text.slice(h.bodyStart, heads[i + 1]?.start ?? text.length) }));
}

const HAS_DATE_RE = /\d{1,2}[日号]/;
const HAS_KEYWORD_RE = /放假|上班|补班|休息|公休/;

/**
 * The body of the last section runs on into the closing paragraph and signature. Lines are joined
 * into paragraphs (a line not ending in 。 was wrapped); after the first paragraph, the section
 * goes on only while a paragraph still has a date and a 放假/上班 word.
 */
function sectionSentences(body: string): string[] {
  const paragraphs: string[] = [];
  let cur = '';
  for (const line of body.split('\n')) {
    cur += line;
    if (cur.endsWith('。')) {
      paragraphs.push(cur);
      cur = '';
    }
  }
  if (cur) paragraphs.push(cur);
  const kept: string[] = [];
  for (const p of paragraphs) {
    if (kept.length > 0 && !(HAS_DATE_RE.test(p) && HAS_KEYWORD_RE.test(p))) break;
    kept.push(p);
  }
  return kept
    .join('')
    .split(/[。;]|\.(?!\d)/)
    .filter((s) => s.length > 0);
}

const TOKEN_RE = new RegExp(
  [
    // "2018年12月30日", "1月28日(农历除夕、周二)", "6日(周日)", "1月1日周三"
    '(?<date>(?:(?<y>\\d{4})年)?(?:(?<m>\\d{1,2})月)?(?<d>\\d{1,2})[日号](?:\\((?<ann>[^()]*)\\)|(?<wd>(?:周|星期|礼拜)[一二三四五六日天]))?)',
    '(?<range>至|到|~|-+|—+|–)',
    '(?<count>(?:共(?<n1>\\d+|[一二三四五六七八九十]{1,3})|(?<n2>\\d+))天)',
    '(?<off>放假|休息|休假|公休)',
    '(?<on>上班|补班)',
    // whole digit runs, so a date is never matched from the middle of a number
    '(?<other>\\d+|[\\s\\S])',
  ].join('|'),
  'uy',
);


interface Item {
  start: DateRef;
  end: DateRef | undefined;
  /** a range separator followed the start; the next date is its end */
  open: boolean;
}

type Kind = NoticeDay['kind'];


class Collector {
  readonly days = new Map<string, NoticeDay>();
  readonly warnings: string[] = [];

  add(day: NoticeDay): void {
    const prev = this.days.get(day.date);
    if (!prev) {
      this.days.set(day.date, day);
      return;
    }
    if (prev.kind === day.kind && prev.name === day.name) return;
    this.warnings.push(
      `${day.date} 在通知中出现多次（${describe(prev)}；${describe(day)}），预览中保留了第一次：${describe(prev)}`,
    );
  }
}

function describe(day: NoticeDay): string {
  return `${day.name}${day.kind === 'holiday' ? '放假' : ''}`;
}

/** A section being read: its holiday's name, the notice's year, the month a bare day belongs to, what was found. */
interface SectionState {
  name: string;
  year: number;
  isNewYear: boolean;
  prevMonth: number | undefined;
  sawDate: boolean;
  out: Collector;
}

/** Parses one section ("元旦" and the text after its colon) into the collector. */
function parseSection(section: Section, year: number, out: Collector): void {
  const st: SectionState = { name: section.name, year, isNewYear: section.name.includes('元旦'), prevMonth: undefined, sawDate: false, out };
  for (const sentence of sectionSentences(section.body)) {
    // The signature ("国务院办公厅 2025年11月4日") ends the notice.
    if (sentence.includes('国务院办公厅')) break;
    parseSentence(st, sentence);
  }
  if (!st.sawDate) out.warnings.push(`${st.name}：这一节没有可识别的日期`);
}

/** Resolves items to day numbers; warns and skips what cannot be dated. */
function resolveItems(st: SectionState, items: Item[], sentence: string): { from: number; to: number }[] {
  const { name, year, out } = st;
  const spans: { from: number; to: number }[] = [];
  for (const item of items) {
    const { start, end } = item;
    if (item.open && !end) {
      out.warnings.push(`${name}：「${sentence}」中的「${start.raw}至」缺少终止日期，已忽略`);
      continue;
    }
    const startMonth = start.m ?? st.prevMonth;
    if (startMonth === undefined) {
      out.warnings.push(`${name}：「${sentence}」中的「${start.raw}」没有月份，已忽略`);
      continue;
    }
    const endMonth = end ? (end.m ?? startMonth) : startMonth;
    const endDay = end ? end.d : start.d;
    const { startYear, endYear } = yearsOf(start, end, startMonth, endMonth, year, st.isNewYear);
    const from = dayNumber(startYear, startMonth, start.d);
    const to = dayNumber(endYear, endMonth, endDay);
    const text = end ? `${start.raw}至${end.raw}` : start.raw;
    if (from === null || to === null) {
      out.warnings.push(`${name}：「${text}」不是有效日期，已忽略`);
      continue;
    }
    if (to < from || to - from + 1 > MAX_RANGE_DAYS) {
      out.warnings.push(`${name}：无法确定「${text}」的起止日期，已忽略`);
      continue;
    }
    st.prevMonth = endMonth;
    if (startYear < year - 1 || endYear > year) {
      out.warnings.push(`${name}：「${text}」不在${year}年的安排范围内，请核对`);
    }
    warnWrongWeekdays(st, end ? [[start, from], [end, to]] : [[start, from]]);
    spans.push({ from, to });
  }
  return spans;
}

/** "1月1日（周四）": an annotated weekday that is not the date's is warned about. */
function warnWrongWeekdays(st: SectionState, checks: [DateRef, number][]): void {
  for (const [ref, n] of checks) {
    if (ref.weekday !== undefined && ref.weekday !== weekdayOf(n)) {
      st.out.warnings.push(
        `${st.name}：${isoOf(n)} 标注为周${WEEKDAY_LABEL[ref.weekday]}，但这一天实为周${WEEKDAY_LABEL[weekdayOf(n)]}，请核对`,
      );
    }
  }
}

/** One sentence of a section: its dates, the word that says holiday or workday, and a "共N天" that checks them. */
function parseSentence(st: SectionState, sentence: string): void {
  const { name, out } = st;
  let pending: Item[] = [];
  let lastKind: Kind | undefined;
  /** the holiday group a following "共N天" describes */
  let counted: { total: number; text: string; done: boolean } | undefined;
  let dates = 0;

  const commit = (kind: Kind): void => {
    const spans = resolveItems(st, pending, sentence);
    pending = [];
    let total = 0;
    for (const { from, to } of spans) {
      total += to - from + 1;
      for (let n = from; n <= to; n++) {
        out.add({ date: isoOf(n), kind, name: kind === 'holiday' ? name : `${name}${WORKDAY_SUFFIX}` });
      }
    }
    if (kind === 'holiday' && spans.length > 0) {
      const text = spans.map(({ from, to }) => (from === to ? isoOf(from) : `${isoOf(from)}至${isoOf(to)}`)).join('、');
      counted = { total, text, done: false };
    }
  };

  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(sentence); m; m = TOKEN_RE.exec(sentence)) {
    const g = m.groups ?? {};
    if (g.date !== undefined) {
      dates++;
      st.sawDate = true;
      const ref: DateRef = {
        y: g.y === undefined ? undefined : Number(g.y),
        m: g.m === undefined ? undefined : Number(g.m),
        d: Number(g.d),
        weekday: weekdayIn(g.ann ?? g.wd),
        raw: g.date,
      };
      const last = pending[pending.length - 1];
      if (last?.open && !last.end) last.end = ref;
      else pending.push({ start: ref, end: undefined, open: false });
    } else if (g.range !== undefined) {
      const last = pending[pending.length - 1];
      if (last && !last.end) last.open = true;
    } else if (g.off !== undefined || g.on !== undefined) {
      lastKind = g.off !== undefined ? 'holiday' : 'workday';
      if (pending.length > 0) commit(lastKind);
    } else if (g.count !== undefined) {
      const n = cnNumber(g.n1 ?? g.n2 ?? '');
      if (counted && !counted.done) {
        counted.done = true;
        if (n !== counted.total) {
          out.warnings.push(`${name}：通知写明共${n}天，但解析出的放假日期（${counted.text}）为${counted.total}天，请核对`);
        }
      }
    }
  }

  if (pending.length > 0) {
    // "放假时间为1月1日至3日": the word came first
    if (lastKind) commit(lastKind);
    else out.warnings.push(`${name}：无法判断「${sentence}」中的日期是放假还是上班，已忽略`);
  } else if (dates === 0 && /放假|上班|补班/.test(sentence)) {
    out.warnings.push(`${name}：未能识别「${sentence}」中的日期，已忽略`);
  }
}

/**
 * Parses the notice text. Throws NoticeParseError when the year or every holiday is missing, or
 * when `expectedYear` is given and the notice is for another year.
 */
export function parseHolidayNotice(text: string, expectedYear?: number): NoticeParse {
  const norm = normalize(text);
  const year = findYear(norm);
  if (year === null) {
    throw new NoticeParseError(
      'no-year',
      '未能识别通知所属年份：请粘贴完整的通知，包括标题「国务院办公厅关于XXXX年部分节假日安排的通知」',
    );
  }
  if (expectedYear !== undefined && expectedYear !== year) {
    throw new NoticeParseError(
      'year-mismatch',
      `粘贴的是${year}年的节假日安排通知，与所选的${expectedYear}年不一致，请核对后重新粘贴`,
    );
  }
  const out = new Collector();
  for (const section of findSections(norm)) parseSection(section, year, out);
  const days = [...out.days.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (!days.some((d) => d.kind === 'holiday')) {
    throw new NoticeParseError(
      'no-holiday',
      `未能从${year}年的通知中识别出任何放假日期：请粘贴通知全文，保留「一、元旦：1月1日……放假」这样的各节内容`,
    );
  }
  return { year, days, warnings: out.warnings };
}
