/**
 * Case use cases after intake: detail, search, the department inbox, every transition through the
 * fixed recipe, and the public progress lookup.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  CASE_ACTION_LABELS, CASE_STATUS_LABELS, CASE_WORKFLOW, DEPARTMENT_STATUSES, actionsIn, transitionOf, type CaseAction, type CaseStatus, type Light,
} from '../../../common/cases.js';
import type { ActionBodies, CaseDetail, CaseRow, CaseSearchQuery, PublicProgress } from './cases.schemas.js';
import { maskCitizenId, maskMobile, maskName, maskUscc } from '../../../common/masking.js';
import { actorId, actorName, authorize, reaches, scopeOf, type Actor, type Scope } from '../../platform/authz.js';
import { chinaDate } from '../../platform/clock.js';
import { insertRows, num, rows, type Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { ACTION_HANDLERS, BATCH_ACTIONS, guardAllows, guardError, openInspection, type ActionContext, type ActionOutcome, type CaseRecord, type PinnedLine } from './cases.actions.js';
import { casesPolicy } from './cases.policy.js';
import { openCaseSql } from './case-status.sql.js';
import { caseScopeSql, casesRepo as repo, lightBasis, lightFilterSql, type CaseRowDb, type LightBasis } from './cases.repository.js';
import { caseSms } from './cases.sms.js';
import { provisional } from './cases.clock.js';
import type { WorkingCalendar } from '../../../common/working-days.js';
import { catalogRepo, subItemNameSql } from '../catalog/catalog.repository.js';
import { identityRepo } from '../identity/identity.repository.js';
import { caseEvents, cases } from './cases.tables.js';
import { nextNoticeNo, type CaseDeps } from './intake.service.js';

type ActableAction = Exclude<CaseAction, 'handover' | 'sign'>;

const EVENT_LABELS: Record<string, string> = {
  received: '收件', accepted: '窗口受理', correction_issued: '出具补正告知', refused: '不予受理',
  handed_over: '移交审批部门', signed: '部门签收受理', deadline_recomputed: '办理期限按已确认的节假日安排重新计算',
  ...Object.fromEntries(Object.entries(CASE_ACTION_LABELS).map(([k, v]) => [k, v.zh])),
};

/** What the applicant reads on the public progress page (no staff names, no internal steps). */
const PUBLIC_LABELS: Record<string, string> = {
  received: '收件', accepted: '窗口受理', correction_issued: '一次性告知补正材料', refused: '不予受理', accept: '补正后受理', refuse: '不予受理',
  handed_over: '移交审批部门', signed: '审批部门受理', assign_inspection: '安排现场勘查', record_inspection: '现场勘查完成',
  start_special: '特别程序开始（暂停计时）', end_special: '特别程序结束（恢复计时）', approve_extension: '依法延长办理期限',
  return_to_front: '部分材料需按清单补齐', supplement: '材料已补齐', approve: '审批完成：准予许可', deny: '审批完成：不予许可',
  register_result: '结果已送达出件窗口，可领取', collect: '已领取，办结', mail: '已邮寄，办结', withdraw: '已撤件',
  deadline_recomputed: '国家节假日安排已公布，办理期限已重新计算',
};

/** An event as the applicant reads it: an online application was received and accepted online, not at a window. */
function publicLabel(action: string, channel: string): string {
  if (channel === 'online' && (action === 'accepted' || action === 'received')) return action === 'accepted' ? '网上受理' : '网上收件';
  return PUBLIC_LABELS[action] ?? EVENT_LABELS[action] ?? action;
}

export function maskIdNo(idNo: string, type: 'person' | 'entity'): string {
  return type === 'entity' ? maskUscc(idNo) : maskCitizenId(idNo);
}

