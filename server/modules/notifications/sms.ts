/**
 * SMS channel (短信通道). Production gateways implement `SmsChannel` and pass the idempotency key
 * to the provider; the development sink stores each message once in sms_messages (短信发件箱).
 */
import { sql } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/authz.js';
import type { Database } from '../../platform/db.js';
import { outboxPolicy } from '../outbox/outbox.policy.js';
import { smsMessages } from './notifications.tables.js';

export interface SmsMessage {
  phone: string;
  template: string;
  body: string;
  idempotencyKey: string;
}

export interface SmsChannel {
  send(msg: SmsMessage): Promise<void>;
}

export class DevSmsSink implements SmsChannel {
  constructor(
    private readonly database: Database,
    private readonly delayMs = 0,
  ) {}

  async send(msg: SmsMessage): Promise<void> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    await this.database.db
      .insert(smsMessages)
      .values(msg)
      .onConflictDoNothing({ target: smsMessages.idempotencyKey });
  }
}

export const SMS_TOPIC = 'sms.send';

export function smsHandler(channel: SmsChannel) {
  return async (m: { payload: Record<string, unknown>; idempotencyKey: string }) => {
    const { phone, template, body } = m.payload as { phone: string; template: string; body: string };
    await channel.send({ phone, template, body, idempotencyKey: m.idempotencyKey });
  };
}

export async function listSms(database: Database, actor: Actor, q: { page: number; pageSize: number }) {
  authorize(actor, outboxPolicy, 'sms.read');
  const db = database.db;
  const [items, total] = await Promise.all([
    db.select().from(smsMessages).orderBy(sql`${smsMessages.id} desc`).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.$count(smsMessages),
  ]);
  return { items, total };
}
