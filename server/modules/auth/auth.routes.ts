import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Me, SessionView } from '../../../common/dto.js';
import type { UserActor } from '../../platform/authz.js';
import { actorOf } from '../../platform/http.js';
import { SessionSchema, Text, errorResponses } from '../../platform/schemas.js';
import type { Services } from '../../services.js';
import { allAbilities } from '../home/abilities.js';
import { identityRepo } from '../identity/identity.repository.js';
import { SESSION_COOKIE } from './auth.service.js';

export const metaOf = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id });

export const authRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
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

  app.post(
    '/api/auth/login',
    {
      config: {
        public: true,
        // Per account and address: a hall of clerks behind one NAT address can still log in at 9:00.
        rateLimit: {
          max: config.auth.loginRatePerMinute,
          timeWindow: '1 minute',
          keyGenerator: (req) => `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase().slice(0, 40)}`,
        },
      },
      schema: {
        tags: ['登录'], summary: '工作人员登录',
        body: Type.Object({ username: Text(40), password: Text(128) }, { additionalProperties: false }),
        response: { 200: SessionSchema, ...errorResponses, 423: errorResponses[401] },
      },
    },
    async (req, reply) => {
      const { token, actor } = await auth.login(req.body.username, req.body.password, metaOf(req));
      setCookie(reply, token);
      return sessionView(actor);
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
