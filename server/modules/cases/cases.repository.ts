/**
 * Case SQL (办件查询). Lists compute light and remaining working days in SQL from the maintained
 * deadline columns and the working_days ordinals — never per row in JavaScript. Every query that
 * serves a user takes the actor's scope as a SQL condition.
 */
import type { OnlineMode } from '../../../common/online.js';
import { sql, type SQL } from 'drizzle-orm';
import { EXTENSION_WORKING_DAYS, type CaseStatus } from '../../../common/cases.js';
import { DEFAULT_LIGHT_RULE } from '../../../common/supervision.js';
import type { Scope } from '../../platform/authz.js';
import { inList, preparedRows, rows, scopeSql, type Executor } from '../../platform/db.js';
import { workingDaysAfterSql } from '../calendar/day-ordinals.js';
import { catalogRepo, linesJsonSql, versionInForceSql, versionNoSql, type LineRow } from '../catalog/catalog.repository.js';
import { identityRepo } from '../identity/identity.repository.js';
import { ticketNoSql } from '../queue/tickets.read-model.js';
import type { LightRuleHook } from './case-hooks.js';
import { openCaseSql } from './case-status.sql.js';


/** Scope over a case row aliased `c`: its site for the front desk, its department for the back office. */
export function caseScopeSql(scope: Scope): SQL {
  return scopeSql(scope, { site: sql`c.site_id`, department: sql`c.department_id` });
}

const OPEN = openCaseSql();

/** The day the clock reads: frozen at the start of a running special procedure. */
const clockDay = (today: string) => sql`coalesce(c.paused_on, ${today}::date)`;

/**
 * What a light is computed from: the clock's day and the yellow-light days of the case row `c` as SQL. The days
 * come from supervision's light rules (LightRuleHook) and are not stored on the case: a rule change rewrites no
 * case (ADR 0022).
 */
export interface LightBasis {
  today: string;
  yellowDays: SQL;
}

/** The limit the yellow days are a share of: the promised limit, with an approved extension's working days. */
const YELLOW_BASE_LIMIT = sql`(c.promised_limit + case when c.extension_status = 'approved' then ${sql.raw(String(EXTENSION_WORKING_DAYS))} else 0 end)`;

/** The light basis of a day under the current light rules (or, without supervision, DOMAIN.md's default rule). */
export function lightBasis(today: string, rules?: LightRuleHook): LightBasis {
  const d = DEFAULT_LIGHT_RULE;
  return {
    today,
    yellowDays: rules?.yellowDaysSql(sql`c.item_id`, YELLOW_BASE_LIMIT)
      ?? sql`greatest(${sql.raw(String(d.yellowMinDays))}, (${YELLOW_BASE_LIMIT} * ${sql.raw(String(d.yellowPercent))}) / 100)`,
  };
}

/** Yellow days are at most this: 100 % of the longest promised limit (3,650) with an extension's 10 days. */
const MAX_YELLOW_DAYS = 3660;

/**
 * Whether the case's remaining working days are at most its yellow days (DOMAIN.md: yellow from that day on).
 * With the clock running: wd_ord(promised_due) ≤ wd_ord(today) + n, i.e. promised_due falls before the working
 * day whose ordinal is wd_ord(today) + n + 1 — an array of the working days after today, read once per
 * statement (an InitPlan), indexed per case: no function call per row. Paused cases compare with their pause day
 * (a day before working_days' range counts as ordinal 0, so a very old pause still has a light that filters agree on).
 */
function yellowReached(b: LightBasis): SQL {
  return sql`(case when c.paused_on is null
      then c.promised_due < coalesce((${workingDaysAfterSql(b.today, MAX_YELLOW_DAYS + 1)})[${b.yellowDays} + 1], 'infinity'::date)
      else coalesce(wd_ord(c.promised_due), 0) - coalesce(wd_ord(c.paused_on), 0) <= ${b.yellowDays} end)`;
}

