/**
 * SQL of 好差评 (takes the executor, returns plain rows). Lists are filtered by the actor's scope in
 * SQL; rater columns are selected only when the caller asks for them (supervisors, inspectors).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { RatingChannel, RatingLevel, RatingStage, RectificationStatus } from '../../../common/ratings.js';
import type { Scope } from '../../platform/authz.js';
import { atSql, inList, isoSql, rows, scopeSql as platformScopeSql, type Executor, type Tx } from '../../platform/db.js';
import { catalogRepo } from '../catalog/catalog.repository.js';
import { caseRowsSql, caseVisitRowsSql, deliveryClerkSql } from '../cases/cases.repository.js';
import { identityRepo } from '../identity/identity.repository.js';
import type { RatingInvitationView } from './ratings.schemas.js';

const iso = (d: Date | string) => new Date(d).toISOString();
/** A text[] value (drizzle expands a JS array into a list of parameters). */
const textArray = (xs: readonly string[]) => (xs.length ? sql`array[${inList(xs)}]::text[]` : sql`'{}'::text[]`);

/** The actor's scope over a record with site, department and clerk columns (alias `t`): platform's scopeSql on them. */
export function ratingScopeSql(scope: Scope, t: 'i' | 'x'): SQL {
  const col = (c: string) => sql.raw(`${t}.${c}`);
  return platformScopeSql(scope, { site: col('site_id'), department: col('department_id'), user: col('clerk_id') });
}

export interface ServiceFacts {
  siteId: number;
  windowId: number | null;
  clerkId: number | null;
  departmentId: number | null;
  subject: string;
  siteName: string;
  raterName: string;
  raterIdNo: string;
  raterPhone: string;
}

/** The rater of a case: the agent who came to the window, else the applicant (real-name). */
const RATER = sql`coalesce(c.agent_name, c.applicant_name) as "raterName", coalesce(c.agent_id_no, c.applicant_id_no) as "raterIdNo",
  coalesce(c.agent_phone, c.applicant_phone) as "raterPhone"`;

export interface InvitationRow {
  id: number;
  token: string;
  stage: RatingStage;
  caseId: number | null;
  siteId: number;
  departmentId: number | null;
  clerkId: number | null;
  subject: string;
  raterPhone: string;
  ratedAt: Date | null;
}

export interface RectificationRecord {
  id: number;
  ratingId: number;
  status: RectificationStatus;
  siteId: number;
  departmentId: number | null;
  clerkId: number | null;
  dueOn: string;
  yellowFrom: string;
  appealDecision: 'upheld' | 'rejected' | null;
  version: number;
  invitationId: number;
  subject: string;
  raterPhone: string;
}

const VIEW_COLUMNS = sql`i.token, i.stage, i.subject, s.name as "siteName", w.name as "windowName", i.created_at as "createdAt",
  (i.rated_at is not null) as rated, r.level`;
const VIEW_FROM = sql`from rating_invitations i join ${identityRepo.sitesAs('s')} on s.id = i.site_id left join ${identityRepo.windowsAs('w')} on w.id = i.window_id
  left join ratings r on r.invitation_id = i.id`;

function toView(r: RatingInvitationView & { createdAt: string | Date }): RatingInvitationView {
  return { ...r, createdAt: iso(r.createdAt), level: r.level === null ? null : (Number(r.level) as RatingLevel) };
}

