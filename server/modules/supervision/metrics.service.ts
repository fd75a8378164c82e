/**
 * 统计分析: rollups of the case table and the dashboards and monthly report that read them.
 *
 * `case_stats_daily` holds one row per (dimension, member, day) — dimensions all / department / item /
 * site / window / clerk — rebuilt for a day by one GROUPING SETS scan of that day's cases (received
 * that day, decided that day) and ratings (rated that day). `case_stats_monthly` sums the daily rows.
 * `case_stats_running` holds, per month and member, the sums of every month through that one. A
 * dashboard over any period reads whole months from the monthly table — three or more as the
 * difference of two running rows — and the remaining days from the daily one: a few rows per member
 * whatever the size of `cases` or the length of the period.
 *
 * Definitions (DOMAIN.md): on time = decided on or before the promised deadline; early = decided
 * with working days to spare; handling time = working days from acceptance to decision minus the
 * working days paused by special procedures; satisfied = ratings 1–3; 差评 = 4–5 (appeals upheld
 * are left out).
 */
import { sql, type SQL } from 'drizzle-orm';
import { REPORT_HEADERS, REPORT_SHEETS, type MetricDimension } from '../../../common/supervision.js';
import { addDays } from '../../../common/working-days.js';
import { authorize, type Actor, type Scope } from '../../platform/authz.js';
import { chinaDate, type Clock } from '../../platform/clock.js';
import { atSql, rows, isoOrNull, type Database, type Executor } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { caseRowsSql, caseVisitRowsSql } from '../cases/cases.repository.js';
import { catalogRepo } from '../catalog/catalog.repository.js';
import { identityRepo } from '../identity/identity.repository.js';
import { ratingsRepo } from '../ratings/ratings.repository.js';
import type { AlertService } from './alerts.service.js';
import type { LightService } from './lights.service.js';
import { supervisionPolicy } from './supervision.policy.js';
import type { Dashboard, MetricRow } from './supervision.schemas.js';

/**
 * The query of GET /api/supervision/dashboard. Who may ask for which dimension: the centre all; a department
 * (approver) department and item; a hall (guide) site, window and clerk — others answer 400
 * METRICS_DIMENSION_NOT_ALLOWED. `departmentId` (centre only) narrows the department and item dimensions and the
 * totals to one department.
 */
export interface DashboardQuery {
  from: string;
  to: string;
  dimension: MetricDimension;
  departmentId?: number;
}

const STAT_COLUMNS = ['received', 'accepted', 'refused', 'decided', 'on_time', 'early', 'late', 'handling_days', 'handled', 'rated', 'satisfied', 'bad'] as const;
const SUMS = sql.raw(STAT_COLUMNS.map((c) => `coalesce(sum(${c}), 0)::bigint as ${c}`).join(', '));
const COLS = sql.raw(STAT_COLUMNS.join(', '));
const NEGATED = sql.raw(STAT_COLUMNS.map((c) => `-${c}`).join(', '));
/** Periods of this many whole months or more are read from the running totals. */
const RUNNING_MIN_MONTHS = 3;

const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
const nextMonth = (m: string) => {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  return mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
};
const prevMonth = (m: string) => monthStart(addDays(m, -1));

/** Cases, their visits and the ratings through their modules' read models (derived tables the planner pulls up). */
const CASES = sql`(${caseRowsSql()})`;
const VISITS = sql`(${caseVisitRowsSql()})`;
const RATINGS = sql`(${ratingsRepo.ratingFactsSql()})`;

