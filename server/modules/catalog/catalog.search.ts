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
import { ITEM_CATEGORIES, type ItemCategory, type SubjectType } from '../../../common/catalog.js';
import { SearchDocs, lowerBound, type SearchDoc } from './catalog.search-docs.js';
import {
  REJECT, SUBJECT_BITS, TIER_SCORE, TIER_SPAN, TIER_VIA, TopHits, T_CODE, T_FUZZY, T_FUZZY_HOMOPHONE, T_INITIALS, T_KEYWORD,
  T_KW_INITIALS, T_KW_PINYIN, T_NAME, T_PINYIN, type MatchedBy,
} from './catalog.search-rank.js';
import { atBoundary, norm } from './catalog.search-text.js';
import { Postings, type Vocab } from './catalog.search-vocab.js';

// The search's own entry point: what a caller passes in (docs) and gets back (match classes).
export type { MatchedBy } from './catalog.search-rank.js';
export type { SearchDoc } from './catalog.search-docs.js';

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

/** The catalog search index: the docs in slots (SearchDocs) and the queries over them. */
export class CatalogSearchIndex extends SearchDocs {
  // per-query scratch
  private nTouched = 0;
  private filtered = false;
  private fCat = 0;
  private fSubj = 0; // 0 any, 1 citizen (+both), 2 legal_person (+both), 3 both only, -1 none
  private fDept: number | undefined;
  private fBatch = 0;
  private fSite: number | undefined;
  private fLife: string | undefined;
  private fLifeBit = 0;
  private allowLists: Postings[] = [];
  private readonly top = new TopHits(MAX_LIMIT, (a, aKey, b, bKey) => this.after(a, aKey, b, bKey));

  constructor(docs?: SearchDoc[]) {
    super();
    if (docs) this.replaceAll(docs);
  }

  /**
   * Ranked hits (at most `limit`, default 20, max 100) and the number of matching docs. An empty
   * query lists the docs passing the filters by batch, then name (pinyin order).
   */
  search(q: string, filters: SearchFilters = {}, limit: number = DEFAULT_LIMIT): SearchResult {
    const lim = Number.isFinite(limit) ? Math.min(MAX_LIMIT, Math.max(0, Math.floor(limit))) : DEFAULT_LIMIT;
    this.top.reset(lim);
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
      this.top.consider(slot, key);
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
      this.top.consider(slot, key);
    };
    if (source !== undefined) for (let r = 0; r < source.n; r++) visit(source.ids[r]!);
    else for (let s = 0; s < this.nSlots; s++) visit(s);
    return { hits: this.drain(() => 'browse', () => 0), total };
  }

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

  /** The kept hits, best first. */
  private drain(via: (slot: number) => MatchedBy, score: (slot: number) => number): SearchHit[] {
    return this.top.drain().map((slot) => ({ subItemId: this.subId[slot]!, score: score(slot), matchedBy: via(slot) }));
  }
}
