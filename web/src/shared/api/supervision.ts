/**
 * The supervision API (电子监察): document-number series and gaps, off-platform registration,
 * alerts, light rules and boards, the dashboard and the monthly report. Shapes in `@common/supervision-dto`.
 */
import type {
  AlertActionBody, AlertDetail, AlertPage, AlertQuery, Dashboard, DashboardQuery, DocSeriesView, ExplainGapBody, GapView, LightBoard,
  LightOverview, LightRuleBody, LightRuleView, OffPlatformBody, OffPlatformResult, ScanResult, SeriesBody, SeriesNumbers,
} from '@common/supervision-dto';
import type { AlertAction } from '@common/supervision';
import { http } from './http';

export type {
  AlertDetail, AlertPage, AlertQuery, Dashboard, DashboardQuery, DocSeriesView, GapView, LightBoard, LightOverview, LightRuleView, ScanResult,
  SeriesNumbers,
};

export const supervisionApi = {
  // 文号序列 and 缺号说明
  series: (departmentId?: number) => http.get<DocSeriesView[]>('/api/supervision/series', { departmentId }),
  createSeries: (body: SeriesBody) => http.post<DocSeriesView>('/api/supervision/series', body),
  updateSeries: (id: number, body: SeriesBody) => http.put<DocSeriesView>(`/api/supervision/series/${id}`, body),
  numbers: (id: number, year: number) => http.get<SeriesNumbers>(`/api/supervision/series/${id}/numbers`, { year }),
  explainGap: (gapId: number, body: ExplainGapBody) => http.post<GapView>(`/api/supervision/gaps/${gapId}/explain`, body),
  /** download URL of a gap's attachment (opened in a new tab; the session cookie authorizes it) */
  gapAttachmentUrl: (gapId: number) => `/api/supervision/gaps/${gapId}/attachment`,
  offPlatform: (body: OffPlatformBody) => http.post<OffPlatformResult>('/api/supervision/off-platform', body),

  // 预警
  alerts: (q: AlertQuery) => http.get<AlertPage>('/api/supervision/alerts', { ...q }),
  alert: (id: number) => http.get<AlertDetail>(`/api/supervision/alerts/${id}`),
  alertAction: (id: number, action: AlertAction, body: AlertActionBody) =>
    http.post<AlertDetail>(`/api/supervision/alerts/${id}/actions/${action}`, body),

  // 亮灯
  lightRules: () => http.get<LightRuleView[]>('/api/supervision/light-rules'),
  setCentreRule: (body: LightRuleBody) => http.put<LightRuleView>('/api/supervision/light-rules/centre', body),
  setItemRule: (itemId: number, body: LightRuleBody) => http.put<LightRuleView>(`/api/supervision/light-rules/items/${itemId}`, body),
  removeItemRule: (itemId: number) => http.del(`/api/supervision/light-rules/items/${itemId}`),
  lights: () => http.get<LightOverview>('/api/supervision/lights'),
  /** 亮灯大屏 of a site (public, no login) */
  lightBoard: (siteId: number) => http.get<LightBoard>('/api/public/lights/board', { siteId }, { redirectOn401: false }),
  /** 立即巡检: overdue, escalation, step limits, volume, default ratings, rollups */
  scan: () => http.post<ScanResult>('/api/supervision/scan', {}),

  // 统计分析
  dashboard: (q: DashboardQuery) => http.get<Dashboard>('/api/supervision/dashboard', { ...q }),
  /** 月报.xlsx download URL (GET with the session cookie) */
  monthlyReportUrl: (month: string) => `/api/supervision/reports/monthly?month=${encodeURIComponent(month)}`,
};