export const ratingsRepo = {
  /** What a visit's acceptance-stage invitation says (一次一评): its site, window and clerk, the items served, the rater. */
  visitFactsSql(visitId: number): SQL {
    return sql`
      select v.site_id as "siteId", v.window_id as "windowId", v.clerk_id as "clerkId", null::int as "departmentId", st.name as "siteName",
             (select string_agg(distinct it.name, '、') from (${caseRowsSql()}) x join ${catalogRepo.itemsAs('it')} on it.id = x.item_id where x.visit_id = v.id) as subject, ${RATER}
      from (${caseVisitRowsSql()}) v join ${identityRepo.sitesAs('st')} on st.id = v.site_id
      join lateral (select * from (${caseRowsSql()}) f where f.visit_id = v.id order by f.id limit 1) c on true
      where v.id = ${visitId}`;
  },

  /** What a case's completion-stage invitation says (一事一评): the clerk who delivered it, its department and item. */
  caseFactsSql(caseId: number): SQL {
    return sql`
      select c.site_id as "siteId", null::int as "windowId", ${deliveryClerkSql(sql`c.id`)} as "clerkId", c.department_id as "departmentId",
             st.name as "siteName", it.name as subject, ${RATER}
      from (${caseRowsSql()}) c join ${catalogRepo.itemsAs('it')} on it.id = c.item_id join ${identityRepo.sitesAs('st')} on st.id = c.site_id where c.id = ${caseId}`;
  },

  /**
   * Reads the service's facts (`factsSql`) and inserts its invitation, in one statement; nothing when there is no
   * such service or it is already invited. Returns the new invitation's id with the facts.
   */
  async insertInvitation(tx: Tx, v: { token: string; stage: RatingStage; visitId: number | null; caseId: number | null; at: Date }, factsSql: SQL): Promise<(ServiceFacts & { id: number }) | undefined> {
    const [r] = await rows<ServiceFacts & { id: number }>(tx, sql`
      with f as (${factsSql}),
      ins as (
        insert into rating_invitations (token, stage, visit_id, case_id, site_id, window_id, clerk_id, department_id, subject, rater_name, rater_id_no, rater_phone, created_at)
        select ${v.token}, ${v.stage}, ${v.visitId}::bigint, ${v.caseId}::bigint, f."siteId", f."windowId", f."clerkId", f."departmentId",
               left(coalesce(f.subject, ''), 500), f."raterName", f."raterIdNo", f."raterPhone", ${atSql(v.at)}
        from f
        on conflict do nothing returning id)
      select ins.id::int as id, f.* from ins, f`);
    return r;
  },

  /**
   * The invitations of the case row `c` (its own and its visit's) as a JSON array of RatingInvitationView, for the
   * caller's single statement (the public progress page reads the case, its timeline and these at once).
   */
  viewsOfCaseJson(): SQL {
    return sql`(select coalesce(json_agg(json_build_object('token', i.token, 'stage', i.stage, 'subject', i.subject, 'siteName', s.name,
        'windowName', w.name, 'createdAt', ${isoSql(sql`i.created_at`)}, 'rated', i.rated_at is not null, 'level', r.level) order by i.id), '[]'::json)
      ${VIEW_FROM} where i.case_id = c.id or i.visit_id = c.visit_id)`;
  },

  async viewByToken(ex: Executor, token: string): Promise<RatingInvitationView | undefined> {
    const [v] = await rows<RatingInvitationView>(ex, sql`select ${VIEW_COLUMNS} ${VIEW_FROM} where i.token = ${token}`);
    return v && toView(v);
  },

  /** An active window with its site's name (identity's read model). */
  async window(ex: Executor, windowId: number): Promise<{ id: number; name: string; siteName: string } | undefined> {
    const w = await identityRepo.findWindow(ex, windowId);
    return w?.active ? { id: w.id, name: w.name, siteName: w.siteName } : undefined;
  },

  /** The window's newest unrated visit of the last `minutes` minutes (the window device's prompt). */
  async pendingForWindow(ex: Executor, windowId: number, minutes: number, now: Date): Promise<RatingInvitationView | undefined> {
    const [v] = await rows<RatingInvitationView>(ex, sql`select ${VIEW_COLUMNS} ${VIEW_FROM}
      where i.window_id = ${windowId} and i.rated_at is null and i.stage = 'acceptance'
        and i.created_at > ${atSql(now)} - make_interval(mins => ${minutes})
      order by i.id desc limit 1`);
    return v && toView(v);
  },

  async lockInvitation(tx: Tx, token: string): Promise<InvitationRow | undefined> {
    const [r] = await rows<InvitationRow>(tx, sql`
      select id::int as id, token, stage, case_id::int as "caseId", site_id as "siteId", department_id as "departmentId", clerk_id as "clerkId",
             subject, rater_phone as "raterPhone", rated_at as "ratedAt"
      from rating_invitations where token = ${token} for update`);
    return r;
  },

  /** Records the rating and marks the invitation rated; a completion rating learns its delivery clerk now. */
  async insertRating(tx: Tx, inv: InvitationRow, r: { level: RatingLevel; channel: RatingChannel; reasons: string[]; comment: string; at: Date; on: string }) {
    const [rating] = await rows<{ id: number }>(tx, sql`
      insert into ratings (invitation_id, level, channel, reasons, comment, rated_at, rated_on)
      values (${inv.id}, ${r.level}, ${r.channel}, ${textArray(r.reasons)}, ${r.comment}, ${r.at.toISOString()}, ${r.on})
      returning id::int as id`);
    const [i] = await rows<{ clerkId: number | null }>(tx, sql`
      update rating_invitations i set rated_at = ${r.at.toISOString()},
        clerk_id = coalesce(i.clerk_id, case when i.case_id is not null then ${deliveryClerkSql(sql`i.case_id`)} end)
      where i.id = ${inv.id} returning i.clerk_id as "clerkId"`);
    return { ratingId: rating!.id, clerkId: i?.clerkId ?? null };
  },

  /**
   * Default ratings (默认评价) for invitations unrated since `cutoff`, in one statement; returns
   * the ratings made. SKIP LOCKED: a rater submitting right now keeps their own rating.
   */
  async insertDefaults(tx: Tx, cutoff: Date, level: number, at: Date, on: string, batch: number) {
    return rows<{ ratingId: number; invitationId: number }>(tx, sql`
      with due as (
        select id from rating_invitations where rated_at is null and created_at <= ${cutoff.toISOString()}
        order by id limit ${batch} for update skip locked
      ), ins as (
        insert into ratings (invitation_id, level, channel, rated_at, rated_on)
        select id, ${level}, 'default', ${at.toISOString()}, ${on} from due
        on conflict (invitation_id) do nothing returning id, invitation_id
      ), upd as (
        update rating_invitations i set rated_at = ${at.toISOString()},
          clerk_id = coalesce(i.clerk_id, case when i.case_id is not null then ${deliveryClerkSql(sql`i.case_id`)} end)
        from ins where i.id = ins.invitation_id returning i.id
      )
      select ins.id::int as "ratingId", ins.invitation_id::int as "invitationId" from ins`);
  },

  async invitationById(tx: Tx, id: number): Promise<InvitationRow | undefined> {
    const [r] = await rows<InvitationRow>(tx, sql`
      select id::int as id, token, stage, case_id::int as "caseId", site_id as "siteId", department_id as "departmentId", clerk_id as "clerkId",
             subject, rater_phone as "raterPhone", rated_at as "ratedAt"
      from rating_invitations where id = ${id}`);
    return r;
  },

  async insertRectification(tx: Tx, v: { ratingId: number; siteId: number; departmentId: number | null; clerkId: number | null; openedOn: string; dueOn: string; yellowFrom: string; at: Date }) {
    const [r] = await rows<{ id: number }>(tx, sql`
      insert into rectifications (rating_id, site_id, department_id, clerk_id, opened_on, due_on, yellow_from, updated_at)
      values (${v.ratingId}, ${v.siteId}, ${v.departmentId}, ${v.clerkId}, ${v.openedOn}, ${v.dueOn}, ${v.yellowFrom}, ${atSql(v.at)})
      on conflict (rating_id) do nothing returning id::int as id`);
    return r?.id ?? null;
  },

  async insertEvent(tx: Tx, e: { rectificationId: number; action: string; actorId: number | null; actorName: string; note: string; at: Date }): Promise<number> {
    const [r] = await rows<{ id: number }>(tx, sql`
      insert into rectification_events (rectification_id, action, actor_id, actor_name, note, at)
      values (${e.rectificationId}, ${e.action}, ${e.actorId}, ${e.actorName}, ${e.note}, ${atSql(e.at)}) returning id::int as id`);
    return r!.id;
  },

  /** The rectification in the actor's scope, locked for the transition. */
  async lockRectification(tx: Tx, id: number, scope: Scope): Promise<RectificationRecord | undefined> {
    const [r] = await rows<RectificationRecord>(tx, sql`
      select x.id::int as id, x.rating_id::int as "ratingId", x.status, x.site_id as "siteId", x.department_id as "departmentId", x.clerk_id as "clerkId",
             x.due_on::text as "dueOn", x.yellow_from::text as "yellowFrom", x.appeal_decision as "appealDecision", x.version,
             i.id::int as "invitationId", i.subject, i.rater_phone as "raterPhone"
      from rectifications x join ratings r on r.id = x.rating_id join rating_invitations i on i.id = r.invitation_id
      where x.id = ${id} and ${ratingScopeSql(scope, 'x')} for update of x`);
    return r;
  },

  async updateRectification(tx: Tx, id: number, version: number, set: SQL, at: Date): Promise<boolean> {
    const r = await rows<{ id: number }>(tx, sql`
      update rectifications set ${set}, version = version + 1, updated_at = ${atSql(at)} where id = ${id} and version = ${version} returning id::int as id`);
    return r.length === 1;
  },

  async excludeRating(tx: Tx, ratingId: number): Promise<void> {
    await tx.execute(sql`update ratings set excluded = true where id = ${ratingId}`);
  },

  async rater(ex: Executor, rectificationId: number) {
    const [r] = await rows<{ name: string; phone: string }>(ex, sql`
      select i.rater_name as name, i.rater_phone as phone from rectifications x join ratings r on r.id = x.rating_id
      join rating_invitations i on i.id = r.invitation_id where x.id = ${rectificationId}`);
    return r;
  },

  // read models for ratings / supervision / queue

  /**
   * Read model for supervision's rollups: each rating with its invitation's service facts, a derived-table body
   * (`from (${ratingFactsSql()}) r`) whose columns are its contract — rated_on, level, excluded, case_id, site_id,
   * window_id, clerk_id, department_id. A plain join the planner pulls up into the caller's statement.
   */
  ratingFactsSql(): SQL {
    return sql`select rm_r.rated_on, rm_r.level, rm_r.excluded, rm_i.case_id, rm_i.site_id, rm_i.window_id, rm_i.clerk_id, rm_i.department_id
      from ratings rm_r join rating_invitations rm_i on rm_i.id = rm_r.invitation_id`;
  },
};

