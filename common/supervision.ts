/**
 * Supervision (电子监察) rules shared by the server and the web app: document-number patterns,
 * alert kinds and their lifecycle, light rules. Pure: no HTTP, no database.
 */
import { actionsOf, type Workflow } from './workflow.js';

// ---------------------------------------------------------------- document-number series (文号)

export interface DocPattern {
  /** the pattern as written, e.g. 示市监食许〔{year}〕{seq:4} */
  pattern: string;
  width: number;
  regex: RegExp;
}

export type DocPatternError = 'year' | 'seq' | 'literal';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles a series pattern: literal text with exactly one {year} and one {seq:N} (N 1–8). */
export function compileDocPattern(pattern: string): DocPattern | { error: DocPatternError } {
  const p = pattern.trim();
  const years = p.match(/\{year\}/g)?.length ?? 0;
  const seqs = [...p.matchAll(/\{seq:(\d)\}/g)];
  if (years !== 1) return { error: 'year' };
  if (seqs.length !== 1 || Number(seqs[0]![1]) < 1 || Number(seqs[0]![1]) > 8) return { error: 'seq' };
  const width = Number(seqs[0]![1]);
  const rest = p.replace('{year}', '').replace(/\{seq:\d\}/, '');
  if (/[{}]/.test(rest) || !rest.trim()) return { error: 'literal' };
  const parts = p.split(/(\{year\}|\{seq:\d\})/).filter((x) => x !== '');
  const source = parts.map((x) => (x === '{year}' ? '(?<year>\\d{4})' : /^\{seq:\d\}$/.test(x) ? `(?<seq>\\d{${width},})` : escapeRe(x))).join('');
  return { pattern: p, width, regex: new RegExp(`^${source}$`) };
}

/** Reads year and sequence out of a document number, or null when it is not in this series. */
export function parseDocNo(p: DocPattern, documentNo: string): { year: number; seq: number } | null {
  const m = p.regex.exec(normaliseDocNo(documentNo));
  if (!m?.groups) return null;
  const year = Number(m.groups.year);
  const seq = Number(m.groups.seq);
  if (!Number.isSafeInteger(seq) || seq < 1 || year < 1990 || year > 2200) return null;
  return { year, seq };
}

export function renderDocNo(p: DocPattern, year: number, seq: number): string {
  return p.pattern.replace('{year}', String(year)).replace(/\{seq:\d\}/, String(seq).padStart(p.width, '0'));
}

/** Typing variants of the same number: full-width digits and 〔〕 written as [] or 【】. */
export function normaliseDocNo(s: string): string {
  return s
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[[【]/g, '〔')
    .replace(/[\]】]/g, '〕');
}

/** The missing sequences between the highest seen and a new number (exclusive both ends). */
export function missingBetween(highest: number, next: number): number[] {
  const out: number[] = [];
  for (let s = highest + 1; s < next; s++) out.push(s);
  return out;
}

/** A gap larger than this is refused as a likely typing error (the clerk confirms a typed number). */
export const MAX_GAP = 500;

// ---------------------------------------------------------------- alerts (预警)

export const ALERT_KINDS = [
  'docno_gap', // 文号缺号（疑似体外运行）
  'docno_duplicate', // 文号重复
  'docno_irregular', // 文号异常（低于已登记最大号且非缺号、使用已作废号）
  'off_platform', // 体外登记结果（无平台办件）
  'case_overdue', // 办件超期（红灯）
  'case_escalated', // 督办（红灯件持续未处理）
  'step_overdue', // 环节超时
  'volume_drop', // 部门办件量异常下降
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_KIND_LABELS: Record<AlertKind, { zh: string; en: string }> = {
  docno_gap: { zh: '文号缺号', en: 'Document-number gap' },
  docno_duplicate: { zh: '文号重复', en: 'Duplicate document number' },
  docno_irregular: { zh: '文号异常', en: 'Irregular document number' },
  off_platform: { zh: '体外登记结果', en: 'Off-platform result' },
  case_overdue: { zh: '办件超期', en: 'Case overdue' },
  case_escalated: { zh: '督办', en: 'Escalation' },
  step_overdue: { zh: '环节超时', en: 'Step overdue' },
  volume_drop: { zh: '办件量异常下降', en: 'Volume drop' },
};

export const ALERT_SEVERITIES = ['info', 'warning', 'serious'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATUSES = ['open', 'investigating', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const ALERT_STATUS_LABELS: Record<AlertStatus, { zh: string; en: string }> = {
  open: { zh: '待处理', en: 'Open' },
  investigating: { zh: '核查中', en: 'Investigating' },
  closed: { zh: '已办结', en: 'Closed' },
};

export const ALERT_ACTIONS = ['investigate', 'comment', 'close'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

/** What each status allows and where it leads (comments are allowed until the alert is closed). */
export const ALERT_WORKFLOW = {
  open: { investigate: { to: 'investigating' }, comment: { to: null }, close: { to: 'closed' } },
  investigating: { comment: { to: null }, close: { to: 'closed' } },
  closed: {},
} as const satisfies Workflow<AlertStatus, AlertAction>;

export function alertActionsIn(status: AlertStatus): AlertAction[] {
  return actionsOf<AlertStatus, AlertAction>(ALERT_WORKFLOW, status);
}

export const ALERT_CONCLUSIONS = ['explained', 'violation', 'false_alarm', 'resolved'] as const;
export type AlertConclusion = (typeof ALERT_CONCLUSIONS)[number];
export const ALERT_CONCLUSION_LABELS: Record<AlertConclusion, { zh: string; en: string }> = {
  explained: { zh: '已作合理说明', en: 'Explained' },
  violation: { zh: '违规属实', en: 'Violation confirmed' },
  false_alarm: { zh: '误报', en: 'False alarm' },
  resolved: { zh: '已整改处理', en: 'Resolved' },
};

export const GAP_EXPLANATIONS = ['voided', 'reserved', 'exception'] as const;
export type GapExplanation = (typeof GAP_EXPLANATIONS)[number];
export const GAP_EXPLANATION_LABELS: Record<GapExplanation, { zh: string; en: string }> = {
  voided: { zh: '作废号', en: 'Voided' },
  reserved: { zh: '预留号', en: 'Reserved' },
  exception: { zh: '有据可查的例外', en: 'Documented exception' },
};

// ---------------------------------------------------------------- lights (亮灯规则)

export interface LightRule {
  yellowPercent: number;
  yellowMinDays: number;
  escalateAfterDays: number;
  handoverDays: number;
  signDays: number;
  stepDays: number;
}

export const DEFAULT_LIGHT_RULE: LightRule = { yellowPercent: 20, yellowMinDays: 1, escalateAfterDays: 2, handoverDays: 1, signDays: 1, stepDays: 5 };

/** Yellow when remaining working days ≤ this: max(min days, percent of the promised limit) (DOMAIN.md default: max(1, 20%)). */
export function yellowDaysOf(rule: Pick<LightRule, 'yellowPercent' | 'yellowMinDays'>, promisedWorkingDays: number): number {
  return Math.max(rule.yellowMinDays, Math.floor((promisedWorkingDays * rule.yellowPercent) / 100));
}

// ---------------------------------------------------------------- metrics (统计分析)

export const METRIC_DIMENSIONS = ['department', 'item', 'site', 'window', 'clerk'] as const;
export type MetricDimension = (typeof METRIC_DIMENSIONS)[number];

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
