/**
 * 好差评 tables. An invitation exists for every ratable service (a window visit at acceptance, a
 * case at completion for 承诺件); it carries who served and where, and a token for the SMS link, the
 * window device and the progress page. One rating per invitation (一次一评 / 一事一评); nobody rating
 * within the configured days gets the default level. A 差评 (levels 4 and 5) opens a rectification.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { departments, sites, users, windows } from '../identity/identity.tables.js';
import { cases, caseVisits } from '../cases/cases.tables.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

export const ratingInvitations = pgTable(
  'rating_invitations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    token: text('token').notNull(),
    /** 'acceptance' (the window visit) or 'completion' (the matter, 承诺件) */
    stage: text('stage').notNull(),
    visitId: bigint('visit_id', { mode: 'number' }).references(() => caseVisits.id),
    caseId: bigint('case_id', { mode: 'number' }).references(() => cases.id),
    siteId: integer('site_id').notNull().references(() => sites.id),
    windowId: integer('window_id').references(() => windows.id),
    clerkId: integer('clerk_id').references(() => users.id),
    departmentId: integer('department_id').references(() => departments.id),
    /** what was served, in the rater's words (item names) */
    subject: text('subject').notNull(),
    /** real-name rater (the applicant or agent), kept on the server; never shown to the rated staff */
    raterName: text('rater_name').notNull(),
    raterIdNo: text('rater_id_no').notNull(),
    raterPhone: text('rater_phone').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    ratedAt: ts('rated_at'),
  },
  (t) => [
    uniqueIndex('rating_invitations_token_uq').on(t.token),
    uniqueIndex('rating_invitations_visit_uq').on(t.visitId, t.stage).where(sql`${t.visitId} is not null`),
    uniqueIndex('rating_invitations_case_uq').on(t.caseId, t.stage).where(sql`${t.caseId} is not null`),
    index('rating_invitations_window_idx').on(t.windowId, t.id).where(sql`${t.ratedAt} is null`),
    index('rating_invitations_pending_idx').on(t.createdAt).where(sql`${t.ratedAt} is null`),
    check('rating_invitations_stage_ck', sql`${t.stage} in ('acceptance', 'completion')`),
  ],
);

export const ratings = pgTable(
  'ratings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    invitationId: bigint('invitation_id', { mode: 'number' }).notNull().references(() => ratingInvitations.id),
    /** 1 非常满意 … 5 非常不满意 (DOMAIN.md code list) */
    level: smallint('level').notNull(),
    channel: text('channel').notNull(),
    reasons: text('reasons').array().notNull().default(sql`'{}'::text[]`),
    comment: text('comment').notNull().default(''),
    ratedAt: ts('rated_at').notNull().defaultNow(),
    ratedOn: day('rated_on').notNull(),
    /** an upheld appeal takes the rating out of the satisfaction figures */
    excluded: boolean('excluded').notNull().default(false),
  },
  (t) => [
    uniqueIndex('ratings_invitation_uq').on(t.invitationId),
    index('ratings_rated_on_idx').on(t.ratedOn),
    check('ratings_level_ck', sql`${t.level} between 1 and 5`),
    check('ratings_channel_ck', sql`${t.channel} in ('device', 'sms', 'portal', 'default')`),
  ],
);

/** 差评整改: verify → rectify → reply → revisit → closed (or appealed → upheld/rejected). */
export const rectifications = pgTable(
  'rectifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ratingId: bigint('rating_id', { mode: 'number' }).notNull().references(() => ratings.id),
    status: text('status').notNull().default('verifying'),
    siteId: integer('site_id').notNull().references(() => sites.id),
    departmentId: integer('department_id').references(() => departments.id),
    clerkId: integer('clerk_id').references(() => users.id),
    openedOn: day('opened_on').notNull(),
    dueOn: day('due_on').notNull(),
    yellowFrom: day('yellow_from').notNull(),
    verifyNote: text('verify_note').notNull().default(''),
    rectifyNote: text('rectify_note').notNull().default(''),
    replyNote: text('reply_note').notNull().default(''),
    revisitNote: text('revisit_note').notNull().default(''),
    revisitSatisfied: boolean('revisit_satisfied'),
    appealReason: text('appeal_reason').notNull().default(''),
    appealDecision: text('appeal_decision'),
    appealNote: text('appeal_note').notNull().default(''),
    closedOn: day('closed_on'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('rectifications_rating_uq').on(t.ratingId),
    index('rectifications_status_idx').on(t.status, t.dueOn),
    check('rectifications_status_ck', sql`${t.status} in ('verifying', 'rectifying', 'replied', 'appealing', 'closed')`),
    check('rectifications_appeal_ck', sql`${t.appealDecision} is null or ${t.appealDecision} in ('upheld', 'rejected')`),
  ],
);

export const rectificationEvents = pgTable(
  'rectification_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    rectificationId: bigint('rectification_id', { mode: 'number' }).notNull().references(() => rectifications.id),
    at: ts('at').notNull().defaultNow(),
    action: text('action').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name').notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [index('rectification_events_idx').on(t.rectificationId, t.id)],
);
