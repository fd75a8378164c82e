/**
 * Work a `Database.tx` transaction does just before it commits, in it: audit records and outbox messages are
 * written together at the end of the transaction that produced them (ADR 0014).
 */
import type { Db, Executor, Tx } from './types.js';

const beforeCommit = new WeakMap<object, (() => Promise<void>)[]>();

/**
 * Runs `fn` once the work of a `Database.tx` transaction is done, just before it commits (in it: a failure rolls
 * everything back). Returns false for any other executor (a savepoint, the bare database), where the caller must
 * do its work at once. The audit trail writes a transaction's records this way, in two statements for all of them.
 */
export function onBeforeCommit(tx: Executor, fn: () => Promise<void>): boolean {
  const hooks = beforeCommit.get(tx);
  if (!hooks) return false;
  hooks.push(fn);
  return true;
}

/**
 * Rows of one kind (audit records, outbox messages) queued per `Database.tx` transaction and written by one call of
 * `write` with all of them just before it commits; under any other executor each is written at once.
 */
export class CommitBatch<T> {
  private readonly queues = new WeakMap<object, T[]>();
  constructor(private readonly write: (tx: Tx, items: T[]) => Promise<void>) {}

  async add(tx: Tx, item: T): Promise<void> {
    const queued = this.queues.get(tx);
    if (queued) {
      queued.push(item);
      return;
    }
    const list = [item];
    const atCommit = onBeforeCommit(tx, () => {
      this.queues.delete(tx);
      return this.write(tx, list);
    });
    if (atCommit) this.queues.set(tx, list);
    else await this.write(tx, list);
  }
}


/** `db.transaction` with the before-commit hooks of onBeforeCommit. */
export function transactionOf(db: Db) {
  return <T>(fn: (tx: Tx) => Promise<T>) =>
    db.transaction(async (tx) => {
      const hooks: (() => Promise<void>)[] = [];
      beforeCommit.set(tx, hooks);
      try {
        const out = await fn(tx);
        for (let i = 0; i < hooks.length; i++) await hooks[i]!(); // a hook may add hooks
        return out;
      } finally {
        // done: a late record on this handle is written at once, and fails (the transaction is over) instead of
        // waiting for a commit that has passed
        beforeCommit.delete(tx);
      }
    });
}
