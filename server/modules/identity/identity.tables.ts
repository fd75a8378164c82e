import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { timestamps } from '../../platform/columns.js';


/** 部门 (进驻部门) */
export const departments = pgTable(
  'departments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex('departments_code_uq').on(t.code), uniqueIndex('departments_name_uq').on(t.name)],
);

/** 场所: 区中心 → 街道 → 社区 */
export const sites = pgTable(
  'sites',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    parentId: integer('parent_id').references((): AnyPgColumn => sites.id, { onDelete: 'restrict' }),
    address: text('address').notNull().default(''),
    phone: text('phone').notNull().default(''),
    hours: text('hours').notNull().default(''),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('sites_code_uq').on(t.code),
    index('sites_parent_idx').on(t.parentId),
    check('sites_level_ck', sql`${t.level} in ('district', 'street', 'community')`),
  ],
);

/** 窗口 */
export const windows = pgTable(
  'windows',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    categories: text('categories').array().notNull(),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('windows_site_code_uq').on(t.siteId, t.code),
    check('windows_kind_ck', sql`${t.kind} in ('intake', 'delivery', 'both')`),
    check('windows_categories_ck', sql`${t.categories} <@ array['engineering', 'business', 'citizen']::text[] and cardinality(${t.categories}) > 0`),
  ],
);

/** 工作人员 */
export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().notNull(),
    departmentId: integer('department_id').references(() => departments.id, { onDelete: 'restrict' }),
    siteId: integer('site_id').references(() => sites.id, { onDelete: 'restrict' }),
    phone: text('phone'),
    active: boolean('active').notNull().default(true),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    index('users_department_idx').on(t.departmentId),
    index('users_site_idx').on(t.siteId),
    check('users_roles_ck', sql`cardinality(${t.roles}) > 0`),
  ],
);
