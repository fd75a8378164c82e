/**
 * The outbox worker. Claims due messages with FOR UPDATE SKIP LOCKED (several workers never take
 * the same row), leases them, delivers them one by one, and marks each done, or schedules a retry
 * with exponential backoff, or parks it as dead after the last attempt. A worker killed mid-batch
 * leaves leased rows that are claimed again when the lease runs out; channels dedupe by key.
 */
import { sql } from 'drizzle-orm';
import { systemActor } from '../../platform/authz.js';
import { num, rows, type Database } from '../../platform/db.js';
import { safeErrorMessage } from '../../platform/db-errors.js';
import type { WorkerConfig } from '../../config.js';
import type { AuditService } from '../audit/audit.service.js';

export interface ClaimedMessage {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
  attempts: number;
}

export type MessageHandler = (msg: ClaimedMessage) => Promise<void>;

export interface WorkerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export function backoffMs(attempt: number): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempt - 1), 60 * 60 * 1000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private started = false;
  /** set by stop(): finish the message in hand, leave the rest to the lease */
  private stopped = false;
  private readonly periodic: { everyMs: number; lastAt: number; fn: () => Promise<unknown> }[] = [];

  constructor(
    private readonly database: Database,
    private readonly config: WorkerConfig,
    private readonly handlers: Record<string, MessageHandler>,
    private readonly audit: AuditService,
    private readonly log: WorkerLogger,
  ) {}

  /** Housekeeping jobs (audit seals, session clean-up) run between batches. */
  every(everyMs: number, fn: () => Promise<unknown>): void {
    this.periodic.push({ everyMs, lastAt: Date.now(), fn });
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    // A failed tick (the database away) is logged and retried, backing off to 5 s so an outage does not flood
    // the log; the first good tick after failures says so.
    let failures = 0;
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.tick().then(
        () => {
          if (failures) this.log.info({ failures }, 'outbox worker recovered');
          failures = 0;
        },
        (err) => {
          failures++;
          this.log.error({ err, failures }, 'outbox worker tick failed');
        },
      );
      await this.running;
      this.running = null;
      const delay = failures ? Math.min(this.config.pollMs * 2 ** failures, 5_000) : this.config.pollMs;
      if (!this.stopped) this.timer = setTimeout(loop, delay);
    };
    this.timer = setTimeout(loop, 0);
  }

  /** Stops taking work and waits for the batch in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.running) await this.running;
  }

  private async tick(): Promise<void> {
    for (const job of this.periodic) {
      if (Date.now() - job.lastAt >= job.everyMs) {
        job.lastAt = Date.now();
        await job.fn().catch((err) => this.log.error({ err }, 'periodic job failed'));
      }
    }
    // Drain: keep taking batches while full ones come back.
    while (!this.stopped && (await this.runOnce()) === this.config.batchSize);
  }

  /** Claims and delivers one batch; returns how many messages it claimed. */
  async runOnce(): Promise<number> {
    const claimed = await this.database.tx(async (tx) =>
      rows<{ id: number | string; topic: string; payload: unknown; idempotency_key: string; attempts: number }>(
        tx,
        sql`update outbox set status = 'processing', attempts = attempts + 1,
                   lease_until = now() + make_interval(secs => ${this.config.leaseSeconds})
            where id in (
              select id from outbox
              where (status = 'pending' and available_at <= now())
                 or (status = 'processing' and lease_until < now())
              order by id
              limit ${this.config.batchSize}
              for update skip locked)
            returning id, topic, payload, idempotency_key, attempts`,
      ),
    );
    claimed.sort((a, b) => num(a.id) - num(b.id));
    for (const r of claimed) {
      if (this.stopped) break; // the lease brings the rest back
      const msg: ClaimedMessage = {
        id: num(r.id),
        topic: r.topic,
        payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
        idempotencyKey: r.idempotency_key,
        attempts: num(r.attempts),
      };
      await this.deliver(msg);
    }
    return claimed.length;
  }

  private async deliver(msg: ClaimedMessage): Promise<void> {
    const handler = this.handlers[msg.topic];
    try {
      if (!handler) throw new Error(`no handler for topic ${msg.topic}`);
      await handler(msg);
      await this.database.db.execute(
        sql`update outbox set status = 'done', done_at = now(), lease_until = null, last_error = null
            where id = ${msg.id} and status = 'processing' and attempts = ${msg.attempts}`,
      );
      this.log.info({ outboxId: msg.id, topic: msg.topic }, 'outbox message delivered');
    } catch (err) {
      // never a database error's message: it carries the statement's parameters (a phone number, for an SMS)
      const error = safeErrorMessage(err);
      const dead = msg.attempts >= this.config.maxAttempts;
      await this.database.tx(async (tx) => {
        // `attempts` fences the claim: if the lease ran out and another worker took the message,
        // this late outcome changes nothing.
        const updated = await rows<{ id: unknown }>(
          tx,
          dead
            ? sql`update outbox set status = 'dead', lease_until = null, last_error = ${error}
                  where id = ${msg.id} and status = 'processing' and attempts = ${msg.attempts} returning id`
            : sql`update outbox set status = 'pending', lease_until = null, last_error = ${error},
                         available_at = now() + make_interval(secs => ${backoffMs(msg.attempts) / 1000})
                  where id = ${msg.id} and status = 'processing' and attempts = ${msg.attempts} returning id`,
        );
        if (dead && updated.length) {
          await this.audit.record(tx, systemActor('worker'), {
            kind: 'outbox.dead',
            aggregateType: 'outbox',
            aggregateId: msg.id,
            data: { topic: msg.topic, attempts: msg.attempts, error },
          });
        }
      });
      this.log.warn({ outboxId: msg.id, topic: msg.topic, attempts: msg.attempts, dead, error }, 'outbox delivery failed');
    }
  }

  /** Messages still to do now (used by `--until-idle`). */
  async pendingNow(): Promise<number> {
    const [r] = await rows<{ n: number | string }>(
      this.database.db,
      sql`select count(*) as n from outbox where status = 'pending' and available_at <= now()
          or status = 'processing'`,
    );
    return num(r?.n ?? 0);
  }
}
