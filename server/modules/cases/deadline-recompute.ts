/**
 * When an admin confirms a year's holiday arrangement, every open case whose deadlines reach into that
 * year (they were provisional, 暂定) gets them recomputed on the confirmed calendar, in the confirming transaction:
 * from the acceptance day by the item's limits, plus the working days of each ended special
 * procedure (recounted on the new calendar) and an approved extension — exactly how they were set,
 * step by step, since adding working days to a working day is associative. The light follows by itself
 * (computed from the deadline when read, ADR 0022), and so does 暂定 (the calendar's answer when read, ADR 0024): only
 * a case whose date moved is written. Each such case gets an event on its timeline, every change is
 * audited with before and after in the year's change list (`calendar.deadlines_recomputed`, 500 cases a record, ADR 0024),
 * and an applicant whose promised date moved gets one SMS when `notify` is on (ADR 0015). Set-based (ADR 0021): two statements
 * read every such case and its ended procedures, the arithmetic runs in memory, and a few statements
 * write every change, event and (at commit) audit record — however many cases.
 */
import { sql } from 'drizzle-orm';
import { EXTENSION_WORKING_DAYS } from '../../../common/cases.js';
import type { LimitUnit } from '../../../common/catalog.js';
import type { WorkingCalendar } from '../../../common/working-days.js';
import { actorId, actorName, type Actor } from '../../platform/authz.js';
import { atSql, num, rows, type Tx } from '../../platform/db.js';
import { catalogRepo } from '../catalog/catalog.repository.js';
import { identityRepo } from '../identity/identity.repository.js';
import { acceptanceDeadlines, pausedWorkingDays, shiftDeadlines, type Deadlines } from './cases.clock.js';
import { openCaseSql } from './case-status.sql.js';
import { caseSms } from './cases.sms.js';
import type { CaseDeps } from './intake.service.js';

/**
 * The open cases a confirmed `year` can move: accepted before it ends, their later deadline in it or after
 * (cases_open_latest_due_idx, migration 0017). The others' deadlines never reached a day of the year.
 */
const reachingInto = (year: number) => sql`greatest(c.promised_due, c.statutory_due) >= ${`${year}-01-01`}::date
  and c.accepted_on <= ${`${year}-12-31`}::date and c.promised_due is not null and c.statutory_due is not null and ${openCaseSql()}`;
/** rows written by one statement (one JSON parameter) */
const ROWS_PER_STATEMENT = 50_000;
/** changed cases listed by one audit record (≈ 100 bytes each) */
export const CHANGES_PER_RECORD = 500;
/** what each entry of an audit record's `changes` holds, before and after */
export const CHANGE_COLUMNS = ['caseId', 'caseNo', 'promisedDueBefore', 'promisedDueAfter', 'statutoryDueBefore', 'statutoryDueAfter',
  'pausedDaysBefore', 'pausedDaysAfter'] as const;
type AuditedChange = [number, string, string, string, string, string, number, number];

interface ProvisionalCase {
  id: number; caseNo: string; itemId: number; acceptedOn: string; applicantPhone: string;
  promisedLimit: number; promisedUnit: LimitUnit; statutoryLimit: number; statutoryUnit: LimitUnit;
  promisedDue: string; statutoryDue: string;
  extensionApproved: boolean; pausedDays: number; subItemName: string; siteName: string; address: string; hours: string;
  pauses: { id: number; startOn: string; endOn: string; pausedDays: number }[];
}

/** What a confirmation changes, computed before anything is written. */
interface Plan {
  updates: { id: number; promised_due: string; statutory_due: string; paused_days: number }[];
  pauseUpdates: { id: number; paused_days: number }[];
  events: { case_id: number; note: string; public: boolean }[];
  smsCases: { c: ProvisionalCase; dl: Deadlines }[];
}

export interface RecomputeResult {
  /** open cases whose deadlines reach into the year, looked at */
  cases: number;
  /** of those, cases whose promised or statutory deadline moved */
  changed: number;
  /** SMS queued (promised date moved, notify on) */
  notified: number;
}

export class DeadlineRecompute {
  constructor(private readonly d: CaseDeps, private readonly notify: boolean) {}

  /** Read what must be read before a transaction opens (PGlite has one session); returns the step to run inside it. */
  async prepare(): Promise<(tx: Tx, actor: Actor, cal: WorkingCalendar, year: number) => Promise<RecomputeResult>> {
    return (tx, actor, cal, year) => this.run(tx, actor, cal, year);
  }

