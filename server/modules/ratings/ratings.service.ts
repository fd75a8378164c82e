/**
 * 好差评: invitations after a visit and after completion, ratings from the window device, the SMS
 * link and the progress page, 差评 rectification, appeals, default ratings, monthly satisfaction.
 *
 * Invitations are written in the caller's case transaction (hooks) with their SMS; a rating is one
 * transaction that also opens the rectification of a 差评. Staff reads and the rectification
 * workflow live in ratings.lists.ts and ratings.rectifications.ts.
 */
import { randomBytes } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import {
  RATING_LEVEL_LABELS, RATING_REASON_LABELS, WEEKDAY_CALENDAR, badRatingExplained, isBadRating, isRatingLevel, rectificationDeadlines,
  type RaterChannel, type RatingLevel, type RatingReason,
} from '../../../common/ratings.js';
import { CalendarCoverageError } from '../../../common/working-days.js';
import { systemActor, type Actor } from '../../platform/authz.js';
import { chinaDate } from '../../platform/clock.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { RatingHooks } from '../cases/case-hooks.js';
import type { RatingDeps } from './ratings.deps.js';
import { RatingLists } from './ratings.lists.js';
import { RectificationService } from './ratings.rectifications.js';
import { ratingsRepo as repo, type InvitationRow } from './ratings.repository.js';
import type { RatingInvitationView, WindowRatingView } from './ratings.schemas.js';
import { ratingInviteSms, ratingLink } from './ratings.sms.js';

/** A rating as the service takes it: the body of POST /api/public/ratings with its defaults filled in (no reasons, no comment). */
export interface RateBody {
  token: string;
  level: RatingLevel;
  reasons: RatingReason[];
  comment: string;
  channel: RaterChannel;
}

/** The window device asks for visits of the last half hour only: an old visit is not the person at the desk. */
export const WINDOW_PROMPT_MINUTES = 30;
const DEFAULT_BATCH = 2000;

/** Who rated, for the audit trail: the public channel and the request, never the person. */
export interface RaterMeta {
  requestId: string | null;
  ip: string | null;
}

export class RatingService implements RatingHooks {
  readonly lists: RatingLists;
  readonly rectifications: RectificationService;

  constructor(private readonly d: RatingDeps) {
    this.lists = new RatingLists(d);
    this.rectifications = new RectificationService(d, this.lists);
  }

  // ---- invitations (hooks of the case module, in its transaction) ---------------------------

  async inviteForVisit(tx: Tx, visitId: number): Promise<void> {
    await this.invite(tx, 'acceptance', { visitId, caseId: null }, repo.visitFactsSql(visitId));
  }

  async inviteForCompletion(tx: Tx, caseId: number): Promise<void> {
    await this.invite(tx, 'completion', { visitId: null, caseId }, repo.caseFactsSql(caseId));
  }

  private async invite(tx: Tx, stage: 'acceptance' | 'completion', of: { visitId: number | null; caseId: number | null }, factsSql: SQL): Promise<void> {
    const token = randomBytes(18).toString('base64url');
    const facts = await repo.insertInvitation(tx, { token, stage, ...of, at: this.d.clock.now() }, factsSql);
    if (!facts) return; // no such service, or already invited (一次一评 / 一事一评)
    const id = facts.id;
    await this.d.audit.record(tx, systemActor('ratings'), {
      kind: 'rating.invited', aggregateType: 'rating_invitation', aggregateId: id,
      data: { stage, ...of, siteId: facts.siteId, windowId: facts.windowId, clerkId: facts.clerkId, departmentId: facts.departmentId },
    });
    await this.d.outbox.enqueue(tx, ratingInviteSms(id, facts.raterPhone, {
      centre: this.d.centreName, stage, siteName: facts.siteName, subject: facts.subject, link: ratingLink(this.d.publicBaseUrl, token), days: this.d.config.defaultDays,
    }));
  }

  forProgressSql(): SQL {
    return repo.viewsOfCaseJson();
  }

  // ---- public: the rating page, the window device, the rating itself ------------------------

  async invitation(token: string): Promise<RatingInvitationView> {
    const v = await repo.viewByToken(this.d.database.db, token);
    if (!v) throw new AppError('RATING_INVITATION_NOT_FOUND');
    return v;
  }

  async forWindow(windowId: number): Promise<WindowRatingView> {
    const db = this.d.database.db;
    const window = await repo.window(db, windowId);
    if (!window) throw new AppError('RATING_WINDOW_NOT_FOUND');
    return { window, invitation: (await repo.pendingForWindow(db, windowId, WINDOW_PROMPT_MINUTES, this.d.clock.now())) ?? null };
  }