/** DOMAIN.md lights: red past the promised deadline, yellow once the remaining working days reach the yellow days, else green. */
export function lightSql(b: LightBasis): SQL {
  return sql`case when not (${OPEN}) or c.promised_due is null then null
    when ${clockDay(b.today)} > c.promised_due then 'red'
    when ${yellowReached(b)} then 'yellow' else 'green' end`;
}

export function remainingSql(today: string): SQL {
  return sql`case when (${OPEN}) and c.promised_due is not null
    then wd_ord(c.promised_due) - wd_ord(${clockDay(today)}) end`;
}

/** Filter by light; red as a date comparison the deadline indexes can use. */
export function lightFilterSql(light: 'green' | 'yellow' | 'red', b: LightBasis): SQL {
  if (light === 'red') return sql`(${OPEN} and ${clockDay(b.today)} > c.promised_due)`;
  if (light === 'yellow') return sql`(${OPEN} and ${clockDay(b.today)} <= c.promised_due and ${yellowReached(b)})`;
  return sql`(${OPEN} and ${clockDay(b.today)} <= c.promised_due and not ${yellowReached(b)})`;
}

export interface CaseRowDb {
  id: number;
  caseNo: string;
  status: CaseStatus;
  subItemName: string;
  itemName: string;
  departmentId: number;
  departmentName: string;
  siteName: string;
  applicantName: string;
  applicantIdNo: string;
  applicantType: 'person' | 'entity';
  receivedAt: Date;
  acceptedOn: string | null;
  promisedDue: string | null;
  remainingDays: number | null;
  light: 'green' | 'yellow' | 'red' | null;
  paused: boolean;
  step: number;
  approvalSteps: number;
  documentNo: string | null;
}

const ROW_COLUMNS = (b: LightBasis) => sql`
  c.id::int as id, c.case_no as "caseNo", c.status, s.name as "subItemName", i.name as "itemName",
  c.department_id as "departmentId", d.name as "departmentName", st.name as "siteName",
  c.applicant_name as "applicantName", c.applicant_id_no as "applicantIdNo", c.applicant_type as "applicantType",
  c.received_at as "receivedAt", c.accepted_on::text as "acceptedOn", c.promised_due::text as "promisedDue",
  ${remainingSql(b.today)} as "remainingDays", ${lightSql(b)} as light, (c.paused_on is not null) as paused,
  c.step::int as step, c.approval_steps::int as "approvalSteps", c.document_no as "documentNo"`;

/** The names a case row shows, through the catalog's and identity's relations (joined as their tables would be). */
const ROW_JOINS = sql`
  join ${catalogRepo.subItemsAs('s')} on s.id = c.sub_item_id join ${catalogRepo.itemsAs('i')} on i.id = c.item_id
  join ${identityRepo.departmentsAs('d')} on d.id = c.department_id join ${identityRepo.sitesAs('st')} on st.id = c.site_id`;

interface CaseEventRow { id: number; action: string; fromStatus: string | null; toStatus: string | null; nodeCode: number | null; actorName: string; note: string }
/** The events of the case `caseRef` (an id or a column of the outer query). */
const eventsSql = (caseRef: SQL | number, publicOnly: boolean) =>
  sql`select id::int as id, at, action, from_status as "fromStatus", to_status as "toStatus", node_code as "nodeCode", actor_name as "actorName", note
      from case_events where case_id = ${caseRef} ${publicOnly ? sql`and public` : sql``} order by id`;

/** A subquery's rows as one JSON array (`[]` when none), ordered by one of its columns; times inside come back as ISO strings. */
/** A file of a case material as the detail and the archive read it (`addedAt` as JSON text). */
export interface CaseFileDb {
  id: number; name: string; mediaType: string; size: number; source: 'window' | 'online'; addedBy: string; addedAt: string; sha256: string;
}

