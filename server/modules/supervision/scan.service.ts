/**
 * 监察巡检: what the platform checks on its own, every SUPERVISION_SCAN_SECONDS in the worker and on
 * demand (立即巡检):
 *  - 办件超期: open cases past the promised deadline (one alert per case);
 *  - 督办: a red case with no action for the rule's escalate-after working days (one per case);
 *  - 环节超时: a case waiting at one step longer than the rule's step limit (handover, sign, approval step);
 *  - 办件量异常下降: a department whose cases over the last N working days fell below a share of its usual rate;
 *  - the light snapshot for the centre-wide screens, the metrics rollups and 好差评 default ratings.
 * Each check is one INSERT … SELECT with a dedupe key, so running it twice raises nothing twice; working-day
 * differences come from a per-day ordinal table joined by day, not a wd_ord call per case (issue 14.8).
 */
import { sql } from 'drizzle-orm';
import { authorize, systemActor, type Actor } from '../../platform/authz.js';
import { chinaDate, type Clock } from '../../platform/clock.js';
import { rows, type Database, type Tx } from '../../platform/db.js';
import { WORKING_DAY_ORDINALS, ordAt, workingDayOfOrdinalSql } from '../calendar/day-ordinals.js';
import { caseRowsSql } from '../cases/cases.repository.js';
import { catalogRepo } from '../catalog/catalog.repository.js';
import { identityRepo } from '../identity/identity.repository.js';
import { openCaseSql } from '../cases/case-status.sql.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AlertService } from './alerts.service.js';
import type { LightService } from './lights.service.js';
import type { MetricsService } from './metrics.service.js';
import { supervisionPolicy } from './supervision.policy.js';
import type { ScanResult } from './supervision.schemas.js';

const OPEN = openCaseSql();
/** The cases through the cases module's read model (a derived table the planner pulls up: the same plan). */
const CASES = sql`(${caseRowsSql()})`;
/**
 * The rule governing each item (its own, else the centre's), once per item: joined to cases by item_id (a hash
 * join) instead of two subqueries per case.
 */
const ITEM_RULES = sql`item_rules as materialized (
  select i.id as item_id, r.escalate_after_days, r.handover_days, r.sign_days, r.step_days from ${catalogRepo.itemsAs('i')}
  join light_rules r on r.id = coalesce((select o.id from light_rules o where o.item_id = i.id), (select o.id from light_rules o where o.item_id is null)))`;
/** China's calendar day of the case's last action */
const LAST_ACTION_DAY = sql`(c.updated_at at time zone 'Asia/Shanghai')::date`;

export interface ScanConfig {
  volumeDropDays: number;
  volumeDropRatio: number;
  volumeMinPerDay: number;
}