/** Rebuilds the daily rows of one day and returns how many rows it wrote. */
async function rollupDay(ex: Executor, day: string): Promise<void> {
  await ex.execute(sql`delete from case_stats_daily where day = ${day}`);
  // Working-day ordinals (wd_ord) of the dates the day's decisions need, looked up once per date and
  // joined, instead of a function call per case and date (four per decided case: seconds at city scale).
  await ex.execute(sql`
    with decided as materialized (
      select c.department_id, c.item_id, c.site_id, c.visit_id, c.accepted_on, c.promised_due, c.paused_days
      from ${CASES} c where c.decided_on = ${day} and c.accepted_on is not null and c.promised_due is not null
    ), ords as materialized (
      select g::date as d, wd_ord(g::date) as o
      from generate_series((select least(min(accepted_on), min(promised_due)) from decided),
                           (select greatest(max(promised_due), ${day}::date) from decided), interval '1 day') g
    ), facts as (
      select c.department_id, c.item_id, c.site_id, v.window_id, v.clerk_id,
             1 as received, (c.accepted_on is not null)::int as accepted, (c.status = 'refused')::int as refused,
             0 as decided, 0 as on_time, 0 as early, 0 as late, 0 as handling_days, 0 as handled, 0 as rated, 0 as satisfied, 0 as bad
      from ${CASES} c join ${VISITS} v on v.id = c.visit_id where c.received_on = ${day}
      union all
      select c.department_id, c.item_id, c.site_id, v.window_id, v.clerk_id, 0, 0, 0,
             1, (${day}::date <= c.promised_due)::int, (${day}::date <= c.promised_due and t.o < p.o)::int,
             (${day}::date > c.promised_due)::int,
             greatest(0, coalesce(t.o - a.o, 0) - c.paused_days), (a.o is not null)::int, 0, 0, 0
      from decided c join ${VISITS} v on v.id = c.visit_id
      left join ords a on a.d = c.accepted_on left join ords p on p.d = c.promised_due left join ords t on t.d = ${day}::date
      union all
      select coalesce(r.department_id, k.department_id), k.item_id, r.site_id, r.window_id, r.clerk_id, 0, 0, 0, 0, 0, 0, 0, 0, 0,
             1, (r.level <= 3)::int, (r.level >= 4)::int
      from ${RATINGS} r left join ${CASES} k on k.id = r.case_id
      where r.rated_on = ${day} and not r.excluded
    )
    insert into case_stats_daily (day, dim, member, ${sql.raw(STAT_COLUMNS.join(', '))})
    select ${day}::date,
           case when grouping(department_id) = 0 then 'department' when grouping(item_id) = 0 then 'item' when grouping(site_id) = 0 then 'site'
                when grouping(window_id) = 0 then 'window' when grouping(clerk_id) = 0 then 'clerk' else 'all' end,
           coalesce(department_id, item_id, site_id, window_id, clerk_id, 0),
           ${sql.raw(STAT_COLUMNS.map((c) => `sum(${c})`).join(', '))}
    from facts
    group by grouping sets ((), (department_id), (item_id), (site_id), (window_id), (clerk_id))
    having count(*) > 0 and ((grouping(department_id) = 0 and department_id is not null) or (grouping(item_id) = 0 and item_id is not null)
        or (grouping(site_id) = 0 and site_id is not null) or (grouping(window_id) = 0 and window_id is not null)
        or (grouping(clerk_id) = 0 and clerk_id is not null)
        or (grouping(department_id) + grouping(item_id) + grouping(site_id) + grouping(window_id) + grouping(clerk_id) = 5))`);
}

async function rollupMonth(ex: Executor, month: string): Promise<void> {
  await ex.execute(sql`delete from case_stats_monthly where month = ${month}`);
  await ex.execute(sql`insert into case_stats_monthly (month, dim, member, ${sql.raw(STAT_COLUMNS.join(', '))})
    select ${month}::date, dim, member, ${sql.raw(STAT_COLUMNS.map((c) => `sum(${c})`).join(', '))}
    from case_stats_daily where day >= ${month} and day < ${nextMonth(month)} group by dim, member`);
}

/**
 * Rewrites the running totals from month `from` on: R(m) = R(m − 1) + monthly(m) for every month
 * through the latest of `last`, the last one written and the last monthly row, so a rebuilt month
 * carries into the months after it. Starts earlier when months before `from` were never written (a gap in the rollups, or
 * monthly rows older than the table). One transaction, serialised on the state row.
 */
async function rollupRunning(ex: Executor, from: string, last: string): Promise<void> {
  const [state] = await rows<{ through: string | null }>(ex, sql`select running_through::text as through from stats_rollup_state where id = 1 for update`);
  const [latest] = await rows<{ m: string | null }>(ex, sql`select max(month)::text as m from case_stats_monthly`);
  let start = from;
  const through = [last, state?.through, latest?.m].reduce<string>((a, b) => (b && b > a ? b : a), last);
  if (state?.through) {
    if (nextMonth(state.through) < start) start = nextMonth(state.through);
  } else {
    const [first] = await rows<{ m: string | null }>(ex, sql`select min(month)::text as m from case_stats_monthly`);
    if (first?.m && first.m < start) start = first.m;
  }
  await ex.execute(sql`delete from case_stats_running where month >= ${start}`);
  for (let m = start; m <= through; m = nextMonth(m)) {
    await ex.execute(sql`insert into case_stats_running (month, dim, member, ${COLS})
      select ${m}::date, dim, member, ${sql.raw(STAT_COLUMNS.map((c) => `sum(${c})`).join(', '))} from (
        select dim, member, ${COLS} from case_stats_running where month = ${prevMonth(m)}
        union all select dim, member, ${COLS} from case_stats_monthly where month = ${m}) x
      group by dim, member`);
  }
  await ex.execute(sql`update stats_rollup_state set running_through = ${through} where id = 1`);
}

