/**
 * 亮灯: the rules (the centre's default and per-item overrides), the yellow threshold the case
 * module uses when it sets deadlines, the hall's light board and the supervisors' overview.
 *
 * Nothing of a rule is stored on the cases: every light is computed when read, from the promised date and
 * the rules as they are then (`yellowDaysSql`, cases.repository.ts `lightSql`; ADR 0022). A rule change is a
 * one-row write whatever the number of open cases; its audit record says how many cases the rule governs and
 * how many lights it changes today.
 */
import { sql, type SQL } from 'drizzle-orm';
import { DEFAULT_LIGHT_RULE, type LightRule } from '../../../common/supervision.js';
import { authorize, type Actor } from '../../platform/authz.js';
import { chinaDate, type Clock } from '../../platform/clock.js';
import { atSql, rows, scopeSql, isoOrNull, type Database, type Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { LightRuleHook } from '../cases/case-hooks.js';
import { openCaseSql } from '../cases/case-status.sql.js';
import { provisional } from '../cases/cases.clock.js';
import type { LightBoard, LightCounts, LightOverview, LightRuleView } from './supervision.schemas.js';
import type { WorkingCalendar } from '../../../common/working-days.js';
import { caseRowsSql, lightBasis, lightFilterSql, lightSql, remainingSql, type LightBasis } from '../cases/cases.repository.js';
import { catalogRepo } from '../catalog/catalog.repository.js';
import { identityRepo } from '../identity/identity.repository.js';
import { supervisionPolicy } from './supervision.policy.js';

const OPEN = openCaseSql();
/** The cases, the catalog's items and identity's departments and sites through their modules' read models. */
const CASES = sql`(${caseRowsSql()})`;
const { departmentsAs, sitesAs } = identityRepo;
const RULE_COLUMNS = sql`r.id, r.item_id as "itemId", i.name as "itemName", d.name as "departmentName", r.yellow_percent as "yellowPercent",
  r.yellow_min_days as "yellowMinDays", r.escalate_after_days as "escalateAfterDays", r.handover_days as "handoverDays",
  r.sign_days as "signDays", r.step_days as "stepDays", r.updated_at as "updatedAt"`;

type RuleRow = Omit<LightRuleView, 'updatedAt'> & { updatedAt: unknown };
type YellowPart = Pick<LightRule, 'yellowMinDays' | 'yellowPercent'>;

export class LightService implements LightRuleHook {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    /** the working calendar: whether a deadline shown is provisional (暂定) */
    private readonly calendar: { calendar(): Promise<WorkingCalendar> },
  ) {}

  /**
   * The yellow-light days of a case (LightRuleHook): its item's rule, else the centre's, else DOMAIN.md's default —
   * max(min days, ⌊limit × percent / 100⌋). The rules enter a statement as three arrays (item ids, their min days,
   * their percentages: InitPlans, read once per statement), so a case costs an array lookup, not a subquery.
   */
  yellowDaysSql(itemId: SQL, limit: SQL): SQL {
    const own = (col: 'yellow_min_days' | 'yellow_percent') => sql`(array(select r.${sql.identifier(col)} from light_rules r where r.item_id is not null order by r.item_id))[
      array_position(array(select r.item_id from light_rules r where r.item_id is not null order by r.item_id), ${itemId})]`;
    const centre = (col: 'yellow_min_days' | 'yellow_percent', fallback: number) =>
      sql`coalesce((select r.${sql.identifier(col)} from light_rules r where r.item_id is null), ${sql.raw(String(fallback))})`;
    // ⌊limit × percent / 100⌋ in integer arithmetic (both non-negative): no numeric per case
    return sql`greatest(coalesce(${own('yellow_min_days')}, ${centre('yellow_min_days', DEFAULT_LIGHT_RULE.yellowMinDays)}),
      (${limit} * coalesce(${own('yellow_percent')}, ${centre('yellow_percent', DEFAULT_LIGHT_RULE.yellowPercent)})) / 100)`;
  }

  async list(actor: Actor): Promise<LightRuleView[]> {
    authorize(actor, supervisionPolicy, 'supervision.read');
    const list = await rows<RuleRow>(this.database.db, sql`select ${RULE_COLUMNS} from light_rules r left join ${catalogRepo.itemsAs('i')} on i.id = r.item_id
      left join ${departmentsAs('d')} on d.id = i.department_id order by r.item_id nulls first, i.name`);
    return list.map((r) => ({ ...r, updatedAt: isoOrNull(r.updatedAt)! }));
  }

  async setRule(actor: Actor, itemId: number | null, body: LightRule): Promise<LightRuleView> {
    authorize(actor, supervisionPolicy, 'lights.manage');
    const b = validRule(body);
    await this.database.tx(async (tx) => {
      if (itemId !== null) {
        if (!(await catalogRepo.findItem(tx, itemId))) throw new AppError('NOT_FOUND');
      }
      const before = await this.governing(tx, itemId);
      const by = actor.kind === 'user' ? actor.userId : null;
      const set = sql`yellow_percent = ${b.yellowPercent}, yellow_min_days = ${b.yellowMinDays}, escalate_after_days = ${b.escalateAfterDays},
        handover_days = ${b.handoverDays}, sign_days = ${b.signDays}, step_days = ${b.stepDays}, updated_by = ${by}, updated_at = now()`; // record metadata of a setting (ADR 0016)
      const updated = await rows(tx, sql`update light_rules set ${set} where ${itemId === null ? sql`item_id is null` : sql`item_id = ${itemId}`} returning id`);
      if (!updated.length) {
        await tx.execute(sql`insert into light_rules (item_id, yellow_percent, yellow_min_days, escalate_after_days, handover_days, sign_days, step_days, updated_by)
          values (${itemId}, ${b.yellowPercent}, ${b.yellowMinDays}, ${b.escalateAfterDays}, ${b.handoverDays}, ${b.signDays}, ${b.stepDays}, ${by})`);
      }
      await this.audit.record(tx, actor, { kind: 'lights.rule_set', aggregateType: 'light_rule', aggregateId: itemId ?? 0, data: { ...b, ...(await this.effect(tx, itemId, before)) } });
    });
    return (await this.list(actor)).find((r) => r.itemId === itemId)!;
  }

  async removeItemRule(actor: Actor, itemId: number): Promise<void> {
    authorize(actor, supervisionPolicy, 'lights.manage');
    await this.database.tx(async (tx) => {
      const before = await this.governing(tx, itemId);
      const gone = await rows(tx, sql`delete from light_rules where item_id = ${itemId} returning id`);
      if (!gone.length) throw new AppError('NOT_FOUND');
      await this.audit.record(tx, actor, { kind: 'lights.rule_removed', aggregateType: 'light_rule', aggregateId: itemId, data: await this.effect(tx, itemId, before) });
    });
  }

  /** The yellow part of the rule that governs an item's cases (its own, else the centre's, else the default), or the centre's. */
  private async governing(tx: Tx, itemId: number | null): Promise<YellowPart> {
    const list = await rows<YellowPart & { itemId: number | null }>(tx, sql`select item_id as "itemId", yellow_min_days as "yellowMinDays",
      yellow_percent as "yellowPercent" from light_rules where item_id is null ${itemId === null ? sql`` : sql`or item_id = ${itemId}`}`);
    const r = list.find((x) => x.itemId !== null) ?? list.find((x) => x.itemId === null) ?? DEFAULT_LIGHT_RULE;
    return { yellowMinDays: Number(r.yellowMinDays), yellowPercent: Number(r.yellowPercent) };
  }

  /**
   * What a rule change did, for its audit record: the open cases the rule governs (one item's, or those of every item
   * without its own rule) and how many of their lights it changed today — each case's light under the rule before
   * and after, in one statement. Nothing is written to the cases.
   */
  private async effect(tx: Tx, itemId: number | null, before: YellowPart): Promise<{ governedCases: number; lightsChanged: number }> {
    const after = await this.governing(tx, itemId);
    const today = this.clock.today();
    const under = (r: YellowPart) => lightSql(lightBasis(today, {
      yellowDaysSql: (_item, limit) => sql`greatest(${r.yellowMinDays}::int, (${limit} * ${r.yellowPercent}::int) / 100)`,
    }));
    const which = itemId === null
      ? sql`not exists (select 1 from light_rules r where r.item_id = c.item_id)`
      : sql`c.item_id = ${itemId}`;
    const [r] = await rows<{ governed: number; changed: number }>(tx, sql`select count(*)::int as governed,
        count(*) filter (where (${under(before)}) is distinct from (${under(after)}))::int as changed
      from ${CASES} c where ${OPEN} and ${which}`);
    return { governedCases: Number(r?.governed ?? 0), lightsChanged: Number(r?.changed ?? 0) };
  }

  // ------------------------------------------------------------------ boards

  /** Lights as of `today` under the rules as they are when the statement runs. */
  private basis(today: string): LightBasis {
    return lightBasis(today, this);
  }

  /** 亮灯大屏 of one site (public): counts and the red and yellow cases, no personal data. */
  async board(siteId: number): Promise<LightBoard> {
    const db = this.database.db;
    const now = this.clock.now();
    const today = chinaDate(now);
    const site = await identityRepo.findSite(db, siteId);
    if (!site?.active) throw new AppError('NOT_FOUND');
    const where = sql`c.site_id = ${siteId} and ${OPEN}`;
    const lights = this.basis(today);
    const [byDepartment, cases] = await Promise.all([
      rows<LightCounts & { departmentId: number; departmentName: string }>(db, sql`
        select x.department_id as "departmentId", d.short_name as "departmentName", ${countsOf}
        from (select c.department_id, ${countsSql(lights)} from ${CASES} c where ${where} group by c.department_id) x
        join ${departmentsAs('d')} on d.id = x.department_id order by d.short_name`),
      rows<Omit<LightBoard['cases'][number], 'promisedProvisional'> & { acceptedOn: string | null }>(db, sql`
        select c.id, c.case_no as "caseNo", i.name as "itemName", d.short_name as "departmentName", ${lightSql(lights)} as light,
               ${remainingSql(today)} as "remainingDays", c.promised_due::text as "promisedDue", c.accepted_on::text as "acceptedOn", (c.paused_on is not null) as paused
        from ${CASES} c join ${catalogRepo.itemsAs('i')} on i.id = c.item_id join ${departmentsAs('d')} on d.id = c.department_id
        where ${where} and (${lightFilterSql('red', lights)} or ${lightFilterSql('yellow', lights)}) order by c.promised_due, c.id limit 60`),
    ]);
    const counts = sum(byDepartment);
    const cal = await this.calendar.calendar();
    return {
      siteId, siteName: site.name, now: now.toISOString(), today, counts, byDepartment,
      cases: cases.map(({ acceptedOn, ...c }) => ({
        ...c, id: Number(c.id), remainingDays: c.remainingDays === null ? null : Number(c.remainingDays), promisedProvisional: provisional(cal, acceptedOn, c.promisedDue),
      })),
    };
  }

  /** Refreshes the snapshot the centre-wide screens read (run by the scan). */
  async snapshot(tx: Tx): Promise<void> {
    const now = this.clock.now();
    const today = chinaDate(now);
    await tx.execute(sql`delete from open_light_counts`);
    await tx.execute(sql`insert into open_light_counts (department_id, site_id, green, yellow, red, paused, as_of)
      select x.department_id, x.site_id, ${countsOf}, ${atSql(now)}
      from (select c.department_id, c.site_id, ${countsSql(this.basis(today))} from ${CASES} c where ${OPEN} group by c.department_id, c.site_id) x`);
  }

  async overview(actor: Actor): Promise<LightOverview> {
    const scope = authorize(actor, supervisionPolicy, 'supervision.read');
    const db = this.database.db;
    const where = scopeSql(scope, { department: sql`o.department_id` });
    const [byDepartment, bySite, asOf] = await Promise.all([
      rows<LightCounts & { departmentId: number; departmentName: string }>(db, sql`select o.department_id as "departmentId", d.name as "departmentName", ${sums()}
        from open_light_counts o join ${departmentsAs('d')} on d.id = o.department_id where ${where} group by o.department_id, d.name, d.code order by d.code`),
      rows<LightCounts & { siteId: number; siteName: string }>(db, sql`select o.site_id as "siteId", s.name as "siteName", ${sums()}
        from open_light_counts o join ${sitesAs('s')} on s.id = o.site_id where ${where} group by o.site_id, s.name, s.code order by s.code`),
      // the last scan, also when it found nothing open
      rows<{ asOf: unknown }>(db, sql`select greatest((select max(as_of) from open_light_counts), (select last_run_at from stats_rollup_state where id = 1)) as "asOf"`),
    ]);
    return { asOf: isoOrNull(asOf[0]?.asOf), counts: sum(byDepartment), byDepartment, bySite };
  }

  /** Open counts for the dashboard, from the snapshot, within a department or site (or everything). */
  async openCounts(filter: SQL): Promise<LightCounts & { total: number; asOf: string | null }> {
    const [r] = await rows<LightCounts & { asOf: unknown }>(this.database.db, sql`select ${sums()}, max(as_of) as "asOf" from open_light_counts o where ${filter}`);
    const c = { green: r?.green ?? 0, yellow: r?.yellow ?? 0, red: r?.red ?? 0, paused: r?.paused ?? 0 };
    return { ...c, total: c.green + c.yellow + c.red + c.paused, asOf: isoOrNull(r?.asOf) };
  }
}

