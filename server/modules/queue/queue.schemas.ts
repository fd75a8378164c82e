/**
 * Schemas of the hall queue and appointment API (取号叫号、预约), and the types the services take and return derived
 * from them (Static): the shapes are defined once, the OpenAPI document describes every answer and fast-json-stringify
 * writes them. Instants are ISO 8601 texts in UTC, days YYYY-MM-DD, times of day HH:MM. The board's event stream
 * (text/event-stream) is outside the document: its message is common/queue-dto.ts's BoardEvent.
 */
import { Type, type Static } from 'typebox';
import { APPOINTMENT_STATUSES, PRIORITIES, TICKET_ACTIONS, TICKET_STATUSES, type TicketAction } from '../../../common/queue.js';
import { ClientKey, Id, Instant, MultiText, Nullable, Page, Text, WindowCategorySchema, literals, obj } from '../../platform/schemas.js';

const Day = Type.String({ format: 'date' });
const ClockTime = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: '时刻 HH:MM' });
const Count = Type.Integer({ minimum: 0 });
const Minutes = Nullable(Type.Number({ description: '分钟（保留 1 位小数）；无数据时为 null' }));
const PrioritySchema = literals(PRIORITIES);
const TicketStatusSchema = literals(TICKET_STATUSES);

/** waiting tickets per category (every category present, 0 when none waits) */
export const WaitingCountsSchema = Type.Object(
  { engineering: Count, business: Count, citizen: Count },
  { description: '各类别当前等候人数' },
);

/** GET /api/public/queue/kiosk (KioskView) */
export const KioskSchema = Type.Object({
  site: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }),
  categories: Type.Array(
    Type.Object({
      category: WindowCategorySchema,
      label: Type.String({ description: '类别名称' }),
      prefix: Type.String({ description: '号票前缀（如 A）' }),
      waiting: Count,
      openWindows: Type.Integer({ minimum: 0, description: '可办理该类别的在用窗口数' }),
    }),
  ),
  today: Type.String({ format: 'date', description: '服务日（北京时间）' }),
});
export type KioskView = Static<typeof KioskSchema>;

/** POST /api/public/queue/tickets (TicketIssued) */
export const TicketIssuedSchema = Type.Object({
  id: Type.Integer(),
  token: Type.String({ description: '查询排队位置（及二维码）用的令牌' }),
  ticketNo: Type.String({ description: '号票号，如 A001' }),
  category: WindowCategorySchema,
  priority: PrioritySchema,
  issuedAt: Instant(),
  ahead: Type.Integer({ minimum: 0, description: '同一队列中排在前面的人数' }),
  siteName: Type.String(),
  subItemName: Nullable(Type.String({ description: '取号时选择的事项（情形）' })),
});
export type TicketIssued = Static<typeof TicketIssuedSchema>;

/** GET /api/public/queue/tickets/{token} (TicketPlace) */
export const TicketPlaceSchema = Type.Object({
  ticketNo: Type.String(),
  status: TicketStatusSchema,
  statusLabel: Type.String(),
  category: WindowCategorySchema,
  priority: PrioritySchema,
  ahead: Type.Integer({ minimum: 0, description: '前面等候人数（非等候状态为 0）' }),
  windowName: Nullable(Type.String({ description: '已叫号或办理中时：请前往的窗口' })),
  issuedAt: Instant(),
  calledAt: Nullable(Instant()),
  siteName: Type.String(),
});
export type TicketPlace = Static<typeof TicketPlaceSchema>;

/** GET /api/public/queue/board (BoardView) */
export const BoardSchema = Type.Object({
  site: Type.Object({ id: Type.Integer(), name: Type.String() }),
  calls: Type.Array(
    Type.Object({
      ticketNo: Type.String(),
      windowCode: Type.String(),
      windowName: Type.String(),
      calledAt: Instant(),
      recall: Type.Boolean({ description: '是否为重呼' }),
    }),
    { description: '今日叫号，最新在前，至多 12 条' },
  ),
  waiting: WaitingCountsSchema,
  lastEventId: Type.Integer({ minimum: 0, description: '事件流的续传起点（?after= 或 Last-Event-ID）' }),
});
export type BoardView = Static<typeof BoardSchema>;

