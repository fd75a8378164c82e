/**
 * Transactional outbox (发件箱). `enqueue` writes in the caller's transaction; the worker delivers
 * after commit. Each message has an idempotency key: enqueueing the same key twice keeps one row,
 * and channels use the key so that a redelivery after a crash has no second effect.
 */
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/authz.js';
import { outboxPolicy } from './outbox.policy.js';
import { CommitBatch, insertRows, num, type Database, type Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { outbox } from './outbox.tables.js';

export type OutboxStatus = 'pending' | 'processing' | 'done' | 'dead';

export interface OutboxMessage<P = Record<string, unknown>> {
  topic: string;
  payload: P;
  idempotencyKey: string;
  availableAt?: Date;
}

export class OutboxService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  /**
   * Writes a message in the caller's transaction. In a `Database.tx` transaction the messages wait for its end and
   * are written in one statement just before it commits (with the rest of it or not at all); elsewhere at once.
   */
  enqueue(tx: Tx, msg: OutboxMessage): Promise<void> {
    return this.atCommit.add(tx, { topic: msg.topic, payload: msg.payload, idempotencyKey: msg.idempotencyKey, availableAt: msg.availableAt ?? new Date() });
  }

  private readonly atCommit = new CommitBatch<typeof outbox.$inferInsert>((tx, list) => this.write(tx, list));

  private async write(tx: Tx, list: (typeof outbox.$inferInsert)[]): Promise<void> {
    // one row per key (enqueueing a key twice keeps one row, as the unique index does across transactions)
    const seen = new Set<string>();
    const rowsToWrite = list.filter((r) => !seen.has(r.idempotencyKey) && seen.add(r.idempotencyKey));
    if (rowsToWrite.length) await insertRows(tx, outbox, rowsToWrite, 'on conflict (idempotency_key) do nothing');
  }

  async list(actor: Actor, q: { status?: OutboxStatus; page: number; pageSize: number }) {
    authorize(actor, outboxPolicy, 'outbox.read');
    const where = q.status ? eq(outbox.status, q.status) : undefined;
    const db = this.database.db;
    const [items, [total]] = await Promise.all([
      db.select().from(outbox).where(where).orderBy(desc(outbox.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(outbox).where(where),
    ]);
    return { items, total: num(total?.n ?? 0) };
  }

  async stats(): Promise<{ pending: number; dead: number }> {
    const res = await this.database.db
      .select({ status: outbox.status, n: count() })
      .from(outbox)
      .where(sql`${outbox.status} in ('pending', 'processing', 'dead')`)
      .groupBy(outbox.status);
    const by = (s: string) => num(res.find((r) => r.status === s)?.n ?? 0);
    return { pending: by('pending') + by('processing'), dead: by('dead') };
  }

  /** An admin sends a dead message round again (重试). */
  async retry(actor: Actor, id: number): Promise<void> {
    authorize(actor, outboxPolicy, 'outbox.retry');
    await this.database.tx(async (tx) => {
      const [msg] = await tx.select().from(outbox).where(eq(outbox.id, id)).for('update');
      if (!msg) throw new AppError('NOT_FOUND');
      if (msg.status !== 'dead') throw new AppError('OUTBOX_NOT_DEAD');
      await tx
        .update(outbox)
        .set({ status: 'pending', attempts: 0, availableAt: new Date(), leaseUntil: null })
        .where(and(eq(outbox.id, id), eq(outbox.status, 'dead')));
      await this.audit.record(tx, actor, {
        kind: 'outbox.retried',
        aggregateType: 'outbox',
        aggregateId: id,
        data: { topic: msg.topic, attempts: msg.attempts, lastError: msg.lastError },
      });
    });
  }
}
