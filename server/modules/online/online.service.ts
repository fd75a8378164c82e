/**
 * 网上申办 for the applicant (issue 16.3; ADR 0027): start a draft from a guide (sub-items or a 一件事 bundle, the
 * checklists in force pinned), fill one slot per material — scans, a signed 告知承诺, a 容缺 date — submit it for the
 * front desk's pre-review, fix only what the fix list names, withdraw. An applicant reaches only their own
 * applications: any other answers 404.
 */
import { and, eq } from 'drizzle-orm';
import { maskName } from '../../../common/masking.js';
import { APPLICATION_STATUS_LABELS, APPLICATION_WORKFLOW, applicationNo, type ApplicationAction, type ApplicationStatus } from '../../../common/online.js';
import { stepOf } from '../../../common/workflow.js';
import type { OnlineConfig } from '../../config.js';
import type { WorkingCalendar } from '../../../common/working-days.js';
import type { IntakeForm } from '../cases/cases.schemas.js';
import type { ApplicantActor } from '../../platform/authz.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { RequestMeta } from '../../platform/session-tokens.js';
import type { ApplicantService } from '../applicants/applicants.service.js';
import type { EntityService } from '../applicants/applicants.entities.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { casesRepo } from '../cases/cases.repository.js';
import type { IntakeService } from '../cases/intake.service.js';
import type { CaseService } from '../cases/cases.service.js';
import { materialPolicy } from '../files/files.check.js';
import type { FileService } from '../files/files.service.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import { checkChosen, holderOf, holderPhoneOf, slotLicenses, type OnlineLicenses } from './online.licenses.js';
import { onlineSms } from './online.sms.js';
import { onlineRepo, type ApplicationParts, type ApplicationRecord } from './online.repository.js';
import type { ApplicationRow, ApplicationView, MyCase, SlotInput, StartInput } from './online.schemas.js';
import { onlineApplications, onlineFiles, onlineMarks, onlineRounds, onlineSlots } from './online.tables.js';
import { applicantView, linesOf, materialNameOf, prereviewClock, slotsToFix } from './online.view.js';

export interface OnlineDeps {
  database: Database;
  clock: Clock;
  audit: AuditService;
  outbox: OutboxService;
  calendar: CalendarService;
  files: FileService;
  intake: IntakeService;
  cases: CaseService;
  applicants: ApplicantService;
  entities: EntityService;
  /** 电子证照 (the licenses module): a slot may name the holder's license instead of scans */
  licenses: OnlineLicenses;
  config: OnlineConfig;
  centreName: string;
  publicBaseUrl: string;
}

/** The status after `action`, or ONLINE_STATUS naming what cannot be done now. */
export function nextStatus(status: ApplicationStatus, action: ApplicationAction, what: string): ApplicationStatus {
  const step = stepOf(APPLICATION_WORKFLOW, status, action);
  if (!step) throw new AppError('ONLINE_STATUS', { status: APPLICATION_STATUS_LABELS[status], action: what });
  return step.to!;
}

export class OnlineService {
  constructor(private readonly d: OnlineDeps) {}

  private get db() {
    return this.d.database.db;
  }

  /** The applicant's own application, else 404 (another's is not acknowledged to exist). */
  private async own(actor: ApplicantActor, id: number, ex: Tx | Database['db'] = this.db, lock = false): Promise<ApplicationRecord> {
    const app = lock ? await onlineRepo.findForUpdate(ex, id) : await onlineRepo.find(ex, id);
    if (!app || app.applicantId !== actor.applicantId) throw new AppError('NOT_FOUND');
    return app;
  }

  async casesOf(app: ApplicationRecord): Promise<ApplicationView['cases']> {
    return app.visitId === null ? [] : casesRepo.visitCases(this.db, app.visitId);
  }

