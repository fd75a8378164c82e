/**
 * Applicant accounts (公众用户, issue 16.1): sign-in by mobile number and SMS code (or, in oidc.ts, through the
 * province's unified identity service), portal sessions apart from staff sessions, real-name details.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { maskCitizenId, maskMobile } from '../../../common/masking.js';
import { validateCitizenId } from '../../../common/validators.js';
import type { ApplicantConfig } from '../../config.js';
import type { ApplicantActor } from '../../platform/authz.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Tx } from '../../platform/db.js';
import { dbFailureOf } from '../../platform/db-errors.js';
import { AppError } from '../../platform/errors.js';
import { SessionTokens, sessionStanding, type RequestMeta } from '../../platform/session-tokens.js';
import type { AuditService } from '../audit/audit.service.js';
import { SMS_TOPIC } from '../notifications/sms.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import { CodeBook, phoneOf, type CodePurpose } from './applicants.codes.js';
import type { OidcPerson } from './applicants.oidc.js';
import { applicantSessions, applicants } from './applicants.tables.js';

export const APPLICANT_COOKIE = 'yc_applicant';
export type { RequestMeta } from '../../platform/session-tokens.js';

export type ApplicantRow = typeof applicants.$inferSelect;

/** What the applicant sees of their own account: personal numbers masked (the server never sends them whole). */
export function profileOf(a: ApplicantRow) {
  return {
    id: a.id,
    phone: maskMobile(a.phone),
    realName: a.realName,
    idNumber: maskCitizenId(a.idNumber),
    verified: a.verifiedAt !== null,
    verifiedBy: a.verifiedBy as 'self' | 'oidc' | null,
  };
}
export type ApplicantProfile = ReturnType<typeof profileOf>;

export const applicantActorOf = (a: ApplicantRow, sessionId: string | null, meta: Partial<RequestMeta> = {}): ApplicantActor => ({
  kind: 'applicant', applicantId: a.id, realName: a.realName, phone: a.phone, sessionId, requestId: meta.requestId ?? null, ip: meta.ip ?? null,
});

export class ApplicantService {
  readonly codes: CodeBook;

  constructor(
    private readonly database: Database,
    private readonly config: ApplicantConfig,
    /** the session secret (read when used: it may be generated after the configuration is read) */
    private readonly secret: () => string,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly centreName: string,
  ) {
    this.codes = new CodeBook(secret, config);
  }

  private readonly tokens = new SessionTokens(() => this.secret(), 'applicant-session', 'applicant-csrf');

  sessionIdOf(token: string): string {
    return this.tokens.idOf(token);
  }

  csrfTokenOf(sessionId: string): string {
    return this.tokens.csrfOf(sessionId);
  }

  checkCsrf(sessionId: string, presented: string | undefined): boolean {
    return this.tokens.checkCsrf(sessionId, presented);
  }

  /** 获取验证码: a code by SMS (through the outbox, after commit). */
  async sendCode(rawPhone: string, purpose: CodePurpose, meta: RequestMeta): Promise<{ expiresInSeconds: number; resendAfterSeconds: number }> {
    const phone = phoneOf(rawPhone);
    const now = this.clock.now();
    await this.database.tx(async (tx) => {
      const { id, code } = await this.codes.issue(tx, phone, purpose, now, meta.ip);
      const minutes = Math.round(this.config.codeTtlSeconds / 60);
      const what = purpose === 'login' ? '登录' : '签署承诺';
      await this.outbox.enqueue(tx, {
        topic: SMS_TOPIC,
        idempotencyKey: `applicant-code:${id}`,
        payload: { phone, template: `applicant.code.${purpose}`, body: `【${this.centreName}】您的${what}验证码为 ${code}，${minutes} 分钟内有效。请勿告诉他人；如非本人操作，请忽略本短信。` },
      });
    });
    return { expiresInSeconds: this.config.codeTtlSeconds, resendAfterSeconds: this.config.codeResendSeconds };
  }

  /** 验证码登录: the account is the phone's (created at its first sign-in). */
  async signInWithCode(rawPhone: string, code: string, meta: RequestMeta) {
    const phone = phoneOf(rawPhone);
    const now = this.clock.now();
    const result = await this.database.tx(async (tx) => {
      if (!(await this.codes.consume(tx, phone, 'login', code, now))) {
        await this.audit.record(tx, { kind: 'system', name: 'portal-login', requestId: meta.requestId, ip: meta.ip }, { kind: 'applicant.sign_in_failed', aggregateType: 'applicant-phone', aggregateId: maskMobile(phone), data: {} });
        return null;
      }
      const [row] = await tx
        .insert(applicants)
        .values({ phone, lastLoginAt: now })
        .onConflictDoUpdate({ target: applicants.phone, set: { lastLoginAt: now } })
        .returning();
      return this.openSession(tx, row!, meta, 'code');
    });
    if (!result) throw new AppError('APPLICANT_CODE_INVALID');
    return result;
  }