  private async run(tx: Tx, actor: Actor, cal: WorkingCalendar, year: number): Promise<RecomputeResult> {
    const list = await this.read(tx, year);
    const plan = await this.plan(tx, actor, cal, year, list);
    const eventOf = await this.write(tx, actor, plan);
    await this.notifyMoved(tx, plan.smsCases, eventOf);
    return { cases: list.length, changed: plan.updates.length, notified: plan.smsCases.length };
  }

  /** The open cases whose deadlines reach into the year (cases_open_latest_due_idx), locked, with their ended procedures. */
  private async read(tx: Tx, year: number): Promise<ProvisionalCase[]> {
    const list = await rows<Omit<ProvisionalCase, 'pauses'>>(tx, sql`
      select c.id::int as id, c.case_no as "caseNo", c.item_id as "itemId", c.accepted_on::text as "acceptedOn", c.applicant_phone as "applicantPhone",
             c.promised_limit as "promisedLimit", c.promised_unit as "promisedUnit", c.statutory_limit as "statutoryLimit", c.statutory_unit as "statutoryUnit",
             c.promised_due::text as "promisedDue", c.statutory_due::text as "statutoryDue",
             (c.extension_status = 'approved') as "extensionApproved", c.paused_days as "pausedDays",
             s.name as "subItemName", st.name as "siteName", st.address, st.hours
      from cases c join ${catalogRepo.subItemsAs('s')} on s.id = c.sub_item_id join ${identityRepo.sitesAs('st')} on st.id = c.site_id
      where ${reachingInto(year)}
      order by c.id
      for update of c`);
    const pauses = new Map<number, ProvisionalCase['pauses']>();
    for (const p of await rows<ProvisionalCase['pauses'][number] & { caseId: number }>(tx, sql`
      select p.case_id::int as "caseId", p.id::int as id, p.start_on::text as "startOn", p.end_on::text as "endOn", p.paused_days as "pausedDays"
      from case_special_procedures p join cases c on c.id = p.case_id
      where p.end_on is not null and ${reachingInto(year)} order by p.id`)) {
      const of = pauses.get(p.caseId) ?? [];
      of.push({ id: p.id, startOn: p.startOn, endOn: p.endOn, pausedDays: p.pausedDays });
      pauses.set(p.caseId, of);
    }
    return list.map((row) => ({ ...row, pauses: pauses.get(row.id) ?? [] }));
  }

  /**
   * The deadline rules of cases.clock.ts, case by case in memory (no statement per case): what changes, each change's
   * event, the audit records listing every change with before and after (written at commit), and the applicants
   * whose promised date moved.
   */
  private async plan(tx: Tx, actor: Actor, cal: WorkingCalendar, year: number, list: ProvisionalCase[]): Promise<Plan> {
    const plan: Plan = { updates: [], pauseUpdates: [], events: [], smsCases: [] };
    const { updates, pauseUpdates, events, smsCases } = plan;
    const memo = new Map<string, Deadlines>();
    const changes: AuditedChange[] = [];
    for (const c of list) {
      const { dl, pausedDays, pauses: moved } = this.recompute(cal, c, memo);
      // 暂定 is not stored (the calendar answers it when read): only a moved date is written
      if (dl.promisedDue === c.promisedDue && dl.statutoryDue === c.statutoryDue) continue;
      updates.push({ id: c.id, promised_due: dl.promisedDue, statutory_due: dl.statutoryDue, paused_days: pausedDays });
      for (const p of moved) pauseUpdates.push({ id: p.id, paused_days: p.pausedDays });
      const promisedMoved = dl.promisedDue !== c.promisedDue;
      const parts = [
        promisedMoved ? `承诺办结日 ${c.promisedDue} → ${dl.promisedDue}` : `承诺办结日 ${dl.promisedDue} 不变`,
        dl.statutoryDue !== c.statutoryDue ? `法定办结日 ${c.statutoryDue} → ${dl.statutoryDue}` : `法定办结日 ${dl.statutoryDue} 不变`,
      ];
      events.push({ case_id: c.id, note: `国家节假日安排已确认，办理期限重新计算：${parts.join('，')}`, public: promisedMoved });
      changes.push([c.id, c.caseNo, c.promisedDue, dl.promisedDue, c.statutoryDue, dl.statutoryDue, c.pausedDays, pausedDays]);
      if (this.notify && promisedMoved) smsCases.push({ c, dl });
    }
    // Audited as the year's change list, CHANGES_PER_RECORD cases a record on the calendar year's chain (ADR 0024)
    const records = Math.ceil(changes.length / CHANGES_PER_RECORD);
    for (let i = 0; i < records; i++) {
      await this.d.audit.record(tx, actor, {
        kind: 'calendar.deadlines_recomputed', aggregateType: 'calendar', aggregateId: year,
        data: { year, part: i + 1, parts: records, columns: CHANGE_COLUMNS, changes: changes.slice(i * CHANGES_PER_RECORD, (i + 1) * CHANGES_PER_RECORD) },
      });
    }
    return plan;
  }

