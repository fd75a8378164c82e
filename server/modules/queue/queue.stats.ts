/**
 * 大厅统计: waiting and service times, no-shows by hour, category, window and clerk; ticket →
 * acceptance → decision → collection; and the window planner (Erlang C): per hour, the windows
 * needed for a target mean wait from the observed arrival rate and service time (忙闲不均).
 */
import { sql } from 'drizzle-orm';
import { meanWait, serversFor } from '../../../common/queue.js';
import type { WindowCategory } from '../../../common/roles.js';
import { authorize, reaches, type Actor } from '../../platform/authz.js';
import { rows, type Database } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { caseRowsSql, caseVisitRowsSql } from '../cases/cases.repository.js';
import { identityRepo } from '../identity/identity.repository.js';
import { queuePolicy } from './queue.policy.js';
import type { QueueStats } from './queue.schemas.js';

const LOCAL = (col: string) => sql.raw(`(${col} at time zone 'Asia/Shanghai')`);
const MINUTES = (a: string, b: string) => sql.raw(`extract(epoch from (${b} - ${a})) / 60.0`);
const round1 = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

export async function queueStats(database: Database, actor: Actor, q: { siteId: number; from: string; to: string; targetWaitMinutes: number; /** the service clock's day */ today: string }): Promise<QueueStats> {
  const scope = authorize(actor, queuePolicy, 'queue.stats');
  if (!reaches(scope, { siteId: q.siteId })) throw new AppError('NOT_FOUND');
  const db = database.db;
  const where = sql`t.site_id = ${q.siteId} and t.day between ${q.from} and ${q.to}`;
  const wait = MINUTES('t.issued_at', 't.called_at');
  const service = MINUTES('t.serve_started_at', 't.finished_at');
  const agg = sql`count(*)::int as tickets, count(*) filter (where t.status = 'no_show')::int as "noShows",
    avg(${wait}) filter (where t.called_at is not null) as "avgWait", avg(${service}) filter (where t.finished_at is not null and t.serve_started_at is not null) as "avgService"`;
  const handled = sql`count(*) filter (where t.status = 'done')::int as served, count(*) filter (where t.status = 'no_show')::int as "noShows",
    avg(${service}) filter (where t.status = 'done') as "avgService"`;
  type Agg = { tickets: number; noShows: number; avgWait: number | null; avgService: number | null };

  const [totals, byHour, byCategory, byWindow, byClerk, journey, days, observed, appts] = await Promise.all([
    rows<Agg & { served: number }>(db, sql`select ${agg}, count(*) filter (where t.status = 'done')::int as served from queue_tickets t where ${where}`),
    rows<Agg & { hour: number }>(db, sql`select extract(hour from ${LOCAL('t.issued_at')})::int as hour, ${agg} from queue_tickets t where ${where} group by 1 order by 1`),
    rows<Agg & { category: WindowCategory }>(db, sql`select t.category, ${agg} from queue_tickets t where ${where} group by 1 order by 1`),
    rows<{ windowId: number; windowName: string; served: number; noShows: number; avgService: number | null }>(db, sql`
      select t.window_id as "windowId", w.name as "windowName", ${handled}
      from queue_tickets t join ${identityRepo.windowsAs('w')} on w.id = t.window_id where ${where} and t.status in ('done', 'no_show') group by 1, 2 order by 2`),
    rows<{ clerkId: number; clerkName: string; served: number; noShows: number; avgService: number | null }>(db, sql`
      select t.clerk_id as "clerkId", u.display_name as "clerkName", ${handled}
      from queue_tickets t join ${identityRepo.usersAs('u')} on u.id = t.clerk_id where ${where} and t.status in ('done', 'no_show') group by 1, 2 order by 3 desc`),
    rows<{ cases: number; toAccept: number | null; toDecision: number | null; toCollect: number | null }>(db, sql`
      select count(*)::int as cases,
        avg(extract(epoch from (c.accepted_at - t.issued_at)) / 60.0) filter (where c.accepted_at is not null) as "toAccept",
        avg(wd_ord(c.decided_on) - wd_ord(c.accepted_on)) filter (where c.decided_on is not null) as "toDecision",
        avg(wd_ord(c.closed_on) - wd_ord(c.decided_on)) filter (where c.closed_on is not null and c.delivery_method is not null) as "toCollect"
      from queue_tickets t join (${caseVisitRowsSql()}) v on v.ticket_id = t.id join (${caseRowsSql()}) c on c.visit_id = v.id where ${where}`),
    rows<{ n: number }>(db, sql`select count(distinct t.day)::int as n from queue_tickets t where ${where}`),
    // windows actually calling in each hour, averaged over the days
    rows<{ hour: number; windows: number }>(db, sql`select hour, avg(n) as windows from (
        select t.day, extract(hour from ${LOCAL('t.called_at')})::int as hour, count(distinct t.window_id) as n
        from queue_tickets t where ${where} and t.called_at is not null group by 1, 2) x group by hour`),
    rows<{ booked: number; checkedIn: number; cancelled: number; noShows: number }>(db, sql`select
        count(*) filter (where a.status = 'booked' and s.day >= ${q.today})::int as booked,
        count(*) filter (where a.status = 'checked_in')::int as "checkedIn",
        count(*) filter (where a.status = 'cancelled')::int as cancelled,
        count(*) filter (where a.status = 'no_show' or (a.status = 'booked' and s.day < ${q.today}))::int as "noShows"
      from appointments a join appointment_slots s on s.id = a.slot_id where s.site_id = ${q.siteId} and s.day between ${q.from} and ${q.to}`),
  ]);

  const t = totals[0]!;
  const dayCount = Math.max(1, days[0]?.n ?? 1);
  const overallService = t.avgService === null ? null : Number(t.avgService);
  const target = q.targetWaitMinutes;
  const planner = byHour.map((h) => {
    const lambda = h.tickets / dayCount; // arrivals per hour
    const svc = h.avgService !== null ? Number(h.avgService) : overallService;
    const mu = svc && svc > 0 ? 60 / svc : null; // services per hour per window
    const c = mu ? serversFor(lambda, mu, target / 60) : 0;
    const w = mu && c ? meanWait(lambda, mu, c) * 60 : null;
    return {
      hour: h.hour, arrivalsPerHour: round1(lambda)!, avgServiceMinutes: round1(svc), recommendedWindows: c,
      expectedWaitMinutes: w === null || !Number.isFinite(w) ? null : round1(w), observedWindows: round1(observed.find((o) => o.hour === h.hour)?.windows ?? 0)!,
    };
  });
  const view = (a: Agg) => ({ tickets: a.tickets, noShows: a.noShows, avgWaitMinutes: round1(a.avgWait), avgServiceMinutes: round1(a.avgService) });
  return {
    from: q.from, to: q.to,
    totals: { ...view(t), served: t.served },
    byHour: byHour.map((h) => ({ hour: h.hour, ...view(h) })),
    byCategory: byCategory.map((c) => ({ category: c.category, ...view(c) })),
    byWindow: byWindow.map((w) => ({ windowId: w.windowId, windowName: w.windowName, served: w.served, noShows: w.noShows, avgServiceMinutes: round1(w.avgService) })),
    byClerk: byClerk.map((c) => ({ clerkId: c.clerkId, clerkName: c.clerkName, served: c.served, noShows: c.noShows, avgServiceMinutes: round1(c.avgService) })),
    appointments: appts[0] ?? { booked: 0, checkedIn: 0, cancelled: 0, noShows: 0 },
    journey: {
      cases: journey[0]?.cases ?? 0, ticketToAcceptMinutes: round1(journey[0]?.toAccept), acceptToDecisionDays: round1(journey[0]?.toDecision),
      decisionToCollectDays: round1(journey[0]?.toCollect),
    },
    planner: { targetWaitMinutes: target, hours: planner },
  };
}
