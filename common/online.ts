/**
 * 网上申办 (online applications, issue 16; ADR 0027): the statuses of an application, the way each material slot is
 * provided, the pre-review verdicts, and how a sub-item may be handled online. Shared by the server and the web.
 */
import type { Workflow } from './workflow.js';

/** How a sub-item may be handled online (an editor's choice on the sub-item): 不可网办 / 网上预审后到窗口一次 / 全程网办. */
export const ONLINE_MODES = ['none', 'prereview', 'full'] as const;
export type OnlineMode = (typeof ONLINE_MODES)[number];
export const ONLINE_MODE_LABELS: Record<OnlineMode, string> = { none: '窗口办理', prereview: '网上预审，窗口一次办结', full: '全程网办' };

export const APPLICATION_STATUSES = ['draft', 'submitted', 'fix_requested', 'resubmitted', 'passed', 'accepted', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  draft: '草稿', submitted: '待预审', fix_requested: '待补正', resubmitted: '已补正待预审', passed: '预审通过', accepted: '已受理', withdrawn: '已撤回',
};

export const APPLICATION_ACTIONS = ['submit', 'request_fix', 'resubmit', 'pass', 'accept', 'withdraw'] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

/** draft → submitted → (fix_requested → resubmitted)* → passed → accepted; withdrawn from any state before accepted. */
export const APPLICATION_WORKFLOW: Workflow<ApplicationStatus, ApplicationAction> = {
  draft: { submit: { to: 'submitted' }, withdraw: { to: 'withdrawn' } },
  submitted: { request_fix: { to: 'fix_requested' }, pass: { to: 'passed' }, withdraw: { to: 'withdrawn' } },
  fix_requested: { resubmit: { to: 'resubmitted' }, withdraw: { to: 'withdrawn' } },
  resubmitted: { request_fix: { to: 'fix_requested' }, pass: { to: 'passed' }, withdraw: { to: 'withdrawn' } },
  passed: { accept: { to: 'accepted' }, withdraw: { to: 'withdrawn' } },
  accepted: {},
  withdrawn: {},
};

/** Statuses waiting for the front desk's pre-review (网上预审). */
export const AWAITING_PREREVIEW: readonly ApplicationStatus[] = ['submitted', 'resubmitted'];

/**
 * How the applicant provides a material slot: 上传扫描件 / 告知承诺 / 容缺后补 / 不适用 (a conditional line) /
 * 电子证照 (the holder's license of the material's license type stands for it: nothing uploaded, issue 17.4).
 */
export const SLOT_MODES = ['upload', 'commitment', 'missing', 'not_applicable', 'license'] as const;
export type SlotMode = (typeof SLOT_MODES)[number];
export const SLOT_MODE_LABELS: Record<SlotMode, string> = { upload: '上传扫描件', commitment: '告知承诺', missing: '容缺后补', not_applicable: '不适用', license: '电子证照' };

export const VERDICTS = ['pass', 'fix'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The application number (申办流水号): WS + day + four-digit daily sequence. */
export const applicationNo = (today: string, seq: number) => `WS${today.replaceAll('-', '')}${String(seq).padStart(4, '0')}`;
export const APPLICATION_NO = /^WS\d{8}\d{4,}$/;
