/**
 * When an admin confirms a year's holiday arrangement, every open case whose deadlines were
 * provisional (暂定) gets them recomputed on the confirmed calendar, in the confirming transaction:
 * from the acceptance day by the item's limits, plus the working days of each ended special
 * procedure (recounted on the new calendar) and an approved extension — exactly how they were set,
 * step by step, since adding working days to a working day is associative. yellow_from follows (so
 * the light does), each changed case gets an event and an audit record, and an applicant whose
 * promised date moved gets one SMS when `notify` is on (ADR 0015).
 */
import { sql } from 'drizzle-orm';
import { EXTENSION_WORKING_DAYS, OPEN_STATUSES, yellowThreshold } from '../../../common/cases.js';
import type { LimitUnit } from '../../../common/catalog.js';
import type { WorkingCalendar } from '../../../common/working-days.js';
import { actorId, actorName, type Actor } from '../../platform/authz.js';
import { atSql, insertRows, num, rows, type Tx } from '../../platform/db.js';
import { acceptanceDeadlines, pausedWorkingDays, shiftDeadlines, type Deadlines } from './cases.clock.js';
import { caseSms } from './cases.sms.js';
import { caseEvents } from './cases.tables.js';
import type { CaseDeps } from './intake.service.js';


interface ProvisionalCase {
  id: number; caseNo: string; itemId: number; acceptedOn: string; applicantPhone: string;
  promisedLimit: number; promisedUnit: LimitUnit; statutoryLimit: number; statutoryUnit: LimitUnit;
  promisedDue: string; statutoryDue: string; promisedProvisional: boolean; statutoryProvisional: boolean;
  extensionApproved: boolean; pausedDays: number; subItemName: string; siteName: string; address: string; hours: string;
  pauses: { id: number; startOn: string; endOn: string; pausedDays: number }[];
}

export interface RecomputeResult {
  /** open cases with a provisional deadline that were looked at */
  cases: number;
  /** of those, cases whose promised or statutory deadline changed */
  changed: number;
  /** SMS queued (promised date moved, notify on) */
  notified: number;
}

export class DeadlineRecompute {
  constructor(private readonly d: CaseDeps, private readonly notify: boolean) {}

  /** Read what must be read before a transaction opens (PGlite has one session); returns the step to run inside it. */
  async prepare(): Promise<(tx: Tx, actor: Actor, cal: WorkingCalendar) => Promise<RecomputeResult>> {
    const yellow = await this.d.hooks.lights?.yellowRules();
    return (tx, actor, cal) => this.run(tx, actor, cal, (itemId) => yellow?.(itemId) ?? yellowThreshold);
  }

