/**
 * Supervision tables (电子监察): document-number series and what the platform has seen of them,
 * alerts with their history, light rules, and the rollups the dashboards read.
 *
 * Alerts and their events are never deleted (trigger in the migration). The rollups are derived:
 * `case_stats_daily` is rebuilt per day from `cases` (one GROUPING SETS scan per day), and
 * `case_stats_monthly` from the daily rows, so dashboards read a few hundred rows at any scale.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { departments, sites, users } from '../identity/identity.tables.js';
import { catalogItems } from '../catalog/catalog.tables.js';
import { storedFiles } from '../files/files.tables.js';
import { cases } from '../cases/cases.tables.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/** 文号序列: one department's numbering pattern, e.g. 示市监食许〔{year}〕{seq:4}. */
export const docnoSeries = pgTable(
  'docno_series',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    departmentId: integer('department_id').notNull().references(() => departments.id),
    name: text('name').notNull(),
    pattern: text('pattern').notNull(),
    /** numbers below start_seq in start_year were issued before the platform watched the series */
    startYear: integer('start_year').notNull(),
    startSeq: integer('start_seq').notNull().default(1),
    allowDuplicates: boolean('allow_duplicates').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('docno_series_pattern_uq').on(t.pattern), index('docno_series_department_idx').on(t.departmentId)],
);

/** The highest sequence seen per series and year; its row lock orders registrations in a series. */
export const docnoYears = pgTable(
  'docno_years',
  {
    seriesId: integer('series_id').notNull().references(() => docnoSeries.id),
    year: integer('year').notNull(),
    highest: integer('highest').notNull(),
    registered: integer('registered').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.year] })],
);

/** Every document number registered on the platform (by a case decision or off-platform). */
export const docnoNumbers = pgTable(
  'docno_numbers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    seriesId: integer('series_id').notNull().references(() => docnoSeries.id),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    documentNo: text('document_no').notNull(),
    caseId: bigint('case_id', { mode: 'number' }).references(() => cases.id),
    source: text('source').notNull(),
    /** why the number was flagged (below the highest but never missing, reused after voiding, …) */
    flag: text('flag'),
    duplicate: boolean('duplicate').notNull().default(false),
    subject: text('subject').notNull().default(''),
    registeredBy: integer('registered_by').references(() => users.id),
    registeredAt: ts('registered_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('docno_numbers_seq_uq').on(t.seriesId, t.year, t.seq).where(sql`not ${t.duplicate}`),
    index('docno_numbers_case_idx').on(t.caseId),
    check('docno_numbers_source_ck', sql`${t.source} in ('case', 'off_platform')`),
  ],
);

/** A number the series skipped (缺号): missing until it is registered (filled) or explained. */
export const docnoGaps = pgTable(
  'docno_gaps',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    seriesId: integer('series_id').notNull().references(() => docnoSeries.id),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    documentNo: text('document_no').notNull(),
    alertId: bigint('alert_id', { mode: 'number' }).notNull(),
    status: text('status').notNull().default('missing'),
    explanationKind: text('explanation_kind'),
    reason: text('reason').notNull().default(''),
    /** where an attachment from before migration 0020 lay under DATA_DIR/files, until it is moved into stored files */
    attachmentKey: text('attachment_key'),
    /** the attachment (stored_files.sha256) */
    attachmentSha256: text('attachment_sha256').references(() => storedFiles.sha256, { onDelete: 'restrict' }),
    attachmentName: text('attachment_name'),
    attachmentMime: text('attachment_mime'),
    resolvedBy: integer('resolved_by').references(() => users.id),
    resolvedAt: ts('resolved_at'),
    filledByNumberId: bigint('filled_by_number_id', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('docno_gaps_seq_uq').on(t.seriesId, t.year, t.seq),
    index('docno_gaps_alert_idx').on(t.alertId),
    check('docno_gaps_status_ck', sql`${t.status} in ('missing', 'filled', 'explained')`),
    check('docno_gaps_kind_ck', sql`${t.explanationKind} is null or ${t.explanationKind} in ('voided', 'reserved', 'exception')`),
  ],
);

/** 预警: one finding for the supervisors, with a lifecycle; never deleted. */
export const supervisionAlerts = pgTable(
  'supervision_alerts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    severity: text('severity').notNull(),
    status: text('status').notNull().default('open'),
    /** one live alert per key (e.g. overdue:case:42); null for alerts that may repeat */
    dedupeKey: text('dedupe_key'),
    title: text('title').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    departmentId: integer('department_id').references(() => departments.id),
    siteId: integer('site_id').references(() => sites.id),
    caseId: bigint('case_id', { mode: 'number' }).references(() => cases.id),
    seriesId: integer('series_id').references(() => docnoSeries.id),
    openedAt: ts('opened_at').notNull().defaultNow(),
    openedOn: day('opened_on').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    conclusion: text('conclusion'),
    finding: text('finding').notNull().default(''),
    closedBy: integer('closed_by').references(() => users.id),
    closedAt: ts('closed_at'),
  },
  (t) => [
    uniqueIndex('supervision_alerts_dedupe_uq').on(t.dedupeKey),
    index('supervision_alerts_status_idx').on(t.status, t.id),
    index('supervision_alerts_department_idx').on(t.departmentId, t.id),
    index('supervision_alerts_case_idx').on(t.caseId),
    check('supervision_alerts_status_ck', sql`${t.status} in ('open', 'investigating', 'closed')`),
    check('supervision_alerts_severity_ck', sql`${t.severity} in ('info', 'warning', 'serious')`),
    check('supervision_alerts_conclusion_ck', sql`${t.conclusion} is null or ${t.conclusion} in ('explained', 'violation', 'false_alarm', 'resolved')`),
  ],
);

