/**
 * SQL over a case's status, from the one list of each kind in common/cases.ts (`OPEN_STATUSES`,
 * `DEPARTMENT_STATUSES`): partial indexes, lists, lights, the scan and the recomputes all say "open" the same way.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { OPEN_STATUSES, type CaseStatus } from '../../../common/cases.js';

/** `<column> in ('a', 'b', …)` with the statuses as literals (the text partial-index predicates are proved against). */
export function statusIn(column: SQL | AnyColumn, statuses: readonly CaseStatus[]): SQL {
  return sql`${column} in (${sql.raw(statuses.map((s) => `'${s}'`).join(', '))})`;
}

/** An open case of the row aliased `alias`: accepted and not yet decided (returned and paused ones included). */
export function openCaseSql(alias = 'c'): SQL {
  return statusIn(sql.raw(`${alias}.status`), OPEN_STATUSES);
}
