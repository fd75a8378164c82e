/**
 * Staff login (argon2id), opaque database sessions behind an httpOnly cookie, idle timeout and
 * absolute lifetime, lockout after repeated failures (等保三级), CSRF tokens bound to the session.
 */
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Role } from '../../../common/roles.js';
import type { AuthConfig } from '../../config.js';
import { systemActor, type Actor, type UserActor } from '../../platform/authz.js';
import { preparedRows, rows, type Database, type Tx } from '../../platform/db.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { SessionTokens, sessionStanding, type RequestMeta } from '../../platform/session-tokens.js';
import { assertPasswordPolicy, dummyHash, hashPassword, verifyPassword } from '../../platform/passwords.js';
import type { AuditService } from '../audit/audit.service.js';
import { identityRepo, type UserRow } from '../identity/identity.repository.js';
import { loginFailures, sessions, userTotp } from './auth.tables.js';
import { TICKET_SECONDS, TOTP_PERIOD_SECONDS, TotpCrypto, matchCode, type TicketStage } from './auth.totp.js';

export const SESSION_COOKIE = 'yc_session';
export type { RequestMeta } from '../../platform/session-tokens.js';

export type SessionResult = { token: string; actor: UserActor; sessionId: string };
export type LoginResult = ({ kind: 'session' } & SessionResult) | { kind: 'mfa'; stage: TicketStage; ticket: string; expiresInSeconds: number };

const ADDRESS_WINDOW_MS = 60_000;

export class AuthService {
  private readonly totp: TotpCrypto;
  /**
   * The authenticator's time: real time, like the phone's (a demo or test service clock set to another
   * day must not shift codes). Tests may replace it to step through code windows.
   */
  otpClock: Clock = systemClock;

  constructor(
    private readonly database: Database,
    private readonly config: AuthConfig,
    private readonly audit: AuditService,
    /** the service clock: lockouts and the address window */
    private readonly clock: Clock = systemClock,
  ) {
    this.totp = new TotpCrypto(config.sessionSecret);
  }

  private readonly tokens = new SessionTokens(() => this.config.sessionSecret, 'session', 'csrf');

  sessionIdOf(token: string): string {
    return this.tokens.idOf(token);
  }

  csrfTokenOf(sessionId: string): string {
    return this.tokens.csrfOf(sessionId);
  }

  checkCsrf(sessionId: string, presented: string | undefined): boolean {
    return this.tokens.checkCsrf(sessionId, presented);
  }

  /**
   * Step 1: the password. Answers a session, or — when the user has a second factor or a role that
   * must have one — a short-lived ticket for step 2 (the code, or the enrolment first). No session
   * exists before the second factor is proven.
   */
  async login(username: string, password: string, meta: RequestMeta): Promise<LoginResult> {
    const db = this.database.db;
    await this.assertAddressAllowed(meta.ip);
    const user = await identityRepo.findUserForLogin(db, username);
    const ctx = { ...systemActor('login'), requestId: meta.requestId, ip: meta.ip };
    if (!user) {
      await verifyPassword(await dummyHash(), password);
      await this.database.tx(async (tx) => {
        await this.countAddressFailure(tx, ctx, meta.ip);
        await this.audit.record(tx, ctx, { kind: 'auth.login_failed', aggregateType: 'auth', aggregateId: 'unknown-user', data: { username: username.slice(0, 64) } });
      });
      throw new AppError('AUTH_INVALID_CREDENTIALS');
    }
    this.assertNotLocked(user);
    if (!(await verifyPassword(user.passwordHash, password))) return this.fail(user, ctx, meta, 'auth.login_failed', 'AUTH_INVALID_CREDENTIALS');
    if (!user.active) throw new AppError('AUTH_ACCOUNT_DISABLED');

    const [factor] = await db.select({ confirmedAt: userTotp.confirmedAt }).from(userTotp).where(eq(userTotp.userId, user.id));
    const enrolled = !!factor?.confirmedAt;
    if (enrolled || this.mfaRequired(user.roles as Role[])) {
      // The failure counter is not reset here: a stolen password alone must not buy endless code guesses.
      const stage: TicketStage = enrolled ? 'code' : 'enrol';
      return { kind: 'mfa', stage, ticket: this.totp.ticket(user.id, stage, Date.now()), expiresInSeconds: TICKET_SECONDS };
    }
    return { kind: 'session', ...(await this.database.tx((tx) => this.openSession(tx, user, meta))) };
  }

