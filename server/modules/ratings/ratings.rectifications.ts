/**
 * 差评整改: verify → rectify and reply (SMS to the rater) → revisit (supervisors) → closed, or an
 * appeal against a malicious rating decided by the supervisors (upheld: closed and the rating left
 * out of the figures; rejected: back to rectifying). Every action follows the recipe: ability →
 * scoped FOR UPDATE load (outside the scope: 404) → workflow guard (409 naming the allowed
 * actions) → one transaction with the update (optimistic version), its event, audit and SMS.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  RECTIFICATION_ACTION_LABELS, RECTIFICATION_STATUS_LABELS, abilityOfRectificationAction, nextRectificationStatus, rectificationActionsIn,
  rectificationTransition, type RectificationAction,
} from '../../../common/ratings.js';
import { authorize, reaches, scopeOf, type Actor, type Scope } from '../../platform/authz.js';
import { chinaDate } from '../../platform/clock.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { actorFields } from '../audit/audit.service.js';
import { ratingsPolicy } from './ratings.policy.js';
import { ratingsRepo as repo, type RectificationRecord } from './ratings.repository.js';
import type { RatingDeps } from './ratings.deps.js';
import { ratingReplySms } from './ratings.sms.js';
import type { RatingLists, RectificationDetailAnswer } from './ratings.lists.js';
import type { RaterContact, RectificationActionBodies } from './ratings.schemas.js';

type Bodies = RectificationActionBodies;
interface Step {
  set: SQL;
  note: string;
  after?: (tx: Tx, x: RectificationRecord, eventId: number) => Promise<void>;
}

/** What each action writes besides the status (the workflow table decides that): its fields, the line in the task's history, what follows in the same transaction. */
const STEPS: { [A in RectificationAction]: (b: Bodies[A], today: string, d: RatingDeps) => Step } = {
  verify: (b) => ({ set: sql`verify_note = ${b.note}`, note: b.note }),
  rectify: (b, _today, d) => ({
    set: sql`rectify_note = ${b.measures}, reply_note = ${b.reply}`,
    note: `整改措施：${b.measures}\n答复：${b.reply}`,
    after: async (tx, x, eventId) => d.outbox.enqueue(tx, ratingReplySms(x.id, eventId, x.raterPhone, { centre: d.centreName, subject: x.subject, reply: b.reply })),
  }),
  revisit: (b, today) => ({
    set: sql`revisit_note = ${b.note}, revisit_satisfied = ${b.satisfied}, closed_on = ${today}`,
    note: `${b.satisfied ? '回访满意' : '回访仍不满意'}：${b.note}`,
  }),
  appeal: (b) => ({ set: sql`appeal_reason = ${b.reason}`, note: b.reason }),
  decide_appeal: (b, today) =>
    b.decision === 'upheld'
      ? {
          set: sql`appeal_decision = 'upheld', appeal_note = ${b.note}, closed_on = ${today}`,
          note: `申诉成立：${b.note}（该评价不计入满意度）`,
          after: async (tx, x) => repo.excludeRating(tx, x.ratingId),
        }
      : { set: sql`appeal_decision = 'rejected', appeal_note = ${b.note}`, note: `申诉不成立，继续整改：${b.note}` },
};

/** The free text each action needs (trimmed, non-empty), checked before anything is loaded. */
const REQUIRED: { [A in RectificationAction]: [keyof Bodies[A], string][] } = {
  verify: [['note', '核实情况']],
  rectify: [['measures', '整改措施'], ['reply', '答复内容']],
  revisit: [['note', '回访记录']],
  appeal: [['reason', '申诉理由']],
  decide_appeal: [['note', '审核意见']],
};

/** Per-record guards beyond the table: an appeal is heard once. */
function guardAllows(action: RectificationAction, x: Pick<RectificationRecord, 'appealDecision'>): boolean {
  return action !== 'appeal' || x.appealDecision === null;
}

export class RectificationService {
  constructor(
    private readonly d: RatingDeps,
    private readonly lists: RatingLists,
  ) {}

