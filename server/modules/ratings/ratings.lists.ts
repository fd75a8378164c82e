/**
 * Staff reads of 好差评, scoped in SQL: the ratings list, the clerk's own ratings (never a rater
 * column), the rectification list and detail with lights, and the monthly satisfaction report.
 * The rater is selected only for `rating.rater` (the centre's supervisors and discipline
 * inspectors) and leaves the server masked.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  RECTIFICATION_CLOCK_STATUSES, monthRange, rectificationLight, satisfactionOf, type RatingLevel, type RatingStage, type RectificationLight,
  type RectificationStatus, type SatisfactionDimension,
} from '../../../common/ratings.js';
import { maskMobile, maskName } from '../../../common/masking.js';
import type { WorkingCalendar } from '../../../common/working-days.js';
import { authorize, can, type Actor } from '../../platform/authz.js';
import { rows } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { identityRepo } from '../identity/identity.repository.js';
import { ratingsPolicy } from './ratings.policy.js';
import { ratingScopeSql } from './ratings.repository.js';
import type { RatingDeps } from './ratings.deps.js';
import type {
  MyRatingRow, MyRatingsPage, RatingRow, RectificationDetail, RectificationRow, SatisfactionReport,
} from './ratings.schemas.js';

/** The query of GET /api/ratings, as its route validates it. */
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

/** The query of GET /api/ratings/rectifications, as its route validates it. */
export interface RectificationListQuery {
  status?: RectificationStatus;
  light?: RectificationLight;
  open?: boolean;
  siteId?: number;
  departmentId?: number;
  page?: number;
  pageSize?: number;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const where = (conds: SQL[]) => sql.join(conds, sql` and `);
const page = (q: { page?: number; pageSize?: number }) => {
  const size = q.pageSize ?? 20;
  return { limit: size, offset: ((q.page ?? 1) - 1) * size };
};

const CLOCK = sql`x.status in ('verifying', 'rectifying')`;
function lightSql(light: RectificationLight, today: string): SQL {
  if (light === 'red') return sql`(${CLOCK} and ${today}::date > x.due_on)`;
  if (light === 'yellow') return sql`(${CLOCK} and ${today}::date <= x.due_on and ${today}::date >= x.yellow_from)`;
  return sql`(${CLOCK} and ${today}::date < x.yellow_from)`;
}

const { sitesAs, windowsAs, usersAs, departmentsAs } = identityRepo;
const RATING_FROM = sql`from ratings r join rating_invitations i on i.id = r.invitation_id join ${sitesAs('s')} on s.id = i.site_id
  left join ${windowsAs('w')} on w.id = i.window_id left join ${usersAs('u')} on u.id = i.clerk_id left join ${departmentsAs('d')} on d.id = i.department_id
  left join rectifications x on x.rating_id = r.id`;

const RATING_COLUMNS = sql`r.id::int as id, r.level, r.channel, r.reasons, r.comment, r.rated_at as "ratedAt", r.rated_on::text as "ratedOn", r.excluded,
  i.stage, i.subject, i.site_id as "siteId", s.name as "siteName", w.name as "windowName", u.display_name as "clerkName", d.name as "departmentName",
  x.id::int as "rectificationId", x.status as "rectificationStatus"`;

const RECT_FROM = sql`from rectifications x join ratings r on r.id = x.rating_id join rating_invitations i on i.id = r.invitation_id
  join ${sitesAs('s')} on s.id = x.site_id left join ${windowsAs('w')} on w.id = i.window_id left join ${usersAs('u')} on u.id = x.clerk_id
  left join ${departmentsAs('d')} on d.id = x.department_id`;

const RECT_COLUMNS = sql`x.id::int as id, x.rating_id::int as "ratingId", x.status, r.level, i.stage, i.subject, r.reasons, r.comment,
  s.name as "siteName", d.name as "departmentName", w.name as "windowName", u.display_name as "clerkName",
  x.opened_on::text as "openedOn", x.due_on::text as "dueOn", x.yellow_from::text as "yellowFrom", x.closed_on::text as "closedOn",
  x.site_id as "siteId", x.department_id as "departmentId"`;

type RaterCols = { raterName?: string; raterPhone?: string };
const raterCols = (sees: boolean) => (sees ? sql`, i.rater_name as "raterName", i.rater_phone as "raterPhone"` : sql``);
/** Masked for the centre (张*三, 138****1234); nothing at all for anyone else. */
const presentRater = (r: RaterCols) => (r.raterName !== undefined ? { name: maskName(r.raterName), phone: maskMobile(r.raterPhone ?? '') ?? '' } : null);

type RectDb = Omit<RectificationRow, 'light' | 'remainingDays'> & { yellowFrom: string; siteId: number; departmentId: number | null };

/**
 * A rectification's detail as the API answers it: RectificationDetail and, besides, the task's site, department and
 * yellow-light day (read for the scope and the light, and sent with the rest).
 */
export type RectificationDetailAnswer = RectificationDetail & { siteId: number; departmentId: number | null; yellowFrom: string };

export class RatingLists {
  constructor(private readonly d: RatingDeps) {}

