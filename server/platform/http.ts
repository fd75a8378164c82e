/**
 * HTTP plumbing shared by every module: language of messages, the one error handler, the
 * deny-by-default authentication hook with CSRF checks, and request-log serializers that carry
 * no personal data.
 */
import { CalendarCoverageError } from '../../common/working-days.js';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import fastJson from 'fast-json-stringify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserActor } from './authz.js';
import { AppError, errorMessage, type ErrorCode } from './errors.js';
import { dbFailureOf, scrubText, serializeError, uniqueMeaning } from './db-errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: UserActor | null;
  }
  interface FastifyInstance {
    /** resolves true once no route handler is running (false at the timeout): see installInFlight */
    drained(timeoutMs: number): Promise<boolean>;
  }
  interface FastifyContextConfig {
    /** true: no login needed. Everything under /api is staff-only unless it says so. */
    public?: boolean;
    /** true: an applicant's portal session, not a staff one (the applicants module's hook resolves it) */
    applicant?: boolean;
    /** true: usable while the user still has to change an initial or reset password */
    beforePasswordChange?: boolean;
  }
}

export type Lang = 'zh' | 'en';

export function langOf(req: FastifyRequest): Lang {
  const h = req.headers['accept-language'];
  if (!h) return 'zh';
  const first = h.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

/** Seconds a client should wait before trying again when the database is away (it reconnects by itself). */
export const RETRY_AFTER_SECONDS = 3;

export function sendError(req: FastifyRequest, reply: FastifyReply, code: ErrorCode, params: Record<string, string | number> = {}, details?: unknown) {
  const err = new AppError(code, params, details);
  if (err.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply
    .code(err.status)
    .header('cache-control', 'no-store')
    .send({ code, message: errorMessage(code, { ...params, requestId: req.id }, langOf(req)), requestId: req.id, ...(details ? { details } : {}) });
}

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

/** A short Chinese description of the first schema violation. */
function describeValidation(err: FastifyError, lang: Lang): string {
  const issue = (err.validation?.[0] ?? {}) as ValidationIssue;
  const where = `${err.validationContext ?? 'body'}${issue.instancePath ?? ''}`.replace(/\//g, '.');
  const missing = issue.params?.missingProperty ?? issue.params?.requiredProperties;
  if (lang === 'en') return missing ? `${where}: missing ${String(missing)}` : `${where} ${issue.message ?? 'is invalid'}`;
  if (missing) return `${where} 缺少必填字段 ${String(missing)}`;
  if (issue.keyword === 'additionalProperties') return `${where} 含有不允许的字段 ${String(issue.params?.additionalProperty ?? '')}`;
  if (issue.keyword === 'type') return `${where} 类型应为 ${String(issue.params?.type ?? '')}`;
  if (issue.keyword === 'minLength' || issue.keyword === 'maxLength') return `${where} 长度不符合要求`;
  if (issue.keyword === 'minimum' || issue.keyword === 'maximum') return `${where} 超出允许范围`;
  if (issue.keyword === 'enum' || issue.keyword === 'const' || issue.keyword === 'anyOf') return `${where} 不是允许的取值`;
  if (issue.keyword === 'pattern' || issue.keyword === 'format') return `${where} 格式不正确`;
  return `${where} 不符合要求`;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { code?: string }, req, reply) => {
    if (err instanceof AppError) return sendError(req, reply, err.code, err.params, err.details);
    // A deadline beyond the loaded holiday arrangement (DOMAIN.md: refuse until an admin loads the year).
    if (err instanceof CalendarCoverageError) return sendError(req, reply, 'CALENDAR_NOT_COVERED', { year: err.year });
    if (err.validation) {
      return sendError(req, reply, 'VALIDATION_FAILED', { detail: describeValidation(err, langOf(req)) });
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(req, reply, 'MALFORMED_JSON');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendError(req, reply, 'UNSUPPORTED_MEDIA_TYPE');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(req, reply, 'PAYLOAD_TOO_LARGE');
      case 'FST_ERR_RATE_LIMIT':
        return sendError(req, reply, 'RATE_LIMITED');
    }
    const db = dbFailureOf(err);
    if (db) return sendDbFailure(req, reply, db, err);
    if (err.statusCode === 429) return sendError(req, reply, 'RATE_LIMITED');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(req, reply, 'VALIDATION_FAILED', { detail: err.message.slice(0, 200) });
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(req, reply, 'INTERNAL_ERROR');
  });
}

/** A database failure by meaning: SQLSTATE found through Drizzle's wrapper (db-errors.ts). */
function sendDbFailure(req: FastifyRequest, reply: FastifyReply, db: NonNullable<ReturnType<typeof dbFailureOf>>, err: unknown) {
  const lang = langOf(req);
  switch (db.kind) {
    case 'unique': {
      const meaning = uniqueMeaning(db.constraint);
      if ('code' in meaning) return sendError(req, reply, meaning.code);
      return sendError(req, reply, 'DUPLICATE', { field: meaning.field[lang] });
    }
    case 'foreign_key':
      return sendError(req, reply, 'REFERENCE_IN_USE');
    case 'invalid_input':
      return sendError(req, reply, 'VALIDATION_FAILED', { detail: lang === 'en' ? 'a value is not valid' : '取值不正确' });
    case 'conflict':
      return sendError(req, reply, 'CONFLICT');
    case 'unavailable':
      req.log.warn({ err }, 'database unavailable');
      return sendError(req, reply, 'DATABASE_UNAVAILABLE');
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Deny by default: every /api route needs a staff session unless its config says `public: true`.
 * Cookie-authenticated writes must carry the session's CSRF token in `X-CSRF-Token`.
 */
export function installAuthentication(
  app: FastifyInstance,
  opts: {
    cookieName: string;
    resolve: (token: string, req: FastifyRequest) => Promise<UserActor>;
    checkCsrf: (sessionId: string, presented: string | undefined) => boolean;
  },
): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/') || req.routeOptions.config.public || req.routeOptions.config.applicant) return;
    if (!req.routeOptions.url) return; // unknown route: the not-found handler answers
    const token = req.cookies[opts.cookieName];
    if (!token) return sendError(req, reply, 'AUTH_REQUIRED');
    try {
      req.actor = await opts.resolve(token, req);
    } catch (err) {
      if (err instanceof AppError) {
        reply.clearCookie(opts.cookieName, { path: '/' });
        return sendError(req, reply, err.code);
      }
      throw err;
    }
    if (req.actor.mustChangePassword && !req.routeOptions.config.beforePasswordChange) {
      return sendError(req, reply, 'PASSWORD_CHANGE_REQUIRED');
    }
    if (!SAFE_METHODS.has(req.method)) {
      const presented = req.headers['x-csrf-token'];
      if (!opts.checkCsrf(req.actor.sessionId ?? '', typeof presented === 'string' ? presented : undefined)) {
        return sendError(req, reply, 'CSRF_INVALID');
      }
    }
  });
}

