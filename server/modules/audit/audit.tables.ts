import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Append-only audit log (审计日志). One hash chain per aggregate (chain_key), so writers only wait
 * on the head of their own chain; periodic seals cover every record by transaction id. See
 * docs/adr/0003-audit-hash-chains.md. UPDATE, DELETE and TRUNCATE are refused by triggers.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    txId: bigint('tx_id', { mode: 'number' })
      .notNull()
      .default(sql`(pg_current_xact_id()::text::bigint)`),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    kind: text('kind').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    chainKey: text('chain_key').notNull(),
    chainSeq: integer('chain_seq').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    data: jsonb('data').notNull(),
    requestId: text('request_id'),
    ip: text('ip'),
  },
  (t) => [
    uniqueIndex('audit_log_chain_seq_uq').on(t.chainKey, t.chainSeq),
    index('audit_log_tx_idx').on(t.txId),
    index('audit_log_kind_idx').on(t.kind, t.id),
  ],
);

/** The last record of each chain; the row a writer locks. */
export const auditChainHeads = pgTable('audit_chain_heads', {
  chainKey: text('chain_key').primaryKey(),
  seq: integer('seq').notNull(),
  hash: text('hash').notNull(),
});

/** A seal covers every audit record with from_tx_id <= tx_id < to_tx_id (all finished transactions). */
export const auditSeals = pgTable('audit_seals', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  sealedAt: timestamp('sealed_at', { withTimezone: true, mode: 'date' }).notNull(),
  fromTxId: bigint('from_tx_id', { mode: 'number' }).notNull(),
  toTxId: bigint('to_tx_id', { mode: 'number' }).notNull(),
  recordCount: integer('record_count').notNull(),
  recordsDigest: text('records_digest').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});
