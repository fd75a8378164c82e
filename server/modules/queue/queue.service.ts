/**
 * 取号叫号: tickets at the kiosk (by category, item, ID or appointment check-in), calling at the
 * windows with the fair priority rule, recall / no-show / transfer / serve / finish, and the board's
 * events. Calls claim with FOR UPDATE SKIP LOCKED: two windows (or two server processes) never get
 * the same ticket. Every change is audited with the board event in one transaction.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { BoardEvent } from '../../../common/queue-dto.js';
import {
  CATEGORY_LABELS, CATEGORY_PREFIX, TICKET_STATUS_LABELS, preferPriority, ticketActionsIn, ticketNo, ticketTransition,
  type Priority, type TicketAction, type TicketStatus,
} from '../../../common/queue.js';
import { WINDOW_CATEGORIES, type WindowCategory } from '../../../common/roles.js';
import { maskCitizenId } from '../../../common/masking.js';
import { normaliseCitizenId, validateCitizenId } from '../../../common/validators.js';
import type { QueueConfig } from '../../config.js';
import { authorize, reaches, scopeOf, systemActor, type Actor, type Scope } from '../../platform/authz.js';
import { chinaDate, type Clock } from '../../platform/clock.js';
import { atSql, rows, type Database, type Executor, type Tx, inList, isoOrNull } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { queuePolicy, type QueueAbility } from './queue.policy.js';
import type {
  BoardView, KioskView, TakeTicketBody, TicketActionBodies, TicketIssued, TicketPlace, TicketStaffView, WindowConsole,
} from './queue.schemas.js';
import { identityRepo } from '../identity/identity.repository.js';
import { catalogRepo, subItemNameSql } from '../catalog/catalog.repository.js';
import { casesRepo } from '../cases/cases.repository.js';

type TicketRow = {
  id: number; siteId: number; day: string; category: WindowCategory; ticketNo: string; token: string; priority: Priority; priorityReason: string | null; status: TicketStatus;
  idNo: string | null; subItemId: number | null; subItemName: string | null; targetWindowId: number | null; windowId: number | null; windowName: string | null;
  clerkId: number | null; issuedAt: Date; queuedAt: Date; calledAt: Date | null; recalls: number; serveStartedAt: Date | null;
};

const TICKET_COLUMNS = sql`t.id::int as id, t.site_id as "siteId", t.day::text as day, t.category, t.ticket_no as "ticketNo", t.token, t.priority, t.priority_reason as "priorityReason", t.status,
  t.id_no as "idNo", t.sub_item_id as "subItemId", ${subItemNameSql(sql`t.sub_item_id`)} as "subItemName", t.target_window_id as "targetWindowId", t.window_id as "windowId", w.name as "windowName",
  t.clerk_id as "clerkId", t.issued_at as "issuedAt", t.queued_at as "queuedAt", t.called_at as "calledAt", t.recalls, t.serve_started_at as "serveStartedAt"`;
const TICKET_FROM = sql`from queue_tickets t left join ${identityRepo.windowsAs('w')} on w.id = t.window_id`;

const zeroCounts = (): Record<WindowCategory, number> => ({ engineering: 0, business: 0, citizen: 0 });

export class QueueService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: QueueConfig,
  ) {}

  // ---- public: kiosk, ticket place, board ----------------------------------------------------

  private async publicSite(ex: Executor, siteId: number) {
    const site = await identityRepo.findSite(ex, siteId);
    if (!site || !site.active) throw new AppError('QUEUE_SITE_INVALID');
    return { id: site.id, code: site.code, name: site.name };
  }

  async waitingCounts(ex: Executor, siteId: number, day = this.clock.today()): Promise<Record<WindowCategory, number>> {
    const out = zeroCounts();
    for (const r of await rows<{ category: WindowCategory; n: number }>(ex, sql`select category, count(*)::int as n from queue_tickets
      where site_id = ${siteId} and day = ${day} and status = 'waiting' group by category`)) out[r.category] = r.n;
    return out;
  }

  async kiosk(siteId: number): Promise<KioskView> {
    const db = this.database.db;
    const site = await this.publicSite(db, siteId);
    const [waiting, open] = await Promise.all([
      this.waitingCounts(db, siteId),
      rows<{ category: WindowCategory; n: number }>(db, sql`select c as category, count(*)::int as n from ${identityRepo.windowsAs('w')}, unnest(w.categories) c
        where w.site_id = ${siteId} and w.active and w.kind in ('intake', 'both') group by c`),
    ]);
    return {
      site, today: this.clock.today(),
      categories: WINDOW_CATEGORIES.map((category) => ({
        category, label: CATEGORY_LABELS[category], prefix: CATEGORY_PREFIX[category], waiting: waiting[category], openWindows: open.find((o) => o.category === category)?.n ?? 0,
      })),
    };
  }

  async takeTicket(body: TakeTicketBody): Promise<TicketIssued> {
    const db = this.database.db;
    const existing = await this.issuedByKey(db, body.clientKey);
    if (existing) return existing;
    const site = await this.publicSite(db, body.siteId);
    let idNo: string | null = null;
    if (body.idNo?.trim()) {
      const id = normaliseCitizenId(body.idNo);
      const res = validateCitizenId(id);
      if (!res.ok) throw new AppError('CASE_ID_INVALID', { who: '取号人', detail: { format: '格式不正确', date: '出生日期不正确', checksum: '校验码不正确' }[res.reason] });
      idNo = res.normalised;
    }
    const at = this.clock.now();
    const now = atSql(at);
    const today = chinaDate(at); // the instant and its day from one reading
    await this.database.tx(async (tx) => {
      let category = body.category ?? null;
      let priority: Priority = 'normal';
      let appointmentId: number | null = null;
      if (body.appointmentCode) {
        const [a] = await rows<{ id: number; category: WindowCategory; idNo: string }>(tx, sql`
          select a.id, s.category, a.id_no as "idNo" from appointments a join appointment_slots s on s.id = a.slot_id
          where a.code = ${body.appointmentCode.trim()} and a.status = 'booked' and s.site_id = ${site.id} and s.day = ${today} for update of a`);
        if (!a) throw new AppError('APPOINTMENT_CODE_INVALID');
        category = a.category;
        priority = 'appointment';
        appointmentId = a.id;
        idNo = idNo ?? a.idNo;
      }
      if (!category && body.subItemId) {
        const found = await catalogRepo.findSubItem(tx, body.subItemId);
        if (!found || !found.subItem.active) throw new AppError('CASE_SUB_ITEM_INVALID', { id: body.subItemId });
        category = found.item.category as WindowCategory;
      }
      if (!category) throw new AppError('QUEUE_CATEGORY_REQUIRED');
      // numbered by the cases module's gap-free counters (one per site, day and category)
      const seq = await casesRepo.nextSeq(tx, `ticket:${site.id}:${today}:${category}`);
      const token = randomBytes(12).toString('base64url');
      const [t] = await rows<{ id: number }>(tx, sql`insert into queue_tickets
        (site_id, day, category, seq, ticket_no, token, client_key, priority, id_no, sub_item_id, appointment_id, issued_at, queued_at)
        values (${site.id}, ${today}, ${category}, ${seq}, ${ticketNo(category, seq)}, ${token}, ${body.clientKey}, ${priority}, ${idNo},
                ${body.subItemId ?? null}, ${appointmentId}, ${now}, ${now})
        on conflict (client_key) do nothing returning id::int as id`);
      if (!t) return null; // a concurrent retry of the same tap won
      if (appointmentId) await tx.execute(sql`update appointments set status = 'checked_in', checked_in_at = ${now}, ticket_id = ${t.id} where id = ${appointmentId}`);
      await this.event(tx, t.id, 'issued', null, null);
      await this.audit.record(tx, systemActor('kiosk'), { kind: 'queue.issued', aggregateType: 'ticket', aggregateId: t.id, data: { siteId: site.id, category, priority, appointmentId } });
      return t.id;
    });
    return (await this.issuedByKey(db, body.clientKey))!;
  }

  private async issuedByKey(ex: Executor, clientKey: string): Promise<TicketIssued | null> {
    const [t] = await rows<TicketRow & { siteName: string }>(ex, sql`select ${TICKET_COLUMNS}, ${identityRepo.siteNameSql(sql`t.site_id`)} as "siteName" ${TICKET_FROM} where t.client_key = ${clientKey}`);
    if (!t) return null;
    return {
      id: t.id, token: t.token, ticketNo: t.ticketNo, category: t.category, priority: t.priority, issuedAt: isoOrNull(t.issuedAt)!,
      ahead: await this.ahead(ex, t), siteName: t.siteName, subItemName: t.subItemName,
    };
  }

  /** Tickets before this one in its queue (priority ones count as ahead; the fair rule may reorder slightly). */
  private async ahead(ex: Executor, t: Pick<TicketRow, 'id' | 'siteId' | 'day' | 'category' | 'queuedAt' | 'priority'>): Promise<number> {
    const [r] = await rows<{ n: number }>(ex, sql`select count(*)::int as n from queue_tickets where site_id = ${t.siteId} and day = ${t.day}
      and category = ${t.category} and status = 'waiting' and id <> ${t.id}
      and (queued_at < ${t.queuedAt} ${t.priority === 'normal' ? sql`or priority <> 'normal'` : sql``})`);
    return r?.n ?? 0;
  }

  async place(token: string): Promise<TicketPlace> {
    const db = this.database.db;
    const [t] = await rows<TicketRow & { siteName: string }>(db, sql`select ${TICKET_COLUMNS}, ${identityRepo.siteNameSql(sql`t.site_id`)} as "siteName" ${TICKET_FROM} where t.token = ${token}`);
    if (!t) throw new AppError('NOT_FOUND');
    return {
      ticketNo: t.ticketNo, status: t.status, statusLabel: TICKET_STATUS_LABELS[t.status], category: t.category, priority: t.priority,
      ahead: t.status === 'waiting' ? await this.ahead(db, t) : 0, windowName: t.status === 'called' || t.status === 'serving' ? t.windowName : null,
      issuedAt: isoOrNull(t.issuedAt)!, calledAt: isoOrNull(t.calledAt), siteName: t.siteName,
    };
  }

  async board(siteId: number): Promise<BoardView> {
    const db = this.database.db;
    const site = await this.publicSite(db, siteId);
    const [calls, waiting, last] = await Promise.all([
      rows<{ ticketNo: string; windowCode: string; windowName: string; at: Date; kind: string }>(db, sql`
        select e.ticket_no as "ticketNo", w.code as "windowCode", w.name as "windowName", e.at, e.kind from queue_events e join ${identityRepo.windowsAs('w')} on w.id = e.window_id
        where e.site_id = ${siteId} and e.kind in ('called', 'recalled') and e.at >= ${this.clock.today()}::date order by e.id desc limit 12`),
      this.waitingCounts(db, siteId),
      rows<{ id: number }>(db, sql`select coalesce(max(id), 0)::int as id from queue_events where site_id = ${siteId}`),
    ]);
    return {
      site: { id: site.id, name: site.name },
      calls: calls.map((c) => ({ ticketNo: c.ticketNo, windowCode: c.windowCode, windowName: c.windowName, calledAt: isoOrNull(c.at)!, recall: c.kind === 'recalled' })),
      waiting, lastEventId: last[0]?.id ?? 0,
    };
  }

  /** Board events after `after` (the stream polls this: the database, not process memory, is the source). */
  async eventsAfter(siteId: number, after: number): Promise<BoardEvent[]> {
    const db = this.database.db;
    const events = await rows<{ id: number; kind: BoardEvent['kind']; ticketNo: string; category: WindowCategory; windowCode: string | null; windowName: string | null; at: Date }>(db, sql`
      select e.id::int as id, e.kind, e.ticket_no as "ticketNo", e.category, w.code as "windowCode", w.name as "windowName", e.at
      from queue_events e left join ${identityRepo.windowsAs('w')} on w.id = e.window_id where e.site_id = ${siteId} and e.id > ${after} order by e.id limit 100`);
    if (!events.length) return [];
    const waiting = await this.waitingCounts(db, siteId);
    return events.map((e) => ({ ...e, at: isoOrNull(e.at)!, waiting }));
  }

  // ---- window console ----------------------------------------------------------------------

  private async windowInScope(ex: Executor, scope: Scope, windowId: number) {
    const w = await identityRepo.findWindow(ex, windowId);
    if (!w || !w.active || !reaches(scope, { siteId: w.siteId })) throw new AppError('NOT_FOUND');
    return { id: w.id, code: w.code, name: w.name, categories: w.categories as WindowCategory[], siteId: w.siteId };
  }

  private async ticketView(ex: Executor, t: TicketRow, actor: Actor): Promise<TicketStaffView> {
    const caseNos = await casesRepo.caseNosOfTicket(ex, t.id);
    return {
      id: t.id, ticketNo: t.ticketNo, category: t.category, priority: t.priority, priorityReason: t.priorityReason, status: t.status, idNo: t.idNo ? maskCitizenId(t.idNo) : null,
      subItemId: t.subItemId, subItemName: t.subItemName, issuedAt: isoOrNull(t.issuedAt)!, calledAt: isoOrNull(t.calledAt), serveStartedAt: isoOrNull(t.serveStartedAt),
      recalls: t.recalls, windowName: t.windowName, caseNos, allowedActions: this.allowed(actor, t),
    };
  }

  private allowed(actor: Actor, t: TicketRow): TicketAction[] {
    const mine = actor.kind === 'user' && t.clerkId === actor.userId;
    const call = scopeOf(actor, queuePolicy['queue.call']);
    const manage = scopeOf(actor, queuePolicy['queue.manage']);
    const at = (s: Scope | null) => reaches(s, { siteId: t.siteId });
    return ticketActionsIn(t.status).filter((a) => {
      if (a === 'green') return at(manage) && t.priority !== 'green';
      if (t.status === 'waiting') return at(manage); // a guide moves a waiting ticket
      if (!at(call) || !mine) return false;
      if (a === 'no_show') return t.recalls >= this.config.noShowRecalls;
      return true;
    });
  }

  async console(actor: Actor, windowId: number, extra: Partial<WindowConsole> = {}): Promise<WindowConsole> {
    const scope = authorize(actor, queuePolicy, 'queue.call');
    const db = this.database.db;
    const w = await this.windowInScope(db, scope, windowId);
    const [current] = await rows<TicketRow>(db, sql`select ${TICKET_COLUMNS} ${TICKET_FROM} where t.window_id = ${windowId} and t.status in ('called', 'serving') order by t.called_at desc limit 1`);
    const waiting = await this.waitingCounts(db, w.siteId);
    return { window: w, current: current ? await this.ticketView(db, current, actor) : null, waiting, noShowAfterRecalls: this.config.noShowRecalls, ...extra };
  }

  async callNext(actor: Actor, windowId: number): Promise<WindowConsole> {
    const scope = authorize(actor, queuePolicy, 'queue.call');
    const userId = actor.kind === 'user' ? actor.userId : null;
    const at = this.clock.now();
    const now = atSql(at);
    const today = chinaDate(at); // the instant and its day from one reading
    await this.database.tx(async (tx) => {
      const w = await this.windowInScope(tx, scope, windowId);
      const open = await rows<{ id: number; ticketNo: string; status: TicketStatus }>(tx, sql`select id::int as id, ticket_no as "ticketNo", status from queue_tickets
        where window_id = ${windowId} and status in ('called', 'serving') for update`);
      for (const o of open) {
        if (o.status === 'called') throw new AppError('QUEUE_CURRENT_OPEN', { ticketNo: o.ticketNo });
        await tx.execute(sql`update queue_tickets set status = 'done', finished_at = ${now} where id = ${o.id}`);
        await this.event(tx, o.id, 'done', windowId, userId);
      }
      const recent = await rows<{ priority: Priority }>(tx, sql`select priority from queue_tickets where site_id = ${w.siteId} and day = ${today}
        and category in (${inList(w.categories)}) and called_at is not null order by called_at desc limit ${Math.max(1, this.config.priorityRun)}`);
      const prefer = preferPriority(recent.map((r) => r.priority), this.config.priorityRun);
      const order =
        this.config.priorityRun <= 0
          ? sql`0` // priorities off: strictly in order of arrival
          : prefer
            ? sql`case t.priority when 'green' then 0 when 'appointment' then 1 else 2 end`
            : sql`case when t.priority = 'normal' then 0 else 1 end`;
      const [claimed] = await rows<{ id: number; ticketNo: string }>(tx, sql`
        update queue_tickets q set status = 'called', window_id = ${windowId}, clerk_id = ${userId}, called_at = ${now}, recalls = 0
        where q.id = (
          select t.id from queue_tickets t
          where t.site_id = ${w.siteId} and t.day = ${today} and t.status = 'waiting' and t.category in (${inList(w.categories)})
            and (t.target_window_id is null or t.target_window_id = ${windowId})
          order by (t.target_window_id is not null) desc, ${order}, t.queued_at, t.id
          limit 1 for update skip locked)
        and q.status = 'waiting'
        returning q.id::int as id, q.ticket_no as "ticketNo"`);
      if (!claimed) throw new AppError('QUEUE_EMPTY');
      await this.event(tx, claimed.id, 'called', windowId, userId);
      await this.audit.record(tx, actor, { kind: 'queue.called', aggregateType: 'ticket', aggregateId: claimed.id, data: { ticketNo: claimed.ticketNo, windowId } });
    });
    return this.console(actor, windowId);
  }

  async act<A extends TicketAction>(actor: Actor, ticketId: number, action: A, body: TicketActionBodies[A]): Promise<WindowConsole | TicketStaffView> {
    const userId = actor.kind === 'user' ? actor.userId : null;
    // deny by default first: the green channel is the guide's; a transfer the guide's (a waiting ticket) or the window
    // clerk's (the ticket at their window), which allowed() decides per ticket; every other action the clerk's
    const abilities: QueueAbility[] = action === 'green' ? ['queue.manage'] : action === 'transfer' ? ['queue.call', 'queue.manage'] : ['queue.call'];
    if (!abilities.some((a) => scopeOf(actor, queuePolicy[a]))) authorize(actor, queuePolicy, abilities[0]!);
    let windowBefore: number | null = null;
    let applicantIdNo: string | null | undefined;
    const now = atSql(this.clock.now());
    await this.database.tx(async (tx) => {
      const [t] = await rows<TicketRow>(tx, sql`select ${TICKET_COLUMNS} ${TICKET_FROM} where t.id = ${ticketId} for update of t`);
      const visible = [scopeOf(actor, queuePolicy['queue.call']), scopeOf(actor, queuePolicy['queue.manage'])].some((s) => !!t && reaches(s, { siteId: t.siteId }));
      if (!t || !visible) throw new AppError('NOT_FOUND');
      const to = ticketTransition(t.status, action);
      if (!to) {
        throw new AppError('QUEUE_TRANSITION_NOT_ALLOWED', { status: TICKET_STATUS_LABELS[t.status], allowed: ticketActionsIn(t.status).join('、') || '无' });
      }
      if (!this.allowed(actor, t).includes(action)) {
        if (action === 'no_show' && t.clerkId === userId) throw new AppError('QUEUE_NO_SHOW_TOO_EARLY', { n: this.config.noShowRecalls });
        throw new AppError(t.status === 'waiting' || action === 'green' ? 'FORBIDDEN' : 'QUEUE_NOT_YOUR_TICKET');
      }
      windowBefore = t.windowId;
      let kind: string = action;
      let note: Record<string, unknown> = {};
      switch (action) {
        case 'recall':
          await tx.execute(sql`update queue_tickets set recalls = recalls + 1, called_at = ${now} where id = ${t.id}`);
          kind = 'recalled';
          break;
        case 'serve':
          await tx.execute(sql`update queue_tickets set status = 'serving', serve_started_at = ${now} where id = ${t.id}`);
          kind = 'serving';
          applicantIdNo = t.idNo; // shown to the clerk who serves, for the intake form (this record is the audit)
          note = { idShown: !!t.idNo };
          break;
        case 'no_show':
          await tx.execute(sql`update queue_tickets set status = 'no_show', finished_at = ${now} where id = ${t.id}`);
          break;
        case 'finish':
          await tx.execute(sql`update queue_tickets set status = 'done', finished_at = ${now} where id = ${t.id}`);
          kind = 'done';
          break;
        case 'green': {
          const reason = (body as TicketActionBodies['green']).reason?.trim();
          if (!reason) throw new AppError('CASE_REASON_REQUIRED', { what: '绿色通道的原因' });
          await tx.execute(sql`update queue_tickets set priority = 'green', priority_reason = ${reason} where id = ${t.id}`);
          note = { reason };
          break;
        }
        case 'transfer': {
          const b = body as TicketActionBodies['transfer'];
          let category = b.category ?? null;
          let target: number | null = null;
          if (b.windowId) {
            const w = await identityRepo.findWindow(tx, b.windowId);
            if (!w || w.siteId !== t.siteId || !w.active) throw new AppError('QUEUE_TRANSFER_TARGET');
            target = w.id;
            const cats = w.categories as WindowCategory[];
            category = category ?? (cats.includes(t.category) ? t.category : cats[0]!);
          }
          if (!category) throw new AppError('QUEUE_TRANSFER_TARGET');
          // keeps its place (queued_at): the applicant does not start again at the back
          await tx.execute(sql`update queue_tickets set status = 'waiting', category = ${category}, target_window_id = ${target}, window_id = null,
            clerk_id = null, called_at = null, recalls = 0, serve_started_at = null where id = ${t.id}`);
          kind = 'transferred';
          note = { category, targetWindowId: target, note: b.note ?? '' };
          break;
        }
      }
      await this.event(tx, t.id, kind, t.windowId, userId);
      await this.audit.record(tx, actor, { kind: `queue.${action}`, aggregateType: 'ticket', aggregateId: t.id, data: { ticketNo: t.ticketNo, ...note } });
    });
    if (windowBefore !== null && scopeOf(actor, queuePolicy['queue.call'])) {
      return this.console(actor, windowBefore, applicantIdNo !== undefined ? { applicantIdNo } : {});
    }
    const [t] = await rows<TicketRow>(this.database.db, sql`select ${TICKET_COLUMNS} ${TICKET_FROM} where t.id = ${ticketId}`);
    return this.ticketView(this.database.db, t!, actor);
  }

  async tickets(actor: Actor, q: { siteId?: number; status?: TicketStatus; page: number; pageSize: number }) {
    const manage = scopeOf(actor, queuePolicy['queue.manage']);
    const call = scopeOf(actor, queuePolicy['queue.call']);
    const scope = manage ?? call;
    if (!scope) throw new AppError('FORBIDDEN');
    const siteId = q.siteId ?? (actor.kind === 'user' ? actor.siteId : null);
    if (!siteId || !reaches(scope, { siteId })) throw new AppError('NOT_FOUND');
    const where = sql`t.site_id = ${siteId} and t.day = ${this.clock.today()} ${q.status ? sql`and t.status = ${q.status}` : sql``}`;
    const db = this.database.db;
    const [items, total] = await Promise.all([
      rows<TicketRow>(db, sql`select ${TICKET_COLUMNS} ${TICKET_FROM} where ${where} order by t.id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
      rows<{ n: number }>(db, sql`select count(*)::int as n from queue_tickets t where ${where}`),
    ]);
    return { items: await Promise.all(items.map((t) => this.ticketView(db, t, actor))), total: total[0]?.n ?? 0 };
  }

  /** The ticket being served at the actor's site today (the intake links its cases to it). */
  async servingTicket(ex: Executor, ticketId: number, siteId: number): Promise<number> {
    const [t] = await rows<{ id: number }>(ex, sql`select id::int as id from queue_tickets where id = ${ticketId} and site_id = ${siteId}
      and day = ${this.clock.today()} and status in ('called', 'serving', 'done')`);
    if (!t) throw new AppError('QUEUE_TICKET_INVALID');
    return t.id;
  }

  private async event(tx: Tx, ticketId: number, kind: string, windowId: number | null, clerkId: number | null) {
    await tx.execute(sql`insert into queue_events (site_id, kind, ticket_id, ticket_no, category, window_id, clerk_id, at)
      select site_id, ${kind}, id, ticket_no, category, ${windowId}, ${clerkId}, ${atSql(this.clock.now())} from queue_tickets where id = ${ticketId}`);
  }
}
