/**
 * Opening the database on either engine: embedded PGlite (default; one process, one session, serialised
 * transactions, a lock file beside the data folder, an install-time template) or PostgreSQL 15 (a pool).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from '../../db/schema.js';
import type { DatabaseConfig } from '../../config.js';
import { MIGRATIONS_DIR, ROOT } from '../paths.js';
import { transactionOf } from './commit-hooks.js';
import type { Database, Db } from './types.js';

const migrationsFolder = MIGRATIONS_DIR;

const pgliteVersion = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;
/** A migrated empty database made at install (scripts: build:db-template), named by PGlite version. */
export const PGLITE_TEMPLATE = path.join(ROOT, 'dist', `pglite-template-${pgliteVersion}.tar.gz`);

/** A new data folder starts from the install-time template when there is one: ~1 s instead of ~5 s of initdb. */
function newPglite(dataDir: string | null): PGlite {
  const fresh = dataDir === null || !existsSync(dataDir) || readdirSync(dataDir).length === 0;
  const template = fresh && existsSync(PGLITE_TEMPLATE) ? { loadDataDir: new Blob([readFileSync(PGLITE_TEMPLATE)]) } : {};
  return dataDir === null ? new PGlite(template) : new PGlite(dataDir, template);
}

/** Serialises async work: PGlite has one connection, so whole transactions must not interleave. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export class DatabaseInUseError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`嵌入式数据库 ${dataDir} 正被进程 ${pid} 使用：PGlite 只能由一个进程打开（服务运行时请勿再启动 worker 或命令行工具；多进程部署请使用 PostgreSQL）`);
  }
}

/** PGlite is one process only: a lock file beside the data folder refuses a second opener. */
function lockDataDir(dataDir: string): () => void {
  const file = `${dataDir}.lock`;
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (pid && pid !== process.pid) {
      let alive = true;
      try {
        process.kill(pid, 0);
      } catch (err) {
        alive = (err as NodeJS.ErrnoException).code === 'EPERM';
      }
      if (alive) throw new DatabaseInUseError(dataDir, pid);
    }
  } catch (err) {
    if (err instanceof DatabaseInUseError) throw err; // otherwise: no lock file, or a stale one
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

/** `logger`: Drizzle's query logger (the benches capture the SQL the services issue with it). */
export async function openDatabase(cfg: DatabaseConfig, opts: { poolSize?: number; logger?: Logger } = {}): Promise<Database> {
  if (cfg.kind === 'pglite') {
    if (cfg.dataDir) mkdirSync(path.dirname(cfg.dataDir), { recursive: true });
    const unlock = cfg.dataDir ? lockDataDir(cfg.dataDir) : () => undefined;
    const client = newPglite(cfg.dataDir);
    await client.waitReady;
    const db = drizzlePglite(client, { schema, logger: opts.logger }) as unknown as Db;
    const mutex = new Mutex();
    return {
      kind: 'pglite',
      db,
      tx: (fn) => mutex.run(() => transactionOf(db)(fn)),
      migrate: () => mutex.run(() => migratePglite(db as never, { migrationsFolder })),
      close: async () => {
        await mutex.run(async () => undefined);
        await client.close();
        unlock();
      },
    };
  }
  // connectionTimeoutMillis: a server that does not answer (a dropped network, not a refused port) fails the
  // request in seconds (503) instead of queueing it for ever; keepAlive notices a dead peer of an idle connection.
  // jit=off: the statements here are short or read an index; PostgreSQL's cost-based JIT would compile the big
  // expressions of a light count for longer than it runs them (ADR 0022: 480 ms of 900 at a million open cases).
  const pool = new pg.Pool({ connectionString: cfg.url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 5_000, keepAlive: true, options: '-c jit=off' });
  pool.on('error', () => undefined); // an idle client lost its server (57P01 on a restart): the pool drops it, the next query reconnects
  // A checked-out client has no listener of its own (the pool removes its idle one): when the server goes away
  // between two statements of a transaction, its 'error' event would be an uncaught exception and end the
  // process. The statement in progress, or the next one, fails instead (503), and the pool drops the client.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = drizzlePg(pool, { schema, logger: opts.logger }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    tx: transactionOf(db),
    migrate: async () => {
      // Several processes (server, worker) may start together: one migrates at a time.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock(7152001)');
        await migratePg(drizzlePg(client, { schema }) as never, { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock(7152001)').catch(() => undefined);
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
