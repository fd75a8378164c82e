/**
 * Case tables (办件). Designed for ~20 million cases: the hot lists (department inbox, front-desk
 * worklists, delivery) read partial indexes over open cases only; search reads by case number,
 * applicant ID and (department|site, received day). Lights are derived in SQL from maintained
 * deadline columns (promised_due, paused_on) — see cases.clock.ts; the light is computed when read (ADR 0022).
 */
import { sql } from 'drizzle-orm';
import {
  bigint, boolean, check, date, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { DEPARTMENT_STATUSES, OPEN_STATUSES } from '../../../common/cases.js';
import { departments, sites, users, windows } from '../identity/identity.tables.js';
import { catalogBundles, catalogItems, catalogMaterials, catalogSubItems, checklistVersions } from '../catalog/catalog.tables.js';
import { storedFiles } from '../files/files.tables.js';
import { statusIn } from './case-status.sql.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/** One visit to the window (一次收件): one applicant, one or more linked cases, one client key. */
export const caseVisits = pgTable(
  'case_visits',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    clientKey: text('client_key').notNull(),
    siteId: integer('site_id').notNull().references(() => sites.id),
    windowId: integer('window_id').references(() => windows.id),
    clerkId: integer('clerk_id').references(() => users.id),
    bundleId: integer('bundle_id').references(() => catalogBundles.id),
    /** the queue ticket served at this visit (取号 → 受理) */
    ticketId: bigint('ticket_id', { mode: 'number' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('case_visits_client_key_uq').on(t.clientKey), index('case_visits_ticket_idx').on(t.ticketId).where(sql`${t.ticketId} is not null`)],
);

export const cases = pgTable(
  'cases',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseNo: text('case_no').notNull(),
    visitId: bigint('visit_id', { mode: 'number' }).notNull().references(() => caseVisits.id),
    subItemId: integer('sub_item_id').notNull().references(() => catalogSubItems.id),
    itemId: integer('item_id').notNull().references(() => catalogItems.id),
    departmentId: integer('department_id').notNull().references(() => departments.id),
    siteId: integer('site_id').notNull().references(() => sites.id),
    checklistVersionId: integer('checklist_version_id').notNull().references(() => checklistVersions.id),
    channel: text('channel').notNull(),
    applicantType: text('applicant_type').notNull(),
    applicantName: text('applicant_name').notNull(),
    applicantIdNo: text('applicant_id_no').notNull(),
    applicantPhone: text('applicant_phone').notNull(),
    agentName: text('agent_name'),
    agentIdNo: text('agent_id_no'),
    agentPhone: text('agent_phone'),
    status: text('status').notNull(),
    version: integer('version').notNull().default(1), // optimistic check for concurrent actions
    step: smallint('step').notNull().default(1),
    approvalSteps: smallint('approval_steps').notNull(),
    caseType: text('case_type').notNull(),
    promisedLimit: integer('promised_limit').notNull(),
    promisedUnit: text('promised_unit').notNull(),
    statutoryLimit: integer('statutory_limit').notNull(),
    statutoryUnit: text('statutory_unit').notNull(),
    withMissing: boolean('with_missing').notNull().default(false), // 容缺受理
    receivedAt: ts('received_at').notNull().defaultNow(),
    receivedOn: day('received_on').notNull(),
    acceptedAt: ts('accepted_at'),
    acceptedOn: day('accepted_on'),
    promisedDue: day('promised_due'),
    statutoryDue: day('statutory_due'),
    // 暂定 (a deadline resting on a year whose holiday arrangement is not confirmed) is not stored: it is
    // the calendar's answer for the days from accepted_on to the deadline, when read (ADR 0015, ADR 0024)
    pausedOn: day('paused_on'), // special procedure running since (clock stopped)
    pausedDays: integer('paused_days').notNull().default(0),
    extensionStatus: text('extension_status'),
    extensionReason: text('extension_reason'),
    extensionRequestedBy: integer('extension_requested_by').references(() => users.id),
    extensionDecidedBy: integer('extension_decided_by').references(() => users.id),
    handoverId: bigint('handover_id', { mode: 'number' }),
    decision: text('decision'),
    decisionReason: text('decision_reason').notNull().default(''),
    documentNo: text('document_no'),
    decidedAt: ts('decided_at'),
    decidedOn: day('decided_on'),
    resultRegisteredAt: ts('result_registered_at'),
    deliveryMethod: text('delivery_method'),
    trackingNo: text('tracking_no'),
    closedAt: ts('closed_at'),
    closedOn: day('closed_on'),
    returnedLines: jsonb('returned_lines').$type<{ lineNo: number; note: string }[]>(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // text_pattern_ops: case-number prefix search (LIKE 'QZX20261122%') uses it under any collation
    uniqueIndex('cases_case_no_uq').on(t.caseNo.op('text_pattern_ops')),
    // centre-wide search, newest first (supervisors, discipline inspectors)
    index('cases_received_idx').on(t.receivedOn, t.id),
    index('cases_visit_idx').on(t.visitId),
    index('cases_applicant_idx').on(t.applicantIdNo),
    index('cases_department_received_idx').on(t.departmentId, t.receivedOn, t.id),
    index('cases_site_received_idx').on(t.siteId, t.receivedOn, t.id),
    // 部门待办：only the cases a department holds, by deadline
    index('cases_department_open_idx').on(t.departmentId, t.promisedDue, t.id)
      .where(statusIn(t.status, DEPARTMENT_STATUSES)),
    // light filters (lightFilterSql) over open cases, centre-wide and per department; migration 0012
    // recreates both with INCLUDE (the columns a light is computed from; 0016 after yellow_from went), which drizzle cannot declare
    index('cases_open_received_idx').on(t.receivedOn, t.id)
      .where(statusIn(t.status, OPEN_STATUSES)),
    index('cases_department_open_received_idx').on(t.departmentId, t.receivedOn, t.id)
      .where(statusIn(t.status, OPEN_STATUSES)),
    // 监察：the open cases by deadline (overdue scan, red and yellow counts) and per site (hall light board)
    index('cases_open_due_idx').on(t.promisedDue, t.id)
      .where(statusIn(t.status, OPEN_STATUSES)),
    index('cases_site_open_due_idx').on(t.siteId, t.promisedDue, t.id)
      .where(statusIn(t.status, OPEN_STATUSES)),
    // metrics rollup by decision day
    index('cases_decided_idx').on(t.decidedOn).where(sql`${t.decidedOn} is not null`),
    // 前台/出件工作清单：cases waiting at a site's windows
    index('cases_site_desk_idx').on(t.siteId, t.status, t.id)
      .where(sql`${t.status} in ('correction', 'accepted', 'returned', 'approved', 'denied', 'ready')`),
    check('cases_status_ck', sql`${t.status} in ('correction', 'refused', 'accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned', 'approved', 'denied', 'ready', 'closed', 'withdrawn')`),
    check('cases_channel_ck', sql`${t.channel} in ('window', 'online', 'mail')`),
    check('cases_applicant_type_ck', sql`${t.applicantType} in ('person', 'entity')`),
    check('cases_step_ck', sql`${t.step} between 1 and ${t.approvalSteps} and ${t.approvalSteps} between 1 and 3`),
    check('cases_decision_ck', sql`${t.decision} is null or ${t.decision} in ('approved', 'denied')`),
    check('cases_extension_ck', sql`${t.extensionStatus} is null or ${t.extensionStatus} in ('requested', 'approved', 'rejected')`),
    check('cases_delivery_ck', sql`${t.deliveryMethod} is null or ${t.deliveryMethod} in ('collected', 'mailed')`),
  ],
);

/** Each line of the pinned checklist and how it was handled (收件材料). */
export const caseMaterials = pgTable(
  'case_materials',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: bigint('case_id', { mode: 'number' }).notNull().references(() => cases.id),
    lineNo: integer('line_no').notNull(),
    materialId: integer('material_id').notNull().references(() => catalogMaterials.id),
    status: text('status').notNull(),
    form: text('form'),
    copies: integer('copies').notNull().default(0),
    dueDate: day('due_date'),
    sharedCaseId: bigint('shared_case_id', { mode: 'number' }),
    /** 电子证照: the license version that satisfied the line (licenses module; no paper taken) */
    licenseId: bigint('license_id', { mode: 'number' }),
    licenseVersion: integer('license_version'),
  },
  (t) => [
    uniqueIndex('case_materials_line_uq').on(t.caseId, t.lineNo),
    check('case_materials_status_ck', sql`${t.status} in ('received', 'commitment', 'missing', 'absent', 'not_applicable', 'shared', 'license')`),
    check('case_materials_license_ck', sql`(${t.status} = 'license') = (${t.licenseId} is not null)`),
  ],
);

/**
 * The files of a case's materials (issue 16.6): scans made at the window and uploads made online, each a stored file
 * (files module, by its SHA-256). A material several cases of a visit share is held by one case (case_materials.
 * shared_case_id); its files are that case's rows, which the sharing cases show. Append-only.
 */
export const caseMaterialFiles = pgTable(
  'case_material_files',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: bigint('case_id', { mode: 'number' }).notNull().references(() => cases.id),
    lineNo: integer('line_no').notNull(),
    materialId: integer('material_id').notNull().references(() => catalogMaterials.id),
    sha256: text('sha256').notNull().references(() => storedFiles.sha256),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    source: text('source').notNull(),
    addedBy: integer('added_by').references(() => users.id),
    addedAt: ts('added_at').notNull().defaultNow(),
  },
  (t) => [
    index('case_material_files_case_idx').on(t.caseId, t.materialId),
    check('case_material_files_source_ck', sql`${t.source} in ('window', 'online')`),
  ],
);

