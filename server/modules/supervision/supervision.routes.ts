/**
 * Supervision HTTP routes (电子监察): /api/supervision/… for staff, /api/public/lights/board for the
 * hall's light board. Request and response shapes in supervision.schemas.ts (their types are Static<> of them).
 */
import { Type } from 'typebox';
import { ALERT_ACTIONS, ALERT_CONCLUSIONS, ALERT_KINDS, ALERT_STATUSES, METRIC_DIMENSIONS } from '../../../common/supervision.js';
import { actorOf } from '../../platform/http.js';
import { DateString, ErrorBody, FileName, Id, IdParams, Int, MonthString, MultiText, PageQuery, Text, errorResponses, literals, obj, query } from '../../platform/schemas.js';
import type { RoutePlugin } from '../../services.js';
import {
  AlertDetailSchema, AlertPageSchema, DashboardSchema, DocSeriesListSchema, DocSeriesSchema, GapAttachmentFile, GapSchema, LightBoardSchema,
  LightOverviewSchema, LightRuleListSchema, LightRuleSchema, MonthlyReportFile, OffPlatformResultSchema, ScanResultSchema, SeriesNumbersSchema,
  ExplainGapBodySchema, OffPlatformBodySchema, SeriesBodySchema,
} from './supervision.schemas.js';

const tags = ['电子监察'];
const Days = Int(0, 60);
const RuleBody = obj({
  yellowPercent: Int(0, 100), yellowMinDays: Days, escalateAfterDays: Days, handoverDays: Days, signDays: Days, stepDays: Days,
});