  /** 开始申办: a draft for sub-items or a bundle at a site, one slot per merged material, the checklists pinned. */
  async start(actor: ApplicantActor, input: StartInput): Promise<ApplicationView> {
    const me = await this.d.applicants.find(actor.applicantId);
    if (!me.verifiedAt) throw new AppError('APPLICANT_REAL_NAME_REQUIRED');
    if (input.entityId && !(await this.d.entities.roleOf(actor.applicantId, input.entityId))) throw new AppError('NOT_FOUND');
    const [existing] = await this.db.select({ id: onlineApplications.id }).from(onlineApplications)
      .where(and(eq(onlineApplications.applicantId, actor.applicantId), eq(onlineApplications.clientKey, input.clientKey)));
    if (existing) return this.detail(actor, existing.id);
    if (!(await onlineRepo.siteNames(this.db, [input.siteId])).has(input.siteId)) throw new AppError('ONLINE_SITE_UNKNOWN');
    const form = await this.d.intake.checklistAt(input.siteId, { subItemIds: input.subItemIds, bundleId: input.bundleId ?? null });
    for (const s of form.subItems) {
      if (s.onlineMode === 'none') throw new AppError('ONLINE_NOT_OFFERED', { name: s.subItemName });
      const forEntity = !!input.entityId;
      if (s.subjectType !== 'both' && (s.subjectType === 'legal_person') !== forEntity) {
        throw new AppError('ONLINE_SUBJECT_MISMATCH', { name: s.subItemName, type: s.subjectType === 'citizen' ? '自然人' : '法人及其他组织' });
      }
    }
    const now = this.d.clock.now();
    const id = await this.d.database.tx(async (tx) => {
      const [row] = await tx.insert(onlineApplications).values({
        clientKey: input.clientKey, applicantId: actor.applicantId, entityId: input.entityId ?? null, siteId: input.siteId,
        bundleId: form.bundle?.id ?? null, subItemIds: form.subItems.map((s) => s.subItemId), form,
        fullOnline: form.subItems.every((s) => s.onlineMode === 'full'), createdAt: now, updatedAt: now,
      }).onConflictDoNothing().returning({ id: onlineApplications.id });
      if (!row) return null; // a concurrent retry of the same start
      await tx.insert(onlineSlots).values(form.materials.map((m) => ({ applicationId: row.id, materialId: m.materialId, mode: 'upload' })));
      await this.d.audit.record(tx, actor, { kind: 'online.started', aggregateType: 'online_application', aggregateId: row.id, data: { subItemIds: form.subItems.map((s) => s.subItemId), bundleId: form.bundle?.id ?? null, siteId: input.siteId, entityId: input.entityId ?? null } });
      return row.id;
    });
    if (id === null) return this.start(actor, input);
    return this.detail(actor, id);
  }

  async list(actor: ApplicantActor): Promise<{ items: ApplicationRow[]; total: number }> {
    const found = await onlineRepo.mine(this.db, actor.applicantId);
    const sites = await onlineRepo.siteNames(this.db, [...new Set(found.map((f) => f.app.siteId))]);
    const cal = await this.d.calendar.calendar();
    const today = this.d.clock.today();
    const items = found.map(({ app, dueOn }) => {
      const waiting = app.status === 'submitted' || app.status === 'resubmitted';
      const clock = waiting && dueOn ? prereviewClock(cal, today, dueOn, this.d.config.prereviewDays) : null;
      return {
        id: app.id, no: app.no, status: app.status as ApplicationStatus, round: app.round, fullOnline: app.fullOnline,
        title: app.form.bundle?.name ?? app.form.subItems.map((s) => s.subItemName).join('、'), siteName: sites.get(app.siteId) ?? '',
        applicantName: actor.realName ?? '', submittedAt: app.submittedAt, updatedAt: app.updatedAt,
        dueOn: waiting ? dueOn : null, remainingDays: clock?.remainingDays ?? null, light: clock?.light ?? null,
      };
    });
    return { items, total: items.length };
  }

  async detail(actor: ApplicantActor, id: number): Promise<ApplicationView> {
    const app = await this.own(actor, id);
    const p = await onlineRepo.parts(this.db, app);
    return applicantView(p, await this.casesOf(app), await slotLicenses(this.d.licenses, p));
  }

  /** The application's parts for a change, locked, checking the slot may change now (a draft, or a slot to fix). */
  private async editable(tx: Tx, actor: ApplicantActor, id: number, materialId: number): Promise<ApplicationParts> {
    const app = await this.own(actor, id, tx, true);
    const p = await onlineRepo.parts(tx, app);
    if (!p.slots.some((s) => s.materialId === materialId)) throw new AppError('ONLINE_SLOT_UNKNOWN');
    if (app.status === 'draft') return p;
    if (app.status !== 'fix_requested') throw new AppError('ONLINE_STATUS', { status: APPLICATION_STATUS_LABELS[app.status as ApplicationStatus], action: '修改材料' });
    if (!slotsToFix(p).has(materialId)) throw new AppError('ONLINE_SLOT_LOCKED', { name: materialNameOf(app.form, materialId) });
    return p;
  }

  /** The round the applicant's change will be seen in: the first while a draft, the next while fixing. */
  private editingRound = (app: ApplicationRecord) => (app.status === 'draft' ? 1 : app.round + 1);

