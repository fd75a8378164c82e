/**
 * The audit trail. `record` is called inside the business transaction (never after commit);
 * `seal` closes every finished transaction's records under a chained seal; `verify` walks the
 * whole log and reports the first broken record. Design: docs/adr/0003-audit-hash-chains.md.
 */
import { and, count, desc, eq, gt, sql } from 'drizzle-orm';
import { authorize, systemActor, type Actor } from '../../platform/authz.js';
import { auditPolicy } from './audit.policy.js';
import { CommitBatch, num, rows, type Database, type Executor, type Tx } from '../../platform/db.js';
import type { AuditConfig } from '../../config.js';
import { auditLog, auditSeals } from './audit.tables.js';
import type { AuditKind } from './audit.kinds.js';
import {
  GENESIS,
  RecordsDigest,
  algorithmOf,
  recordHash,
  sealHash,
  toJsonValue,
  type HashAlgorithm,
} from './audit.hash.js';

export interface AuditEvent {
  kind: AuditKind;
  aggregateType: string;
  aggregateId: string | number;
  data?: Record<string, unknown>;
}

export interface VerifyProblem {
  id: number | null;
  chainKey: string | null;
  code: string;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  checkedRecords: number;
  chains: number;
  seals: number;
  unsealedRecords: number;
  firstBroken: VerifyProblem | null;
  problems: VerifyProblem[];
  verifiedAt: string;
}

const BATCH = 2000;
/** chain heads locked by one statement (their keys as one JSON parameter) */
const HEADS_PER_STATEMENT = 50_000;
/** audit records written by one statement (as one JSON parameter: ~0.5 KB each) */
const RECORDS_PER_STATEMENT = 20_000;
/** A record older than this before a seal that does not cover it was not in flight: it was inserted later. */
const IN_FLIGHT_TOLERANCE_MS = 10 * 60 * 1000;
/** Each seal is also announced by a record in this chain of the log (its anchor): id and hash of the seal. */
const ANCHOR_KIND = 'audit.sealed' satisfies AuditKind;
const ANCHOR_CHAIN = { type: 'audit', id: 'seals' } as const;
/** Unsealed records older than this many seal intervals (and sealable) mean the sealer stopped or a seal was deleted. */
const OVERDUE_INTERVALS = 2;

