/**
 * 公众用户 on the portal (issue 16.1): sign-in by SMS code, the account, real-name details, legal persons and their
 * agents. Routes marked `config.applicant` need a portal session (cookie yc_applicant, resolved by this plugin's
 * hook; writes carry its CSRF token) — a staff session does not count here, nor a portal session on staff routes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ApplicantActor } from '../../platform/authz.js';
import { sendError } from '../../platform/http.js';
import { AppError } from '../../platform/errors.js';
import { IdParams, INT4_MAX, Text, errorResponses } from '../../platform/schemas.js';
import type { RoutePlugin, Services } from '../../services.js';
import { APPLICANT_COOKIE, profileOf, type RequestMeta } from './applicants.service.js';
import { OIDC_COOKIE, OIDC_PENDING_SECONDS } from './applicants.oidc.js';
import {
  AgentBody, ApplicantProfileSchema, CodeBody, CodeSentSchema, EntityBody, EntitySchema, MemberSchema, PortalSessionSchema,
  RealNameBody, SignInBody, SignInOptionsSchema, throttled,
} from './applicants.schemas.js';

declare module 'fastify' {
  interface FastifyRequest {
    applicant: ApplicantActor | null;
  }
}

const tags = ['网上办事：账号'];
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
export const requestMeta = (req: FastifyRequest): RequestMeta => ({ ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id });

/** The signed-in applicant of an applicant route (the hook guarantees one). */
export function applicantOf(req: FastifyRequest): ApplicantActor {
  if (!req.applicant) throw new AppError('APPLICANT_SESSION_REQUIRED');
  return req.applicant;
}

/** The portal session's cookie (Lax: the identity service's redirect back must carry it). */
export function setApplicantCookie(services: Services, reply: FastifyReply, token: string) {
  reply.setCookie(APPLICANT_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: services.config.auth.secureCookies, maxAge: services.config.applicants.absoluteHours * 3600 });
}

/** Resolves the portal session of `config.applicant` routes; a write must carry the session's CSRF token. */
export const applicantSessionHook = (services: Services) => async (req: FastifyRequest, reply: FastifyReply) => {
  if (!req.routeOptions.config.applicant) return;
  const token = req.cookies[APPLICANT_COOKIE];
  if (!token) return sendError(req, reply, 'APPLICANT_SESSION_REQUIRED');
  try {
    req.applicant = await services.applicants.resolve(token, requestMeta(req));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    reply.clearCookie(APPLICANT_COOKIE, { path: '/' });
    return sendError(req, reply, err.code);
  }
  if (!SAFE.has(req.method)) {
    const presented = req.headers['x-csrf-token'];
    if (!services.applicants.checkCsrf(req.applicant.sessionId ?? '', typeof presented === 'string' ? presented : undefined)) return sendError(req, reply, 'CSRF_INVALID');
  }
};

/** The portal session's view: the account, its CSRF token, the entities it acts for. */
export async function portalSession(services: Services, actor: ApplicantActor) {
  const [applicant, entities] = await Promise.all([services.applicants.find(actor.applicantId), services.entities.mine(actor)]);
  return { applicant: profileOf(applicant), csrfToken: services.applicants.csrfTokenOf(actor.sessionId ?? ''), entities };
}

