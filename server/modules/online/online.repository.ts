/** The online module's reads and row writes (its own tables only; names of sites through identity's read model). */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ApplicationStatus } from '../../../common/online.js';
import { rows, type Executor } from '../../platform/db.js';
import { identityRepo } from '../identity/identity.repository.js';
import { applicantsRepo } from '../applicants/applicants.read.js';
import { onlineApplications, onlineFiles, onlineMarks, onlineRounds, onlineSlots } from './online.tables.js';

export type ApplicationRecord = typeof onlineApplications.$inferSelect;
export type SlotRecord = typeof onlineSlots.$inferSelect;
export type FileRecord = typeof onlineFiles.$inferSelect;
export type MarkRecord = typeof onlineMarks.$inferSelect;
export type RoundRecord = typeof onlineRounds.$inferSelect;

/** An application with everything its views show. */
export interface ApplicationParts {
  app: ApplicationRecord;
  siteName: string;
  /** who applies: the account's real name, ID number and mobile; the entity's name and USCC when filed for one */
  person: { realName: string | null; idNumber: string | null; phone: string; verifiedBy: string | null };
  entity: { id: number; name: string; uscc: string } | null;
  slots: SlotRecord[];
  files: FileRecord[];
  marks: MarkRecord[];
  rounds: RoundRecord[];
}

export const onlineRepo = {
  async find(ex: Executor, id: number): Promise<ApplicationRecord | undefined> {
    const [a] = await ex.select().from(onlineApplications).where(eq(onlineApplications.id, id));
    return a;
  },

  async findForUpdate(ex: Executor, id: number): Promise<ApplicationRecord | undefined> {
    const [a] = await ex.select().from(onlineApplications).where(eq(onlineApplications.id, id)).for('update');
    return a;
  },

  async findByNo(ex: Executor, no: string): Promise<ApplicationRecord | undefined> {
    const [a] = await ex.select().from(onlineApplications).where(eq(onlineApplications.no, no));
    return a;
  },

  async parts(ex: Executor, app: ApplicationRecord): Promise<ApplicationParts> {
    const [site, person, entity, slots, files, marks, rounds] = await Promise.all([
      rows<{ name: string }>(ex, sql`select s.name from ${identityRepo.sitesAs('s')} where s.id = ${app.siteId}`),
      rows<{ realName: string | null; idNumber: string | null; phone: string; verifiedBy: string | null }>(ex, sql`select a.real_name as "realName", a.id_number as "idNumber", a.phone, a.verified_by as "verifiedBy" from ${applicantsRepo.applicantsAs('a')} where a.id = ${app.applicantId}`),
      app.entityId === null ? Promise.resolve([]) : rows<{ id: number; name: string; uscc: string }>(ex, sql`select e.id, e.name, e.uscc from ${applicantsRepo.entitiesAs('e')} where e.id = ${app.entityId}`),
      ex.select().from(onlineSlots).where(eq(onlineSlots.applicationId, app.id)),
      ex.select().from(onlineFiles).where(eq(onlineFiles.applicationId, app.id)).orderBy(asc(onlineFiles.id)),
      ex.select().from(onlineMarks).where(eq(onlineMarks.applicationId, app.id)),
      ex.select().from(onlineRounds).where(eq(onlineRounds.applicationId, app.id)).orderBy(asc(onlineRounds.round)),
    ]);
    return { app, siteName: site[0]?.name ?? '', person: person[0]!, entity: entity[0] ?? null, slots, files, marks, rounds };
  },

  /** The applicant's applications, newest first, with the open round's time limit. */
  mine(ex: Executor, applicantId: number) {
    return ex
      .select({ app: onlineApplications, dueOn: onlineRounds.dueOn })
      .from(onlineApplications)
      .leftJoin(onlineRounds, and(eq(onlineRounds.applicationId, onlineApplications.id), eq(onlineRounds.round, onlineApplications.round)))
      .where(eq(onlineApplications.applicantId, applicantId))
      .orderBy(desc(onlineApplications.id))
      .limit(200);
  },

  /** A site's applications in the given statuses (the pre-review queue), oldest submission first. */
  atSite(ex: Executor, siteId: number | null, statuses: readonly ApplicationStatus[], limit: number, offset: number) {
    const where = sql`${siteId === null ? sql`true` : sql`o.site_id = ${siteId}`} and o.status in (${sql.join(statuses.map((s) => sql`${s}`), sql`, `)})`;
    return Promise.all([
      rows<{ id: number; dueOn: string | null; realName: string | null; entityName: string | null }>(ex, sql`
        select o.id, r.due_on::text as "dueOn", a.real_name as "realName", e.name as "entityName"
        from online_applications o join ${applicantsRepo.applicantsAs('a')} on a.id = o.applicant_id
        left join ${applicantsRepo.entitiesAs('e')} on e.id = o.entity_id
        left join online_prereview_rounds r on r.application_id = o.id and r.round = o.round
        where ${where} order by r.due_on nulls last, o.submitted_at, o.id limit ${limit} offset ${offset}`),
      rows<{ n: number }>(ex, sql`select count(*)::int as n from online_applications o where ${where}`).then((r) => Number(r[0]!.n)),
    ]);
  },

  byIds(ex: Executor, ids: number[]) {
    return ids.length ? ex.select().from(onlineApplications).where(inArray(onlineApplications.id, ids)) : Promise.resolve([]);
  },

  siteNames(ex: Executor, ids: number[]) {
    if (!ids.length) return Promise.resolve(new Map<number, string>());
    return rows<{ id: number; name: string }>(ex, sql`select s.id, s.name from ${identityRepo.sitesAs('s')} where s.id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`).then(
      (r) => new Map(r.map((x) => [Number(x.id), x.name])),
    );
  },

  /** The open round (not yet decided) of an application, if any. */
  async openRound(ex: Executor, applicationId: number, round: number): Promise<RoundRecord | undefined> {
    const [r] = await ex.select().from(onlineRounds).where(and(eq(onlineRounds.applicationId, applicationId), eq(onlineRounds.round, round), isNull(onlineRounds.outcome)));
    return r;
  },
};
