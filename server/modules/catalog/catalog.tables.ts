import { sql } from 'drizzle-orm';
import {
  boolean, check, date, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { timestamps } from '../../platform/columns.js';
import type { FlowStep } from '../../../common/catalog.js';
import { departments, users } from '../identity/identity.tables.js';
import { storedFiles } from '../files/files.tables.js';


/** 事项 (GB/T 39046 fields). */
export const catalogItems = pgTable(
  'catalog_items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    baseCode: text('base_code').notNull(), // 基本编码
    implCode: text('impl_code').notNull(), // 实施编码
    name: text('name').notNull(),
    departmentId: integer('department_id').notNull().references(() => departments.id, { onDelete: 'restrict' }),
    subjectType: text('subject_type').notNull(),
    category: text('category').notNull(),
    itemType: text('item_type').notNull(),
    level: smallint('level').notNull(),
    legalBasis: text('legal_basis').notNull().default(''),
    conditions: text('conditions').notNull().default(''),
    statutoryLimit: integer('statutory_limit').notNull(),
    statutoryUnit: text('statutory_unit').notNull().default('working'),
    promisedLimit: integer('promised_limit').notNull(),
    promisedUnit: text('promised_unit').notNull().default('working'),
    caseType: text('case_type').notNull(),
    fees: text('fees').notNull().default('不收费'),
    location: text('location').notNull().default(''),
    hours: text('hours').notNull().default(''),
    phones: text('phones').notNull().default(''),
    inspectionNeeded: boolean('inspection_needed').notNull().default(false),
    approvalSteps: smallint('approval_steps').notNull().default(3),
    batch: smallint('batch').notNull().default(1),
    enabledSiteIds: integer('enabled_site_ids').array().notNull().default(sql`'{}'::integer[]`),
    tongbanScope: text('tongban_scope').notNull().default('none'),
    flowSteps: jsonb('flow_steps').$type<FlowStep[]>().notNull().default(sql`'[]'::jsonb`),
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    lifeEvents: text('life_events').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('catalog_items_impl_code_uq').on(t.implCode),
    index('catalog_items_department_idx').on(t.departmentId),
    check('catalog_items_subject_ck', sql`${t.subjectType} in ('citizen', 'legal_person', 'both')`),
    check('catalog_items_category_ck', sql`${t.category} in ('engineering', 'business', 'citizen')`),
    check('catalog_items_level_ck', sql`${t.level} between 1 and 6`),
    check('catalog_items_batch_ck', sql`${t.batch} between 1 and 3`),
    check('catalog_items_steps_ck', sql`${t.approvalSteps} between 1 and 3`),
    check('catalog_items_limits_ck', sql`${t.promisedLimit} >= 0 and ${t.statutoryLimit} >= 0`),
    check('catalog_items_units_ck', sql`${t.statutoryUnit} in ('working', 'natural') and ${t.promisedUnit} in ('working', 'natural')`),
    check('catalog_items_case_type_ck', sql`${t.caseType} in ('instant', 'promised')`),
    check('catalog_items_tongban_ck', sql`${t.tongbanScope} in ('none', 'district', 'city')`),
  ],
);

/** 办理项: what an applicant actually applies for (新办/变更/延续/注销/补证). */
export const catalogSubItems = pgTable(
  'catalog_sub_items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    itemId: integer('item_id').notNull().references(() => catalogItems.id, { onDelete: 'restrict' }),
    code: text('code').notNull(), // 业务办理项编码
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    /** 网上办理: none 窗口办理 / prereview 网上预审后窗口一次办结 / full 全程网办 (issue 16) */
    onlineMode: text('online_mode').notNull().default('none'),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('catalog_sub_items_code_uq').on(t.code),
    check('catalog_sub_items_online_mode_ck', sql`${t.onlineMode} in ('none', 'prereview', 'full')`),
    index('catalog_sub_items_item_idx').on(t.itemId),
    check('catalog_sub_items_kind_ck', sql`${t.kind} in ('new', 'change', 'renew', 'cancel', 'reissue', 'other')`),
  ],
);

/** 材料标准化定义库 */
export const catalogMaterials = pgTable(
  'catalog_materials',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    sampleNote: text('sample_note').notNull().default(''),
    licenseType: text('license_type'), // 可替代的电子证照类型 (filled by the e-license module)
    source: text('source').notNull().default('applicant'), // applicant 申请人提供 / government 政府部门核发
    ...timestamps,
  },
  (t) => [uniqueIndex('catalog_materials_code_uq').on(t.code), uniqueIndex('catalog_materials_name_uq').on(t.name)],
);

