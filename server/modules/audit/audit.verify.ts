/**
 * Verification of the audit trail for `AuditService.verify` (docs/adr/0003-audit-hash-chains.md): every chain walked
 * and recomputed and held against its head, every seal against the one before it, the records it covered and its
 * anchor in the log, and the records no seal covers or that wait too long for one. Reads only. `AuditService.seal`
 * takes the records digest and the anchor chain from here, so sealing and verifying agree on them.
 */
import { and, count, sql } from 'drizzle-orm';
import { num, rows, type Db, type Executor } from '../../platform/db.js';
import type { AuditConfig } from '../../config.js';
import { auditLog, auditSeals } from './audit.tables.js';
import type { AuditKind } from './audit.kinds.js';
import { GENESIS, RecordsDigest, algorithmOf, recordHash, sealHash, type HashAlgorithm } from './audit.hash.js';

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

/** audit records read by one statement (a chain walk's page, a seal digest's page) */
const BATCH = 2000;
/** A record older than this before a seal that does not cover it was not in flight: it was inserted later. */
const IN_FLIGHT_TOLERANCE_MS = 10 * 60 * 1000;
/** Each seal is also announced by a record in this chain of the log (its anchor): id and hash of the seal. */
export const ANCHOR_KIND = 'audit.sealed' satisfies AuditKind;
export const ANCHOR_CHAIN = { type: 'audit', id: 'seals' } as const;
/** Unsealed records older than this many seal intervals (and sealable) mean the sealer stopped or a seal was deleted. */
const OVERDUE_INTERVALS = 2;

/** An `audit_log` row as `select *` returns it. */
interface LogRow {
  id: number | string; tx_id: number | string; occurred_at: Date | string; kind: string; actor_id: number | null;
  actor_name: string | null; aggregate_type: string; aggregate_id: string; chain_key: string; chain_seq: number;
  prev_hash: string; hash: string; data: unknown; request_id: string | null; ip: string | null;
}
type Seal = typeof auditSeals.$inferSelect;
type Head = { seq: number; hash: string };
/** A chain as far as it has been read: its last record's number and hash (0 and GENESIS before its first). */
type ChainEnd = { key: string; seq: number; hash: string };

/**
 * Count and digest of the records of transactions `fromTxId ≤ tx_id < toTxId`, read in id order: what a seal
 * covers when it is made, and what it must still cover when verified.
 */
