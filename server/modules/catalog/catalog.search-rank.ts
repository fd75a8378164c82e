/**
 * Ranking in the catalog search (catalog.search.ts): the match classes, best first, with what each
 * reports; the rank key of a doc; and the bounded heap that keeps the best `limit` hits.
 */
import type { SubjectType } from '../../../common/catalog.js';

export type MatchedBy = 'name' | 'keyword' | 'code' | 'pinyin' | 'initials' | 'fuzzy' | 'browse';

// Match classes, best first. A doc's class is the best one any path gives it.
export const T_CODE = 0;
export const T_NAME = 1;
export const T_PINYIN = 2;
export const T_INITIALS = 3;
export const T_KEYWORD = 4;
export const T_KW_PINYIN = 5;
export const T_KW_INITIALS = 6;
export const T_FUZZY_HOMOPHONE = 7;
export const T_FUZZY = 8;
export const TIER_VIA: readonly MatchedBy[] = ['code', 'name', 'pinyin', 'initials', 'keyword', 'pinyin', 'initials', 'fuzzy', 'fuzzy'];
export const TIER_SCORE: readonly number[] = [1, 1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3];
/** Subject types as bits: a `citizen` filter accepts citizen (1) and both (3). */
export const SUBJECT_BITS: Partial<Record<string, number>> = { citizen: 1, legal_person: 2, both: 3 } satisfies Record<SubjectType, number>;
export const REJECT = 255; // mark: touched but filtered out

// Rank key = ((tier * 4 + batch) * 128 + min(name length, 127)) * 27^8 + first 8 pinyin letters.
export const PY_SPAN = 27 ** 8;
export const LEN_SPAN = 128 * PY_SPAN;
export const TIER_SPAN = 4 * LEN_SPAN; // max key (tier 8) ≈ 1.3e15 < 2^53

/** The best `cap` (slot, key) seen so far: a bounded max-heap, the worst kept entry on top. */
export class TopHits {
  private readonly slots: Int32Array;
  private readonly keys: Float64Array;
  private n = 0;
  private cap = 0;

  constructor(
    max: number,
    /** a ranks after b (ties of the key broken by the doc) */
    private readonly after: (aSlot: number, aKey: number, bSlot: number, bKey: number) => boolean,
  ) {
    this.slots = new Int32Array(max);
    this.keys = new Float64Array(max);
  }

  /** Empties the heap for a query that keeps `cap` hits. */
  reset(cap: number): void {
    this.n = 0;
    this.cap = cap;
  }

  /** Offers a hit; on a full heap a larger key cannot enter (equal keys go to the tie-break). */
  consider(slot: number, key: number): void {
    if (this.n === this.cap ? this.cap > 0 && key <= this.keys[0]! : true) this.offer(slot, key);
  }

  private offer(slot: number, key: number): void {
    const hs = this.slots;
    const hk = this.keys;
    if (this.n < this.cap) {
      let i = this.n++;
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
    const n = this.n;
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

  /** The kept slots, best first; the heap is empty afterwards. */
  drain(): number[] {
    const hs = this.slots;
    const hk = this.keys;
    const order: number[] = [];
    for (let k = 0; k < this.n; k++) order.push(k);
    order.sort((a, b) => (this.after(hs[a]!, hk[a]!, hs[b]!, hk[b]!) ? 1 : -1));
    this.n = 0;
    return order.map((k) => hs[k]!);
  }
}
