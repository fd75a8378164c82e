/**
 * Shapes of the supervision API (电子监察): document-number series, alerts, light rules and boards,
 * the dashboard and the monthly report. Server routes and the web client both use these.
 */
import type { Light } from './cases.js';
import type { AlertAction, AlertConclusion, AlertKind, AlertSeverity, AlertStatus, GapExplanation, LightRule } from './supervision.js';

// ---------------------------------------------------------------- series (文号序列)

export interface DocSeriesYear {
  year: number;
  highest: number;
  registered: number;
  /** unexplained missing numbers */
  missing: number;
  explained: number;
}

export interface DocSeriesView {
  id: number;
  departmentId: number;
  departmentName: string;
  name: string;
  pattern: string;
  /** e.g. 示市监食许〔2026〕0001 */
  example: string;
  startYear: number;
  startSeq: number;
  allowDuplicates: boolean;
  active: boolean;
  years: DocSeriesYear[];
}

export interface SeriesBody {
  departmentId: number;
  name: string;
  pattern: string;
  startYear: number;
  startSeq: number;
  allowDuplicates: boolean;
  active: boolean;
}

export interface DocNumberView {
  id: number;
  seq: number;
  documentNo: string;
  caseId: number | null;
  caseNo: string | null;
  source: 'case' | 'off_platform';
  flag: string | null;
  duplicate: boolean;
  subject: string;
  registeredAt: string;
  registeredByName: string | null;
}

export interface GapView {
  id: number;
  seriesId: number;
  year: number;
  seq: number;
  documentNo: string;
  alertId: number;
  status: 'missing' | 'filled' | 'explained';
  explanationKind: GapExplanation | null;
  reason: string;
  attachmentName: string | null;
  /** GET this to download the attachment (authorized) */
  attachmentUrl: string | null;
  resolvedByName: string | null;
  resolvedAt: string | null;
  /** the number that later filled it */
  filledBy: string | null;
  canExplain: boolean;
}

export interface SeriesNumbers {
  series: DocSeriesView;
  year: number;
  numbers: DocNumberView[];
  gaps: GapView[];
}

export interface ExplainGapBody {
  kind: GapExplanation;
  reason: string;
  attachment?: { name: string; mime: string; contentBase64: string };
}

/** 体外登记: a result the department issued without a platform case (raises an alert). */
export interface OffPlatformBody {
  departmentId: number;
  documentNo: string;
  subject: string;
  reason: string;
}

export interface OffPlatformResult {
  number: DocNumberView;
  alertId: number;
}

// ---------------------------------------------------------------- alerts (预警)

export interface AlertRow {
  id: number;
  kind: AlertKind;
  severity: AlertSeverity;
  status: AlertStatus;
  title: string;
  departmentId: number | null;
  departmentName: string | null;
  siteName: string | null;
  caseId: number | null;
  caseNo: string | null;
  openedAt: string;
  updatedAt: string;
  /** docno_gap: numbers still missing (unexplained, unfilled) */
  openGaps: number | null;
}

export interface AlertEventView {
  at: string;
  action: string;
  actorName: string;
  note: string;
}

export interface AlertDetail extends AlertRow {
  detail: Record<string, unknown>;
  conclusion: AlertConclusion | null;
  finding: string;
  closedByName: string | null;
  closedAt: string | null;
  events: AlertEventView[];
  gaps: GapView[];
  allowedActions: AlertAction[];
}