  async ratings(actor: Actor, q: RatingListQuery): Promise<{ items: RatingRow[]; total: number }> {
    const scope = authorize(actor, ratingsPolicy, 'rating.read');
    const sees = can(actor, ratingsPolicy, 'rating.rater');
    const conds = [ratingScopeSql(scope, 'i')];
    if (q.from) conds.push(sql`r.rated_on >= ${q.from}`);
    if (q.to) conds.push(sql`r.rated_on <= ${q.to}`);
    if (q.level) conds.push(sql`r.level = ${q.level}`);
    if (q.bad) conds.push(sql`r.level >= 4`);
    if (q.stage) conds.push(sql`i.stage = ${q.stage}`);
    if (q.siteId) conds.push(sql`i.site_id = ${q.siteId}`);
    if (q.departmentId) conds.push(sql`i.department_id = ${q.departmentId}`);
    const db = this.d.database.db;
    const { limit, offset } = page(q);
    const [items, [count]] = await Promise.all([
      rows<RatingRow & RaterCols>(db, sql`select ${RATING_COLUMNS} ${raterCols(sees)} ${RATING_FROM} where ${where(conds)}
        order by r.rated_at desc, r.id desc limit ${limit} offset ${offset}`),
      rows<{ n: number }>(db, sql`select count(*)::int as n from ratings r join rating_invitations i on i.id = r.invitation_id where ${where(conds)}`),
    ]);
    return {
      items: items.map(({ raterName, raterPhone, ...r }) => ({
        ...r, level: Number(r.level) as RatingLevel, ratedAt: iso(r.ratedAt), reasons: r.reasons ?? [], rater: presentRater({ raterName, raterPhone }),
      })),
      total: count?.n ?? 0,
    };
  }

  /** 我的评价: the signed-in clerk's ratings — what was said, never who said it. */
  async mine(actor: Actor, q: { from?: string; to?: string; page?: number; pageSize?: number }): Promise<MyRatingsPage> {
    const scope = authorize(actor, ratingsPolicy, 'rating.own');
    const conds = [ratingScopeSql(scope, 'i')];
    if (q.from) conds.push(sql`r.rated_on >= ${q.from}`);
    if (q.to) conds.push(sql`r.rated_on <= ${q.to}`);
    const db = this.d.database.db;
    const { limit, offset } = page(q);
    const [items, levels] = await Promise.all([
      rows<MyRatingRow>(db, sql`select r.id::int as id, r.level, r.channel, r.rated_on::text as "ratedOn", i.stage, i.subject, s.name as "siteName",
          w.name as "windowName", r.reasons, r.comment, r.excluded, x.status as "rectificationStatus"
        ${RATING_FROM} where ${where(conds)} order by r.rated_at desc, r.id desc limit ${limit} offset ${offset}`),
      rows<{ level: number; n: number; excluded: boolean }>(db, sql`select r.level, r.excluded, count(*)::int as n
        from ratings r join rating_invitations i on i.id = r.invitation_id where ${where(conds)} group by r.level, r.excluded`),
    ]);
    const counts = [0, 0, 0, 0, 0];
    for (const l of levels) if (!l.excluded) counts[Number(l.level) - 1]! += l.n;
    return {
      items: items.map((r) => ({ ...r, level: Number(r.level) as RatingLevel, reasons: r.reasons ?? [] })),
      total: levels.reduce((a, l) => a + l.n, 0),
      summary: satisfactionOf(counts),
    };
  }

