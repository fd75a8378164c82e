/**
 * Posting lists and the vocabularies of the catalog search (catalog.search.ts): the distinct texts
 * (sub-item names with their item name, or keywords) with their pinyin, initials and n-gram indexes,
 * and the lookups on them — substring, pinyin, initials, one-typo text and pinyin.
 */
import {
  BI, SEP, SYM, atBoundary, charReadings, oneEditAtBoundary, pcode, phonetic, queryCharReadings, wcode,
} from './catalog.search-text.js';

/** A growable list of ids (vocabulary entries or doc slots). */
export class Postings {
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
  /** Calls `visit` with each id for which `keep` holds (each id when there is no `keep`). */
  each(visit: (id: number) => void, keep?: (id: number) => boolean): void {
    const ids = this.ids;
    for (let r = 0; r < this.n; r++) {
      const id = ids[r]!;
      if (keep === undefined || keep(id)) visit(id);
    }
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

export function addKey<K>(map: Map<K, Postings>, key: K, id: number): void {
  let p = map.get(key);
  if (p === undefined) map.set(key, (p = new Postings()));
  p.pushUnique(id);
}

const rarer = (best: Postings | undefined, p: Postings): Postings => (best === undefined || p.n < best.n ? p : best);

/** A vocabulary of distinct texts (sub-item names, or keywords) with their grams. */
export class Vocab {
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
    best?.each(visit, verify ? (id) => this.text[id]!.includes(q) : undefined);
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
      p?.each(visit);
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
    best?.each(visit, (id) => atBoundary(this.py[id]!, this.bounds[id]!, q));
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
    best?.each(visit, m > 2 ? (id) => this.ini[id]!.includes(q) : undefined);
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