  private async run(tx: Tx, actor: Actor, cal: WorkingCalendar, yellowOf: (itemId: number) => (limit: number) => number): Promise<RecomputeResult> {
    const list = await rows<ProvisionalCase>(tx, sql`
      select c.id::int as id, c.case_no as "caseNo", c.item_id as "itemId", c.accepted_on::text as "acceptedOn", c.applicant_phone as "applicantPhone",
             c.promised_limit as "promisedLimit", c.promised_unit as "promisedUnit", c.statutory_limit as "statutoryLimit", c.statutory_unit as "statutoryUnit",
             c.promised_due::text as "promisedDue", c.statutory_due::text as "statutoryDue",
             c.promised_provisional as "promisedProvisional", c.statutory_provisional as "statutoryProvisional",
             (c.extension_status = 'approved') as "extensionApproved", c.paused_days as "pausedDays",
             s.name as "subItemName", st.name as "siteName", st.address, st.hours,
             coalesce((select json_agg(json_build_object('id', p.id, 'startOn', p.start_on, 'endOn', p.end_on, 'pausedDays', p.paused_days) order by p.id)
                       from case_special_procedures p where p.case_id = c.id and p.end_on is not null), '[]'::json) as pauses
      from cases c join catalog_sub_items s on s.id = c.sub_item_id join sites st on st.id = c.site_id
      where (c.promised_provisional or c.statutory_provisional) and c.accepted_on is not null and c.promised_due is not null
        and c.status in (${sql.join(OPEN_STATUSES.map((s) => sql`${s}`), sql`, `)})
      order by c.id
      for update of c`);
    let changed = 0;
    let notified = 0;
    const now = this.d.clock.now();
    const events: (typeof caseEvents.$inferInsert)[] = [];
    const smsCases: { c: ProvisionalCase; dl: Deadlines }[] = [];
    for (const c of list) {
      const { dl, pausedDays, pauses } = this.recompute(cal, c, yellowOf(c.itemId));
      const moved = dl.promisedDue !== c.promisedDue || dl.statutoryDue !== c.statutoryDue;
      const flagsMoved = dl.promisedProvisional !== c.promisedProvisional || dl.statutoryProvisional !== c.statutoryProvisional;
      if (!moved && !flagsMoved) continue;
      changed++;
      await tx.execute(sql`update cases set promised_due = ${dl.promisedDue}, statutory_due = ${dl.statutoryDue}, yellow_from = ${dl.yellowFrom},
          promised_provisional = ${dl.promisedProvisional}, statutory_provisional = ${dl.statutoryProvisional}, paused_days = ${pausedDays},
          version = version + 1, updated_at = ${atSql(now)}
        where id = ${c.id}`);
      for (const p of pauses) await tx.execute(sql`update case_special_procedures set paused_days = ${p.pausedDays} where id = ${p.id}`);
      const promisedMoved = dl.promisedDue !== c.promisedDue;
      const parts = [
        promisedMoved ? `承诺办结日 ${c.promisedDue} → ${dl.promisedDue}` : `承诺办结日 ${dl.promisedDue} 不变`,
        dl.statutoryDue !== c.statutoryDue ? `法定办结日 ${c.statutoryDue} → ${dl.statutoryDue}` : `法定办结日 ${dl.statutoryDue} 不变`,
      ];
      const note = `国家节假日安排已确认，办理期限重新计算：${parts.join('，')}`;
      events.push({ caseId: c.id, action: 'deadline_recomputed', toStatus: null, nodeCode: null, actorId: actorId(actor), actorName: actorName(actor), siteId: null, note, public: promisedMoved, at: now });
      await this.d.audit.record(tx, actor, {
        kind: 'case.deadline_recomputed', aggregateType: 'case', aggregateId: c.id,
        data: {
          caseNo: c.caseNo,
          before: { promisedDue: c.promisedDue, statutoryDue: c.statutoryDue, promisedProvisional: c.promisedProvisional, statutoryProvisional: c.statutoryProvisional, pausedDays: c.pausedDays },
          after: { promisedDue: dl.promisedDue, statutoryDue: dl.statutoryDue, promisedProvisional: dl.promisedProvisional, statutoryProvisional: dl.statutoryProvisional, pausedDays },
        },
      });
      if (this.notify && dl.promisedDue !== c.promisedDue) smsCases.push({ c, dl });
    }
    if (events.length) {
      const ids = await insertRows<typeof caseEvents, { id: unknown; caseId: unknown }>(tx, caseEvents, events, 'returning id, case_id as "caseId"');
      const eventOf = new Map(ids.map((e) => [num(e.caseId), num(e.id)]));
      for (const { c, dl } of smsCases) {
        await this.d.outbox.enqueue(tx, caseSms(c.id, eventOf.get(c.id)!, c.applicantPhone, 'case.deadline_changed', {
          centre: this.d.centreName, caseNo: c.caseNo, subItemName: c.subItemName, siteName: c.siteName, siteAddress: c.address, siteHours: c.hours,
        }, { promisedDue: dl.promisedDue, promisedProvisional: dl.promisedProvisional, previousDue: c.promisedDue }));
        notified++;
      }
    }
    return { cases: list.length, changed, notified };
  }

  private recompute(cal: WorkingCalendar, c: ProvisionalCase, yellowDays: (limit: number) => number) {
    const base = acceptanceDeadlines(cal, c.acceptedOn, c, yellowDays);
    const pauses = c.pauses.map((p) => ({ id: p.id, pausedDays: pausedWorkingDays(cal, p.startOn, p.endOn) }));
    const pausedDays = pauses.reduce((n, p) => n + p.pausedDays, 0);
    let dl = shiftDeadlines(cal, base, pausedDays, c.promisedLimit, yellowDays);
    if (c.extensionApproved) dl = shiftDeadlines(cal, dl, EXTENSION_WORKING_DAYS, c.promisedLimit + EXTENSION_WORKING_DAYS, yellowDays);
    // provisional: from the acceptance day to the deadline, on the confirmed calendar
    dl = { ...dl, promisedProvisional: cal.isProvisional(c.acceptedOn, dl.promisedDue), statutoryProvisional: cal.isProvisional(c.acceptedOn, dl.statutoryDue) };
    return { dl, pausedDays, pauses: pauses.filter((p, i) => p.pausedDays !== c.pauses[i]!.pausedDays) };
  }
}