/** A checklist version of a sub-item (受理清单版本). Published versions are immutable (triggers). */
export const checklistVersions = pgTable(
  'checklist_versions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    subItemId: integer('sub_item_id').notNull().references(() => catalogSubItems.id, { onDelete: 'restrict' }),
    versionNo: integer('version_no').notNull(),
    status: text('status').notNull().default('draft'),
    basedOnId: integer('based_on_id'),
    note: text('note').notNull().default(''),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    submittedBy: integer('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'date' }),
    reviewComment: text('review_comment'),
    effectiveFrom: date('effective_from', { mode: 'string' }),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('checklist_versions_no_uq').on(t.subItemId, t.versionNo),
    // one open draft (draft/submitted/returned) per sub-item at a time
    uniqueIndex('checklist_versions_open_uq').on(t.subItemId).where(sql`${t.status} in ('draft', 'submitted', 'returned')`),
    index('checklist_versions_published_idx').on(t.subItemId, t.effectiveFrom).where(sql`${t.status} = 'published'`),
    check('checklist_versions_status_ck', sql`${t.status} in ('draft', 'submitted', 'returned', 'published')`),
    check('checklist_versions_published_ck', sql`${t.status} <> 'published' or (${t.effectiveFrom} is not null and ${t.publishedAt} is not null)`),
  ],
);

/** One material line of a checklist version. */
export const checklistLines = pgTable(
  'checklist_lines',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    versionId: integer('version_id').notNull().references(() => checklistVersions.id, { onDelete: 'restrict' }),
    lineNo: integer('line_no').notNull(),
    materialId: integer('material_id').notNull().references(() => catalogMaterials.id, { onDelete: 'restrict' }),
    form: text('form').notNull(),
    copies: integer('copies').notNull().default(1),
    required: boolean('required').notNull().default(true),
    allowMissing: boolean('allow_missing').notNull().default(false), // 容缺
    allowCommitment: boolean('allow_commitment').notNull().default(false), // 告知承诺
    condition: text('condition').notNull().default(''),
    reviewPoints: text('review_points').notNull().default(''), // 审核要点
  },
  (t) => [
    uniqueIndex('checklist_lines_no_uq').on(t.versionId, t.lineNo),
    uniqueIndex('checklist_lines_material_uq').on(t.versionId, t.materialId),
    check('checklist_lines_form_ck', sql`${t.form} in ('original', 'copy', 'original_and_copy', 'electronic')`),
    check('checklist_lines_copies_ck', sql`${t.copies} between 0 and 99`),
  ],
);

/** 一件事 (bundle) or 链条式 chain of sub-items. */
export const catalogBundles = pgTable(
  'catalog_bundles',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    lifeEvent: text('life_event').notNull().default(''),
    kind: text('kind').notNull().default('bundle'),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex('catalog_bundles_code_uq').on(t.code), check('catalog_bundles_kind_ck', sql`${t.kind} in ('bundle', 'chain')`)],
);

export const catalogBundleItems = pgTable(
  'catalog_bundle_items',
  {
    bundleId: integer('bundle_id').notNull().references(() => catalogBundles.id, { onDelete: 'cascade' }),
    subItemId: integer('sub_item_id').notNull().references(() => catalogSubItems.id, { onDelete: 'restrict' }),
    seq: integer('seq').notNull(),
  },
  (t) => [uniqueIndex('catalog_bundle_items_pk').on(t.bundleId, t.subItemId), index('catalog_bundle_items_sub_idx').on(t.subItemId)],
);

/** Form templates, filled samples and material samples; their bytes are stored files (files module), by hash. */
export const catalogFiles = pgTable(
  'catalog_files',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ownerType: text('owner_type').notNull(), // 'item' | 'material'
    ownerId: integer('owner_id').notNull(),
    kind: text('kind').notNull(), // 'form_template' | 'filled_sample' | 'material_sample'
    title: text('title').notNull(),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    /** The stored file (stored_files.sha256); null only for an upload from before migration 0020 not yet moved off the disk. */
    contentSha256: text('content_sha256').references(() => storedFiles.sha256, { onDelete: 'restrict' }),
    /** Where an upload from before migration 0020 lay under DATA_DIR/files; null once (or since) it is a stored file. */
    storageKey: text('storage_key'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('catalog_files_owner_idx').on(t.ownerType, t.ownerId), check('catalog_files_kind_ck', sql`${t.kind} in ('form_template', 'filled_sample', 'material_sample')`),
    check('catalog_files_content_ck', sql`${t.contentSha256} is not null or ${t.storageKey} is not null`)],
);
