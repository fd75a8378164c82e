/** Reusable TypeBox schemas (they become the OpenAPI document). */
import { Type, type Static, type TSchema } from 'typebox';
import { ROLES, SITE_LEVELS, WINDOW_CATEGORIES, WINDOW_KINDS } from '../../common/roles.js';

export const literals = <const T extends string>(values: readonly T[]) => Type.Enum([...values]);

/*
 * Input hardening (issue 14, ADR 0017). Every string a client sends refuses control characters and lone UTF-16
 * surrogates: PostgreSQL cannot store U+0000 (22021) and a lone surrogate is not UTF-8, so neither may get past
 * validation. ajv compiles `pattern` with the `u` flag (its default unicodeRegExp: true), where `[\uD800-\uDFFF]`
 * matches only a surrogate that is not half of a pair, so emoji and rare CJK characters (U+20000…) stay allowed.
 * Integers are bounded by their column type: JSON.parse turns 1e400 into Infinity, which ajv's `integer` accepts
 * unless a maximum stops it.
 */
/** one line of text: no C0 control character, no DEL, no lone surrogate */
export const SINGLE_LINE = '^[^\\u0000-\\u001F\\u007F\\uD800-\\uDFFF]*$';
/** several lines (notes, reasons, comments, addresses): tab, LF and CR allowed, the other controls not */
export const MULTI_LINE = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\uD800-\\uDFFF]*$';
export const INT4_MAX = 2_147_483_647;

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: INT4_MAX }) }, { additionalProperties: false });
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
/** a calendar day 1900-01-01 … 2199-12-31 that exists (format `date` checks the day of the month and leap years) */
export const DateString = Type.String({ format: 'date', pattern: '^(19|20|21)\\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' });
/**
 * An instant, ISO 8601 in UTC on the wire (`2026-11-22T05:35:05.123Z`): a handler may return a Date (a timestamptz
 * column; fast-json-stringify writes its ISO text) or the text itself (raw SQL on pg gives PostgreSQL's own text).
 */
export const Instant = (description?: string) => Type.Unsafe<Date | string>({ type: 'string', format: 'date-time', ...(description ? { description } : {}) });
/** a month YYYY-MM, 1900-01 … 2199-12 */
export const MonthString = Type.String({ pattern: '^(19|20|21)\\d{2}-(0[1-9]|1[0-2])$' });
/** single-line text (names, titles, numbers, search words) */
export const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max, pattern: SINGLE_LINE });
/** multi-line text (notes, reasons, comments, opinions, descriptions, addresses): tab/LF/CR allowed */
export const MultiText = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max, pattern: MULTI_LINE });
export const Code = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' });
/** a file name as uploaded: one line, no path separator */
export const FileName = Type.String({ minLength: 1, maxLength: 120, pattern: '^[^/\\\\\\u0000-\\u001F\\u007F\\uD800-\\uDFFF]+$' });
/** an integer bounded by PostgreSQL's int4 (or tighter) */
export const Int = (minimum: number, maximum: number = INT4_MAX) => Type.Integer({ minimum, maximum });

export const RefSchema = Type.Object({ id: Type.Integer(), name: Type.String() });
export const DepartmentSchema = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), shortName: Type.String(), active: Type.Boolean(),
});
export type DepartmentView = Static<typeof DepartmentSchema>;
export const SiteSchema = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), level: SiteLevelSchema, parentId: Nullable(Type.Integer()),
  address: Type.String(), phone: Type.String(), hours: Type.String(), active: Type.Boolean(),
});
export type SiteView = Static<typeof SiteSchema>;
export const WindowSchema = Type.Object({
  id: Type.Integer(), siteId: Type.Integer(), siteName: Type.String(), code: Type.String(), name: Type.String(),
  kind: WindowKindSchema, categories: Type.Array(WindowCategorySchema), active: Type.Boolean(),
});
export type WindowView = Static<typeof WindowSchema>;
export const UserSchema = Type.Object({
  id: Type.Integer(), username: Type.String(), displayName: Type.String(), roles: Type.Array(RoleSchema),
  departmentId: Nullable(Type.Integer()), departmentName: Nullable(Type.String()), siteId: Nullable(Type.Integer()),
  siteName: Nullable(Type.String()), phone: Nullable(Type.String()), active: Type.Boolean(),
  lockedUntil: Nullable(Type.String()), lastLoginAt: Nullable(Type.String()), mfaEnrolled: Type.Boolean(),
});
/** a staff account as the admin pages see it (phone masked) */
export type UserView = Static<typeof UserSchema>;
export const MeSchema = Type.Object({
  id: Type.Integer(), username: Type.String(), displayName: Type.String(), roles: Type.Array(RoleSchema),
  department: Nullable(RefSchema), site: Nullable(RefSchema), mustChangePassword: Type.Boolean(), abilities: Type.Array(Type.String()),
});
/** the signed-in user; `abilities` are what the UI may offer (the server checks again on every call) */
export type Me = Static<typeof MeSchema>;
export const SessionSchema = Type.Object({ user: MeSchema, csrfToken: Type.String() });
export type SessionView = Static<typeof SessionSchema>;

export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
};

/** A file or stream answered as it is (its content type set by the route); documented as binary. */
export const Binary = Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: '文件内容（Content-Type 见响应头）' });

/** A file answered as it is, documented under each content type it may have (one response object for the route). */
export const fileAnswer = (description: string, mediaTypes: readonly string[]) => ({
  description,
  content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: Binary }])),
});

/** A server-sent event stream, written by the route as events come: documented as text/event-stream. */
export const EventStream = { description: '事件流（server-sent events）', content: { 'text/event-stream': { schema: Type.String({ description: 'text/event-stream 事件流' }) } } };

/** Route helpers shared by the modules: closed objects, ids, client keys. */
export const obj = <P extends Record<string, TSchema>>(p: P) => Type.Object(p, { additionalProperties: false });
/** a closed object whose properties are all optional (PATCH bodies); TypeBox's Partial alone drops additionalProperties */
export const partialObj = <P extends Record<string, TSchema>>(p: P) => Type.Partial(Type.Object(p), { additionalProperties: false });
/** a closed query string: an unknown parameter is a 400 like an unknown body property */
export const query = obj;
export const Id = Type.Integer({ minimum: 1, maximum: INT4_MAX });
export const ClientKey = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
