/**
 * 亮灯: the rules (the centre's default and per-item overrides), the yellow threshold the case
 * module uses when it sets deadlines, the hall's light board and the supervisors' overview.
 *
 * A case stores `yellow_from` (see cases.clock.ts); changing a rule recomputes it for the open cases
 * the rule governs in the same transaction, in one SQL statement over the working-day ordinals:
 *   yellow_from = the working day `yellowDays(limit)` working days before promised_due.
 */
import { sql, type SQL } from 'drizzle-orm';
import { DEFAULT_LIGHT_RULE, yellowDaysOf, type LightRule } from '../../../common/supervision.js';
import type { LightBoard, LightCounts, LightOverview, LightRuleBody, LightRuleView } from '../../../common/supervision-dto.js';
import { authorize, type Actor } from '../../platform/authz.js';
import { chinaDate, type Clock } from '../../platform/clock.js';
import { atSql, rows, scopeSql, isoOrNull, type Database, type Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { LightRuleHook } from '../cases/case-hooks.js';
import { lightSql, remainingSql } from '../cases/cases.repository.js';
import { WORKING_DAY_ORDINALS, ordAt } from '../calendar/day-ordinals.js';
import { supervisionPolicy } from './supervision.policy.js';

const OPEN = sql`c.status in ('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned')`;
const RULE_COLUMNS = sql`r.id, r.item_id as "itemId", i.name as "itemName", d.name as "departmentName", r.yellow_percent as "yellowPercent",
  r.yellow_min_days as "yellowMinDays", r.escalate_after_days as "escalateAfterDays", r.handover_days as "handoverDays",
  r.sign_days as "signDays", r.step_days as "stepDays", r.updated_at as "updatedAt"`;

/** How long the in-process copy of the rules is trusted before it is compared with the table again. */
const RULES_TTL_MS = 10_000;

type RuleRow = Omit<LightRuleView, 'updatedAt'> & { updatedAt: unknown };

export class LightService implements LightRuleHook {
  private cache: { at: number; centre: LightRule; items: Map<number, LightRule> } | null = null;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  private async rules() {
    if (this.cache && Date.now() - this.cache.at < RULES_TTL_MS) return this.cache;
    const list = await rows<LightRule & { itemId: number | null }>(this.database.db, sql`select item_id as "itemId", yellow_percent as "yellowPercent",
      yellow_min_days as "yellowMinDays", escalate_after_days as "escalateAfterDays", handover_days as "handoverDays", sign_days as "signDays", step_days as "stepDays"
      from light_rules`);
    const centre = list.find((r) => r.itemId === null) ?? { ...DEFAULT_LIGHT_RULE, itemId: null };
    this.cache = { at: Date.now(), centre, items: new Map(list.filter((r) => r.itemId !== null).map((r) => [r.itemId!, r])) };
    return this.cache;
  }

  async yellowRules(): Promise<(itemId: number) => (promisedLimit: number) => number> {
    const r = await this.rules();
    return (itemId) => {
      const rule = r.items.get(itemId) ?? r.centre;
      return (limit) => yellowDaysOf(rule, limit);
    };
  }

  async list(actor: Actor): Promise<LightRuleView[]> {
    authorize(actor, supervisionPolicy, 'supervision.read');
    const list = await rows<RuleRow>(this.database.db, sql`select ${RULE_COLUMNS} from light_rules r left join catalog_items i on i.id = r.item_id
      left join departments d on d.id = i.department_id order by r.item_id nulls first, i.name`);
    return list.map((r) => ({ ...r, updatedAt: isoOrNull(r.updatedAt)! }));
  }

  async setRule(actor: Actor, itemId: number | null, body: LightRuleBody): Promise<LightRuleView> {
    authorize(actor, supervisionPolicy, 'lights.manage');
    const b = validRule(body);
    await this.database.tx(async (tx) => {
      if (itemId !== null) {
        const [item] = await rows(tx, sql`select 1 from catalog_items where id = ${itemId}`);
        if (!item) throw new AppError('NOT_FOUND');
      }
      const by = actor.kind === 'user' ? actor.userId : null;
      const set = sql`yellow_percent = ${b.yellowPercent}, yellow_min_days = ${b.yellowMinDays}, escalate_after_days = ${b.escalateAfterDays},
        handover_days = ${b.handoverDays}, sign_days = ${b.signDays}, step_days = ${b.stepDays}, updated_by = ${by}, updated_at = now()`; // record metadata of a setting (ADR 0016)
      const updated = await rows(tx, sql`update light_rules set ${set} where ${itemId === null ? sql`item_id is null` : sql`item_id = ${itemId}`} returning id`);
      if (!updated.length) {
        await tx.execute(sql`insert into light_rules (item_id, yellow_percent, yellow_min_days, escalate_after_days, handover_days, sign_days, step_days, updated_by)
          values (${itemId}, ${b.yellowPercent}, ${b.yellowMinDays}, ${b.escalateAfterDays}, ${b.handoverDays}, ${b.signDays}, ${b.stepDays}, ${by})`);
      }
      const n = await this.recompute(tx, itemId);
      await this.audit.record(tx, actor, { kind: 'lights.rule_set', aggregateType: 'light_rule', aggregateId: itemId ?? 0, data: { ...b, recomputedCases: n.governed, changedCases: n.changed } });
    });
    this.cache = null;
    return (await this.list(actor)).find((r) => r.itemId === itemId)!;
  }

  async removeItemRule(actor: Actor, itemId: number): Promise<void> {
    authorize(actor, supervisionPolicy, 'lights.manage');
    await this.database.tx(async (tx) => {
      const gone = await rows(tx, sql`delete from light_rules where item_id = ${itemId} returning id`);
      if (!gone.length) throw new AppError('NOT_FOUND');
      const n = await this.recompute(tx, itemId);
      await this.audit.record(tx, actor, { kind: 'lights.rule_removed', aggregateType: 'light_rule', aggregateId: itemId, data: { recomputedCases: n.governed, changedCases: n.changed } });
    });
    this.cache = null;
  }

  /**
   * yellow_from of the open cases a rule governs (one item, or every item without its own rule), from the current
   * rules: one statement over all of them — the promised date's ordinal from a per-day table (one wd_ord per
   * calendar day of working_days' range, not per case; past its end wd_ord's own answer, the last ordinal), back by
   * the rule's yellow days through the ordinal index. Only cases whose
   * yellow_from changes are written (and locked); a case whose deadline another transaction changed meanwhile is
   * left to that transaction (the re-checked WHERE). Returns the cases governed and the cases changed.
   */
  private async recompute(tx: Tx, itemId: number | null): Promise<{ governed: number; changed: number }> {
    const [centre] = await rows<{ minDays: number; percent: number }>(tx, sql`select yellow_min_days as "minDays", yellow_percent as "percent"
      from light_rules where item_id is null`);
    // an item's own rule, else the centre's; without a centre rule only items with their own rule are governed
    const minDays = centre ? sql`coalesce(ir.yellow_min_days, ${Number(centre.minDays)}::int)` : sql`ir.yellow_min_days`;
    const percent = centre ? sql`coalesce(ir.yellow_percent, ${Number(centre.percent)}::int)` : sql`ir.yellow_percent`;
    const which = itemId === null ? sql`ir.id is null` : sql`c.item_id = ${itemId} and ${centre ? sql`true` : sql`ir.id is not null`}`;
    const [r] = await rows<{ governed: number; changed: number }>(tx, sql`
      with ${WORKING_DAY_ORDINALS},
      calc as materialized (
        select c.id, c.promised_due, c.promised_limit, c.yellow_from as old, coalesce(w.day, c.promised_due) as yellow_from
        from cases c
        left join light_rules ir on ir.item_id = c.item_id
        left join day_ords o on o.day = c.promised_due
        left join working_days w on w.ordinal = ${ordAt('o', sql`c.promised_due`)} - greatest(${minDays}, floor(c.promised_limit * ${percent} / 100.0))::int
        where ${OPEN} and c.promised_due is not null and ${which}
      ), upd as (
        update cases c set yellow_from = calc.yellow_from from calc
        where c.id = calc.id and calc.old is distinct from calc.yellow_from
          and c.promised_due = calc.promised_due and c.promised_limit = calc.promised_limit and ${OPEN}
        returning 1
      )
      select (select count(*) from calc)::int as governed, (select count(*) from upd)::int as changed`);
    return { governed: Number(r?.governed ?? 0), changed: Number(r?.changed ?? 0) };
  }

  // ------------------------------------------------------------------ boards

  /** 亮灯大屏 of one site (public): counts and the red and yellow cases, no personal data. */
  async board(siteId: number): Promise<LightBoard> {
    const db = this.database.db;
    const now = this.clock.now();
    const today = chinaDate(now);
    const [site] = await rows<{ name: string }>(db, sql`select name from sites where id = ${siteId} and active`);
    if (!site) throw new AppError('NOT_FOUND');
    const where = sql`c.site_id = ${siteId} and ${OPEN}`;
    const [byDepartment, cases] = await Promise.all([
      rows<LightCounts & { departmentId: number; departmentName: string }>(db, sql`
        select c.department_id as "departmentId", d.short_name as "departmentName", ${countsSql(today)}
        from cases c join departments d on d.id = c.department_id where ${where} group by c.department_id, d.short_name order by d.short_name`),
      rows<LightBoard['cases'][number]>(db, sql`
        select c.id, c.case_no as "caseNo", i.name as "itemName", d.short_name as "departmentName", ${lightSql(today)} as light,
               ${remainingSql(today)} as "remainingDays", c.promised_due as "promisedDue", c.promised_provisional as "promisedProvisional", (c.paused_on is not null) as paused
        from cases c join catalog_items i on i.id = c.item_id join departments d on d.id = c.department_id
        where ${where} and c.yellow_from <= ${today} order by c.promised_due, c.id limit 60`),
    ]);
    const counts = sum(byDepartment);
    return {
      siteId, siteName: site.name, now: now.toISOString(), today, counts, byDepartment,
      cases: cases.map((c) => ({ ...c, id: Number(c.id), remainingDays: c.remainingDays === null ? null : Number(c.remainingDays) })),
    };
  }

  /** Refreshes the snapshot the centre-wide screens read (run by the scan). */
  async snapshot(tx: Tx): Promise<void> {
    const now = this.clock.now();
    const today = chinaDate(now);
    await tx.execute(sql`delete from open_light_counts`);
    await tx.execute(sql`insert into open_light_counts (department_id, site_id, green, yellow, red, paused, as_of)
      select c.department_id, c.site_id, ${countsSql(today)}, ${atSql(now)} from cases c where ${OPEN} group by c.department_id, c.site_id`);
  }

  async overview(actor: Actor): Promise<LightOverview> {
    const scope = authorize(actor, supervisionPolicy, 'supervision.read');
    const db = this.database.db;
    const where = scopeSql(scope, { department: sql`o.department_id` });
    const [byDepartment, bySite, asOf] = await Promise.all([
      rows<LightCounts & { departmentId: number; departmentName: string }>(db, sql`select o.department_id as "departmentId", d.name as "departmentName", ${sums()}
        from open_light_counts o join departments d on d.id = o.department_id where ${where} group by o.department_id, d.name, d.code order by d.code`),
      rows<LightCounts & { siteId: number; siteName: string }>(db, sql`select o.site_id as "siteId", s.name as "siteName", ${sums()}
        from open_light_counts o join sites s on s.id = o.site_id where ${where} group by o.site_id, s.name, s.code order by s.code`),
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

/** Paused cases (special procedure) are counted apart: their clock does not run. */
function countsSql(today: string): SQL {
  return sql`count(*) filter (where c.paused_on is null and ${today}::date < c.yellow_from)::int as green,
    count(*) filter (where c.paused_on is null and ${today}::date >= c.yellow_from and ${today}::date <= c.promised_due)::int as yellow,
    count(*) filter (where c.paused_on is null and ${today}::date > c.promised_due)::int as red,
    count(*) filter (where c.paused_on is not null)::int as paused`;
}

const sums = () => sql`coalesce(sum(o.green), 0)::int as green, coalesce(sum(o.yellow), 0)::int as yellow, coalesce(sum(o.red), 0)::int as red,
  coalesce(sum(o.paused), 0)::int as paused`;

function sum(list: LightCounts[]): LightCounts {
  return list.reduce((a, r) => ({ green: a.green + r.green, yellow: a.yellow + r.yellow, red: a.red + r.red, paused: a.paused + r.paused }), { green: 0, yellow: 0, red: 0, paused: 0 });
}

function validRule(b: LightRuleBody): LightRuleBody {
  const bad = (detail: string) => new AppError('LIGHT_RULE_INVALID', { detail });
  if (b.yellowPercent < 0 || b.yellowPercent > 100) throw bad('黄灯比例须在 0–100% 之间');
  for (const [k, label] of [['yellowMinDays', '黄灯最少天数'], ['escalateAfterDays', '督办天数'], ['handoverDays', '移交时限'], ['signDays', '签收时限'], ['stepDays', '环节时限']] as const) {
    if (!Number.isInteger(b[k]) || b[k] < 0 || b[k] > 60) throw bad(`${label}须为 0–60 的整数`);
  }
  return b;
}
