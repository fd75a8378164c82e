/**
 * Response schemas of the 好差评 API, and the types the services return derived from them (Static): the shapes are
 * defined once, the OpenAPI document describes every answer and fast-json-stringify writes them. Instants are ISO
 * 8601 texts in UTC, days YYYY-MM-DD. Levels follow the national code list: 1 非常满意 … 5 非常不满意.
 */
import { Type, type Static } from 'typebox';
import {
  APPEAL_DECISIONS, RATING_CHANNELS, RATING_REASONS, RATING_STAGES, RECTIFICATION_ACTIONS, RECTIFICATION_STATUSES, SATISFACTION_DIMENSIONS,
  type RectificationAction,
} from '../../../common/ratings.js';
import { Id, Instant, MultiText, Nullable, Page, literals, obj } from '../../platform/schemas.js';

const Day = Type.String({ format: 'date' });
const LevelSchema = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4), Type.Literal(5)], { description: '评价等级：1 非常满意、2 满意、3 基本满意、4 不满意、5 非常不满意' });
const StageSchema = literals(RATING_STAGES);
const ChannelSchema = literals(RATING_CHANNELS);
const ReasonsSchema = Type.Array(literals(RATING_REASONS), { description: '差评原因' });
const RectificationStatusSchema = literals(RECTIFICATION_STATUSES);
const Count = Type.Integer({ minimum: 0 });

/** a service the applicant may rate, as the applicant sees it (RatingInvitationView) */
export const RatingInvitationSchema = Type.Object({
  token: Type.String({ description: '评价令牌（短信链接、评价器、办件进度页）' }),
  stage: StageSchema,
  subject: Type.String({ description: '所评价的服务（事项名称）' }),
  siteName: Type.String(),
  windowName: Nullable(Type.String()),
  createdAt: Instant(),
  rated: Type.Boolean({ description: '是否已评价' }),
  level: Nullable(LevelSchema),
});
export type RatingInvitationView = Static<typeof RatingInvitationSchema>;

/** GET /api/public/ratings/window/{windowId} (WindowRatingView) */
export const WindowRatingSchema = Type.Object({
  window: Type.Object({ id: Type.Integer(), name: Type.String(), siteName: Type.String() }),
  invitation: Nullable(RatingInvitationSchema),
});
export type WindowRatingView = Static<typeof WindowRatingSchema>;

/** the rater, masked (MaskedRater): for supervisors and discipline inspectors only, null for everyone else */
const MaskedRaterSchema = Nullable(
  Type.Object({ name: Type.String(), phone: Type.String() }, { description: '评价人（脱敏），仅中心监督人员与纪检人员可见' }),
);

/** POST /api/ratings/rectifications/{id}/rater (RaterContact): the full contact for the revisit, audited */
export const RaterContactSchema = Type.Object({
  name: Type.String({ description: '评价人完整姓名' }),
  phone: Type.String({ description: '评价人完整手机号' }),
});
export type RaterContact = Static<typeof RaterContactSchema>;

/** a rating in the staff list (RatingRow) */
export const RatingSchema = Type.Object({
  id: Type.Integer(),
  level: LevelSchema,
  channel: ChannelSchema,
  reasons: ReasonsSchema,
  comment: Type.String(),
  ratedAt: Instant(),
  ratedOn: Type.String({ format: 'date', description: '评价日（北京时间）' }),
  excluded: Type.Boolean({ description: '申诉成立，不计入满意度' }),
  stage: StageSchema,
  subject: Type.String(),
  siteId: Type.Integer(),
  siteName: Type.String(),
  windowName: Nullable(Type.String()),
  clerkName: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  rectificationId: Nullable(Type.Integer()),
  rectificationStatus: Nullable(RectificationStatusSchema),
  rater: MaskedRaterSchema,
});
export type RatingRow = Static<typeof RatingSchema>;

/** GET /api/ratings */
export const RatingPageSchema = Page(RatingSchema);

/** the monthly figures (SatisfactionFigures) */
const satisfactionFigures = {
  total: Count,
  levels: Type.Array(Count, { minItems: 5, maxItems: 5, description: '各等级评价数（下标 0 为等级 1 非常满意）' }),
  satisfied: Type.Integer({ minimum: 0, description: '满意数（等级 1–3）' }),
  bad: Type.Integer({ minimum: 0, description: '差评数（等级 4–5）' }),
  rate: Nullable(Type.Number({ minimum: 0, maximum: 1, description: '满意率 = 满意数 / 总数（4 位小数）；无评价时为 null' })),
};
export const SatisfactionFiguresSchema = Type.Object(satisfactionFigures);

/** a rating of the signed-in clerk's own service (MyRatingRow): no rater field at all */
export const MyRatingSchema = Type.Object({
  id: Type.Integer(),
  level: LevelSchema,
  channel: ChannelSchema,
  ratedOn: Day,
  stage: StageSchema,
  subject: Type.String(),
  siteName: Type.String(),
  windowName: Nullable(Type.String()),
  reasons: ReasonsSchema,
  comment: Type.String(),
  excluded: Type.Boolean({ description: '申诉成立，不计入满意度' }),
  rectificationStatus: Nullable(RectificationStatusSchema),
});
export type MyRatingRow = Static<typeof MyRatingSchema>;

