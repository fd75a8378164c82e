/**
 * What staff sessions (auth) and portal sessions (applicants) share: the cookie token's HMAC as the stored id (a
 * database leak yields no usable cookie), the CSRF token bound to a session, the idle and absolute limits, and how
 * often a session's last-seen time is written. Each kind of session names its own purpose, so one kind's token is
 * never another's.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Refresh last_seen_at at most this often: reading a session should not write on every request. */
export const TOUCH_EVERY_MS = 60_000;

/** Who asked, for audit and for the session's row. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export class SessionTokens {
  constructor(
    private readonly secret: () => string,
    /** 'session' (staff) or 'applicant-session' (the portal): the HMAC's domain for ids */
    private readonly idPurpose: string,
    /** 'csrf' (staff) or 'applicant-csrf' */
    private readonly csrfPurpose: string,
  ) {}

  idOf(token: string): string {
    return createHmac('sha256', this.secret()).update(`${this.idPurpose}:${token}`).digest('hex');
  }

  csrfOf(sessionId: string): string {
    return createHmac('sha256', this.secret()).update(`${this.csrfPurpose}:${sessionId}`).digest('base64url');
  }

  checkCsrf(sessionId: string, presented: string | undefined): boolean {
    if (!presented) return false;
    const a = Buffer.from(this.csrfOf(sessionId));
    const b = Buffer.from(presented);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

/** A session's standing at `nowMs`: past its lifetime or idle too long, due for a last-seen write, or fine. */
export function sessionStanding(s: { expiresAt: Date | string; lastSeenAt: Date | string }, nowMs: number, idleMinutes: number): 'ended' | 'touch' | 'fresh' {
  const lastSeen = new Date(s.lastSeenAt).getTime();
  if (new Date(s.expiresAt).getTime() <= nowMs || nowMs - lastSeen > idleMinutes * 60_000) return 'ended';
  return nowMs - lastSeen > TOUCH_EVERY_MS ? 'touch' : 'fresh';
}