export interface AlertQuery {
  status?: AlertStatus;
  kind?: AlertKind;
  departmentId?: number;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface AlertPage {
  items: AlertRow[];
  total: number;
  counts: Record<AlertStatus, number>;
}

export interface AlertActionBody {
  note: string;
  /** close only */
  conclusion?: AlertConclusion;
}

// ---------------------------------------------------------------- lights (亮灯)

/** A light rule (the centre's default when itemId is null) with what it applies to. */
export interface LightRuleView extends LightRule {
  id: number;
  itemId: number | null;
  itemName: string | null;
  departmentName: string | null;
  updatedAt: string;
}

export type LightRuleBody = LightRule;

export interface LightCounts {
  green: number;
  yellow: number;
  red: number;
  paused: number;
}

export interface LightCaseView {
  id: number;
  caseNo: string;
  itemName: string;
  departmentName: string;
  light: Light;
  remainingDays: number | null;
  promisedDue: string | null;
  /** 暂定 (the deadline reaches into a year whose holidays are not confirmed) */
  promisedProvisional: boolean;
  paused: boolean;
}

/** 亮灯大屏: one site's open cases (public: no personal data). */
export interface LightBoard {
  siteId: number;
  siteName: string;
  now: string;
  today: string;
  counts: LightCounts;
  byDepartment: (LightCounts & { departmentId: number; departmentName: string })[];
  /** red first, then yellow, most overdue first (at most 60) */
  cases: LightCaseView[];
}

/** Supervisor view: every department and site, from the last scan's snapshot. */
export interface LightOverview {
  asOf: string | null;
  counts: LightCounts;
  byDepartment: (LightCounts & { departmentId: number; departmentName: string })[];
  bySite: (LightCounts & { siteId: number; siteName: string })[];
}

export interface ScanResult {
  overdue: number;
  escalated: number;
  stepOverdue: number;
  volumeDrop: number;
  defaultRatings: number;
  rollupDays: number;
  tookMs: number;
}

// ---------------------------------------------------------------- metrics (统计分析)

export const METRIC_DIMENSIONS = ['department', 'item', 'site', 'window', 'clerk'] as const;
export type MetricDimension = (typeof METRIC_DIMENSIONS)[number];

export interface MetricRow {
  member: number;
  name: string;
  received: number;
  accepted: number;
  refused: number;
  decided: number;
  onTime: number;
  early: number;
  late: number;
  /** on time / decided (null when nothing was decided) */
  onTimeRate: number | null;
  earlyRate: number | null;
  /** working days from acceptance to decision, special procedures excluded */
  avgHandlingDays: number | null;
  rated: number;
  satisfied: number;
  bad: number;
  satisfactionRate: number | null;
}

/**
 * Who may ask for which dimension: the centre all; a department (approver) department and item; a
 * hall (guide) site, window and clerk — others answer 400 METRICS_DIMENSION_NOT_ALLOWED.
 * `departmentId` (centre only) narrows the department and item dimensions and the totals to one department.
 */
export interface DashboardQuery {
  from: string;
  to: string;
  dimension: MetricDimension;
  departmentId?: number;
}

export interface Dashboard {
  from: string;
  to: string;
  dimension: MetricDimension;
  totals: MetricRow;
  rows: MetricRow[];
  trend: { day: string; received: number; decided: number; onTimeRate: number | null }[];
  open: LightCounts & { total: number; asOf: string | null };
  alerts: Record<AlertStatus, number>;
  /** the catalog's promise compression: (statutory − promised) / statutory, averaged over items */
  promiseCompression: number | null;
  /** when the rollups were last rebuilt */
  rolledUpAt: string | null;
}

/** Sheet names and headers of the monthly report (月报.xlsx). */
export const REPORT_SHEETS: { dimension: MetricDimension | 'all'; sheet: string }[] = [
  { dimension: 'all', sheet: '汇总' },
  { dimension: 'department', sheet: '按部门' },
  { dimension: 'item', sheet: '按事项' },
  { dimension: 'site', sheet: '按站点' },
  { dimension: 'window', sheet: '按窗口' },
  { dimension: 'clerk', sheet: '按人员' },
];

export const REPORT_HEADERS = [
  '名称', '收件量', '受理量', '不予受理', '办结量', '按时办结', '提前办结', '超期办结', '按时办结率', '提前办结率',
  '平均办理时长（工作日）', '评价数', '满意数', '差评数', '满意率',
] as const;