/** A list row as shown: personal data masked, 暂定 as the calendar `cal` says of the days from acceptance to the date. */
export function presentRow(r: CaseRowDb, cal: WorkingCalendar): CaseRow {
  return {
    id: r.id, caseNo: r.caseNo, status: r.status, subItemName: r.subItemName, itemName: r.itemName, departmentId: r.departmentId,
    departmentName: r.departmentName, siteName: r.siteName,
    applicantName: r.applicantType === 'entity' ? r.applicantName : maskName(r.applicantName),
    applicantIdNo: maskIdNo(r.applicantIdNo, r.applicantType), receivedAt: new Date(r.receivedAt).toISOString(), acceptedOn: r.acceptedOn,
    promisedDue: r.promisedDue, promisedProvisional: provisional(cal, r.acceptedOn, r.promisedDue), remainingDays: r.remainingDays === null ? null : Number(r.remainingDays), light: r.light, paused: r.paused,
    step: r.step, approvalSteps: r.approvalSteps, documentNo: r.documentNo,
  };
}

export class CaseService {
  constructor(private readonly d: CaseDeps) {}

  private readScope(actor: Actor): Scope {
    return authorize(actor, casesPolicy, 'case.read');
  }

  /** Does the actor's grant for this ability reach the case (its site or its department)? */
  private reaches(actor: Actor, ability: keyof typeof casesPolicy, c: Pick<CaseRecord, 'siteId' | 'departmentId'>): boolean {
    return reaches(scopeOf(actor, casesPolicy[ability]), c);
  }

  allowedActions(actor: Actor, c: CaseRecord, openInspectorId: number | null): CaseAction[] {
    return actionsIn(c.status as CaseStatus).filter((a) => {
      const t = transitionOf(c.status as CaseStatus, a)!;
      return this.reaches(actor, t.ability, c) && guardAllows(a, c, actor, openInspectorId);
    });
  }

  /** Lights as of `today` under the current light rules. */
  private lights(today: string): LightBasis {
    return lightBasis(today, this.d.hooks.lights);
  }

  async search(actor: Actor, q: CaseSearchQuery) {
    const scope = this.readScope(actor);
    const today = this.d.clock.today();
    const conds: SQL[] = [caseScopeSql(scope)];
    const text = q.q?.trim().toUpperCase();
    if (text) {
      // A whole ID/USCC looks the applicant up; anything else is a case-number prefix.
      conds.push(/^[0-9A-Z]{18}$/.test(text) ? sql`(c.applicant_id_no = ${text} or c.case_no = ${text})` : sql`c.case_no like ${`${text.replace(/[%_\\]/g, '')}%`}`);
    }
    if (q.status) conds.push(sql`c.status = ${q.status}`);
    if (q.light) conds.push(lightFilterSql(q.light, this.lights(today)));
    if (q.departmentId) conds.push(sql`c.department_id = ${q.departmentId}`);
    if (q.itemId) conds.push(sql`c.item_id = ${q.itemId}`);
    if (q.siteId) conds.push(sql`c.site_id = ${q.siteId}`);
    if (q.from) conds.push(sql`c.received_on >= ${q.from}`);
    if (q.to) conds.push(sql`c.received_on <= ${q.to}`);
    const pageSize = q.pageSize ?? 20;
    const res = await repo.page(this.d.database.db, sql.join(conds, sql` and `), sql`c.received_on desc, c.id desc`, pageSize, ((q.page ?? 1) - 1) * pageSize, this.lights(today));
    const cal = await this.d.calendar.calendar();
    return { items: res.items.map((r) => presentRow(r, cal)), total: res.total };
  }