  /**
   * 统一身份认证 sign-in: the account of the identity service's subject, else the one of its verified mobile number,
   * else a new one. A name with a valid citizen ID number from the service is the account's real name, verified by it.
   */
  async signInWithPerson(person: OidcPerson, meta: RequestMeta) {
    if (!person.phone) throw new AppError('OIDC_FAILED', { reason: '认证服务未提供已核验的手机号码' });
    const now = this.clock.now();
    try {
      return await this.database.tx(async (tx) => {
        const bySubject = await tx.select().from(applicants).where(and(eq(applicants.oidcIssuer, person.issuer), eq(applicants.oidcSubject, person.subject)));
        const byPhone = bySubject.length ? bySubject : await tx.select().from(applicants).where(eq(applicants.phone, person.phone!));
        const verified = person.realName && person.idNumber ? { realName: person.realName, idNumber: person.idNumber, verifiedAt: now, verifiedBy: 'oidc' } : {};
        const set = { oidcIssuer: person.issuer, oidcSubject: person.subject, lastLoginAt: now, ...verified };
        const [row] = byPhone[0]
          ? await tx.update(applicants).set(set).where(eq(applicants.id, byPhone[0].id)).returning()
          : await tx.insert(applicants).values({ phone: person.phone!, ...set }).returning();
        return this.openSession(tx, row!, meta, 'oidc');
      });
    } catch (err) {
      if (dbFailureOf(err)?.constraint === 'applicants_id_number_uq') throw new AppError('OIDC_FAILED', { reason: '该身份证号码已绑定另一个手机号的账号，请到大厅处理' });
      throw err;
    }
  }

  /** A new session for the applicant, audited; the cookie token is returned once, only its HMAC is stored. */
  async openSession(tx: Tx, applicant: ApplicantRow, meta: RequestMeta, via: 'code' | 'oidc') {
    const token = randomBytes(32).toString('base64url');
    const sessionId = this.sessionIdOf(token);
    const now = this.clock.now();
    await tx.insert(applicantSessions).values({
      id: sessionId, applicantId: applicant.id, createdAt: now, lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.absoluteHours * 3600_000), ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    const actor = applicantActorOf(applicant, sessionId, meta);
    await this.audit.record(tx, actor, { kind: 'applicant.signed_in', aggregateType: 'applicant', aggregateId: applicant.id, data: { via } });
    return { token, sessionId, actor, profile: profileOf(applicant) };
  }

  /** The applicant behind a portal cookie, or APPLICANT_SESSION_REQUIRED (expired, idle too long, signed out). */
  async resolve(token: string, meta: Partial<RequestMeta>): Promise<ApplicantActor> {
    const sessionId = this.sessionIdOf(token);
    const now = this.clock.now();
    const [row] = await this.database.db
      .select({ s: applicantSessions, a: applicants })
      .from(applicantSessions)
      .innerJoin(applicants, eq(applicants.id, applicantSessions.applicantId))
      .where(eq(applicantSessions.id, sessionId));
    const standing = row ? sessionStanding(row.s, now.getTime(), this.config.idleMinutes) : 'ended';
    if (!row || standing === 'ended') {
      if (row) await this.database.db.delete(applicantSessions).where(eq(applicantSessions.id, sessionId));
      throw new AppError('APPLICANT_SESSION_REQUIRED');
    }
    if (standing === 'touch') {
      await this.database.db.update(applicantSessions).set({ lastSeenAt: now }).where(eq(applicantSessions.id, sessionId));
    }
    return applicantActorOf(row.a, sessionId, meta);
  }

  async signOut(actor: ApplicantActor): Promise<void> {
    await this.database.tx(async (tx) => {
      await tx.delete(applicantSessions).where(and(eq(applicantSessions.id, actor.sessionId ?? ''), eq(applicantSessions.applicantId, actor.applicantId)));
      await this.audit.record(tx, actor, { kind: 'applicant.signed_out', aggregateType: 'applicant', aggregateId: actor.applicantId, data: {} });
    });
  }

  async find(applicantId: number): Promise<ApplicantRow> {
    const [a] = await this.database.db.select().from(applicants).where(eq(applicants.id, applicantId));
    if (!a) throw new AppError('APPLICANT_SESSION_REQUIRED');
    return a;
  }

  /** 实名信息: name and citizen ID, validated against today's date; not over what the identity service verified. */
  async setRealName(actor: ApplicantActor, input: { realName: string; idNumber: string }): Promise<ApplicantProfile> {
    const realName = input.realName.trim().replace(/\s+/g, '');
    const id = validateCitizenId(input.idNumber, { today: this.clock.today() });
    if (!id.ok) throw new AppError('APPLICANT_ID_INVALID', { reason: { format: '应为 18 位', date: '出生日期不对', checksum: '校验位不对' }[id.reason] });
    if (!/^[\p{Script=Han}·•A-Za-z]{2,30}$/u.test(realName)) throw new AppError('VALIDATION_FAILED', { detail: '姓名应为 2–30 个汉字或字母' });
    const before = await this.find(actor.applicantId);
    if (before.verifiedBy === 'oidc') throw new AppError('APPLICANT_REAL_NAME_LOCKED');
    try {
      return await this.database.tx(async (tx) => {
        const [row] = await tx
          .update(applicants)
          .set({ realName, idNumber: id.normalised, verifiedAt: this.clock.now(), verifiedBy: 'self' })
          .where(eq(applicants.id, actor.applicantId))
          .returning();
        await this.audit.record(tx, { ...actor, realName }, { kind: 'applicant.real_name_set', aggregateType: 'applicant', aggregateId: actor.applicantId, data: { idNumber: maskCitizenId(id.normalised), replaced: before.verifiedAt !== null } });
        return profileOf(row!);
      });
    } catch (err) {
      if (dbFailureOf(err)?.constraint === 'applicants_id_number_uq') throw new AppError('APPLICANT_ID_TAKEN');
      throw err;
    }
  }

  /** Expired portal sessions and codes older than a day go (the worker's purge). */
  async purgeExpired(): Promise<void> {
    const now = this.clock.now();
    await this.database.db.execute(sql`delete from applicant_sessions where expires_at < ${now.toISOString()}::timestamptz`);
    await this.database.db.execute(sql`delete from applicant_codes where created_at < ${new Date(now.getTime() - 2 * 86_400_000).toISOString()}::timestamptz`);
  }
}