/** The files of a material held by case `caseId` (for a shared line, the holder's), oldest first. */
export const materialFilesSql = (caseId: SQL, materialId: SQL) => sql`
  select f.id::int as id, f.file_name as name, f.media_type as "mediaType", f.size, f.source, coalesce(fu.display_name, '') as "addedBy",
         f.added_at as "addedAt", f.sha256
  from case_material_files f left join ${identityRepo.usersAs('fu')} on fu.id = f.added_by
  where f.case_id = ${caseId} and f.material_id = ${materialId}`;

const jsonList = (q: SQL, order = 'id') => sql`coalesce((select json_agg(t order by t.${sql.raw(`"${order}"`)}) from (${q}) t), '[]'::json)`;

export const casesRepo = {

  async page(ex: Executor, where: SQL, order: SQL, limit: number, offset: number, lights: LightBasis) {
    const [items, total] = await Promise.all([
      // The page's cases are chosen first, then joined and given their lights: a later page does not join
      // and compute the skipped rows (city bench: page 50 of an inbox 29 → 7 ms at 21 M cases).
      // `where` and `order` name columns of `c` only.
      rows<CaseRowDb>(ex, sql`select ${ROW_COLUMNS(lights)}
        from (select c.* from cases c where ${where} order by ${order} limit ${limit} offset ${offset}) c ${ROW_JOINS} order by ${order}`),
      // Counting a big result exactly is the slow part of paging: stop at 10,000 (shown as "10000+").
      rows<{ n: number }>(ex, sql`select count(*)::int as n from (select 1 from cases c where ${where} limit 10000) x`),
    ]);
    return { items, total: total[0]?.n ?? 0 };
  },

  async row(ex: Executor, id: number, scope: Scope, lights: LightBasis): Promise<CaseRowDb | undefined> {
    const [r] = await preparedRows<CaseRowDb>(ex, 'case_row', sql`select ${ROW_COLUMNS(lights)} from cases c ${ROW_JOINS} where c.id = ${id} and ${caseScopeSql(scope)}`);
    return r;
  },

  /**
   * The next number of each counter named, in one statement (one commit when run outside a transaction): a key
   * named n times advances by n and its numbers come back in the order named. Rows are locked in key order, so two
   * callers never wait on each other in a circle.
   */
  async nextSeqs(ex: Executor, keys: string[]): Promise<number[]> {
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    const sorted = [...counts.keys()].sort();
    const got = await rows<{ key: string; seq: number }>(ex, sql`insert into case_counters (key, seq)
      values ${sql.join(sorted.map((k) => sql`(${k}, ${counts.get(k)!})`), sql`, `)}
      on conflict (key) do update set seq = case_counters.seq + excluded.seq returning key, seq`);
    const next = new Map(got.map((r) => [r.key, Number(r.seq) - counts.get(r.key)! + 1]));
    return keys.map((k) => {
      const n = next.get(k)!;
      next.set(k, n + 1);
      return n;
    });
  },

  async nextSeq(ex: Executor, key: string): Promise<number> {
    const [r] = await rows<{ seq: number }>(ex, sql`insert into case_counters (key, seq) values (${key}, 1)
      on conflict (key) do update set seq = case_counters.seq + 1 returning seq`);
    return r!.seq;
  },

  /**
   * Everything a case's detail shows besides its row, in one statement: materials, events, inspections,
   * special procedures, notices and the visit's other cases as JSON arrays, the checklist version number,
   * the bundle and ticket of the visit, the sub-item code. Times come back as ISO strings.
   */
  detailParts(ex: Executor, caseId: number) {
    return preparedRows<{
      materials: {
        lineNo: number; materialId: number; materialName: string; required: boolean; status: string; form: string | null;
        copies: number; dueDate: string | null; sharedCaseNo: string | null; reviewPoints: string; files: CaseFileDb[];
        licenseId: number | null; licenseVersion: number | null;
      }[];
      events: (CaseEventRow & { at: string })[];
      inspections: { id: number; inspectorId: number; inspectorName: string; assignedAt: string; note: string; result: string | null; passed: boolean | null; doneAt: string | null }[];
      specials: { id: number; kind: string; reason: string; expectedDays: number; startOn: string; endOn: string | null; pausedDays: number | null; result: string | null }[];
      notices: { id: number; kind: 'receipt' | 'correction' | 'refusal'; noticeNo: string; issuedAt: string; issuedBy: string; defects: { lineNo: number; materialName: string; note: string }[]; reasons: string; redirect: string }[];
      linked: { id: number; caseNo: string; subItemName: string; status: CaseStatus }[];
      versionNo: number | null; bundleName: string | null; ticketNo: string | null; subItemCode: string | null;
    }>(ex, 'case_detail', sql`
      select ${jsonList(sql`
               select m.line_no as "lineNo", m.material_id as "materialId", cm.name as "materialName", coalesce(l.required, true) as required,
                      m.status, m.form, m.copies, m.due_date::text as "dueDate", sc.case_no as "sharedCaseNo", coalesce(l.review_points, '') as "reviewPoints",
                      m.license_id as "licenseId", m.license_version as "licenseVersion",
                      ${jsonList(materialFilesSql(sql`coalesce(m.shared_case_id, m.case_id)`, sql`m.material_id`))} as files
               from case_materials m join ${catalogRepo.materialsAs('cm')} on cm.id = m.material_id
               left join ${catalogRepo.checklistLinesAs('l')} on l.version_id = c.checklist_version_id and l.line_no = m.line_no
               left join cases sc on sc.id = m.shared_case_id
               where m.case_id = c.id`, 'lineNo')} as materials,
             ${jsonList(eventsSql(sql`c.id`, false))} as events,
             ${jsonList(sql`
               select x.id::int as id, x.inspector_id as "inspectorId", u.display_name as "inspectorName", x.assigned_at as "assignedAt", x.note, x.result,
                      x.passed, x.done_at as "doneAt"
               from case_inspections x join ${identityRepo.usersAs('u')} on u.id = x.inspector_id where x.case_id = c.id`)} as inspections,
             ${jsonList(sql`
               select id::int as id, kind, reason, expected_days as "expectedDays", start_on::text as "startOn", end_on::text as "endOn",
                      paused_days as "pausedDays", result
               from case_special_procedures where case_id = c.id`)} as specials,
             ${jsonList(sql`
               select id::int as id, kind, notice_no as "noticeNo", issued_at as "issuedAt", issued_by as "issuedBy", defects, reasons, redirect
               from case_notices where case_id = c.id`)} as notices,
             ${jsonList(sql`
               select o.id::int as id, o.case_no as "caseNo", os.name as "subItemName", o.status from cases o join ${catalogRepo.subItemsAs('os')} on os.id = o.sub_item_id
               where o.visit_id = c.visit_id and o.id <> c.id`)} as linked,
             ${versionNoSql(sql`c.checklist_version_id`)} as "versionNo",
             b.name as "bundleName", ${ticketNoSql(sql`v.ticket_id`)} as "ticketNo", si.code as "subItemCode"
      from cases c join case_visits v on v.id = c.visit_id join ${catalogRepo.subItemsAs('si')} on si.id = c.sub_item_id
      left join ${catalogRepo.bundlesAs('b')} on b.id = v.bundle_id
      where c.id = ${caseId}`).then((r) => r[0]);
  },

  /** A person's or entity's cases by ID number / USCC (an applicant's 我的办件), newest first. */
  casesOfApplicants(ex: Executor, idNos: string[], phone: string | null) {
    if (!idNos.length) return Promise.resolve([]);
    return rows<{ id: number; caseNo: string; status: CaseStatus; subItemName: string; departmentName: string; channel: string; receivedAt: unknown; promisedDue: string | null; applicantName: string; applicantType: 'person' | 'entity' }>(ex, sql`
      select c.id::int as id, c.case_no as "caseNo", c.status, s.name as "subItemName", d.name as "departmentName", c.channel, c.received_at as "receivedAt",
             c.promised_due::text as "promisedDue", c.applicant_name as "applicantName", c.applicant_type as "applicantType"
      from cases c join ${catalogRepo.subItemsAs('s')} on s.id = c.sub_item_id join ${identityRepo.departmentsAs('d')} on d.id = c.department_id
      where c.applicant_id_no in (${inList(idNos)}) and (${phone}::text is null or c.applicant_phone = ${phone} or c.agent_phone = ${phone})
      order by c.id desc limit 200`);
  },

  /** The progress page's facts of a case by its id (an applicant's own case, ownership checked by the caller). */
  progressById(ex: Executor, caseId: number, ratingsSql: SQL) {
    return progressRows(ex, 'progress_by_id', sql`c.id = ${caseId}`, ratingsSql);
  },

  /**
   * The public progress page in one statement: the case found by number and the last four digits of the applicant's
   * phone, its public timeline and `ratingsSql` (a JSON-array subquery on the case row `c`).
   */
  progress(ex: Executor, caseNo: string, phone4: string, ratingsSql: SQL) {
    return progressRows(ex, 'progress', sql`c.case_no = ${caseNo} and right(c.applicant_phone, 4) = ${phone4}`, ratingsSql);
  },

  /**
   * What the 受理回执 prints of a case besides its materials (detailParts): the case, what it applies for, its site, and
   * its latest receipt notice (null for a case never accepted). Unscoped: the caller has authorised the read.
   */
  receiptFacts(ex: Executor, caseId: number) {
    return rows<{
      caseNo: string; channel: 'window' | 'online' | 'mail'; caseType: 'instant' | 'promised'; applicantType: 'person' | 'entity';
      applicantName: string; applicantIdNo: string; applicantPhone: string; agentName: string | null; agentIdNo: string | null;
      acceptedAt: Date | string | null; acceptedOn: string | null; promisedLimit: number; promisedUnit: 'working' | 'natural'; promisedDue: string | null;
      statutoryLimit: number; statutoryUnit: 'working' | 'natural'; statutoryDue: string | null;
      itemName: string; subItemName: string; departmentName: string; siteName: string; siteAddress: string; siteHours: string; sitePhone: string;
      notice: { noticeNo: string; issuedAt: string; issuedBy: string } | null;
    }>(ex, sql`
      select c.case_no as "caseNo", c.channel, c.case_type as "caseType", c.applicant_type as "applicantType", c.applicant_name as "applicantName",
             c.applicant_id_no as "applicantIdNo", c.applicant_phone as "applicantPhone", c.agent_name as "agentName", c.agent_id_no as "agentIdNo",
             c.accepted_at as "acceptedAt", c.accepted_on::text as "acceptedOn", c.promised_limit as "promisedLimit", c.promised_unit as "promisedUnit",
             c.promised_due::text as "promisedDue", c.statutory_limit as "statutoryLimit", c.statutory_unit as "statutoryUnit", c.statutory_due::text as "statutoryDue",
             i.name as "itemName", s.name as "subItemName", d.name as "departmentName", st.name as "siteName", st.address as "siteAddress",
             st.hours as "siteHours", st.phone as "sitePhone",
             (select json_build_object('noticeNo', n.notice_no, 'issuedAt', n.issued_at, 'issuedBy', n.issued_by) from case_notices n
               where n.case_id = c.id and n.kind = 'receipt' order by n.id desc limit 1) as notice
      from cases c ${ROW_JOINS}
      where c.id = ${caseId}`).then((r) => r[0]);
  },

  /** The case numbers a hall ticket led to (its visit's cases), for the ticket's view. */
  async caseNosOfTicket(ex: Executor, ticketId: number): Promise<string[]> {
    const list = await rows<{ caseNo: string }>(ex, sql`select c.case_no as "caseNo" from case_visits v join cases c on c.visit_id = v.id where v.ticket_id = ${ticketId} order by c.id`);
    return list.map((c) => c.caseNo);
  },

  visitCases(ex: Executor, visitId: number) {
    return rows<{ id: number; caseNo: string; status: CaseStatus; subItemName: string }>(
      ex,
      sql`select c.id::int as id, c.case_no as "caseNo", c.status, s.name as "subItemName" from cases c join ${catalogRepo.subItemsAs('s')} on s.id = c.sub_item_id
          where c.visit_id = ${visitId} order by c.id`,
    );
  },

  /**
   * Sub-items with their item, department and pinned facts, for intake, each with the checklist version in
   * effect on `onDate` (published, latest effective_from ≤ onDate, then highest version number — as
   * ChecklistService.effectiveVersion) and its lines with their material names: one round trip.
   */
  subItemsForIntake(ex: Executor, ids: number[], onDate: string) {
    if (!ids.length) return Promise.resolve([]);
    return preparedRows<{
      subItemId: number; subItemName: string; subItemCode: string; subItemActive: boolean; onlineMode: OnlineMode; itemId: number; itemName: string; itemActive: boolean;
      implCode: string; departmentId: number; departmentName: string; departmentCode: string; subjectType: string; caseType: 'instant' | 'promised';
      promisedLimit: number; promisedUnit: 'working' | 'natural'; statutoryLimit: number; statutoryUnit: 'working' | 'natural';
      approvalSteps: number; enabledSiteIds: number[]; versionId: number | null; versionNo: number | null; lines: LineRow[];
    }>(ex, 'intake_sub_items', sql`
      select s.id as "subItemId", s.name as "subItemName", s.code as "subItemCode", s.active as "subItemActive", s.online_mode as "onlineMode", i.id as "itemId", i.name as "itemName",
             i.active as "itemActive", i.impl_code as "implCode", i.department_id as "departmentId", d.name as "departmentName", d.code as "departmentCode",
             i.subject_type as "subjectType", i.case_type as "caseType", i.promised_limit as "promisedLimit", i.promised_unit as "promisedUnit",
             i.statutory_limit as "statutoryLimit", i.statutory_unit as "statutoryUnit", i.approval_steps as "approvalSteps", i.enabled_site_ids as "enabledSiteIds",
             v.id as "versionId", v.version_no as "versionNo",
             ${linesJsonSql(sql`v.id`)} as lines
      from ${catalogRepo.subItemsAs('s')} join ${catalogRepo.itemsAs('i')} on i.id = s.item_id join ${identityRepo.departmentsAs('d')} on d.id = i.department_id
      left join lateral (${versionInForceSql(sql`s.id`, onDate)}) v on true
      where s.id in (${inList(ids)})`);
  },

  /** An intake's first read: the site, and the visit already made with this client key (a retried submission), if any. */
  intakeStart(ex: Executor, siteId: number, clientKey: string) {
    return preparedRows<{ id: number; code: string; name: string; address: string; hours: string; phone: string; visit: { id: number; clerkId: number | null } | null }>(
      ex, 'intake_start',
      sql`select s.id, s.code, s.name, s.address, s.hours, s.phone,
            (select json_build_object('id', v.id, 'clerkId', v.clerk_id) from case_visits v where v.client_key = ${clientKey}) as visit
          from ${identityRepo.sitesAs('s')} where s.id = ${siteId}`,
    ).then((r) => r[0]);
  },

  site(ex: Executor, siteId: number) {
    return rows<{ id: number; code: string; name: string; address: string; hours: string; phone: string }>(
      ex,
      sql`select s.id, s.code, s.name, s.address, s.hours, s.phone from ${identityRepo.sitesAs('s')} where s.id = ${siteId}`,
    ).then((r) => r[0]);
  },
};

