/** SQL for departments, sites, windows and users. Takes the executor; returns rows. */
import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { inList, num, relationAlias, rows, type Executor } from '../../platform/db.js';
import { departments, sites, users, windows } from './identity.tables.js';
import { secondFactorBoundSql } from '../auth/auth.credentials.js';

export type DepartmentRow = typeof departments.$inferSelect;
export type SiteRow = typeof sites.$inferSelect;
export type WindowRow = typeof windows.$inferSelect & { siteName: string };
export type UserRow = typeof users.$inferSelect;
export type UserListRow = Omit<UserRow, 'passwordHash'> & { departmentName: string | null; siteName: string | null; mfaEnrolled: boolean };

export const identityRepo = {
  listDepartments: (ex: Executor) => ex.select().from(departments).orderBy(asc(departments.code)),
  findDepartment: async (ex: Executor, id: number) => (await ex.select().from(departments).where(eq(departments.id, id)))[0],

  listSites: (ex: Executor, onlyActive = false) =>
    ex.select().from(sites).where(onlyActive ? eq(sites.active, true) : undefined).orderBy(asc(sites.code)),
  findSite: async (ex: Executor, id: number) => (await ex.select().from(sites).where(eq(sites.id, id)))[0],

  async listWindows(ex: Executor, filter: { siteId?: number; onlyActive?: boolean }): Promise<WindowRow[]> {
    return ex
      .select({ ...windowCols, siteName: sites.name })
      .from(windows)
      .innerJoin(sites, eq(sites.id, windows.siteId))
      .where(and(filter.siteId ? eq(windows.siteId, filter.siteId) : undefined, filter.onlyActive ? eq(windows.active, true) : undefined))
      .orderBy(asc(windows.siteId), asc(windows.code));
  },
  async findWindow(ex: Executor, id: number): Promise<WindowRow | undefined> {
    return (
      await ex.select({ ...windowCols, siteName: sites.name }).from(windows).innerJoin(sites, eq(sites.id, windows.siteId)).where(eq(windows.id, id))
    )[0];
  },

  async listUsers(
    ex: Executor,
    where: SQL | undefined,
    page: { limit: number; offset: number },
  ): Promise<{ items: UserListRow[]; total: number }> {
    const [items, [total]] = await Promise.all([
      userSelect(ex).where(where).orderBy(asc(users.username)).limit(page.limit).offset(page.offset),
      ex.select({ n: count() }).from(users).where(where),
    ]);
    return { items, total: num(total?.n ?? 0) };
  },
  async findUser(ex: Executor, where: SQL | undefined): Promise<UserListRow | undefined> {
    return (await userSelect(ex).where(where).limit(1))[0];
  },
  async findUserForLogin(ex: Executor, username: string): Promise<UserRow | undefined> {
    return (await ex.select().from(users).where(sql`lower(${users.username}) = lower(${username})`))[0];
  },
  async getUserRow(ex: Executor, id: number): Promise<UserRow | undefined> {
    return (await ex.select().from(users).where(eq(users.id, id)))[0];
  },

  /** A site's facts an SMS or voucher names (code, name, address, hours) as one JSON value in SQL. */
  siteFactsSql(siteId: SQL): SQL<{ code: string; name: string; address: string; hours: string }> {
    return sql`(select json_build_object('code', rm_s.code, 'name', rm_s.name, 'address', rm_s.address, 'hours', rm_s.hours) from sites rm_s where rm_s.id = ${siteId})`;
  },
  /** The ids and names of sites (a catalog item's enabled sites), by id. */
  siteRefs(ex: Executor, ids: readonly number[]): Promise<{ id: number; name: string }[]> {
    if (!ids.length) return Promise.resolve([]);
    return ex.select({ id: sites.id, name: sites.name }).from(sites).where(sql`${sites.id} in (${inList(ids)})`).orderBy(asc(sites.id));
  },
  /** A department's name as SQL, for other modules' lists: the departments table stays identity's. */
  departmentNameSql(departmentId: SQL): SQL {
    return sql`(select rm_d.name from departments rm_d where rm_d.id = ${departmentId})`;
  },
  /** Display names of users (who acted on other modules' records). */
  async userNames(ex: Executor, ids: readonly number[]): Promise<{ id: number; name: string }[]> {
    if (!ids.length) return [];
    return ex.select({ id: users.id, name: users.displayName }).from(users).where(sql`${users.id} in (${inList(ids)})`);
  },

  // ---- relations for a join: one read model per table, `(select <the stated columns> from <table> rm_x) <as>`, a
  // derived table the caller joins (or selects from) like the table itself. The columns are the contract: a caller
  // names no other (add one here first). PostgreSQL pulls a plain projection like this up into the caller's join,
  // so the plan is the one a join with the table has (the session lookup, case lists, the progress page, the intake).

  /**
   * Sites: id, code, name, address, hours, phone — for the rows that name a site (case lists, the progress page and
   * the intake's first read with the site's voucher facts, vouchers' numbers, handovers, ratings, alerts, light counts).
   */
  sitesAs(as: string): SQL {
    return sql`(select rm_s.id, rm_s.code, rm_s.name, rm_s.address, rm_s.hours, rm_s.phone from sites rm_s) ${relationAlias(as)}`;
  },
  /**
   * Departments: id, code, name, short_name — for the rows and reports that name a department (case lists, the intake,
   * handovers, ratings, alerts, the light boards, document-number series).
   */
  departmentsAs(as: string): SQL {
    return sql`(select rm_d.id, rm_d.code, rm_d.name, rm_d.short_name from departments rm_d) ${relationAlias(as)}`;
  },
  /**
   * Users: id, username, display_name, roles, department_id, site_id, active, must_change_password — a user's
   * sign-in facts with another module's row (the session lookup on every request), and the display name of who acted
   * (inspections, handovers, ratings, the hall's statistics, document numbers, alerts).
   */
  usersAs(as: string): SQL {
    return sql`(select rm_u.id, rm_u.username, rm_u.display_name, rm_u.roles, rm_u.department_id, rm_u.site_id, rm_u.active,
      rm_u.must_change_password from users rm_u) ${relationAlias(as)}`;
  },
  /**
   * Windows: id, site_id, code, name, kind, categories, active — for the hall's lists that name a ticket's or a call's
   * window row by row (board, events, kiosk, statistics) and ratings.
   */
  windowsAs(as: string): SQL {
    return sql`(select rm_w.id, rm_w.site_id, rm_w.code, rm_w.name, rm_w.kind, rm_w.categories, rm_w.active from windows rm_w) ${relationAlias(as)}`;
  },
  /** A site's name as SQL, for other modules' rows. */
  siteNameSql(siteId: SQL): SQL {
    return sql`(select rm_s.name from sites rm_s where rm_s.id = ${siteId})`;
  },
  /** A user's display name as SQL, for other modules' small lists (who changed what): the users table stays identity's. */
  userDisplayNameSql(userId: SQL): SQL {
    return sql`(select rm_u.display_name from users rm_u where rm_u.id = ${userId})`;
  },

  /** The active inspectors (现场勘查) of a department by id, `id` and display `name`; with `userId`, only that user if one. */
  inspectorsOf(ex: Executor, departmentId: number, userId?: number): Promise<{ id: number; name: string }[]> {
    return rows<{ id: number; name: string }>(ex, sql`select id, display_name as name from users
      where department_id = ${departmentId} and active and 'inspector' = any(roles) ${userId === undefined ? sql`` : sql`and id = ${userId}`} order by id`);
  },

  // ---- the sign-in facts of an account, written by the auth module through these (the users table is identity's)

  /**
   * One more wrong password or code, counted in one statement (parallel wrong attempts each count): at `max` the
   * count starts again and the account locks for `lockMinutes` from `now`. Returns the count and whether it locked.
   */
  async countLoginFailure(ex: Executor, userId: number, o: { max: number; lockMinutes: number; now: Date }): Promise<{ failures: number; locked: boolean } | undefined> {
    const [row] = await rows<{ failures: number; locked: boolean }>(ex, sql`update users set
        failed_attempts = case when failed_attempts + 1 >= ${o.max} then 0 else failed_attempts + 1 end,
        locked_until = case when failed_attempts + 1 >= ${o.max} then ${o.now}::timestamptz + make_interval(mins => ${o.lockMinutes}) else locked_until end
      where id = ${userId}
      returning failed_attempts as failures, failed_attempts = 0 as locked`);
    return row;
  },
  /** A successful sign-in: the failure count cleared, the time kept. */
  async recordLogin(ex: Executor, userId: number, at: Date): Promise<void> {
    await ex.update(users).set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: at }).where(eq(users.id, userId));
  },
  /** A new password chosen by its owner (no change required any more). */
  async setOwnPassword(ex: Executor, userId: number, passwordHash: string, at: Date): Promise<void> {
    await ex.update(users).set({ passwordHash, mustChangePassword: false, passwordChangedAt: at, updatedAt: at }).where(eq(users.id, userId));
  },
  userSearch(q: string): SQL | undefined {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return or(ilike(users.username, like), ilike(users.displayName, like));
  },
  countAll: async (ex: Executor) => {
    const [r] = await rows<Record<string, unknown>>(ex, sql`select
        (select count(*) from users) as users, (select count(*) from departments) as departments,
        (select count(*) from sites) as sites, (select count(*) from windows) as windows`);
    return { users: num(r?.users), departments: num(r?.departments), sites: num(r?.sites), windows: num(r?.windows) };
  },
  countDepartmentStaff: async (ex: Executor, departmentId: number) =>
    num((await ex.select({ n: count() }).from(users).where(and(eq(users.departmentId, departmentId), eq(users.active, true))))[0]?.n ?? 0),

  // read models for ratings / supervision / queue

  /** A window's name after its site's ("政务服务中心 3号窗口") as SQL, for other modules' reports. */
  windowFullNameSql(windowId: SQL): SQL {
    return sql`(select rm_s.name || ' ' || rm_w.name from windows rm_w join sites rm_s on rm_s.id = rm_w.site_id where rm_w.id = ${windowId})`;
  },
  /** The ids of a site's windows, as a subquery for `in (…)`. */
  windowIdsOfSiteSql(siteId: number): SQL {
    return sql`select rm_w.id from windows rm_w where rm_w.site_id = ${siteId}`;
  },
  /** The ids of a site's users, as a subquery for `in (…)`. */
  userIdsOfSiteSql(siteId: number): SQL {
    return sql`select rm_u.id from users rm_u where rm_u.site_id = ${siteId}`;
  },
  /** The active users holding any of `roles` who have a mobile number (whom a supervision alert is sent to). */
  async phonesOfRoles(ex: Executor, roles: readonly string[]): Promise<{ id: number; phone: string }[]> {
    return rows<{ id: number; phone: string }>(ex, sql`select id, phone from users
      where active and phone <> '' and roles && array[${inList(roles)}]::text[]`);
  },
};

const windowCols = {
  id: windows.id,
  siteId: windows.siteId,
  code: windows.code,
  name: windows.name,
  kind: windows.kind,
  categories: windows.categories,
  active: windows.active,
  createdAt: windows.createdAt,
  updatedAt: windows.updatedAt,
};

const userDept = alias(departments, 'user_dept');
const userSite = alias(sites, 'user_site');
function userSelect(ex: Executor) {
  return ex
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      roles: users.roles,
      departmentId: users.departmentId,
      siteId: users.siteId,
      phone: users.phone,
      active: users.active,
      mustChangePassword: users.mustChangePassword,
      failedAttempts: users.failedAttempts,
      lockedUntil: users.lockedUntil,
      lastLoginAt: users.lastLoginAt,
      passwordChangedAt: users.passwordChangedAt,
      createdAt: users.createdAt,
      updatedAt: users.updatedAt,
      departmentName: userDept.name,
      siteName: userSite.name,
      // 动态口令 bound (the auth module's read model): shown to admins, who can reset it
      mfaEnrolled: secondFactorBoundSql(users.id),
    })
    .from(users)
    .leftJoin(userDept, eq(userDept.id, users.departmentId))
    .leftJoin(userSite, eq(userSite.id, users.siteId));
}
