/** Reusable TypeBox schemas (they become the OpenAPI document). */
import { Type, type TSchema } from 'typebox';
import { ROLES, SITE_LEVELS, WINDOW_CATEGORIES, WINDOW_KINDS } from '../../common/roles.js';

export const literals = <const T extends string>(values: readonly T[]) => Type.Enum([...values]);

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};
export const ErrorBody = Type.Object(
  { code: Type.String(), message: Type.String(), requestId: Type.String(), details: Type.Optional(Type.Unknown()) },
  { $id: 'Error' },
);
export const Page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });
export const Items = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });
export const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

export const RoleSchema = literals(ROLES);
export const SiteLevelSchema = literals(SITE_LEVELS);
export const WindowKindSchema = literals(WINDOW_KINDS);
export const WindowCategorySchema = literals(WINDOW_CATEGORIES);
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
export const Code = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' });

export const RefSchema = Type.Object({ id: Type.Integer(), name: Type.String() });
export const DepartmentSchema = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), shortName: Type.String(), active: Type.Boolean(),
});
export const SiteSchema = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), level: SiteLevelSchema, parentId: Nullable(Type.Integer()),
  address: Type.String(), phone: Type.String(), hours: Type.String(), active: Type.Boolean(),
});
export const WindowSchema = Type.Object({
  id: Type.Integer(), siteId: Type.Integer(), siteName: Type.String(), code: Type.String(), name: Type.String(),
  kind: WindowKindSchema, categories: Type.Array(WindowCategorySchema), active: Type.Boolean(),
});
export const UserSchema = Type.Object({
  id: Type.Integer(), username: Type.String(), displayName: Type.String(), roles: Type.Array(RoleSchema),
  departmentId: Nullable(Type.Integer()), departmentName: Nullable(Type.String()), siteId: Nullable(Type.Integer()),
  siteName: Nullable(Type.String()), phone: Nullable(Type.String()), active: Type.Boolean(),
  lockedUntil: Nullable(Type.String()), lastLoginAt: Nullable(Type.String()),
});
export const MeSchema = Type.Object({
  id: Type.Integer(), username: Type.String(), displayName: Type.String(), roles: Type.Array(RoleSchema),
  department: Nullable(RefSchema), site: Nullable(RefSchema), mustChangePassword: Type.Boolean(), abilities: Type.Array(Type.String()),
});
export const SessionSchema = Type.Object({ user: MeSchema, csrfToken: Type.String() });

export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
};

/** Route helpers shared by the modules: any 200 body (typed by the service), closed objects, ids, client keys. */
export const anyOk = { 200: Type.Unknown(), ...errorResponses };
export const obj = <P extends Record<string, TSchema>>(p: P) => Type.Object(p, { additionalProperties: false });
export const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
export const ClientKey = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