  /** Actions the actor may take now: allowed by the table, reached by the actor's scope, passing the guards. */
  allowedActions(actor: Actor, x: Pick<RectificationRecord, 'status' | 'siteId' | 'departmentId' | 'appealDecision'>): RectificationAction[] {
    return rectificationActionsIn(x.status).filter((a) => {
      const s = scopeOf(actor, ratingsPolicy[rectificationTransition(x.status, a)!.ability]);
      return reaches(s, { siteId: x.siteId, departmentId: x.departmentId }) && guardAllows(a, x);
    });
  }

  async detail(actor: Actor, id: number): Promise<RectificationDetailAnswer> {
    const x = await this.lists.rectification(actor, id);
    return { ...x, allowedActions: this.allowedActions(actor, x) };
  }

  async act<A extends RectificationAction>(actor: Actor, id: number, action: A, input: Bodies[A]): Promise<RectificationDetailAnswer> {
    const scope: Scope = authorize(actor, ratingsPolicy, abilityOfRectificationAction(action));
    const body = { ...input } as Bodies[A];
    for (const [field, what] of REQUIRED[action] as [keyof Bodies[A], string][]) {
      const v = body[field];
      if (typeof v === 'string') (body as Record<keyof Bodies[A], unknown>)[field] = v.trim();
      if (typeof v !== 'string' || !v.trim()) throw new AppError('RATING_NOTE_REQUIRED', { what });
    }
    const now = this.d.clock.now();
    const today = chinaDate(now);
    await this.d.database.tx(async (tx) => {
      const x = await repo.lockRectification(tx, id, scope);
      if (!x) throw new AppError('NOT_FOUND');
      if (body.version !== undefined && body.version !== x.version) throw new AppError('CONFLICT');
      const decision = action === 'decide_appeal' ? (body as Bodies['decide_appeal']).decision : undefined;
      const to = nextRectificationStatus(x.status, action, decision);
      if (!to || !guardAllows(action, x)) {
        const allowed = rectificationActionsIn(x.status).filter((a) => guardAllows(a, x));
        throw new AppError('RATING_TRANSITION_NOT_ALLOWED', {
          status: RECTIFICATION_STATUS_LABELS[x.status].zh, action: RECTIFICATION_ACTION_LABELS[action].zh,
          allowed: allowed.map((a) => RECTIFICATION_ACTION_LABELS[a].zh).join('、') || '无（已办结）',
        }, { status: x.status, allowed });
      }
      const step = (STEPS[action] as (b: Bodies[A], today: string, d: RatingDeps) => Step)(body, today, this.d);
      if (!(await repo.updateRectification(tx, id, x.version, sql`status = ${to}, ${step.set}`, now))) throw new AppError('CONFLICT');
      const who = actorFields(actor);
      const eventId = await repo.insertEvent(tx, { rectificationId: id, action, actorId: who.actorId, actorName: actor.kind === 'user' ? actor.displayName : who.actorName, note: step.note, at: now });
      await this.d.audit.record(tx, actor, {
        kind: `rectification.${action}`, aggregateType: 'rectification', aggregateId: id,
        data: { from: x.status, to, ratingId: x.ratingId, ...(decision ? { decision } : {}) },
      });
      await step.after?.(tx, x, eventId);
    });
    return this.detail(actor, id);
  }

  /** 回访: the supervisor calls the rater; the full name and phone are given by this audited action only. */
  async revealRater(actor: Actor, id: number): Promise<RaterContact> {
    const scope = authorize(actor, ratingsPolicy, 'rating.revisit');
    return this.d.database.tx(async (tx) => {
      const x = await repo.lockRectification(tx, id, scope);
      if (!x) throw new AppError('NOT_FOUND');
      const contact = (await repo.rater(tx, id))!;
      await this.d.audit.record(tx, actor, { kind: 'rectification.rater_viewed', aggregateType: 'rectification', aggregateId: id, data: { status: x.status } });
      return contact;
    });
  }
}

