/**
 * The supervision API (电子监察): document-number series and gaps, off-platform registration,
 * alerts, light rules and boards, the dashboard and the monthly report.
 */
import { anonymousClient, client, data, type ApiAnswer, type ApiBody, type ApiQuery } from './http';
import type { paths } from './openapi.gen';

export type DocSeriesView = ApiAnswer<'/api/supervision/series'>[number];
export type SeriesBody = ApiBody<'/api/supervision/series'>;
export type SeriesNumbers = ApiAnswer<'/api/supervision/series/{id}/numbers'>;
export type GapView = ApiAnswer<'/api/supervision/gaps/{id}/explain', 'post'>;
export type ExplainGapBody = ApiBody<'/api/supervision/gaps/{id}/explain'>;
export type OffPlatformBody = ApiBody<'/api/supervision/off-platform'>;
export type OffPlatformResult = ApiAnswer<'/api/supervision/off-platform', 'post'>;
export type AlertQuery = ApiQuery<'/api/supervision/alerts'>;
export type AlertPage = ApiAnswer<'/api/supervision/alerts'>;
export type AlertRow = AlertPage['items'][number];
export type AlertDetail = ApiAnswer<'/api/supervision/alerts/{id}'>;
export type AlertActionBody = ApiBody<'/api/supervision/alerts/{id}/actions/{action}'>;
export type LightRuleView = ApiAnswer<'/api/supervision/light-rules'>[number];
export type LightRuleBody = ApiBody<'/api/supervision/light-rules/centre', 'put'>;
export type LightOverview = ApiAnswer<'/api/supervision/lights'>;
export type LightCounts = LightOverview['counts'];
export type LightBoard = ApiAnswer<'/api/public/lights/board'>;
export type LightCaseView = LightBoard['cases'][number];
export type ScanResult = ApiAnswer<'/api/supervision/scan', 'post'>;
export type DashboardQuery = ApiQuery<'/api/supervision/dashboard'>;
export type Dashboard = ApiAnswer<'/api/supervision/dashboard'>;
export type MetricRow = Dashboard['rows'][number];

type AlertAction = NonNullable<paths['/api/supervision/alerts/{id}/actions/{action}']['post']>['parameters']['path']['action'];

export const supervisionApi = {
  // 文号序列 and 缺号说明
  series: (departmentId?: number) => data(client.GET('/api/supervision/series', { params: { query: { departmentId } } })),
  createSeries: (body: SeriesBody) => data(client.POST('/api/supervision/series', { body })),
  updateSeries: (id: number, body: SeriesBody) => data(client.PUT('/api/supervision/series/{id}', { params: { path: { id } }, body })),
  numbers: (id: number, year: number) =>
    data(client.GET('/api/supervision/series/{id}/numbers', { params: { path: { id }, query: { year } } })),
  explainGap: (gapId: number, body: ExplainGapBody) =>
    data(client.POST('/api/supervision/gaps/{id}/explain', { params: { path: { id: gapId } }, body })),
  /** download URL of a gap's attachment (opened in a new tab; the session cookie authorizes it) */
  gapAttachmentUrl: (gapId: number) => `/api/supervision/gaps/${gapId}/attachment`,
  offPlatform: (body: OffPlatformBody) => data(client.POST('/api/supervision/off-platform', { body })),

  // 预警
  alerts: (query: AlertQuery) => data(client.GET('/api/supervision/alerts', { params: { query } })),
  alert: (id: number) => data(client.GET('/api/supervision/alerts/{id}', { params: { path: { id } } })),
  alertAction: (id: number, action: AlertAction, body: AlertActionBody) =>
    data(client.POST('/api/supervision/alerts/{id}/actions/{action}', { params: { path: { id, action } }, body })),

  // 亮灯
  lightRules: () => data(client.GET('/api/supervision/light-rules')),
  setCentreRule: (body: LightRuleBody) => data(client.PUT('/api/supervision/light-rules/centre', { body })),
  setItemRule: (itemId: number, body: ApiBody<'/api/supervision/light-rules/items/{id}', 'put'>) =>
    data(client.PUT('/api/supervision/light-rules/items/{id}', { params: { path: { id: itemId } }, body })),
  removeItemRule: (itemId: number) => data(client.DELETE('/api/supervision/light-rules/items/{id}', { params: { path: { id: itemId } } })),
  lights: () => data(client.GET('/api/supervision/lights')),
  /** 亮灯大屏 of a site (public, no login) */
  lightBoard: (siteId: number) => data(anonymousClient.GET('/api/public/lights/board', { params: { query: { siteId } } })),
  /** 立即巡检: overdue, escalation, step limits, volume, default ratings, rollups */
  scan: () => data(client.POST('/api/supervision/scan')),

  // 统计分析
  dashboard: (query: DashboardQuery) => data(client.GET('/api/supervision/dashboard', { params: { query } })),
  /** 月报.xlsx download URL (GET with the session cookie) */
  monthlyReportUrl: (month: string) => `/api/supervision/reports/monthly?month=${encodeURIComponent(month)}`,
};
