/**
 * Organisation use cases: departments, sites, windows and staff users. Each write checks the
 * policy, validates, writes the change and its audit record in one transaction.
 */
import { and, eq, sql } from 'drizzle-orm';
import { DEPARTMENT_ROLES, ROLE_LABELS, SITE_ROLES, type Role, type SiteLevel, type WindowCategory, type WindowKind } from '../../../common/roles.js';
import { authorize, type Actor } from '../../platform/authz.js';
import { assertUnique, scopeSql, type Database, type Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { assertPasswordPolicy, hashPassword } from '../../platform/passwords.js';
import type { AuditService } from '../audit/audit.service.js';
import { identityPolicy } from './identity.policy.js';
import { identityRepo as repo } from './identity.repository.js';
import { endSessionsOf, removeSecondFactor } from '../auth/auth.credentials.js';
import { departments, sites, users, windows } from './identity.tables.js';

export interface DepartmentInput { code: string; name: string; shortName: string }
export interface SiteInput { code: string; name: string; level: SiteLevel; parentId: number | null; address?: string; phone?: string; hours?: string }
export interface WindowInput { siteId: number; code: string; name: string; kind: WindowKind; categories: WindowCategory[] }
export interface UserInput {
  username: string; displayName: string; roles: Role[]; departmentId: number | null; siteId: number | null; phone: string | null; password: string;
}

const PARENT_LEVEL: Record<SiteLevel, SiteLevel | null> = { district: null, street: 'district', community: 'street' };

/** A user record's columns a scope reaches it by (its department, its site, itself). */
const USER_SCOPE_COLUMNS = { department: sql`${users.departmentId}`, site: sql`${users.siteId}`, user: sql`${users.id}` };

export class IdentityService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  // ---- departments -------------------------------------------------------------------------
  async listDepartments(actor: Actor) {
    authorize(actor, identityPolicy, 'department.read');
    return repo.listDepartments(this.database.db);
  }

  async createDepartment(actor: Actor, input: DepartmentInput) {
    authorize(actor, identityPolicy, 'department.manage');
    return this.database.tx(async (tx) => {
      await assertUnique(tx, sql`select 1 from departments where code = ${input.code} or name = ${input.name}`, '部门编码或名称');
      const [row] = await tx.insert(departments).values(input).returning();
      await this.audit.record(tx, actor, { kind: 'department.created', aggregateType: 'department', aggregateId: row!.id, data: { ...input } });
      return row!;
    });
  }

  async updateDepartment(actor: Actor, id: number, patch: Partial<Omit<DepartmentInput, 'code'>> & { active?: boolean }) {
    authorize(actor, identityPolicy, 'department.manage');
    return this.database.tx(async (tx) => {
      const before = await repo.findDepartment(tx, id);
      if (!before) throw new AppError('NOT_FOUND');
      if (patch.name && patch.name !== before.name) {
        await assertUnique(tx, sql`select 1 from departments where name = ${patch.name} and id <> ${id}`, '部门名称');
      }
      const [row] = await tx.update(departments).set({ ...patch, updatedAt: new Date() }).where(eq(departments.id, id)).returning();
      await this.audit.record(tx, actor, { kind: 'department.updated', aggregateType: 'department', aggregateId: id, data: { before: pick(before, patch), after: patch } });
      return row!;
    });
  }

  // ---- sites -------------------------------------------------------------------------------
  async listSites(actor: Actor | null) {
    if (actor) authorize(actor, identityPolicy, 'site.read');
    return repo.listSites(this.database.db, actor === null);
  }

  async createSite(actor: Actor, input: SiteInput) {
    authorize(actor, identityPolicy, 'site.manage');
    return this.database.tx(async (tx) => {
      await this.assertParent(tx, input.level, input.parentId, null);
      await assertUnique(tx, sql`select 1 from sites where code = ${input.code}`, '场所编码');
      const [row] = await tx.insert(sites).values(input).returning();
      await this.audit.record(tx, actor, { kind: 'site.created', aggregateType: 'site', aggregateId: row!.id, data: { ...input } });
      return row!;
    });
  }

  async updateSite(actor: Actor, id: number, patch: Partial<Omit<SiteInput, 'code'>> & { active?: boolean }) {
    authorize(actor, identityPolicy, 'site.manage');
    return this.database.tx(async (tx) => {
      const before = await repo.findSite(tx, id);
      if (!before) throw new AppError('NOT_FOUND');
      const level = patch.level ?? (before.level as SiteLevel);
      const parentId = patch.parentId !== undefined ? patch.parentId : before.parentId;
      if (patch.level !== undefined || patch.parentId !== undefined) await this.assertParent(tx, level, parentId, id);
      if (patch.level !== undefined && patch.level !== before.level) {
        const res = (await tx.execute(sql`select 1 from sites where parent_id = ${id} limit 1`)) as unknown as { rows: unknown[] };
        if (res.rows.length) throw new AppError('SITE_PARENT_INVALID', { detail: '该场所下仍有下级场所，不能改变层级' });
      }
      const [row] = await tx.update(sites).set({ ...patch, updatedAt: new Date() }).where(eq(sites.id, id)).returning();
      await this.audit.record(tx, actor, { kind: 'site.updated', aggregateType: 'site', aggregateId: id, data: { before: pick(before, patch), after: patch } });
      return row!;
    });
  }

  private async assertParent(tx: Tx, level: SiteLevel, parentId: number | null, selfId: number | null) {
    const want = PARENT_LEVEL[level];
    if (want === null) {
      if (parentId !== null) throw new AppError('SITE_PARENT_INVALID', { detail: '区中心不能有上级场所' });
      return;
    }
    if (parentId === null) throw new AppError('SITE_PARENT_INVALID', { detail: want === 'district' ? '街道中心须隶属区中心' : '社区站点须隶属街道中心' });
    if (parentId === selfId) throw new AppError('SITE_PARENT_INVALID', { detail: '不能以自身为上级' });
    const parent = await repo.findSite(tx, parentId);
    if (!parent) throw new AppError('SITE_PARENT_INVALID', { detail: '上级场所不存在' });
    if (parent.level !== want) throw new AppError('SITE_PARENT_INVALID', { detail: want === 'district' ? '街道中心须隶属区中心' : '社区站点须隶属街道中心' });
  }

  // ---- windows -----------------------------------------------------------------------------
  async listWindows(actor: Actor | null, filter: { siteId?: number }) {
    if (actor) authorize(actor, identityPolicy, 'window.read');
    return repo.listWindows(this.database.db, { ...filter, onlyActive: actor === null });
  }

  async createWindow(actor: Actor, input: WindowInput) {
    authorize(actor, identityPolicy, 'window.manage');
    return this.database.tx(async (tx) => {
      if (!(await repo.findSite(tx, input.siteId))) throw new AppError('VALIDATION_FAILED', { detail: '场所不存在' });
      await assertUnique(tx, sql`select 1 from windows where site_id = ${input.siteId} and code = ${input.code}`, '该场所的窗口编号');
      const categories = [...new Set(input.categories)];
      const [row] = await tx.insert(windows).values({ ...input, categories }).returning();
      await this.audit.record(tx, actor, { kind: 'window.created', aggregateType: 'window', aggregateId: row!.id, data: { ...input } });
      return (await repo.findWindow(tx, row!.id))!;
    });
  }

  async updateWindow(actor: Actor, id: number, patch: Partial<Omit<WindowInput, 'siteId'>> & { active?: boolean }) {
    authorize(actor, identityPolicy, 'window.manage');
    return this.database.tx(async (tx) => {
      const before = await repo.findWindow(tx, id);
      if (!before) throw new AppError('NOT_FOUND');
      if (patch.code && patch.code !== before.code) {
        await assertUnique(tx, sql`select 1 from windows where site_id = ${before.siteId} and code = ${patch.code} and id <> ${id}`, '该场所的窗口编号');
      }
      const set = { ...patch, ...(patch.categories ? { categories: [...new Set(patch.categories)] } : {}), updatedAt: new Date() };
      await tx.update(windows).set(set).where(eq(windows.id, id));
      await this.audit.record(tx, actor, { kind: 'window.updated', aggregateType: 'window', aggregateId: id, data: { before: pick(before, patch), after: patch } });
      return (await repo.findWindow(tx, id))!;
    });
  }

  // ---- users -------------------------------------------------------------------------------
  async listUsers(actor: Actor, q: { q?: string; role?: Role; departmentId?: number; siteId?: number; page: number; pageSize: number }) {
    const scope = authorize(actor, identityPolicy, 'user.read');
    const where = and(
      scopeSql(scope, USER_SCOPE_COLUMNS),
      q.q ? repo.userSearch(q.q) : undefined,
      q.role ? sql`${q.role} = any(${users.roles})` : undefined,
      q.departmentId ? eq(users.departmentId, q.departmentId) : undefined,
      q.siteId ? eq(users.siteId, q.siteId) : undefined,
    );
    return repo.listUsers(this.database.db, where, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  }

  /** One user, or NOT_FOUND when it is outside the actor's scope. */
  async getUser(actor: Actor, id: number) {
    const scope = authorize(actor, identityPolicy, 'user.read');
    const row = await repo.findUser(this.database.db, and(eq(users.id, id), scopeSql(scope, USER_SCOPE_COLUMNS)));
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  async createUser(actor: Actor, input: UserInput) {
    authorize(actor, identityPolicy, 'user.manage');
    assertPasswordPolicy(input.password);
    const passwordHash = await hashPassword(input.password);
    return this.database.tx(async (tx) => {
      await this.assertUserBindings(tx, input.roles, input.departmentId, input.siteId);
      await assertUnique(tx, sql`select 1 from users where lower(username) = lower(${input.username})`, '用户名');
      const { password: _pw, ...fields } = input;
      const [row] = await tx
        .insert(users)
        .values({ ...fields, roles: [...new Set(input.roles)], passwordHash, mustChangePassword: true })
        .returning({ id: users.id });
      await this.audit.record(tx, actor, { kind: 'user.created', aggregateType: 'user', aggregateId: row!.id, data: { ...fields, phone: undefined } });
      return (await repo.findUser(tx, eq(users.id, row!.id)))!;
    });
  }

  async updateUser(actor: Actor, id: number, patch: Partial<Omit<UserInput, 'password' | 'username'>> & { active?: boolean }) {
    authorize(actor, identityPolicy, 'user.manage');
    return this.database.tx(async (tx) => {
      const before = await repo.getUserRow(tx, id);
      if (!before) throw new AppError('NOT_FOUND');
      if (actor.kind === 'user' && actor.userId === id && (patch.active === false || (patch.roles && !patch.roles.includes('system_admin')))) {
        throw new AppError('CANNOT_DISABLE_SELF');
      }
      const roles = patch.roles ? [...new Set(patch.roles)] : (before.roles as Role[]);
      const departmentId = patch.departmentId !== undefined ? patch.departmentId : before.departmentId;
      const siteId = patch.siteId !== undefined ? patch.siteId : before.siteId;
      await this.assertUserBindings(tx, roles, departmentId, siteId);
      await tx.update(users).set({ ...patch, roles, updatedAt: new Date() }).where(eq(users.id, id));
      if (patch.active === false || patch.roles || patch.departmentId !== undefined || patch.siteId !== undefined) {
        // A changed scope or a disabled account takes effect now, not at the next login.
        await endSessionsOf(tx, id);
      }
      const { phone: _p, ...auditable } = patch;
      await this.audit.record(tx, actor, { kind: 'user.updated', aggregateType: 'user', aggregateId: id, data: { before: pick({ ...before, phone: undefined }, auditable), after: auditable, phoneChanged: patch.phone !== undefined } });
      return (await repo.findUser(tx, eq(users.id, id)))!;
    });
  }

  async resetPassword(actor: Actor, id: number, newPassword: string) {
    authorize(actor, identityPolicy, 'user.manage');
    assertPasswordPolicy(newPassword);
    const passwordHash = await hashPassword(newPassword);
    await this.database.tx(async (tx) => {
      const [row] = await tx
        .update(users)
        .set({ passwordHash, mustChangePassword: true, failedAttempts: 0, lockedUntil: null, passwordChangedAt: new Date(), updatedAt: new Date() })
        .where(eq(users.id, id))
        .returning({ id: users.id });
      if (!row) throw new AppError('NOT_FOUND');
      await endSessionsOf(tx, id);
      await this.audit.record(tx, actor, { kind: 'user.password_reset', aggregateType: 'user', aggregateId: id });
    });
  }

  /** 重置动态口令: the user binds a new authenticator at the next login (or may, if the role does not require one). */
  async resetSecondFactor(actor: Actor, id: number) {
    authorize(actor, identityPolicy, 'user.manage');
    await this.database.tx(async (tx) => {
      const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, id)).for('update');
      if (!user) throw new AppError('NOT_FOUND');
      const hadFactor = await removeSecondFactor(tx, id);
      // The sessions opened with the old factor end now.
      await endSessionsOf(tx, id);
      await this.audit.record(tx, actor, { kind: 'user.mfa_reset', aggregateType: 'user', aggregateId: id, data: { hadFactor } });
    });
  }

  async unlockUser(actor: Actor, id: number) {
    authorize(actor, identityPolicy, 'user.manage');
    await this.database.tx(async (tx) => {
      const [row] = await tx.update(users).set({ failedAttempts: 0, lockedUntil: null }).where(eq(users.id, id)).returning({ id: users.id });
      if (!row) throw new AppError('NOT_FOUND');
      await this.audit.record(tx, actor, { kind: 'user.unlocked', aggregateType: 'user', aggregateId: id });
    });
  }

  private async assertUserBindings(tx: Tx, roles: Role[], departmentId: number | null, siteId: number | null) {
    for (const role of roles) {
      if (DEPARTMENT_ROLES.includes(role) && departmentId === null) throw new AppError('USER_SCOPE_REQUIRED', { role: ROLE_LABELS[role].zh, scope: '部门' });
      if (SITE_ROLES.includes(role) && siteId === null) throw new AppError('USER_SCOPE_REQUIRED', { role: ROLE_LABELS[role].zh, scope: '场所' });
    }
    if (departmentId !== null && !(await repo.findDepartment(tx, departmentId))) throw new AppError('VALIDATION_FAILED', { detail: '部门不存在' });
    if (siteId !== null && !(await repo.findSite(tx, siteId))) throw new AppError('VALIDATION_FAILED', { detail: '场所不存在' });
  }

  async counts() {
    return repo.countAll(this.database.db);
  }
  async departmentStaff(departmentId: number) {
    return repo.countDepartmentStaff(this.database.db, departmentId);
  }
}

/** The fields of `before` that `patch` changes, for the audit record. */
function pick<T extends object>(before: T, patch: object): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(patch) as (keyof T)[]) out[k] = before[k];
  return out;
}
