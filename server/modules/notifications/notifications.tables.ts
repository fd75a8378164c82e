import { bigint, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** 短信发件箱: what the development SMS sink "sent". One row per outbox message, never two. */
export const smsMessages = pgTable(
  'sms_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    idempotencyKey: text('idempotency_key').notNull(),
    phone: text('phone').notNull(),
    template: text('template').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sms_messages_idempotency_uq').on(t.idempotencyKey), index('sms_messages_created_idx').on(t.createdAt)],
);