/**
 * Light counts of the open cases `c` per group, in one pass that tests each running clock for yellow once (the
 * aggregates over `c` as `running`, `red`, `yellow`, `paused`; green = running − red − yellow, by `countsOf`).
 * Paused cases (special procedure) are counted apart: their clock does not run.
 */
function countsSql(b: LightBasis): SQL {
  const running = sql`c.paused_on is null and c.promised_due is not null`;
  return sql`count(*) filter (where ${running})::int as running,
    count(*) filter (where ${running} and ${lightFilterSql('red', b)})::int as red,
    count(*) filter (where ${running} and ${lightFilterSql('yellow', b)})::int as yellow,
    count(*) filter (where c.paused_on is not null)::int as paused`;
}

/** The light columns of a `countsSql` group `x`. */
const countsOf = sql`(x.running - x.red - x.yellow)::int as green, x.yellow, x.red, x.paused`;

const sums = () => sql`coalesce(sum(o.green), 0)::int as green, coalesce(sum(o.yellow), 0)::int as yellow, coalesce(sum(o.red), 0)::int as red,
  coalesce(sum(o.paused), 0)::int as paused`;

function sum(list: LightCounts[]): LightCounts {
  return list.reduce((a, r) => ({ green: a.green + r.green, yellow: a.yellow + r.yellow, red: a.red + r.red, paused: a.paused + r.paused }), { green: 0, yellow: 0, red: 0, paused: 0 });
}

function validRule(b: LightRule): LightRule {
  const bad = (detail: string) => new AppError('LIGHT_RULE_INVALID', { detail });
  if (b.yellowPercent < 0 || b.yellowPercent > 100) throw bad('黄灯比例须在 0–100% 之间');
  for (const [k, label] of [['yellowMinDays', '黄灯最少天数'], ['escalateAfterDays', '督办天数'], ['handoverDays', '移交时限'], ['signDays', '签收时限'], ['stepDays', '环节时限']] as const) {
    if (!Number.isInteger(b[k]) || b[k] < 0 || b[k] > 60) throw bad(`${label}须为 0–60 的整数`);
  }
  return b;
}
