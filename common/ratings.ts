/**
 * 好差评 (service evaluation, DOMAIN.md, SPEC §5) shared by the server and the web app. Pure.
 *
 * Levels follow the national code list: 1 非常满意 … 5 非常不满意 (the reverse of star ratings);
 * 4 and 5 are 差评. Satisfied = levels 1–3. A 差评 opens a rectification (差评整改):
 *
 *   verifying ──verify──→ rectifying ──rectify──→ replied ──revisit──→ closed
 *       └──────appeal──────┴──→ appealing ──decide_appeal──→ closed (upheld: the rating is excluded)
 *                                               └──────────────→ rectifying (rejected)
 */
import { actionsOf, stepOf, type Step, type Workflow } from './workflow.js';

export const RATING_LEVELS = [1, 2, 3, 4, 5] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export const RATING_LEVEL_LABELS: Record<RatingLevel, { zh: string; en: string }> = {
  1: { zh: '非常满意', en: 'Very satisfied' },
  2: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  4: { zh: '不满意', en: 'Dissatisfied' },
  5: { zh: '非常不满意', en: 'Very dissatisfied' },
};

/** 差评: 不满意 and 非常不满意. */
export function isBadRating(level: number): boolean {
  return level === 4 || level === 5;
}

/** Counted as satisfied in the monthly figures: 非常满意, 满意, 基本满意. */
export function isSatisfied(level: number): boolean {
  return level === 1 || level === 2 || level === 3;
}

export function isRatingLevel(level: unknown): level is RatingLevel {
  return typeof level === 'number' && (RATING_LEVELS as readonly number[]).includes(level);
}

/** 一次一评 at the window (acceptance) and 一事一评 at completion (承诺件). */
export const RATING_STAGES = ['acceptance', 'completion'] as const;
export type RatingStage = (typeof RATING_STAGES)[number];
export const RATING_STAGE_LABELS: Record<RatingStage, { zh: string; en: string }> = {
  acceptance: { zh: '窗口受理', en: 'At the window' },
  completion: { zh: '办结', en: 'At completion' },
};

/** How a rating came in: the window device (评价器), the SMS link, the progress page, or the default. */
export const RATING_CHANNELS = ['device', 'sms', 'portal', 'default'] as const;
export type RatingChannel = (typeof RATING_CHANNELS)[number];
/** channels a rater uses (the default is given by the system) */
export const RATER_CHANNELS = ['device', 'sms', 'portal'] as const;
export type RaterChannel = (typeof RATER_CHANNELS)[number];
export const RATING_CHANNEL_LABELS: Record<RatingChannel, { zh: string; en: string }> = {
  device: { zh: '窗口评价器', en: 'Window device' },
  sms: { zh: '短信评价', en: 'SMS link' },
  portal: { zh: '网上评价', en: 'Progress page' },
  default: { zh: '默认评价', en: 'Default' },
};

/** Reasons a rater may tick with a 差评 (at least one reason or a comment is required). */
export const RATING_REASONS = ['attitude', 'efficiency', 'repeat_trips', 'extra_materials', 'unclear_notice', 'waiting', 'environment', 'other'] as const;
export type RatingReason = (typeof RATING_REASONS)[number];
export const RATING_REASON_LABELS: Record<RatingReason, { zh: string; en: string }> = {
  attitude: { zh: '服务态度差', en: 'Unfriendly staff' },
  efficiency: { zh: '办理效率低', en: 'Slow handling' },
  repeat_trips: { zh: '多次跑动', en: 'Had to come back several times' },
  extra_materials: { zh: '要求清单外材料', en: 'Asked for materials not on the list' },
  unclear_notice: { zh: '告知不清楚', en: 'Unclear information' },
  waiting: { zh: '等候时间长', en: 'Long wait' },
  environment: { zh: '设施环境不便', en: 'Poor facilities' },
  other: { zh: '其他', en: 'Other' },
};

