import { Type } from 'typebox';
import { TICKET_ACTIONS, TICKET_STATUSES } from '../../../common/queue.js';
import { WINDOW_CATEGORIES } from '../../../common/roles.js';
import { actorOf } from '../../platform/http.js';
import { DateString, EventStream, IdParams, Int, PageQuery, Text, errorResponses, literals, obj, query, Id } from '../../platform/schemas.js';
import type { RoutePlugin } from '../../services.js';
import {
  AppointmentSchema, BoardSchema, BookBodySchema, BookableDaysSchema, KioskSchema, QueueStatsSchema, SlotListSchema, SlotSchema, TakeTicketBodySchema,
  TicketActionBodySchemas, TicketActionResultSchema, TicketIssuedSchema, TicketPageSchema, TicketPlaceSchema, WindowConsoleSchema,
} from './queue.schemas.js';
import { queueStats } from './queue.stats.js';

const Category = literals(WINDOW_CATEGORIES);
const SiteQuery = query({ siteId: Id });

/** How often an open board stream looks for new events (the board must update within 1 s). */
const STREAM_POLL_MS = 250;
const STREAM_HEARTBEAT_MS = 15_000;
/** the board's resume point from Last-Event-ID or ?after: a safe non-negative integer, anything else starts at 0 */
const eventIdOf = (v: unknown): number => {
  const n = typeof v === 'string' && /^[0-9]{1,15}$/.test(v) ? Number(v) : typeof v === 'number' ? v : 0;
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
};


/** 公开：取号机、号票、叫号屏与其事件流。 */
const publicTicketRoutes: RoutePlugin = async (app, { services }) => {
  const { queue } = services;
  const publicTags = ['大厅（公开）'];
  const limited = { public: true, rateLimit: { max: services.config.queue.publicRatePerMinute, timeWindow: '1 minute' } };
  // ---- public: kiosk, ticket, board, stream
  app.get('/api/public/queue/kiosk', { config: { public: true }, schema: { tags: publicTags, summary: '取号机：类别与等候人数', querystring: SiteQuery, response: { 200: KioskSchema, ...errorResponses } } }, async (req) =>
    queue.kiosk(req.query.siteId),
  );
  app.post(
    '/api/public/queue/tickets',
    {
      config: limited,
      schema: {
        tags: publicTags, summary: '取号（按类别、事项、身份证或预约码）',
        body: TakeTicketBodySchema,
        response: { 200: TicketIssuedSchema, ...errorResponses },
      },
    },
    async (req) => queue.takeTicket(req.body),
  );
  app.get(
    '/api/public/queue/tickets/:token',
    { config: { public: true }, schema: { tags: publicTags, summary: '我的排队位置', params: obj({ token: Type.String({ minLength: 8, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }) }), response: { 200: TicketPlaceSchema, ...errorResponses } } },
    async (req) => queue.place(req.params.token),
  );
  app.get('/api/public/queue/board', { config: { public: true }, schema: { tags: publicTags, summary: '叫号屏初始状态', querystring: SiteQuery, response: { 200: BoardSchema, ...errorResponses } } }, async (req) =>
    queue.board(req.query.siteId),
  );
};

/** 公开：叫号屏的事件流（Server-Sent Events）。 */
const boardStreamRoutes: RoutePlugin = async (app, { services }) => {
  const { queue } = services;
  const publicTags = ['大厅（公开）'];
  const streams = new Set<() => void>();
  // preClose, not onClose: the server cannot finish closing while a board keeps its connection open
  app.addHook('preClose', async () => {
    for (const close of streams) close();
  });
  app.get(
    '/api/public/queue/stream',
    {
      config: { public: true },
      schema: { tags: publicTags, summary: '叫号屏事件流（text/event-stream，来自数据库，多进程一致）', querystring: query({ siteId: Id, after: Type.Optional(Int(0, Number.MAX_SAFE_INTEGER)) }), response: { 200: EventStream, 400: errorResponses[400], 404: errorResponses[404] } },
    },
    async (req, reply) => {
      const siteId = req.query.siteId;
      await queue.kiosk(siteId); // 404 for an unknown site, before the stream opens
      let last = eventIdOf(req.headers['last-event-id'] ?? req.query.after);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write('retry: 1000\n\n');
      let open = true;
      let busy = false;
      const tick = async () => {
        if (!open || busy) return;
        busy = true;
        try {
          for (const e of await queue.eventsAfter(siteId, last)) {
            last = e.id;
            res.write(`id: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`);
          }
        } catch (err) {
          req.log.warn({ err }, 'board stream poll failed');
        } finally {
          busy = false;
        }
      };
      const poll = setInterval(() => void tick(), STREAM_POLL_MS);
      const beat = setInterval(() => open && res.write(': keep-alive\n\n'), STREAM_HEARTBEAT_MS);
      const close = () => {
        if (!open) return;
        open = false;
        clearInterval(poll);
        clearInterval(beat);
        streams.delete(close);
        res.end();
      };
      streams.add(close);
      req.raw.on('close', close);
    },
  );
};

