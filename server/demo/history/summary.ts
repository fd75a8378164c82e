/** What a generated history holds, counted in SQL (written next to the template, printed by the generator). */
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db.js';
import { openCaseSql } from '../../modules/cases/case-status.sql.js';

export interface HistoryCounts {
  cases: number;
  casesByStatus: Record<string, number>;
  outcomes: {
    accepted: number; correctionNotices: number; refusedAtIntake: number; refusedAfterCorrection: number; withMissing: number; withCommitment: number; withLicense: number; licensesIssued: number;
    bundles: number; approved: number; denied: number; withdrawn: number; mailed: number; collected: number; extensions: number; specialProcedures: number;
    inspections: number; returns: number; late: number; openOverdue: number;
  };
  byDepartment: Record<string, number>;
  bySite: Record<string, number>;
  tickets: Record<string, number>;
  appointments: Record<string, number>;
  /** 网上申办 by status */
  onlineApplications: Record<string, number>;
  ratings: Record<string, number>;
  rectifications: Record<string, number>;
  alerts: Record<string, number>;
  alertsByStatus: Record<string, number>;
  docnoGaps: Record<string, number>;
  sms: number;
  auditRecords: number;
}

async function keyed(ex: Executor, q: ReturnType<typeof sql>): Promise<Record<string, number>> {
  return Object.fromEntries((await rows<{ k: string; n: number }>(ex, q)).map((r) => [r.k, Number(r.n)]));
}

export async function historyCounts(ex: Executor, today: string): Promise<HistoryCounts> {
  const [o] = await rows<Record<keyof HistoryCounts['outcomes'] | 'cases', number>>(ex, sql`select
      count(*)::int as cases,
      count(*) filter (where accepted_on is not null)::int as accepted,
      (select count(*)::int from case_notices where kind = 'correction') as "correctionNotices",
      count(*) filter (where status = 'refused' and not exists (select 1 from case_notices n where n.case_id = c.id and n.kind = 'correction'))::int as "refusedAtIntake",
      count(*) filter (where status = 'refused' and exists (select 1 from case_notices n where n.case_id = c.id and n.kind = 'correction'))::int as "refusedAfterCorrection",
      count(*) filter (where with_missing)::int as "withMissing",
      (select count(distinct case_id)::int from case_materials where status = 'commitment') as "withCommitment",
      (select count(distinct case_id)::int from case_materials where status = 'license') as "withLicense",
      (select count(*)::int from licenses where source = 'platform') as "licensesIssued",
      (select count(*)::int from case_visits where bundle_id is not null) as bundles,
      count(*) filter (where decision = 'approved')::int as approved,
      count(*) filter (where decision = 'denied')::int as denied,
      count(*) filter (where status = 'withdrawn')::int as withdrawn,
      count(*) filter (where delivery_method = 'mailed')::int as mailed,
      count(*) filter (where delivery_method = 'collected')::int as collected,
      count(*) filter (where extension_status = 'approved')::int as extensions,
      (select count(*)::int from case_special_procedures) as "specialProcedures",
      (select count(*)::int from case_inspections) as inspections,
      (select count(*)::int from case_events where action = 'return_to_front') as returns,
      count(*) filter (where decided_on > promised_due)::int as late,
      count(*) filter (where ${openCaseSql()} and paused_on is null and promised_due < ${today}::date)::int as "openOverdue"
    from cases c`);
  const { cases, ...outcomes } = o!;
  const [sms] = await rows<{ n: number }>(ex, sql`select count(*)::int as n from sms_messages`);
  const [audit] = await rows<{ n: number }>(ex, sql`select count(*)::int as n from audit_log`);
  return {
    cases: Number(cases),
    casesByStatus: await keyed(ex, sql`select status as k, count(*)::int as n from cases group by 1 order by 2 desc`),
    outcomes: Object.fromEntries(Object.entries(outcomes).map(([k, v]) => [k, Number(v)])) as HistoryCounts['outcomes'],
    byDepartment: await keyed(ex, sql`select d.short_name as k, count(*)::int as n from cases c join departments d on d.id = c.department_id group by 1 order by 2 desc`),
    bySite: await keyed(ex, sql`select s.name as k, count(*)::int as n from cases c join sites s on s.id = c.site_id group by 1 order by 2 desc`),
    tickets: await keyed(ex, sql`select status || '/' || priority as k, count(*)::int as n from queue_tickets group by 1 order by 2 desc`),
    appointments: await keyed(ex, sql`select status as k, count(*)::int as n from appointments group by 1 order by 2 desc`),
    onlineApplications: await keyed(ex, sql`select status as k, count(*)::int as n from online_applications group by 1 order by 2 desc`),
    ratings: await keyed(ex, sql`select channel || ':' || level as k, count(*)::int as n from ratings group by 1 order by 1`),
    rectifications: await keyed(ex, sql`select status as k, count(*)::int as n from rectifications group by 1 order by 2 desc`),
    alerts: await keyed(ex, sql`select kind as k, count(*)::int as n from supervision_alerts group by 1 order by 2 desc`),
    alertsByStatus: await keyed(ex, sql`select status as k, count(*)::int as n from supervision_alerts group by 1 order by 2 desc`),
    docnoGaps: await keyed(ex, sql`select status as k, count(*)::int as n from docno_gaps group by 1`),
    sms: Number(sms?.n ?? 0),
    auditRecords: Number(audit?.n ?? 0),
  };
}