/** A 差评 needs something to act on: a reason or a comment (the practice of 好差评 rules). */
export function badRatingExplained(level: number, reasons: readonly string[], comment: string): boolean {
  return !isBadRating(level) || reasons.length > 0 || comment.trim().length > 0;
}

// ---- rectification (差评整改) ------------------------------------------------------------

export const RECTIFICATION_STATUSES = [
  'verifying', // 待核实
  'rectifying', // 整改中
  'replied', // 已答复，待回访
  'appealing', // 申诉中
  'closed', // 已办结
] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

export const RECTIFICATION_ACTIONS = ['verify', 'rectify', 'revisit', 'appeal', 'decide_appeal'] as const;
export type RectificationAction = (typeof RECTIFICATION_ACTIONS)[number];

/** rating.rectify: the hall (guides) or the department (approvers); rating.revisit: the centre's supervisors. */
export type RectificationAbility = 'rating.rectify' | 'rating.revisit';

export interface RectificationTransition extends Step<RectificationStatus | 'by_decision'> {
  /** the status after the action; decide_appeal's depends on the decision (see nextRectificationStatus) */
  to: RectificationStatus | 'by_decision';
  ability: RectificationAbility;
}

const rectify = (to: RectificationStatus): RectificationTransition => ({ to, ability: 'rating.rectify' });

export const RECTIFICATION_WORKFLOW = {
  verifying: { verify: rectify('rectifying'), appeal: rectify('appealing') },
  rectifying: { rectify: rectify('replied'), appeal: rectify('appealing') },
  replied: { revisit: { to: 'closed', ability: 'rating.revisit' } },
  appealing: { decide_appeal: { to: 'by_decision', ability: 'rating.revisit' } },
  closed: {},
} as const satisfies Workflow<RectificationStatus, RectificationAction, RectificationTransition>;

export function rectificationTransition(status: RectificationStatus, action: RectificationAction): RectificationTransition | undefined {
  return stepOf<RectificationStatus, RectificationAction, RectificationTransition>(RECTIFICATION_WORKFLOW, status, action);
}

export function rectificationActionsIn(status: RectificationStatus): RectificationAction[] {
  return actionsOf<RectificationStatus, RectificationAction>(RECTIFICATION_WORKFLOW, status);
}

/** The ability an action needs (the same wherever it is allowed). */
export function abilityOfRectificationAction(action: RectificationAction): RectificationAbility {
  for (const status of RECTIFICATION_STATUSES) {
    const t = rectificationTransition(status, action);
    if (t) return t.ability;
  }
  throw new Error(`unknown rectification action ${action}`);
}

export const APPEAL_DECISIONS = ['upheld', 'rejected'] as const;
export type AppealDecision = (typeof APPEAL_DECISIONS)[number];

/** The status after an allowed action: an upheld appeal closes the task, a rejected one sends it back to rectifying. */
export function nextRectificationStatus(status: RectificationStatus, action: RectificationAction, decision?: AppealDecision): RectificationStatus | null {
  const t = rectificationTransition(status, action);
  if (!t) return null;
  if (t.to !== 'by_decision') return t.to;
  return decision === 'upheld' ? 'closed' : decision === 'rejected' ? 'rectifying' : null;
}

export const RECTIFICATION_STATUS_LABELS: Record<RectificationStatus, { zh: string; en: string }> = {
  verifying: { zh: '待核实', en: 'To verify' },
  rectifying: { zh: '整改中', en: 'Rectifying' },
  replied: { zh: '已答复待回访', en: 'Replied, to revisit' },
  appealing: { zh: '申诉中', en: 'Under appeal' },
  closed: { zh: '已办结', en: 'Closed' },
};

export const RECTIFICATION_ACTION_LABELS: Record<RectificationAction, { zh: string; en: string }> = {
  verify: { zh: '核实情况', en: 'Verify' },
  rectify: { zh: '整改并答复', en: 'Rectify and reply' },
  revisit: { zh: '回访', en: 'Revisit' },
  appeal: { zh: '申诉', en: 'Appeal' },
  decide_appeal: { zh: '审核申诉', en: 'Decide appeal' },
};