  /** 部门待办: the cases the actor's department holds, most urgent first. */
  async inbox(actor: Actor, q: { status?: CaseStatus; light?: Light; step?: number; q?: string; page?: number; pageSize?: number }) {
    const review = scopeOf(actor, casesPolicy['case.review']);
    const inspect = scopeOf(actor, casesPolicy['case.inspect']);
    const scope = review ?? inspect;
    if (!scope) throw new AppError('FORBIDDEN');
    const today = this.d.clock.today();
    const statuses = q.status && DEPARTMENT_STATUSES.includes(q.status) ? [q.status] : DEPARTMENT_STATUSES;
    const conds: SQL[] = [caseScopeSql(scope), sql`c.status in (${sql.join(statuses.map((s) => sql`${s}`), sql`, `)})`];
    // Inspectors see the cases waiting for their own inspection.
    if (!review && inspect) conds.push(sql`exists (select 1 from case_inspections x where x.case_id = c.id and x.done_at is null and x.inspector_id = ${actorId(actor)})`);
    if (q.light) conds.push(lightFilterSql(q.light, this.lights(today)));
    if (q.step) conds.push(sql`c.step = ${q.step}`);
    const text = q.q?.trim().toUpperCase();
    if (text) conds.push(sql`c.case_no like ${`${text.replace(/[%_\\]/g, '')}%`}`);
    const pageSize = q.pageSize ?? 20;
    const res = await repo.page(this.d.database.db, sql.join(conds, sql` and `), sql`c.promised_due nulls last, c.id`, pageSize, ((q.page ?? 1) - 1) * pageSize, this.lights(today));
    const cal = await this.d.calendar.calendar();
    return { items: res.items.map((r) => presentRow(r, cal)), total: res.total };
  }

  async get(actor: Actor, id: number): Promise<CaseDetail> {
    const scope = this.readScope(actor);
    const db = this.d.database.db;
    const today = this.d.clock.today();
    const row = await repo.row(db, id, scope, this.lights(today));
    if (!row) throw new AppError('NOT_FOUND');
    const [[c], parts] = await Promise.all([db.select().from(cases).where(eq(cases.id, id)), repo.detailParts(db, id)]);
    if (!c || !parts) throw new AppError('NOT_FOUND');
    const cal = await this.d.calendar.calendar();
    const { materials, events, inspections, specials, notices, linked } = parts;
    const open = inspections.find((x) => !x.doneAt);
    const names = new Map((await identityRepo.userNames(db, [c!.extensionRequestedBy, c!.extensionDecidedBy].filter((x): x is number => x !== null))).map((u) => [u.id, u.name]));
    return {
      ...presentRow(row, cal),
      visitId: c!.visitId, bundleName: parts.bundleName, ticketNo: parts.ticketNo, subItemId: c!.subItemId, subItemCode: parts.subItemCode ?? '', itemId: c!.itemId,
      caseType: c!.caseType as never, channel: c!.channel as never, applicantType: c!.applicantType as never,
      applicantPhone: maskMobile(c!.applicantPhone),
      agent: c!.agentName ? { name: maskName(c!.agentName), idNo: maskCitizenId(c!.agentIdNo ?? ''), phone: maskMobile(c!.agentPhone ?? '') } : null,
      checklistVersionId: c!.checklistVersionId, checklistVersionNo: parts.versionNo ?? 0,
      promisedLimit: c!.promisedLimit, promisedUnit: c!.promisedUnit as never, statutoryLimit: c!.statutoryLimit, statutoryUnit: c!.statutoryUnit as never,
      statutoryDue: c!.statutoryDue, statutoryProvisional: provisional(cal, c!.acceptedOn, c!.statutoryDue), acceptedAt: c!.acceptedAt?.toISOString() ?? null, pausedDays: c!.pausedDays,
      extension: c!.extensionStatus
        ? {
            status: c!.extensionStatus as never, reason: c!.extensionReason ?? '', requestedBy: names.get(c!.extensionRequestedBy ?? 0) ?? '',
            decidedBy: c!.extensionDecidedBy ? (names.get(c!.extensionDecidedBy) ?? null) : null,
          }
        : null,
      decision: c!.decision as never, decisionReason: c!.decisionReason, deliveryMethod: c!.deliveryMethod as never, trackingNo: c!.trackingNo,
      materials: materials.map((m) => ({ ...m, status: m.status as never, form: m.form as never, files: m.files.map(({ sha256: _, ...f }) => ({ ...f, addedAt: new Date(f.addedAt).toISOString() })) })),
      events: events.map((e) => ({ ...e, at: new Date(e.at).toISOString(), label: EVENT_LABELS[e.action] ?? e.action, fromStatus: e.fromStatus as never, toStatus: e.toStatus as never })),
      inspections: inspections.map((x) => ({ id: x.id, inspectorName: x.inspectorName, assignedAt: new Date(x.assignedAt).toISOString(), note: x.note, result: x.result, passed: x.passed, doneAt: x.doneAt ? new Date(x.doneAt).toISOString() : null })),
      specialProcedures: specials.map((s) => ({ ...s, kind: s.kind as never })),
      notices: notices.map((n) => ({ ...n, issuedAt: new Date(n.issuedAt).toISOString() })),
      linkedCases: linked,
      allowedActions: this.allowedActions(actor, c!, open ? open.inspectorId : null),
      returnedLines: (c!.returnedLines ?? []).map((r) => ({ ...r, materialName: materials.find((m) => m.lineNo === r.lineNo)?.materialName ?? '' })),
    };
  }

