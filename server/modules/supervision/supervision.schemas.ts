/**
 * Response schemas of the supervision routes (电子监察), and the types the services return derived from them
 * (Static): the shapes are defined once, the OpenAPI document describes what each operation answers and
 * fast-json-stringify writes exactly these properties. One schema per shape, shared by every operation that answers it (a series inside its numbers, the gap
 * rows inside an alert, the light counts of the board, the overview and the dashboard). Dates are `YYYY-MM-DD` text,
 * times ISO-8601 UTC text.
 */
import { Type, type Static } from 'typebox';
import { LIGHTS } from '../../../common/cases.js';
import {
  ALERT_ACTIONS, ALERT_CONCLUSIONS, ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES, GAP_EXPLANATIONS, METRIC_DIMENSIONS,
} from '../../../common/supervision.js';
import { FileName, Id, Instant, Int, MultiText, Nullable, Text, fileAnswer, literals, obj } from '../../platform/schemas.js';
import { DOCUMENT_POLICY } from '../files/files.check.js';

/** a calendar day, `YYYY-MM-DD` */
const Day = (description?: string) => Type.String({ format: 'date', ...(description ? { description } : {}) });
const AlertStatusSchema = literals(ALERT_STATUSES);
/** a share 0–1 (null when there is nothing to divide by) */
const Rate = (description: string) => Nullable(Type.Number({ minimum: 0, maximum: 1, description }));

// ---------------------------------------------------------------- series (文号序列)

export const DocSeriesYearSchema = Type.Object({
  year: Type.Integer(),
  highest: Type.Integer({ description: '本年度已登记的最大序号' }),
  registered: Type.Integer({ description: '本年度已登记的文号数' }),
  missing: Type.Integer({ description: '未补登也未说明的缺号数' }),
  explained: Type.Integer({ description: '已说明（作废、预留、例外）的缺号数' }),
});