/** The case's own history (办理过程): every transition with who, when, where and why. Append-only. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: bigint('case_id', { mode: 'number' }).notNull().references(() => cases.id),
    at: ts('at').notNull().defaultNow(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    nodeCode: smallint('node_code'),
    actorId: integer('actor_id'),
    actorName: text('actor_name').notNull(),
    siteId: integer('site_id'),
    note: text('note').notNull().default(''),
    /** shown on the public progress page (masked wording, no staff names) */
    public: boolean('public').notNull().default(true),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.id)],
);

/** Numbered written vouchers: 受理回执, 补正告知书, 不予受理通知书. */
export const caseNotices = pgTable(
  'case_notices',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: bigint('case_id', { mode: 'number' }).notNull().references(() => cases.id),
    kind: text('kind').notNull(),
    noticeNo: text('notice_no').notNull(),
    issuedAt: ts('issued_at').notNull().defaultNow(),
    issuedBy: text('issued_by').notNull(),
    defects: jsonb('defects').$type<{ lineNo: number; materialName: string; note: string }[]>().notNull().default(sql`'[]'::jsonb`),
    reasons: text('reasons').notNull().default(''),
    redirect: text('redirect').notNull().default(''),
  },
  (t) => [
    index('case_notices_case_idx').on(t.caseId),
    uniqueIndex('case_notices_no_uq').on(t.noticeNo),
    check('case_notices_kind_ck', sql`${t.kind} in ('receipt', 'correction', 'refusal')`),
  ],
);