  /** 工作台: what waits for the actor — counts by status in their scope, lights, batches to sign. */
  async workCounts(actor: Actor) {
    const scope = scopeOf(actor, casesPolicy['case.read']);
    if (!scope || scope.all) return undefined; // the centre's roles use the supervision views
    const today = this.d.clock.today();
    const db = this.d.database.db;
    // Only statuses served by the partial indexes (desk and department work lists).
    const [byStatus, lights, batches] = await Promise.all([
      rows<{ status: string; n: number }>(db, sql`select c.status, count(*)::int as n from cases c where ${caseScopeSql(scope)}
        and c.status in ('correction', 'accepted', 'returned', 'approved', 'denied', 'ready', 'handed_over', 'in_review', 'inspecting', 'suspended') group by c.status`),
      rows<{ red: number; yellow: number }>(db, sql`select count(*) filter (where ${lightFilterSql('red', this.lights(today))})::int as red,
        count(*) filter (where ${lightFilterSql('yellow', this.lights(today))})::int as yellow from cases c where ${caseScopeSql(scope)}
        and ${openCaseSql()}`),
      scope.departmentIds.length && scopeOf(actor, casesPolicy['case.review'])
        ? rows<{ n: number }>(db, sql`select count(*)::int as n from case_handovers where status = 'sent' and department_id in (${sql.join(scope.departmentIds.map((d) => sql`${d}`), sql`, `)})`)
        : Promise.resolve([{ n: 0 }]),
    ]);
    return {
      byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
      red: lights[0]?.red ?? 0, yellow: lights[0]?.yellow ?? 0, handoversToSign: batches[0]?.n ?? 0,
    };
  }

  async inspectors(actor: Actor, id: number) {
    const scope = authorize(actor, casesPolicy, 'case.review');
    const [c] = await rows<{ departmentId: number }>(this.d.database.db, sql`select department_id as "departmentId" from cases c where c.id = ${id} and ${caseScopeSql(scope)}`);
    if (!c) throw new AppError('NOT_FOUND');
    return identityRepo.inspectorsOf(this.d.database.db, c.departmentId);
  }

  /**
   * The voucher number an acceptance (after correction) or a refusal will issue, taken from the site's
   * daily counter in its own short transaction before the action's (as intake does), so that vouchers at
   * a site are not serialised on the counter row; only when the case is in scope and the action allowed
   * in its status (a refused attempt takes no number; one that fails later leaves a gap).
   */
  private async noticeNoFor(scope: Scope, id: number, action: 'accept' | 'refuse', today: string): Promise<string | null> {
    const [c] = await rows<{ status: CaseStatus; siteCode: string }>(this.d.database.db, sql`select c.status, s.code as "siteCode"
      from cases c join ${identityRepo.sitesAs('s')} on s.id = c.site_id where c.id = ${id} and ${caseScopeSql(scope)}`);
    if (!c || !transitionOf(c.status, action)) return null;
    return nextNoticeNo(this.d.database.db, action === 'accept' ? 'receipt' : 'refusal', c.siteCode, today);
  }