export async function digestRange(ex: Executor, alg: HashAlgorithm, fromTxId: number, toTxId: number) {
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

/** One verification of the whole log: statement by statement, outside any transaction. */
export class AuditVerifier {
  constructor(
    private readonly db: Db,
    private readonly config: AuditConfig,
  ) {}

  /**
   * Every check in turn. Problems are sorted by record id, those naming no record last; the sort is stable, so
   * problems with the same id stay in the order found.
   */
  async verify(): Promise<VerifyResult> {
    const walk = await this.checkChains();
    const seals = await this.db.select().from(auditSeals).orderBy(auditSeals.id);
    const sealed = await this.checkSeals(seals);
    const uncovered = await this.checkUncovered(seals, sealed.coveredTo);
    const anchors = await this.checkAnchors(seals);
    const overdue = anchors.count > 0 || seals.length > 0 ? await this.overdue(sealed.coveredTo) : { problem: null, now: null };
    const problems = [...walk.problems, ...sealed.problems, ...uncovered.problems, ...anchors.problems];
    if (overdue.problem) problems.push(overdue.problem);

    problems.sort((a, b) => (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER));
    return {
      ok: problems.length === 0,
      checkedRecords: walk.checked,
      chains: walk.chains,
      seals: seals.length,
      unsealedRecords: uncovered.unsealed,
      firstBroken: problems[0] ?? null,
      problems: problems.slice(0, 100),
      verifiedAt: (overdue.now ?? new Date()).toISOString(),
    };
  }

  /** 1. Each chain: consecutive sequence numbers, links and recomputed hashes; its last record against its head. */
  private async checkChains(): Promise<{ problems: VerifyProblem[]; checked: number; chains: number }> {
    const heads = await this.heads();
    const problems: VerifyProblem[] = [];
    const seen = new Set<string>();
    let checked = 0;
    let chains = 0;
    let cur: ChainEnd | null = null;
    for await (const batch of this.logInChainOrder()) {
      for (const r of batch) {
        checked++;
        if (!cur || cur.key !== r.chain_key) {
          if (cur) problems.push(...headMismatch(cur, heads));
          chains++;
          seen.add(r.chain_key);
          cur = { key: r.chain_key, seq: 0, hash: GENESIS };
        }
        problems.push(...checkRecord(r, cur));
        cur = { key: r.chain_key, seq: num(r.chain_seq), hash: r.hash };
      }
    }
    if (cur) problems.push(...headMismatch(cur, heads));
    problems.push(...missingChains(heads, seen));
    return { problems, checked, chains };
  }

  /** Every chain's head: where its last record should be. */
  private async heads(): Promise<Map<string, Head>> {
    const heads = new Map<string, Head>();
    for (const h of await rows<{ chain_key: string; seq: number; hash: string }>(this.db, sql`select chain_key, seq, hash from audit_chain_heads`)) {
      heads.set(h.chain_key, { seq: num(h.seq), hash: h.hash });
    }
    return heads;
  }

  /** The whole log by chain and sequence number, BATCH records a statement (keyset pages). */
  private async *logInChainOrder(): AsyncGenerator<LogRow[]> {
    let after: { key: string; seq: number } | null = null;
    for (;;) {
      const batch: LogRow[] = await rows(
        this.db,
        after
          ? sql`select * from audit_log where (chain_key, chain_seq) > (${after.key}, ${after.seq}) order by chain_key, chain_seq limit ${BATCH}`
          : sql`select * from audit_log order by chain_key, chain_seq limit ${BATCH}`,
      );
      yield batch;
      if (batch.length < BATCH) return;
      const lastRow = batch[batch.length - 1]!;
      after = { key: lastRow.chain_key, seq: num(lastRow.chain_seq) };
    }
  }

  /** 2. Seals: linked, each hash right, each covering exactly the records it covered when made. */
  private async checkSeals(seals: Seal[]): Promise<{ problems: VerifyProblem[]; coveredTo: number }> {
    const problems: VerifyProblem[] = [];
    let prevHash = GENESIS;
    let prevTo = 0;
    for (const s of seals) {
      const alg = algorithmOf(s.hash);
      if (s.prevHash !== prevHash || s.fromTxId !== prevTo || !alg || sealHash(alg, s) !== s.hash) {
        problems.push({ id: null, chainKey: null, code: 'SEAL_BROKEN', reason: `封存记录 #${s.id} 的哈希或衔接不正确（封存被篡改）` });
      } else {
        const d = await digestRange(this.db, alg, s.fromTxId, s.toTxId);
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
    return { problems, coveredTo: prevTo };
  }

  /**
   * Records outside the seals' ranges: below the first (slipped in outside them) and from the last one's end on
   * (counted as unsealed; those claiming a time well before the last seal were inserted afterwards).
   */
  private async checkUncovered(seals: Seal[], coveredTo: number): Promise<{ problems: VerifyProblem[]; unsealed: number }> {
    const problems: VerifyProblem[] = [];
    if (seals.length) {
      // Seal ranges are contiguous from 0; a record below the first one was slipped in outside them.
      const outside = await this.db
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
    const [unsealed] = await this.db.select({ n: count() }).from(auditLog).where(sql`${auditLog.txId} >= ${coveredTo}`);
    if (lastSeal) {
      // A record claiming a time well before the last seal, yet not covered by it, was inserted afterwards.
      const cutoff = new Date(lastSeal.sealedAt.getTime() - IN_FLIGHT_TOLERANCE_MS);
      const late = await this.db
        .select({ id: auditLog.id, chainKey: auditLog.chainKey })
        .from(auditLog)
        .where(and(sql`${auditLog.txId} >= ${coveredTo}`, sql`${auditLog.occurredAt} < ${cutoff.toISOString()}`))
        .orderBy(auditLog.id)
        .limit(1);
      if (late[0]) {
        problems.push({ id: late[0].id, chainKey: late[0].chainKey, code: 'RECORD_BACKDATED', reason: `记录 #${late[0].id} 的时间早于已封存时段，却不在封存范围内（事后插入）` });
      }
    }
    return { problems, unsealed: num(unsealed?.n ?? 0) };
  }

  /**
   * Seals against their anchors (the `audit.sealed` records the log holds, chained and sealed like any record): an
   * anchor whose seal is gone → SEAL_MISSING (the newest seal, or every seal, deleted — its records then open to
   * rewriting); a seal with another hash than its anchor says → SEAL_ANCHOR_MISMATCH; a seal made after anchoring began
   * that no anchor names → SEAL_UNANCHORED (inserted by hand). Seals older than the first anchor predate anchoring.
   */
  private async checkAnchors(seals: Seal[]): Promise<{ problems: VerifyProblem[]; count: number }> {
    const list = await rows<{ id: number | string; data: { sealId?: unknown; hash?: unknown } | string }>(
      this.db,
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
    const [r] = await rows<{ n: number | string; first: number | string | null; chain_key: string | null; oldest: unknown; now: unknown }>(this.db, sql`
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
    const [r] = await this.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(sql`${auditLog.txId} >= ${fromTxId}`, sql`${auditLog.txId} < ${toTxId}`))
      .orderBy(auditLog.id)
      .limit(1);
    return r?.id ?? null;
  }
}

/** The last record read of a chain against the chain's head: a mismatch means its tail was deleted or the head forged. */
function headMismatch(end: ChainEnd, heads: Map<string, Head>): VerifyProblem[] {
  const head = heads.get(end.key);
  if (head && head.seq === end.seq && head.hash === end.hash) return [];
  return [{
    id: null,
    chainKey: end.key,
    code: 'CHAIN_HEAD_MISMATCH',
    reason: `审计链 ${end.key} 的最后一条记录（序号 ${end.seq}）与链头（序号 ${head?.seq ?? '无'}）不符：末尾记录被删除或链头被篡改`,
  }];
}

/** Heads of chains of which no record is left (a head at 0 has none yet). */
function missingChains(heads: Map<string, Head>, seen: Set<string>): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  for (const [key, head] of heads) {
    if (!seen.has(key) && head.seq > 0) {
      problems.push({ id: null, chainKey: key, code: 'CHAIN_MISSING', reason: `审计链 ${key} 的全部 ${head.seq} 条记录缺失（已被删除）` });
    }
  }
  return problems;
}

/** One record after `prev` in its chain: the next number, linked to it by hash, and its own hash its content's. */
function checkRecord(r: LogRow, prev: ChainEnd): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const id = num(r.id);
  const seq = num(r.chain_seq);
  if (seq !== prev.seq + 1) {
    problems.push({ id, chainKey: r.chain_key, code: 'CHAIN_GAP', reason: `审计链 ${r.chain_key} 缺少序号 ${prev.seq + 1}${seq - 1 > prev.seq + 1 ? `–${seq - 1}` : ''} 的记录（已被删除）` });
  } else if (r.prev_hash !== prev.hash) {
    problems.push({ id, chainKey: r.chain_key, code: 'CHAIN_LINK_BROKEN', reason: `记录 #${id} 的前序哈希与上一条记录不符（记录被插入或替换）` });
  }
  if (expectedHash(r) !== r.hash) {
    problems.push({ id, chainKey: r.chain_key, code: 'RECORD_HASH_MISMATCH', reason: `记录 #${id} 的内容与其哈希不符（记录被修改）` });
  }
  return problems;
}

/** The hash a record's content calls for, by the algorithm its stored hash names (null: a name none knows). */
function expectedHash(r: LogRow): string | null {
  const alg = algorithmOf(r.hash);
  const occurredAt = r.occurred_at instanceof Date ? r.occurred_at : new Date(r.occurred_at);
  const data = typeof r.data === 'string' ? JSON.parse(r.data) : r.data;
  if (!alg) return null;
  return recordHash(alg, {
    chainKey: r.chain_key, chainSeq: num(r.chain_seq), occurredAt, kind: r.kind, actorId: r.actor_id === null ? null : num(r.actor_id),
    actorName: r.actor_name, aggregateType: r.aggregate_type, aggregateId: r.aggregate_id, data,
    requestId: r.request_id, ip: r.ip, prevHash: r.prev_hash,
  });
}
