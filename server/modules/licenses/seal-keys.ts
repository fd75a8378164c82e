/** The departments' seal keys (ADR 0028): the active key of a department, made on its first license. */
import { and, eq, sql } from 'drizzle-orm';
import { chinaDate } from '../../platform/clock.js';
import type { Tx } from '../../platform/db.js';
import { identityRepo } from '../identity/identity.repository.js';
import { sealKeys } from './licenses.tables.js';
import { generateSealKey, newKeyId, openPrivateKey, sealPrivateKey, SEAL_ALGORITHM } from './seal.js';

/**
 * The active seal key of a department (made on its first license), with its private key opened; `replaced`: the id of
 * a key that could not be opened (sealed under another server secret) and was retired for the new one.
 */
export async function activeKey(tx: Tx, departmentId: number, now: Date, secret: string): Promise<{ id: string; privateKey: string; replaced: string | null }> {
  const [k] = await tx.select().from(sealKeys).where(and(eq(sealKeys.departmentId, departmentId), sql`${sealKeys.retiredAt} is null`));
  if (k) {
    try {
      return { id: k.id, privateKey: openPrivateKey(k.sealedPrivateKey, secret), replaced: null };
    } catch {
      // sealed under another server secret (SESSION_SECRET changed): the key cannot sign any more; it still verifies
      await tx.update(sealKeys).set({ retiredAt: now }).where(eq(sealKeys.id, k.id));
      return { ...(await newKey(tx, departmentId, now, secret)), replaced: k.id };
    }
  }
  return { ...(await newKey(tx, departmentId, now, secret)), replaced: null };
}

export async function newKey(tx: Tx, departmentId: number, now: Date, secret: string) {
  const dep = await identityRepo.findDepartment(tx, departmentId);
  const pair = generateSealKey();
  const id = newKeyId(dep?.code ?? `D${departmentId}`, chinaDate(now));
  await tx.insert(sealKeys).values({ id, departmentId, algorithm: SEAL_ALGORITHM, publicKey: pair.publicKey, sealedPrivateKey: sealPrivateKey(pair.privateKey, secret), createdAt: now });
  return { id, privateKey: pair.privateKey };
}
