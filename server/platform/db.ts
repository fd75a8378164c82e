/**
 * Database handle for both engines: embedded PGlite (default, one process) and PostgreSQL 15.
 * Both expose the same Drizzle API; raw `sql` results are normalised by `rows()`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_DIR, ROOT } from './paths.js';
import { PGlite } from '@electric-sql/pglite';
import { getTableColumns, getTableName, is, SQL, sql, type InferInsertModel, type Logger } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { PgTransaction, type PgDatabase, type PgQueryResultHKT, type PgTable } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from '../db/schema.js';
import type { DatabaseConfig } from '../config.js';
import { AppError } from './errors.js';
import type { Scope } from './authz.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Db | Tx;

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

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs fn in one transaction (serialised on PGlite, which has a single session). */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  migrate(): Promise<void>;
  close(): Promise<void>;
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

const beforeCommit = new WeakMap<object, (() => Promise<void>)[]>();

/**
 * Runs `fn` once the work of a `Database.tx` transaction is done, just before it commits (in it: a failure rolls
 * everything back). Returns false for any other executor (a savepoint, the bare database), where the caller must
 * do its work at once. The audit trail writes a transaction's records this way, in two statements for all of them.
 */
export function onBeforeCommit(tx: Executor, fn: () => Promise<void>): boolean {
  const hooks = beforeCommit.get(tx);
  if (!hooks) return false;
  hooks.push(fn);
  return true;
}

/**
 * Rows of one kind (audit records, outbox messages) queued per `Database.tx` transaction and written by one call of
 * `write` with all of them just before it commits; under any other executor each is written at once.
 */
export class CommitBatch<T> {
  private readonly queues = new WeakMap<object, T[]>();
  constructor(private readonly write: (tx: Tx, items: T[]) => Promise<void>) {}

  async add(tx: Tx, item: T): Promise<void> {
    const queued = this.queues.get(tx);
    if (queued) {
      queued.push(item);
      return;
    }
    const list = [item];
    const atCommit = onBeforeCommit(tx, () => {
      this.queues.delete(tx);
      return this.write(tx, list);
    });
    if (atCommit) this.queues.set(tx, list);
    else await this.write(tx, list);
  }
}

