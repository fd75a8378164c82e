/**
 * Liveness and readiness (运维探针). Live: the process answers — no database, so an orchestrator never restarts a
 * healthy process because its database is away. Ready: the database answers within a bound and carries every
 * migration this build knows; otherwise the instance should get no traffic (503 with Retry-After).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { num, rows, type Database } from '../../platform/db.js';
import { MIGRATIONS_DIR } from '../../platform/paths.js';

export type Readiness = { ready: true } | { ready: false; reason: 'DATABASE_UNAVAILABLE' | 'DATABASE_NOT_MIGRATED' };

/** The newest migration of this build (drizzle-kit's journal: `when` is what the migrator records as created_at). */
function newestMigrationMillis(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { when: number }[] };
  return Math.max(0, ...journal.entries.map((e) => e.when));
}

/** A probe that takes longer than this answers "not ready": a hung connection must not hang the probe. */
export const READY_TIMEOUT_MS = 2_000;

export class HealthService {
  private readonly newest = newestMigrationMillis();

  constructor(private readonly database: Database) {}

  async readiness(): Promise<Readiness> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), READY_TIMEOUT_MS);
    });
    try {
      const probe = rows<{ last: number | string | null }>(this.database.db, sql`select max(created_at) as last from drizzle.__drizzle_migrations`);
      probe.catch(() => undefined); // a probe lost to the timeout still settles
      const out = await Promise.race([probe, timeout]);
      if (out === 'timeout') return { ready: false, reason: 'DATABASE_UNAVAILABLE' };
      const last = num(out[0]?.last ?? 0);
      return last >= this.newest ? { ready: true } : { ready: false, reason: 'DATABASE_NOT_MIGRATED' };
    } catch {
      // connection refused or lost, the server shutting down, or no migrations table yet
      return { ready: false, reason: 'DATABASE_UNAVAILABLE' };
    } finally {
      clearTimeout(timer);
    }
  }
}