  /** The transition recipe: scoped load → policy → workflow guard → one transaction with event, audit and outbox. */
  async act<A extends ActableAction>(actor: Actor, id: number, action: A, body: ActionBodies[A]): Promise<CaseDetail> {
    const scope = this.readScope(actor);
    authorize(actor, casesPolicy, abilityOf(action)); // deny by default, before anything is loaded
    const cal = await this.d.calendar.calendar();
    const now = this.d.clock.now();
    const today = chinaDate(now);
    // read before the transaction: on PGlite a query outside it would wait for it
    const noticeNo = action === 'accept' || action === 'refuse' ? await this.noticeNoFor(scope, id, action, today) : null;
    let decided = null as { id: number; caseNo: string; departmentId: number } | null;
    await this.d.database.tx(async (tx) => {
      // the case, locked, with what its action and SMS need of its site and sub-item: one statement
      const cx = alias(cases, 'c');
      const [found] = await tx
        .select({ c: cx, site: identityRepo.siteFactsSql(sql`${cx.siteId}`), subItemName: sql<string>`${subItemNameSql(sql`${cx.subItemId}`)}` })
        .from(cx)
        .where(and(eq(cx.id, id), caseScopeSql(scope)))
        .for('update', { of: cx });
      if (!found) throw new AppError('NOT_FOUND');
      const { c, site } = found;
      const status = c!.status as CaseStatus;
      const t = transitionOf(status, action);
      if (!t || BATCH_ACTIONS.includes(action)) {
        throw new AppError('CASE_TRANSITION_NOT_ALLOWED', {
          status: CASE_STATUS_LABELS[status].zh, action: CASE_ACTION_LABELS[action].zh,
          allowed: actionsIn(status).map((a) => CASE_ACTION_LABELS[a].zh).join('、') || '无（已终结）',
        }, { status, allowed: actionsIn(status) });
      }
      if (!this.reaches(actor, t.ability, c!)) throw new AppError('FORBIDDEN');
      const inspection = action === 'record_inspection' ? await openInspection(tx, id) : undefined;
      const blocked = guardError(action, { c: c!, actor, openInspectorId: inspection?.inspectorId ?? null });
      if (blocked) throw blocked;
      decided = { id, caseNo: c!.caseNo, departmentId: c!.departmentId };
      const ctx: ActionContext<A> = { tx, actor, c: c!, body, cal, now, today, siteCode: site.code, noticeNo, lines: () => pinnedLines(tx, c!.checklistVersionId), docNos: this.d.hooks.documentNumbers, licenses: this.d.hooks.licenses, openInspection: inspection };
      const out = await (ACTION_HANDLERS[action] as unknown as (x: ActionContext<A>) => Promise<ActionOutcome>)(ctx);
      const to = t.to ?? status;
      const updated = await tx
        .update(cases)
        .set({ ...out.set, status: to, version: sql`${cases.version} + 1`, updatedAt: now })
        .where(and(eq(cases.id, id), eq(cases.version, c!.version)))
        .returning({ id: cases.id });
      if (!updated.length) throw new AppError('CONFLICT');
      const who = { actorId: actorId(actor), actorName: actorName(actor), siteId: actor.kind === 'user' ? actor.siteId : null };
      const codes = out.nodeCodes?.length ? out.nodeCodes : [null];
      // one event per node code reported (the last carries the note), in one statement; the SMS names the last
      const evs = await insertRows<typeof caseEvents, { id: unknown }>(
        tx, caseEvents,
        codes.map((nodeCode, i) => ({ caseId: id, action, fromStatus: status, toStatus: to, nodeCode, ...who, note: i === codes.length - 1 ? out.note : '', public: !out.internal, at: now })),
        'returning id',
      );
      const eventId = Math.max(...evs.map((e) => num(e.id)));
      // after the events: the invitation names the delivery clerk who recorded the collection
      if ((action === 'collect' || action === 'mail') && c!.caseType === 'promised') await this.d.hooks.ratings?.inviteForCompletion(tx, id);
      await this.d.audit.record(tx, actor, {
        kind: `case.${action}`, aggregateType: 'case', aggregateId: id,
        data: { caseNo: c!.caseNo, from: status, to, ...(out.audit ?? {}) },
      });
      if (out.sms) {
        await this.d.outbox.enqueue(tx, caseSms(id, eventId, c!.applicantPhone, out.sms.template, {
          centre: this.d.centreName, caseNo: c!.caseNo, subItemName: found.subItemName, siteName: site.name, siteAddress: site.address, siteHours: site.hours, baseUrl: this.d.publicBaseUrl,
        }, out.sms.extra as never));
      }
    }).catch(async (err: unknown) => {
      // A decision refused for a duplicate document number is itself an alert (after the rollback).
      if (err instanceof AppError && err.code === 'DOCNO_DUPLICATE' && decided && 'documentNo' in (body as object)) {
        await this.d.hooks.documentNumbers?.recordRefusedDuplicate(actor, decided, (body as { documentNo: string }).documentNo);
      }
      throw err;
    });
    return this.get(actor, id);
  }