export const DocSeriesSchema = Type.Object({
  id: Type.Integer(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  name: Type.String(),
  pattern: Type.String({ description: '文号规则，如 示市监食许〔{year}〕{seq:4}' }),
  example: Type.String({ description: '按规则生成的今年第 1 号，如 示市监食许〔2026〕0001' }),
  startYear: Type.Integer(),
  startSeq: Type.Integer({ description: '起始年度的起始序号（此前的号在平台外发出）' }),
  allowDuplicates: Type.Boolean({ description: '允许重号（重号只预警不拒绝）' }),
  active: Type.Boolean(),
  years: Type.Array(DocSeriesYearSchema, { description: '各年度的登记情况，新年度在前' }),
});
export type DocSeriesView = Static<typeof DocSeriesSchema>;

export const DocSeriesListSchema = Type.Array(DocSeriesSchema);

export const DocNumberSchema = Type.Object({
  id: Type.Integer(),
  seq: Type.Integer(),
  documentNo: Type.String(),
  caseId: Nullable(Type.Integer()),
  caseNo: Nullable(Type.String()),
  source: literals(['case', 'off_platform'] as const),
  flag: Nullable(Type.String({ description: '异常标记：duplicate 重号、explained_reused 使用已说明的号、before_start 小于起始号、below_highest 小于最大号且非缺号' })),
  duplicate: Type.Boolean({ description: '重号（序列允许重号时登记）' }),
  subject: Type.String({ description: '办件编号或体外登记的事由' }),
  registeredAt: Instant(),
  registeredByName: Nullable(Type.String()),
});
export type DocNumberView = Static<typeof DocNumberSchema>;

/** A number the series skipped (缺号). */
export const GapSchema = Type.Object({
  id: Type.Integer(),
  seriesId: Type.Integer(),
  year: Type.Integer(),
  seq: Type.Integer(),
  documentNo: Type.String(),
  alertId: Type.Integer({ description: '缺号所属的预警' }),
  status: literals(['missing', 'filled', 'explained'] as const),
  explanationKind: Nullable(literals(GAP_EXPLANATIONS)),
  reason: Type.String({ description: '说明的理由' }),
  attachmentName: Nullable(Type.String()),
  attachmentUrl: Nullable(Type.String({ description: '下载说明附件的地址（须登录并有权查看）' })),
  resolvedByName: Nullable(Type.String()),
  resolvedAt: Nullable(Instant()),
  filledBy: Nullable(Type.String({ description: '后来补登该号的文号（及办件编号）' })),
  canExplain: Type.Boolean({ description: '当前用户现在可以说明该缺号' }),
});
export type GapView = Static<typeof GapSchema>;

export const SeriesNumbersSchema = Type.Object({
  series: DocSeriesSchema,
  year: Type.Integer(),
  numbers: Type.Array(DocNumberSchema, { description: '该年度登记的文号，序号大的在前（最多 500 个）' }),
  gaps: Type.Array(GapSchema, { description: '该年度的缺号（最多 1000 个）' }),
});
export type SeriesNumbers = Static<typeof SeriesNumbersSchema>;

export const OffPlatformResultSchema = Type.Object({
  number: DocNumberSchema,
  alertId: Type.Integer({ description: '体外登记产生的预警' }),
});
export type OffPlatformResult = Static<typeof OffPlatformResultSchema>;

// ---------------------------------------------------------------- alerts (预警)

export const AlertRowSchema = Type.Object({
  id: Type.Integer(),
  kind: literals(ALERT_KINDS),
  severity: literals(ALERT_SEVERITIES),
  status: AlertStatusSchema,
  title: Type.String(),
  departmentId: Nullable(Type.Integer()),
  departmentName: Nullable(Type.String()),
  siteName: Nullable(Type.String()),
  caseId: Nullable(Type.Integer()),
  caseNo: Nullable(Type.String()),
  openedAt: Instant(),
  updatedAt: Instant(),
  openGaps: Nullable(Type.Integer({ description: '文号缺号预警：尚未补登或说明的缺号数（其他预警为 null）' })),
});
export type AlertRow = Static<typeof AlertRowSchema>;

/** Alerts by status (待处理、核查中、已办结). */
export const AlertCountsSchema = Type.Object({ open: Type.Integer(), investigating: Type.Integer(), closed: Type.Integer() });

export const AlertPageSchema = Type.Object({
  items: Type.Array(AlertRowSchema),
  total: Type.Integer(),
  counts: AlertCountsSchema,
}, { description: 'counts：除状态外其他筛选条件下各状态的预警数' });
export type AlertPage = Static<typeof AlertPageSchema>;

export const AlertDetailSchema = Type.Object({
  ...AlertRowSchema.properties,
  detail: Type.Record(Type.String(), Type.Unknown(), { description: '预警的具体情况（因预警类型而异，如文号、缺号列表、承诺办结日）' }),
  conclusion: Nullable(literals(ALERT_CONCLUSIONS)),
  finding: Type.String({ description: '办结时的核查结论' }),
  closedByName: Nullable(Type.String()),
  closedAt: Nullable(Instant()),
  events: Type.Array(Type.Object({ at: Instant(), action: Type.String(), actorName: Type.String(), note: Type.String() }), { description: '处理经过' }),
  gaps: Type.Array(GapSchema, { description: '文号缺号预警的缺号（其他预警为空）' }),
  allowedActions: Type.Array(literals(ALERT_ACTIONS), { description: '当前用户现在可执行的操作' }),
});
export type AlertDetail = Static<typeof AlertDetailSchema>;

// ---------------------------------------------------------------- lights (亮灯)

export const LightRuleSchema = Type.Object({
  id: Type.Integer(),
  itemId: Nullable(Type.Integer({ description: '事项（null：中心默认规则）' })),
  itemName: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  yellowPercent: Type.Integer({ description: '黄灯比例：剩余工作日不多于承诺时限的该百分比时亮黄灯' }),
  yellowMinDays: Type.Integer({ description: '黄灯最少天数：剩余工作日不多于该数时亮黄灯' }),
  escalateAfterDays: Type.Integer({ description: '红灯件超过该工作日仍无处理即督办' }),
  handoverDays: Type.Integer({ description: '移交时限（工作日）' }),
  signDays: Type.Integer({ description: '签收时限（工作日）' }),
  stepDays: Type.Integer({ description: '每个审批环节的时限（工作日）' }),
  updatedAt: Instant(),
});
export type LightRuleView = Static<typeof LightRuleSchema>;

export const LightRuleListSchema = Type.Array(LightRuleSchema, { description: '中心默认规则在前，然后是各事项的规则' });

/** Open cases by light; paused (special procedure) cases apart. */
export const LightCountsSchema = Type.Object({
  green: Type.Integer(),
  yellow: Type.Integer(),
  red: Type.Integer(),
  paused: Type.Integer({ description: '特别程序中（计时暂停）' }),
});
export type LightCounts = Static<typeof LightCountsSchema>;

const DepartmentLightCountsSchema = Type.Object({ ...LightCountsSchema.properties, departmentId: Type.Integer(), departmentName: Type.String() });
const SiteLightCountsSchema = Type.Object({ ...LightCountsSchema.properties, siteId: Type.Integer(), siteName: Type.String() });

export const LightCaseSchema = Type.Object({
  id: Type.Integer(),
  caseNo: Type.String(),
  itemName: Type.String(),
  departmentName: Type.String({ description: '部门简称' }),
  light: literals(LIGHTS),
  remainingDays: Nullable(Type.Integer({ description: '剩余工作日（超期为负数）' })),
  promisedDue: Nullable(Day('承诺办结日')),
  promisedProvisional: Type.Boolean({ description: '暂定：承诺办结日落在节假日安排尚未确认的年度' }),
  paused: Type.Boolean(),
});
export type LightCaseView = Static<typeof LightCaseSchema>;

/** 亮灯大屏: one site's open cases (public: no personal data). */
export const LightBoardSchema = Type.Object({
  siteId: Type.Integer(),
  siteName: Type.String(),
  now: Instant(),
  today: Day(),
  counts: LightCountsSchema,
  byDepartment: Type.Array(DepartmentLightCountsSchema),
  cases: Type.Array(LightCaseSchema, { description: '红灯在前、再黄灯，超期最久的在前（最多 60 件）' }),
});
export type LightBoard = Static<typeof LightBoardSchema>;

/** The supervisors' view of every department and site, from the last scan's snapshot. */
export const LightOverviewSchema = Type.Object({
  asOf: Nullable(Instant('最近一次巡检的时间（尚未巡检为 null）')),
  counts: LightCountsSchema,
  byDepartment: Type.Array(DepartmentLightCountsSchema),
  bySite: Type.Array(SiteLightCountsSchema),
});
export type LightOverview = Static<typeof LightOverviewSchema>;

export const ScanResultSchema = Type.Object({
  overdue: Type.Integer({ description: '新的办件超期预警数' }),
  escalated: Type.Integer({ description: '新的督办预警数' }),
  stepOverdue: Type.Integer({ description: '新的环节超时预警数' }),
  volumeDrop: Type.Integer({ description: '新的办件量异常下降预警数' }),
  defaultRatings: Type.Integer({ description: '逾期未评价、按默认等级记入的评价数' }),
  rollupDays: Type.Integer({ description: '重新汇总统计的天数' }),
  licensesExpired: Type.Integer({ description: '到期失效的电子证照数' }),
  licensesReminded: Type.Integer({ description: '发送到期提醒的电子证照数' }),
  tookMs: Type.Integer({ description: '巡检用时（毫秒）' }),
});
export type ScanResult = Static<typeof ScanResultSchema>;

// ---------------------------------------------------------------- metrics (统计分析)

export const MetricRowSchema = Type.Object({
  member: Type.Integer({ description: '部门、事项、站点、窗口或人员的编号（合计行为 0）' }),
  name: Type.String(),
  received: Type.Integer({ description: '收件量' }),
  accepted: Type.Integer({ description: '受理量' }),
  refused: Type.Integer({ description: '不予受理' }),
  decided: Type.Integer({ description: '办结量' }),
  onTime: Type.Integer({ description: '按时办结' }),
  early: Type.Integer({ description: '提前办结' }),
  late: Type.Integer({ description: '超期办结' }),
  onTimeRate: Rate('按时办结率（没有办结时为 null）'),
  earlyRate: Rate('提前办结率'),
  avgHandlingDays: Nullable(Type.Number({ description: '平均办理时长：受理到办结的工作日，扣除特别程序' })),
  rated: Type.Integer({ description: '评价数' }),
  satisfied: Type.Integer({ description: '满意数（非常满意、满意、基本满意）' }),
  bad: Type.Integer({ description: '差评数' }),
  satisfactionRate: Rate('满意率'),
});
export type MetricRow = Static<typeof MetricRowSchema>;

export const DashboardSchema = Type.Object({
  from: Day(),
  to: Day(),
  dimension: literals(METRIC_DIMENSIONS),
  totals: MetricRowSchema,
  rows: Type.Array(MetricRowSchema, { description: '按所选维度，收件量多的在前（最多 500 行）' }),
  trend: Type.Array(Type.Object({ day: Day(), received: Type.Integer(), decided: Type.Integer(), onTimeRate: Rate('按时办结率') }), { description: '逐日趋势（期间超过一年时只取最后 366 天）' }),
  open: Type.Object({ ...LightCountsSchema.properties, total: Type.Integer(), asOf: Nullable(Instant()) }, { description: '在办件的亮灯情况（最近一次巡检）' }),
  alerts: AlertCountsSchema,
  promiseCompression: Rate('承诺时限压缩率：(法定 − 承诺) / 法定，按事项平均'),
  rolledUpAt: Nullable(Instant('统计最近一次汇总的时间')),
});
export type Dashboard = Static<typeof DashboardSchema>;

// ---------------------------------------------------------------- files

/** The gap's attachment as uploaded (its type checked against its first bytes when it was stored). */
export const GapAttachmentFile = fileAnswer('缺号说明的附件', DOCUMENT_POLICY.types);

/** 月报.xlsx: one sheet per dimension. */
export const MonthlyReportFile = fileAnswer('月报工作簿（每个统计维度一张工作表）', ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);

// ---------------------------------------------------------------- request bodies of the document-number routes

/** 文号序列 as created or changed. */
export const SeriesBodySchema = obj({
  departmentId: Id, name: Text(60), pattern: Text(60), startYear: Int(2000, 2100),
  startSeq: Int(1, 99_999_999), allowDuplicates: Type.Boolean(), active: Type.Boolean(),
});
export type SeriesBody = Static<typeof SeriesBodySchema>;

/** 缺号说明, with its evidence as base64 (its type read from the bytes when stored). */
export const ExplainGapBodySchema = obj({
  kind: literals(GAP_EXPLANATIONS), reason: MultiText(500, 1),
  attachment: Type.Optional(obj({
    name: FileName, mime: Text(100),
    contentBase64: Type.String({ minLength: 4, maxLength: 7_200_000, pattern: '^[A-Za-z0-9+/]+=*$' }),
  })),
});
export type ExplainGapBody = Static<typeof ExplainGapBodySchema>;

/** 体外登记: a result issued without a platform case. */
export const OffPlatformBodySchema = obj({ departmentId: Id, documentNo: Text(60), subject: Text(200), reason: MultiText(500, 1) });
export type OffPlatformBody = Static<typeof OffPlatformBodySchema>;