/** 公开：预约。 */
const publicAppointmentRoutes: RoutePlugin = async (app, { services }) => {
  const { appointments } = services;
  const publicTags = ['大厅（公开）'];
  const limited = { public: true, rateLimit: { max: services.config.queue.publicRatePerMinute, timeWindow: '1 minute' } };
  // ---- public: appointments
  app.get('/api/public/appointments/days', { config: { public: true }, schema: { tags: publicTags, summary: '可预约日期', querystring: SiteQuery, response: { 200: BookableDaysSchema, ...errorResponses } } }, async (req) =>
    appointments.days(req.query.siteId),
  );
  app.get(
    '/api/public/appointments/slots',
    { config: { public: true }, schema: { tags: publicTags, summary: '预约时段与余量', querystring: query({ siteId: Id, category: Category, day: DateString }), response: { 200: SlotListSchema, ...errorResponses } } },
    async (req) => appointments.slots(req.query),
  );
  app.post(
    '/api/public/appointments',
    { config: limited, schema: { tags: publicTags, summary: '预约', body: BookBodySchema, response: { 200: AppointmentSchema, ...errorResponses } } },
    async (req) => appointments.book(req.body),
  );
  app.post(
    '/api/public/appointments/cancel',
    { config: limited, schema: { tags: publicTags, summary: '取消预约', body: obj({ code: Type.String({ pattern: '^[0-9]{6}$' }), idNo: Text(30, 0) }), response: { 200: AppointmentSchema, ...errorResponses } } },
    async (req) => appointments.cancel(req.body),
  );
};

/** 工作人员：窗口叫号、号票动作、号源与统计。 */
const staffQueueRoutes: RoutePlugin = async (app, { services }) => {
  const { queue, appointments } = services;
  const tags = ['取号叫号'];
  // ---- staff
  app.get('/api/queue/windows/:id', { schema: { tags, summary: '窗口叫号台', params: IdParams, response: { 200: WindowConsoleSchema, ...errorResponses } } }, async (req) => queue.console(actorOf(req), req.params.id));
  app.post('/api/queue/windows/:id/call-next', { schema: { tags, summary: '叫下一个号（公平优先规则）', params: IdParams, response: { 200: WindowConsoleSchema, ...errorResponses } } }, async (req) =>
    queue.callNext(actorOf(req), req.params.id),
  );
  for (const action of TICKET_ACTIONS) {
    app.post(
      `/api/queue/tickets/:id/actions/${action}`,
      { schema: { tags, summary: `号票操作：${action}`, params: IdParams, body: TicketActionBodySchemas[action], response: { 200: TicketActionResultSchema, ...errorResponses } } },
      async (req) => queue.act(actorOf(req), req.params.id, action, req.body),
    );
  }
  app.get(
    '/api/queue/tickets',
    { schema: { tags, summary: '今日号票', querystring: query({ siteId: Type.Optional(Id), status: Type.Optional(literals(TICKET_STATUSES)), ...PageQuery }), response: { 200: TicketPageSchema, ...errorResponses } } },
    async (req) => {
      const { page = 1, pageSize = 20, ...f } = req.query;
      return queue.tickets(actorOf(req), { ...f, page, pageSize });
    },
  );
  app.get('/api/queue/slots', { schema: { tags, summary: '预约号源', querystring: query({ siteId: Id, day: DateString }), response: { 200: SlotListSchema, ...errorResponses } } }, async (req) =>
    appointments.staffSlots(actorOf(req), req.query),
  );
  app.put('/api/queue/slots/:id', { schema: { tags, summary: '调整号源容量', params: IdParams, body: obj({ capacity: Int(0, 1000) }), response: { 200: SlotSchema, ...errorResponses } } }, async (req) =>
    appointments.setCapacity(actorOf(req), req.params.id, req.body.capacity),
  );
  app.get(
    '/api/queue/stats',
    {
      schema: {
        tags, summary: '大厅统计与窗口测算（Erlang C）',
        querystring: query({ siteId: Id, from: Type.Optional(DateString), to: Type.Optional(DateString), targetWaitMinutes: Type.Optional(Type.Number({ minimum: 0.5, maximum: 240 })) }),
        response: { 200: QueueStatsSchema, ...errorResponses },
      },
    },
    async (req) => {
      const today = services.clock.today();
      const to = req.query.to ?? today;
      const from = req.query.from ?? to;
      return queueStats(services.database, actorOf(req), { siteId: req.query.siteId, from, to, targetWaitMinutes: req.query.targetWaitMinutes ?? 10, today });
    },
  );
};

export const queueRoutes: RoutePlugin = async (app, opts) => {
  await publicTicketRoutes(app, opts);
  await boardStreamRoutes(app, opts);
  await publicAppointmentRoutes(app, opts);
  await staffQueueRoutes(app, opts);
};