  private async touch(tx: Tx, app: ApplicationRecord, materialId: number) {
    const now = this.d.clock.now();
    await tx.update(onlineSlots).set({ changedRound: this.editingRound(app) }).where(and(eq(onlineSlots.applicationId, app.id), eq(onlineSlots.materialId, materialId)));
    await tx.update(onlineApplications).set({ updatedAt: now }).where(eq(onlineApplications.id, app.id));
  }

  /** 上传扫描件: checked by its bytes (PDF, JPEG, PNG), size and pages, stored once by content, in the slot. */
  async addFile(actor: ApplicantActor, id: number, materialId: number, file: { name: string; data: Buffer }): Promise<ApplicationView> {
    const policy = materialPolicy(this.d.config);
    await this.d.database.tx(async (tx) => {
      const p = await this.editable(tx, actor, id, materialId);
      const live = p.files.filter((f) => f.materialId === materialId && f.removedRound === null);
      if (live.length >= this.d.config.filesPerSlot) throw new AppError('ONLINE_TOO_MANY_FILES', { max: this.d.config.filesPerSlot });
      const stored = await this.d.files.put(file.data, policy, undefined, tx);
      await tx.insert(onlineFiles).values({
        applicationId: id, materialId, sha256: stored.sha256, name: file.name, mediaType: stored.mediaType, size: stored.size,
        addedRound: this.editingRound(p.app), addedAt: this.d.clock.now(),
      });
      await tx.update(onlineSlots).set({ mode: 'upload', dueDate: null, signedName: null, signedAt: null, licenseId: null }).where(and(eq(onlineSlots.applicationId, id), eq(onlineSlots.materialId, materialId)));
      await this.touch(tx, p.app, materialId);
    });
    return this.detail(actor, id);
  }

  /** A scan taken away: gone if the front desk never saw it, else kept and marked replaced from this round. */
  async removeFile(actor: ApplicantActor, id: number, materialId: number, fileId: number): Promise<ApplicationView> {
    await this.d.database.tx(async (tx) => {
      const p = await this.editable(tx, actor, id, materialId);
      const f = p.files.find((x) => x.id === fileId && x.materialId === materialId && x.removedRound === null);
      if (!f) throw new AppError('NOT_FOUND');
      const round = this.editingRound(p.app);
      if (f.addedRound === round) await tx.delete(onlineFiles).where(eq(onlineFiles.id, fileId));
      else await tx.update(onlineFiles).set({ removedRound: round }).where(eq(onlineFiles.id, fileId));
      await this.touch(tx, p.app, materialId);
    });
    return this.detail(actor, id);
  }

  /**
   * How a slot is provided: scans, 容缺 with a date, 告知承诺 (signed separately), not applicable — as its lines allow —
   * or 电子证照: a license of the material's license type that the holder may use today (LICENSE_NOT_USABLE says why not).
   */
  async setSlot(actor: ApplicantActor, id: number, materialId: number, input: SlotInput): Promise<ApplicationView> {
    const cal = await this.d.calendar.calendar(); // before the transaction (one session on the embedded database)
    await this.d.database.tx(async (tx) => {
      const p = await this.editable(tx, actor, id, materialId);
      const lines = linesOf(p.app.form, materialId);
      const name = materialNameOf(p.app.form, materialId);
      const licenseType = input.mode === 'license' ? await this.d.licenses.licenseTypeOf(tx, materialId) : null;
      const allowed = {
        upload: true,
        commitment: lines.every((l) => l.allowCommitment),
        missing: lines.every((l) => l.allowMissing),
        not_applicable: lines.every((l) => !l.required || !!l.condition),
        license: licenseType !== null,
      }[input.mode];
      if (!allowed) throw new AppError('ONLINE_SLOT_MODE', { name, mode: { upload: '上传', commitment: '告知承诺', missing: '容缺后补', not_applicable: '选择不适用', license: '以电子证照替代' }[input.mode] });
      if (input.mode === 'missing') checkMissingDue(cal, p.app.form, lines, input.dueDate ?? null, this.d.clock.today(), name);
      const licenseId = input.mode === 'license' ? input.licenseId ?? null : null;
      if (input.mode === 'license') {
        if (licenseId === null) throw new AppError('ONLINE_LICENSE_REQUIRED', { name });
        await this.d.licenses.checkUses(tx, holderOf(p) ?? '', [{ materialId, materialName: name, licenseType: licenseType!, licenseId }], this.d.clock.today(), holderPhoneOf(p));
      }
      await tx.update(onlineSlots).set({ mode: input.mode, dueDate: input.mode === 'missing' ? input.dueDate! : null, signedName: null, signedAt: null, licenseId })
        .where(and(eq(onlineSlots.applicationId, id), eq(onlineSlots.materialId, materialId)));
      await this.touch(tx, p.app, materialId);
    });
    return this.detail(actor, id);
  }

