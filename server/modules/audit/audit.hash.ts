/** Pure hashing of audit records and seals: canonical JSON, algorithm-prefixed digests. */
import { createHash } from 'node:crypto';

export type HashAlgorithm = 'sha256' | 'sm3';
export const GENESIS = 'genesis';

/** JSON with object keys sorted at every level, so jsonb's key reordering cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The JSON value as jsonb will give it back (Dates become strings, undefined disappears). */
export function toJsonValue(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? {}));
}

export function digest(alg: HashAlgorithm, text: string): string {
  return `${alg}:${createHash(alg).update(text, 'utf8').digest('hex')}`;
}

/** The algorithm a stored digest was made with (its prefix); unknown prefixes fail verification. */
export function algorithmOf(stored: string): HashAlgorithm | null {
  const p = stored.slice(0, stored.indexOf(':'));
  return p === 'sha256' || p === 'sm3' ? p : null;
}

export interface HashableRecord {
  chainKey: string;
  chainSeq: number;
  occurredAt: Date;
  kind: string;
  actorId: number | null;
  actorName: string | null;
  aggregateType: string;
  aggregateId: string;
  data: unknown;
  requestId: string | null;
  ip: string | null;
  prevHash: string;
}

export function recordHash(alg: HashAlgorithm, r: HashableRecord): string {
  return digest(
    alg,
    canonicalJson([
      r.chainKey,
      r.chainSeq,
      r.occurredAt.toISOString(),
      r.kind,
      r.actorId,
      r.actorName,
      r.aggregateType,
      r.aggregateId,
      r.data,
      r.requestId,
      r.ip,
      r.prevHash,
    ]),
  );
}

export interface HashableSeal {
  sealedAt: Date;
  fromTxId: number;
  toTxId: number;
  recordCount: number;
  recordsDigest: string;
  prevHash: string;
}

export function sealHash(alg: HashAlgorithm, s: HashableSeal): string {
  return digest(alg, canonicalJson([s.sealedAt.toISOString(), s.fromTxId, s.toTxId, s.recordCount, s.recordsDigest, s.prevHash]));
}

/** Incremental digest over the (id, hash) of the records a seal covers, in id order. */
export class RecordsDigest {
  private readonly h;
  count = 0;
  constructor(private readonly alg: HashAlgorithm) {
    this.h = createHash(alg);
  }
  add(id: number, hash: string): void {
    this.h.update(`${id}:${hash}\n`, 'utf8');
    this.count++;
  }
  finish(): string {
    return `${this.alg}:${this.h.digest('hex')}`;
  }
}