  /** A few statements for all of them, the rows as JSON parameters; returns each case's new event id. */
  private async write(tx: Tx, actor: Actor, { updates, pauseUpdates, events }: Plan): Promise<Map<number, number>> {
    const now = this.d.clock.now();
    const actorFields = { actorId: actorId(actor), actorName: actorName(actor) };
    for (let i = 0; i < updates.length; i += ROWS_PER_STATEMENT) {
      await tx.execute(sql`update cases c set promised_due = x.promised_due, statutory_due = x.statutory_due,
          paused_days = x.paused_days, version = c.version + 1, updated_at = ${atSql(now)}
        from json_to_recordset(${JSON.stringify(updates.slice(i, i + ROWS_PER_STATEMENT))}::json)
          as x(id bigint, promised_due date, statutory_due date, paused_days integer)
        where c.id = x.id`);
    }
    for (let i = 0; i < pauseUpdates.length; i += ROWS_PER_STATEMENT) {
      await tx.execute(sql`update case_special_procedures p set paused_days = x.paused_days
        from json_to_recordset(${JSON.stringify(pauseUpdates.slice(i, i + ROWS_PER_STATEMENT))}::json) as x(id bigint, paused_days integer)
        where p.id = x.id`);
    }
    const eventOf = new Map<number, number>();
    for (let i = 0; i < events.length; i += ROWS_PER_STATEMENT) {
      const ids = await rows<{ id: unknown; case_id: unknown }>(tx, sql`
        insert into case_events (case_id, at, action, actor_id, actor_name, note, public)
        select x.case_id, ${atSql(now)}, 'deadline_recomputed', ${actorFields.actorId}, ${actorFields.actorName}, x.note, x.public
        from rows from (json_to_recordset(${JSON.stringify(events.slice(i, i + ROWS_PER_STATEMENT))}::json) as (case_id bigint, note text, public boolean))
          with ordinality as x
        order by x.ordinality
        returning id, case_id`);
      for (const e of ids) eventOf.set(num(e.case_id), num(e.id));
    }
    return eventOf;
  }

  /** One SMS per applicant whose promised date moved, naming the event (through the outbox, at commit). */
  private async notifyMoved(tx: Tx, smsCases: Plan['smsCases'], eventOf: Map<number, number>): Promise<void> {
    for (const { c, dl } of smsCases) {
      await this.d.outbox.enqueue(tx, caseSms(c.id, eventOf.get(c.id)!, c.applicantPhone, 'case.deadline_changed', {
        centre: this.d.centreName, caseNo: c.caseNo, subItemName: c.subItemName, siteName: c.siteName, siteAddress: c.address, siteHours: c.hours, baseUrl: this.d.publicBaseUrl,
      }, { promisedDue: dl.promisedDue, promisedProvisional: dl.promisedProvisional, previousDue: c.promisedDue }));
    }
  }

  /**
   * The case's deadlines on the confirmed calendar. They depend only on the acceptance day, the limits and units,
   * the paused working days and the extension, which many cases share (same day,
   * same item): `memo` (one per run, one calendar) computes each combination once.
   */
  private recompute(cal: WorkingCalendar, c: ProvisionalCase, memo: Map<string, Deadlines>) {
    const pauses = c.pauses.map((p) => ({ id: p.id, pausedDays: pausedWorkingDays(cal, p.startOn, p.endOn) }));
    const pausedDays = pauses.reduce((n, p) => n + p.pausedDays, 0);
    const key = [c.acceptedOn, c.promisedLimit, c.promisedUnit, c.statutoryLimit, c.statutoryUnit, pausedDays, c.extensionApproved].join('|');
    let dl = memo.get(key);
    if (!dl) {
      const base = acceptanceDeadlines(cal, c.acceptedOn, c);
      dl = shiftDeadlines(cal, base, pausedDays);
      if (c.extensionApproved) dl = shiftDeadlines(cal, dl, EXTENSION_WORKING_DAYS);
      // provisional: from the acceptance day to the deadline, on the confirmed calendar
      dl = { ...dl, promisedProvisional: cal.isProvisional(c.acceptedOn, dl.promisedDue), statutoryProvisional: cal.isProvisional(c.acceptedOn, dl.statutoryDue) };
      memo.set(key, dl);
    }
    return { dl, pausedDays, pauses: pauses.filter((p, i) => p.pausedDays !== c.pauses[i]!.pausedDays) };
  }

}