/** The signed-in actor of a staff route (the hook guarantees one). */
export function actorOf(req: FastifyRequest): UserActor {
  if (!req.actor) throw new AppError('AUTH_REQUIRED');
  return req.actor;
}

/**
 * Request logs: method, path without the query string (it may carry personal data), status; errors without the
 * message of a database error (it embeds the SQL parameters) — see db-errors.ts.
 */
export const logSerializers = {
  req(req: { method: string; url: string; id: string; routeOptions?: { url?: string } }) {
    // a path that carries a bearer token (ticket, rating link) or a case number (the progress lookup's key) is
    // logged as its route pattern
    const pattern = req.routeOptions?.url;
    const secretParam = pattern !== undefined && /:(token|caseNo)\b/.test(pattern);
    return { id: req.id, method: req.method, path: secretParam ? pattern : req.url.split('?')[0] };
  },
  res(res: { statusCode: number }) {
    return { statusCode: res.statusCode };
  },
  err: serializeError,
};

/**
 * The pino options of the server and the worker. Besides the serializers, a log method hook cuts a Drizzle
 * query text out of any message string (Fastify's fallback error handler logs `err.message` as the message).
 * `stream`: where the lines go (tests capture them); stdout otherwise.
 */
export function loggerOptions(level: string, stream?: { write(line: string): void }) {
  return {
    level,
    serializers: logSerializers,
    redact: ['req.headers', 'body'],
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a) : a)));
      },
    },
    ...(stream ? { stream } : {}),
  };
}