/** GET /api/public/appointments/days */
export const BookableDaysSchema = Type.Object({ days: Type.Array(Day, { description: '可预约的工作日（自明日起）' }) });

/** an appointment slot (SlotView): public slots, staff capacities, a capacity change */
export const SlotSchema = Type.Object({
  id: Type.Integer(),
  siteId: Type.Integer(),
  category: WindowCategorySchema,
  day: Day,
  start: ClockTime,
  end: ClockTime,
  capacity: Type.Integer({ minimum: 0, description: '号源容量' }),
  booked: Type.Integer({ minimum: 0, description: '已预约人数' }),
});
export type SlotView = Static<typeof SlotSchema>;

/** GET /api/public/appointments/slots and GET /api/queue/slots: a day's slots */
export const SlotListSchema = Type.Array(SlotSchema);

/** POST /api/public/appointments and …/cancel (AppointmentView) */
export const AppointmentSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String({ description: '6 位预约码（取号机凭此签到）' }),
  status: literals(APPOINTMENT_STATUSES),
  siteName: Type.String(),
  category: WindowCategorySchema,
  day: Day,
  start: ClockTime,
  end: ClockTime,
  name: Type.String({ description: '预约人姓名（脱敏）' }),
});
export type AppointmentView = Static<typeof AppointmentSchema>;

/** a ticket as staff see it (TicketStaffView) */
export const TicketSchema = Type.Object({
  id: Type.Integer(),
  ticketNo: Type.String(),
  category: WindowCategorySchema,
  priority: PrioritySchema,
  priorityReason: Nullable(Type.String({ description: '导办员设置绿色通道的原因' })),
  status: TicketStatusSchema,
  idNo: Nullable(Type.String({ description: '取号人身份证号（脱敏）' })),
  subItemId: Nullable(Type.Integer()),
  subItemName: Nullable(Type.String()),
  issuedAt: Instant(),
  calledAt: Nullable(Instant()),
  serveStartedAt: Nullable(Instant()),
  recalls: Type.Integer({ minimum: 0, description: '已重呼次数' }),
  windowName: Nullable(Type.String()),
  caseNos: Type.Array(Type.String(), { description: '凭此号受理的办件编号' }),
  allowedActions: Type.Array(literals(TICKET_ACTIONS), { description: '当前用户可执行的号票操作' }),
});
export type TicketStaffView = Static<typeof TicketSchema>;

/** GET /api/queue/tickets */
export const TicketPageSchema = Page(TicketSchema);

/** a window's calling console (WindowConsole) */
export const WindowConsoleSchema = Type.Object({
  window: Type.Object({
    id: Type.Integer(), code: Type.String(), name: Type.String(), categories: Type.Array(WindowCategorySchema), siteId: Type.Integer(),
  }),
  current: Nullable(TicketSchema),
  waiting: WaitingCountsSchema,
  noShowAfterRecalls: Type.Integer({ minimum: 0, description: '重呼几次后方可记为过号' }),
  applicantIdNo: Type.Optional(Nullable(Type.String({ description: '仅在 serve 之后：取号人完整身份证号，供受理表单使用（已留痕）' }))),
});
export type WindowConsole = Static<typeof WindowConsoleSchema>;

/** POST /api/queue/tickets/{id}/actions/{action}: the caller's window console when the ticket was at a window, else the ticket */
export const TicketActionResultSchema = Type.Union([WindowConsoleSchema, TicketSchema]);

