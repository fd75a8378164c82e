/**
 * 网上申办 (issue 16.3–16.5; ADR 0027): an applicant's application before it is a case — what for (sub-items or a
 * 一件事 bundle, the checklist pinned when the draft started), one slot per merged checklist material with its scans,
 * signed commitment or 容缺 date, and the front desk's pre-review rounds (网上预审): one verdict per slot per round and
 * one fix list (一次性告知) a round. A slot may name the holder's 电子证照 instead (issue 17.4). Accepted, it points at the cases the intake made of it.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { IntakeForm } from '../cases/cases.schemas.js';
import { applicants, legalEntities } from '../applicants/applicants.tables.js';
import { storedFiles } from '../files/files.tables.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

export const onlineApplications = pgTable(
  'online_applications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** 申办流水号, given at the first submission */
    no: text('no'),
    clientKey: text('client_key').notNull(),
    applicantId: integer('applicant_id').notNull().references(() => applicants.id, { onDelete: 'restrict' }),
    /** the legal person it is filed for (the account acts as its representative or agent), else null */
    entityId: integer('entity_id').references(() => legalEntities.id, { onDelete: 'restrict' }),
    siteId: integer('site_id').notNull(),
    bundleId: integer('bundle_id'),
    subItemIds: jsonb('sub_item_ids').$type<number[]>().notNull(),
    /** the intake form of the pinned checklists when the draft started (published versions never change) */
    form: jsonb('form').$type<IntakeForm>().notNull(),
    /** every sub-item is 全程网办: a passed pre-review is accepted online */
    fullOnline: boolean('full_online').notNull(),
    status: text('status').notNull().default('draft'),
    /** the current pre-review round (0 while a draft) */
    round: integer('round').notNull().default(0),
    submittedAt: ts('submitted_at'),
    passedAt: ts('passed_at'),
    acceptedAt: ts('accepted_at'),
    withdrawnAt: ts('withdrawn_at'),
    visitId: bigint('visit_id', { mode: 'number' }),
    caseIds: jsonb('case_ids').$type<number[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('online_applications_no_uq').on(t.no),
    uniqueIndex('online_applications_client_key_uq').on(t.applicantId, t.clientKey),
    index('online_applications_applicant_idx').on(t.applicantId, t.id),
    index('online_applications_site_status_idx').on(t.siteId, t.status),
    check('online_applications_status_ck', sql`${t.status} in ('draft', 'submitted', 'fix_requested', 'resubmitted', 'passed', 'accepted', 'withdrawn')`),
    check('online_applications_no_ck', sql`(${t.status} = 'draft') = (${t.no} is null) or ${t.status} = 'withdrawn'`),
  ],
);

/** One slot per distinct material of the pinned checklists (a shared material once). */
export const onlineSlots = pgTable(
  'online_application_slots',
  {
    applicationId: integer('application_id').notNull().references(() => onlineApplications.id, { onDelete: 'cascade' }),
    materialId: integer('material_id').notNull(),
    mode: text('mode').notNull().default('upload'),
    dueDate: day('due_date'),
    /** 告知承诺: the name the applicant typed and when the SMS code confirmed it */
    signedName: text('signed_name'),
    signedAt: ts('signed_at'),
    /** 电子证照: the holder's license (a version's row in the licenses module) that stands for the material */
    licenseId: bigint('license_id', { mode: 'number' }),
    /** the round in which the applicant last changed the slot (0: in the draft) */
    changedRound: integer('changed_round').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.materialId] }),
    check('online_slots_mode_ck', sql`${t.mode} in ('upload', 'commitment', 'missing', 'not_applicable', 'license')`),
    check('online_slots_license_ck', sql`(${t.mode} = 'license') = (${t.licenseId} is not null)`),
    check('online_slots_signed_ck', sql`(${t.signedAt} is null) = (${t.signedName} is null)`),
  ],
);

/** The scans of a slot. A replaced scan stays, marked with the round it was removed in (the next round shows what changed). */
export const onlineFiles = pgTable(
  'online_application_files',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    applicationId: integer('application_id').notNull().references(() => onlineApplications.id, { onDelete: 'cascade' }),
    materialId: integer('material_id').notNull(),
    sha256: text('sha256').notNull().references(() => storedFiles.sha256, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    addedRound: integer('added_round').notNull(),
    removedRound: integer('removed_round'),
    addedAt: ts('added_at').notNull(),
  },
  (t) => [index('online_files_slot_idx').on(t.applicationId, t.materialId)],
);

/** A pre-review round: submitted (or resubmitted) at, due by, and how the front desk ended it. */
export const onlineRounds = pgTable(
  'online_prereview_rounds',
  {
    applicationId: integer('application_id').notNull().references(() => onlineApplications.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    submittedOn: day('submitted_on').notNull(),
    /** the last working day of the pre-review time limit */
    dueOn: day('due_on').notNull(),
    /** 'fix': the one fix list of the round was sent; 'pass': passed */
    outcome: text('outcome'),
    decidedAt: ts('decided_at'),
    clerkId: integer('clerk_id'),
    clerkName: text('clerk_name'),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.round] }),
    check('online_rounds_outcome_ck', sql`${t.outcome} is null or ${t.outcome} in ('fix', 'pass')`),
    index('online_rounds_open_idx').on(t.dueOn).where(sql`${t.outcome} is null`),
  ],
);

/** The clerk's verdict on a slot in a round: pass, or fix citing what is wrong. */
export const onlineMarks = pgTable(
  'online_prereview_marks',
  {
    applicationId: integer('application_id').notNull(),
    round: integer('round').notNull(),
    materialId: integer('material_id').notNull(),
    verdict: text('verdict').notNull(),
    note: text('note').notNull().default(''),
    clerkId: integer('clerk_id').notNull(),
    clerkName: text('clerk_name').notNull(),
    markedAt: ts('marked_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.round, t.materialId] }),
    check('online_marks_verdict_ck', sql`${t.verdict} in ('pass', 'fix')`),
    check('online_marks_note_ck', sql`${t.verdict} = 'pass' or length(${t.note}) > 0`),
  ],
);
