/**
 * 电子证照 (issue 17; ADR 0028): the license catalogue (证照目录: types, the sub-items that issue, change, renew, reissue
 * or cancel each), the library (one row per version of a license; a license is the chain of its versions, its
 * `lineage_id` the first version's id), each version's signed PDF (a stored file), the uses of a license as a material
 * (用证记录), its history, and the departments' seal keys (SM2, rotated; the old keys still verify what they signed).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { departments, users } from '../identity/identity.tables.js';
import { catalogSubItems } from '../catalog/catalog.tables.js';
import { storedFiles } from '../files/files.tables.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/** A field printed on a license and where its value comes from (a fact of the deciding case). */
export interface LicenseFieldDef {
  key: string;
  label: string;
}

/** 证照类型 (GB/T 36902 证照类型代码 / 证照类型名称 / 颁发机构 / 持证主体类别 / 有效期). */
export const licenseTypes = pgTable(
  'license_types',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** 证照类型代码 */
    code: text('code').notNull(),
    /** 证照类型名称 — also the label a catalog material carries in `license_type` (the materials it can replace) */
    name: text('name').notNull(),
    /** 颁发机构: the department issuing it through the platform (null: issued elsewhere, entered by import) */
    departmentId: integer('department_id').references(() => departments.id, { onDelete: 'restrict' }),
    /** the issuer's name when it is not a department of the centre (公安机关, 民政部门 …) */
    issuerName: text('issuer_name').notNull().default(''),
    /** 持证主体类别: person (公民身份号码) / entity (统一社会信用代码) / both */
    holderKind: text('holder_kind').notNull(),
    /** 有效期: years from the decision day (null: 长期有效) */
    validityYears: integer('validity_years'),
    /** number of a new license: the decision's document number, or the type's own series (prefix + year + sequence) */
    numberSource: text('number_source').notNull().default('document_no'),
    numberPrefix: text('number_prefix').notNull().default(''),
    /** 照面信息: the fields printed on the license */
    fields: jsonb('fields').$type<LicenseFieldDef[]>().notNull(),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    uniqueIndex('license_types_code_uq').on(t.code),
    uniqueIndex('license_types_name_uq').on(t.name),
    check('license_types_holder_ck', sql`${t.holderKind} in ('person', 'entity', 'both')`),
    check('license_types_number_ck', sql`${t.numberSource} in ('document_no', 'series')`),
  ],
);