/** 文号序列：号码、缺号说明、体外运行登记。 */
const docNoRoutes: RoutePlugin = async (app, { services }) => {
  const { docNos } = services;
  // ---- 文号序列
  app.get('/api/supervision/series', { schema: { tags, summary: '文号序列', querystring: query({ departmentId: Type.Optional(Id) }), response: { 200: DocSeriesListSchema, ...errorResponses } } }, async (req) =>
    docNos.listSeries(actorOf(req), req.query.departmentId));
  app.post('/api/supervision/series', { schema: { tags, summary: '新建文号序列', body: SeriesBodySchema, response: { 201: DocSeriesSchema, ...errorResponses } } }, async (req, reply) =>
    reply.code(201).send(await docNos.createSeries(actorOf(req), req.body)));
  app.put('/api/supervision/series/:id', { schema: { tags, summary: '修改文号序列', params: IdParams, body: SeriesBodySchema, response: { 200: DocSeriesSchema, ...errorResponses } } }, async (req) =>
    docNos.updateSeries(actorOf(req), req.params.id, req.body));
  app.get(
    '/api/supervision/series/:id/numbers',
    { schema: { tags, summary: '序列的文号与缺号', params: IdParams, querystring: query({ year: Int(2000, 2100) }), response: { 200: SeriesNumbersSchema, ...errorResponses } } },
    async (req) => docNos.numbers(actorOf(req), req.params.id, req.query.year),
  );
  app.post(
    '/api/supervision/gaps/:id/explain',
    {
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags, summary: '说明缺号（作废、预留、例外）', params: IdParams,
        body: ExplainGapBodySchema,
        response: { 200: GapSchema, ...errorResponses, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req) => docNos.explainGap(actorOf(req), req.params.id, req.body),
  );
  app.get('/api/supervision/gaps/:id/attachment', { schema: { tags, summary: '缺号说明的附件', params: IdParams, response: { 200: GapAttachmentFile, ...errorResponses } } }, async (req, reply) => {
    const f = await docNos.attachment(actorOf(req), req.params.id);
    return reply
      .header('content-type', f.mime)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
      .header('x-content-type-options', 'nosniff')
      .send(f.stream);
  });
  app.post(
    '/api/supervision/off-platform',
    { schema: { tags, summary: '体外登记结果（产生预警）', body: OffPlatformBodySchema, response: { 201: OffPlatformResultSchema, ...errorResponses } } },
    async (req, reply) => reply.code(201).send(await docNos.registerOffPlatform(actorOf(req), req.body)),
  );
};

/** 预警。 */
const alertRoutes: RoutePlugin = async (app, { services }) => {
  const { alerts } = services;
  // ---- 预警
  app.get(
    '/api/supervision/alerts',
    {
      schema: {
        tags, summary: '预警列表',
        querystring: query({
          status: Type.Optional(literals(ALERT_STATUSES)), kind: Type.Optional(literals(ALERT_KINDS)), departmentId: Type.Optional(Id),
          from: Type.Optional(DateString), to: Type.Optional(DateString), ...PageQuery,
        }),
        response: { 200: AlertPageSchema, ...errorResponses },
      },
    },
    async (req) => alerts.list(actorOf(req), req.query),
  );
  app.get('/api/supervision/alerts/:id', { schema: { tags, summary: '预警详情', params: IdParams, response: { 200: AlertDetailSchema, ...errorResponses } } }, async (req) => alerts.get(actorOf(req), req.params.id));
  app.post(
    '/api/supervision/alerts/:id/actions/:action',
    {
      schema: {
        tags, summary: '处理预警（核查、备注、办结）', params: obj({ id: Id, action: literals(ALERT_ACTIONS) }),
        body: obj({ note: MultiText(2000, 0), conclusion: Type.Optional(literals(ALERT_CONCLUSIONS)) }),
        response: { 200: AlertDetailSchema, ...errorResponses },
      },
    },
    async (req) => alerts.act(actorOf(req), req.params.id, req.params.action, req.body),
  );
};

/** 亮灯：规则、大屏与总览。 */
const lightRoutes: RoutePlugin = async (app, { services }) => {
  const { lights, scan } = services;
  // ---- 亮灯
  app.get('/api/supervision/light-rules', { schema: { tags, summary: '亮灯规则', response: { 200: LightRuleListSchema, ...errorResponses } } }, async (req) => lights.list(actorOf(req)));
  app.put('/api/supervision/light-rules/centre', { schema: { tags, summary: '中心默认亮灯规则', body: RuleBody, response: { 200: LightRuleSchema, ...errorResponses } } }, async (req) =>
    lights.setRule(actorOf(req), null, req.body));
  app.put(
    '/api/supervision/light-rules/items/:id',
    { schema: { tags, summary: '事项亮灯规则', params: IdParams, body: RuleBody, response: { 200: LightRuleSchema, ...errorResponses } } },
    async (req) => lights.setRule(actorOf(req), req.params.id, req.body),
  );
  app.delete('/api/supervision/light-rules/items/:id', { schema: { tags, summary: '删除事项亮灯规则', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await lights.removeItemRule(actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });
  app.get('/api/supervision/lights', { schema: { tags, summary: '亮灯监控（按部门、站点）', response: { 200: LightOverviewSchema, ...errorResponses } } }, async (req) => lights.overview(actorOf(req)));
  app.get(
    '/api/public/lights/board',
    {
      config: { public: true, rateLimit: { max: services.config.queue.publicRatePerMinute, timeWindow: '1 minute' } },
      schema: { tags: ['公开'], summary: '亮灯大屏（一个服务场所）', querystring: query({ siteId: Id }), response: { 200: LightBoardSchema, ...errorResponses, 429: ErrorBody } },
    },
    async (req) => lights.board(req.query.siteId),
  );
  app.post('/api/supervision/scan', { schema: { tags, summary: '立即巡检', response: { 200: ScanResultSchema, ...errorResponses } } }, async (req) => scan.runBy(actorOf(req)));
};

/** 统计分析与月报。 */
const metricRoutes: RoutePlugin = async (app, { services }) => {
  const { metrics } = services;
  // ---- 统计分析
  app.get(
    '/api/supervision/dashboard',
    {
      schema: {
        tags, summary: '统计分析',
        querystring: query({ from: DateString, to: DateString, dimension: literals(METRIC_DIMENSIONS), departmentId: Type.Optional(Id) }),
        response: { 200: DashboardSchema, ...errorResponses },
      },
    },
    async (req) => metrics.dashboard(actorOf(req), req.query),
  );
  app.get(
    '/api/supervision/reports/monthly',
    { schema: { tags, summary: '月报（.xlsx）', querystring: query({ month: MonthString }), response: { 200: MonthlyReportFile, ...errorResponses } } },
    async (req, reply) => {
      const r = await metrics.monthlyReport(actorOf(req), req.query.month);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(r.fileName)}`)
        .send(r.data);
    },
  );
};

export const supervisionRoutes: RoutePlugin = async (app, opts) => {
  await docNoRoutes(app, opts);
  await alertRoutes(app, opts);
  await lightRoutes(app, opts);
  await metricRoutes(app, opts);
};
