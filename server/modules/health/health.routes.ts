/**
 * Operations endpoints: liveness (`/api/health/live`, no database), readiness (`/api/health/ready`, database
 * reachable and migrated) and `/api/health` (kept for scripts and tests: the readiness check).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { sendError } from '../../platform/http.js';
import type { Services } from '../../services.js';
import { HealthService } from './health.service.js';

const tags = ['运维'];
const Ready = Type.Object({ status: Type.String(), database: Type.String() });
const Problem = Type.Object({ code: Type.String(), message: Type.String(), requestId: Type.String() });

export async function healthRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const health = new HealthService(services.database);
  const ready = async (req: FastifyRequest, reply: FastifyReply) => {
    const r = await health.readiness();
    if (!r.ready) return sendError(req, reply, r.reason);
    reply.header('cache-control', 'no-store');
    return { status: 'ok', database: services.database.kind };
  };
  app.get(
    '/api/health/live',
    { config: { public: true }, schema: { tags, summary: '存活探针（进程在响应；不访问数据库）', response: { 200: Type.Object({ status: Type.String() }) } } },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      return { status: 'ok' };
    },
  );
  app.get(
    '/api/health/ready',
    { config: { public: true }, schema: { tags, summary: '就绪探针（数据库可用且迁移已完成；否则 503 并带 Retry-After）', response: { 200: Ready, 503: Problem } } },
    ready,
  );
  app.get('/api/health', { config: { public: true }, schema: { tags, summary: '健康检查（同就绪探针）', response: { 200: Ready, 503: Problem } } }, ready);
}
