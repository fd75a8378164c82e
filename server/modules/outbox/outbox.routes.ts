import { Type } from 'typebox';
import { maskPhone } from '../../../common/masking.js';
import { actorOf } from '../../platform/http.js';
import { IdParams, Nullable, Page, PageQuery, errorResponses, literals, query } from '../../platform/schemas.js';
import type { RoutePlugin } from '../../services.js';
import { listSms } from '../notifications/sms.js';

const Status = literals(['pending', 'processing', 'done', 'dead'] as const);
const Message = Type.Object({
  id: Type.Integer(), topic: Type.String(), idempotencyKey: Type.String(), status: Status, attempts: Type.Integer(),
  lastError: Nullable(Type.String()), availableAt: Type.String(), createdAt: Type.String(), doneAt: Nullable(Type.String()),
});
const Sms = Type.Object({ id: Type.Integer(), phone: Type.String(), template: Type.String(), body: Type.String(), createdAt: Type.String() });

export const outboxRoutes: RoutePlugin = async (app, { services }) => {
  app.get(
    '/api/admin/outbox',
    { schema: { tags: ['运维'], summary: '消息队列（发件箱）', querystring: query({ status: Type.Optional(Status), ...PageQuery }), response: { 200: Page(Message), ...errorResponses } } },
    async (req) => {
      const res = await services.outbox.list(actorOf(req), { status: req.query.status, page: req.query.page ?? 1, pageSize: req.query.pageSize ?? 20 });
      return {
        total: res.total,
        items: res.items.map((m) => ({
          id: m.id, topic: m.topic, idempotencyKey: m.idempotencyKey, status: m.status as 'pending', attempts: m.attempts, lastError: m.lastError,
          availableAt: m.availableAt.toISOString(), createdAt: m.createdAt.toISOString(), doneAt: m.doneAt?.toISOString() ?? null,
        })),
      };
    },
  );
  app.post('/api/admin/outbox/:id/retry', { schema: { tags: ['运维'], summary: '重试失败消息', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await services.outbox.retry(actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });
  app.get(
    '/api/admin/sms',
    { schema: { tags: ['运维'], summary: '短信发件箱（开发通道）', querystring: query(PageQuery), response: { 200: Page(Sms), ...errorResponses } } },
    async (req) => {
      const res = await listSms(services.database, actorOf(req), { page: req.query.page ?? 1, pageSize: req.query.pageSize ?? 20 });
      return { total: res.total, items: res.items.map((s) => ({ id: s.id, phone: maskPhone(s.phone), template: s.template, body: s.body, createdAt: s.createdAt.toISOString() })) };
    },
  );
};