  /** Step 2: the code from the authenticator app. */
  async loginWithCode(ticket: string, code: string, meta: RequestMeta): Promise<SessionResult> {
    const user = await this.ticketUser(ticket, 'code', meta);
    const ctx = { ...systemActor('login'), requestId: meta.requestId, ip: meta.ip };
    const [factor] = await this.database.db.select().from(userTotp).where(eq(userTotp.userId, user.id));
    if (!factor?.confirmedAt) throw new AppError('MFA_TICKET_INVALID'); // reset by an admin meanwhile
    const step = await matchCode(this.totp.open(factor.secret, user.id), code, this.otpClock.now().getTime(), factor.usedSteps);
    if (step === null) return this.fail(user, ctx, meta, 'auth.mfa_failed', 'MFA_CODE_INVALID');
    return this.database.tx(async (tx) => {
      await this.useStep(tx, user.id, step);
      return this.openSession(tx, user, meta, { secondFactor: 'totp' });
    });
  }

  /** Whether the actor has a second factor, and whether their roles require one. */
  async mfaStatus(actor: UserActor): Promise<{ enrolled: boolean; required: boolean; enrolledAt: string | null }> {
    const [factor] = await this.database.db.select({ confirmedAt: userTotp.confirmedAt }).from(userTotp).where(eq(userTotp.userId, actor.userId));
    return { enrolled: !!factor?.confirmedAt, required: this.mfaRequired(actor.roles), enrolledAt: factor?.confirmedAt?.toISOString() ?? null };
  }

  /**
   * 绑定动态口令, first half: a new secret for the authenticator app (shown once, as a QR code and as
   * text). Either from the login ticket (a role that must enrol) or from a signed-in session (optional).
   */
  async startEnrolment(who: { ticket: string } | UserActor, meta: RequestMeta): Promise<{ secret: string; uri: string; issuer: string; account: string }> {
    const user = 'ticket' in who ? await this.ticketUser(who.ticket, 'enrol', meta) : await this.sessionUser(who);
    const actor = 'ticket' in who ? { ...systemActor('login'), requestId: meta.requestId, ip: meta.ip } : who;
    const secret = this.totp.newSecret();
    await this.database.tx(async (tx) => {
      const [row] = await rows<{ user_id: number }>(
        tx,
        sql`insert into user_totp (user_id, secret, confirmed_at, used_steps, created_at) values (${user.id}, ${this.totp.seal(secret, user.id)}, null, '{}', now())
            on conflict (user_id) do update set secret = excluded.secret, used_steps = '{}', created_at = now() where user_totp.confirmed_at is null
            returning user_id`,
      );
      if (!row) throw new AppError('MFA_ALREADY_ENROLLED');
      await this.audit.record(tx, actor, { kind: 'auth.mfa_enrolment_started', aggregateType: 'user', aggregateId: user.id });
    });
    return { secret, uri: this.totp.uri(this.config.mfaIssuer, user.username, secret), issuer: this.config.mfaIssuer, account: user.username };
  }

  /** 绑定动态口令, second half: a code from the app proves it holds the secret. From a ticket, this also signs in. */
  async confirmEnrolment(who: { ticket: string } | UserActor, code: string, meta: RequestMeta): Promise<SessionResult | null> {
    const viaTicket = 'ticket' in who;
    const user = viaTicket ? await this.ticketUser(who.ticket, 'enrol', meta) : await this.sessionUser(who);
    const ctx = viaTicket ? { ...systemActor('login'), requestId: meta.requestId, ip: meta.ip } : who;
    const [factor] = await this.database.db.select().from(userTotp).where(eq(userTotp.userId, user.id));
    if (factor?.confirmedAt) throw new AppError('MFA_ALREADY_ENROLLED');
    if (!factor) throw new AppError('MFA_ENROLMENT_NOT_STARTED');
    const step = await matchCode(this.totp.open(factor.secret, user.id), code, this.otpClock.now().getTime(), []);
    if (step === null) return this.fail(user, { ...systemActor('login'), requestId: meta.requestId, ip: meta.ip }, meta, 'auth.mfa_failed', 'MFA_CODE_INVALID');
    return this.database.tx(async (tx) => {
      const [row] = await rows<{ user_id: number }>(
        tx,
        sql`update user_totp set confirmed_at = ${this.clock.now()}, used_steps = array[${step}::bigint] where user_id = ${user.id} and confirmed_at is null returning user_id`,
      );
      if (!row) throw new AppError('MFA_ALREADY_ENROLLED');
      await this.audit.record(tx, ctx, { kind: 'auth.mfa_enrolled', aggregateType: 'user', aggregateId: user.id });
      return viaTicket ? this.openSession(tx, user, meta, { secondFactor: 'totp' }) : null;
    });
  }

  private mfaRequired(roles: readonly Role[]): boolean {
    return roles.some((r) => this.config.mfaRequiredRoles.includes(r));
  }

