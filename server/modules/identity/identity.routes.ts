import { Type, type TProperties } from 'typebox';
import { actorOf } from '../../platform/http.js';
import {
  Code, DepartmentSchema, Id, IdParams, Items, MultiText, Nullable, Page, PageQuery, RoleSchema, SiteLevelSchema, SiteSchema, Text, UserSchema,
  WindowCategorySchema, WindowKindSchema, WindowSchema, errorResponses, query,
} from '../../platform/schemas.js';
import type { RoutePlugin } from '../../services.js';
import { presentDepartment, presentSite, presentUser, presentWindow } from './identity.presenter.js';

const Phone = Nullable(Type.String({ maxLength: 20, pattern: '^[0-9+\\- ]*$' }));
const Categories = Type.Array(WindowCategorySchema, { minItems: 1, maxItems: 3 });
const Roles = Type.Array(RoleSchema, { minItems: 1, maxItems: 10 });
/** A PATCH body: the fields of the create body, each optional, and `active`. */
const PatchBody = <P extends TProperties>(fields: P) =>
  Type.Object({ ...Type.Partial(Type.Object(fields)).properties, active: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

/** 部门、场所. */
const organisationRoutes: RoutePlugin = async (app, { services }) => {
  const svc = services.identity;
  // ---- departments
  const departmentBody = { name: Text(60), shortName: Text(20) };
  app.get('/api/departments', { schema: { tags: ['组织'], summary: '部门列表', response: { 200: Items(DepartmentSchema), ...errorResponses } } }, async (req) => ({
    items: (await svc.listDepartments(actorOf(req))).map(presentDepartment),
  }));
  app.post(
    '/api/departments',
    { schema: { tags: ['组织'], summary: '新建部门', body: Type.Object({ code: Code, ...departmentBody }, { additionalProperties: false }), response: { 201: DepartmentSchema, ...errorResponses } } },
    async (req, reply) => reply.code(201).send(presentDepartment(await svc.createDepartment(actorOf(req), req.body))),
  );
  app.patch(
    '/api/departments/:id',
    {
      schema: {
        tags: ['组织'], summary: '修改部门', params: IdParams,
        body: PatchBody(departmentBody),
        response: { 200: DepartmentSchema, ...errorResponses },
      },
    },
    async (req) => presentDepartment(await svc.updateDepartment(actorOf(req), req.params.id, req.body)),
  );

  // ---- sites
  const siteBody = {
    name: Text(60), level: SiteLevelSchema, parentId: Nullable(Id),
    address: Type.Optional(MultiText(200, 0)), phone: Type.Optional(Text(40, 0)), hours: Type.Optional(Text(200, 0)),
  };
  app.get('/api/sites', { schema: { tags: ['组织'], summary: '场所列表', response: { 200: Items(SiteSchema), ...errorResponses } } }, async (req) => ({
    items: (await svc.listSites(actorOf(req))).map(presentSite),
  }));
  app.post(
    '/api/sites',
    { schema: { tags: ['组织'], summary: '新建场所', body: Type.Object({ code: Code, ...siteBody }, { additionalProperties: false }), response: { 201: SiteSchema, ...errorResponses } } },
    async (req, reply) => reply.code(201).send(presentSite(await svc.createSite(actorOf(req), req.body))),
  );
  app.patch(
    '/api/sites/:id',
    {
      schema: {
        tags: ['组织'], summary: '修改场所', params: IdParams,
        body: PatchBody(siteBody),
        response: { 200: SiteSchema, ...errorResponses },
      },
    },
    async (req) => presentSite(await svc.updateSite(actorOf(req), req.params.id, req.body)),
  );

};

/** 窗口, and the public lists of sites and windows for the portal and the hall screens. */
const windowRoutes: RoutePlugin = async (app, { services }) => {
  const svc = services.identity;
  // ---- windows
  const windowBody = { code: Code, name: Text(40), kind: WindowKindSchema, categories: Categories };
  app.get(
    '/api/windows',
    { schema: { tags: ['组织'], summary: '窗口列表', querystring: query({ siteId: Type.Optional(Id) }), response: { 200: Items(WindowSchema), ...errorResponses } } },
    async (req) => ({ items: (await svc.listWindows(actorOf(req), { siteId: req.query.siteId })).map(presentWindow) }),
  );
  app.post(
    '/api/windows',
    {
      schema: {
        tags: ['组织'], summary: '新建窗口',
        body: Type.Object({ siteId: Id, ...windowBody }, { additionalProperties: false }),
        response: { 201: WindowSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(presentWindow(await svc.createWindow(actorOf(req), req.body))),
  );
  app.patch(
    '/api/windows/:id',
    {
      schema: {
        tags: ['组织'], summary: '修改窗口', params: IdParams,
        body: PatchBody(windowBody),
        response: { 200: WindowSchema, ...errorResponses },
      },
    },
    async (req) => presentWindow(await svc.updateWindow(actorOf(req), req.params.id, req.body)),
  );

  // ---- public (portal, hall screen)
  app.get('/api/public/sites', { config: { public: true }, schema: { tags: ['公开'], summary: '服务场所（公开）', response: { 200: Items(SiteSchema) } } }, async () => ({
    items: (await svc.listSites(null)).map(presentSite),
  }));
  app.get(
    '/api/public/windows',
    { config: { public: true }, schema: { tags: ['公开'], summary: '窗口（公开）', querystring: query({ siteId: Type.Optional(Id) }), response: { 200: Items(WindowSchema), 400: errorResponses[400] } } },
    async (req) => ({ items: (await svc.listWindows(null, { siteId: req.query.siteId })).map(presentWindow) }),
  );
};

/** 工作人员: accounts, roles and scope, passwords, second factor, lockout. */
const userRoutes: RoutePlugin = async (app, { services }) => {
  const svc = services.identity;
  // A lockout runs on the service clock (auth.service.ts), so "still locked" is read on it too.
  const user = (u: Parameters<typeof presentUser>[0]) => presentUser(u, services.clock.now());
  const userBody = { displayName: Text(40), roles: Roles, departmentId: Nullable(Id), siteId: Nullable(Id), phone: Phone };

  app.get(
    '/api/users',
    {
      schema: {
        tags: ['组织'], summary: '工作人员列表（按角色范围过滤）',
        querystring: query({
          q: Type.Optional(Text(40, 0)), role: Type.Optional(RoleSchema), departmentId: Type.Optional(Id),
          siteId: Type.Optional(Id), ...PageQuery,
        }),
        response: { 200: Page(UserSchema), ...errorResponses },
      },
    },
    async (req) => {
      const { page = 1, pageSize = 20, ...filter } = req.query;
      const res = await svc.listUsers(actorOf(req), { ...filter, page, pageSize });
      return { items: res.items.map(user), total: res.total };
    },
  );
  app.get('/api/users/:id', { schema: { tags: ['组织'], summary: '工作人员详情', params: IdParams, response: { 200: UserSchema, ...errorResponses } } }, async (req) =>
    user(await svc.getUser(actorOf(req), req.params.id)),
  );
  app.post(
    '/api/users',
    {
      schema: {
        tags: ['组织'], summary: '新建工作人员',
        body: Type.Object(
          { username: Type.String({ minLength: 2, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' }), ...userBody, password: Text(128) },
          { additionalProperties: false },
        ),
        response: { 201: UserSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(user(await svc.createUser(actorOf(req), req.body))),
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['组织'], summary: '修改工作人员', params: IdParams,
        body: PatchBody(userBody),
        response: { 200: UserSchema, ...errorResponses },
      },
    },
    async (req) => user(await svc.updateUser(actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/users/:id/reset-password',
    { schema: { tags: ['组织'], summary: '重置密码（下次登录须修改）', params: IdParams, body: Type.Object({ newPassword: Text(128) }, { additionalProperties: false }), response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await svc.resetPassword(actorOf(req), req.params.id, req.body.newPassword);
      return reply.code(204).send(null);
    },
  );
  app.post('/api/users/:id/reset-mfa', { schema: { tags: ['组织'], summary: '重置动态口令（下次登录重新绑定）', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await svc.resetSecondFactor(actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });
  app.post('/api/users/:id/unlock', { schema: { tags: ['组织'], summary: '解除登录锁定', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await svc.unlockUser(actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });
};

export const identityRoutes: RoutePlugin = async (app, opts) => {
  await organisationRoutes(app, opts);
  await windowRoutes(app, opts);
  await userRoutes(app, opts);
};
