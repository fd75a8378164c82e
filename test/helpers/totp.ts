/**
 * The tests' authenticator app: it keeps the TOTP secret a user was shown at enrolment and answers
 * the server's "code, please" with a code of a time step it has not used yet (the server refuses a
 * code twice). Integration tests give it the app's frozen authenticator clock, which it moves on by
 * one step when the steps around "now" are used up; browser tests run on real time and wait instead.
 */
import { generate } from 'otplib';

const PERIOD = 30;

export interface OtpTime {
  /** milliseconds since the epoch, as the server's authenticator clock reads it */
  now(): number;
  /** make a fresh step available: move the clock on, or wait for the next step */
  next(): Promise<void>;
}

export class TestAuthenticator {
  private readonly secrets = new Map<string, string>();
  private readonly used = new Map<string, Set<number>>();

  constructor(private readonly time: OtpTime) {}

  remember(key: string, secret: string, usedStep?: number): void {
    this.secrets.set(key.toLowerCase(), secret);
    this.used.set(key.toLowerCase(), new Set(usedStep === undefined ? [] : [usedStep]));
  }

  has(key: string): boolean {
    return this.secrets.has(key.toLowerCase());
  }

  /** A code the server accepts now (current step, else the next; the previous only early in a step). */
  async code(key: string): Promise<string> {
    const secret = this.secrets.get(key.toLowerCase());
    if (!secret) throw new Error(`no TOTP secret known for ${key}: it was enrolled outside this test run`);
    const used = this.used.get(key.toLowerCase())!;
    for (;;) {
      const now = this.time.now();
      const cur = Math.floor(now / 1000 / PERIOD);
      const intoStep = now / 1000 - cur * PERIOD;
      const candidates = [cur, cur + 1, ...(intoStep < PERIOD - 5 ? [cur - 1] : [])];
      const step = candidates.find((s) => !used.has(s));
      if (step !== undefined) {
        used.add(step);
        return generate({ secret, epoch: step * PERIOD });
      }
      await this.time.next();
    }
  }
}

/** Real time (browser tests against a server process): waits for the next step when needed. */
export const realOtpTime: OtpTime = {
  now: () => Date.now(),
  next: () => new Promise((r) => setTimeout(r, (PERIOD - ((Date.now() / 1000) % PERIOD)) * 1000 + 200)),
};

/** One authenticator for every browser test server of this process, keyed `${baseUrl}|${username}`. */
export const e2eAuthenticator = new TestAuthenticator(realOtpTime);