type Sums = Record<(typeof STAT_COLUMNS)[number], number | string>;

function metricRow(member: number, name: string, s: Partial<Sums>): MetricRow {
  const n = (k: (typeof STAT_COLUMNS)[number]) => Number(s[k] ?? 0);
  const rate = (a: number, b: number) => (b > 0 ? a / b : null);
  return {
    member, name, received: n('received'), accepted: n('accepted'), refused: n('refused'), decided: n('decided'), onTime: n('on_time'), early: n('early'),
    late: n('late'), onTimeRate: rate(n('on_time'), n('decided')), earlyRate: rate(n('early'), n('decided')),
    avgHandlingDays: n('handled') > 0 ? Math.round((n('handling_days') / n('handled')) * 10) / 10 : null,
    rated: n('rated'), satisfied: n('satisfied'), bad: n('bad'), satisfactionRate: rate(n('satisfied'), n('rated')),
  };
}

/** A member's name, from the owner's read model (identity's, the catalog's). */
const NAME_SQL: Record<MetricDimension, SQL> = {
  department: identityRepo.departmentNameSql(sql`x.member`),
  item: catalogRepo.itemNameSql(sql`x.member`),
  site: identityRepo.siteNameSql(sql`x.member`),
  window: identityRepo.windowFullNameSql(sql`x.member`),
  clerk: identityRepo.userDisplayNameSql(sql`x.member`),
};