  /** 签署告知承诺: an SMS code to the account's phone first. */
  async sendSignCode(actor: ApplicantActor, id: number, meta: RequestMeta) {
    await this.own(actor, id);
    return this.d.applicants.sendCode(actor.phone, 'sign', meta);
  }

  /** The commitment signed: the typed name is the account's real name, the SMS code confirms it is the applicant. */
  async sign(actor: ApplicantActor, id: number, materialId: number, input: { signedName: string; code: string }): Promise<ApplicationView> {
    await this.d.database.tx(async (tx) => {
      const p = await this.editable(tx, actor, id, materialId);
      const slot = p.slots.find((s) => s.materialId === materialId)!;
      if (slot.mode !== 'commitment') throw new AppError('ONLINE_SLOT_MODE', { name: materialNameOf(p.app.form, materialId), mode: '签署（请先选择告知承诺）' });
      const signedName = input.signedName.trim().replace(/\s+/g, '');
      if (!p.person.realName || signedName !== p.person.realName) throw new AppError('ONLINE_SIGN_NAME');
      const now = this.d.clock.now();
      if (!(await this.d.applicants.codes.consume(tx, p.person.phone, 'sign', input.code, now))) throw new AppError('APPLICANT_CODE_INVALID');
      await tx.update(onlineSlots).set({ signedName, signedAt: now }).where(and(eq(onlineSlots.applicationId, id), eq(onlineSlots.materialId, materialId)));
      await this.touch(tx, p.app, materialId);
      await this.d.audit.record(tx, actor, { kind: 'online.commitment_signed', aggregateType: 'online_application', aggregateId: id, data: { materialId } });
    });
    return this.detail(actor, id);
  }

  /** 提交 (or 补正后重新提交): every slot complete; when fixing, every slot the fix list named changed. Opens a round. */
  async submit(actor: ApplicantActor, id: number): Promise<ApplicationView> {
    // the calendar before the transaction: a reload of its cache inside one would wait on the embedded database's
    // single connection, which the transaction holds
    const cal = await this.d.calendar.calendar();
    await this.d.database.tx(async (tx) => {
      const app = await this.own(actor, id, tx, true);
      const p = await onlineRepo.parts(tx, app);
      const first = app.status === 'draft';
      const to = nextStatus(app.status as ApplicationStatus, first ? 'submit' : 'resubmit', '提交');
      const round = this.editingRound(app);
      checkComplete(p, this.d.clock.today());
      if (!first) {
        for (const m of slotsToFix(p)) {
          if (p.slots.find((s) => s.materialId === m)!.changedRound !== round) throw new AppError('ONLINE_FIX_NOT_ADDRESSED', { name: materialNameOf(app.form, m) });
        }
      }
      // the licenses the applicant could choose now still stand (one revoked since is refused here, not at acceptance);
      // a slot locked while fixing is the clerk's to judge (the pre-review shows its license's status)
      await checkChosen(tx, this.d.licenses, p, first ? null : slotsToFix(p), this.d.clock.today());
      const now = this.d.clock.now();
      const today = this.d.clock.today();
      const no = app.no ?? applicationNo(today, await casesRepo.nextSeq(tx, `online:${today}`));
      const dueOn = cal.deadlineDetail(today, this.d.config.prereviewDays, 'working').date;
      await tx.insert(onlineRounds).values({ applicationId: id, round, submittedAt: now, submittedOn: today, dueOn });
      // what passed stays passed: the applicant could change only the materials to fix (the clerk may still revise)
      const kept = p.marks.filter((m) => m.round === app.round && m.verdict === 'pass' && !slotsToFix(p).has(m.materialId));
      if (!first && kept.length) await tx.insert(onlineMarks).values(kept.map((m) => ({ ...m, round })));
      await tx.update(onlineApplications).set({ status: to, round, no, submittedAt: app.submittedAt ?? now, updatedAt: now }).where(eq(onlineApplications.id, id));
      await this.d.audit.record(tx, actor, { kind: first ? 'online.submitted' : 'online.resubmitted', aggregateType: 'online_application', aggregateId: id, data: { no, round, dueOn } });
      await this.d.outbox.enqueue(tx, onlineSms(this.d, { ...app, no }, first ? 'submitted' : 'resubmitted', p.person.phone, { round, dueOn }));
    });
    return this.detail(actor, id);
  }

