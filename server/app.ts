/** Builds the Fastify app from the modules. No listening, no database opening: main.ts does that. */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { installAuthentication, installErrorHandling, installInFlight, installLazySchemaCompilers, loggerOptions, sendError, clientErrorHandler } from './platform/http.js';
import { metaOf, authRoutes } from './modules/auth/auth.routes.js';
import { SESSION_COOKIE } from './modules/auth/auth.service.js';
import { APPLICANT_COOKIE } from './modules/applicants/applicants.service.js';
import { applicantRoutes } from './modules/applicants/applicants.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { queueRoutes } from './modules/queue/queue.routes.js';
import { caseRoutes } from './modules/cases/cases.routes.js';
import { ratingRoutes } from './modules/ratings/ratings.routes.js';
import { supervisionRoutes } from './modules/supervision/supervision.routes.js';
import { catalogRoutes } from './modules/catalog/catalog.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { installOperationIds } from './platform/openapi.js';
import { installHeaders } from './platform/headers.js';
import { installWeb } from './platform/web.js';
import { homeRoutes } from './modules/home/home.routes.js';
import { identityRoutes } from './modules/identity/identity.routes.js';
import { onlineRoutes } from './modules/online/online.routes.js';
import { licenseRoutes } from './modules/licenses/licenses.routes.js';
import { outboxRoutes } from './modules/outbox/outbox.routes.js';
import type { Services } from './services.js';

export async function buildApp(services: Services, opts: { logger?: boolean; logStream?: { write(line: string): void } } = {}): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    logger: opts.logger === false ? false : loggerOptions(config.logLevel, opts.logStream),
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    clientErrorHandler,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    // a URL the router cannot decode (%ED%A0%80) or a parameter beyond maxParamLength: 400 {code, message}, not Fastify's own body
    frameworkErrors: (_err, req, reply) => sendError(req, reply, 'VALIDATION_FAILED', { detail: 'URL' }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandling(app);
  installLazySchemaCompilers(app, { checkDropped: config.responseSchemaCheck });
  app.decorate('drained', installInFlight(app));
  await installHeaders(app, { secure: config.auth.secureCookies });
  await app.register(cookie);
  await app.register(rateLimit, { global: false, hook: 'preHandler', errorResponseBuilder: (_req, ctx) => ({ statusCode: ctx.statusCode, code: 'FST_ERR_RATE_LIMIT', message: 'rate limited' }) });
  installOperationIds(app);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Yichuang 一窗 API', version: '0.1.0', description: '一窗式综合受理信息平台接口。错误统一为 {code, message, requestId}。',
        license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      },
      servers: [{ url: '/', description: '本服务（同源）' }],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, applicantSession: { type: 'apiKey', in: 'cookie', name: APPLICANT_COOKIE } } },
      security: [{ session: [] }],
    },
  });
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config as object), public: true };
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', validatorUrl: null } });

  installAuthentication(app, {
    cookieName: SESSION_COOKIE,
    resolve: (token, req) => services.auth.resolve(token, metaOf(req)),
    checkCsrf: (sid, presented) => services.auth.checkCsrf(sid, presented),
  });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  const deps = { services };
  await app.register(healthRoutes, deps);
  await app.register(authRoutes, deps);
  await app.register(identityRoutes, deps);
  await app.register(calendarRoutes, deps);
  await app.register(outboxRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(homeRoutes, deps);
  await app.register(catalogRoutes, deps);
  await app.register(caseRoutes, deps);
  await app.register(queueRoutes, deps);
  await app.register(ratingRoutes, deps);
  await app.register(supervisionRoutes, deps);
  await app.register(applicantRoutes, deps);
  await app.register(onlineRoutes, deps);
  await app.register(licenseRoutes, deps);

  await installWeb(app);
  return app;
}
