/**
 * Text for the catalog search (catalog.search.ts): normalisation, the pinyin of Chinese runs (index
 * time, cached), pinyin matching at syllable starts (exact, or within one edit), and the numeric codes
 * of characters that gram keys are made of.
 */
import { pinyin } from 'pinyin-pro';

export const SEP = '\u0001'; // between fields of a text (name / item name; keywords)
const PSEP = '|'; // the same in pinyin and initials strings

const isCjk = (c: number): boolean => (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
const isAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

const normCache = new Map<string, string>();
/** NFKC (full-width letters, digits and brackets to ASCII) and lower case; memoised (texts repeat). */
export function norm(s: string): string {
  let n = normCache.get(s);
  if (n === undefined) {
    n = s.normalize('NFKC').toLowerCase();
    if (normCache.size > 100_000) normCache.clear();
    normCache.set(s, n);
  }
  return n;
}

// Pinyin (index time)

const runCache = new Map<string, string[]>();
/** Readings observed for each Chinese character at index time (used to rank homophone typos). */
export const charReadings = new Map<string, string[]>();
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
export function queryCharReadings(ch: string): string[] {
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

export function phonetic(parts: readonly string[]): Phonetic {
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
export function pyPrefix(py: string): number {
  let v = 0;
  for (let k = 0; k < 8; k++) {
    const c = py.charCodeAt(k); // NaN past the end
    v = v * 27 + (c >= 97 && c <= 122 ? c - 96 : 0);
  }
  return v;
}

/** `q` occurs in `py` starting at a syllable boundary. */
export function atBoundary(py: string, bounds: string, q: string): boolean {
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

export function oneEditAtBoundary(py: string, bounds: string, q: string): boolean {
  for (let k = 0; k < bounds.length; k++) if (oneEditPrefixAt(q, py, bounds.charCodeAt(k))) return true;
  return false;
}

/** Pinyin / initials alphabet: digits 1–10, letters 11–36, anything else (field separator) 0. */
export const SYM = 37;
export const pcode = (c: number): number => (c >= 97 && c <= 122 ? c - 86 : c >= 48 && c <= 57 ? c - 47 : 0);
/** Word characters (digits, letters, CJK) as 1 … 28,196 (< 2^15); 0 = not indexed. */
export function wcode(c: number): number {
  if (c >= 97 && c <= 122) return c - 86;
  if (c >= 48 && c <= 57) return c - 47;
  if (c >= 0x3400 && c <= 0x9fff) return 37 + c - 0x3400;
  if (c >= 0xf900 && c <= 0xfaff) return 27685 + c - 0xf900;
  return 0;
}
/** Bigram key = w1 * BI + w2; w1 ≥ 1, so every bigram key is above every unigram key. */
export const BI = 1 << 15;
