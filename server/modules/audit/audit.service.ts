/**
 * The audit trail. `record` is called inside the business transaction (never after commit);
 * `seal` closes every finished transaction's records under a chained seal; `verify` walks the
 * whole log and reports the first broken record (audit.verify.ts). Design: docs/adr/0003-audit-hash-chains.md.
 */
import { and, count, desc, eq, gt, sql } from 'drizzle-orm';
import { authorize, systemActor, type Actor, type Recorder } from '../../platform/authz.js';
import { maskMobile, maskName } from '../../../common/masking.js';
import { auditPolicy } from './audit.policy.js';
import { CommitBatch, num, rows, type Database, type Tx } from '../../platform/db.js';
import type { AuditConfig } from '../../config.js';
import { auditLog, auditSeals } from './audit.tables.js';
import type { AuditKind } from './audit.kinds.js';
import { GENESIS, recordHash, sealHash, toJsonValue } from './audit.hash.js';
import { ANCHOR_CHAIN, ANCHOR_KIND, AuditVerifier, digestRange, type VerifyResult } from './audit.verify.js';

export type { VerifyProblem, VerifyResult } from './audit.verify.js';

export interface AuditEvent {
  kind: AuditKind;
  aggregateType: string;
  aggregateId: string | number;
  data?: Record<string, unknown>;
}

/** chain heads locked by one statement (their keys as one JSON parameter) */
const HEADS_PER_STATEMENT = 50_000;
/** audit records written by one statement (as one JSON parameter: ~0.5 KB each) */
const RECORDS_PER_STATEMENT = 20_000;

export function actorFields(actor: Recorder): { actorId: number | null; actorName: string } {
  switch (actor.kind) {
    case 'user':
      return { actorId: actor.userId, actorName: `${actor.displayName}(${actor.username})` };
    case 'applicant': // the audit log is read by admins and 纪检: the applicant by account number, masked
      return { actorId: null, actorName: `申请人#${actor.applicantId}:${maskName(actor.realName) ?? maskMobile(actor.phone)}` };
    default:
      return { actorId: null, actorName: `系统:${actor.name}` };
  }
}

export class AuditService {
  constructor(
    private readonly database: Database,
    private readonly config: AuditConfig,
  ) {}

  /**
   * Appends one event to its aggregate's chain, in the caller's transaction. In a `Database.tx` transaction the
   * records wait for its end and are written together just before it commits — two statements however many
   * (the chains' heads locked in key order, then every record and head) — elsewhere at once.
   */
  record(tx: Tx, actor: Recorder, event: AuditEvent): Promise<void> {
    return this.atCommit.add(tx, { actor, event });
  }

  private readonly atCommit = new CommitBatch<{ actor: Recorder; event: AuditEvent }>((tx, list) => this.write(tx, list));

  private async write(tx: Tx, list: { actor: Recorder; event: AuditEvent }[]): Promise<void> {
    const alg = this.config.hashAlgorithm;
    const keys = [...new Set(list.map(({ event: e }) => `${e.aggregateType}:${String(e.aggregateId)}`))].sort();
    // Lock the chains' heads (creating new ones) and read them, in key order (no deadlocks): the keys travel as one
    // JSON parameter, so a statement holds any number of them (a recompute of a year's deadlines: ~10^5).
    // The time is the database's (transaction start), so every server stamps on one clock.
    const head = new Map<string, { seq: number; hash: string }>();
    let now: Date | string | undefined;
    for (let i = 0; i < keys.length; i += HEADS_PER_STATEMENT) {
      const heads = await rows<{ chain_key: string; seq: number; hash: string; now: Date | string }>(
        tx,
        sql`insert into audit_chain_heads (chain_key, seq, hash)
            select k.key, 0, ${GENESIS} from json_array_elements_text(${JSON.stringify(keys.slice(i, i + HEADS_PER_STATEMENT))}::json) with ordinality as k(key, n)
            order by k.n
            on conflict (chain_key) do update set chain_key = excluded.chain_key
            returning chain_key, seq, hash, now() as now`,
      );
      for (const h of heads) head.set(h.chain_key, { seq: num(h.seq), hash: h.hash });
      now ??= heads[0]?.now;
    }
    if (head.size !== keys.length || now === undefined) throw new Error('audit chain head missing');
    const occurredAt = new Date(new Date(now).getTime()); // ms precision: the value hashed is the value stored
    const records = list.map(({ actor, event }) => {
      const aggregateId = String(event.aggregateId);
      const chainKey = `${event.aggregateType}:${aggregateId}`;
      const h = head.get(chainKey)!;
      const { actorId, actorName } = actorFields(actor);
      const rec = {
        chainKey, chainSeq: h.seq + 1, occurredAt, kind: event.kind, actorId, actorName, aggregateType: event.aggregateType, aggregateId,
        data: toJsonValue(event.data ?? {}), requestId: actor.requestId, ip: actor.ip, prevHash: h.hash,
      };
      const hash = recordHash(alg, rec);
      head.set(chainKey, { seq: rec.chainSeq, hash });
      return {
        kind: rec.kind, actor_id: rec.actorId, actor_name: rec.actorName, aggregate_type: rec.aggregateType, aggregate_id: rec.aggregateId,
        chain_key: rec.chainKey, chain_seq: rec.chainSeq, prev_hash: rec.prevHash, hash, data: rec.data, request_id: rec.requestId, ip: rec.ip,
      };
    });
    // Every record, in the order recorded, and each chain's new head: one statement per RECORDS_PER_STATEMENT records,
    // the records as one JSON parameter (no limit of 65,535 bound parameters; data reaches jsonb as it would by text).
    for (let i = 0; i < records.length; i += RECORDS_PER_STATEMENT) {
      await tx.execute(sql`
        with ins as (
          insert into audit_log (occurred_at, kind, actor_id, actor_name, aggregate_type, aggregate_id,
                                 chain_key, chain_seq, prev_hash, hash, data, request_id, ip)
          select ${occurredAt.toISOString()}::timestamptz, r.kind, r.actor_id, r.actor_name, r.aggregate_type, r.aggregate_id,
                 r.chain_key, r.chain_seq, r.prev_hash, r.hash, r.data, r.request_id, r.ip
          from rows from (json_to_recordset(${JSON.stringify(records.slice(i, i + RECORDS_PER_STATEMENT))}::json)
            as (kind text, actor_id integer, actor_name text, aggregate_type text, aggregate_id text, chain_key text, chain_seq integer,
                prev_hash text, hash text, data jsonb, request_id text, ip text)) with ordinality as r
          order by r.ordinality
          returning chain_key, chain_seq, hash)
        update audit_chain_heads h set seq = x.chain_seq, hash = x.hash
        from (select distinct on (chain_key) chain_key, chain_seq, hash from ins order by chain_key, chain_seq desc) x
        where h.chain_key = x.chain_key`);
    }
  }

