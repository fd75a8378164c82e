/**
 * Identifier validators (pure; shared by server and browser — no Node APIs).
 *  - 公民身份号码 GB 11643
 *  - 统一社会信用代码 GB 32100 (with the embedded GB 11714 组织机构代码 checked as a warning)
 *  - mainland mobile numbers
 */

// ---------------------------------------------------------------------------------------------
// 公民身份号码 (GB 11643)

const CITIZEN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CITIZEN_ID_CHECK = '10X98765432';
const CITIZEN_ID_RE = /^\d{17}[\dX]$/;

export type CitizenIdResult =
  | { ok: true; birthDate: string; sex: 'male' | 'female'; /** trimmed, upper-case form */ normalised: string }
  | { ok: false; reason: 'format' | 'date' | 'checksum' };

export interface CitizenIdOptions {
  /** today's date (YYYY-MM-DD) for the "not in the future" rule; defaults to today in China (UTC+8) */
  today?: string;
}

export function normaliseCitizenId(value: string): string {
  return String(value ?? '').trim().toUpperCase();
}

/** Check character for the first 17 digits of a citizen ID. Throws RangeError on bad input. */
export function citizenIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('citizenIdCheckChar: expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * CITIZEN_ID_WEIGHTS[i]!;
  return CITIZEN_ID_CHECK[sum % 11]!;
}

export function validateCitizenId(value: string, options: CitizenIdOptions = {}): CitizenIdResult {
  const id = normaliseCitizenId(value);
  if (!CITIZEN_ID_RE.test(id)) return { ok: false, reason: 'format' };

  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const today = options.today ?? todayInChina();
  if (y < 1900 || !isRealDate(y, m, d) || birthDate > today) return { ok: false, reason: 'date' };

  if (citizenIdCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, reason: 'checksum' };

  const sex = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, birthDate, sex, normalised: id };
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/** Today's calendar date in China (UTC+8, no DST) as YYYY-MM-DD, independent of the host zone. */
function todayInChina(): string {
  const t = new Date(Date.now() + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

// ---------------------------------------------------------------------------------------------
// 统一社会信用代码 (GB 32100) and 组织机构代码 (GB 11714)

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// W_i = 3^(i-1) mod 31
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

export type UsccWarning = 'ORG_CODE_CHECKSUM';

export type UsccResult =
  | { ok: true; warnings: UsccWarning[]; /** trimmed, upper-case form */ normalised: string }
  | { ok: false; reason: 'format' | 'checksum' };

export function normaliseUscc(value: string): string {
  return String(value ?? '').trim().toUpperCase();
}

/** Check character for the first 17 chars of a USCC. Throws RangeError on bad input. */
export function usccCheckChar(first17: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{17}$/.test(first17)) {
    throw new RangeError('usccCheckChar: expected 17 chars over the GB 32100 alphabet');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** GB 11714 check character for an 8-char organisation-code body, or null if the body is malformed. */
export function orgCodeCheckChar(body8: string): string | null {
  if (!/^[0-9A-Z]{8}$/.test(body8)) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8.charCodeAt(i);
    const v = c <= 57 ? c - 48 : c - 55; // 0–9, A=10 … Z=35
    sum += v * ORG_CODE_WEIGHTS[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

export function validateUscc(value: string): UsccResult {
  const code = normaliseUscc(value);
  if (!USCC_RE.test(code)) return { ok: false, reason: 'format' };
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return { ok: false, reason: 'checksum' };

  const warnings: UsccWarning[] = [];
  // chars 9–17: 组织机构代码 (8 body + check); a mismatch is only a warning
  if (orgCodeCheckChar(code.slice(8, 16)) !== code[16]) warnings.push('ORG_CODE_CHECKSUM');
  return { ok: true, warnings, normalised: code };
}

// ---------------------------------------------------------------------------------------------
// 手机号

const MOBILE_RE = /^1[3-9]\d{9}$/;

/** Strips spaces, hyphens and a +86 / 0086 / 86 country prefix; does not validate. */
export function normaliseMobile(value: string): string {
  let s = String(value ?? '').replace(/[\s-]/g, '');
  if (/^(\+86|0086|86)1\d{10}$/.test(s)) s = s.slice(s.length - 11);
  return s;
}

/** True for an 11-digit mainland mobile number 1[3-9]xxxxxxxxx (surrounding whitespace ignored). */
export function validateMobile(value: string): boolean {
  return MOBILE_RE.test(String(value ?? '').trim());
}