/** GET /api/ratings/mine (MyRatingsPage): `summary` is the clerk's own figures over the listed period */
export const MyRatingPageSchema = Type.Object({
  items: Type.Array(MyRatingSchema),
  total: Type.Integer(),
  summary: SatisfactionFiguresSchema,
});
export type MyRatingsPage = Static<typeof MyRatingPageSchema>;

const rectificationRow = {
  id: Type.Integer(),
  ratingId: Type.Integer(),
  status: RectificationStatusSchema,
  level: LevelSchema,
  stage: StageSchema,
  subject: Type.String(),
  reasons: ReasonsSchema,
  comment: Type.String(),
  siteName: Type.String(),
  departmentName: Nullable(Type.String()),
  windowName: Nullable(Type.String()),
  clerkName: Nullable(Type.String()),
  openedOn: Day,
  dueOn: Type.String({ format: 'date', description: '整改期限' }),
  closedOn: Nullable(Day),
  light: Nullable(Type.Enum(['green', 'yellow', 'red'], { description: '期限灯：绿；黄（期限前一个工作日起）；红（已超期）。已答复或办结后为 null' })),
  remainingDays: Nullable(Type.Integer({ description: '距期限的剩余工作日（负数为已超期）；已答复或办结后为 null' })),
};

/** a rectification in the list (RectificationRow) */
export const RectificationSchema = Type.Object(rectificationRow);
export type RectificationRow = Static<typeof RectificationSchema>;

/** GET /api/ratings/rectifications */
export const RectificationPageSchema = Page(RectificationSchema);

/** a rectification with its notes and history (RectificationDetail): the detail and the result of every action */
export const RectificationDetailSchema = Type.Object({
  ...rectificationRow,
  yellowFrom: Type.String({ format: 'date', description: '自该日起亮黄灯' }),
  siteId: Type.Integer(),
  departmentId: Nullable(Type.Integer()),
  version: Type.Integer({ description: '版本号（操作时回传，防止并发覆盖）' }),
  channel: ChannelSchema,
  ratedAt: Instant(),
  excluded: Type.Boolean({ description: '申诉成立，不计入满意度' }),
  verifyNote: Type.String({ description: '核实情况' }),
  rectifyNote: Type.String({ description: '整改措施' }),
  replyNote: Type.String({ description: '答复内容（已短信告知评价人）' }),
  revisitNote: Type.String({ description: '回访记录' }),
  revisitSatisfied: Nullable(Type.Boolean({ description: '回访是否满意；未回访为 null' })),
  appealReason: Type.String({ description: '申诉理由' }),
  appealDecision: Nullable(literals(APPEAL_DECISIONS)),
  appealNote: Type.String({ description: '申诉审核意见' }),
  events: Type.Array(
    Type.Object({
      at: Instant(),
      action: Type.Enum(['opened', ...RECTIFICATION_ACTIONS], { description: 'opened：差评生成工单；其余为整改工单操作' }),
      actorName: Type.String(),
      note: Type.String(),
    }),
    { description: '工单记录（按时间先后）' },
  ),
  allowedActions: Type.Array(literals(RECTIFICATION_ACTIONS), { description: '当前用户可执行的操作' }),
  rater: MaskedRaterSchema,
});
export type RectificationDetail = Static<typeof RectificationDetailSchema>;

/** GET /api/ratings/satisfaction (SatisfactionReport) */
export const SatisfactionReportSchema = Type.Object({
  month: Type.String({ description: '月份 YYYY-MM' }),
  dimension: literals(SATISFACTION_DIMENSIONS),
  rows: Type.Array(
    Type.Object({
      id: Nullable(Type.Integer({ description: '窗口、人员或部门 id；null：未登记' })),
      name: Type.String(),
      ...satisfactionFigures,
    }),
  ),
  totals: SatisfactionFiguresSchema,
  excluded: Type.Integer({ minimum: 0, description: '申诉成立而不计入的评价数' }),
});
export type SatisfactionReport = Static<typeof SatisfactionReportSchema>;

/** the bodies of POST /api/ratings/rectifications/{id}/actions/{action}, one per action */
export const RectificationActionBodySchemas = {
  verify: obj({ note: MultiText(1000, 1), version: Type.Optional(Id) }),
  rectify: obj({ measures: MultiText(1000, 1), reply: MultiText(300, 1), version: Type.Optional(Id) }),
  revisit: obj({ note: MultiText(1000, 1), satisfied: Type.Boolean(), version: Type.Optional(Id) }),
  appeal: obj({ reason: MultiText(1000, 1), version: Type.Optional(Id) }),
  decide_appeal: obj({ decision: literals(APPEAL_DECISIONS), note: MultiText(1000, 1), version: Type.Optional(Id) }),
} satisfies Record<RectificationAction, unknown>;
export type RectificationActionBodies = { [A in RectificationAction]: Static<(typeof RectificationActionBodySchemas)[A]> };
