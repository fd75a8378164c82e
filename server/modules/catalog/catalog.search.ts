/**
 * In-memory search over the catalog's sub-items (办理项): Chinese name and keyword substrings, codes
 * (业务办理项编码 33 / 实施编码 31 / 基本编码 12, exact or prefix), full pinyin with or without
 * spaces, pinyin initials, and one-typo tolerance. Pure: no database, no HTTP. The caller feeds it
 * with `replaceAll` at start and `upsert` / `remove` as sub-items are published or edited.
 *
 * Layout. Names and keywords repeat across a province (the same item is implemented by every
 * county: 100,000 sub-items have a few thousand distinct names), so the n-gram indexes are built
 * over two vocabularies of distinct texts — sub-item names (with their item name) and keywords —
 * and each vocabulary entry lists the docs that use it. A query finds matching vocabulary entries
 * through the rarest gram it needs and verifies them on the stored strings (once per distinct
 * text, not per doc), then marks their docs, applies the filters and keeps the best `limit` in a
 * bounded heap. Ranking is fixed, not scored: match class (code, name, pinyin, initials, keyword,
 * keyword pinyin, keyword initials, homophone typo, other typo), then batch, then name length,
 * then pinyin order.
 *
 * Grams of a vocabulary entry (numeric keys, no strings built at index or query time):
 *   CJK/alnum unigrams + bigrams of the text         pinyin trigrams of the concatenated pinyin
 *   2-letter pinyin prefixes at each syllable start  initials unigrams + bigrams
 *
 * Query semantics:
 * - Text is NFKC-normalised and lower-cased (full-width brackets and letters match ASCII).
 * - Only letters (spaces, apostrophes allowed): one pinyin token — full pinyin from any syllable
 *   start, the last syllable possibly incomplete (`shipin`, `shi pin jing ying`, `xi'an`), or
 *   consecutive initials (`spjy`), on names and keywords. One letter, or two letters of full
 *   pinyin, match the start of a name only (typeahead). 4+ letters are also tried as a code prefix.
 * - Letters and digits: a code prefix (4+ characters) of the 33-, 31- or 12-character codes.
 * - Anything else: whitespace-separated tokens, all of which must match (`食品 新办`).
 * - A single token with fewer than FUZZY_BELOW exact matches (counted before filters) is retried
 *   with one typo: one wrong character in 4+ Chinese characters (homophones rank first), or one
 *   wrong / missing / extra letter in 7+ letters of full pinyin. Typo hits rank after exact hits.
 * - Filters: `subjectType: 'citizen'` also lists items for both kinds of subject (likewise
 *   `legal_person`); `both` lists only those.
 *
 * pinyin-pro runs once per distinct run of Chinese characters at index time (cached). Queries are
 * matched against precomputed pinyin; the only query-time pinyin-pro call converts a single
 * *query* character to rank homophone typos (食品经莹: 莹 and 营 are both `ying`) first.
 *
 * Why not minisearch (STACK.md): measured here on 100,000 sub-items, a minisearch bigram index took
 * 12.8 s and 224 MB to build, and 30–1000 ms for broad queries (`许可` matches 60% of the catalog;
 * minisearch scores and materialises every matching document).
 */
import { pinyin } from 'pinyin-pro';
import { ITEM_CATEGORIES, type ItemCategory, type SubjectType } from '../../../common/catalog.js';

export interface SearchDoc {
  subItemId: number;
  itemId: number;
  /** Sub-item name, e.g. 食品经营许可（新办）. */
  name: string;
  /** Item name, e.g. 食品经营许可. */
  itemName: string;
  /** Synonyms people type, e.g. 餐饮, 开饭店, 小卖部. */
  keywords: string[];
  /** 业务办理项编码 (33 characters). */
  code: string;
  /** 实施编码 (31 characters). */
  implCode: string;
  /** 基本编码 (12 characters). */
  baseCode: string;
  departmentId: number;
  departmentName: string;
  category: ItemCategory;
  subjectType: SubjectType;
  batch: 1 | 2 | 3;
  siteIds: number[];
  lifeEvents: string[];
}

export interface SearchFilters {
  category?: ItemCategory;
  /** `citizen` also lists items for both kinds of subject, `legal_person` likewise; `both` only those. */
  subjectType?: SubjectType;
  departmentId?: number;
  /** Sub-items enabled at this site (doc.siteIds includes it). */
  siteId?: number;
  lifeEvent?: string;
  batch?: 1 | 2 | 3;
}

export type MatchedBy = 'name' | 'keyword' | 'code' | 'pinyin' | 'initials' | 'fuzzy' | 'browse';

