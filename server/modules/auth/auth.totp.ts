/**
 * 动态口令 (TOTP, RFC 6238) helpers around otplib: the secret sealed with AES-256-GCM under a key
 * derived from the session secret, the signed short-lived login ticket between the password and the
 * code, and code checks that refuse a time step already used (replay). ADR 0020.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';

/** Codes of the previous, current and next 30-second step are accepted (clock drift of the phone). */
export const TOTP_PERIOD_SECONDS = 30;
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
/** How long the password step's ticket lets the user enter a code or enrol. */
export const TICKET_SECONDS = 300;

export type TicketStage = 'code' | 'enrol';
export interface Ticket {
  userId: number;
  stage: TicketStage;
  expiresAt: number;
}

export class TotpCrypto {
  private readonly key: Buffer;
  private readonly ticketKey: Buffer;

  constructor(sessionSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', sessionSecret, 'yichuang', 'totp-secret-v1', 32));
    this.ticketKey = Buffer.from(hkdfSync('sha256', sessionSecret, 'yichuang', 'mfa-ticket-v1', 32));
  }

  newSecret(): string {
    return generateSecret({ length: 20 });
  }

  uri(issuer: string, account: string, secret: string): string {
    return generateURI({ issuer, label: account, secret });
  }

  /** `v1.` + base64url(iv | tag | ciphertext); the user id is bound as associated data. */
  seal(secret: string, userId: number): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(Buffer.from(`user:${userId}`));
    const ct = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
    return `v1.${Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64url')}`;
  }

  open(sealed: string, userId: number): string {
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    const d = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    d.setAAD(Buffer.from(`user:${userId}`));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  }

  ticket(userId: number, stage: TicketStage, nowMs: number): string {
    const payload = Buffer.from(JSON.stringify({ u: userId, s: stage, e: nowMs + TICKET_SECONDS * 1000, n: randomBytes(8).toString('base64url') })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The ticket's content, or null when it is forged, malformed or expired. */
  readTicket(ticket: string, nowMs: number): Ticket | null {
    const [payload, sig] = ticket.split('.');
    if (!payload || !sig) return null;
    const want = Buffer.from(this.sign(payload));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
    try {
      const t = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u: unknown; s: unknown; e: unknown };
      if (typeof t.u !== 'number' || (t.s !== 'code' && t.s !== 'enrol') || typeof t.e !== 'number' || t.e <= nowMs) return null;
      return { userId: t.u, stage: t.s, expiresAt: t.e };
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.ticketKey).update(payload).digest('base64url');
  }
}

/**
 * The time step a code belongs to, or null when it matches none of the accepted steps or its step
 * was used already (a code is good once).
 */
export async function matchCode(secret: string, code: string, nowMs: number, usedSteps: readonly number[]): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const epoch = Math.floor(nowMs / 1000);
  const res = await verify({ secret, token: code, epoch, epochTolerance: TOLERANCE_SECONDS });
  if (!res.valid || !('timeStep' in res)) return null;
  return usedSteps.includes(res.timeStep) ? null : res.timeStep;
}