  /**
   * Seals every record of transactions that have finished since the last seal. Records of
   * transactions still running keep their place for the next seal. Returns the seal id or null.
   */
  async seal(): Promise<number | null> {
    const alg = this.config.hashAlgorithm;
    return this.database.tx(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(7152002)`);
      const [snap] = await rows<{ xmin: string | number; now: Date | string }>(tx, sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin, now() as now`);
      const toTxId = num(snap?.xmin);
      const [last] = await tx.select().from(auditSeals).orderBy(desc(auditSeals.id)).limit(1);
      const fromTxId = last ? last.toTxId : 0;
      if (toTxId <= fromTxId) return null;
      // Only real records call for a seal: the previous seal's own anchor record alone waits for the next one.
      const [due] = await rows<{ due: boolean }>(tx, sql`select exists (select 1 from audit_log where tx_id >= ${fromTxId} and tx_id < ${toTxId}
        and kind <> ${ANCHOR_KIND}) as due`);
      if (!due?.due) return null;
      const d = await digestRange(tx, alg, fromTxId, toTxId);
      if (d.count === 0) return null;
      const seal = {
        sealedAt: new Date(new Date(snap!.now).getTime()),
        fromTxId,
        toTxId,
        recordCount: d.count,
        recordsDigest: d.digest,
        prevHash: last ? last.hash : GENESIS,
      };
      const hash = sealHash(alg, seal);
      const [row] = await tx.insert(auditSeals).values({ ...seal, hash }).returning({ id: auditSeals.id });
      if (!row) throw new Error('audit seal not stored');
      // The anchor: the seal named in the append-only log itself, in the seal's transaction (so the next seal covers it).
      // Deleting this seal later leaves its anchor behind; deleting the anchor breaks its chain or the next seal.
      await this.record(tx, systemActor('audit-seal'), {
        kind: ANCHOR_KIND, aggregateType: ANCHOR_CHAIN.type, aggregateId: ANCHOR_CHAIN.id,
        data: { sealId: row.id, hash, fromTxId, toTxId, recordCount: d.count },
      });
      return row.id;
    });
  }

  /** Verifies every chain, every chain head and every seal (audit.verify.ts). Reads only. */
  async verify(actor: Actor): Promise<VerifyResult> {
    authorize(actor, auditPolicy, 'audit.verify');
    return new AuditVerifier(this.database.db, this.config).verify();
  }

  async listEvents(actor: Actor, q: { page: number; pageSize: number; kind?: string; aggregateType?: string; aggregateId?: string; afterId?: number }) {
    authorize(actor, auditPolicy, 'audit.read');
    const where = and(
      q.kind ? eq(auditLog.kind, q.kind) : undefined,
      // one aggregate's whole history: its hash chain (unique index on chain_key, chain_seq)
      q.aggregateType && q.aggregateId ? eq(auditLog.chainKey, `${q.aggregateType}:${q.aggregateId}`) : undefined,
      q.aggregateType && !q.aggregateId ? eq(auditLog.aggregateType, q.aggregateType) : undefined,
      q.afterId ? gt(auditLog.id, q.afterId) : undefined,
    );
    const db = this.database.db;
    const [items, [total]] = await Promise.all([
      db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(auditLog).where(where),
    ]);
    return { items, total: num(total?.n ?? 0) };
  }

  async stats(): Promise<{ records: number; lastSealAt: Date | null }> {
    const db = this.database.db;
    const [[r], [s]] = await Promise.all([
      db.select({ n: count() }).from(auditLog),
      db.select({ at: auditSeals.sealedAt }).from(auditSeals).orderBy(desc(auditSeals.id)).limit(1),
    ]);
    return { records: num(r?.n ?? 0), lastSealAt: s?.at ?? null };
  }
}