/** What happened to an alert (opened, updated by the system, investigated, commented, closed). Append-only. */
export const alertEvents = pgTable(
  'alert_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    alertId: bigint('alert_id', { mode: 'number' }).notNull().references(() => supervisionAlerts.id),
    at: ts('at').notNull().defaultNow(),
    action: text('action').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name').notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [index('alert_events_alert_idx').on(t.alertId, t.id)],
);

/** 亮灯规则: the centre's default (item_id null) and per-item overrides. */
export const lightRules = pgTable(
  'light_rules',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    itemId: integer('item_id').references(() => catalogItems.id),
    yellowPercent: smallint('yellow_percent').notNull().default(20),
    yellowMinDays: smallint('yellow_min_days').notNull().default(1),
    /** 督办 when a red case has no step for this many working days */
    escalateAfterDays: smallint('escalate_after_days').notNull().default(2),
    /** per-step limits in working days: handover (accepted → handed over), sign, each approval step */
    handoverDays: smallint('handover_days').notNull().default(1),
    signDays: smallint('sign_days').notNull().default(1),
    stepDays: smallint('step_days').notNull().default(5),
    updatedBy: integer('updated_by').references(() => users.id),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('light_rules_item_uq').on(sql`coalesce(${t.itemId}, 0)`),
    check('light_rules_ck', sql`${t.yellowPercent} between 0 and 100 and ${t.yellowMinDays} >= 0 and ${t.escalateAfterDays} >= 0 and ${t.handoverDays} >= 0 and ${t.signDays} >= 0 and ${t.stepDays} >= 0`),
  ],
);

/**
 * Per-day rollup, one row per (day, dimension, member): dim is 'all', 'department', 'item', 'site',
 * 'window' or 'clerk'. Received counts are by received day; decision counts by decision day.
 */
const statColumns = {
  received: integer('received').notNull().default(0),
  accepted: integer('accepted').notNull().default(0),
  refused: integer('refused').notNull().default(0),
  decided: integer('decided').notNull().default(0),
  onTime: integer('on_time').notNull().default(0),
  early: integer('early').notNull().default(0),
  late: integer('late').notNull().default(0),
  handlingDays: bigint('handling_days', { mode: 'number' }).notNull().default(0),
  handled: integer('handled').notNull().default(0),
  rated: integer('rated').notNull().default(0),
  satisfied: integer('satisfied').notNull().default(0),
  bad: integer('bad').notNull().default(0),
};

export const caseStatsDaily = pgTable(
  'case_stats_daily',
  { day: day('day').notNull(), dim: text('dim').notNull(), member: integer('member').notNull(), ...statColumns },
  (t) => [primaryKey({ columns: [t.dim, t.member, t.day] }), index('case_stats_daily_day_idx').on(t.day, t.dim)],
);

export const caseStatsMonthly = pgTable(
  'case_stats_monthly',
  { month: day('month').notNull(), dim: text('dim').notNull(), member: integer('member').notNull(), ...statColumns },
  (t) => [primaryKey({ columns: [t.dim, t.member, t.month] }), index('case_stats_monthly_month_idx').on(t.month, t.dim)],
);

/** Open cases by light, per department and site, as of the last supervision scan (centre-wide screens). */
export const openLightCounts = pgTable(
  'open_light_counts',
  {
    departmentId: integer('department_id').notNull(),
    siteId: integer('site_id').notNull(),
    green: integer('green').notNull(),
    yellow: integer('yellow').notNull(),
    red: integer('red').notNull(),
    paused: integer('paused').notNull(),
    asOf: ts('as_of').notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentId, t.siteId] })],
);

// supervision_alert_counts (department, status → n) is created in SQL by migration 0010, kept by triggers.
// case_stats_running (month, dim, member, the 12 counts: running totals of case_stats_monthly per member
// through that month) is created in SQL by migration 0011 and kept by MetricsService.rebuild.

/** Which days of the daily rollup are final (rebuilt after the day ended). */
export const statsRollupState = pgTable('stats_rollup_state', {
  id: smallint('id').primaryKey(),
  finalThrough: day('final_through'),
  lastRunAt: ts('last_run_at'),
  /** The last month whose running totals (case_stats_running) are written. */
  runningThrough: day('running_through'),
  /** The day of the last rollup that rebuilt the last 7 days (the first of each day); later ones rebuild today and yesterday. */
  wideOn: day('wide_on'),
});