/** GET /api/queue/stats (QueueStats) */
export const QueueStatsSchema = Type.Object({
  from: Day,
  to: Day,
  totals: Type.Object({ tickets: Count, served: Count, noShows: Count, avgWaitMinutes: Minutes, avgServiceMinutes: Minutes }),
  byHour: Type.Array(Type.Object({ hour: Type.Integer({ minimum: 0, maximum: 23 }), tickets: Count, noShows: Count, avgWaitMinutes: Minutes, avgServiceMinutes: Minutes })),
  byCategory: Type.Array(Type.Object({ category: WindowCategorySchema, tickets: Count, noShows: Count, avgWaitMinutes: Minutes, avgServiceMinutes: Minutes })),
  byWindow: Type.Array(Type.Object({ windowId: Type.Integer(), windowName: Type.String(), served: Count, noShows: Count, avgServiceMinutes: Minutes })),
  byClerk: Type.Array(Type.Object({ clerkId: Type.Integer(), clerkName: Type.String(), served: Count, noShows: Count, avgServiceMinutes: Minutes })),
  appointments: Type.Object(
    {
      booked: Type.Integer({ minimum: 0, description: '已预约且预约日未过' }),
      checkedIn: Type.Integer({ minimum: 0, description: '已签到取号' }),
      cancelled: Count,
      noShows: Type.Integer({ minimum: 0, description: '爽约（预约日已过仍未签到）' }),
    },
    { description: '期间内的预约' },
  ),
  journey: Type.Object(
    {
      cases: Type.Integer({ minimum: 0, description: '凭号受理的办件数' }),
      ticketToAcceptMinutes: Nullable(Type.Number({ description: '取号至受理的平均分钟数' })),
      acceptToDecisionDays: Nullable(Type.Number({ description: '受理至办结决定的平均工作日数' })),
      decisionToCollectDays: Nullable(Type.Number({ description: '办结至领取的平均工作日数' })),
    },
    { description: '取号 → 受理 → 决定 → 领取' },
  ),
  planner: Type.Object(
    {
      targetWaitMinutes: Type.Number({ description: '目标平均等候分钟数' }),
      hours: Type.Array(
        Type.Object({
          hour: Type.Integer({ minimum: 0, maximum: 23 }),
          arrivalsPerHour: Type.Number({ description: '每小时平均到达人数' }),
          avgServiceMinutes: Minutes,
          recommendedWindows: Type.Integer({ minimum: 0, description: '达到目标等候所需窗口数（Erlang C）' }),
          expectedWaitMinutes: Nullable(Type.Number({ description: '按建议窗口数的预计平均等候分钟数' })),
          observedWindows: Type.Number({ description: '该时段实际叫号的平均窗口数' }),
        }),
      ),
    },
    { description: '窗口测算（Erlang C）' },
  ),
});
export type QueueStats = Static<typeof QueueStatsSchema>;

/** POST /api/public/queue/tickets: by category, by an item searched at the kiosk, or by an appointment's check-in code */
export const TakeTicketBodySchema = obj({
  siteId: Id, clientKey: ClientKey, category: Type.Optional(WindowCategorySchema), subItemId: Type.Optional(Id),
  idNo: Type.Optional(Text(30, 0)), appointmentCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
});
export type TakeTicketBody = Static<typeof TakeTicketBodySchema>;

/** POST /api/public/appointments */
export const BookBodySchema = obj({
  slotId: Id, name: Text(50), idNo: Text(30, 0), phone: Text(20, 0), clientKey: ClientKey,
  /** 网上申办预审通过后预约：申办流水号（窗口凭票调取该申办）; empty: none */
  applicationNo: Type.Optional(Text(30, 0)),
});
export type BookBody = Static<typeof BookBodySchema>;

/** the bodies of POST /api/queue/tickets/{id}/actions/{action}, one per action */
export const TicketActionBodySchemas = {
  recall: obj({}),
  serve: obj({}),
  no_show: obj({}),
  finish: obj({}),
  transfer: obj({ category: Type.Optional(WindowCategorySchema), windowId: Type.Optional(Id), note: Type.Optional(MultiText(200, 0)) }),
  green: obj({ reason: MultiText(100, 0) }),
} satisfies Record<TicketAction, unknown>;
export type TicketActionBodies = { [A in TicketAction]: Static<(typeof TicketActionBodySchemas)[A]> };
