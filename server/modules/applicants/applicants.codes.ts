/**
 * SMS one-time codes (短信验证码) for applicants: six digits, kept only as an HMAC, a few minutes' life, a wait
 * between two, a daily number per phone, a few wrong tries before the code is burnt. The day is China's.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { normaliseMobile, validateMobile } from '../../../common/validators.js';
import { chinaDate } from '../../platform/clock.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { ApplicantConfig } from '../../config.js';
import { applicantCodes } from './applicants.tables.js';

export type CodePurpose = 'login' | 'sign';

/** The 11-digit number, or APPLICANT_PHONE_INVALID. */
export function phoneOf(raw: string): string {
  const phone = normaliseMobile(raw);
  if (!validateMobile(phone)) throw new AppError('APPLICANT_PHONE_INVALID');
  return phone;
}

export const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

export class CodeBook {
  constructor(
    private readonly secret: () => string,
    private readonly config: ApplicantConfig,
  ) {}

  private hashOf(phone: string, purpose: CodePurpose, code: string): string {
    return createHmac('sha256', this.secret()).update(`applicant-code:${purpose}:${phone}:${code}`).digest('hex');
  }

  /**
   * A new code for the phone, or an error when the last one is too recent or the day's number is reached. One
   * transaction per phone at a time (an advisory lock), so two quick requests cannot both pass the wait.
   */
  async issue(tx: Tx, phone: string, purpose: CodePurpose, now: Date, ip: string | null): Promise<{ id: number; code: string }> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`applicant-code:${phone}`}, 0))`);
    const dayStart = new Date(`${chinaDate(now)}T00:00:00+08:00`);
    const recent = await tx
      .select({ createdAt: applicantCodes.createdAt })
      .from(applicantCodes)
      .where(and(eq(applicantCodes.phone, phone), gt(applicantCodes.createdAt, dayStart)))
      .orderBy(desc(applicantCodes.createdAt));
    const waited = recent[0] ? (now.getTime() - recent[0].createdAt.getTime()) / 1000 : Infinity;
    if (waited < this.config.codeResendSeconds) throw new AppError('APPLICANT_CODE_TOO_SOON', { seconds: Math.ceil(this.config.codeResendSeconds - waited) });
    if (recent.length >= this.config.codesPerDay) throw new AppError('APPLICANT_CODE_DAILY_LIMIT');
    const code = newCode();
    const [row] = await tx
      .insert(applicantCodes)
      .values({ phone, purpose, codeHash: this.hashOf(phone, purpose, code), createdAt: now, expiresAt: new Date(now.getTime() + this.config.codeTtlSeconds * 1000), ip })
      .returning({ id: applicantCodes.id });
    return { id: row!.id, code };
  }

  /**
   * Uses the phone's live code when it matches: true. A wrong code counts against the live one (burnt at the last
   * try) and answers false — the caller commits that count and then refuses.
   */
  async consume(tx: Tx, phone: string, purpose: CodePurpose, code: string, now: Date): Promise<boolean> {
    const [live] = await tx
      .select()
      .from(applicantCodes)
      .where(and(eq(applicantCodes.phone, phone), eq(applicantCodes.purpose, purpose), isNull(applicantCodes.usedAt), gt(applicantCodes.expiresAt, now)))
      .orderBy(desc(applicantCodes.createdAt))
      .limit(1)
      .for('update');
    if (!live) return false;
    const expected = Buffer.from(live.codeHash);
    const presented = Buffer.from(this.hashOf(phone, purpose, /^\d{6}$/.test(code) ? code : 'x'));
    if (expected.length === presented.length && timingSafeEqual(expected, presented)) {
      await tx.update(applicantCodes).set({ usedAt: now }).where(eq(applicantCodes.id, live.id));
      return true;
    }
    const attempts = live.attempts + 1;
    await tx.update(applicantCodes).set({ attempts, usedAt: attempts >= this.config.codeMaxAttempts ? now : null }).where(eq(applicantCodes.id, live.id));
    return false;
  }
}
