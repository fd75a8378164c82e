/**
 * Staff login (argon2id), opaque database sessions behind an httpOnly cookie, idle timeout and
 * absolute lifetime, lockout after repeated failures (等保三级), CSRF tokens bound to the session.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Role } from '../../../common/roles.js';
import type { AuthConfig } from '../../config.js';
import { systemActor, type Actor, type UserActor } from '../../platform/authz.js';
import { preparedRows, rows, type Database } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { assertPasswordPolicy, dummyHash, hashPassword, verifyPassword } from '../../platform/passwords.js';
import type { AuditService } from '../audit/audit.service.js';
import { identityRepo } from '../identity/identity.repository.js';
import { users } from '../identity/identity.tables.js';
import { sessions } from './auth.tables.js';

export const SESSION_COOKIE = 'yc_session';
/** Refresh last_seen_at at most this often: reading a session should not write on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly config: AuthConfig,
    private readonly audit: AuditService,
  ) {}

  sessionIdOf(token: string): string {
    return createHmac('sha256', this.config.sessionSecret).update(`session:${token}`).digest('hex');
  }

  csrfTokenOf(sessionId: string): string {
    return createHmac('sha256', this.config.sessionSecret).update(`csrf:${sessionId}`).digest('base64url');
  }

  checkCsrf(sessionId: string, presented: string | undefined): boolean {
    if (!presented) return false;
    const a = Buffer.from(this.csrfTokenOf(sessionId));
    const b = Buffer.from(presented);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async login(username: string, password: string, meta: RequestMeta): Promise<{ token: string; actor: UserActor; sessionId: string }> {
    const db = this.database.db;
    const user = await identityRepo.findUserForLogin(db, username);
    const ctx = { ...systemActor('login'), requestId: meta.requestId, ip: meta.ip };
    if (!user) {
      await verifyPassword(await dummyHash(), password);
      await this.database.tx((tx) =>
        this.audit.record(tx, ctx, { kind: 'auth.login_failed', aggregateType: 'auth', aggregateId: 'unknown-user', data: { username: username.slice(0, 64) } }),
      );
      throw new AppError('AUTH_INVALID_CREDENTIALS');
    }
    const now = new Date();
    if (user.lockedUntil && user.lockedUntil > now) {
      const minutes = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000);
      throw new AppError('AUTH_ACCOUNT_LOCKED', { minutes });
    }
    const ok = await verifyPassword(user.passwordHash, password);
    if (!ok) {
      // Counted in one statement, so parallel wrong passwords each count.
      const lock = await this.database.tx(async (tx) => {
        const [row] = await rows<{ failures: number; locked: boolean }>(
          tx,
          sql`update users set
                failed_attempts = case when failed_attempts + 1 >= ${this.config.maxFailures} then 0 else failed_attempts + 1 end,
                locked_until = case when failed_attempts + 1 >= ${this.config.maxFailures}
                                    then now() + make_interval(mins => ${this.config.lockMinutes}) else locked_until end
              where id = ${user.id}
              returning failed_attempts as failures, failed_attempts = 0 as locked`,
        );
        const locked = row?.locked ?? false;
        await this.audit.record(tx, ctx, {
          kind: locked ? 'auth.locked' : 'auth.login_failed',
          aggregateType: 'user',
          aggregateId: user.id,
          data: { failures: locked ? this.config.maxFailures : row?.failures },
        });
        return locked;
      });
      if (lock) throw new AppError('AUTH_ACCOUNT_LOCKED', { minutes: this.config.lockMinutes });
      throw new AppError('AUTH_INVALID_CREDENTIALS');
    }
    if (!user.active) throw new AppError('AUTH_ACCOUNT_DISABLED');

    const token = randomBytes(32).toString('base64url');
    const sessionId = this.sessionIdOf(token);
    const actor = toActor(user, sessionId, meta);
    await this.database.tx(async (tx) => {
      await tx.update(users).set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
      await tx.insert(sessions).values({
        id: sessionId,
        userId: user.id,
        expiresAt: new Date(now.getTime() + this.config.absoluteHours * 3_600_000),
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
      });
      await this.audit.record(tx, actor, { kind: 'auth.login', aggregateType: 'user', aggregateId: user.id, data: { userAgent: meta.userAgent?.slice(0, 120) ?? null } });
    });
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
          from sessions s join users u on u.id = s.user_id where s.id = ${sessionId}`,
    );
    if (!row) throw new AppError('AUTH_REQUIRED');
    const now = Date.now();
    const lastSeen = new Date(row.last_seen_at).getTime();
    if (!row.active || new Date(row.expires_at).getTime() <= now || now - lastSeen > this.config.idleMinutes * 60_000) {
      await this.database.db.delete(sessions).where(eq(sessions.id, sessionId));
      throw new AppError(row.active ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED');
    }
    if (now - lastSeen > TOUCH_EVERY_MS) {
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
      await tx.update(users).set({ passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), updatedAt: new Date() }).where(eq(users.id, actor.userId));
      // Other sessions of this user end; this one goes on.
      await tx.execute(sql`delete from sessions where user_id = ${actor.userId} and id <> ${actor.sessionId ?? ''}`);
      await this.audit.record(tx, actor, { kind: 'auth.password_changed', aggregateType: 'user', aggregateId: actor.userId });
    });
  }

  /** Removes sessions past their lifetime or idle limit (run by the worker). */
  async purgeExpired(): Promise<void> {
    const idle = new Date(Date.now() - this.config.idleMinutes * 60_000);
    await this.database.db.execute(sql`delete from sessions where expires_at <= now() or last_seen_at < ${idle.toISOString()}`);
  }
}

function toActor(user: typeof users.$inferSelect, sessionId: string, meta: RequestMeta): UserActor {
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
