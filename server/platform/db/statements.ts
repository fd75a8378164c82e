/**
 * Running statements on either driver: raw rows in one shape, named prepared statements for hot lookups, and
 * inserts built as text (ADR 0014).
 */
import { createHash } from 'node:crypto';
import { getTableColumns, getTableName, is, SQL, type InferInsertModel } from 'drizzle-orm';
import { PgTransaction, type PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './types.js';

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
