/**
 * Personal-data masking (脱敏). Applied on the server before data reaches a screen.
 * Null/undefined in → null out; never throws; short or odd values are over-masked rather than leaked.
 */

/** Split into code points so surrogate pairs (rare 生僻字) are not cut in half. */
function chars(value: unknown): string[] {
  return Array.from(String(value).trim());
}

/**
 * Keep `head` leading and `tail` trailing chars, mask the rest with `*`.
 * When the value is too short for that, keep at most a quarter of it at each end.
 */
function maskMiddle(value: unknown, head: number, tail: number): string {
  const c = chars(value);
  const n = c.length;
  let h = head;
  let t = tail;
  if (n <= head + tail) {
    h = Math.min(head, Math.floor(n / 4));
    t = Math.min(tail, Math.floor(n / 4));
  }
  return c.slice(0, h).join('') + '*'.repeat(n - h - t) + c.slice(n - t).join('');
}

/** 公民身份号码: keep first 6 and last 4 — `110105********002X`. */
export function maskCitizenId(value: string): string;
export function maskCitizenId(value: null | undefined): null;
export function maskCitizenId(value: string | null | undefined): string | null;
export function maskCitizenId(value: string | null | undefined): string | null {
  if (value == null) return null;
  return maskMiddle(String(value).toUpperCase(), 6, 4);
}

/** 统一社会信用代码: keep first 8 and last 2. */
export function maskUscc(value: string): string;
export function maskUscc(value: null | undefined): null;
export function maskUscc(value: string | null | undefined): string | null;
export function maskUscc(value: string | null | undefined): string | null {
  if (value == null) return null;
  return maskMiddle(String(value).toUpperCase(), 8, 2);
}

/** 姓名: keep first and last char — `张*丰`; two chars → `张*`; one char unchanged. */
export function maskName(value: string): string;
export function maskName(value: null | undefined): null;
export function maskName(value: string | null | undefined): string | null;
export function maskName(value: string | null | undefined): string | null {
  if (value == null) return null;
  const c = chars(value);
  if (c.length <= 1) return c.join('');
  if (c.length === 2) return `${c[0]}*`;
  return c[0] + '*'.repeat(c.length - 2) + c[c.length - 1];
}

/** Digits of a mainland mobile (spaces, hyphens, +86 prefix stripped) or null if not a mobile. */
function asMobile(value: string): string | null {
  let s = value.replace(/[\s-]/g, '');
  if (/^(\+86|0086|86)1\d{10}$/.test(s)) s = s.slice(s.length - 11);
  return /^1[3-9]\d{9}$/.test(s) ? s : null;
}

/** Keep only the last 4 chars (fewer for very short values). */
function maskKeepTail(value: string): string {
  const c = chars(value);
  const t = Math.min(4, Math.floor(c.length / 2));
  return '*'.repeat(c.length - t) + c.slice(c.length - t).join('');
}

/** 手机号: `138****1234`. A value that is not a mobile number falls back to keep-last-4. */
export function maskMobile(value: string): string;
export function maskMobile(value: null | undefined): null;
export function maskMobile(value: string | null | undefined): string | null;
export function maskMobile(value: string | null | undefined): string | null {
  if (value == null) return null;
  const s = String(value).trim();
  const mobile = asMobile(s);
  if (mobile) return `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
  const c = chars(s);
  if (c.length === 11) return maskMiddle(s, 3, 4);
  return maskKeepTail(s);
}

/** Any phone: mobile rule for mainland mobiles, otherwise keep the last 4 (`********5678`). */
export function maskPhone(value: string): string;
export function maskPhone(value: null | undefined): null;
export function maskPhone(value: string | null | undefined): string | null;
export function maskPhone(value: string | null | undefined): string | null {
  if (value == null) return null;
  const s = String(value).trim();
  const mobile = asMobile(s);
  if (mobile) return `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
  return maskKeepTail(s);
}
