/**
 * 预警: raised by the document-number checks and the supervision scan, handled by the centre's
 * supervisors and discipline inspectors (open → investigating → closed with a conclusion). Alerts
 * are never deleted (trigger); every change writes an alert event and an audit record in the same
 * transaction; a new alert is sent by SMS (outbox) to every active supervisor and discipline inspector.
 */
import { sql, type SQL } from 'drizzle-orm';
import { ALERT_KIND_LABELS, alertActionsIn, type AlertAction, type AlertConclusion, type AlertKind, type AlertSeverity, type AlertStatus } from '../../../common/supervision.js';
import { actorId, actorName, authorize, scopeOf, type Actor } from '../../platform/authz.js';
import { chinaDate, type Clock } from '../../platform/clock.js';
import { atSql, rows, scopeSql, isoOrNull, type Database, type Executor, type Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { caseRowsSql } from '../cases/cases.repository.js';
import { identityRepo } from '../identity/identity.repository.js';
import { SMS_TOPIC } from '../notifications/sms.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import { supervisionPolicy } from './supervision.policy.js';
import type { AlertDetail, AlertPage, AlertRow, GapView } from './supervision.schemas.js';

/** The query of GET /api/supervision/alerts, as its route validates it. */
export interface AlertQuery {
  status?: AlertStatus;
  kind?: AlertKind;
  departmentId?: number;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

/** The body of POST /api/supervision/alerts/{id}/actions/{action}. */
export interface AlertActionBody {
  note: string;
  /** close only */
  conclusion?: AlertConclusion;
}

export interface RaiseAlert {
  kind: AlertKind;
  severity: AlertSeverity;
  title: string;
  detail?: Record<string, unknown>;
  departmentId?: number | null;
  siteId?: number | null;
  caseId?: number | null;
  seriesId?: number | null;
  /** at most one alert per key, ever (e.g. overdue:case:42) */
  dedupeKey?: string | null;
  note?: string;
}

const ROW_SQL = sql`a.id, a.kind, a.severity, a.status, a.title, a.department_id as "departmentId", d.name as "departmentName",
  st.name as "siteName", a.case_id as "caseId", c.case_no as "caseNo", a.opened_at as "openedAt", a.updated_at as "updatedAt",
  case when a.kind = 'docno_gap' then (select count(*)::int from docno_gaps g where g.alert_id = a.id and g.status = 'missing') end as "openGaps"`;
/** The department, site and case names through identity's and the cases module's read models (joins, as before). */
const ROW_JOINS = sql`from supervision_alerts a left join ${identityRepo.departmentsAs('d')} on d.id = a.department_id
  left join ${identityRepo.sitesAs('st')} on st.id = a.site_id left join (${caseRowsSql()}) c on c.id = a.case_id`;

type RowDb = Omit<AlertRow, 'openedAt' | 'updatedAt'> & { openedAt: unknown; updatedAt: unknown };
// bigint columns arrive as strings from pg
const present = (r: RowDb): AlertRow => ({
  ...r, id: Number(r.id), caseId: r.caseId === null ? null : Number(r.caseId), openedAt: isoOrNull(r.openedAt)!, updatedAt: isoOrNull(r.updatedAt)!,
});

export class AlertService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly centreName: string,
  ) {}

  /** the gap rows of a docno_gap alert (the document-number service provides them) */
  private gapsOf: (ex: Executor, actor: Actor, alertId: number) => Promise<GapView[]> = async () => [];

  useGaps(fn: (ex: Executor, actor: Actor, alertId: number) => Promise<GapView[]>): void {
    this.gapsOf = fn;
  }

  /** Opens an alert in the caller's transaction; with a dedupe key that exists already, returns that one. */
  async raise(tx: Tx, actor: Actor, a: RaiseAlert): Promise<{ id: number; created: boolean }> {
    const now = this.clock.now();
    const [created] = await rows<{ id: number }>(tx, sql`
      insert into supervision_alerts (kind, severity, title, detail, department_id, site_id, case_id, series_id, dedupe_key, opened_on, opened_at, updated_at)
      values (${a.kind}, ${a.severity}, ${a.title}, ${JSON.stringify(a.detail ?? {})}::jsonb, ${a.departmentId ?? null}, ${a.siteId ?? null},
              ${a.caseId ?? null}, ${a.seriesId ?? null}, ${a.dedupeKey ?? null}, ${chinaDate(now)}, ${atSql(now)}, ${atSql(now)})
      on conflict (dedupe_key) do nothing returning id`);
    if (!created) {
      const [existing] = await rows<{ id: number }>(tx, sql`select id from supervision_alerts where dedupe_key = ${a.dedupeKey ?? ''}`);
      return { id: Number(existing!.id), created: false };
    }
    const id = Number(created.id);
    await this.event(tx, id, 'opened', actorName(actor), actorId(actor), a.note ?? '');
    await this.audit.record(tx, actor, { kind: 'alert.opened', aggregateType: 'alert', aggregateId: id, data: { kind: a.kind, severity: a.severity, caseId: a.caseId ?? null } });
    await this.notify(tx, id, a.title);
    return { id, created: true };
  }

  /** Many alerts at once (the scan): one insert … select, events and notifications for the new ones. */
  async raiseMany(tx: Tx, actor: Actor, kind: AlertKind, severity: AlertSeverity, source: SQL): Promise<number> {
    // `source` yields (title, detail jsonb, department_id, site_id, case_id, dedupe_key)
    const now = this.clock.now();
    const created = await rows<{ id: number; title: string }>(tx, sql`
      insert into supervision_alerts (kind, severity, title, detail, department_id, site_id, case_id, dedupe_key, opened_on, opened_at, updated_at)
      select ${kind}, ${severity}, s.title, s.detail, s.department_id, s.site_id, s.case_id, s.dedupe_key, ${chinaDate(now)}, ${atSql(now)}, ${atSql(now)} from (${source}) s
      on conflict (dedupe_key) do nothing returning id, title`);
    if (!created.length) return 0;
    const ids = created.map((r) => Number(r.id));
    await tx.execute(sql`insert into alert_events (alert_id, action, actor_name, note, at)
      select x, 'opened', ${actorName(actor)}, '', ${atSql(now)} from unnest(${`{${ids.join(',')}}`}::bigint[]) x`);
    for (const r of created) {
      await this.audit.record(tx, actor, { kind: 'alert.opened', aggregateType: 'alert', aggregateId: Number(r.id), data: { kind, severity } });
    }
    // One digest message per person rather than one per alert.
    await this.notify(tx, ids[0]!, created.length === 1 ? created[0]!.title : `${created.length} 条「${ALERT_KIND_LABELS[kind].zh}」预警`, `batch:${kind}:${ids[0]}`);
    return created.length;
  }

  /** A system note on an alert (a gap filled or explained, …). */
  async note(tx: Tx, alertId: number, actor: Actor, action: string, note: string): Promise<void> {
    await this.event(tx, alertId, action, actorName(actor), actorId(actor), note);
    await tx.execute(sql`update supervision_alerts set updated_at = ${atSql(this.clock.now())} where id = ${alertId}`);
  }

  private async event(tx: Tx, alertId: number, action: string, actorName: string, actorId: number | null, note: string) {
    await tx.execute(sql`insert into alert_events (alert_id, action, actor_id, actor_name, note, at)
      values (${alertId}, ${action}, ${actorId}, ${actorName}, ${note}, ${atSql(this.clock.now())})`);
  }

  private async notify(tx: Tx, alertId: number, title: string, key = `alert:${alertId}`) {
    const people = await identityRepo.phonesOfRoles(tx, ['supervisor', 'discipline_inspector']);
    for (const p of people) {
      await this.outbox.enqueue(tx, {
        topic: SMS_TOPIC,
        idempotencyKey: `${key}:notify:${p.id}`,
        payload: { phone: p.phone, template: 'alert.opened', body: `【${this.centreName}】监察预警：${title}（预警编号 ${alertId}），请登录一窗平台预警中心处理。` },
      });
    }
  }

  private scope(actor: Actor) {
    return authorize(actor, supervisionPolicy, 'supervision.read');
  }

  async list(actor: Actor, q: AlertQuery): Promise<AlertPage> {
    const scope = this.scope(actor);
    const conds: SQL[] = [scopeSql(scope, { department: sql`a.department_id` })];
    if (q.kind) conds.push(sql`a.kind = ${q.kind}`);
    if (q.departmentId) conds.push(sql`a.department_id = ${q.departmentId}`);
    if (q.from) conds.push(sql`a.opened_on >= ${q.from}`);
    if (q.to) conds.push(sql`a.opened_on <= ${q.to}`);
    const base = sql.join(conds, sql` and `);
    const where = q.status ? sql`${base} and a.status = ${q.status}` : base;
    const pageSize = q.pageSize ?? 20;
    const db = this.database.db;
    const [items, total, counts] = await Promise.all([
      rows<RowDb>(db, sql`select ${ROW_SQL} ${ROW_JOINS} where ${where} order by a.id desc limit ${pageSize} offset ${((q.page ?? 1) - 1) * pageSize}`),
      rows<{ n: number }>(db, sql`select count(*)::int as n from supervision_alerts a where ${where}`),
      rows<{ status: AlertStatus; n: number }>(db, sql`select a.status, count(*)::int as n from supervision_alerts a where ${base} group by a.status`),
    ]);
    const byStatus = { open: 0, investigating: 0, closed: 0 } as Record<AlertStatus, number>;
    for (const c of counts) byStatus[c.status] = c.n;
    return { items: items.map(present), total: total[0]?.n ?? 0, counts: byStatus };
  }

  /** Open and investigating alerts in the actor's scope (home page, dashboard). */
  async counts(actor: Actor): Promise<Record<AlertStatus, number> | undefined> {
    const scope = scopeOf(actor, supervisionPolicy['supervision.read']);
    if (!scope) return undefined;
    // exact counts kept by triggers (migration 0010): alerts are never deleted, counting them would grow without end
    const res = await rows<{ status: AlertStatus; n: number }>(this.database.db, sql`select c.status, sum(c.n)::int as n from supervision_alert_counts c
      where ${scopeSql(scope, { department: sql`c.department_id` })} group by c.status`);
    const out = { open: 0, investigating: 0, closed: 0 } as Record<AlertStatus, number>;
    for (const r of res) out[r.status] = r.n;
    return out;
  }

  async get(actor: Actor, id: number): Promise<AlertDetail> {
    const scope = this.scope(actor);
    const db = this.database.db;
    const [r] = await rows<RowDb & { detail: Record<string, unknown>; conclusion: AlertConclusion | null; finding: string; closedByName: string | null; closedAt: unknown }>(db, sql`
      select ${ROW_SQL}, a.detail, a.conclusion, a.finding, u.display_name as "closedByName", a.closed_at as "closedAt"
      ${ROW_JOINS} left join ${identityRepo.usersAs('u')} on u.id = a.closed_by where a.id = ${id} and ${scopeSql(scope, { department: sql`a.department_id` })}`);
    if (!r) throw new AppError('NOT_FOUND');
    const events = await rows<{ at: unknown; action: string; actorName: string; note: string }>(db, sql`
      select at, action, actor_name as "actorName", note from alert_events where alert_id = ${id} order by id`);
    const gaps = r.kind === 'docno_gap' ? await this.gapsOf(db, actor, id) : [];
    return {
      ...present(r), detail: r.detail, conclusion: r.conclusion, finding: r.finding, closedByName: r.closedByName, closedAt: isoOrNull(r.closedAt),
      events: events.map((e) => ({ ...e, at: isoOrNull(e.at)! })), gaps,
      allowedActions: alertActionsIn(r.status).filter((a) => scopeOf(actor, supervisionPolicy[a === 'comment' ? 'alert.comment' : 'alert.handle']) !== null),
    };
  }

  async act(actor: Actor, id: number, action: AlertAction, body: AlertActionBody): Promise<AlertDetail> {
    const readScope = this.scope(actor);
    authorize(actor, supervisionPolicy, action === 'comment' ? 'alert.comment' : 'alert.handle');
    const note = body.note.trim();
    const now = atSql(this.clock.now());
    await this.database.tx(async (tx) => {
      const [a] = await rows<{ status: AlertStatus; kind: AlertKind }>(tx, sql`select a.status, a.kind from supervision_alerts a
        where a.id = ${id} and ${scopeSql(readScope, { department: sql`a.department_id` })} for update`);
      if (!a) throw new AppError('NOT_FOUND');
      if (!alertActionsIn(a.status).includes(action)) {
        throw new AppError('ALERT_TRANSITION_NOT_ALLOWED', { status: a.status === 'closed' ? '已办结' : a.status === 'open' ? '待处理' : '核查中' });
      }
      if (action === 'comment' && !note) throw new AppError('ALERT_NOTE_REQUIRED');
      if (action === 'close') {
        if (!body.conclusion) throw new AppError('ALERT_CONCLUSION_REQUIRED');
        if (!note) throw new AppError('ALERT_NOTE_REQUIRED');
        if (a.kind === 'docno_gap' && body.conclusion === 'explained') {
          const [open] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from docno_gaps where alert_id = ${id} and status = 'missing'`);
          if (open!.n > 0) throw new AppError('ALERT_GAPS_UNEXPLAINED', { n: open!.n });
        }
        await tx.execute(sql`update supervision_alerts set status = 'closed', conclusion = ${body.conclusion}, finding = ${note},
          closed_by = ${actorId(actor)}, closed_at = ${now}, updated_at = ${now} where id = ${id}`);
      } else if (action === 'investigate') {
        await tx.execute(sql`update supervision_alerts set status = 'investigating', updated_at = ${now} where id = ${id}`);
      } else {
        await tx.execute(sql`update supervision_alerts set updated_at = ${now} where id = ${id}`);
      }
      await this.event(tx, id, action, actorName(actor), actorId(actor), note);
      await this.audit.record(tx, actor, { kind: `alert.${action}`, aggregateType: 'alert', aggregateId: id, data: { from: a.status, conclusion: body.conclusion ?? null } });
    });
    return this.get(actor, id);
  }
}
