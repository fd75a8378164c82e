/**
 * The docs of the catalog search (catalog.search.ts) in numbered slots: per-slot arrays of what the
 * filters and the ranking read, the name and keyword vocabularies, the lists by department, site,
 * life event and category, and the sorted codes. Docs are added and replaced in place (the old slot
 * tombstoned), and dead slots are swept from the lists once enough pile up.
 */
import { ITEM_CATEGORIES, type ItemCategory, type SubjectType } from '../../../common/catalog.js';
import { LEN_SPAN, PY_SPAN, SUBJECT_BITS } from './catalog.search-rank.js';
import { SEP, norm, pyPrefix } from './catalog.search-text.js';
import { Postings, Vocab, addKey } from './catalog.search-vocab.js';

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

export function lowerBound(keys: readonly string[], key: string): number {
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

const PENDING_CODES = 2048;
const NO_CODES: readonly string[] = [];
const NO_IDS: readonly number[] = [];

/** The docs in slots; CatalogSearchIndex (catalog.search.ts) queries them. */
export class SearchDocs {
  protected names = new Vocab(true);
  protected kws = new Vocab(false);
  private kwLists = new Map<string, readonly number[]>();
  private bySubItem = new Map<number, number>();
  protected deptDocs = new Map<number, Postings>();
  protected siteDocs = new Map<number, Postings>();
  protected lifeDocs = new Map<string, Postings>();
  protected catDocs = new Map<number, Postings>();
  /** The first 31 distinct life events get a bit in `life` (others are filtered through lists). */
  protected lifeBits = new Map<string, number>();
  // codes: a sorted main list plus a small sorted list of recent additions, merged in batches; an
  // entry is valid while its slot is alive and still has that code (removals do not touch the lists)
  protected codeKeys: string[] = [];
  protected codeSlots: number[] = [];
  protected pendKeys: string[] = [];
  protected pendSlots: number[] = [];

  private cap = 0;
  protected nSlots = 0;
  private live = 0;
  private dead = 0; // tombstoned slots still listed somewhere
  private free: number[] = [];

  private docs: (SearchDoc | undefined)[] = [];
  protected codes: (readonly string[])[] = [];
  protected kwIds: (readonly number[])[] = [];
  protected alive = new Uint8Array(0);
  protected batch = new Uint8Array(0);
  protected cat = new Uint8Array(0);
  protected subj = new Uint8Array(0);
  protected dept = new Int32Array(0);
  protected subId = new Int32Array(0);
  protected nameId = new Int32Array(0);
  protected life = new Int32Array(0);
  protected rankKey = new Float64Array(0);
  protected browseKey = new Float64Array(0);

  // per-slot scratch of the queries, sized with the slots
  protected mark = new Uint8Array(0);
  protected touched = new Int32Array(0);
  /** Site / life-event filters as marks: allow[slot] counts the filter lists holding the slot. */
  protected allow = new Uint8Array(0);

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

  protected codeValid(key: string, slot: number): boolean {
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
}