// read models for ratings / supervision / queue

/**
 * Read model for joins and aggregates over cases (supervision's lights, scan, rollups, alerts and document numbers;
 * ratings' facts; the hall's statistics): a derived-table body, `from (${caseRowsSql()}) c`, whose columns are its
 * contract — id, case_no, visit_id, site_id, department_id, item_id, status, step, received_on, accepted_on,
 * accepted_at, decided_on, closed_on, delivery_method, promised_due, promised_limit, paused_on, paused_days,
 * extension_status, updated_at and the applicant's and agent's name, id number and phone. A plain projection of the
 * table: the planner pulls it up into the caller's statement (the same plan, indexes and all, as naming the table).
 */
export function caseRowsSql(): SQL {
  return sql`select rm_c.id, rm_c.case_no, rm_c.visit_id, rm_c.site_id, rm_c.department_id, rm_c.item_id, rm_c.status, rm_c.step,
    rm_c.received_on, rm_c.accepted_on, rm_c.accepted_at, rm_c.decided_on, rm_c.closed_on, rm_c.delivery_method, rm_c.promised_due,
    rm_c.promised_limit, rm_c.paused_on, rm_c.paused_days, rm_c.extension_status, rm_c.updated_at,
    rm_c.applicant_name, rm_c.applicant_id_no, rm_c.applicant_phone, rm_c.agent_name, rm_c.agent_id_no, rm_c.agent_phone
    from cases rm_c`;
}

