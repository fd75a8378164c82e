/**
 * Shapes of the 好差评 API (the case module uses RatingInvitationView on the public progress page).
 *
 * Public (no login, rate-limited):
 *   GET  /api/public/ratings/{token}               RatingInvitationView (what is rated, where, whether rated)
 *   POST /api/public/ratings                       RateBody → RatingInvitationView (one rating per invitation)
 *   GET  /api/public/ratings/window/{windowId}     WindowRatingView (the window device's pending invitation)
 * Staff:
 *   GET  /api/ratings                              Page<RatingRow>            rating.read (scoped)
 *   GET  /api/ratings/mine                         Page<MyRatingRow>          rating.own (never the rater)
 *   GET  /api/ratings/rectifications               Page<RectificationRow>     rating.read (scoped)
 *   GET  /api/ratings/rectifications/{id}          RectificationDetail
 *   POST /api/ratings/rectifications/{id}/actions/{action}   RectificationActionBodies[action] → RectificationDetail
 *   POST /api/ratings/rectifications/{id}/rater    RaterContact (full name and phone for the revisit; audited)
 *   GET  /api/ratings/satisfaction?month&dimension  SatisfactionReport       rating.read (scoped)
 */
import type {
  AppealDecision, RaterChannel, RatingChannel, RatingLevel, RatingReason, RatingStage, RectificationAction, RectificationLight,
  RectificationStatus, SatisfactionDimension, SatisfactionFigures,
} from './ratings.js';

/** A service the applicant may rate, as the applicant sees it (never shows the rater's data back). */
export interface RatingInvitationView {
  token: string;
  stage: 'acceptance' | 'completion';
  subject: string;
  siteName: string;
  windowName: string | null;
  createdAt: string;
  rated: boolean;
  level: RatingLevel | null;
}

export interface RateBody {
  token: string;
  level: RatingLevel;
  reasons: RatingReason[];
  comment: string;
  channel: RaterChannel;
}

/** The window device (评价器): its window and the latest unrated visit of the last 30 minutes. */
export interface WindowRatingView {
  window: { id: number; name: string; siteName: string };
  invitation: RatingInvitationView | null;
}

/** The rater as the centre's supervisors and discipline inspectors see it (masked); null for everyone else. */
export interface MaskedRater {
  name: string;
  phone: string;
}

/** The full contact for the revisit (回访), given to supervisors by an audited action. */
export interface RaterContact {
  name: string;
  phone: string;
}

export interface RatingRow {
  id: number;
  level: RatingLevel;
  channel: RatingChannel;
  reasons: RatingReason[];
  comment: string;
  ratedAt: string;
  ratedOn: string;
  excluded: boolean;
  stage: RatingStage;
  subject: string;
  siteId: number;
  siteName: string;
  windowName: string | null;
  clerkName: string | null;
  departmentName: string | null;
  rectificationId: number | null;
  rectificationStatus: RectificationStatus | null;
  rater: MaskedRater | null;
}

export interface RatingListQuery {
  from?: string;
  to?: string;
  level?: RatingLevel;
  bad?: boolean;
  stage?: RatingStage;
  siteId?: number;
  departmentId?: number;
  page?: number;
  pageSize?: number;
}

/** What the rated clerk sees of a rating of their own service: no rater field at all. */
export interface MyRatingRow {
  id: number;
  level: RatingLevel;
  channel: RatingChannel;
  ratedOn: string;
  stage: RatingStage;
  subject: string;
  siteName: string;
  windowName: string | null;
  reasons: RatingReason[];
  comment: string;
  excluded: boolean;
  rectificationStatus: RectificationStatus | null;
}

export interface MyRatingsPage {
  items: MyRatingRow[];
  total: number;
  /** the clerk's own figures over the listed period */
  summary: SatisfactionFigures;
}

export interface RectificationRow {
  id: number;
  ratingId: number;
  status: RectificationStatus;
  level: RatingLevel;
  stage: RatingStage;
  subject: string;
  reasons: RatingReason[];
  comment: string;
  siteName: string;
  departmentName: string | null;
  windowName: string | null;
  clerkName: string | null;
  openedOn: string;
  dueOn: string;
  closedOn: string | null;
  light: RectificationLight | null;
  /** working days left to the due day (negative: overdue); null once replied or closed */
  remainingDays: number | null;
}

export interface RectificationListQuery {
  status?: RectificationStatus;
  light?: RectificationLight;
  open?: boolean;
  siteId?: number;
  departmentId?: number;
  page?: number;
  pageSize?: number;
}

export interface RectificationEventView {
  at: string;
  action: 'opened' | RectificationAction;
  actorName: string;
  note: string;
}

export interface RectificationDetail extends RectificationRow {
  version: number;
  channel: RatingChannel;
  ratedAt: string;
  excluded: boolean;
  verifyNote: string;
  rectifyNote: string;
  replyNote: string;
  revisitNote: string;
  revisitSatisfied: boolean | null;
  appealReason: string;
  appealDecision: AppealDecision | null;
  appealNote: string;
  events: RectificationEventView[];
  allowedActions: RectificationAction[];
  /** masked, for supervisors and discipline inspectors only (they revisit); null for everyone else */
  rater: MaskedRater | null;
}

export interface RectificationActionBodies {
  /** 核实情况 */
  verify: { note: string; version?: number };
  /** 整改措施 and 答复内容 (the reply goes to the rater by SMS) */
  rectify: { measures: string; reply: string; version?: number };
  /** 回访记录 and whether the rater is now satisfied */
  revisit: { note: string; satisfied: boolean; version?: number };
  /** 申诉 against a malicious rating */
  appeal: { reason: string; version?: number };
  /** 申诉审核: upheld → closed and the rating left out of the figures; rejected → back to rectifying */
  decide_appeal: { decision: AppealDecision; note: string; version?: number };
}

export interface SatisfactionRow extends SatisfactionFigures {
  /** window, clerk or department id; null: none recorded (e.g. the front desk for department) */
  id: number | null;
  name: string;
}

export interface SatisfactionReport {
  month: string;
  dimension: SatisfactionDimension;
  rows: SatisfactionRow[];
  totals: SatisfactionFigures;
  /** ratings left out after an upheld appeal */
  excluded: number;
}