/**
 * Route schemas compile on first use instead of at start-up: compiling every validator and
 * serializer up front cost about a third of a second of each start (measured with --cpu-prof).
 * Same options as Fastify's own compiler, coercion of query strings and parameters included.
 */
export function installLazySchemaCompilers(app: FastifyInstance, opts: { checkDropped?: boolean } = {}): void {
  const ajv = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  app.setValidatorCompiler(({ schema }) => {
    let compiled: ReturnType<Ajv['compile']> | null = null;
    const validate = Object.assign(
      (data: unknown) => {
        compiled ??= ajv.compile(schema);
        const ok = compiled(data) as boolean;
        validate.errors = compiled.errors ?? null;
        return ok;
      },
      { errors: null as ReturnType<Ajv['compile']>['errors'] },
    );
    return validate as unknown as ReturnType<Parameters<FastifyInstance['setValidatorCompiler']>[0]>;
  });
  app.setSerializerCompiler(({ schema, method, url }) => {
    let stringify: ((data: unknown) => string) | null = null;
    const serialize = (data: unknown) => (stringify ??= fastJson(schema as Parameters<typeof fastJson>[0]))(data);
    if (!opts.checkDropped) return serialize;
    // RESPONSE_SCHEMA_CHECK (the test suites): a property the schema does not name would be dropped without a word
    return (data: unknown) => {
      const out = serialize(data);
      const dropped = droppedPaths(JSON.parse(JSON.stringify(data ?? null)), JSON.parse(out));
      if (dropped.length) throw new Error(`the response schema of ${method} ${url} drops ${dropped.join(', ')}`);
      return out;
    };
  });
}

/** Paths of properties present in `sent` (plain JSON) but missing from `out` (what the serializer wrote), at most 5. */
export function droppedPaths(sent: unknown, out: unknown, at = '$', acc: string[] = []): string[] {
  if (acc.length >= 5 || sent === null || typeof sent !== 'object' || out === null || typeof out !== 'object') return acc;
  if (Array.isArray(sent)) {
    if (Array.isArray(out)) sent.forEach((v, i) => droppedPaths(v, out[i], `${at}[${i}]`, acc));
    return acc;
  }
  for (const [k, v] of Object.entries(sent as Record<string, unknown>)) {
    if (acc.length >= 5) break;
    if (!(k in (out as object))) acc.push(`${at}.${k}`);
    else droppedPaths(v, (out as Record<string, unknown>)[k], `${at}.${k}`, acc);
  }
  return acc;
}

/**
 * Counts the route handlers still running, so that shutdown lets them finish before the database closes: a client
 * that hangs up ends its connection, and Fastify's close then no longer waits for the handler it started (seen at
 * the end of every load run: "Cannot use a pool after calling end on the pool"). Install before the routes. Returns
 * `drained(timeoutMs)`: resolves true when none is running, false at the timeout.
 */
export function installInFlight(app: FastifyInstance): (timeoutMs: number) => Promise<boolean> {
  let running = 0;
  let waiters: (() => void)[] = [];
  const done = () => {
    if (--running > 0) return;
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, req: FastifyRequest, reply: FastifyReply) {
      const out = (handler as (this: FastifyInstance, q: FastifyRequest, r: FastifyReply) => unknown).call(this, req, reply);
      if (out && typeof (out as Promise<unknown>).then === 'function') {
        running++;
        (out as Promise<unknown>).then(done, done);
      }
      return out;
    } as typeof route.handler;
  });
  return (timeoutMs) =>
    running === 0
      ? Promise.resolve(true)
      : new Promise((resolve) => {
          const timer = setTimeout(() => resolve(false), timeoutMs);
          waiters.push(() => {
            clearTimeout(timer);
            resolve(true);
          });
        });
}

const CLIENT_ERROR_STATUS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/**
 * Requests node's HTTP parser refuses before Fastify sees them (headers or URL over the limit, a malformed
 * Content-Length, a timeout): answered like every other error, `{code, message}` in Chinese, no-store and nosniff,
 * instead of Fastify's English default. The connection is closed after (the parser's state is unknown).
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: import('node:net').Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode = err.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : 'BAD_REQUEST';
  const status = new AppError(code).status;
  const body = JSON.stringify({ code, message: errorMessage(code, {}, 'zh') });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${CLIENT_ERROR_STATUS[status] ?? 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
