/** Operations endpoints: the health check (with the database). */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { sql } from 'drizzle-orm';
import { sendError } from '../../platform/http.js';
import type { Services } from '../../services.js';

export async function healthRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.get(
    '/api/health',
    { config: { public: true }, schema: { tags: ['运维'], summary: '健康检查（含数据库）', response: { 200: Type.Object({ status: Type.String(), database: Type.String() }) } } },
    async (req, reply) => {
      try {
        await services.database.db.execute(sql`select 1`);
        return { status: 'ok', database: services.database.kind };
      } catch {
        return sendError(req, reply, 'DATABASE_UNAVAILABLE');
      }
    },
  );
}