  async rectificationList(actor: Actor, q: RectificationListQuery): Promise<{ items: RectificationRow[]; total: number }> {
    const scope = authorize(actor, ratingsPolicy, 'rating.read');
    const today = this.d.clock.today();
    const conds = [ratingScopeSql(scope, 'x')];
    if (q.status) conds.push(sql`x.status = ${q.status}`);
    if (q.open) conds.push(sql`x.status <> 'closed'`);
    if (q.light) conds.push(lightSql(q.light, today));
    if (q.siteId) conds.push(sql`x.site_id = ${q.siteId}`);
    if (q.departmentId) conds.push(sql`x.department_id = ${q.departmentId}`);
    const db = this.d.database.db;
    const { limit, offset } = page(q);
    const [items, [count], cal] = await Promise.all([
      rows<RectDb>(db, sql`select ${RECT_COLUMNS} ${RECT_FROM} where ${where(conds)}
        order by (x.status = 'closed'), x.due_on, x.id desc limit ${limit} offset ${offset}`),
      rows<{ n: number }>(db, sql`select count(*)::int as n from rectifications x where ${where(conds)}`),
      this.d.calendar.calendar(),
    ]);
    return { items: items.map((r) => presentRectification(r, today, cal)), total: count?.n ?? 0 };
  }

  /** The rectification with its notes and history (allowed actions are added by the workflow). */
  async rectification(actor: Actor, id: number): Promise<Omit<RectificationDetailAnswer, 'allowedActions'>> {
    const scope = authorize(actor, ratingsPolicy, 'rating.read');
    const sees = can(actor, ratingsPolicy, 'rating.rater');
    const db = this.d.database.db;
    const [x] = await rows<RectDb & RaterCols & Omit<RectificationDetail, keyof RectificationRow | 'events' | 'allowedActions' | 'rater'>>(db, sql`
      select ${RECT_COLUMNS}, x.version, r.channel, r.rated_at as "ratedAt", r.excluded, x.verify_note as "verifyNote", x.rectify_note as "rectifyNote",
             x.reply_note as "replyNote", x.revisit_note as "revisitNote", x.revisit_satisfied as "revisitSatisfied", x.appeal_reason as "appealReason",
             x.appeal_decision as "appealDecision", x.appeal_note as "appealNote" ${raterCols(sees)}
      ${RECT_FROM} where x.id = ${id} and ${ratingScopeSql(scope, 'x')}`);
    if (!x) throw new AppError('NOT_FOUND');
    const [events, cal] = await Promise.all([
      rows<RectificationDetail['events'][number]>(db, sql`select at, action, actor_name as "actorName", note from rectification_events
        where rectification_id = ${id} order by id`),
      this.d.calendar.calendar(),
    ]);
    const { raterName, raterPhone, ...rest } = x;
    return {
      ...rest, ...presentRectification(rest, this.d.clock.today(), cal), ratedAt: iso(x.ratedAt),
      events: events.map((e) => ({ ...e, at: iso(e.at) })), rater: presentRater({ raterName, raterPhone }),
    };
  }