export class ScanService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly alerts: AlertService,
    private readonly lights: LightService,
    private readonly metrics: MetricsService,
    private readonly ratingDefaults: (now: Date) => Promise<number>,
    private readonly config: ScanConfig,
    /** 电子证照: expire licenses past their last day, remind holders before expiry (the licenses module) */
    private readonly licenseSweep: (now: Date) => Promise<{ expired: number; reminded: number }> = async () => ({ expired: 0, reminded: 0 }),
  ) {}

  /** 立即巡检 by a supervisor. */
  async runBy(actor: Actor): Promise<ScanResult> {
    authorize(actor, supervisionPolicy, 'lights.manage');
    const res = await this.run(actor);
    await this.database.tx((tx) => this.audit.record(tx, actor, { kind: 'supervision.scan', aggregateType: 'supervision', aggregateId: 0, data: { ...res } }));
    return res;
  }

  async run(actor: Actor = systemActor('supervision-scan')): Promise<ScanResult> {
    const started = Date.now(); // performance timing, real time
    const at = this.clock.now();
    const today = chinaDate(at);
    const t = sql`${today}::date`;
    const defaultRatings = await this.ratingDefaults(at);
    const res = await this.database.tx(async (tx) => {
      const overdue = await this.alerts.raiseMany(tx, actor, 'case_overdue', 'warning', sql`
        select '办件超期：' || c.case_no || ' ' || i.name || '（承诺办结日 ' || c.promised_due || '）' as title,
               jsonb_build_object('caseNo', c.case_no, 'promisedDue', c.promised_due, 'status', c.status) as detail,
               c.department_id, c.site_id, c.id as case_id, 'overdue:case:' || c.id as dedupe_key
        from ${CASES} c join ${catalogRepo.itemsAs('i')} on i.id = c.item_id
        where ${OPEN} and c.paused_on is null and c.promised_due < ${t}`);
      // Working-day differences from one per-day ordinal table joined by day (see calendar/day-ordinals.ts), today's once.
      const todayOrd = sql`(select wd_ord(${t}))`;
      const escalated = await this.alerts.raiseMany(tx, actor, 'case_escalated', 'serious', sql`
        with ${WORKING_DAY_ORDINALS}, ${ITEM_RULES}
        select '督办：' || c.case_no || ' 超期 ' || (${todayOrd} - ${ordAt('p', sql`c.promised_due`)}) || ' 个工作日仍未办结' as title,
               jsonb_build_object('caseNo', c.case_no, 'promisedDue', c.promised_due, 'lastActionOn', ${LAST_ACTION_DAY}, 'escalateAfterDays', r.escalate_after_days) as detail,
               c.department_id, c.site_id, c.id as case_id, 'escalate:case:' || c.id as dedupe_key
        from ${CASES} c join item_rules r on r.item_id = c.item_id
        left join day_ords p on p.day = c.promised_due
        left join day_ords g on g.day = greatest(c.promised_due, ${LAST_ACTION_DAY})
        where ${OPEN} and c.paused_on is null and c.promised_due < ${t}
          and ${todayOrd} - ${ordAt('g', sql`greatest(c.promised_due, ${LAST_ACTION_DAY})`)} >= r.escalate_after_days`);
      const stepOverdue = await this.alerts.raiseMany(tx, actor, 'step_overdue', 'info', sql`
        with ${WORKING_DAY_ORDINALS}, ${ITEM_RULES}
        select '环节超时：' || c.case_no || ' ' || (case c.status when 'accepted' then '待移交' when 'handed_over' then '待签收' else '审批第 ' || c.step || ' 环节' end)
                 || ' 已 ' || (${todayOrd} - ${ordAt('l', LAST_ACTION_DAY)}) || ' 个工作日' as title,
               jsonb_build_object('caseNo', c.case_no, 'status', c.status, 'step', c.step, 'since', ${LAST_ACTION_DAY}) as detail,
               c.department_id, c.site_id, c.id as case_id, 'step:' || c.id || ':' || c.status || ':' || c.step || ':' || ${LAST_ACTION_DAY} as dedupe_key
        from ${CASES} c join item_rules r on r.item_id = c.item_id
        left join day_ords l on l.day = ${LAST_ACTION_DAY}
        where c.status in ('accepted', 'handed_over', 'in_review') and c.paused_on is null
          and ${todayOrd} - ${ordAt('l', LAST_ACTION_DAY)} > case c.status when 'accepted' then r.handover_days when 'handed_over' then r.sign_days else r.step_days end`);
      const volumeDrop = await this.volumeDrop(tx, actor, today);
      await this.lights.snapshot(tx);
      return { overdue, escalated, stepOverdue, volumeDrop };
    });
    const rollupDays = await this.metrics.rollup();
    const lic = await this.licenseSweep(at);
    return { ...res, defaultRatings, rollupDays, licensesExpired: lic.expired, licensesReminded: lic.reminded, tookMs: Date.now() - started };
  }

  /**
   * A department's cases over the last N working days against its usual daily rate over the 60 working
   * days before them: below the configured share (and a usual rate worth watching) → one alert per week.
   */
  private async volumeDrop(tx: Tx, actor: Actor, today: string): Promise<number> {
    const n = this.config.volumeDropDays;
    const [b] = await rows<{ recentFrom: string | null; usualFrom: string | null }>(tx, sql`
      select ${workingDayOfOrdinalSql(sql`wd_ord(${today}::date) - ${n}`)}::text as "recentFrom",
             ${workingDayOfOrdinalSql(sql`wd_ord(${today}::date) - ${n} - 60`)}::text as "usualFrom"`);
    if (!b?.recentFrom || !b.usualFrom) return 0; // not enough calendar behind today
    const week = sql`to_char(${today}::date, 'IYYY-IW')`;
    return this.alerts.raiseMany(tx, actor, 'volume_drop', 'warning', sql`
      select d.name || ' 近 ' || ${n}::int || ' 个工作日平台收件 ' || x.recent || ' 件，明显低于平时（日均 ' || round(x.usual / 60.0, 1) || ' 件）' as title,
             jsonb_build_object('recent', x.recent, 'usualPerDay', round(x.usual / 60.0, 1), 'days', ${n}::int) as detail,
             x.department_id, null::int as site_id, null::bigint as case_id, 'volume:' || x.department_id || ':' || ${week} as dedupe_key
      from (select c.department_id,
                   count(*) filter (where c.received_on > ${b.recentFrom}::date and c.received_on <= ${today}::date) as recent,
                   count(*) filter (where c.received_on > ${b.usualFrom}::date and c.received_on <= ${b.recentFrom}::date) as usual
            from ${CASES} c where c.received_on > ${b.usualFrom}::date and c.received_on <= ${today}::date group by c.department_id) x
      join ${identityRepo.departmentsAs('d')} on d.id = x.department_id
      where x.usual / 60.0 >= ${this.config.volumeMinPerDay} and x.recent < (x.usual / 60.0) * ${n} * ${this.config.volumeDropRatio}`);
  }
}
