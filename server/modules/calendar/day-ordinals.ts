/**
 * 工作日序号 for statements over many cases. `wd_ord(d)` (migration 0006) is the ordinal of the last working
 * day on or before d; called once per case and date it is a function call per row (seconds at a million
 * cases). `WORKING_DAY_ORDINALS` lists every calendar day of working_days' range with its wd_ord once, so a
 * statement joins it by day (a hash join): `left join day_ords x on x.day = <date>` and `ordAt('x', <date>)`
 * give exactly wd_ord(<date>) for any date (before the range null; after it the last ordinal, as wd_ord).
 * `working_days_ordinal_uq` (migration 0015) turns an ordinal back into its working day.
 */
import { sql, type SQL } from 'drizzle-orm';

/** Two CTEs for a WITH list: `wd_bounds` (lo, hi, hi_ord) and `day_ords` (day, ord) over [lo, hi]. */
export const WORKING_DAY_ORDINALS: SQL = sql`wd_bounds as materialized (select min(day) as lo, max(day) as hi, max(ordinal) as hi_ord from working_days),
  day_ords as materialized (select g::date as day, wd_ord(g::date) as ord from wd_bounds b, generate_series(b.lo, b.hi, interval '1 day') g)`;

/** wd_ord(`date`) from a `day_ords` row joined as `alias` on that date. */
export function ordAt(alias: string, date: SQL): SQL {
  const a = sql.identifier(alias);
  return sql`coalesce(${a}.ord, case when ${date} > (select hi from wd_bounds) then (select hi_ord from wd_bounds) end)`;
}

// read models for the cases module

/**
 * The working days after `today` in order, at most `limit` of them, as one SQL array: a caller indexes it per row
 * (`(…)[n]`), and PostgreSQL reads it once per statement (an InitPlan). The lights' yellow test (cases.repository.ts).
 */
export function workingDaysAfterSql(today: string, limit: number): SQL {
  return sql`array(select rm_w.day from working_days rm_w where rm_w.ordinal > wd_ord(${today}::date)
        order by rm_w.ordinal limit ${sql.raw(String(limit))})`;
}

// read models for ratings / supervision / queue

/** The working day with this ordinal as SQL (null outside working_days' range), read through `working_days_ordinal_uq`. */
export function workingDayOfOrdinalSql(ordinal: SQL): SQL {
  return sql`(select rm_w.day from working_days rm_w where rm_w.ordinal = ${ordinal})`;
}