  /** 满意度月报: per window, clerk or department; satisfied = levels 1–3; upheld appeals left out. */
  async satisfaction(actor: Actor, q: { month: string; dimension: SatisfactionDimension; siteId?: number }): Promise<SatisfactionReport> {
    const scope = authorize(actor, ratingsPolicy, 'rating.read');
    const range = monthRange(q.month);
    if (!range) throw new AppError('VALIDATION_FAILED', { detail: 'month 应为 YYYY-MM' });
    const conds = [ratingScopeSql(scope, 'i'), sql`r.rated_on between ${range.from} and ${range.to}`];
    if (q.siteId) conds.push(sql`i.site_id = ${q.siteId}`);
    const oneSite = !!q.siteId || (!scope.all && scope.siteIds.length === 1 && !scope.departmentIds.length);
    const key = {
      window: { id: sql`i.window_id`, name: oneSite ? sql`w.name` : sql`s.name || ' ' || w.name`, join: sql`left join ${windowsAs('w')} on w.id = i.window_id join ${sitesAs('s')} on s.id = i.site_id` },
      clerk: { id: sql`i.clerk_id`, name: sql`u.display_name`, join: sql`left join ${usersAs('u')} on u.id = i.clerk_id` },
      department: { id: sql`i.department_id`, name: sql`d.name`, join: sql`left join ${departmentsAs('d')} on d.id = i.department_id` },
    }[q.dimension];
    const db = this.d.database.db;
    const [groups, [excluded]] = await Promise.all([
      rows<{ id: number | null; name: string | null; l1: number; l2: number; l3: number; l4: number; l5: number }>(db, sql`
        select ${key.id} as id, ${key.name} as name,
               count(*) filter (where r.level = 1)::int as l1, count(*) filter (where r.level = 2)::int as l2, count(*) filter (where r.level = 3)::int as l3,
               count(*) filter (where r.level = 4)::int as l4, count(*) filter (where r.level = 5)::int as l5
        from ratings r join rating_invitations i on i.id = r.invitation_id ${key.join}
        where ${where(conds)} and not r.excluded group by 1, 2`),
      rows<{ n: number }>(db, sql`select count(*)::int as n from ratings r join rating_invitations i on i.id = r.invitation_id where ${where(conds)} and r.excluded`),
    ]);
    const none = { window: '未登记窗口', clerk: '未登记人员', department: '窗口受理（前台综合受理）' }[q.dimension];
    const result = groups
      .map((g) => ({ id: g.id, name: g.name ?? none, ...satisfactionOf([g.l1, g.l2, g.l3, g.l4, g.l5]) }))
      .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'));
    const totals = satisfactionOf([0, 1, 2, 3, 4].map((i) => result.reduce((sum, g) => sum + g.levels[i]!, 0)));
    return { month: q.month, dimension: q.dimension, rows: result, totals, excluded: excluded?.n ?? 0 };
  }
}

function presentRectification(r: RectDb, today: string, cal: WorkingCalendar): RectificationRow {
  const status = r.status as RectificationStatus;
  let remainingDays: number | null = null;
  if (RECTIFICATION_CLOCK_STATUSES.includes(status)) {
    try {
      remainingDays = cal.workingDaysBetween(today, r.dueOn);
    } catch {
      remainingDays = null; // beyond the loaded holiday arrangement: the light still shows
    }
  }
  return {
    id: r.id, ratingId: r.ratingId, status, level: Number(r.level) as RatingLevel, stage: r.stage, subject: r.subject, reasons: r.reasons ?? [],
    comment: r.comment, siteName: r.siteName, departmentName: r.departmentName, windowName: r.windowName, clerkName: r.clerkName,
    openedOn: r.openedOn, dueOn: r.dueOn, closedOn: r.closedOn, light: rectificationLight({ status, dueOn: r.dueOn, yellowFrom: r.yellowFrom }, today), remainingDays,
  };
}
