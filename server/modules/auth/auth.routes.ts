import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { UserActor } from '../../platform/authz.js';
import { actorOf } from '../../platform/http.js';
import { SessionSchema, Text, errorResponses, type Me, type SessionView } from '../../platform/schemas.js';
import type { RoutePlugin, Services } from '../../services.js';
import { allAbilities } from '../home/abilities.js';
import { identityRepo } from '../identity/identity.repository.js';
import { SESSION_COOKIE, type SessionResult } from './auth.service.js';
import { AppError } from '../../platform/errors.js';

export const metaOf = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id });

const Ticket = Type.String({ minLength: 20, maxLength: 400, pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' });
const OtpCode = Type.String({ minLength: 6, maxLength: 6, pattern: '^[0-9]{6}$' });
const Enrolment = Type.Object({ secret: Type.String(), uri: Type.String(), issuer: Type.String(), account: Type.String() });
const MfaChallenge = Type.Object({
  mfa: Type.Object({ stage: Type.Union([Type.Literal('code'), Type.Literal('enrol')]), ticket: Type.String(), expiresInSeconds: Type.Integer() }),
});


/** What the sign-in routes share: the session's view and cookie, the throttles, Retry-After on the address throttle. */
function signInKit(services: Services) {
  const { auth, config } = services;

  const sessionView = async (actor: UserActor): Promise<SessionView> => {
    const db = services.database.db;
    const [user, dept, site] = await Promise.all([
      identityRepo.getUserRow(db, actor.userId),
      actor.departmentId ? identityRepo.findDepartment(db, actor.departmentId) : undefined,
      actor.siteId ? identityRepo.findSite(db, actor.siteId) : undefined,
    ]);
    const me: Me = {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      roles: actor.roles,
      department: dept ? { id: dept.id, name: dept.name } : null,
      site: site ? { id: site.id, name: site.name } : null,
      mustChangePassword: user?.mustChangePassword ?? false,
      abilities: allAbilities(actor),
    };
    return { user: me, csrfToken: auth.csrfTokenOf(actor.sessionId ?? '') };
  };

  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: config.auth.secureCookies,
      maxAge: config.auth.absoluteHours * 3600,
    });

  // Step 1 and 2 of a login are public and limited per address and account (@fastify/rate-limit, all
  // attempts) besides the service's own per-address count of failures (auth.service.ts).
  const loginLimit = {
    max: config.auth.loginRatePerMinute,
    timeWindow: '1 minute',
    keyGenerator: (req: FastifyRequest) => `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase().slice(0, 40)}`,
  };
  const ticketLimit = { ...loginLimit, keyGenerator: (req: FastifyRequest) => `${req.ip}|mfa` };
  const limited = { 429: errorResponses[401], 423: errorResponses[401] };

  /** A session's cookie and view; the 429 of the address throttle carries Retry-After. */
  const signIn = async (reply: FastifyReply, res: SessionResult) => {
    setCookie(reply, res.token);
    return sessionView(res.actor);
  };
  const withRetryAfter = async <T>(reply: FastifyReply, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      if (err instanceof AppError && err.code === 'RATE_LIMITED' && err.params.retryAfter) reply.header('retry-after', String(err.params.retryAfter));
      throw err;
    }
  };
  return { sessionView, setCookie, loginLimit, ticketLimit, limited, signIn, withRetryAfter };
}

