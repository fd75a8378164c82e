/**
 * Applicant accounts (公众用户, issue 16.1): a person signs in with a mobile number and an SMS code, or through the
 * province's unified identity service (OpenID Connect), and completes real-name details; a legal person (法人) is an
 * entity with its legal representative and the agents it authorises. Sessions are the portal's own, apart from
 * staff sessions (auth module).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const applicants = pgTable(
  'applicants',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** 11-digit mainland mobile number: the account's login name */
    phone: text('phone').notNull(),
    realName: text('real_name'),
    /** 居民身份证号码, validated (check digit, birth date) */
    idNumber: text('id_number'),
    /** when the real name was completed; by whom: 'self' (declared, validated) or 'oidc' (the unified identity service) */
    verifiedAt: timestamp('verified_at', { withTimezone: true, mode: 'date' }),
    verifiedBy: text('verified_by'),
    oidcIssuer: text('oidc_issuer'),
    oidcSubject: text('oidc_subject'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('applicants_phone_uq').on(t.phone),
    uniqueIndex('applicants_id_number_uq').on(t.idNumber),
    uniqueIndex('applicants_oidc_uq').on(t.oidcIssuer, t.oidcSubject),
    check('applicants_verified_ck', sql`(${t.verifiedAt} is null) = (${t.verifiedBy} is null) and (${t.verifiedAt} is null or (${t.realName} is not null and ${t.idNumber} is not null))`),
    check('applicants_verified_by_ck', sql`${t.verifiedBy} in ('self', 'oidc')`),
  ],
);

/** One-time SMS codes (login; signing a commitment). Only an HMAC of the code is kept. */
export const applicantCodes = pgTable(
  'applicant_codes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    phone: text('phone').notNull(),
    purpose: text('purpose').notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: smallint('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    ip: text('ip'),
  },
  (t) => [index('applicant_codes_phone_idx').on(t.phone, t.purpose, t.createdAt), check('applicant_codes_purpose_ck', sql`${t.purpose} in ('login', 'sign')`)],
);

/** Portal sessions. `id` is an HMAC of the cookie token (a database leak yields no usable cookie). */
export const applicantSessions = pgTable(
  'applicant_sessions',
  {
    id: text('id').primaryKey(),
    applicantId: integer('applicant_id').notNull().references(() => applicants.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('applicant_sessions_applicant_idx').on(t.applicantId), index('applicant_sessions_expires_idx').on(t.expiresAt)],
);

/** 法人: an entity by its 统一社会信用代码, registered by its legal representative. */
export const legalEntities = pgTable(
  'legal_entities',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    uscc: text('uscc').notNull(),
    name: text('name').notNull(),
    legalRepName: text('legal_rep_name').notNull(),
    createdBy: integer('created_by').notNull().references(() => applicants.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('legal_entities_uscc_uq').on(t.uscc)],
);

/** Who acts for an entity: its legal representative, and the agents (经办人) the representative authorised. */
export const entityMembers = pgTable(
  'entity_members',
  {
    entityId: integer('entity_id').notNull().references(() => legalEntities.id, { onDelete: 'restrict' }),
    applicantId: integer('applicant_id').notNull().references(() => applicants.id, { onDelete: 'restrict' }),
    role: text('role').notNull(),
    grantedBy: integer('granted_by').notNull().references(() => applicants.id, { onDelete: 'restrict' }),
    grantedAt: timestamp('granted_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.entityId, t.applicantId] }), index('entity_members_applicant_idx').on(t.applicantId), check('entity_members_role_ck', sql`${t.role} in ('legal_rep', 'agent')`)],
);