export function actorFields(actor: Actor): { actorId: number | null; actorName: string } {
  return actor.kind === 'user'
    ? { actorId: actor.userId, actorName: `${actor.displayName}(${actor.username})` }
    : { actorId: null, actorName: `系统:${actor.name}` };
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
  record(tx: Tx, actor: Actor, event: AuditEvent): Promise<void> {
    return this.atCommit.add(tx, { actor, event });
  }

  private readonly atCommit = new CommitBatch<{ actor: Actor; event: AuditEvent }>((tx, list) => this.write(tx, list));

  private async write(tx: Tx, list: { actor: Actor; event: AuditEvent }[]): Promise<void> {
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
      const d = await this.digestRange(tx, alg, fromTxId, toTxId);
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

  private async digestRange(ex: Executor, alg: HashAlgorithm, fromTxId: number, toTxId: number) {
    const acc = new RecordsDigest(alg);
    let afterId = 0;
    for (;;) {
      const batch = await rows<{ id: number | string; hash: string }>(
        ex,
        sql`select id, hash from audit_log where tx_id >= ${fromTxId} and tx_id < ${toTxId} and id > ${afterId}
            order by id limit ${BATCH}`,
      );
      for (const r of batch) acc.add(num(r.id), r.hash);
      if (batch.length < BATCH) break;
      afterId = num(batch[batch.length - 1]!.id);
    }
    return { count: acc.count, digest: acc.finish() };
  }

  /** Verifies every chain, every chain head and every seal. Reads only. */
  async verify(actor: Actor): Promise<VerifyResult> {
    authorize(actor, auditPolicy, 'audit.verify');
    const db = this.database.db;
    const problems: VerifyProblem[] = [];
    const heads = new Map<string, { seq: number; hash: string }>();
    for (const h of await rows<{ chain_key: string; seq: number; hash: string }>(db, sql`select chain_key, seq, hash from audit_chain_heads`)) {
      heads.set(h.chain_key, { seq: num(h.seq), hash: h.hash });
    }

    // 1. Each chain: consecutive sequence numbers, links and recomputed hashes.
    let checked = 0;
    let chains = 0;
    let cur: { key: string; seq: number; hash: string } | null = null;
    const seenChains = new Set<string>();
    const closeChain = () => {
      if (!cur) return;
      const head = heads.get(cur.key);
      if (!head || head.seq !== cur.seq || head.hash !== cur.hash) {
        problems.push({
          id: null,
          chainKey: cur.key,
          code: 'CHAIN_HEAD_MISMATCH',
          reason: `审计链 ${cur.key} 的最后一条记录（序号 ${cur.seq}）与链头（序号 ${head?.seq ?? '无'}）不符：末尾记录被删除或链头被篡改`,
        });
      }
    };
    let after: { key: string; seq: number } | null = null;
    for (;;) {
      const batch: {
        id: number | string; tx_id: number | string; occurred_at: Date | string; kind: string; actor_id: number | null;
        actor_name: string | null; aggregate_type: string; aggregate_id: string; chain_key: string; chain_seq: number;
        prev_hash: string; hash: string; data: unknown; request_id: string | null; ip: string | null;
      }[] = await rows(
        db,
        after
          ? sql`select * from audit_log where (chain_key, chain_seq) > (${after.key}, ${after.seq}) order by chain_key, chain_seq limit ${BATCH}`
          : sql`select * from audit_log order by chain_key, chain_seq limit ${BATCH}`,
      );
      for (const r of batch) {
        checked++;
        const id = num(r.id);
        const seq = num(r.chain_seq);
        if (!cur || cur.key !== r.chain_key) {
          closeChain();
          chains++;
          seenChains.add(r.chain_key);
          cur = { key: r.chain_key, seq: 0, hash: GENESIS };
        }
        if (seq !== cur.seq + 1) {
          problems.push({ id, chainKey: r.chain_key, code: 'CHAIN_GAP', reason: `审计链 ${r.chain_key} 缺少序号 ${cur.seq + 1}${seq - 1 > cur.seq + 1 ? `–${seq - 1}` : ''} 的记录（已被删除）` });
        } else if (r.prev_hash !== cur.hash) {
          problems.push({ id, chainKey: r.chain_key, code: 'CHAIN_LINK_BROKEN', reason: `记录 #${id} 的前序哈希与上一条记录不符（记录被插入或替换）` });
        }
        const alg = algorithmOf(r.hash);
        const occurredAt = r.occurred_at instanceof Date ? r.occurred_at : new Date(r.occurred_at);
        const data = typeof r.data === 'string' ? JSON.parse(r.data) : r.data;
        const expected: string | null = alg
          ? recordHash(alg, {
              chainKey: r.chain_key, chainSeq: seq, occurredAt, kind: r.kind, actorId: r.actor_id === null ? null : num(r.actor_id),
              actorName: r.actor_name, aggregateType: r.aggregate_type, aggregateId: r.aggregate_id, data,
              requestId: r.request_id, ip: r.ip, prevHash: r.prev_hash,
            })
          : null;
        if (expected !== r.hash) {
          problems.push({ id, chainKey: r.chain_key, code: 'RECORD_HASH_MISMATCH', reason: `记录 #${id} 的内容与其哈希不符（记录被修改）` });
        }
        cur = { key: r.chain_key, seq, hash: r.hash };
      }
      if (batch.length < BATCH) break;
      const lastRow = batch[batch.length - 1]!;
      after = { key: lastRow.chain_key, seq: num(lastRow.chain_seq) };
    }
    closeChain();
    for (const [key, head] of heads) {
      if (!seenChains.has(key) && head.seq > 0) {
        problems.push({ id: null, chainKey: key, code: 'CHAIN_MISSING', reason: `审计链 ${key} 的全部 ${head.seq} 条记录缺失（已被删除）` });
      }
    }

    // 2. Seals: linked, each hash right, each covering exactly the records it covered when made.
    const seals = await db.select().from(auditSeals).orderBy(auditSeals.id);
    let prevHash = GENESIS;
    let prevTo = 0;
    for (const s of seals) {
      const alg = algorithmOf(s.hash);
      if (s.prevHash !== prevHash || s.fromTxId !== prevTo || !alg || sealHash(alg, s) !== s.hash) {
        problems.push({ id: null, chainKey: null, code: 'SEAL_BROKEN', reason: `封存记录 #${s.id} 的哈希或衔接不正确（封存被篡改）` });
      } else {
        const d = await this.digestRange(db, alg, s.fromTxId, s.toTxId);
        if (d.count !== s.recordCount || d.digest !== s.recordsDigest) {
          const first = await this.firstRecordIn(s.fromTxId, s.toTxId);
          problems.push({
            id: first,
            chainKey: null,
            code: 'SEAL_MISMATCH',
            reason: `封存 #${s.id} 覆盖的记录已变化（封存时 ${s.recordCount} 条，现在 ${d.count} 条）：有记录被删除、插入或修改`,
          });
        }
      }
      prevHash = s.hash;
      prevTo = s.toTxId;
    }
    if (seals.length) {
      // Seal ranges are contiguous from 0; a record below the first one was slipped in outside them.
      const outside = await db
        .select({ id: auditLog.id, chainKey: auditLog.chainKey })
        .from(auditLog)
        .where(sql`${auditLog.txId} < ${seals[0]!.fromTxId}`)
        .orderBy(auditLog.id)
        .limit(1);
      if (outside[0]) {
        problems.push({ id: outside[0].id, chainKey: outside[0].chainKey, code: 'RECORD_UNSEALED', reason: `记录 #${outside[0].id} 不在任何封存范围内（事后插入）` });
      }
    }
    const lastSeal = seals[seals.length - 1];
    const [unsealed] = await db.select({ n: count() }).from(auditLog).where(sql`${auditLog.txId} >= ${prevTo}`);
    if (lastSeal) {
      // A record claiming a time well before the last seal, yet not covered by it, was inserted afterwards.
      const cutoff = new Date(lastSeal.sealedAt.getTime() - IN_FLIGHT_TOLERANCE_MS);
      const late = await db
        .select({ id: auditLog.id, chainKey: auditLog.chainKey })
        .from(auditLog)
        .where(and(sql`${auditLog.txId} >= ${prevTo}`, sql`${auditLog.occurredAt} < ${cutoff.toISOString()}`))
        .orderBy(auditLog.id)
        .limit(1);
      if (late[0]) {
        problems.push({ id: late[0].id, chainKey: late[0].chainKey, code: 'RECORD_BACKDATED', reason: `记录 #${late[0].id} 的时间早于已封存时段，却不在封存范围内（事后插入）` });
      }
    }

    const anchors = await this.checkAnchors(seals);
    problems.push(...anchors.problems);
    const overdue = anchors.count > 0 || seals.length > 0 ? await this.overdue(prevTo) : { problem: null, now: null };
    if (overdue.problem) problems.push(overdue.problem);

    problems.sort((a, b) => (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER));
    return {
      ok: problems.length === 0,
      checkedRecords: checked,
      chains,
      seals: seals.length,
      unsealedRecords: num(unsealed?.n ?? 0),
      firstBroken: problems[0] ?? null,
      problems: problems.slice(0, 100),
      verifiedAt: (overdue.now ?? new Date()).toISOString(),
    };
  }

  /**
   * Seals against their anchors (the `audit.sealed` records the log holds, chained and sealed like any record): an
   * anchor whose seal is gone → SEAL_MISSING (the newest seal, or every seal, deleted — its records then open to
   * rewriting); a seal with another hash than its anchor says → SEAL_ANCHOR_MISMATCH; a seal made after anchoring began
   * that no anchor names → SEAL_UNANCHORED (inserted by hand). Seals older than the first anchor predate anchoring.
   */
  private async checkAnchors(seals: (typeof auditSeals.$inferSelect)[]): Promise<{ problems: VerifyProblem[]; count: number }> {
    const list = await rows<{ id: number | string; data: { sealId?: unknown; hash?: unknown } | string }>(
      this.database.db,
      sql`select id, data from audit_log where chain_key = ${`${ANCHOR_CHAIN.type}:${ANCHOR_CHAIN.id}`} order by chain_seq`,
    );
    const anchors = new Map<number, { recordId: number; hash: string }>();
    for (const a of list) {
      const data = typeof a.data === 'string' ? (JSON.parse(a.data) as { sealId?: unknown; hash?: unknown }) : a.data;
      anchors.set(Number(data.sealId), { recordId: num(a.id), hash: String(data.hash) });
    }
    const problems: VerifyProblem[] = [];
    const byId = new Map(seals.map((s) => [s.id, s]));
    for (const [sealId, a] of anchors) {
      const s = byId.get(sealId);
      if (!s) {
        problems.push({ id: a.recordId, chainKey: null, code: 'SEAL_MISSING', reason: `封存 #${sealId} 缺失：审计日志记录 #${a.recordId} 载明了它，封存表中却没有（封存被删除，其覆盖的记录可能已被改写）` });
      } else if (s.hash !== a.hash) {
        problems.push({ id: a.recordId, chainKey: null, code: 'SEAL_ANCHOR_MISMATCH', reason: `封存 #${sealId} 的哈希与审计日志记录 #${a.recordId} 载明的不符（封存被替换）` });
      }
    }
    const firstAnchored = Math.min(...anchors.keys());
    for (const s of seals) {
      if (s.id >= firstAnchored && !anchors.has(s.id)) {
        problems.push({ id: null, chainKey: null, code: 'SEAL_UNANCHORED', reason: `封存 #${s.id} 在审计日志中没有对应的封存记录（封存被伪造，或其记录被删除）` });
      }
    }
    return { problems, count: anchors.size };
  }

  /**
   * Records that any seal made now would cover (their transactions ended: tx_id below the horizon) yet still unsealed
   * after OVERDUE_INTERVALS seal intervals: the sealer has stopped, or the newest seal was deleted. Anchors wait for the
   * next real record by design and do not count. Times are the database's, like `occurred_at`.
   */
  private async overdue(fromTxId: number): Promise<{ problem: VerifyProblem | null; now: Date }> {
    const seconds = OVERDUE_INTERVALS * this.config.sealIntervalSeconds;
    const [r] = await rows<{ n: number | string; first: number | string | null; chain_key: string | null; oldest: unknown; now: unknown }>(this.database.db, sql`
      with late as (
        select id, chain_key, occurred_at from audit_log
        where tx_id >= ${fromTxId} and tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint and kind <> ${ANCHOR_KIND}
          and occurred_at < now() - make_interval(secs => ${seconds}))
      select count(*) as n, (select id from late order by id limit 1) as first, (select chain_key from late order by id limit 1) as chain_key,
             min(occurred_at) as oldest, now() as now from late`);
    const now = new Date(String(r?.now instanceof Date ? r.now.toISOString() : r?.now));
    const n = num(r?.n ?? 0);
    if (!n || r?.first === null || r?.first === undefined) return { problem: null, now };
    const oldest = new Date(r.oldest instanceof Date ? r.oldest.getTime() : String(r.oldest));
    return {
      now,
      problem: {
        id: num(r.first), chainKey: r.chain_key, code: 'SEAL_OVERDUE',
        reason: `${n} 条记录超过 ${OVERDUE_INTERVALS} 个封存周期（${seconds} 秒）仍未封存，最早的记于 ${oldest.toISOString()}：封存程序已停止，或最新的封存被删除`,
      },
    };
  }

  private async firstRecordIn(fromTxId: number, toTxId: number): Promise<number | null> {
    const [r] = await this.database.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(sql`${auditLog.txId} >= ${fromTxId}`, sql`${auditLog.txId} < ${toTxId}`))
      .orderBy(auditLog.id)
      .limit(1);
    return r?.id ?? null;
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
