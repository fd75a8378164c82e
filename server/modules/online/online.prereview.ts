/**
 * 网上预审 by the front desk of the application's site (issue 16.4–16.5; ADR 0027): the queue with each round's time
 * limit and light, every scan beside its checklist lines' review points, a verdict per material (pass, or fix saying
 * what is wrong), one fix list a round (一次性告知, by SMS and on the portal), and the two endings — 全程网办 accepted
 * online when the last round passes, otherwise accepted at the window after checking the originals — both through
 * the intake, in its transaction.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { maskName } from '../../../common/masking.js';
import { AWAITING_PREREVIEW, APPLICATION_NO, type ApplicationStatus } from '../../../common/online.js';
import { actorId, actorName, authorize, reaches, type Actor } from '../../platform/authz.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { IntakeResult } from '../cases/cases.schemas.js';
import { intakeBodyOf } from './online.accept.js';
import { checkChosen, slotLicenses } from './online.licenses.js';
import { onlinePolicy } from './online.policy.js';
import { onlineRepo, type ApplicationParts, type ApplicationRecord } from './online.repository.js';
import type { ApplicationRow, MarkInput, QueueFilter, StaffApplicationView, WindowAcceptInput } from './online.schemas.js';
import { fileOf, nextStatus, type OnlineDeps } from './online.service.js';
import { onlineSms } from './online.sms.js';
import { onlineApplications, onlineMarks, onlineRounds } from './online.tables.js';
import { prereviewClock, staffView } from './online.view.js';

const QUEUE_STATUSES: Record<NonNullable<QueueFilter['status']>, readonly ApplicationStatus[]> = {
  waiting: AWAITING_PREREVIEW,
  fix_requested: ['fix_requested'],
  passed: ['passed'],
  accepted: ['accepted'],
  all: ['submitted', 'fix_requested', 'resubmitted', 'passed', 'accepted', 'withdrawn'],
};

export class PrereviewService {
  constructor(
    private readonly d: OnlineDeps,
    /** the visit's cases written by the intake (for the answer) */
    private readonly casesOf: (app: ApplicationRecord) => Promise<StaffApplicationView['cases']>,
  ) {}

  private get db() {
    return this.d.database.db;
  }

  /** The application if the actor's scope reaches its site, else ONLINE_NOT_AT_SITE (404). */
  private async reach(actor: Actor, id: number, ability: 'online.read' | 'online.prereview', tx?: Tx): Promise<ApplicationRecord> {
    const scope = authorize(actor, onlinePolicy, ability);
    const app = tx ? await onlineRepo.findForUpdate(tx, id) : await onlineRepo.find(this.db, id);
    if (!app || app.status === 'draft' || !reaches(scope, { siteId: app.siteId })) throw new AppError('ONLINE_NOT_AT_SITE');
    return app;
  }

  async queue(actor: Actor, q: QueueFilter): Promise<{ items: ApplicationRow[]; total: number }> {
    const scope = authorize(actor, onlinePolicy, 'online.read');
    const everywhere = scope.all;
    const siteId = everywhere ? null : actor.kind === 'user' ? actor.siteId : null;
    if (!everywhere && siteId === null) throw new AppError('FORBIDDEN');
    const statuses = QUEUE_STATUSES[q.status ?? 'waiting'];
    const pageSize = q.pageSize ?? 50;
    const byLight = q.light !== undefined;
    const [found, total] = await onlineRepo.atSite(this.db, siteId, statuses, byLight ? 2000 : pageSize, byLight ? 0 : ((q.page ?? 1) - 1) * pageSize);
    const apps = new Map((await onlineRepo.byIds(this.db, found.map((f) => Number(f.id)))).map((a) => [a.id, a]));
    const sites = await onlineRepo.siteNames(this.db, [...new Set([...apps.values()].map((a) => a.siteId))]);
    const cal = await this.d.calendar.calendar();
    const today = this.d.clock.today();
    let items: ApplicationRow[] = found.map((f) => {
      const app = apps.get(Number(f.id))!;
      const waiting = AWAITING_PREREVIEW.includes(app.status as ApplicationStatus);
      const clock = waiting && f.dueOn ? prereviewClock(cal, today, f.dueOn, this.d.config.prereviewDays) : null;
      return {
        id: app.id, no: app.no, status: app.status as ApplicationStatus, round: app.round, fullOnline: app.fullOnline,
        title: app.form.bundle?.name ?? app.form.subItems.map((s) => s.subItemName).join('、'), siteName: sites.get(app.siteId) ?? '',
        applicantName: maskName(f.entityName ?? f.realName ?? ''), submittedAt: app.submittedAt, updatedAt: app.updatedAt,
        dueOn: waiting ? f.dueOn : null, remainingDays: clock?.remainingDays ?? null, light: clock?.light ?? null,
      };
    });
    if (!byLight) return { items, total };
    items = items.filter((i) => i.light === q.light);
    const start = ((q.page ?? 1) - 1) * pageSize;
    return { items: items.slice(start, start + pageSize), total: items.length };
  }

  private async view(app: ApplicationRecord, parts?: ApplicationParts): Promise<StaffApplicationView> {
    const p = parts ?? (await onlineRepo.parts(this.db, app));
    return staffView(p, await this.casesOf(app), await this.d.calendar.calendar(), this.d.clock.today(), this.d.config.prereviewDays, await slotLicenses(this.d.licenses, p));
  }

  async detail(actor: Actor, id: number): Promise<StaffApplicationView> {
    return this.view(await this.reach(actor, id, 'online.read'));
  }

  async file(actor: Actor, id: number, fileId: number) {
    await this.reach(actor, id, 'online.read');
    return fileOf(this.d, id, fileId);
  }

  /** The open round of an application awaiting pre-review, locked. */
  private async awaiting(tx: Tx, actor: Actor, id: number, what: string) {
    const app = await this.reach(actor, id, 'online.prereview', tx);
    if (!AWAITING_PREREVIEW.includes(app.status as ApplicationStatus)) nextStatus(app.status as ApplicationStatus, 'pass', what);
    const round = await onlineRepo.openRound(tx, id, app.round);
    if (!round) throw new AppError('ONLINE_FIX_LIST_SENT');
    return { app, parts: await onlineRepo.parts(tx, app) };
  }

  /** A verdict on one material in the open round (audited with the clerk's name); may be changed until the round ends. */
  async mark(actor: Actor, id: number, materialId: number, input: MarkInput): Promise<StaffApplicationView> {
    const note = input.note.trim();
    if (input.verdict === 'fix' && !note) throw new AppError('VALIDATION_FAILED', { detail: '需补正时请写明问题（缺什么、哪里不符合审核要点）' });
    const parts = await this.d.database.tx(async (tx) => {
      const { app, parts } = await this.awaiting(tx, actor, id, '预审');
      if (!parts.slots.some((s) => s.materialId === materialId)) throw new AppError('ONLINE_SLOT_UNKNOWN');
      const row = { applicationId: id, round: app.round, materialId, verdict: input.verdict, note, clerkId: actorId(actor)!, clerkName: actorName(actor), markedAt: this.d.clock.now() };
      await tx.insert(onlineMarks).values(row).onConflictDoUpdate({ target: [onlineMarks.applicationId, onlineMarks.round, onlineMarks.materialId], set: { verdict: row.verdict, note: row.note, clerkId: row.clerkId, clerkName: row.clerkName, markedAt: row.markedAt } });
      await this.d.audit.record(tx, actor, { kind: 'online.marked', aggregateType: 'online_application', aggregateId: id, data: { no: app.no, round: app.round, materialId, verdict: input.verdict, note } });
      return onlineRepo.parts(tx, app);
    });
    return this.view(parts.app, parts);
  }

  /** Every material of the round has a verdict; answers the ones marked fix (in checklist order). */
  private roundMarks(p: ApplicationParts) {
    const marks = p.marks.filter((m) => m.round === p.app.round);
    for (const s of p.app.form.materials) {
      if (!marks.some((m) => m.materialId === s.materialId)) throw new AppError('ONLINE_MARKS_INCOMPLETE', { name: s.materialName });
    }
    return p.app.form.materials.flatMap((s) => {
      const m = marks.find((x) => x.materialId === s.materialId)!;
      return m.verdict === 'fix' ? [{ materialId: s.materialId, materialName: s.materialName, note: m.note }] : [];
    });
  }

  /** Ends the open round once: the update finds it undecided or the round was ended already (by another clerk). */
  private async decide(tx: Tx, actor: Actor, app: ApplicationRecord, outcome: 'fix' | 'pass') {
    const ended = await tx.update(onlineRounds)
      .set({ outcome, decidedAt: this.d.clock.now(), clerkId: actorId(actor), clerkName: actorName(actor) })
      .where(and(eq(onlineRounds.applicationId, app.id), eq(onlineRounds.round, app.round), isNull(onlineRounds.outcome)))
      .returning({ round: onlineRounds.round });
    if (!ended.length) throw new AppError('ONLINE_FIX_LIST_SENT');
  }

  /** 一次性告知: the round's one fix list, citing only the application's checklist materials, by SMS and on the portal. */
  async sendFixList(actor: Actor, id: number): Promise<StaffApplicationView> {
    const app = await this.d.database.tx(async (tx) => {
      const { app, parts } = await this.awaiting(tx, actor, id, '发送补正告知');
      const fixes = this.roundMarks(parts);
      if (!fixes.length) throw new AppError('ONLINE_NO_FIX');
      await this.decide(tx, actor, app, 'fix');
      const now = this.d.clock.now();
      await tx.update(onlineApplications).set({ status: nextStatus(app.status as ApplicationStatus, 'request_fix', '要求补正'), updatedAt: now }).where(eq(onlineApplications.id, id));
      await this.d.audit.record(tx, actor, { kind: 'online.fix_sent', aggregateType: 'online_application', aggregateId: id, data: { no: app.no, round: app.round, fixes } });
      await this.d.outbox.enqueue(tx, onlineSms(this.d, app, 'fix', parts.person.phone, { round: app.round, fixes }));
      return app;
    });
    return this.detail(actor, app.id);
  }

  /**
   * 预审通过: every material passed. For 全程网办 the application is accepted online at once — the intake writes the
   * cases and, in the same transaction, the round, the status and the SMS here (a license chosen for a slot and
   * revoked since is refused by the intake: LICENSE_NOT_USABLE, nothing written); otherwise the applicant is asked to
   * book a visit with the originals (the chosen licenses checked now).
   */
  async pass(actor: Actor, id: number): Promise<StaffApplicationView> {
    const app = await this.reach(actor, id, 'online.prereview');
    if (app.fullOnline) {
      // checked before the intake takes its case numbers, so a pass refused leaves no gap (checked again under lock)
      if (!AWAITING_PREREVIEW.includes(app.status as ApplicationStatus)) nextStatus(app.status as ApplicationStatus, 'pass', '预审通过');
      this.checkPassable(await onlineRepo.parts(this.db, app));
      await this.acceptWith(actor, app, {}, async (tx, locked, parts) => {
        this.checkPassable(parts);
        await this.decide(tx, actor, locked, 'pass');
        await this.d.audit.record(tx, actor, { kind: 'online.passed', aggregateType: 'online_application', aggregateId: id, data: { no: locked.no, round: locked.round } });
      });
      return this.detail(actor, id);
    }
    await this.d.database.tx(async (tx) => {
      const { app: locked, parts } = await this.awaiting(tx, actor, id, '预审通过');
      this.checkPassable(parts);
      // the licenses chosen still stand: a passed application cannot be sent back, so a revoked one is told now
      await checkChosen(tx, this.d.licenses, parts, null, this.d.clock.today());
      await this.decide(tx, actor, locked, 'pass');
      const now = this.d.clock.now();
      await tx.update(onlineApplications).set({ status: nextStatus(locked.status as ApplicationStatus, 'pass', '预审通过'), passedAt: now, updatedAt: now }).where(eq(onlineApplications.id, id));
      await this.d.audit.record(tx, actor, { kind: 'online.passed', aggregateType: 'online_application', aggregateId: id, data: { no: locked.no, round: locked.round } });
      await this.d.outbox.enqueue(tx, onlineSms(this.d, locked, 'passed', parts.person.phone, { round: locked.round, siteName: parts.siteName }));
    });
    return this.detail(actor, id);
  }

  private checkPassable(parts: ApplicationParts) {
    const fixes = this.roundMarks(parts);
    if (fixes.length) throw new AppError('ONLINE_HAS_FIX', { name: fixes[0]!.materialName });
  }

  /**
   * The intake of the application, and in its transaction: `before` (the pass of the last round, online), then the
   * application accepted with the visit's cases, audited, and the applicant told. A replayed acceptance (the same
   * 申办流水号) writes nothing more.
   */
  private async acceptWith(actor: Actor, app: ApplicationRecord, at: Omit<WindowAcceptInput, 'originals'> & { originals?: WindowAcceptInput['originals'] }, before?: (tx: Tx, locked: ApplicationRecord, parts: ApplicationParts) => Promise<void>): Promise<IntakeResult> {
    const parts = await onlineRepo.parts(this.db, app);
    const body = intakeBodyOf(parts, at);
    return this.d.intake.intake(actor, body, async (tx, result) => {
      const locked = (await onlineRepo.findForUpdate(tx, app.id))!;
      const lockedParts = await onlineRepo.parts(tx, locked);
      if (before) await before(tx, locked, lockedParts);
      const now = this.d.clock.now();
      const from = before ? nextStatus(locked.status as ApplicationStatus, 'pass', '受理') : (locked.status as ApplicationStatus);
      await tx.update(onlineApplications).set({
        status: nextStatus(from, 'accept', '受理'), passedAt: locked.passedAt ?? now, acceptedAt: now, visitId: result.visitId, caseIds: result.cases.map((c) => c.id), updatedAt: now,
      }).where(eq(onlineApplications.id, app.id));
      await this.d.audit.record(tx, actor, { kind: 'online.accepted', aggregateType: 'online_application', aggregateId: app.id, data: { no: app.no, visitId: result.visitId, caseNos: result.cases.map((c) => c.caseNo), at: at.originals ? 'window' : 'online' } });
      await this.d.outbox.enqueue(tx, onlineSms(this.d, locked, 'accepted', lockedParts.person.phone, { round: locked.round, caseNos: result.cases.map((c) => c.caseNo) }));
    });
  }

  /** 窗口调取: the passed application at the clerk's site by its 申办流水号, or by the ticket of the booking made with it. */
  async lookup(actor: Actor, q: { no?: string; ticketId?: number }, byTicket: (ticketId: number) => Promise<string | null>): Promise<StaffApplicationView> {
    authorize(actor, onlinePolicy, 'online.prereview');
    const no = q.no?.trim().toUpperCase() ?? (q.ticketId ? await byTicket(q.ticketId) : null);
    if (!no || !APPLICATION_NO.test(no)) throw new AppError('ONLINE_NOT_AT_SITE');
    const app = await onlineRepo.findByNo(this.db, no);
    if (!app) throw new AppError('ONLINE_NOT_AT_SITE');
    return this.detail(actor, app.id);
  }

  /** 窗口受理: the originals checked line by line, accepted in one step into the same record (nothing retyped). */
  async acceptAtWindow(actor: Actor, id: number, input: WindowAcceptInput): Promise<StaffApplicationView> {
    const app = await this.reach(actor, id, 'online.prereview');
    if (app.status !== 'passed') nextStatus(app.status as ApplicationStatus, 'accept', '窗口受理');
    await this.acceptWith(actor, app, input);
    return this.detail(actor, id);
  }
}

