/**
 * The hall queue (取号叫号, SPEC §6), shared by server and web: ticket statuses and actions as a
 * table, category prefixes, priorities, appointment statuses, and the Erlang C capacity planner.
 * Pure: no HTTP, no database.
 */
import type { WindowCategory } from './roles.js';
import { actionsOf, stepOf, type Step, type Workflow } from './workflow.js';

/** Ticket prefix per category: the board says 请 A001 到 3 号窗口. */
export const CATEGORY_PREFIX: Record<WindowCategory, string> = { business: 'A', citizen: 'B', engineering: 'C' };
export const CATEGORY_LABELS: Record<WindowCategory, string> = { engineering: '工程建设类', business: '经营许可类', citizen: '公民个人类' };

export const PRIORITIES = ['normal', 'appointment', 'green'] as const; // 普通 / 预约 / 绿色通道（老年人、残疾人等，由导办员设置）
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_LABELS: Record<Priority, string> = { normal: '普通', appointment: '预约', green: '绿色通道' };

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  waiting: '等候中', called: '已叫号', serving: '办理中', done: '已办结', no_show: '过号', cancelled: '已取消',
};

export const TICKET_ACTIONS = ['recall', 'serve', 'no_show', 'transfer', 'finish', 'green'] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** status → actions (call next is per window, not per ticket). */
export const TICKET_WORKFLOW = {
  waiting: { transfer: { to: 'waiting' }, green: { to: 'waiting' } },
  called: { recall: { to: 'called' }, serve: { to: 'serving' }, no_show: { to: 'no_show' }, transfer: { to: 'waiting' } },
  serving: { finish: { to: 'done' }, transfer: { to: 'waiting' } },
  done: {},
  no_show: {},
  cancelled: {},
} as const satisfies Workflow<TicketStatus, TicketAction, Step<TicketStatus>>;

export function ticketActionsIn(status: TicketStatus): TicketAction[] {
  return actionsOf<TicketStatus, TicketAction>(TICKET_WORKFLOW, status);
}
export function ticketTransition(status: TicketStatus, action: TicketAction): TicketStatus | undefined {
  return stepOf<TicketStatus, TicketAction, Step<TicketStatus>>(TICKET_WORKFLOW, status, action)?.to;
}

export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'checked_in', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export function ticketNo(category: WindowCategory, seq: number): string {
  return `${CATEGORY_PREFIX[category]}${String(seq).padStart(3, '0')}`;
}

/**
 * Fair ordering (公平叫号): priority tickets go first, but after `run` priority calls in a row a
 * waiting normal ticket is called, so normal tickets are never starved.
 */
export function preferPriority(recentCalls: Priority[], run: number): boolean {
  if (run <= 0) return false;
  const streak = recentCalls.slice(0, run);
  return !(streak.length >= run && streak.every((p) => p !== 'normal'));
}

// ---- Erlang C (M/M/c) -----------------------------------------------------------------------

/** Probability that an arrival waits, for offered load `a` Erlangs (λ/μ) and `c` servers; 1 when c ≤ a. */
export function erlangC(a: number, c: number): number {
  if (!(a >= 0) || !Number.isInteger(c) || c < 0) throw new RangeError('erlangC: a ≥ 0 and an integer c ≥ 0');
  if (a === 0) return 0;
  if (c <= a) return 1;
  let b = 1; // Erlang B by recursion: stable for large c
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return (c * b) / (c - a * (1 - b));
}

/** Mean wait in the queue (same time unit as 1/μ): C(a, c) / (cμ − λ). Infinity when unstable. */
export function meanWait(lambda: number, mu: number, c: number): number {
  const a = lambda / mu;
  if (c <= a) return Infinity;
  return erlangC(a, c) / (c * mu - lambda);
}

/** Fewest servers whose mean wait is at most `target` (at least 1 when anyone arrives). */
export function serversFor(lambda: number, mu: number, target: number, max = 200): number {
  if (lambda <= 0) return 0;
  for (let c = Math.max(1, Math.floor(lambda / mu) + 1); c <= max; c++) {
    if (meanWait(lambda, mu, c) <= target) return c;
  }
  return max;
}