  /** The user a step-2 ticket names, still active and not locked, after the address check. */
  private async ticketUser(ticket: string, stage: TicketStage, meta: RequestMeta): Promise<UserRow> {
    const t = this.totp.readTicket(ticket, Date.now());
    if (!t || t.stage !== stage) throw new AppError('MFA_TICKET_INVALID');
    await this.assertAddressAllowed(meta.ip);
    const user = await identityRepo.getUserRow(this.database.db, t.userId);
    if (!user) throw new AppError('MFA_TICKET_INVALID');
    this.assertNotLocked(user);
    if (!user.active) throw new AppError('AUTH_ACCOUNT_DISABLED');
    return user;
  }

  private async sessionUser(actor: UserActor): Promise<UserRow> {
    const user = await identityRepo.getUserRow(this.database.db, actor.userId);
    if (!user) throw new AppError('AUTH_REQUIRED');
    return user;
  }

  /** Marks a time step used; a second request with the same code loses the race here. */
  private async useStep(tx: Tx, userId: number, step: number): Promise<void> {
    const oldest = Math.floor(this.otpClock.now().getTime() / 1000 / TOTP_PERIOD_SECONDS) - 2;
    const [row] = await rows<{ user_id: number }>(
      tx,
      sql`update user_totp set used_steps = array(select s from unnest(used_steps) s where s >= ${oldest}) || ${step}::bigint
          where user_id = ${userId} and not (${step}::bigint = any(used_steps)) returning user_id`,
    );
    if (!row) throw new AppError('MFA_CODE_INVALID');
  }