export interface SearchHit {
  subItemId: number;
  /** Match class, 1 (code / exact name) … 0.3 (typo); 0 when browsing. Hits are already ordered. */
  score: number;
  /** `browse` for an empty query (the hit only satisfies the filters). */
  matchedBy: MatchedBy;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Number of matching docs before `limit`. */
  total: number;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
/** Typo-tolerant matching is tried when a query has fewer exact matches (after filters) than this. */
export const FUZZY_BELOW = 20;
const MAX_QUERY = 64;

// Match classes, best first. A doc's class is the best one any path gives it.
const T_CODE = 0;
const T_NAME = 1;
const T_PINYIN = 2;
const T_INITIALS = 3;
const T_KEYWORD = 4;
const T_KW_PINYIN = 5;
const T_KW_INITIALS = 6;
const T_FUZZY_HOMOPHONE = 7;
const T_FUZZY = 8;
const TIER_VIA: readonly MatchedBy[] = ['code', 'name', 'pinyin', 'initials', 'keyword', 'pinyin', 'initials', 'fuzzy', 'fuzzy'];
const TIER_SCORE: readonly number[] = [1, 1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3];
/** Subject types as bits: a `citizen` filter accepts citizen (1) and both (3). */
const SUBJECT_BITS: Partial<Record<string, number>> = { citizen: 1, legal_person: 2, both: 3 } satisfies Record<SubjectType, number>;
const REJECT = 255; // mark: touched but filtered out

// Rank key = ((tier * 4 + batch) * 128 + min(name length, 127)) * 27^8 + first 8 pinyin letters.
const PY_SPAN = 27 ** 8;
const LEN_SPAN = 128 * PY_SPAN;
const TIER_SPAN = 4 * LEN_SPAN; // max key (tier 8) ≈ 1.3e15 < 2^53

const SEP = '\u0001'; // between fields of a text (name / item name; keywords)
const PSEP = '|'; // the same in pinyin and initials strings

const isCjk = (c: number): boolean => (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
const isAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

const normCache = new Map<string, string>();
/** NFKC (full-width letters, digits and brackets to ASCII) and lower case; memoised (texts repeat). */
function norm(s: string): string {
  let n = normCache.get(s);
  if (n === undefined) {
    n = s.normalize('NFKC').toLowerCase();
    if (normCache.size > 100_000) normCache.clear();
    normCache.set(s, n);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Pinyin (index time)

const runCache = new Map<string, string[]>();
/** Readings observed for each Chinese character at index time (used to rank homophone typos). */
const charReadings = new Map<string, string[]>();
const queryCharCache = new Map<string, string[]>();

/** Pinyin of a run of Chinese characters, one syllable per character ('' when unknown). */
function runPinyin(run: string): string[] {
  let syl = runCache.get(run);
  if (syl === undefined) {
    const raw = pinyin(run, { toneType: 'none', type: 'array', v: true });
    syl = raw.length === run.length ? raw.map((s) => (/^[a-z]+$/.test(s) ? s : '')) : Array.from(run, () => '');
    if (runCache.size > 200_000) runCache.clear();
    runCache.set(run, syl);
    for (let k = 0; k < run.length; k++) {
      const s = syl[k]!;
      if (!s) continue;
      const ch = run[k]!;
      const seen = charReadings.get(ch);
      if (seen === undefined) charReadings.set(ch, [s]);
      else if (!seen.includes(s)) seen.push(s);
    }
  }
  return syl;
}

/** Readings of one query character (query-time conversion of the query only; cached). */
function queryCharReadings(ch: string): string[] {
  let r = queryCharCache.get(ch);
  if (r === undefined) {
    r = isCjk(ch.charCodeAt(0)) ? pinyin(ch, { toneType: 'none', type: 'array', v: true, multiple: true }) : [];
    if (queryCharCache.size > 10_000) queryCharCache.clear();
    queryCharCache.set(ch, r);
  }
  return r;
}

interface Phonetic {
  /** Concatenated pinyin, fields separated by PSEP, e.g. `shipinjingyingxukexinban`. */
  py: string;
  /** Offsets of syllable starts in `py`, as char codes. */
  bounds: string;
  /** One initial per Chinese character (letters/digits as they are), e.g. `spjyxkxb`. */
  ini: string;
}

function phonetic(parts: readonly string[]): Phonetic {
  let py = '';
  let ini = '';
  const bounds: number[] = [];
  for (let pi = 0; pi < parts.length; pi++) {
    const part = parts[pi]!;
    if (pi > 0) {
      py += PSEP;
      ini += PSEP;
    }
    let i = 0;
    while (i < part.length) {
      const c = part.charCodeAt(i);
      if (isCjk(c)) {
        let j = i + 1;
        while (j < part.length && isCjk(part.charCodeAt(j))) j++;
        for (const s of runPinyin(part.slice(i, j))) {
          if (!s) continue;
          bounds.push(py.length);
          py += s;
          ini += s[0]!;
        }
        i = j;
      } else if (isAlnum(c)) {
        let j = i + 1;
        while (j < part.length && isAlnum(part.charCodeAt(j))) j++;
        const run = part.slice(i, j);
        bounds.push(py.length);
        py += run;
        ini += run;
        i = j;
      } else i++;
    }
  }
  return { py, bounds: String.fromCharCode(...bounds), ini };
}

/** First 8 letters of a pinyin string as a base-27 number (for ordering). */
function pyPrefix(py: string): number {
  let v = 0;
  for (let k = 0; k < 8; k++) {
    const c = py.charCodeAt(k); // NaN past the end
    v = v * 27 + (c >= 97 && c <= 122 ? c - 96 : 0);
  }
  return v;
}

/** `q` occurs in `py` starting at a syllable boundary. */
function atBoundary(py: string, bounds: string, q: string): boolean {
  const q0 = q.charCodeAt(0);
  for (let k = 0; k < bounds.length; k++) {
    const b = bounds.charCodeAt(k);
    if (py.charCodeAt(b) === q0 && py.startsWith(q, b)) return true;
  }
  return false;
}

/** q[i..] is a prefix of py[j..] (never across a field separator). */
function restIsPrefix(q: string, i: number, py: string, j: number): boolean {
  for (; i < q.length; i++, j++) if (q.charCodeAt(i) !== py.charCodeAt(j)) return false;
  return true;
}

/** `q` is within one edit (substitution, insertion, deletion) of a prefix of py[b..]. */
function oneEditPrefixAt(q: string, py: string, b: number): boolean {
  let i = 0;
  let j = b;
  while (i < q.length && q.charCodeAt(i) === py.charCodeAt(j)) {
    i++;
    j++;
  }
  if (i === q.length) return true;
  const atSep = py.charCodeAt(j) === 124; // '|'
  return (
    restIsPrefix(q, i + 1, py, j) || // an extra letter in q
    (!atSep && (restIsPrefix(q, i + 1, py, j + 1) || restIsPrefix(q, i, py, j + 1))) // wrong / missing letter
  );
}

function oneEditAtBoundary(py: string, bounds: string, q: string): boolean {
  for (let k = 0; k < bounds.length; k++) if (oneEditPrefixAt(q, py, bounds.charCodeAt(k))) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Posting lists

// ---------------------------------------------------------------------------------------------
// Numeric gram keys

/** Pinyin / initials alphabet: digits 1–10, letters 11–36, anything else (field separator) 0. */
const SYM = 37;
const pcode = (c: number): number => (c >= 97 && c <= 122 ? c - 86 : c >= 48 && c <= 57 ? c - 47 : 0);
/** Word characters (digits, letters, CJK) as 1 … 28,196 (< 2^15); 0 = not indexed. */
function wcode(c: number): number {
  if (c >= 97 && c <= 122) return c - 86;
  if (c >= 48 && c <= 57) return c - 47;
  if (c >= 0x3400 && c <= 0x9fff) return 37 + c - 0x3400;
  if (c >= 0xf900 && c <= 0xfaff) return 27685 + c - 0xf900;
  return 0;
}
/** Bigram key = w1 * BI + w2; w1 ≥ 1, so every bigram key is above every unigram key. */
const BI = 1 << 15;

/** A growable list of ids (vocabulary entries or doc slots). */
class Postings {
  ids: Int32Array = new Int32Array(2);
  n = 0;
  push(id: number): void {
    if (this.n === this.ids.length) {
      const next = new Int32Array(this.ids.length * 2);
      next.set(this.ids);
      this.ids = next;
    }
    this.ids[this.n++] = id;
  }
  /** Appends unless it is already the last id (all grams of one entry are added together). */
  pushUnique(id: number): void {
    if (this.n === 0 || this.ids[this.n - 1] !== id) this.push(id);
  }
  /** Keeps the ids for which `keep` holds. */
  filter(keep: (id: number) => boolean): void {
    const ids = this.ids;
    let w = 0;
    for (let r = 0; r < this.n; r++) {
      const id = ids[r]!;
      if (keep(id)) ids[w++] = id;
    }
    this.n = w;
  }
}

function addAt(lists: (Postings | undefined)[], key: number, id: number): void {
  let p = lists[key];
  if (p === undefined) lists[key] = p = new Postings();
  p.pushUnique(id);
}

function addKey<K>(map: Map<K, Postings>, key: K, id: number): void {
  let p = map.get(key);
  if (p === undefined) map.set(key, (p = new Postings()));
  p.pushUnique(id);
}

const rarer = (best: Postings | undefined, p: Postings): Postings => (best === undefined || p.n < best.n ? p : best);

// ---------------------------------------------------------------------------------------------
// Vocabulary of distinct texts (sub-item names, or keywords) with their grams

class Vocab {
  private readonly byText = new Map<string, number>();
  readonly text: string[] = [];
  readonly py: string[] = [];
  readonly bounds: string[] = [];
  readonly ini: string[] = [];
  /** Doc slots using each entry (may hold dead slots until the next sweep). */
  readonly docs: Postings[] = [];
  private readonly grams = new Map<number, Postings>();
  private readonly tri: (Postings | undefined)[] = new Array<Postings | undefined>(SYM ** 3);
  private readonly starts: (Postings | undefined)[] = new Array<Postings | undefined>(SYM ** 2);
  private readonly iniGrams: (Postings | undefined)[] = new Array<Postings | undefined>(SYM + SYM * SYM);
  /** Entries by their first initial, and by their first two pinyin letters (typeahead). */
  private readonly firstIni: (Postings | undefined)[] = new Array<Postings | undefined>(SYM);
  private readonly firstTwo: (Postings | undefined)[] = new Array<Postings | undefined>(SYM ** 2);
  private cnt = new Uint8Array(0);
  private cntIds = new Int32Array(0);

  /** `withStarts`: index 2-letter syllable starts (1–2 letter pinyin and one-letter initials). */
  constructor(private readonly withStarts: boolean) {}

  get size(): number {
    return this.text.length;
  }

  /** Id of a text (fields separated by SEP), adding it and its grams when new. */
  intern(text: string): number {
    const known = this.byText.get(text);
    if (known !== undefined) return known;
    const id = this.text.length;
    const ph = phonetic(text.split(SEP));
    this.byText.set(text, id);
    this.text.push(text);
    this.py.push(ph.py);
    this.bounds.push(ph.bounds);
    this.ini.push(ph.ini);
    this.docs.push(new Postings());
    for (let k = 0; k < text.length; k++) {
      const a = wcode(text.charCodeAt(k));
      if (a === 0) continue;
      addKey(this.grams, a, id);
      const b = wcode(text.charCodeAt(k + 1));
      if (b !== 0) addKey(this.grams, a * BI + b, id);
    }
    const py = ph.py;
    for (let k = 0; k + 2 < py.length; k++) {
      const a = pcode(py.charCodeAt(k));
      const b = pcode(py.charCodeAt(k + 1));
      const c = pcode(py.charCodeAt(k + 2));
      if (a !== 0 && b !== 0 && c !== 0) addAt(this.tri, (a * SYM + b) * SYM + c, id);
    }
    if (this.withStarts) {
      const a = pcode(py.charCodeAt(0));
      const b = pcode(py.charCodeAt(1));
      if (a !== 0 && b !== 0) addAt(this.firstTwo, a * SYM + b, id);
      for (let k = 0; k < ph.bounds.length; k++) {
        const at = ph.bounds.charCodeAt(k);
        const a = pcode(py.charCodeAt(at));
        const b = pcode(py.charCodeAt(at + 1));
        if (a !== 0 && b !== 0) addAt(this.starts, a * SYM + b, id);
      }
    }
    const ini = ph.ini;
    const first = pcode(ini.charCodeAt(0));
    if (first !== 0) addAt(this.firstIni, first, id);
    for (let k = 0; k < ini.length; k++) {
      const a = pcode(ini.charCodeAt(k));
      if (a === 0) continue;
      addAt(this.iniGrams, a, id);
      const b = pcode(ini.charCodeAt(k + 1));
      if (b !== 0) addAt(this.iniGrams, SYM + a * SYM + b, id);
    }
    return id;
  }

  /** Number of entries no live doc uses any more. */
  unused(): number {
    let n = 0;
    for (const d of this.docs) if (d.n === 0) n++;
    return n;
  }

  /** Entries whose text contains q, found through q's rarest indexed gram. */
  substring(q: string, visit: (id: number) => void): void {
    let best: Postings | undefined;
    let verify = q.length > 2;
    let bigrams = false;
    for (let k = 0; k + 1 < q.length; k++) {
      const a = wcode(q.charCodeAt(k));
      const b = wcode(q.charCodeAt(k + 1));
      if (a === 0 || b === 0) {
        verify = true;
        continue;
      }
      const p = this.grams.get(a * BI + b);
      if (p === undefined) return; // an indexed gram no entry has
      bigrams = true;
      best = rarer(best, p);
    }
    if (!bigrams) {
      for (let k = 0; k < q.length; k++) {
        const a = wcode(q.charCodeAt(k));
        if (a === 0) {
          verify = true;
          continue;
        }
        const p = this.grams.get(a);
        if (p === undefined) return;
        best = rarer(best, p);
      }
    }
    if (best === undefined) return;
    const ids = best.ids;
    for (let r = 0; r < best.n; r++) {
      const id = ids[r]!;
      if (!verify || this.text[id]!.includes(q)) visit(id);
    }
  }

  /**
   * Full pinyin (letters only) starting at a syllable; the last syllable may be incomplete. Two
   * letters (only when `withStarts`) match the start of the text: a typeahead state (`ji` would
   * otherwise match most of the catalog).
   */
  pinyin(q: string, visit: (id: number) => void): void {
    const m = q.length;
    for (let k = 0; k < m; k++) if (pcode(q.charCodeAt(k)) === 0) return;
    if (m < 3) {
      if (!this.withStarts || m < 2) return; // one letter: the initials cover it
      const p = this.firstTwo[pcode(q.charCodeAt(0)) * SYM + pcode(q.charCodeAt(1))];
      if (p !== undefined) for (let r = 0; r < p.n; r++) visit(p.ids[r]!);
      return;
    }
    let best: Postings | undefined;
    if (this.withStarts) {
      best = this.starts[pcode(q.charCodeAt(0)) * SYM + pcode(q.charCodeAt(1))];
      if (best === undefined) return;
    }
    for (let k = 0; k + 2 < m; k++) {
      const p = this.tri[(pcode(q.charCodeAt(k)) * SYM + pcode(q.charCodeAt(k + 1))) * SYM + pcode(q.charCodeAt(k + 2))];
      if (p === undefined) return;
      best = rarer(best, p);
    }
    if (best === undefined) return;
    const ids = best.ids;
    for (let r = 0; r < best.n; r++) {
      const id = ids[r]!;
      if (atBoundary(this.py[id]!, this.bounds[id]!, q)) visit(id);
    }
  }

  /**
   * Consecutive initials (`spjy`). One letter (only when `withStarts`) matches the first character
   * only: it is a typeahead state, and anywhere it would match most of the catalog.
   */
  initials(q: string, visit: (id: number) => void): void {
    const m = q.length;
    for (let k = 0; k < m; k++) if (pcode(q.charCodeAt(k)) === 0) return;
    let best: Postings | undefined;
    if (m === 1) {
      if (!this.withStarts) return;
      best = this.firstIni[pcode(q.charCodeAt(0))];
    } else {
      for (let k = 0; k + 1 < m; k++) {
        const p = this.iniGrams[SYM + pcode(q.charCodeAt(k)) * SYM + pcode(q.charCodeAt(k + 1))];
        if (p === undefined) return;
        best = rarer(best, p);
      }
    }
    if (best === undefined) return;
    const verify = m > 2;
    const ids = best.ids;
    for (let r = 0; r < best.n; r++) {
      const id = ids[r]!;
      if (!verify || this.ini[id]!.includes(q)) visit(id);
    }
  }

  /** Entries holding at least `need` of the given lists (counted), visited once each. */
  private atLeast(lists: readonly Postings[], need: number, visit: (id: number) => void): void {
    if (this.cnt.length < this.size) {
      this.cnt = new Uint8Array(this.size * 2);
      this.cntIds = new Int32Array(this.size * 2);
    }
    const cnt = this.cnt;
    const seen = this.cntIds;
    let n = 0;
    for (const p of lists) {
      const ids = p.ids;
      for (let r = 0; r < p.n; r++) {
        const id = ids[r]!;
        const c = cnt[id]!;
        if (c === 0) seen[n++] = id;
        cnt[id] = c + 1;
      }
    }
    for (let k = 0; k < n; k++) {
      const id = seen[k]!;
      if (cnt[id]! >= need) visit(id);
      cnt[id] = 0;
    }
  }

  /**
   * One wrong character (Hamming distance 1 on a window of q's length), for 4+ characters. The
   * candidates hold all of q's distinct characters but one (up to 6 characters), or all of its
   * distinct bigrams but two (longer queries); each is then checked window by window.
   */
  fuzzyText(q: string, visit: (id: number, homophone: boolean) => void): void {
    const L = q.length;
    if (L < 4 || L > 24) return;
    const keys: number[] = [];
    for (let k = 0; k < L; k++) {
      const a = wcode(q.charCodeAt(k));
      if (a === 0) return;
      const key = L <= 6 ? a : k + 1 < L ? a * BI + wcode(q.charCodeAt(k + 1)) : -1;
      if (key >= 0 && !keys.includes(key)) keys.push(key);
    }
    const need = keys.length - (L <= 6 ? 1 : 2);
    if (need < 2) return;
    const lists: Postings[] = [];
    for (const key of keys) {
      const p = this.grams.get(key);
      if (p !== undefined) lists.push(p);
    }
    if (lists.length < need) return;
    this.atLeast(lists, need, (id) => {
      const text = this.text[id]!;
      let found = 0; // 1 homophone, 2 other
      for (let w = 0; w + L <= text.length && found !== 1; w++) {
        let miss = -1;
        let k = 0;
        for (; k < L; k++) {
          if (text.charCodeAt(w + k) !== q.charCodeAt(k)) {
            if (miss >= 0 || text.charCodeAt(w + k) === 1) break; // second mismatch, or across fields
            miss = k;
          }
        }
        if (k < L || miss < 0) continue;
        const docReadings = charReadings.get(text[w + miss]!);
        found = docReadings !== undefined && queryCharReadings(q[miss]!).some((x) => docReadings.includes(x)) ? 1 : 2;
      }
      if (found !== 0) visit(id, found === 1);
    });
  }

  /**
   * One wrong, missing or extra letter in full pinyin (7–32 letters). One edit breaks at most 3
   * of q's trigrams: candidates hold all of its distinct trigrams but 3, then are checked.
   */
  fuzzyPinyin(q: string, visit: (id: number) => void): void {
    const m = q.length;
    if (m < 7 || m > 32) return;
    const keys: number[] = [];
    for (let k = 0; k + 2 < m; k++) {
      const a = pcode(q.charCodeAt(k));
      const b = pcode(q.charCodeAt(k + 1));
      const c = pcode(q.charCodeAt(k + 2));
      if (a === 0 || b === 0 || c === 0) return;
      const key = (a * SYM + b) * SYM + c;
      if (!keys.includes(key)) keys.push(key);
    }
    const need = keys.length - 3;
    if (need < 2) return;
    const lists: Postings[] = [];
    for (const key of keys) {
      const p = this.tri[key];
      if (p !== undefined) lists.push(p);
    }
    if (lists.length < need) return;
    this.atLeast(lists, need, (id) => {
      if (oneEditAtBoundary(this.py[id]!, this.bounds[id]!, q)) visit(id);
    });
  }
}

// ---------------------------------------------------------------------------------------------

function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Trimmed upper case, keeping the caller's string when it already is (codes are stored per doc). */
function upper(s: string): string {
  const u = s.trim().toUpperCase();
  return u === s ? s : u;
}

/** Normalised codes of a doc; the implCode is left out when the sub-item code starts with it. */
function codesOf(doc: SearchDoc): string[] {
  const code = upper(doc.code);
  const impl = upper(doc.implCode);
  const base = upper(doc.baseCode);
  const out: string[] = [];
  if (code) out.push(code);
  if (impl && !code.startsWith(impl)) out.push(impl);
  if (base && !out.includes(base)) out.push(base);
  return out;
}

type TokenKind = 'letters' | 'code' | 'text';
interface Token {
  text: string;
  kind: TokenKind;
}

function tokenKind(t: string): TokenKind {
  if (/^[a-z]+$/.test(t)) return 'letters';
  if (/^[0-9a-z]+$/.test(t)) return 'code';
  return 'text';
}

const PENDING_CODES = 2048;
const NO_CODES: readonly string[] = [];
const NO_IDS: readonly number[] = [];

export class CatalogSearchIndex {
  private names = new Vocab(true);
  private kws = new Vocab(false);
  private kwLists = new Map<string, readonly number[]>();
  private bySubItem = new Map<number, number>();
  private deptDocs = new Map<number, Postings>();
  private siteDocs = new Map<number, Postings>();
  private lifeDocs = new Map<string, Postings>();
  private catDocs = new Map<number, Postings>();
  /** The first 31 distinct life events get a bit in `life` (others are filtered through lists). */
  private lifeBits = new Map<string, number>();
  // codes: a sorted main list plus a small sorted list of recent additions, merged in batches; an
  // entry is valid while its slot is alive and still has that code (removals do not touch the lists)
  private codeKeys: string[] = [];
  private codeSlots: number[] = [];
  private pendKeys: string[] = [];
  private pendSlots: number[] = [];

  private cap = 0;
  private nSlots = 0;
  private live = 0;
  private dead = 0; // tombstoned slots still listed somewhere
  private free: number[] = [];

  private docs: (SearchDoc | undefined)[] = [];
  private codes: (readonly string[])[] = [];
  private kwIds: (readonly number[])[] = [];
  private alive = new Uint8Array(0);
  private batch = new Uint8Array(0);
  private cat = new Uint8Array(0);
  private subj = new Uint8Array(0);
  private dept = new Int32Array(0);
  private subId = new Int32Array(0);
  private nameId = new Int32Array(0);
  private life = new Int32Array(0);
  private rankKey = new Float64Array(0);
  private browseKey = new Float64Array(0);

  // per-query scratch
  private mark = new Uint8Array(0);
  private touched = new Int32Array(0);
  private nTouched = 0;
  private filtered = false;
  private fCat = 0;
  private fSubj = 0; // 0 any, 1 citizen (+both), 2 legal_person (+both), 3 both only, -1 none
  private fDept: number | undefined;
  private fBatch = 0;
  private fSite: number | undefined;
  private fLife: string | undefined;
  private fLifeBit = 0;
  /** Site / life-event filters as marks: allow[slot] counts the filter lists holding the slot. */
  private allow = new Uint8Array(0);
  private allowLists: Postings[] = [];
  private hSlots = new Int32Array(MAX_LIMIT);
  private hKeys = new Float64Array(MAX_LIMIT);
  private hN = 0;
  private hCap = 0;

  constructor(docs?: SearchDoc[]) {
    if (docs) this.replaceAll(docs);
  }

  /** Number of docs in the index. */
  get size(): number {
    return this.live;
  }

  /** Full rebuild. A subItemId that appears twice keeps its last doc. */
  replaceAll(docs: readonly SearchDoc[]): void {
    this.names = new Vocab(true);
    this.kws = new Vocab(false);
    this.kwLists = new Map();
    this.bySubItem = new Map();
    this.deptDocs = new Map();
    this.siteDocs = new Map();
    this.lifeDocs = new Map();
    this.catDocs = new Map();
    this.lifeBits = new Map();
    this.pendKeys = [];
    this.pendSlots = [];
    this.cap = 0;
    this.nSlots = 0;
    this.live = 0;
    this.dead = 0;
    this.free = [];
    this.docs = [];
    this.codes = [];
    this.kwIds = [];
    this.alive = new Uint8Array(0);
    this.batch = new Uint8Array(0);
    this.cat = new Uint8Array(0);
    this.subj = new Uint8Array(0);
    this.dept = new Int32Array(0);
    this.subId = new Int32Array(0);
    this.nameId = new Int32Array(0);
    this.life = new Int32Array(0);
    this.rankKey = new Float64Array(0);
    this.browseKey = new Float64Array(0);
    this.grow(Math.max(16, docs.length));
    const allKeys: string[] = [];
    const allSlots: number[] = [];
    for (const doc of docs) {
      const old = this.bySubItem.get(doc.subItemId);
      if (old !== undefined) this.tombstone(old);
      const slot = this.addDoc(doc);
      for (const c of this.codes[slot]!) {
        allKeys.push(c);
        allSlots.push(slot);
      }
    }
    const order: number[] = [];
    for (let k = 0; k < allKeys.length; k++) if (this.alive[allSlots[k]!] === 1) order.push(k); // not a replaced duplicate
    order.sort((a, b) => {
      const ka = allKeys[a]!;
      const kb = allKeys[b]!;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    this.codeKeys = order.map((k) => allKeys[k]!);
    this.codeSlots = order.map((k) => allSlots[k]!);
    if (this.dead > 0) this.sweep();
  }

  /** Adds the doc, or replaces the doc with the same subItemId. */
  upsert(doc: SearchDoc): void {
    const old = this.bySubItem.get(doc.subItemId);
    if (old !== undefined) this.tombstone(old);
    const slot = this.addDoc(doc);
    for (const c of this.codes[slot]!) {
      const at = lowerBound(this.pendKeys, c);
      this.pendKeys.splice(at, 0, c);
      this.pendSlots.splice(at, 0, slot);
    }
    if (this.pendKeys.length > PENDING_CODES) this.mergeCodes();
    this.maybeSweep();
  }

  remove(subItemId: number): void {
    const slot = this.bySubItem.get(subItemId);
    if (slot === undefined) return;
    this.tombstone(slot);
    this.maybeSweep();
  }

  /**
   * Ranked hits (at most `limit`, default 20, max 100) and the number of matching docs. An empty
   * query lists the docs passing the filters by batch, then name (pinyin order).
   */
  search(q: string, filters: SearchFilters = {}, limit: number = DEFAULT_LIMIT): SearchResult {
    const lim = Number.isFinite(limit) ? Math.min(MAX_LIMIT, Math.max(0, Math.floor(limit))) : DEFAULT_LIMIT;
    this.hN = 0;
    this.hCap = lim;
    this.setFilters(filters);
    try {
      return this.run(q);
    } finally {
      this.clearFilters();
    }
  }

  private run(q: string): SearchResult {
    const text = norm(q).replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY);
    if (text === '') return this.browse();

    // Letters only (spaces and apostrophes allowed: `shi pin jing ying`, `xi'an`): one pinyin token.
    // Letters and digits: one code token. Otherwise every whitespace-separated token must match.
    const compact = text.replace(/[\s'-]/g, '');
    let tokens: Token[];
    if (compact !== '' && /^[a-z]+$/.test(compact)) tokens = [{ text: compact, kind: 'letters' }];
    else if (compact !== '' && /^[0-9a-z]+$/.test(compact)) tokens = [{ text: compact, kind: 'code' }];
    else tokens = text.split(' ').filter((t) => t !== '' && t !== "'").map((t) => ({ text: t, kind: tokenKind(t) }));
    if (tokens.length === 0) return this.browse();

    this.nTouched = 0;
    try {
      // The primary token finds candidates: the longest Chinese one, else the longest.
      let primary = 0;
      for (let k = 1; k < tokens.length; k++) {
        const a = tokens[k]!;
        const b = tokens[primary]!;
        if ((a.kind === 'text') !== (b.kind === 'text') ? a.kind === 'text' : a.text.length > b.text.length) primary = k;
      }
      const p = tokens[primary]!;
      this.matchToken(p);
      if (tokens.length > 1) this.refine(tokens.filter((_, k) => k !== primary));
      else if (this.nTouched < FUZZY_BELOW) {
        // few exact matches, before filters: maybe a typo
        if (p.kind === 'text') this.names.fuzzyText(p.text, (id, homophone) => this.hitDocs(this.names, id, homophone ? T_FUZZY_HOMOPHONE : T_FUZZY));
        else if (p.kind === 'letters') this.names.fuzzyPinyin(p.text, (id) => this.hitDocs(this.names, id, T_FUZZY));
      }
      return this.collect();
    } finally {
      for (let k = 0; k < this.nTouched; k++) this.mark[this.touched[k]!] = 0;
      this.nTouched = 0;
    }
  }

  // -------------------------------------------------------------------------------------------
  // building

  private grow(min: number): void {
    if (min <= this.cap) return;
    const cap = Math.max(min, this.cap * 2, 16);
    const u8 = (a: Uint8Array): Uint8Array<ArrayBuffer> => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.alive = u8(this.alive);
    this.batch = u8(this.batch);
    this.cat = u8(this.cat);
    this.subj = u8(this.subj);
    this.dept = i32(this.dept);
    this.subId = i32(this.subId);
    this.nameId = i32(this.nameId);
    this.life = i32(this.life);
    this.rankKey = f64(this.rankKey);
    this.browseKey = f64(this.browseKey);
    this.mark = new Uint8Array(cap);
    this.touched = new Int32Array(cap);
    this.allow = new Uint8Array(cap);
    this.cap = cap;
  }

  private addDoc(doc: SearchDoc): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.nSlots++;
      this.grow(this.nSlots);
    }
    let nameText = norm(doc.name).trim();
    const itemText = norm(doc.itemName).trim();
    if (itemText && !nameText.includes(itemText)) nameText += SEP + itemText;
    const nameId = this.names.intern(nameText);
    this.names.docs[nameId]!.push(slot);

    const kwNames: string[] = [];
    for (const k of doc.keywords) {
      const t = norm(k).replaceAll(SEP, '').trim();
      if (t && !kwNames.includes(t)) kwNames.push(t);
    }
    const kwKey = kwNames.join(SEP);
    let kwIds = this.kwLists.get(kwKey);
    if (kwIds === undefined) {
      kwIds = kwNames.length === 0 ? NO_IDS : kwNames.map((t) => this.kws.intern(t));
      this.kwLists.set(kwKey, kwIds);
    }
    for (const id of kwIds) this.kws.docs[id]!.push(slot);

    addKey(this.deptDocs, doc.departmentId, slot);
    for (const s of doc.siteIds) addKey(this.siteDocs, s, slot);
    let life = 0;
    for (const e of doc.lifeEvents) {
      addKey(this.lifeDocs, e, slot);
      let bit = this.lifeBits.get(e);
      if (bit === undefined && this.lifeBits.size < 31) this.lifeBits.set(e, (bit = 1 << this.lifeBits.size));
      if (bit !== undefined) life |= bit;
    }
    this.life[slot] = life;
    addKey(this.catDocs, ITEM_CATEGORIES.indexOf(doc.category) + 1, slot);

    this.docs[slot] = doc;
    this.codes[slot] = codesOf(doc);
    this.kwIds[slot] = kwIds;
    this.alive[slot] = 1;
    const batch = doc.batch >= 1 && doc.batch <= 3 ? doc.batch : 3;
    this.batch[slot] = batch;
    this.cat[slot] = ITEM_CATEGORIES.indexOf(doc.category) + 1;
    this.subj[slot] = SUBJECT_BITS[doc.subjectType] ?? 0;
    this.dept[slot] = doc.departmentId;
    this.subId[slot] = doc.subItemId;
    this.nameId[slot] = nameId;
    const pre = pyPrefix(this.names.py[nameId]!);
    this.rankKey[slot] = (batch * 128 + Math.min(doc.name.length, 127)) * PY_SPAN + pre;
    this.browseKey[slot] = batch * LEN_SPAN + pre;
    this.bySubItem.set(doc.subItemId, slot);
    this.live++;
    return slot;
  }

  /** Marks a slot dead; the lists holding it are cleaned by the next sweep. */
  private tombstone(slot: number): void {
    const doc = this.docs[slot];
    if (doc === undefined || this.alive[slot] !== 1) return;
    if (this.bySubItem.get(doc.subItemId) === slot) this.bySubItem.delete(doc.subItemId);
    this.alive[slot] = 0;
    this.docs[slot] = undefined;
    this.codes[slot] = NO_CODES;
    this.kwIds[slot] = NO_IDS;
    this.live--;
    this.dead++;
  }

  private maybeSweep(): void {
    if (this.dead >= 1024 && this.dead * 5 >= this.live) this.sweep();
  }

  /** Drops dead slots from every list and makes them reusable; rebuilds when texts pile up. */
  private sweep(): void {
    const alive = (s: number): boolean => this.alive[s] === 1;
    for (const p of this.names.docs) p.filter(alive);
    for (const p of this.kws.docs) p.filter(alive);
    for (const map of [this.deptDocs, this.siteDocs, this.lifeDocs, this.catDocs] as Map<unknown, Postings>[]) {
      for (const [key, p] of map) {
        p.filter(alive);
        if (p.n === 0) map.delete(key);
      }
    }
    this.mergeCodes();
    this.free = [];
    for (let s = this.nSlots - 1; s >= 0; s--) if (this.alive[s] !== 1) this.free.push(s);
    this.dead = 0;
    const unused = this.names.unused() + this.kws.unused();
    if (unused > 5000 && unused * 2 > this.names.size + this.kws.size) {
      const docs: SearchDoc[] = [];
      for (let s = 0; s < this.nSlots; s++) {
        const d = this.docs[s];
        if (d !== undefined && this.alive[s] === 1) docs.push(d);
      }
      this.replaceAll(docs);
    }
  }

  private codeValid(key: string, slot: number): boolean {
    return this.alive[slot] === 1 && this.codes[slot]!.includes(key);
  }

  /** Merges the pending codes into the sorted list, dropping stale entries. */
  private mergeCodes(): void {
    const order = this.pendKeys.map((_, k) => k).filter((k) => this.codeValid(this.pendKeys[k]!, this.pendSlots[k]!)); // sorted
    const keys: string[] = [];
    const slots: number[] = [];
    let i = 0;
    let j = 0;
    const mk = this.codeKeys;
    const ms = this.codeSlots;
    while (i < mk.length || j < order.length) {
      const pk = j < order.length ? this.pendKeys[order[j]!]! : undefined;
      if (i < mk.length && (pk === undefined || mk[i]! <= pk)) {
        if (this.codeValid(mk[i]!, ms[i]!)) {
          keys.push(mk[i]!);
          slots.push(ms[i]!);
        }
        i++;
      } else {
        keys.push(pk!);
        slots.push(this.pendSlots[order[j]!]!);
        j++;
      }
    }
    this.codeKeys = keys;
    this.codeSlots = slots;
    this.pendKeys = [];
    this.pendSlots = [];
  }

  // -------------------------------------------------------------------------------------------
  // querying

  private setFilters(f: SearchFilters): void {
    this.fCat = f.category === undefined ? 0 : ITEM_CATEGORIES.indexOf(f.category) + 1 || -1;
    this.fSubj = f.subjectType === undefined ? 0 : (SUBJECT_BITS[f.subjectType] ?? -1);
    this.fDept = f.departmentId;
    this.fBatch = f.batch ?? 0;
    this.fSite = f.siteId;
    this.fLife = f.lifeEvent === undefined || f.lifeEvent === '' ? undefined : f.lifeEvent;
    this.filtered = this.fCat !== 0 || this.fSubj !== 0 || this.fDept !== undefined || this.fBatch !== 0 || this.fSite !== undefined || this.fLife !== undefined;
    this.allowLists = [];
    const lists: (Postings | undefined)[] = [];
    if (this.fSite !== undefined) lists.push(this.siteDocs.get(this.fSite));
    this.fLifeBit = this.fLife === undefined ? 0 : (this.lifeBits.get(this.fLife) ?? 0);
    if (this.fLife !== undefined && this.fLifeBit === 0) lists.push(this.lifeDocs.get(this.fLife));
    for (const p of lists) {
      const list = p ?? new Postings(); // nothing at that site: nothing passes
      this.allowLists.push(list);
      const ids = list.ids;
      const allow = this.allow;
      for (let r = 0; r < list.n; r++) {
        const slot = ids[r]!;
        allow[slot] = allow[slot]! + 1;
      }
    }
  }

  private clearFilters(): void {
    for (const p of this.allowLists) {
      const ids = p.ids;
      for (let r = 0; r < p.n; r++) this.allow[ids[r]!] = 0;
    }
    this.allowLists = [];
  }

  private passes(slot: number): boolean {
    if (this.alive[slot] !== 1) return false;
    if (!this.filtered) return true;
    if (this.fCat !== 0 && this.cat[slot] !== this.fCat) return false;
    if (this.fSubj !== 0) {
      const s = this.subj[slot]!;
      if (this.fSubj === 3 ? s !== 3 : this.fSubj === -1 || (s & this.fSubj) === 0) return false;
    }
    if (this.fBatch !== 0 && this.batch[slot] !== this.fBatch) return false;
    if (this.fDept !== undefined && this.dept[slot] !== this.fDept) return false;
    if (this.fLifeBit !== 0 && (this.life[slot]! & this.fLifeBit) === 0) return false;
    return this.allowLists.length === 0 || this.allow[slot] === this.allowLists.length;
  }

  private hit(slot: number, tier: number): void {
    const m = this.mark[slot]!;
    if (m === 0) {
      if (this.alive[slot] !== 1) return; // dead, not yet swept
      this.touched[this.nTouched++] = slot;
      this.mark[slot] = this.passes(slot) ? tier + 1 : REJECT;
    } else if (m !== REJECT && tier + 1 < m) this.mark[slot] = tier + 1;
  }

  private hitDocs(vocab: Vocab, id: number, tier: number): void {
    const p = vocab.docs[id]!;
    const ids = p.ids;
    for (let r = 0; r < p.n; r++) this.hit(ids[r]!, tier);
  }

  private matchToken(t: Token): void {
    const s = t.text;
    const names = this.names;
    const kws = this.kws;
    if (t.kind !== 'text' && s.length >= 4) this.codePrefix(s.toUpperCase()); // shorter: every code
    names.substring(s, (id) => this.hitDocs(names, id, T_NAME));
    kws.substring(s, (id) => this.hitDocs(kws, id, T_KEYWORD));
    if (t.kind !== 'letters') return;
    names.pinyin(s, (id) => this.hitDocs(names, id, T_PINYIN));
    names.initials(s, (id) => this.hitDocs(names, id, T_INITIALS));
    kws.pinyin(s, (id) => this.hitDocs(kws, id, T_KW_PINYIN));
    kws.initials(s, (id) => this.hitDocs(kws, id, T_KW_INITIALS));
  }

  private codePrefix(q: string): void {
    const keys = this.codeKeys;
    for (let at = lowerBound(keys, q); at < keys.length && keys[at]!.startsWith(q); at++) {
      const slot = this.codeSlots[at]!;
      if (this.codeValid(keys[at]!, slot)) this.hit(slot, T_CODE);
    }
    const pk = this.pendKeys;
    for (let at = lowerBound(pk, q); at < pk.length && pk[at]!.startsWith(q); at++) {
      const slot = this.pendSlots[at]!;
      if (this.codeValid(pk[at]!, slot)) this.hit(slot, T_CODE);
    }
  }

  /** Best class of one more token on one doc, checked on its strings; -1 when it does not match. */
  private tokenTier(slot: number, t: Token): number {
    const s = t.text;
    const letters = t.kind === 'letters';
    if (t.kind !== 'text' && s.length >= 4) {
      const up = s.toUpperCase();
      if (this.codes[slot]!.some((c) => c.startsWith(up))) return T_CODE;
    }
    const n = this.nameId[slot]!;
    const names = this.names;
    if (names.text[n]!.includes(s)) return T_NAME;
    if (letters && atBoundary(names.py[n]!, names.bounds[n]!, s)) return T_PINYIN;
    if (letters && names.ini[n]!.includes(s)) return T_INITIALS;
    const kws = this.kws;
    let best = -1;
    for (const k of this.kwIds[slot]!) {
      if (kws.text[k]!.includes(s)) return T_KEYWORD;
      if (letters && s.length >= 3 && atBoundary(kws.py[k]!, kws.bounds[k]!, s)) best = T_KW_PINYIN;
      else if (letters && s.length >= 2 && best < 0 && kws.ini[k]!.includes(s)) best = T_KW_INITIALS;
    }
    return best;
  }

  /** AND of the other tokens: a doc keeps the worst class of its tokens. */
  private refine(rest: readonly Token[]): void {
    for (let k = 0; k < this.nTouched; k++) {
      const slot = this.touched[k]!;
      let m = this.mark[slot]!;
      if (m === REJECT) continue;
      for (const t of rest) {
        const tier = this.tokenTier(slot, t);
        if (tier < 0) {
          m = REJECT;
          break;
        }
        if (tier + 1 > m) m = tier + 1;
      }
      this.mark[slot] = m;
    }
  }

  private collect(): SearchResult {
    let total = 0;
    for (let k = 0; k < this.nTouched; k++) {
      const slot = this.touched[k]!;
      const m = this.mark[slot]!;
      if (m === REJECT) continue;
      total++;
      const key = (m - 1) * TIER_SPAN + this.rankKey[slot]!;
      // full heap: a larger key cannot enter (equal keys go to the tie-break)
      if (this.hN === this.hCap ? this.hCap > 0 && key <= this.hKeys[0]! : true) this.offer(slot, key);
    }
    const hits = this.drain((slot) => TIER_VIA[this.mark[slot]! - 1]!, (slot) => TIER_SCORE[this.mark[slot]! - 1]!);
    return { hits, total };
  }

  /** Empty query: every doc passing the filters, by batch then name (pinyin order). */
  private browse(): SearchResult {
    let source: Postings | undefined;
    const consider = (p: Postings | undefined): void => {
      const list = p ?? new Postings();
      if (source === undefined || list.n < source.n) source = list;
    };
    if (this.fDept !== undefined) consider(this.deptDocs.get(this.fDept));
    if (this.fCat > 0) consider(this.catDocs.get(this.fCat));
    if (this.fLife !== undefined) consider(this.lifeDocs.get(this.fLife));
    for (const p of this.allowLists) consider(p);
    let total = 0;
    const visit = (slot: number): void => {
      if (!this.passes(slot)) return;
      total++;
      const key = this.browseKey[slot]!;
      if (this.hN === this.hCap ? this.hCap > 0 && key <= this.hKeys[0]! : true) this.offer(slot, key);
    };
    if (source !== undefined) for (let r = 0; r < source.n; r++) visit(source.ids[r]!);
    else for (let s = 0; s < this.nSlots; s++) visit(s);
    return { hits: this.drain(() => 'browse', () => 0), total };
  }

  // bounded max-heap of the best `hCap` (slot, key); the worst kept entry is on top

  /** a ranks after b. */
  private after(aSlot: number, aKey: number, bSlot: number, bKey: number): boolean {
    if (aKey !== bKey) return aKey > bKey;
    const an = this.nameId[aSlot]!;
    const bn = this.nameId[bSlot]!;
    if (an !== bn) {
      const pa = this.names.py[an]!;
      const pb = this.names.py[bn]!;
      if (pa !== pb) return pa > pb;
      return this.names.text[an]! > this.names.text[bn]!;
    }
    return this.subId[aSlot]! > this.subId[bSlot]!;
  }

  private offer(slot: number, key: number): void {
    const hs = this.hSlots;
    const hk = this.hKeys;
    if (this.hN < this.hCap) {
      let i = this.hN++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.after(slot, key, hs[parent]!, hk[parent]!)) break;
        hs[i] = hs[parent]!;
        hk[i] = hk[parent]!;
        i = parent;
      }
      hs[i] = slot;
      hk[i] = key;
      return;
    }
    if (!this.after(hs[0]!, hk[0]!, slot, key)) return; // not better than the worst kept
    const n = this.hN;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.after(hs[r]!, hk[r]!, hs[l]!, hk[l]!) ? r : l;
      if (!this.after(hs[c]!, hk[c]!, slot, key)) break;
      hs[i] = hs[c]!;
      hk[i] = hk[c]!;
      i = c;
    }
    hs[i] = slot;
    hk[i] = key;
  }

  private drain(via: (slot: number) => MatchedBy, score: (slot: number) => number): SearchHit[] {
    const hs = this.hSlots;
    const hk = this.hKeys;
    const order: number[] = [];
    for (let k = 0; k < this.hN; k++) order.push(k);
    order.sort((a, b) => (this.after(hs[a]!, hk[a]!, hs[b]!, hk[b]!) ? 1 : -1));
    this.hN = 0;
    return order.map((k) => {
      const slot = hs[k]!;
      return { subItemId: this.subId[slot]!, score: score(slot), matchedBy: via(slot) };
    });
  }
}