const signInRoutes: RoutePlugin = async (app, { services }) => {
  const { applicants, config } = services;
  const perAddress = (max: number) => ({ max, timeWindow: '1 minute', keyGenerator: (req: FastifyRequest) => `${req.ip}|applicant` });

  app.get('/api/portal/auth/options', { config: { public: true }, schema: { tags, summary: '申请人登录方式', response: { 200: SignInOptionsSchema } } }, async () => ({
    oidc: config.applicants.oidc !== null,
    codeLength: 6,
  }));

  app.post(
    '/api/portal/auth/code',
    {
      config: { public: true, rateLimit: perAddress(20) },
      schema: { tags, summary: '获取短信验证码（同一号码 60 秒内只发一次，每天有上限）', body: CodeBody, response: { 200: CodeSentSchema, ...errorResponses, ...throttled } },
    },
    async (req) => applicants.sendCode(req.body.phone, 'login', requestMeta(req)),
  );

  app.post(
    '/api/portal/auth/login',
    {
      config: { public: true, rateLimit: perAddress(config.auth.loginRatePerMinute) },
      schema: { tags, summary: '验证码登录（首次登录即开户）', body: SignInBody, response: { 200: PortalSessionSchema, ...errorResponses, ...throttled } },
    },
    async (req, reply) => {
      const res = await applicants.signInWithCode(req.body.phone, req.body.code, requestMeta(req));
      setApplicantCookie(services, reply, res.token);
      return portalSession(services, res.actor);
    },
  );

  app.post('/api/portal/auth/logout', { config: { applicant: true }, schema: { tags, summary: '退出登录', response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await applicants.signOut(applicantOf(req));
    reply.clearCookie(APPLICANT_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });
};

const accountRoutes: RoutePlugin = async (app, { services }) => {
  const { applicants, entities } = services;
  app.get('/api/portal/me', { config: { applicant: true }, schema: { tags, summary: '我的账号（实名信息脱敏）', response: { 200: PortalSessionSchema, ...errorResponses } } }, async (req) =>
    portalSession(services, applicantOf(req)),
  );

  app.put(
    '/api/portal/me/real-name',
    { config: { applicant: true }, schema: { tags, summary: '填写实名信息（姓名、居民身份证号码，校验后保存）', body: RealNameBody, response: { 200: ApplicantProfileSchema, ...errorResponses } } },
    async (req) => applicants.setRealName(applicantOf(req), req.body),
  );

  app.post(
    '/api/portal/entities',
    { config: { applicant: true }, schema: { tags, summary: '登记法人（法定代表人本人）', body: EntityBody, response: { 200: EntitySchema, ...errorResponses } } },
    async (req) => entities.register(applicantOf(req), req.body),
  );

  app.get(
    '/api/portal/entities/:id/members',
    { config: { applicant: true }, schema: { tags, summary: '法人的经办人（法定代表人可见）', params: IdParams, response: { 200: Type.Array(MemberSchema), ...errorResponses } } },
    async (req) => entities.members(applicantOf(req), req.params.id),
  );

  app.post(
    '/api/portal/entities/:id/agents',
    { config: { applicant: true }, schema: { tags, summary: '授权经办人（按手机号）', params: IdParams, body: AgentBody, response: { 200: Type.Array(MemberSchema), ...errorResponses } } },
    async (req) => entities.grantAgent(applicantOf(req), req.params.id, req.body.phone),
  );

  app.delete(
    '/api/portal/entities/:id/agents/:applicantId',
    {
      config: { applicant: true },
      schema: {
        tags, summary: '撤销经办人授权',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: INT4_MAX }), applicantId: Type.Integer({ minimum: 1, maximum: INT4_MAX }) }, { additionalProperties: false }),
        response: { 200: Type.Array(MemberSchema), ...errorResponses },
      },
    },
    async (req) => entities.revokeAgent(applicantOf(req), req.params.id, req.params.applicantId),
  );
};

/**
 * 统一身份认证: start sends the browser to the provider (the pending sign-in in a sealed cookie); the provider sends it
 * back to the callback, which opens a portal session and goes on to the page the sign-in started from — or, when the
 * sign-in cannot finish, to the sign-in page with the reason.
 */
const oidcRoutes: RoutePlugin = async (app, { services }) => {
  const { applicants, config } = services;
  const cookiePath = '/api/portal/auth/oidc';
  const redirect = Type.Null({ description: '302 跳转' });

  app.get(
    '/api/portal/auth/oidc/start',
    {
      config: { public: true },
      schema: {
        tags, summary: '统一身份认证登录：跳转到认证服务',
        querystring: Type.Object({ returnTo: Type.Optional(Text(300)) }, { additionalProperties: false }),
        response: { 302: redirect, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (!services.oidc) throw new AppError('OIDC_NOT_CONFIGURED');
      const { url, cookie } = await services.oidc.start(req.query.returnTo);
      reply.setCookie(OIDC_COOKIE, cookie, { path: cookiePath, httpOnly: true, sameSite: 'lax', secure: config.auth.secureCookies, maxAge: OIDC_PENDING_SECONDS });
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/api/portal/auth/oidc/callback',
    {
      config: { public: true },
      schema: {
        tags, summary: '统一身份认证登录：认证服务回调（登录后跳回原页面）',
        // the provider's answer (RFC 6749 4.1.2 and 4.1.2.1, RFC 9207, OIDC session management)
        querystring: Type.Object(
          Object.fromEntries(['code', 'state', 'iss', 'scope', 'error', 'error_description', 'error_uri', 'session_state'].map((k) => [k, Type.Optional(Text(2000))])),
          { additionalProperties: false },
        ),
        response: { 302: redirect, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (!services.oidc || !config.applicants.oidc) throw new AppError('OIDC_NOT_CONFIGURED');
      reply.clearCookie(OIDC_COOKIE, { path: cookiePath });
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      try {
        const { person, returnTo } = await services.oidc.finish(new URL(config.applicants.oidc.redirectUri + query), req.cookies[OIDC_COOKIE]);
        const session = await applicants.signInWithPerson(person, requestMeta(req));
        setApplicantCookie(services, reply, session.token);
        return reply.redirect(returnTo, 302);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        req.log.warn({ code: err.code }, 'oidc sign-in did not finish');
        return reply.redirect(`/portal/sign-in?error=${encodeURIComponent(err.code)}&reason=${encodeURIComponent(String(err.params.reason ?? ''))}`, 302);
      }
    },
  );
};

export const applicantRoutes: RoutePlugin = async (app, deps) => {
  app.decorateRequest('applicant', null);
  app.addHook('onRequest', applicantSessionHook(deps.services));
  await app.register(signInRoutes, deps);
  await app.register(oidcRoutes, deps);
  await app.register(accountRoutes, deps);
};