/** Statuses whose deadline runs: the department or the hall still owes the verification and the reply. */
export const RECTIFICATION_CLOCK_STATUSES: readonly RectificationStatus[] = ['verifying', 'rectifying'];

/** Local rule (DOMAIN.md): 5, 7, 10 or 15 working days to rectify and reply; default 5. */
export const RECTIFY_DAY_OPTIONS = [5, 7, 10, 15] as const;

export type RectificationLight = 'green' | 'yellow' | 'red';

/**
 * The light of a rectification on `today` (ISO dates compare as strings): red after the due day,
 * yellow from `yellowFrom` (one working day before the due day), else green; no light once the
 * reply is given (the deadline was met or missed for good).
 */
export function rectificationLight(r: { status: RectificationStatus; dueOn: string; yellowFrom: string }, today: string): RectificationLight | null {
  if (!RECTIFICATION_CLOCK_STATUSES.includes(r.status)) return null;
  if (today > r.dueOn) return 'red';
  if (today >= r.yellowFrom) return 'yellow';
  return 'green';
}

// ---- satisfaction (满意度) ---------------------------------------------------------------

export interface SatisfactionFigures {
  total: number;
  /** count per level 1…5 (index 0 is level 1) */
  levels: [number, number, number, number, number];
  satisfied: number;
  bad: number;
  /** satisfied / total, rounded to 4 decimals; null without ratings */
  rate: number | null;
}

/** Monthly figures from the count of ratings per level (excluded ratings are not counted). */
export function satisfactionOf(levels: readonly number[]): SatisfactionFigures {
  const l = [0, 1, 2, 3, 4].map((i) => Math.max(0, Math.trunc(levels[i] ?? 0))) as SatisfactionFigures['levels'];
  const total = l.reduce((a, b) => a + b, 0);
  const satisfied = l[0] + l[1] + l[2];
  const bad = l[3] + l[4];
  return { total, levels: l, satisfied, bad, rate: total ? Math.round((satisfied / total) * 10_000) / 10_000 : null };
}

export const SATISFACTION_DIMENSIONS = ['window', 'clerk', 'department'] as const;
export type SatisfactionDimension = (typeof SATISFACTION_DIMENSIONS)[number];

/** The first and last day of a month `YYYY-MM`, or null when it is not a month. */
export function monthRange(month: string): { from: string; to: string } | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${String(last).padStart(2, '0')}` };
}

// ---- deadlines ------------------------------------------------------------------------------

/** The part of a working calendar the deadline needs (common/working-days.ts WorkingCalendar). */
export interface WorkdayCalendar {
  addWorkingDays(start: string, n: number): string;
  isWorkday(date: string): boolean;
}

const previousDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * A rectification opened on `today` is due `days` working days later (the opening day not
 * counted); the light turns yellow on the working day before the due day.
 */
export function rectificationDeadlines(cal: WorkdayCalendar, today: string, days: number): { dueOn: string; yellowFrom: string } {
  const dueOn = cal.addWorkingDays(today, days);
  let yellowFrom = previousDay(dueOn);
  while (!cal.isWorkday(yellowFrom)) yellowFrom = previousDay(yellowFrom);
  return { dueOn, yellowFrom };
}

/** Monday to Friday: the estimate used when the holiday arrangement of a year is not loaded yet. */
export const WEEKDAY_CALENDAR: WorkdayCalendar = {
  isWorkday: (date) => {
    const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
    return wd !== 0 && wd !== 6;
  },
  addWorkingDays(start, n) {
    let d = start;
    if (n === 0) {
      while (!this.isWorkday(d)) d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      return d;
    }
    for (let left = n; left > 0; ) {
      d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      if (this.isWorkday(d)) left--;
    }
    return d;
  },
};