  async withdraw(actor: ApplicantActor, id: number): Promise<ApplicationView> {
    await this.d.database.tx(async (tx) => {
      const app = await this.own(actor, id, tx, true);
      const to = nextStatus(app.status as ApplicationStatus, 'withdraw', '撤回');
      const now = this.d.clock.now();
      await tx.update(onlineApplications).set({ status: to, withdrawnAt: now, updatedAt: now }).where(eq(onlineApplications.id, id));
      await this.d.audit.record(tx, actor, { kind: 'online.withdrawn', aggregateType: 'online_application', aggregateId: id, data: { no: app.no, from: app.status } });
    });
    return this.detail(actor, id);
  }

  /** The case this application became, if it is one of them (its applicant only): for its 受理回执. */
  async caseOf(actor: ApplicantActor, id: number, caseId: number): Promise<number> {
    const app = await this.own(actor, id);
    if (!app.caseIds.includes(caseId)) throw new AppError('NOT_FOUND');
    return caseId;
  }

  /** 我的办件: the cases filed in the applicant's verified name or an entity's they act for — online or at a window. */
  async myCases(actor: ApplicantActor): Promise<MyCase[]> {
    const found = await this.d.cases.casesOfApplicants(await this.d.entities.holdersOf(actor));
    return found.map((c) => ({
      id: Number(c.id), caseNo: c.caseNo, status: c.status, subItemName: c.subItemName, departmentName: c.departmentName,
      channel: c.channel as MyCase['channel'], receivedAt: c.receivedAt as Date, promisedDue: c.promisedDue,
      applicantName: c.applicantType === 'entity' ? c.applicantName : maskName(c.applicantName),
    }));
  }

  /** One of the applicant's cases as the progress page shows it (timeline, result, 好差评), without the phone check. */
  async myCase(actor: ApplicantActor, caseId: number) {
    if (!(await this.myCases(actor)).some((c) => c.id === caseId)) throw new AppError('NOT_FOUND');
    return this.d.cases.progressOfCase(caseId);
  }

  /** One of the application's scans (its applicant only). */
  async file(actor: ApplicantActor, id: number, fileId: number) {
    await this.own(actor, id);
    return fileOf(this.d, id, fileId);
  }
}

/** A scan of an application, with its stream; NOT_FOUND when it is not the application's. */
export async function fileOf(d: Pick<OnlineDeps, 'database' | 'files'>, applicationId: number, fileId: number) {
  const [f] = await d.database.db.select().from(onlineFiles).where(and(eq(onlineFiles.id, fileId), eq(onlineFiles.applicationId, applicationId)));
  const stored = f ? await d.files.stat(f.sha256) : null;
  if (!f || !stored) throw new AppError('NOT_FOUND');
  return { name: f.name, file: stored, stream: d.files.open(stored) };
}

/**
 * A 容缺 date the intake will accept: after today and no later than the promised date of every sub-item citing the
 * material were it accepted today (acceptance comes later, so its promised date only moves later).
 */
export function checkMissingDue(cal: WorkingCalendar, form: IntakeForm, lines: { subItemId: number }[], due: string | null, today: string, name: string): void {
  const limits = form.subItems.filter((s) => lines.some((l) => l.subItemId === s.subItemId));
  let latest: string | null = null;
  for (const s of limits) {
    let d: string;
    try {
      d = cal.deadlineDetail(today, s.promisedLimit, s.promisedUnit).date;
    } catch {
      continue; // outside the calendar's data: the intake checks it
    }
    if (latest === null || d < latest) latest = d;
  }
  if (!due || due <= today || (latest !== null && due > latest)) throw new AppError('ONLINE_DUE_INVALID', { name, latest: latest ?? '—' });
}

/** Every slot provided: scans for a required line, a signature for a commitment, a date for 容缺, a license for 电子证照. */
export function checkComplete(p: ApplicationParts, today: string): void {
  for (const s of p.slots) {
    const name = materialNameOf(p.app.form, s.materialId);
    const live = p.files.filter((f) => f.materialId === s.materialId && f.removedRound === null);
    const required = linesOf(p.app.form, s.materialId).some((l) => l.required && !l.condition);
    if (s.mode === 'upload' && !live.length && required) throw new AppError('ONLINE_SLOT_EMPTY', { name });
    if (s.mode === 'commitment' && !s.signedAt) throw new AppError('ONLINE_SLOT_UNSIGNED', { name });
    if (s.mode === 'missing' && (!s.dueDate || s.dueDate <= today)) throw new AppError('ONLINE_DUE_INVALID', { name, latest: '—' });
    if (s.mode === 'license' && s.licenseId === null) throw new AppError('ONLINE_LICENSE_REQUIRED', { name });
  }
}
