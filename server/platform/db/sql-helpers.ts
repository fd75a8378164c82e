/** Small SQL helpers: uniqueness checks, numbers and timestamps from either driver, lists, scopes, clock instants. */
import { sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../authz.js';
import { AppError } from '../errors.js';
import { rows } from './statements.js';
import type { Executor } from './types.js';

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

/**
 * The alias a module's read model of a relation (`sitesAs('s')`, `itemsAs('i')`) puts on its derived table, checked:
 * short, lower-case letters, never from input. Read models alias their own tables `rm_…` inside, so a caller's alias
 * (`s`, `d`, `u`: no underscore) never captures them, nor they a caller's.
 */
export function relationAlias(as: string): SQL {
  if (!/^[a-z]{1,8}$/.test(as)) throw new Error(`a read-model alias is short and lower-case, not ${JSON.stringify(as)}`);
  return sql.raw(as);
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