/** `db.transaction` with the before-commit hooks of onBeforeCommit. */
function transactionOf(db: Db) {
  return <T>(fn: (tx: Tx) => Promise<T>) =>
    db.transaction(async (tx) => {
      const hooks: (() => Promise<void>)[] = [];
      beforeCommit.set(tx, hooks);
      try {
        const out = await fn(tx);
        for (let i = 0; i < hooks.length; i++) await hooks[i]!(); // a hook may add hooks
        return out;
      } finally {
        // done: a late record on this handle is written at once, and fails (the transaction is over) instead of
        // waiting for a commit that has passed
        beforeCommit.delete(tx);
      }
    });
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

/** Rows of a raw query, the same shape on both drivers. */
export async function rows<T = Record<string, unknown>>(ex: Executor, query: SQL): Promise<T[]> {
  const res = (await ex.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

const MAX_PREPARED = 1000;
/** the bound parameters one statement may carry (PostgreSQL's limit is 65,535) */
export const MAX_PARAMS = 30_000;
const preparedNames = new Map<string, string>();
type Query = { sql: string; params: unknown[] };
type NamedSession = {
  dialect: { sqlToQuery(q: SQL): Query };
  prepareQuery(q: Query, fields: undefined, name: string | undefined, arrayMode: boolean): { execute(): Promise<unknown> };
};
const sessionOf = (ex: Executor) => ex._.session as unknown as NamedSession;

/** Runs a built query as a named prepared statement (see preparedRows); Drizzle's logger still sees it. */
async function runNamed<T>(ex: Executor, label: string, q: Query): Promise<T[]> {
  let name = preparedNames.get(q.sql);
  if (name === undefined && preparedNames.size < MAX_PREPARED) {
    name = `${label}_${createHash('sha1').update(q.sql).digest('hex').slice(0, 12)}`;
    preparedNames.set(q.sql, name);
  }
  // A statement prepared on a connection stays there: past 1,000 texts (a call site whose text would vary without
  // bound), new texts run unnamed instead of piling up in every connection. An empty name = run unnamed.
  try {
    const res = (await sessionOf(ex).prepareQuery(q, undefined, name || undefined, false).execute()) as { rows: T[] };
    return res.rows;
  } catch (err) {
    // A migration that changed a returned column's type (another process migrated while this one ran): the
    // connections that prepared the text refuse it from now on ("cached plan must not change result type").
    // Outside a transaction, the text runs unnamed from then on; inside one the error stands (the transaction is
    // aborted) and the retry of the request runs unnamed.
    const cause = (err as { cause?: { code?: string } }).cause ?? (err as { code?: string });
    if (!name || cause.code !== '0A000') throw err;
    preparedNames.set(q.sql, '');
    if (is(ex, PgTransaction)) throw err;
    return ((await sessionOf(ex).prepareQuery(q, undefined, undefined, false).execute()) as { rows: T[] }).rows;
  }
}

/**
 * `rows()` as a named prepared statement on PostgreSQL: parsed once per connection and, after a few runs, planned
 * once (a generic plan) — for hot statements whose planning costs more than their run (the public progress lookup
 * plans in ~1 ms and runs in ~0.3 ms). The name is the label plus a hash of the text, so one call site whose text
 * varies gets one statement per variant. PGlite ignores the name.
 */
export function preparedRows<T = Record<string, unknown>>(ex: Executor, label: string, query: SQL): Promise<T[]> {
  return runNamed<T>(ex, label, sessionOf(ex).dialect.sqlToQuery(query));
}

interface InsertColumn {
  key: string;
  name: string;
  default?: unknown;
  defaultFn?: () => unknown;
  onUpdateFn?: () => unknown;
  mapToDriverValue(v: unknown): unknown;
}
const insertShapes = new WeakMap<object, { head: string; cols: InsertColumn[] }>();

/**
 * `insert into t (every column) values (…), (…) <tail>` for the hot write paths, as a named prepared statement:
 * the same statement Drizzle's insert builder writes (missing keys take the column's JS default or DEFAULT, values
 * are encoded by their column: json, timestamps), built as text directly — the builder spends 175–335 µs of CPU per
 * insert (one case row: 335 µs; bench/RESULTS.md), this a few µs. `tail` is constant SQL text (`returning id`,
 * `on conflict (…) do nothing`); returned rows are the driver's (snake_case, int8 as text on pg: read ids with num()).
 * A list longer than PostgreSQL's 65,535 parameters goes in several statements.
 */
export async function insertRows<T extends PgTable, R = Record<string, unknown>>(ex: Executor, table: T, values: InferInsertModel<T>[], tail = ''): Promise<R[]> {
  let shape = insertShapes.get(table);
  if (!shape) {
    const cols: InsertColumn[] = [];
    for (const [key, c] of Object.entries(getTableColumns(table))) {
      const col = c as unknown as Omit<InsertColumn, 'key'> & { name: string; shouldDisableInsert(): boolean };
      if (col.shouldDisableInsert()) continue;
      cols.push({ key, name: col.name, default: col.default, defaultFn: col.defaultFn, onUpdateFn: col.onUpdateFn, mapToDriverValue: (v) => col.mapToDriverValue(v) });
    }
    shape = { head: `insert into "${getTableName(table)}" (${cols.map((c) => `"${c.name}"`).join(', ')}) values `, cols };
    insertShapes.set(table, shape);
  }
  // PostgreSQL binds at most 65,535 parameters per statement: a long list goes in several statements
  const chunks: { params: unknown[]; tuples: string[] }[] = [];
  let params: unknown[] = [];
  let tuples: string[] = [];
  for (const row of values) {
    if (params.length + shape.cols.length > MAX_PARAMS) {
      chunks.push({ params, tuples });
      params = [];
      tuples = [];
    }
    const slots: string[] = [];
    for (const c of shape.cols) {
      let v = (row as Record<string, unknown>)[c.key];
      if (v === undefined) {
        if (c.defaultFn) v = c.defaultFn();
        else if (!c.default && c.onUpdateFn) v = c.onUpdateFn();
        else {
          slots.push('default');
          continue;
        }
      }
      if (v !== null && typeof v === 'object' && is(v, SQL)) throw new Error(`insertRows: ${c.name} is SQL; use the query builder`);
      params.push(v === null ? null : c.mapToDriverValue(v));
      slots.push(`$${params.length}`);
    }
    tuples.push(`(${slots.join(', ')})`);
  }
  chunks.push({ params, tuples });
  const out: R[] = [];
  for (const c of chunks) {
    if (!c.tuples.length) continue;
    out.push(...(await runNamed<R>(ex, `ins_${getTableName(table)}`, { sql: `${shape!.head}${c.tuples.join(', ')}${tail ? ` ${tail}` : ''}`, params: c.params })));
  }
  return out;
}

/** DUPLICATE (409, naming the field) when the query finds a row: the friendly twin of a unique index. */
export async function assertUnique(ex: Executor, query: SQL, field: string): Promise<void> {
  if ((await rows(ex, query)).length) throw new AppError('DUPLICATE', { field });
}

/** int8/numeric come back as strings from pg and as numbers from PGlite. */
export function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

/** `a, b, c` for `in (…)`: one bound parameter per value. */
export function inList(xs: readonly (string | number)[]): SQL {
  return sql.join(xs.map((x) => sql`${x}`), sql`, `);
}

/**
 * A policy scope as a SQL filter: the record's site, department or user column must be one of the
 * actor's (any of the given columns may be omitted when the record has none). Nothing granted → false.
 */
export function scopeSql(scope: Scope, cols: { site?: SQL; department?: SQL; user?: SQL }): SQL {
  if (scope.all) return sql`true`;
  const parts: SQL[] = [];
  if (cols.site && scope.siteIds.length) parts.push(sql`${cols.site} in (${inList(scope.siteIds)})`);
  if (cols.department && scope.departmentIds.length) parts.push(sql`${cols.department} in (${inList(scope.departmentIds)})`);
  if (cols.user && scope.userIds.length) parts.push(sql`${cols.user} in (${inList(scope.userIds)})`);
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

/** A timestamp column read by a raw query (Date on PGlite, string on pg) as ISO text. */
export function isoOrNull(v: unknown): string | null {
  return v ? new Date(v as string).toISOString() : null;
}

/** A timestamptz expression as ISO-8601 UTC text (`2026-11-22T05:35:05.123Z`, as toISOString writes it), for JSON built in SQL. */
export function isoSql(expr: SQL): SQL {
  return sql`to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

export { sql };

/** An instant of the service clock as a bound timestamptz parameter (business timestamps never come from SQL now(); ADR 0016). */
export function atSql(at: Date): SQL {
  return sql`${at.toISOString()}::timestamptz`;
}
