/**
 * The one API client of the app: openapi-fetch typed by the generated `paths` (openapi.gen.ts, from the server's
 * OpenAPI document), so a call's URL, path and query parameters, body and answer are the server's schemas.
 * Its middleware keeps the app's conventions: same-origin cookie session, Accept-Language of the UI, CSRF header
 * on every non-GET, errors thrown as ApiError carrying the server's code and message (NETWORK_ERROR when fetch
 * fails), and a 401 sends the user to the login page unless the call is made with `anonymousClient`.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { currentLocale, i18n } from '@/shared/i18n';
import type { paths } from './openapi.gen';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null = null,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
/** The portal session's CSRF token (an applicant's, apart from a staff member's: both may be signed in in one browser). */
let portalCsrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setPortalCsrfToken(token: string | null): void {
  portalCsrfToken = token;
}

/** The portal session's CSRF token, for a write made without the typed client (an upload with progress). */
export function getPortalCsrfToken(): string | null {
  return portalCsrfToken;
}

/** Called on a 401 from any request made with `client` (the session expired mid-work). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** Query parameters without a value (undefined, null, '') are left out, as the forms' "all" choices mean. */
function serializeQuery(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  return params.toString();
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

async function apiError(response: Response): Promise<ApiError> {
  let data: unknown;
  try {
    const text = await response.text();
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  return isErrorBody(data)
    ? new ApiError(response.status, data.code, data.message, data.requestId ?? null, data.details)
    : new ApiError(response.status, `HTTP_${response.status}`, i18n.global.t('common.serverError', { status: response.status }));
}

function conventions(redirectOn401: boolean, csrf: () => string | null): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('Accept', 'application/json');
      request.headers.set('Accept-Language', currentLocale());
      const token = csrf();
      if (request.method !== 'GET' && token) request.headers.set('X-CSRF-Token', token);
    },
    async onResponse({ response }) {
      if (response.ok) return undefined;
      const err = await apiError(response);
      if (response.status === 401 && redirectOn401 && onUnauthorized) onUnauthorized();
      throw err;
    },
    onError() {
      return new ApiError(0, 'NETWORK_ERROR', i18n.global.t('common.networkError'));
    },
  };
}

function typedClient(redirectOn401: boolean, csrf: () => string | null = () => csrfToken) {
  const c = createClient<paths>({ credentials: 'same-origin', querySerializer: serializeQuery });
  c.use(conventions(redirectOn401, csrf));
  return c;
}

/** The client for signed-in work: a 401 means the session expired and calls the unauthorized handler. */
export const client = typedClient(true);
/** The same client for calls where 401 is an expected answer (GET /api/auth/me, login, the public pages). */
export const anonymousClient = typedClient(false);
/**
 * The client of an applicant's portal session (/api/portal/…): its own CSRF token; a 401 is an answer for the
 * portal (signed out), never a trip to the staff login.
 */
export const portalClient = typedClient(false, () => portalCsrfToken);

/**
 * The answer of a call. A failed call has already thrown ApiError in the middleware, so what is left is the data
 * of the success answer (undefined for a 204).
 */
export async function data<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  return (await call).data as T;
}

/** A query as a filter form holds it: a field may be null or '' for "all". */
export type FormQuery<Q> = { [K in keyof Q]?: Q[K] | null | '' };

/** A filter form's query as the operation takes it: the fields without a value left out. */
export function fromForm<Q extends object>(form: FormQuery<Q>): Q {
  return Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Q;
}

// ---- types of the document's operations -------------------------------------------------------

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Json<C> = C extends { content: { 'application/json': infer J } } ? J : never;

/** The JSON a successful call of an operation answers (its 200 or 201). */
export type ApiAnswer<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer C } ? Json<C> : R extends { 201: infer C } ? Json<C> : never
    : never;

/** The JSON body an operation takes. */
export type ApiBody<P extends keyof paths, M extends Method = 'post'> =
  Operation<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/**
 * The body of every error answer (the document's `Error` schema, server/platform/schemas.ts ErrorBody), read here
 * from one operation that answers it.
 */
type ApiErrorBody = Json<Operation<'/api/auth/me', 'get'>['responses'][401]>;

/** The query parameters an operation takes. */
export type ApiQuery<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
