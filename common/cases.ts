/**
 * The case workflow (办件流程, SPEC §3) as one typed table shared by the server (guards, 409 answers)
 * and the web app (which buttons to show). Pure: no HTTP, no database.
 *
 *   intake ─┬→ accepted ──handover──→ handed_over ──sign──→ in_review ─┬─approve→ approved ─┐
 *           ├→ correction ─accept──↗                     ↑   │ ↓       └─deny───→ denied ──┤
 *           │      └─refuse─┐                 inspecting ┘   │ suspended (clock paused)    │
 *           └→ refused ←────┘                 returned ←─────┘ (cites checklist lines)     │
 *   ready ←─register_result──────────────────────────────────────────────────────────────────┘
 *   ready ──collect / mail──→ closed;   any state before a decision ──withdraw──→ withdrawn
 */
import { actionsOf, stepOf, type Step, type Workflow } from './workflow.js';

export const CASE_STATUSES = [
  'correction', // 补正中：一次性告知，等待申请人补正
  'refused', // 不予受理
  'accepted', // 已受理（前台，待移交）
  'handed_over', // 已移交（待部门签收）
  'in_review', // 审查中（承办/审核/批准）
  'inspecting', // 现场勘查中
  'suspended', // 特别程序（计时暂停）
  'returned', // 退回前台（按清单补齐）
  'approved', // 准予许可（结果送往出件窗口）
  'denied', // 不予许可（决定书送往出件窗口）
  'ready', // 待取件（已登记结果并通知）
  'closed', // 办结（已领取或已邮寄）
  'withdrawn', // 已撤件
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_ACTIONS = [
  'accept', // 受理（补正后）
  'refuse', // 不予受理（补正后）
  'handover', // 移交（批量，见交接单）
  'sign', // 签收（批量，见交接单）
  'pass_step', // 完成本环节（承办→审核→批准）
  'approve', // 准予
  'deny', // 不予许可
  'assign_inspection', // 指派现场勘查
  'record_inspection', // 登记勘查结果
  'start_special', // 特别程序开始
  'end_special', // 特别程序结束
  'request_extension', // 申请延期
  'approve_extension', // 批准延期
  'reject_extension', // 不批准延期
  'return_to_front', // 退回前台（须引用清单条目）
  'supplement', // 前台补齐退回材料后重新待移交
  'register_result', // 出件窗口登记结果
  'collect', // 领取
  'mail', // 邮寄
  'withdraw', // 撤件
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Who may take an action (the server's policy maps these to roles and scopes). */
export type CaseAbility = 'case.intake' | 'case.review' | 'case.decide' | 'case.inspect' | 'case.deliver';

export interface Transition extends Step<CaseStatus | null> {
  /** the status after the action; null: the status stays (the step, a flag or a record changes) */
  to: CaseStatus | null;
  ability: CaseAbility;
}

const intake = (to: CaseStatus | null): Transition => ({ to, ability: 'case.intake' });
const review = (to: CaseStatus | null): Transition => ({ to, ability: 'case.review' });
const decide = (to: CaseStatus | null): Transition => ({ to, ability: 'case.decide' });
const deliver = (to: CaseStatus | null): Transition => ({ to, ability: 'case.deliver' });

export const CASE_WORKFLOW = {
  correction: { accept: intake('accepted'), refuse: intake('refused'), withdraw: intake('withdrawn') },
  refused: {},
  accepted: { handover: intake('handed_over'), withdraw: intake('withdrawn') },
  handed_over: { sign: review('in_review'), withdraw: intake('withdrawn') },
  in_review: {
    pass_step: review(null),
    approve: decide('approved'),
    deny: decide('denied'),
    assign_inspection: review('inspecting'),
    start_special: review('suspended'),
    request_extension: review(null),
    approve_extension: decide(null),
    reject_extension: decide(null),
    return_to_front: review('returned'),
    withdraw: intake('withdrawn'),
  },
  inspecting: { record_inspection: { to: 'in_review', ability: 'case.inspect' }, withdraw: intake('withdrawn') },
  suspended: { end_special: review('in_review'), withdraw: intake('withdrawn') },
  returned: { supplement: intake('accepted'), withdraw: intake('withdrawn') },
  approved: { register_result: deliver('ready') },
  denied: { register_result: deliver('ready') },
  ready: { collect: deliver('closed'), mail: deliver('closed') },
  closed: {},
  withdrawn: {},
} as const satisfies Workflow<CaseStatus, CaseAction, Transition>;

export function transitionOf(status: CaseStatus, action: CaseAction): Transition | undefined {
  return stepOf<CaseStatus, CaseAction, Transition>(CASE_WORKFLOW, status, action);
}

/** Actions the workflow allows in a status (before policy and per-case guards). */
export function actionsIn(status: CaseStatus): CaseAction[] {
  return actionsOf<CaseStatus, CaseAction>(CASE_WORKFLOW, status);
}

export const TERMINAL_STATUSES: readonly CaseStatus[] = ['refused', 'closed', 'withdrawn'];
/** Statuses in which the department holds the case (its inbox). */
export const DEPARTMENT_STATUSES: readonly CaseStatus[] = ['handed_over', 'in_review', 'inspecting', 'suspended'];
/** Statuses whose deadline clock is running or paused (a decision is still due). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned'];

/**
 * Process-node codes reported to provincial platforms (DOMAIN.md): 1 已接件, 2 已撤件, 3 窗口受理,
 * 4 不受理, 5 不予受理, 6 补正开始, 7 补正结束, 8 部门受理, 9 特别程序开始, 10 特别程序结束,
 * 11 办结(通过), 12 办结(容缺通过), 13 办结(不通过), 14 撤回, 15 撤销.
 */
export const NODE_CODES = {
  received: 1, withdrawn: 2, windowAccepted: 3, notAccepted: 4, refused: 5, correctionStart: 6, correctionEnd: 7,
  departmentAccepted: 8, specialStart: 9, specialEnd: 10, closedApproved: 11, closedApprovedWithMissing: 12, closedDenied: 13,
} as const;

/** Approval steps (审批环节): 1 承办, 2 审核, 3 批准 — an item uses the first one to three. */
export const APPROVAL_STEP_LABELS = { 1: '承办', 2: '审核', 3: '批准' } as const;
/** The label of step `step` of an item with `steps` steps: the last one is always the decision. */
export function stepLabel(step: number, steps: number): string {
  if (step >= steps) return '批准';
  return step === 1 ? '承办' : '审核';
}

export const CASE_STATUS_LABELS: Record<CaseStatus, { zh: string; en: string }> = {
  correction: { zh: '补正中', en: 'Correction notice' },
  refused: { zh: '不予受理', en: 'Not accepted' },
  accepted: { zh: '已受理待移交', en: 'Accepted' },
  handed_over: { zh: '已移交待签收', en: 'Handed over' },
  in_review: { zh: '审查中', en: 'Under review' },
  inspecting: { zh: '现场勘查中', en: 'Inspection' },
  suspended: { zh: '特别程序中', en: 'Special procedure' },
  returned: { zh: '退回前台', en: 'Returned to front desk' },
  approved: { zh: '准予许可', en: 'Approved' },
  denied: { zh: '不予许可', en: 'Denied' },
  ready: { zh: '待取件', en: 'Ready for pickup' },
  closed: { zh: '已办结', en: 'Closed' },
  withdrawn: { zh: '已撤件', en: 'Withdrawn' },
};

export const CASE_ACTION_LABELS: Record<CaseAction, { zh: string; en: string }> = {
  accept: { zh: '受理', en: 'Accept' },
  refuse: { zh: '不予受理', en: 'Refuse' },
  handover: { zh: '移交', en: 'Hand over' },
  sign: { zh: '签收', en: 'Sign for' },
  pass_step: { zh: '提交下一环节', en: 'Pass to next step' },
  approve: { zh: '准予许可', en: 'Approve' },
  deny: { zh: '不予许可', en: 'Deny' },
  assign_inspection: { zh: '指派现场勘查', en: 'Assign inspection' },
  record_inspection: { zh: '登记勘查结果', en: 'Record inspection' },
  start_special: { zh: '启动特别程序', en: 'Start special procedure' },
  end_special: { zh: '结束特别程序', en: 'End special procedure' },
  request_extension: { zh: '申请延期', en: 'Request extension' },
  approve_extension: { zh: '批准延期', en: 'Approve extension' },
  reject_extension: { zh: '不批准延期', en: 'Reject extension' },
  return_to_front: { zh: '退回前台', en: 'Return to front desk' },
  supplement: { zh: '补齐材料', en: 'Materials supplied' },
  register_result: { zh: '登记结果', en: 'Register result' },
  collect: { zh: '领取', en: 'Collect' },
  mail: { zh: '邮寄', en: 'Mail' },
  withdraw: { zh: '撤件', en: 'Withdraw' },
};

// ---- intake inputs -------------------------------------------------------------------------

export const APPLICANT_TYPES = ['person', 'entity'] as const; // 自然人 / 法人及其他组织
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
export const CHANNELS = ['window', 'online', 'mail'] as const; // 窗口 / 网上 / 邮寄（GB/T 39046 办理形式 1/2/4）
export type Channel = (typeof CHANNELS)[number];
export const INTAKE_OUTCOMES = ['accept', 'correct', 'refuse'] as const; // 受理 / 补正告知 / 不予受理
export type IntakeOutcome = (typeof INTAKE_OUTCOMES)[number];

/**
 * How a checklist material was handled at the window:
 * received 已收取 (original/copy, count) · commitment 告知承诺 · missing 容缺（限期补交）·
 * absent 未提交（须补正） · not_applicable 不适用（非必需或条件不满足） · shared 一件事中已由关联件收取.
 */
/** license: satisfied by the holder's electronic license (电子证照, issue 17) — recorded with the license version, no paper */
export const MATERIAL_STATUSES = ['received', 'commitment', 'missing', 'absent', 'not_applicable', 'shared', 'license'] as const;
export type MaterialStatus = (typeof MATERIAL_STATUSES)[number];
export const MATERIAL_STATUS_LABELS: Record<MaterialStatus, string> = {
  received: '已收取', commitment: '告知承诺', missing: '容缺后补', absent: '未提交', not_applicable: '不适用', shared: '关联件已收', license: '电子证照',
};

export const SPECIAL_PROCEDURE_KINDS = ['hearing', 'testing', 'appraisal', 'expert_review', 'tendering', 'other'] as const;
export type SpecialProcedureKind = (typeof SPECIAL_PROCEDURE_KINDS)[number];
export const SPECIAL_PROCEDURE_LABELS: Record<SpecialProcedureKind, string> = {
  hearing: '听证', testing: '检验检测检疫', appraisal: '鉴定', expert_review: '专家评审', tendering: '招标拍卖', other: '其他特别程序',
};

export const EXTENSION_WORKING_DAYS = 10; // 行政许可法 §42
export const CORRECTION_NOTICE_DAYS = 5; // 行政许可法 §32：5 日内一次性告知

export type Light = 'green' | 'yellow' | 'red';
export const LIGHTS = ['green', 'yellow', 'red'] as const;

/** DOMAIN.md default: yellow when remaining working days ≤ max(1, 20% of the promised limit). */
export function yellowThreshold(promisedWorkingDays: number): number {
  return Math.max(1, Math.floor(promisedWorkingDays * 0.2));
}

/** Case-number pattern tokens: {site} site code, {impl} 实施编码, {dept} department code, {date} yyyyMMdd, {seq:N}. */
export const DEFAULT_CASE_NO_PATTERN = '{site}{date}{seq:5}';

export function renderCaseNo(pattern: string, v: { site: string; impl: string; dept: string; date: string }, seq?: number): string {
  const date = v.date.replaceAll('-', '');
  return pattern.replace(/\{(site|impl|dept|date|seq(?::(\d))?)\}/g, (_m, key: string, width?: string) => {
    if (key === 'site') return v.site;
    if (key === 'impl') return v.impl;
    if (key === 'dept') return v.dept;
    if (key === 'date') return date;
    return seq === undefined ? '{seq}' : String(seq).padStart(Number(width ?? 4), '0');
  });
}

/** A pattern is valid when it has exactly one {seq} and only known tokens. */
export function validCaseNoPattern(pattern: string): boolean {
  const tokens = pattern.match(/\{[^}]*\}/g) ?? [];
  return tokens.every((t) => /^\{(site|impl|dept|date|seq(:\d)?)\}$/.test(t)) && tokens.filter((t) => t.startsWith('{seq')).length === 1;
}