/** 登录: password, then the second factor's code or its enrolment (public, throttled). */
const loginRoutes: RoutePlugin = async (app, { services }) => {
  const { auth } = services;
  const { loginLimit, ticketLimit, limited, signIn, withRetryAfter } = signInKit(services);
  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: loginLimit },
      schema: {
        tags: ['登录'], summary: '工作人员登录（第一步：用户名和密码；需要动态口令时返回 mfa 票据）',
        body: Type.Object({ username: Text(40), password: Text(128) }, { additionalProperties: false }),
        response: { 200: Type.Union([SessionSchema, MfaChallenge]), ...errorResponses, ...limited },
      },
    },
    async (req, reply) =>
      withRetryAfter(reply, async () => {
        const res = await auth.login(req.body.username, req.body.password, metaOf(req));
        if (res.kind === 'mfa') return { mfa: { stage: res.stage, ticket: res.ticket, expiresInSeconds: res.expiresInSeconds } };
        return signIn(reply, res);
      }),
  );

  app.post(
    '/api/auth/login/code',
    {
      config: { public: true, rateLimit: ticketLimit },
      schema: {
        tags: ['登录'], summary: '登录第二步：动态口令（每个口令只能使用一次，错误计入账号锁定）',
        body: Type.Object({ ticket: Ticket, code: OtpCode }, { additionalProperties: false }),
        response: { 200: SessionSchema, ...errorResponses, ...limited },
      },
    },
    async (req, reply) => withRetryAfter(reply, async () => signIn(reply, await auth.loginWithCode(req.body.ticket, req.body.code, metaOf(req)))),
  );

  app.post(
    '/api/auth/login/enrolment',
    {
      config: { public: true, rateLimit: ticketLimit },
      schema: {
        tags: ['登录'], summary: '登录时绑定动态口令：生成密钥（须使用动态口令的角色首次登录）',
        body: Type.Object({ ticket: Ticket }, { additionalProperties: false }),
        response: { 200: Enrolment, ...errorResponses, ...limited },
      },
    },
    async (req, reply) => withRetryAfter(reply, () => auth.startEnrolment({ ticket: req.body.ticket }, metaOf(req))),
  );

  app.post(
    '/api/auth/login/enrolment/confirm',
    {
      config: { public: true, rateLimit: ticketLimit },
      schema: {
        tags: ['登录'], summary: '登录时绑定动态口令：输入验证器中的口令确认并登录',
        body: Type.Object({ ticket: Ticket, code: OtpCode }, { additionalProperties: false }),
        response: { 200: SessionSchema, ...errorResponses, ...limited },
      },
    },
    async (req, reply) =>
      withRetryAfter(reply, async () => signIn(reply, (await auth.confirmEnrolment({ ticket: req.body.ticket }, req.body.code, metaOf(req)))!)),
  );
};

/** The signed-in account: its second factor, who it is, logout and password change. */
const accountRoutes: RoutePlugin = async (app, { services }) => {
  const { auth } = services;
  const { sessionView } = signInKit(services);
  app.get(
    '/api/auth/mfa',
    {
      config: { beforePasswordChange: true },
      schema: {
        tags: ['登录'], summary: '本人动态口令状态',
        response: { 200: Type.Object({ enrolled: Type.Boolean(), required: Type.Boolean(), enrolledAt: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (req) => auth.mfaStatus(actorOf(req)),
  );

  app.post(
    '/api/auth/mfa/enrolment',
    { schema: { tags: ['登录'], summary: '绑定动态口令（本人）：生成密钥', response: { 200: Enrolment, ...errorResponses } } },
    async (req) => auth.startEnrolment(actorOf(req), metaOf(req)),
  );

  app.post(
    '/api/auth/mfa/enrolment/confirm',
    {
      schema: {
        tags: ['登录'], summary: '绑定动态口令（本人）：输入口令确认',
        body: Type.Object({ code: OtpCode }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses, 423: errorResponses[401] },
      },
    },
    async (req, reply) => {
      await auth.confirmEnrolment(actorOf(req), req.body.code, metaOf(req));
      return reply.code(204).send(null);
    },
  );

  app.get('/api/auth/me', { config: { beforePasswordChange: true }, schema: { tags: ['登录'], summary: '当前用户', response: { 200: SessionSchema, ...errorResponses } } }, async (req) =>
    sessionView(actorOf(req)),
  );

  app.post('/api/auth/logout', { config: { beforePasswordChange: true }, schema: { tags: ['登录'], summary: '退出登录', response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await auth.logout(actorOf(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.post(
    '/api/auth/password',
    {
      config: { beforePasswordChange: true },
      schema: {
        tags: ['登录'], summary: '修改本人密码',
        body: Type.Object({ currentPassword: Text(128), newPassword: Text(128) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await auth.changePassword(actorOf(req), req.body.currentPassword, req.body.newPassword);
      return reply.code(204).send(null);
    },
  );
};

export const authRoutes: RoutePlugin = async (app, opts) => {
  await loginRoutes(app, opts);
  await accountRoutes(app, opts);
};
