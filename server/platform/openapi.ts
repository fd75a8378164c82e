/**
 * The OpenAPI document's operation ids (issue 15.2): a route that names none gets one from its method and URL,
 * so every operation has a stable, unique id for the generated client — GET /api/cases/:id/events →
 * `getCasesByIdEvents`, POST /api/public/progress → `postPublicProgress`.
 */
import type { FastifyInstance } from 'fastify';

const camel = (s: string) => s.replace(/[-_.]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string) => { const c = camel(s); return c.charAt(0).toUpperCase() + c.slice(1); };

export function operationIdOf(method: string, url: string): string {
  const parts = url.replace(/^\/api\/?/, '').split('/').filter(Boolean)
    .map((seg) => (seg.startsWith(':') ? `By${pascal(seg.slice(1))}` : pascal(seg)));
  return `${method.toLowerCase()}${parts.join('')}`;
}

/**
 * Before the swagger plugin reads the routes: every documented route without an operationId gets one, and a public
 * route (`config.public`: no session needed) says so with an empty `security`, an applicant's route (`config.applicant`)
 * names the portal session, overriding the document's staff session.
 */
export function installOperationIds(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const schema = route.schema as { hide?: boolean; operationId?: string; security?: unknown[] } | undefined;
    if (!schema || schema.hide || methods.length !== 1 || methods[0] === 'HEAD') return;
    const config = route.config as { public?: boolean; applicant?: boolean } | undefined;
    const security = config?.public === true ? [] : config?.applicant === true ? [{ applicantSession: [] }] : undefined;
    route.schema = {
      ...schema,
      operationId: schema.operationId ?? operationIdOf(methods[0]!, route.url),
      ...(security && !schema.security ? { security } : {}),
    } as typeof route.schema;
  });
}
