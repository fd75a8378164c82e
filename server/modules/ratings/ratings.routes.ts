/** 好差评 HTTP routes (staff under /api/ratings, public under /api/public/ratings). */
import { Type } from 'typebox';
import {
  RATER_CHANNELS, RATING_REASONS, RATING_STAGES, RECTIFICATION_ACTIONS, RECTIFICATION_STATUSES, SATISFACTION_DIMENSIONS, type RatingLevel,
} from '../../../common/ratings.js';
import { actorOf } from '../../platform/http.js';
import { DateString, Id, IdParams, Int, MonthString, MultiText, PageQuery, errorResponses, literals, obj, query } from '../../platform/schemas.js';
import type { RoutePlugin } from '../../services.js';
import {
  MyRatingPageSchema, RaterContactSchema, RatingInvitationSchema, RatingPageSchema, RectificationActionBodySchemas, RectificationDetailSchema,
  RectificationPageSchema, SatisfactionReportSchema, WindowRatingSchema,
} from './ratings.schemas.js';
import type { RateBody } from './ratings.service.js';

const Token = Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
/** 1 非常满意 … 5 非常不满意: an integer 1–5 on the wire, typed as the level it is */
const Level = Type.Unsafe<RatingLevel>(Int(1, 5));

/** 公开：评价页、评价器、提交评价。 */
const publicRatingRoutes: RoutePlugin = async (app, { services }) => {
  const { ratings } = services;
  const publicTags = ['好差评（公开）'];
  // Token look-ups are limited like the progress page; the window device polls its own window freely (nothing personal in it).
  const lookup = { public: true, rateLimit: { max: services.config.progressRatePerMinute, timeWindow: '1 minute' } };
  const submit = { public: true, rateLimit: { max: services.config.queue.publicRatePerMinute, timeWindow: '1 minute' } };
  // ---- public
  app.get(
    '/api/public/ratings/window/:windowId',
    { config: { public: true }, schema: { tags: publicTags, summary: '窗口评价器：本窗口 30 分钟内待评价的服务', params: obj({ windowId: Id }), response: { 200: WindowRatingSchema, ...errorResponses } } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return ratings.forWindow(req.params.windowId);
    },
  );
  app.get(
    '/api/public/ratings/:token',
    { config: lookup, schema: { tags: publicTags, summary: '评价页：评价的服务与是否已评价', params: obj({ token: Token }), response: { 200: RatingInvitationSchema, ...errorResponses } } },
    async (req) => ratings.invitation(req.params.token),
  );
  app.post(
    '/api/public/ratings',
    {
      config: submit,
      schema: {
        tags: publicTags, summary: '提交评价（每次服务一次；差评须选择原因或填写意见）',
        body: obj({
          token: Token, level: Level, channel: literals(RATER_CHANNELS),
          reasons: Type.Optional(Type.Array(literals(RATING_REASONS), { maxItems: RATING_REASONS.length })),
          comment: Type.Optional(MultiText(500, 0)),
        }),
        response: { 200: RatingInvitationSchema, ...errorResponses },
      },
    },
    async (req) => {
      const b = req.body;
      const body: RateBody = { token: b.token, level: b.level, channel: b.channel, reasons: b.reasons ?? [], comment: b.comment ?? '' };
      return ratings.rate(body, { requestId: req.id, ip: req.ip });
    },
  );
};

/** 工作人员：评价、整改、月报。 */
const staffRatingRoutes: RoutePlugin = async (app, { services }) => {
  const { ratings } = services;
  const tags = ['好差评'];
  // Token look-ups are limited like the progress page; the window device polls its own window freely (nothing personal in it).
  // ---- staff
  app.get(
    '/api/ratings',
    {
      schema: {
        tags, summary: '评价列表（按权限范围）',
        querystring: query({
          from: Type.Optional(DateString), to: Type.Optional(DateString), level: Type.Optional(Level), bad: Type.Optional(Type.Boolean()),
          stage: Type.Optional(literals(RATING_STAGES)), siteId: Type.Optional(Id), departmentId: Type.Optional(Id), ...PageQuery,
        }),
        response: { 200: RatingPageSchema, ...errorResponses },
      },
    },
    async (req) => ratings.lists.ratings(actorOf(req), req.query),
  );
  app.get(
    '/api/ratings/mine',
    { schema: { tags, summary: '我的评价（不含评价人信息）', querystring: query({ from: Type.Optional(DateString), to: Type.Optional(DateString), ...PageQuery }), response: { 200: MyRatingPageSchema, ...errorResponses } } },
    async (req) => ratings.lists.mine(actorOf(req), req.query),
  );
  app.get(
    '/api/ratings/rectifications',
    {
      schema: {
        tags, summary: '差评整改工单',
        querystring: query({
          status: Type.Optional(literals(RECTIFICATION_STATUSES)), light: Type.Optional(literals(['green', 'yellow', 'red'] as const)),
          open: Type.Optional(Type.Boolean()), siteId: Type.Optional(Id), departmentId: Type.Optional(Id), ...PageQuery,
        }),
        response: { 200: RectificationPageSchema, ...errorResponses },
      },
    },
    async (req) => ratings.lists.rectificationList(actorOf(req), req.query),
  );
  app.get('/api/ratings/rectifications/:id', { schema: { tags, summary: '整改工单详情', params: IdParams, response: { 200: RectificationDetailSchema, ...errorResponses } } }, async (req) =>
    ratings.rectifications.detail(actorOf(req), req.params.id),
  );
  for (const action of RECTIFICATION_ACTIONS) {
    app.post(
      `/api/ratings/rectifications/:id/actions/${action}`,
      { schema: { tags, summary: `整改工单操作：${action}`, params: IdParams, body: RectificationActionBodySchemas[action], response: { 200: RectificationDetailSchema, ...errorResponses } } },
      async (req) => ratings.rectifications.act(actorOf(req), req.params.id, action, req.body),
    );
  }
  app.post('/api/ratings/rectifications/:id/rater', { schema: { tags, summary: '回访：查看评价人完整联系方式（留痕）', params: IdParams, response: { 200: RaterContactSchema, ...errorResponses } } }, async (req) =>
    ratings.rectifications.revealRater(actorOf(req), req.params.id),
  );
  app.get(
    '/api/ratings/satisfaction',
    {
      schema: {
        tags, summary: '满意度月报（按窗口、人员、部门）',
        querystring: query({ month: MonthString, dimension: literals(SATISFACTION_DIMENSIONS), siteId: Type.Optional(Id) }),
        response: { 200: SatisfactionReportSchema, ...errorResponses },
      },
    },
    async (req) => ratings.lists.satisfaction(actorOf(req), req.query),
  );
};

export const ratingRoutes: RoutePlugin = async (app, opts) => {
  await publicRatingRoutes(app, opts);
  await staffRatingRoutes(app, opts);
};
