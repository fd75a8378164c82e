import { Type } from 'typebox';
import { actorOf, langOf } from '../../platform/http.js';
import { DateString, Int, Items, MultiText, Text, errorResponses, literals, obj, query } from '../../platform/schemas.js';
import type { RoutePlugin } from '../../services.js';

const Override = Type.Object({
  date: Type.String(), kind: literals(['workday', 'holiday'] as const), note: Type.String(),
  updatedBy: Type.Union([Type.String(), Type.Null()]), updatedAt: Type.String(),
});
export const CalendarStatusSchema = Type.Object({
  today: Type.String(), todayIsWorkday: Type.Boolean(), builtinYears: Type.Object({ from: Type.Integer(), to: Type.Integer() }),
  confirmedYears: Type.Array(Type.Integer()), coveredUntilYear: Type.Integer(), warning: Type.Union([Type.String(), Type.Null()]),
  upcomingHolidays: Type.Array(Type.Object({ date: Type.String(), name: Type.String() })),
});
const RecomputeCounts = Type.Object({
  cases: Type.Integer({ description: '期限延伸至该年的在途办件数（逐件重算）' }),
  changed: Type.Integer({ description: '办结日有变化的办件数' }),
  notified: Type.Integer({ description: '因承诺办结日变化发送短信的办件数' }),
});
const ConfirmResult = Type.Object({ year: Type.Integer(), deadlines: RecomputeCounts });
const NoticePreview = Type.Object({
  year: Type.Integer(),
  days: Type.Array(Type.Object({
    date: Type.String(), kind: literals(['holiday', 'workday'] as const), name: Type.String(),
    currentlyWorkday: Type.Boolean({ description: '日历中该日现在是否为工作日' }), changes: Type.Boolean({ description: '确认后该日是否改变' }),
  })),
  warnings: Type.Array(Type.String()),
  confirmed: Type.Boolean({ description: '该年是否已确认' }),
});
const Day = Type.Object({ date: Type.String(), workday: Type.Boolean(), source: literals(['builtin', 'override', 'provisional', 'weekday'] as const), name: Type.Union([Type.String(), Type.Null()]), provisional: Type.Boolean({ description: '该年安排尚未确认（暂定）' }) });

const year = Int(2000, 2100);

/** What every signed-in user reads: coverage and warnings, the days of a month, the overrides, deadline arithmetic. */
const calendarReadRoutes: RoutePlugin = async (app, { services }) => {
  const svc = services.calendar;

  app.get('/api/calendar/status', { schema: { tags: ['工作日历'], summary: '日历覆盖情况与提醒', response: { 200: CalendarStatusSchema, ...errorResponses } } }, async (req) =>
    svc.status(actorOf(req), langOf(req)),
  );
  app.get(
    '/api/calendar/days',
    { schema: { tags: ['工作日历'], summary: '某月每日是否工作日', querystring: query({ year, month: Int(1, 12) }), response: { 200: Type.Object({ days: Type.Array(Day) }), ...errorResponses } } },
    async (req) => ({ days: await svc.days(actorOf(req), req.query.year, req.query.month) }),
  );
  app.get(
    '/api/calendar/overrides',
    { schema: { tags: ['工作日历'], summary: '日历调整列表', querystring: query({ year: Type.Optional(year) }), response: { 200: Items(Override), ...errorResponses } } },
    async (req) => {
      const list = await svc.listOverrides(actorOf(req), req.query.year);
      return { items: list.map((o) => ({ date: o.date, kind: o.kind as 'workday' | 'holiday', note: o.note, updatedBy: o.updatedBy, updatedAt: o.updatedAt.toISOString() })) };
    },
  );
  app.get(
    '/api/calendar/deadline',
    {
      schema: {
        tags: ['工作日历'], summary: '计算期限（起算日不计入）',
        querystring: query({ start: DateString, limit: Int(0, 3650), unit: Type.Optional(literals(['working', 'natural'] as const)) }),
        response: {
          200: Type.Object({ start: Type.String(), limit: Type.Integer(), unit: Type.String(), deadline: Type.String(), provisional: Type.Boolean({ description: '暂定：期限跨入节假日安排尚未确认的年份' }) }),
          ...errorResponses, 422: errorResponses[400],
        },
      },
    },
    async (req) => svc.compute(actorOf(req), req.query.start, req.query.limit, req.query.unit ?? 'working'),
  );
};

/** What the calendar's administrators change: days, the State Council's notice, a year's confirmation. */
const calendarAdminRoutes: RoutePlugin = async (app, { services }) => {
  const svc = services.calendar;
  app.put(
    '/api/calendar/overrides/:date',
    {
      schema: {
        tags: ['工作日历'], summary: '设置某日为工作日或节假日', params: obj({ date: DateString }),
        body: obj({ kind: literals(['workday', 'holiday'] as const), note: Text(60, 0) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await svc.setOverride(actorOf(req), req.params.date, req.body.kind, req.body.note);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/api/calendar/overrides/:date',
    { schema: { tags: ['工作日历'], summary: '删除日历调整', params: obj({ date: DateString }), response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await svc.removeOverride(actorOf(req), req.params.date);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/calendar/years/:year/confirm',
    {
      schema: {
        tags: ['工作日历'], summary: '确认某年节假日安排已完整录入（在途办件的暂定期限随之重算）', params: obj({ year }),
        response: { 200: ConfirmResult, ...errorResponses },
      },
    },
    async (req) => svc.confirmYear(actorOf(req), req.params.year),
  );
  app.post(
    '/api/calendar/notice/preview',
    {
      schema: {
        tags: ['工作日历'], summary: '解析国务院办公厅节假日安排通知（预览，不保存）',
        body: obj({ text: MultiText(20_000, 1), year: Type.Optional(year) }),
        response: { 200: NoticePreview, ...errorResponses, 422: errorResponses[400] },
      },
    },
    async (req) => svc.previewNotice(actorOf(req), req.body.text, req.body.year),
  );
  app.post(
    '/api/calendar/years/:year/notice',
    {
      schema: {
        tags: ['工作日历'], summary: '按通知录入该年放假和调休日期并确认年度（在途办件的暂定期限随之重算）',
        params: obj({ year }), body: obj({ text: MultiText(20_000, 1), warningsChecked: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ year: Type.Integer(), days: Type.Integer(), deadlines: RecomputeCounts }), ...errorResponses, 422: errorResponses[400] },
      },
    },
    async (req) => svc.applyNotice(actorOf(req), req.params.year, req.body.text, req.body.warningsChecked ?? false),
  );
};

export const calendarRoutes: RoutePlugin = async (app, opts) => {
  await calendarReadRoutes(app, opts);
  await calendarAdminRoutes(app, opts);
};
