import { hash, verify } from '@node-rs/argon2';
import { passwordMeetsPolicy } from '../../common/password-policy.js';
import { AppError } from './errors.js';

/** argon2id (the library's default algorithm) with OWASP's memory/time parameters. */
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (pw: string) => hash(pw, OPTIONS);
export const verifyPassword = (stored: string, pw: string) => verify(stored, pw).catch(() => false);

export function assertPasswordPolicy(pw: string): void {
  if (!passwordMeetsPolicy(pw)) throw new AppError('PASSWORD_POLICY');
}

/** A hash of a random password, verified against when the username is unknown (same timing). */
let dummy: Promise<string> | null = null;
export const dummyHash = () => (dummy ??= hashPassword(`dummy-${Math.random()}`));