  /**
   * 办件进度查询 (public): case number + the last four digits of the applicant's phone. One statement: the case,
   * its public timeline and its 好差评 invitations (a wrong number or phone finds nothing, and says nothing more).
   */
  async progress(caseNo: string, phone4: string): Promise<PublicProgress> {
    return this.presentProgress(await repo.progress(this.d.database.db, caseNo.trim().toUpperCase(), phone4, this.ratingsSql()));
  }

  /** The progress page of a case by its id, unscoped: for an applicant's own case (the online module checks whose it is). */
  async progressOfCase(caseId: number): Promise<PublicProgress> {
    return this.presentProgress(await repo.progressById(this.d.database.db, caseId, this.ratingsSql()));
  }

  /**
   * An applicant's cases by their ID number and their entities' USCCs (我的办件), unscoped: the caller says whose; with
   * `phone`, only the cases naming it as the applicant's or the agent's mobile.
   */
  casesOfApplicants(h: { idNos: string[]; phone: string | null }) {
    return repo.casesOfApplicants(this.d.database.db, h.idNos, h.phone);
  }

  private ratingsSql() {
    return this.d.hooks.ratings?.forProgressSql() ?? sql`'[]'::json`;
  }

  private async presentProgress(c: Awaited<ReturnType<typeof repo.progress>>): Promise<PublicProgress> {
    if (!c) throw new AppError('PROGRESS_NOT_FOUND');
    const all = c.events;
    // One line per action (an action reported under two node codes writes two events).
    const events = all.filter((e, i) => all[i + 1]?.action !== e.action || all[i + 1]?.fromStatus !== e.fromStatus);
    const status = c.status;
    const ready = status === 'ready' || (status === 'closed' && c.deliveryMethod !== null);
    return {
      caseNo: c.caseNo, itemName: c.itemName, subItemName: c.subItemName, departmentName: c.departmentName,
      applicantName: c.applicantType === 'entity' ? c.applicantName : maskName(c.applicantName),
      status, statusLabel: CASE_STATUS_LABELS[status].zh, receivedAt: new Date(c.receivedAt as string).toISOString(), acceptedOn: c.acceptedOn, promisedDue: c.promisedDue,
      promisedProvisional: provisional(await this.d.calendar.calendar(), c.acceptedOn, c.promisedDue), timeline: events.map((e) => ({ at: new Date(e.at).toISOString(), label: publicLabel(e.action, c.channel) })),
      pickup: status === 'ready' ? { siteName: c.siteName, address: c.address, hours: c.hours, phone: c.phone } : null,
      documentNo: ready ? c.documentNo : null,
      ratings: c.ratings as PublicProgress['ratings'],
    };
  }
}

/** The ability an action needs (the same in every status it is allowed in). */
function abilityOf(action: CaseAction) {
  for (const status of Object.keys(CASE_WORKFLOW) as CaseStatus[]) {
    const t = transitionOf(status, action);
    if (t) return t.ability;
  }
  throw new AppError('ROUTE_NOT_FOUND');
}

/** The lines of the checklist version a case is pinned to, with their materials' names, in line order (the catalog's read model). */
function pinnedLines(tx: Tx, versionId: number): Promise<PinnedLine[]> {
  return catalogRepo.linesOf(tx, [versionId]);
}