/** Read model for joins over visits (办件的一次到访): a derived-table body with id, ticket_id, site_id, window_id, clerk_id. */
export function caseVisitRowsSql(): SQL {
  return sql`select rm_v.id, rm_v.ticket_id, rm_v.site_id, rm_v.window_id, rm_v.clerk_id from case_visits rm_v`;
}

/** Who delivered a case, as SQL: the actor of its last collection or mailing event (null before delivery). */
export function deliveryClerkSql(caseId: SQL): SQL {
  return sql`(select rm_e.actor_id from case_events rm_e where rm_e.case_id = ${caseId} and rm_e.action in ('collect', 'mail') order by rm_e.id desc limit 1)`;
}

/** The progress page's facts of the case `where` picks (the public lookup, or an applicant's own case): the case, its public timeline, `ratingsSql`. */
function progressRows(ex: Executor, name: string, where: SQL, ratingsSql: SQL) {
    return preparedRows<{
      caseNo: string; status: CaseStatus; channel: string; applicantType: string; applicantName: string; receivedAt: unknown;
      acceptedOn: string | null; promisedDue: string | null; documentNo: string | null; deliveryMethod: string | null;
      itemName: string; subItemName: string; departmentName: string; siteName: string; address: string; hours: string; phone: string;
      events: (CaseEventRow & { at: string })[]; ratings: unknown[];
    }>(ex, name, sql`
      select c.case_no as "caseNo", c.status, c.channel, c.applicant_type as "applicantType", c.applicant_name as "applicantName",
             c.received_at as "receivedAt", c.accepted_on::text as "acceptedOn", c.promised_due::text as "promisedDue",
             c.document_no as "documentNo", c.delivery_method as "deliveryMethod", i.name as "itemName", s.name as "subItemName",
             d.name as "departmentName", st.name as "siteName", st.address, st.hours, st.phone,
             ${jsonList(eventsSql(sql`c.id`, true))} as events, ${ratingsSql} as ratings
      from cases c join ${catalogRepo.subItemsAs('s')} on s.id = c.sub_item_id join ${catalogRepo.itemsAs('i')} on i.id = s.item_id
      join ${identityRepo.departmentsAs('d')} on d.id = i.department_id join ${identityRepo.sitesAs('st')} on st.id = c.site_id
      where ${where}`).then((r) => r[0]);
}
