/**
 * What other modules may do to a user's sign-in state (the auth module's tables stay its own, ADR 0023):
 * identity ends a user's sessions when an admin changes the account, removes the second factor on a reset,
 * and shows whether one is bound.
 */
import { eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Executor } from '../../platform/db.js';
import { sessions, userTotp } from './auth.tables.js';

/** Ends every session of the user (a changed scope, a disabled account or a reset credential takes effect now). */
export async function endSessionsOf(ex: Executor, userId: number): Promise<void> {
  await ex.delete(sessions).where(eq(sessions.userId, userId));
}

/** Removes the user's 动态口令 (bound or half-enrolled); says whether there was one. */
export async function removeSecondFactor(ex: Executor, userId: number): Promise<boolean> {
  const removed = await ex.delete(userTotp).where(eq(userTotp.userId, userId)).returning({ userId: userTotp.userId });
  return removed.length > 0;
}

/** Read model: whether the user `userId` (an SQL column or value) has a confirmed second factor. */
export function secondFactorBoundSql(userId: SQLWrapper): SQL<boolean> {
  return sql<boolean>`exists (select 1 from ${userTotp} rm_t where rm_t.user_id = ${userId} and rm_t.confirmed_at is not null)`;
}