/** 移交/签收：a batch of paper files from a site's front desk to one department. */
export const caseHandovers = pgTable(
  'case_handovers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    batchNo: text('batch_no').notNull(),
    clientKey: text('client_key').notNull(),
    siteId: integer('site_id').notNull().references(() => sites.id),
    departmentId: integer('department_id').notNull().references(() => departments.id),
    status: text('status').notNull().default('sent'),
    caseCount: integer('case_count').notNull(),
    materialCount: integer('material_count').notNull(),
    receivedCount: integer('received_count'),
    sentBy: integer('sent_by').notNull().references(() => users.id),
    sentAt: ts('sent_at').notNull().defaultNow(),
    signedBy: integer('signed_by').references(() => users.id),
    signedAt: ts('signed_at'),
    discrepancy: text('discrepancy').notNull().default(''),
  },
  (t) => [
    uniqueIndex('case_handovers_batch_no_uq').on(t.batchNo),
    uniqueIndex('case_handovers_client_key_uq').on(t.clientKey),
    index('case_handovers_department_idx').on(t.departmentId, t.status, t.id),
    index('case_handovers_site_idx').on(t.siteId, t.status, t.id),
    check('case_handovers_status_ck', sql`${t.status} in ('sent', 'signed')`),
  ],
);

export const caseHandoverItems = pgTable(
  'case_handover_items',
  {
    handoverId: bigint('handover_id', { mode: 'number' }).notNull().references(() => caseHandovers.id),
    caseId: bigint('case_id', { mode: 'number' }).notNull().references(() => cases.id),
    materialCount: integer('material_count').notNull(),
    receivedCount: integer('received_count'),
  },
  (t) => [uniqueIndex('case_handover_items_pk').on(t.handoverId, t.caseId), index('case_handover_items_case_idx').on(t.caseId)],
);

/** 现场勘查 assigned to an inspector of the department. */
export const caseInspections = pgTable(
  'case_inspections',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: bigint('case_id', { mode: 'number' }).notNull().references(() => cases.id),
    inspectorId: integer('inspector_id').notNull().references(() => users.id),
    assignedBy: integer('assigned_by').notNull().references(() => users.id),
    assignedAt: ts('assigned_at').notNull().defaultNow(),
    note: text('note').notNull().default(''),
    result: text('result'),
    passed: boolean('passed'),
    doneAt: ts('done_at'),
  },
  (t) => [
    index('case_inspections_case_idx').on(t.caseId),
    index('case_inspections_open_idx').on(t.inspectorId).where(sql`${t.doneAt} is null`),
  ],
);

/** 特别程序 (行政许可法 §45): the clock stops from start to end. */
export const caseSpecialProcedures = pgTable(
  'case_special_procedures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: bigint('case_id', { mode: 'number' }).notNull().references(() => cases.id),
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    expectedDays: integer('expected_days').notNull(),
    startOn: day('start_on').notNull(),
    endOn: day('end_on'),
    pausedDays: integer('paused_days'),
    result: text('result'),
    startedBy: integer('started_by').notNull().references(() => users.id),
    endedBy: integer('ended_by').references(() => users.id),
  },
  (t) => [
    index('case_special_case_idx').on(t.caseId),
    check('case_special_kind_ck', sql`${t.kind} in ('hearing', 'testing', 'appraisal', 'expert_review', 'tendering', 'other')`),
  ],
);

/** Case-number and voucher-number counters, one row per rendered prefix (e.g. site + day). */
export const caseCounters = pgTable('case_counters', {
  key: text('key').primaryKey(),
  seq: integer('seq').notNull(),
});