export class MetricsService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly lights: LightService,
    private readonly alerts: AlertService,
  ) {}

  /**
   * Brings the rollups up to date: the first run of a day rebuilds every day from the last final day
   * (at least the last 7 days, as corrections, acceptances and refusals settle) through today; later
   * runs that day rebuild yesterday and today only (a scan every few minutes stays cheap at city scale).
   */
  async rollup(): Promise<number> {
    const now = this.clock.now();
    const today = chinaDate(now);
    const db = this.database.db;
    const [state] = await rows<{ finalThrough: string | null; wideOn: string | null }>(db, sql`select final_through::text as "finalThrough", wide_on::text as "wideOn"
      from stats_rollup_state where id = 1`);
    const wide = state?.wideOn !== today;
    let from = addDays(today, wide ? -6 : -1);
    if (!state?.finalThrough) {
      const [first] = await rows<{ d: string | null }>(db, sql`select min(c.received_on)::text as d from ${CASES} c`);
      if (first?.d && first.d < from) from = first.d;
    } else if (state.finalThrough < from) {
      from = addDays(state.finalThrough, 1);
    }
    const n = await this.rebuild(from, today);
    await db.execute(sql`update stats_rollup_state set final_through = ${addDays(today, -1)}, last_run_at = ${atSql(now)}${wide ? sql`, wide_on = ${today}` : sql``} where id = 1`);
    return n;
  }

  /** Rebuilds the daily rows of [from, to] and the months they touch (the bench loads history with it). */
  async rebuild(from: string, to: string): Promise<number> {
    let days = 0;
    const months = new Set<string>();
    for (let d = from; d <= to; d = addDays(d, 1)) {
      await this.database.tx((tx) => rollupDay(tx, d));
      months.add(monthStart(d));
      days++;
    }
    await this.rollupMonths([...months]);
    return days;
  }

  /** Re-sums the monthly rows of these months from the daily rows, then the running totals from the first on. */
  async rollupMonths(months: string[]): Promise<void> {
    const sorted = [...new Set(months.map(monthStart))].sort();
    if (!sorted.length) return;
    for (const m of sorted) await this.database.tx((tx) => rollupMonth(tx, m));
    await this.database.tx((tx) => rollupRunning(tx, sorted[0]!, sorted[sorted.length - 1]!));
  }

  private allowed(scope: Scope, dimension: MetricDimension): { filter: SQL; total: { dim: string; member: number } } {
    if (scope.all) return { filter: sql`true`, total: { dim: 'all', member: 0 } };
    if (scope.departmentIds.length) {
      const dept = scope.departmentIds[0]!;
      if (dimension === 'department') return { filter: sql`x.member = ${dept}`, total: { dim: 'department', member: dept } };
      if (dimension === 'item') return { filter: sql`x.member in (${catalogRepo.itemIdsOfDepartmentSql(dept)})`, total: { dim: 'department', member: dept } };
      throw new AppError('METRICS_DIMENSION_NOT_ALLOWED', { allowed: '部门、事项' });
    }
    if (scope.siteIds.length) {
      const site = scope.siteIds[0]!;
      if (dimension === 'site') return { filter: sql`x.member = ${site}`, total: { dim: 'site', member: site } };
      if (dimension === 'window') return { filter: sql`x.member in (${identityRepo.windowIdsOfSiteSql(site)})`, total: { dim: 'site', member: site } };
      if (dimension === 'clerk') return { filter: sql`x.member in (${identityRepo.userIdsOfSiteSql(site)})`, total: { dim: 'site', member: site } };
      throw new AppError('METRICS_DIMENSION_NOT_ALLOWED', { allowed: '站点、窗口、人员' });
    }
    throw new AppError('FORBIDDEN');
  }

  /**
   * Sums per member over [from, to], aggregated once: whole months from the rollups (the month of `to`
   * counts as whole when `to` is today or later — its monthly row holds the days rolled up so far),
   * the other days — at most two ranges, before and after the whole months — from the daily rollup.
   * Three or more whole months [a, b] are R(b) − R(a − 1) from the running totals when they are
   * written through b (`runningThrough`); fewer, from the monthly rows.
   */
  private periodSql(dim: string, from: string, to: string, runningThrough: string | null): SQL {
    const today = this.clock.today();
    let first: string | null = null;
    let last: string | null = null;
    let count = 0;
    for (let m = monthStart(from); m <= to; m = nextMonth(m)) {
      const whole = m >= from && (addDays(nextMonth(m), -1) <= to || (m === monthStart(to) && to >= today));
      if (whole && !first) first = m;
      if (whole) {
        last = m;
        count++;
      } else if (first) break; // whole months are contiguous
    }
    const days: SQL[] = [];
    if (first && last) {
      if (from < first) days.push(sql`day between ${from} and ${addDays(first, -1)}`);
      if (nextMonth(last) <= to) days.push(sql`day between ${nextMonth(last)} and ${to}`);
    } else {
      days.push(sql`day between ${from} and ${to}`);
    }
    const daily = days.length ? sql`select member, ${COLS} from case_stats_daily where dim = ${dim} and (${sql.join(days, sql` or `)})` : null;
    if (first && last && count >= RUNNING_MIN_MONTHS && runningThrough && last <= runningThrough) {
      const before = prevMonth(first);
      if (!daily) {
        // R(b) joined to R(a − 1) by member: no aggregation; members with nothing in the period are left out
        return sql`select b.member, ${sql.raw(STAT_COLUMNS.map((c) => `(b.${c} - coalesce(a.${c}, 0))::bigint as ${c}`).join(', '))}
          from case_stats_running b left join case_stats_running a on a.dim = b.dim and a.month = ${before} and a.member = b.member
          where b.dim = ${dim} and b.month = ${last}
            and (b.received > coalesce(a.received, 0) or b.decided > coalesce(a.decided, 0) or b.rated > coalesce(a.rated, 0))`;
      }
      return sql`select member, ${SUMS} from (
          select member, ${COLS} from case_stats_running where dim = ${dim} and month = ${last}
          union all select member, ${NEGATED} from case_stats_running where dim = ${dim} and month = ${before}
          union all ${daily}) p
        group by member having sum(received) > 0 or sum(decided) > 0 or sum(rated) > 0`;
    }
    const parts: SQL[] = [];
    if (first && last) parts.push(sql`select member, ${COLS} from case_stats_monthly where dim = ${dim} and month between ${first} and ${last}`);
    if (daily) parts.push(daily);
    return sql`select member, ${SUMS} from (${sql.join(parts, sql` union all `)}) p group by member`;
  }

  async dashboard(actor: Actor, q: DashboardQuery): Promise<Dashboard> {
    const scope = authorize(actor, supervisionPolicy, 'metrics.read');
    checkPeriod(q.from, q.to);
    const { filter, total } = this.allowed(scope, q.dimension);
    const deptFilter = q.departmentId && scope.all && (q.dimension === 'item' || q.dimension === 'department')
      ? q.dimension === 'department' ? sql` and x.member = ${q.departmentId}` : sql` and x.member in (${catalogRepo.itemIdsOfDepartmentSql(q.departmentId)})`
      : sql``;
    const totalOf = q.departmentId && scope.all && (q.dimension === 'item' || q.dimension === 'department') ? { dim: 'department', member: q.departmentId } : total;
    const db = this.database.db;
    const trendFrom = q.to > addDays(q.from, 365) ? addDays(q.to, -365) : q.from;
    const [state] = await rows<{ through: string | null }>(db, sql`select running_through::text as through from stats_rollup_state where id = 1`);
    const runningThrough = state?.through ?? null;
    const [memberRows, totals, trend, open, alerts, compression, rolled] = await Promise.all([
      rows<Sums & { member: number; name: string | null }>(db, sql`select x.*, ${NAME_SQL[q.dimension]} as name from (${this.periodSql(q.dimension, q.from, q.to, runningThrough)}) x
        where ${filter}${deptFilter} order by x.received desc, x.decided desc, x.member limit 500`),
      rows<Sums & { member: number }>(db, sql`select x.* from (${this.periodSql(totalOf.dim, q.from, q.to, runningThrough)}) x where x.member = ${totalOf.member}`),
      rows<{ day: string; received: number; decided: number; onTime: number }>(db, sql`select day::text as day, received, decided, on_time as "onTime"
        from case_stats_daily where dim = ${totalOf.dim} and member = ${totalOf.member} and day between ${trendFrom} and ${q.to} order by day`),
      this.lights.openCounts(totalOf.dim === 'all' ? sql`true` : totalOf.dim === 'department' ? sql`o.department_id = ${totalOf.member}` : sql`o.site_id = ${totalOf.member}`),
      this.alerts.counts(actor),
      catalogRepo.promiseCompression(db, totalOf.dim === 'department' ? totalOf.member : null),
      rows<{ at: unknown }>(db, sql`select last_run_at as at from stats_rollup_state where id = 1`),
    ]);
    return {
      from: q.from, to: q.to, dimension: q.dimension,
      totals: metricRow(0, '合计', totals[0] ?? {}),
      rows: memberRows.map((r) => metricRow(Number(r.member), r.name ?? `#${r.member}`, r)),
      trend: trend.map((t) => ({ day: t.day, received: Number(t.received), decided: Number(t.decided), onTimeRate: Number(t.decided) > 0 ? Number(t.onTime) / Number(t.decided) : null })),
      open, alerts: alerts ?? { open: 0, investigating: 0, closed: 0 },
      promiseCompression: compression === null ? null : Math.round(compression * 1000) / 1000,
      rolledUpAt: isoOrNull(rolled[0]?.at),
    };
  }

  /** 月报.xlsx: one sheet per dimension (REPORT_SHEETS) with the Chinese headers (REPORT_HEADERS). */
  async monthlyReport(actor: Actor, month: string): Promise<{ fileName: string; data: Buffer }> {
    const scope = authorize(actor, supervisionPolicy, 'metrics.read');
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new AppError('METRICS_PERIOD_INVALID', { detail: '月份格式为 YYYY-MM' });
    const from = `${month}-01`;
    const to = addDays(nextMonth(from), -1);
    // exceljs is loaded on the first report, not at start-up (≈ 0.5 s of module loading: bench/startup.mjs)
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Yichuang 一窗';
    wb.created = this.clock.now();
    for (const s of REPORT_SHEETS) {
      const ws = wb.addWorksheet(s.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.addRow([...REPORT_HEADERS]);
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
      let list: MetricRow[] = [];
      if (s.dimension === 'all') {
        list = [(await this.dashboard(actor, { from, to, dimension: scope.all ? 'department' : scope.departmentIds.length ? 'department' : 'site' })).totals];
        list[0]!.name = `${month} 合计`;
      } else {
        try {
          list = (await this.dashboard(actor, { from, to, dimension: s.dimension })).rows;
        } catch (e) {
          if (!(e instanceof AppError && e.code === 'METRICS_DIMENSION_NOT_ALLOWED')) throw e;
        }
      }
      for (const r of list) {
        ws.addRow([r.name, r.received, r.accepted, r.refused, r.decided, r.onTime, r.early, r.late, r.onTimeRate, r.earlyRate, r.avgHandlingDays, r.rated, r.satisfied, r.bad, r.satisfactionRate]);
      }
      ws.columns.forEach((c, i) => {
        c.width = i === 0 ? 32 : 12;
        if ([8, 9, 14].includes(i)) c.numFmt = '0.0%';
      });
    }
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    return { fileName: `一窗办件月报-${month}.xlsx`, data };
  }
}

function checkPeriod(from: string, to: string) {
  const ok = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));
  if (!ok(from) || !ok(to)) throw new AppError('METRICS_PERIOD_INVALID', { detail: '日期格式为 YYYY-MM-DD' });
  if (from > to) throw new AppError('METRICS_PERIOD_INVALID', { detail: '开始日期晚于结束日期' });
  if (to > addDays(from, 3 * 366)) throw new AppError('METRICS_PERIOD_INVALID', { detail: '统计期间最长 3 年' });
}