/** Which sub-items act on a type when their case is approved, and how. */
export const licenseTypeSubItems = pgTable(
  'license_type_sub_items',
  {
    subItemId: integer('sub_item_id').primaryKey().references(() => catalogSubItems.id, { onDelete: 'cascade' }),
    typeId: integer('type_id').notNull().references(() => licenseTypes.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
  },
  (t) => [
    index('license_type_sub_items_type_idx').on(t.typeId),
    check('license_type_sub_items_action_ck', sql`${t.action} in ('issue', 'change', 'renew', 'reissue', 'cancel')`),
  ],
);

/** A department's seal key (电子印章密钥): SM2, the private key sealed with the server's secret (ADR 0028). */
export const sealKeys = pgTable(
  'seal_keys',
  {
    /** key id printed on the license and stored with each signature */
    id: text('id').primaryKey(),
    departmentId: integer('department_id').notNull().references(() => departments.id, { onDelete: 'restrict' }),
    algorithm: text('algorithm').notNull(),
    publicKey: text('public_key').notNull(),
    /** AES-256-GCM of the private key under a key derived from the server secret: iv.tag.ciphertext, base64 */
    sealedPrivateKey: text('sealed_private_key').notNull(),
    createdAt: ts('created_at').notNull(),
    /** retired keys sign nothing more and still verify what they signed */
    retiredAt: ts('retired_at'),
  },
  (t) => [
    uniqueIndex('seal_keys_active_uq').on(t.departmentId).where(sql`${t.retiredAt} is null`),
  ],
);

/** One version of a license (证照). */
export const licenses = pgTable(
  'licenses',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** the first version's id: every version of one license shares it */
    lineageId: bigint('lineage_id', { mode: 'number' }).notNull(),
    version: integer('version').notNull(),
    typeId: integer('type_id').notNull().references(() => licenseTypes.id, { onDelete: 'restrict' }),
    /** 证照编号 */
    licenseNo: text('license_no').notNull(),
    /** 持证主体 */
    holderKind: text('holder_kind').notNull(),
    holderName: text('holder_name').notNull(),
    /** 持证主体代码: 公民身份号码 or 统一社会信用代码 */
    holderIdNo: text('holder_id_no').notNull(),
    /** for the expiry reminder (the deciding case's applicant phone; imports may give one) */
    holderPhone: text('holder_phone'),
    /** 照面信息: label → value, in the type's order */
    fields: jsonb('fields').$type<{ label: string; value: string }[]>().notNull(),
    /** 颁证日期, 有效期起止 */
    issuedOn: day('issued_on').notNull(),
    validFrom: day('valid_from').notNull(),
    validUntil: day('valid_until'),
    /** valid (有效) / changed (已变更: a later version replaced it) / revoked (已注销或撤销) / expired (已过期) */
    status: text('status').notNull(),
    statusReason: text('status_reason').notNull().default(''),
    statusAt: ts('status_at'),
    /** platform (issued from a decision) / import (CSV) / api (integration) */
    source: text('source').notNull(),
    issuerName: text('issuer_name').notNull(),
    departmentId: integer('department_id').references(() => departments.id),
    /** the deciding case and its document number */
    caseId: bigint('case_id', { mode: 'number' }),
    caseNo: text('case_no'),
    documentNo: text('document_no'),
    /** the signed document (platform-issued only) */
    pdfSha256: text('pdf_sha256').references(() => storedFiles.sha256),
    keyId: text('key_id').references(() => sealKeys.id),
    signature: text('signature'),
    /** the code in the QR: the public verification page /verify/{code} */
    verifyCode: text('verify_code').notNull(),
    /** the expiry reminder was sent (supervision scan) */
    remindedAt: ts('reminded_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('licenses_verify_code_uq').on(t.verifyCode),
    uniqueIndex('licenses_lineage_version_uq').on(t.lineageId, t.version),
    // one valid version of a license at a time
    uniqueIndex('licenses_lineage_valid_uq').on(t.lineageId).where(sql`${t.status} = 'valid'`),
    index('licenses_holder_idx').on(t.holderIdNo, t.typeId),
    index('licenses_no_idx').on(t.licenseNo),
    index('licenses_type_idx').on(t.typeId, t.id),
    index('licenses_valid_until_idx').on(t.validUntil).where(sql`${t.status} = 'valid' and ${t.validUntil} is not null`),
    check('licenses_status_ck', sql`${t.status} in ('valid', 'changed', 'revoked', 'expired')`),
    check('licenses_source_ck', sql`${t.source} in ('platform', 'import', 'api')`),
    check('licenses_holder_kind_ck', sql`${t.holderKind} in ('person', 'entity')`),
    check('licenses_signed_ck', sql`${t.source} <> 'platform' or (${t.pdfSha256} is not null and ${t.signature} is not null and ${t.keyId} is not null)`),
  ],
);

/** 用证记录: a license version used in place of a material (which case, which line, who). Append-only. */
export const licenseUses = pgTable(
  'license_uses',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    licenseId: bigint('license_id', { mode: 'number' }).notNull().references(() => licenses.id),
    lineageId: bigint('lineage_id', { mode: 'number' }).notNull(),
    caseId: bigint('case_id', { mode: 'number' }).notNull(),
    caseNo: text('case_no').notNull(),
    lineNo: integer('line_no').notNull(),
    materialName: text('material_name').notNull(),
    channel: text('channel').notNull(),
    usedBy: integer('used_by').references(() => users.id),
    usedByName: text('used_by_name').notNull(),
    siteId: integer('site_id'),
    departmentId: integer('department_id'),
    usedAt: ts('used_at').notNull(),
  },
  (t) => [
    index('license_uses_lineage_idx').on(t.lineageId, t.id),
    index('license_uses_case_idx').on(t.caseId),
  ],
);

/** A license's history (签发、变更、延续、补发、注销、撤销、过期、导入、提醒). Append-only. */
export const licenseEvents = pgTable(
  'license_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    lineageId: bigint('lineage_id', { mode: 'number' }).notNull(),
    licenseId: bigint('license_id', { mode: 'number' }).notNull().references(() => licenses.id),
    at: ts('at').notNull(),
    action: text('action').notNull(),
    actorName: text('actor_name').notNull(),
    caseId: bigint('case_id', { mode: 'number' }),
    note: text('note').notNull().default(''),
  },
  (t) => [index('license_events_lineage_idx').on(t.lineageId, t.id)],
);

/** the sequence of a type's own number series, per year */
export const licenseCounters = pgTable('license_counters', {
  key: text('key').primaryKey(),
  value: integer('value').notNull(),
});