  /** One rating per invitation; a 差评 needs a reason or a comment and opens its rectification in the same transaction. */
  async rate(body: RateBody, meta: RaterMeta): Promise<RatingInvitationView> {
    if (!isRatingLevel(body.level)) throw new AppError('VALIDATION_FAILED', { detail: 'level' });
    const reasons = [...new Set(body.reasons ?? [])];
    const comment = (body.comment ?? '').trim();
    if (!badRatingExplained(body.level, reasons, comment)) throw new AppError('RATING_REASON_REQUIRED');
    const now = this.d.clock.now();
    const today = chinaDate(now);
    const deadlines = isBadRating(body.level) ? await this.deadlines(today) : null;
    const actor: Actor = { ...systemActor(`rater:${body.channel}`), requestId: meta.requestId, ip: meta.ip };
    await this.d.database.tx(async (tx) => {
      const inv = await repo.lockInvitation(tx, body.token);
      if (!inv) throw new AppError('RATING_INVITATION_NOT_FOUND');
      if (inv.ratedAt) throw new AppError('RATING_ALREADY_RATED');
      const { ratingId, clerkId } = await repo.insertRating(tx, inv, { level: body.level, channel: body.channel, reasons, comment, at: now, on: today });
      await this.d.audit.record(tx, actor, {
        kind: 'rating.rated', aggregateType: 'rating_invitation', aggregateId: inv.id,
        data: { ratingId, level: body.level, channel: body.channel, reasons },
      });
      if (deadlines) await this.openRectification(tx, actor, { ...inv, clerkId }, ratingId, body.level, reasons, comment, now, deadlines);
    });
    return (await repo.viewByToken(this.d.database.db, body.token))!;
  }

  /** Due in `rectifyDays` working days; beyond the loaded holiday arrangement, estimated over Monday–Friday (and said so). */
  private async deadlines(today: string): Promise<{ dueOn: string; yellowFrom: string; estimated: boolean }> {
    const cal = await this.d.calendar.calendar();
    try {
      return { ...rectificationDeadlines(cal, today, this.d.config.rectifyDays), estimated: false };
    } catch (err) {
      if (!(err instanceof CalendarCoverageError)) throw err;
      return { ...rectificationDeadlines(WEEKDAY_CALENDAR, today, this.d.config.rectifyDays), estimated: true };
    }
  }

  private async openRectification(
    tx: Tx, actor: Actor, inv: Pick<InvitationRow, 'siteId' | 'departmentId' | 'clerkId'>, ratingId: number, level: RatingLevel,
    reasons: readonly string[], comment: string, at: Date, dl: { dueOn: string; yellowFrom: string; estimated: boolean },
  ): Promise<void> {
    const id = await repo.insertRectification(tx, { ratingId, siteId: inv.siteId, departmentId: inv.departmentId, clerkId: inv.clerkId, openedOn: chinaDate(at), dueOn: dl.dueOn, yellowFrom: dl.yellowFrom, at });
    if (id === null) return;
    const why = [RATING_LEVEL_LABELS[level].zh, reasons.map((r) => RATING_REASON_LABELS[r as RatingReason]?.zh ?? r).join('、'), comment].filter(Boolean).join('；');
    const note = `${why}。整改期限 ${dl.dueOn}${dl.estimated ? '（该年度节假日安排尚未录入，按周一至周五估算）' : ''}`;
    await repo.insertEvent(tx, { rectificationId: id, action: 'opened', actorId: null, actorName: '系统', note, at });
    await this.d.audit.record(tx, actor, {
      kind: 'rectification.opened', aggregateType: 'rectification', aggregateId: id,
      data: { ratingId, level, dueOn: dl.dueOn, estimated: dl.estimated },
    });
  }

  // ---- default rating (默认评价) -------------------------------------------------------------

  /** Gives the default level to invitations nobody rated within the configured days; returns how many. */
  async applyDefaults(now: Date = this.d.clock.now()): Promise<number> {
    const { defaultDays, defaultLevel } = this.d.config;
    const cutoff = new Date(now.getTime() - defaultDays * 86_400_000);
    const today = chinaDate(now);
    const level = defaultLevel as RatingLevel;
    const deadlines = isBadRating(level) ? await this.deadlines(today) : null;
    const actor = systemActor('rating-defaults');
    let total = 0;
    for (;;) {
      const made = await this.d.database.tx(async (tx) => {
        const done = await repo.insertDefaults(tx, cutoff, level, now, today, DEFAULT_BATCH);
        if (!done.length) return 0;
        await this.d.audit.record(tx, actor, {
          kind: 'rating.defaulted', aggregateType: 'rating_defaults', aggregateId: `${today}:${done[0]!.ratingId}`,
          data: { level, days: defaultDays, count: done.length, invitationIds: done.map((x) => x.invitationId) },
        });
        // A locally configured default of 4/5 is a 差评 like any other: it gets its rectification.
        if (deadlines) {
          for (const x of done) {
            const inv = (await repo.invitationById(tx, x.invitationId))!;
            await this.openRectification(tx, actor, inv, x.ratingId, level, [], '默认评价', now, deadlines);
          }
        }
        return done.length;
      });
      total += made;
      if (made < DEFAULT_BATCH) return total;
    }
  }
}