  private assertNotLocked(user: UserRow): void {
    const now = this.clock.now();
    if (user.lockedUntil && user.lockedUntil > now) {
      throw new AppError('AUTH_ACCOUNT_LOCKED', { minutes: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000) });
    }
  }

  /** A wrong password or code: counted toward the account's lockout and the address's throttle, audited. */
  private async fail(user: UserRow, ctx: Actor, meta: RequestMeta, kind: 'auth.login_failed' | 'auth.mfa_failed', code: 'AUTH_INVALID_CREDENTIALS' | 'MFA_CODE_INVALID'): Promise<never> {
    const now = this.clock.now();
    // Counted in one statement, so parallel wrong attempts each count.
    const locked = await this.database.tx(async (tx) => {
      const row = await identityRepo.countLoginFailure(tx, user.id, { max: this.config.maxFailures, lockMinutes: this.config.lockMinutes, now });
      const isLocked = row?.locked ?? false;
      await this.countAddressFailure(tx, ctx, meta.ip);
      await this.audit.record(tx, ctx, {
        kind: isLocked ? 'auth.locked' : kind,
        aggregateType: 'user',
        aggregateId: user.id,
        data: { failures: isLocked ? this.config.maxFailures : row?.failures, ...(isLocked && kind === 'auth.mfa_failed' ? { secondFactor: true } : {}) },
      });
      return isLocked;
    });
    if (locked) throw new AppError('AUTH_ACCOUNT_LOCKED', { minutes: this.config.lockMinutes });
    throw new AppError(code);
  }

  /**
   * 按地址限流: at most `loginFailuresPerAddress` failed logins per minute from one address, across
   * usernames. Only failures count, so a hall of clerks behind one NAT address logging in at 9:00 is
   * not throttled; Retry-After is when the oldest failure that matters leaves the window.
   */
  private async assertAddressAllowed(ip: string | null): Promise<void> {
    if (!ip) return;
    const now = this.clock.now().getTime();
    const [row] = await rows<{ at: Date | string }>(
      this.database.db,
      sql`select at from login_failures where address = ${ip} and at > ${new Date(now - ADDRESS_WINDOW_MS)}
          order by at desc offset ${this.config.loginFailuresPerAddress - 1} limit 1`,
    );
    if (row) throw new AppError('RATE_LIMITED', { retryAfter: Math.max(1, Math.ceil((new Date(row.at).getTime() + ADDRESS_WINDOW_MS - now) / 1000)) });
  }

  private async countAddressFailure(tx: Tx, ctx: Actor, ip: string | null): Promise<void> {
    if (!ip) return;
    const now = this.clock.now();
    await tx.insert(loginFailures).values({ address: ip, at: now });
    const [row] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from login_failures where address = ${ip} and at > ${new Date(now.getTime() - ADDRESS_WINDOW_MS)}`);
    // Audited once, when the address reaches the limit (not for every refused attempt after it).
    if (Number(row?.n) === this.config.loginFailuresPerAddress) {
      await this.audit.record(tx, ctx, { kind: 'auth.throttled', aggregateType: 'auth', aggregateId: ip.slice(0, 64), data: { failures: this.config.loginFailuresPerAddress, windowSeconds: ADDRESS_WINDOW_MS / 1000 } });
    }
  }

  private async openSession(tx: Tx, user: UserRow, meta: RequestMeta, extra: Record<string, unknown> = {}): Promise<SessionResult> {
    const now = new Date();
    const token = randomBytes(32).toString('base64url');
    const sessionId = this.sessionIdOf(token);
    const actor = toActor(user, sessionId, meta);
    await identityRepo.recordLogin(tx, user.id, this.clock.now());
    await tx.insert(sessions).values({
      id: sessionId,
      userId: user.id,
      expiresAt: new Date(now.getTime() + this.config.absoluteHours * 3_600_000),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await this.audit.record(tx, actor, { kind: 'auth.login', aggregateType: 'user', aggregateId: user.id, data: { userAgent: meta.userAgent?.slice(0, 120) ?? null, ...extra } });
    return { token, actor, sessionId };
  }

  /** The actor behind a session cookie, or an error code saying why there is none. */
  async resolve(token: string, meta: RequestMeta): Promise<UserActor> {
    const sessionId = this.sessionIdOf(token);
    const [row] = await preparedRows<{
      user_id: number; last_seen_at: Date | string; expires_at: Date | string; username: string; display_name: string;
      roles: Role[]; department_id: number | null; site_id: number | null; active: boolean; must_change_password: boolean;
    }>(
      this.database.db,
      'session',
      sql`select s.user_id, s.last_seen_at, s.expires_at, u.username, u.display_name, u.roles, u.department_id, u.site_id, u.active, u.must_change_password
          from sessions s join ${identityRepo.usersAs('u')} on u.id = s.user_id where s.id = ${sessionId}`,
    );
    if (!row) throw new AppError('AUTH_REQUIRED');
    const now = Date.now();
    const standing = sessionStanding({ expiresAt: row.expires_at, lastSeenAt: row.last_seen_at }, now, this.config.idleMinutes);
    if (!row.active || standing === 'ended') {
      await this.database.db.delete(sessions).where(eq(sessions.id, sessionId));
      throw new AppError(row.active ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED');
    }
    if (standing === 'touch') {
      await this.database.db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, sessionId));
    }
    return {
      kind: 'user',
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      roles: row.roles,
      departmentId: row.department_id,
      siteId: row.site_id,
      mustChangePassword: row.must_change_password,
      sessionId,
      requestId: meta.requestId,
      ip: meta.ip,
    };
  }

  async logout(actor: UserActor): Promise<void> {
    await this.database.tx(async (tx) => {
      if (actor.sessionId) await tx.delete(sessions).where(eq(sessions.id, actor.sessionId));
      await this.audit.record(tx, actor, { kind: 'auth.logout', aggregateType: 'user', aggregateId: actor.userId });
    });
  }

  async changePassword(actor: UserActor, currentPassword: string, newPassword: string): Promise<void> {
    const user = await identityRepo.getUserRow(this.database.db, actor.userId);
    if (!user) throw new AppError('AUTH_REQUIRED');
    if (!(await verifyPassword(user.passwordHash, currentPassword))) throw new AppError('AUTH_WRONG_PASSWORD');
    assertPasswordPolicy(newPassword);
    if (newPassword === currentPassword) throw new AppError('PASSWORD_REUSED');
    const passwordHash = await hashPassword(newPassword);
    await this.database.tx(async (tx) => {
      await identityRepo.setOwnPassword(tx, actor.userId, passwordHash, new Date());
      // Other sessions of this user end; this one goes on.
      await tx.execute(sql`delete from sessions where user_id = ${actor.userId} and id <> ${actor.sessionId ?? ''}`);
      await this.audit.record(tx, actor, { kind: 'auth.password_changed', aggregateType: 'user', aggregateId: actor.userId });
    });
  }

  /** Removes sessions past their lifetime or idle limit (run by the worker). */
  async purgeExpired(): Promise<void> {
    const idle = new Date(Date.now() - this.config.idleMinutes * 60_000);
    await this.database.db.execute(sql`delete from sessions where expires_at <= now() or last_seen_at < ${idle.toISOString()}`);
    await this.database.db.execute(sql`delete from login_failures where at < ${new Date(this.clock.now().getTime() - 10 * ADDRESS_WINDOW_MS)}`);
  }
}

function toActor(user: UserRow, sessionId: string, meta: RequestMeta): UserActor {
  return {
    kind: 'user',
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles as Role[],
    departmentId: user.departmentId,
    siteId: user.siteId,
    mustChangePassword: user.mustChangePassword,
    sessionId,
    requestId: meta.requestId,
    ip: meta.ip,
  };
}

export type { Actor };
