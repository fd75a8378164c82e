/**
 * 综合受理 (intake): the clerk accepts an application for any department's sub-item strictly by the
 * checklist version in force today (pinned on the case), and ends the visit with one outcome —
 * accept (受理, numbered receipt), correction notice (补正告知, every defect at once) or refusal
 * (不予受理, reasons and where to apply instead). A bundle (一件事) creates one linked case per
 * sub-item in one visit; a material several sub-items need is collected once. Idempotent by the
 * client key of the visit.
 */
import { sql } from 'drizzle-orm';
import type { SubjectType } from '../../../common/catalog.js';
import { renderCaseNo, type MaterialStatus } from '../../../common/cases.js';
import type { DefectInput, IntakeBody, IntakeForm, IntakeResult, MaterialInput } from './cases.schemas.js';
import type { WorkingCalendar } from '../../../common/working-days.js';
import { normaliseCitizenId, normaliseMobile, normaliseUscc, validateCitizenId, validateMobile, validateUscc } from '../../../common/validators.js';
import { actorId, actorName, authorize, type Actor } from '../../platform/authz.js';
import { chinaDate, type Clock } from '../../platform/clock.js';
import { insertRows, num, type Database, type Executor, type Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { FileService } from '../files/files.service.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { bundleMembers, type LineRow } from '../catalog/catalog.repository.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import { acceptanceDeadlines, type Deadlines } from './cases.clock.js';
import { casesPolicy } from './cases.policy.js';
import { casesRepo as repo } from './cases.repository.js';
import { caseSms, type SmsContext } from './cases.sms.js';
import { caseEvents, caseMaterialFiles, caseMaterials, caseNotices, cases, caseVisits } from './cases.tables.js';
import { checkIntakeFiles, materialFileRows } from './case-files.intake.js';
import { checkLicenseMarks, recordLicenseUses } from './intake.licenses.js';
import type { DocumentNumberHook, LicenseHook, LightRuleHook, RatingHooks } from './case-hooks.js';
import {
  caseRow, checkLineMark, intakeEvents, materialRows, noticeHead, noticeKindOf, noticeNo, noticeRow, outcomeActionOf, statusAfter,
  type CheckedApplication, type NoticeKind, type Outcome, type Person, type Pinned, type PreparedVisit, type SubItemFacts,
  type VisitNumbers, type VisitPlan,
} from './intake.steps.js';

export interface CaseDeps {
  database: Database;
  /** the service clock: every date and time of a case fact (ADR 0016) */
  clock: Clock;
  audit: AuditService;
  outbox: OutboxService;
  calendar: CalendarService;
  /** the hall queue: an intake may serve a ticket (取号 → 受理) */
  tickets: { servingTicket(ex: Tx, ticketId: number, siteId: number): Promise<number> };
  /** stored files: the scans an intake attaches to its materials */
  files: FileService;
  centreName: string;
  /** PUBLIC_BASE_URL: the links in SMS */
  publicBaseUrl: string;
  caseNoPattern: string;
  /** supervision's document-number check and 好差评 invitations (set by services.ts) */
  hooks: { documentNumbers?: DocumentNumberHook; ratings?: RatingHooks; lights?: LightRuleHook; licenses?: LicenseHook };
}


/** Number of a voucher: kind prefix + site code + day + daily sequence. */
export async function nextNoticeNo(tx: Executor, kind: NoticeKind, siteCode: string, today: string): Promise<string> {
  const head = noticeHead(kind, siteCode, today);
  return noticeNo(head, await repo.nextSeq(tx, `notice:${head}`));
}

/**
 * What a caller writes in the intake's own transaction once the visit's cases are written (the online module marks
 * its application accepted with them): both commit together or neither does. Not called for a replayed client key.
 */
export type IntakeWithin = (tx: Tx, result: IntakeResult) => Promise<void>;

export class IntakeService {
  constructor(private readonly d: CaseDeps) {}

  private siteOf(actor: Actor): number {
    authorize(actor, casesPolicy, 'case.intake');
    if (actor.kind !== 'user' || actor.siteId === null) throw new AppError('FORBIDDEN');
    return actor.siteId;
  }

  /** Sub-items with their pinned checklist as of today (one statement), checked against the actor's site. */
  private async pin(subItemIds: number[], siteId: number, today: string): Promise<Pinned[]> {
    const facts = await repo.subItemsForIntake(this.d.database.db, subItemIds, today);
    const out: Pinned[] = [];
    for (const id of subItemIds) {
      const f = facts.find((x) => x.subItemId === id);
      if (!f || !f.subItemActive || !f.itemActive || (f.enabledSiteIds.length > 0 && !f.enabledSiteIds.includes(siteId))) {
        throw new AppError('CASE_SUB_ITEM_INVALID', { id });
      }
      if (f.versionId === null || f.versionNo === null) throw new AppError('CASE_NO_CHECKLIST', { name: f.subItemName });
      out.push({ ...f, versionId: f.versionId, versionNo: f.versionNo });
    }
    return out;
  }

  private async resolveSubItems(subItemIds: number[], bundleId: number | null | undefined): Promise<{ ids: number[]; bundle: { id: number; name: string } | null }> {
    if (!bundleId) {
      if (!subItemIds.length) throw new AppError('CASE_SUB_ITEM_INVALID', { id: '—' });
      return { ids: [...new Set(subItemIds)], bundle: null };
    }
    const members = await bundleMembers(this.d.database.db, bundleId);
    if (!members.length || !members[0]!.active) throw new AppError('CASE_BUNDLE_INVALID', { id: bundleId });
    const ids = subItemIds.length ? [...new Set(subItemIds)] : members.map((m) => m.subItemId);
    if (ids.some((id) => !members.some((m) => m.subItemId === id))) throw new AppError('CASE_BUNDLE_INVALID', { id: bundleId });
    return { ids, bundle: { id: bundleId, name: members[0]!.name } };
  }

  async form(actor: Actor, q: { subItemIds: number[]; bundleId?: number | null }): Promise<IntakeForm> {
    return this.checklistAt(this.siteOf(actor), q);
  }

  /**
   * The intake form at a site as of today — the pinned checklists and their merged materials — with no actor: the
   * online channel starts an applicant's draft from it (the portal shows the same lines a clerk checks).
   */
  async checklistAt(siteId: number, q: { subItemIds: number[]; bundleId?: number | null }): Promise<IntakeForm> {
    const today = this.d.clock.today();
    const { ids, bundle } = await this.resolveSubItems(q.subItemIds, q.bundleId);
    const pinned = await this.pin(ids, siteId, today);
    const cal = await this.d.calendar.calendar();
    const materials = new Map<number, { materialId: number; materialName: string; subItemIds: number[] }>();
    for (const p of pinned) {
      for (const l of p.lines) {
        const m = materials.get(l.materialId) ?? { materialId: l.materialId, materialName: l.materialName, subItemIds: [] };
        m.subItemIds.push(p.subItemId);
        materials.set(l.materialId, m);
      }
    }
    return {
      bundle,
      today,
      materials: [...materials.values()],
      subItems: pinned.map((p) => ({
        subItemId: p.subItemId, subItemName: p.subItemName, subItemCode: p.subItemCode, onlineMode: p.onlineMode, subjectType: p.subjectType as SubjectType, itemId: p.itemId, itemName: p.itemName,
        departmentId: p.departmentId, departmentName: p.departmentName, caseType: p.caseType,
        promisedLimit: p.promisedLimit, promisedUnit: p.promisedUnit, statutoryLimit: p.statutoryLimit, statutoryUnit: p.statutoryUnit,
        ...dueIfToday(cal, today, p), checklistVersionId: p.versionId, checklistVersionNo: p.versionNo,
        lines: p.lines.map((l) => ({
          lineNo: l.lineNo, materialId: l.materialId, materialName: l.materialName, form: l.form as never, copies: l.copies, required: l.required,
          allowMissing: l.allowMissing, allowCommitment: l.allowCommitment, condition: l.condition, reviewPoints: l.reviewPoints,
        })),
      })),
    };
  }

  /**
   * One visit: the application checked and pinned, its outcomes planned, its numbers taken, then one transaction
   * writing the visit and its cases. A retried client key answers the visit it made.
   */
  async intake(actor: Actor, body: IntakeBody, within?: IntakeWithin): Promise<IntakeResult> {
    const siteId = this.siteOf(actor);
    const site = await repo.intakeStart(this.d.database.db, siteId, body.clientKey);
    if (!site) throw new AppError('NOT_FOUND');
    if (site.visit) return this.replayed(actor, site.visit);
    const app = await this.checkApplication(body, siteId);
    const plan = await this.planVisit(body, app);
    const numbers = await this.numberVisit(app, plan, site.code);
    const visit: PreparedVisit = { body, siteId, site, app, plan, numbers };
    return this.d.database.tx(async (tx) => {
      const result = await this.writeVisit(tx, actor, visit);
      if (!result.replayed) await within?.(tx, result);
      return result;
    });
  }

  /** The applicant and agent checked, and the sub-items pinned to today's checklists and open to the applicant's kind. */
  private async checkApplication(body: IntakeBody, siteId: number): Promise<CheckedApplication> {
    const applicant = checkPerson(body.applicant, body.applicantType === 'entity' ? 'uscc' : 'citizen', '申请人');
    const agent = body.agent ? checkPerson(body.agent, 'citizen', '代理人') : null;
    const now = this.d.clock.now();
    const today = chinaDate(now);
    const { ids, bundle } = await this.resolveSubItems(body.subItemIds, body.bundleId);
    const pinned = await this.pin(ids, siteId, today);
    for (const p of pinned) {
      const ok = p.subjectType === 'both' || (p.subjectType === 'citizen') === (body.applicantType === 'person');
      if (!ok) throw new AppError('CASE_SUBJECT_MISMATCH', { name: p.subItemName, type: body.applicantType === 'person' ? '自然人' : '法人及其他组织' });
    }
    return { applicant, agent, now, today, bundle, pinned };
  }

  /** Each material's mark checked, each sub-item's outcome, and the deadlines of those accepted. */
  private async planVisit(body: IntakeBody, app: CheckedApplication): Promise<VisitPlan> {
    const { pinned, today } = app;
    const cal = await this.d.calendar.calendar();
    const promisedDue = new Map(pinned.map((p) => [p.subItemId, safeDue(cal, today, p)]));
    const marks = checkMaterials(pinned, body.materials, promisedDue, today);
    const files = await checkIntakeFiles(this.d.files, body.materials, body.channel, pinned);
    const licenses = await checkLicenseMarks(this.d.hooks.licenses, this.d.database.db, app, marks);
    const outcomes = planOutcome(body, pinned, marks);
    // Deadlines only for what is accepted: a refusal must not wait for next year's calendar.
    const deadlines = new Map<number, Deadlines>();
    for (const p of pinned) {
      if (outcomes.get(p.subItemId)!.kind === 'accept') deadlines.set(p.subItemId, acceptanceDeadlines(cal, today, p));
    }
    return { marks, outcomes, deadlines, files, licenses };
  }

  /**
   * Case and voucher numbers come from daily counters, each taken in its own short transaction before
   * the intake's: a counter row locked until the intake commits would make every intake at a site wait
   * for the one before it (bench/RESULTS.md, HTTP throughput). A failed or replayed intake leaves a
   * gap in case numbers; document numbers (supervision) are unaffected.
   */
  private async numberVisit(app: CheckedApplication, plan: VisitPlan, siteCode: string): Promise<VisitNumbers> {
    const { pinned, today } = app;
    // Every number of the visit in one statement: per case, its case number's counter and its voucher's.
    const keys = pinned.map((p) => {
      const kind = plan.outcomes.get(p.subItemId)!.kind;
      const fields = { site: siteCode, impl: p.implCode, dept: p.departmentCode, date: today };
      return { fields, caseKey: `case:${renderCaseNo(this.d.caseNoPattern, fields)}`, notice: noticeHead(noticeKindOf(kind), siteCode, today) };
    });
    const seqs = await repo.nextSeqs(this.d.database.db, keys.flatMap((k) => [k.caseKey, `notice:${k.notice}`]));
    return new Map(pinned.map((p, i) => [p.subItemId, {
      caseNo: renderCaseNo(this.d.caseNoPattern, keys[i]!.fields, seqs[2 * i]!),
      noticeNo: noticeNo(keys[i]!.notice, seqs[2 * i + 1]!),
    }]));
  }

  /** The transaction: the ticket served, the visit (or the concurrent retry's answer), each case, the rating invitation. */
  private async writeVisit(tx: Tx, actor: Actor, v: PreparedVisit): Promise<IntakeResult> {
    const { body, siteId } = v;
    const ticketId = body.ticketId ? await this.d.tickets.servingTicket(tx, body.ticketId, siteId) : null;
    const [visit] = (await insertRows<typeof caseVisits, { id: unknown }>(
      tx, caseVisits, [{ clientKey: body.clientKey, siteId, windowId: body.windowId ?? null, clerkId: actorId(actor), bundleId: v.app.bundle?.id ?? null, ticketId, createdAt: v.app.now }],
      'on conflict (client_key) do nothing returning id',
    )).map((r) => ({ id: num(r.id) }));
    if (!visit) {
      // A concurrent retry of the same submission committed first.
      const again = await this.replay(actor, body.clientKey, tx);
      if (again) return again;
      throw new AppError('CONFLICT');
    }
    const created: IntakeResult['cases'] = [];
    const held = { by: new Map<number, number>(), filed: new Set<number>() }; // material id → case that holds the paper; materials whose files are written
    for (const p of v.app.pinned) created.push(await this.writeCase(tx, actor, v, visit.id, p, held));
    await this.d.hooks.ratings?.inviteForVisit(tx, visit.id);
    return { visitId: visit.id, replayed: false, cases: created };
  }

  /** One case of the visit: its row, its materials, 收件 and the outcome's event, its voucher, audit record and SMS. */
  private async writeCase(tx: Tx, actor: Actor, v: PreparedVisit, visitId: number, p: Pinned, held: { by: Map<number, number>; filed: Set<number> }): Promise<IntakeResult['cases'][number]> {
    const { now } = v.app;
    const outcome = v.plan.outcomes.get(p.subItemId)!;
    const dl = v.plan.deadlines.get(p.subItemId);
    const { caseNo, noticeNo } = v.numbers.get(p.subItemId)!;
    const accepted = outcome.kind === 'accept';
    const status = statusAfter(outcome);
    const [c] = await insertRows<typeof cases, { id: unknown }>(tx, cases, [caseRow(v, visitId, p, caseNo)], 'returning id');
    const caseId = num(c!.id);
    const materials = materialRows(caseId, p, v.plan.marks, held.by, v.plan.licenses);
    await insertRows(tx, caseMaterials, materials);
    await recordLicenseUses(this.d.hooks.licenses, tx, actor, { caseId, caseNo, channel: v.body.channel, siteId: v.siteId, departmentId: p.departmentId, holderIdNo: v.app.applicant.idNo }, materials, p, now);
    const files = materialFileRows(caseId, p, v.plan.files, held.by, held.filed, actorId(actor), now);
    if (files.length) await insertRows(tx, caseMaterialFiles, files);
    const who = { actorId: actorId(actor), actorName: actorName(actor), siteId: v.siteId };
    // 收件 then the outcome, in one statement; the SMS names the outcome's event
    const events = await insertRows<typeof caseEvents, { id: unknown; action: string }>(
      tx, caseEvents, intakeEvents(caseId, outcome, dl, v.body.channel, now, who), 'returning id, action');
    const ev = events.find((e) => e.action === outcomeActionOf(outcome));
    await insertRows(tx, caseNotices, [noticeRow(caseId, outcome, noticeNo, actorName(actor), now)]);
    await this.d.audit.record(tx, actor, {
      kind: accepted ? 'case.intake_accept' : outcome.kind === 'correct' ? 'case.intake_correct' : 'case.intake_refuse',
      aggregateType: 'case', aggregateId: caseId,
      data: { caseNo, subItemId: p.subItemId, checklistVersionId: p.versionId, visitId, status, ...(dl ? { promisedDue: dl.promisedDue } : {}) },
    });
    const { site } = v;
    const ctx: SmsContext = { centre: this.d.centreName, caseNo, subItemName: p.subItemName, siteName: site.name, siteAddress: site.address, siteHours: site.hours, baseUrl: this.d.publicBaseUrl };
    const template = accepted ? 'case.accepted' : outcome.kind === 'correct' ? 'case.correction' : 'case.refused';
    await this.d.outbox.enqueue(tx, caseSms(caseId, num(ev!.id), v.app.applicant.phone, template, ctx, { promisedDue: dl?.promisedDue ?? null, promisedProvisional: dl?.promisedProvisional ?? false }));
    return { id: caseId, caseNo, status, subItemName: p.subItemName };
  }

  /** The visit already made with this client key (a retried submission), if any. */
  private async replay(actor: Actor, clientKey: string, ex: Tx): Promise<IntakeResult | null> {
    const [v] = await ex.select({ id: caseVisits.id, clerkId: caseVisits.clerkId }).from(caseVisits).where(sql`${caseVisits.clientKey} = ${clientKey}`);
    return v ? this.replayed(actor, v, ex) : null;
  }

  /** The answer to a retried submission: the visit it made (only to the clerk who made it). */
  private async replayed(actor: Actor, v: { id: number; clerkId: number | null }, ex: Tx | Database['db'] = this.d.database.db): Promise<IntakeResult> {
    if (v.clerkId !== actorId(actor)) throw new AppError('CASE_CLIENT_KEY_REUSED');
    return { visitId: Number(v.id), replayed: true, cases: await repo.visitCases(ex, Number(v.id)) };
  }
}

/** A deadline from `today`, or null where the calendar cannot compute it (a year outside its data). */
function tryDeadline(cal: WorkingCalendar, today: string, limit: number, unit: SubItemFacts['promisedUnit']) {
  try {
    return cal.deadlineDetail(today, limit, unit);
  } catch {
    return null;
  }
}

function safeDue(cal: WorkingCalendar, today: string, p: SubItemFacts): string | null {
  return tryDeadline(cal, today, p.promisedLimit, p.promisedUnit)?.date ?? null;
}

/** What the intake form shows before the clerk submits: both deadlines if accepted today, and which are 暂定. */
function dueIfToday(cal: WorkingCalendar, today: string, p: SubItemFacts) {
  const promised = tryDeadline(cal, today, p.promisedLimit, p.promisedUnit);
  const statutory = tryDeadline(cal, today, p.statutoryLimit, p.statutoryUnit);
  return {
    promisedDueIfToday: promised?.date ?? null, promisedProvisionalIfToday: promised?.provisional ?? false,
    statutoryDueIfToday: statutory?.date ?? null, statutoryProvisionalIfToday: statutory?.provisional ?? false,
  };
}

function checkPerson(p: { name: string; idNo: string; phone: string }, kind: 'citizen' | 'uscc', who: string): Person {
  const name = p.name.trim();
  if (!name) throw new AppError('CASE_REASON_REQUIRED', { what: `${who}名称` });
  const raw = kind === 'citizen' ? normaliseCitizenId(p.idNo) : normaliseUscc(p.idNo);
  const res = kind === 'citizen' ? validateCitizenId(raw) : validateUscc(raw);
  if (!res.ok) {
    const detail = { format: '格式不正确', date: '出生日期不正确', checksum: '校验码不正确' }[res.reason];
    throw new AppError('CASE_ID_INVALID', { who, detail: `${kind === 'citizen' ? '公民身份号码' : '统一社会信用代码'}${detail}` });
  }
  const phone = normaliseMobile(p.phone);
  if (!validateMobile(phone)) throw new AppError('CASE_PHONE_INVALID', { who });
  return { name, idNo: res.normalised, phone };
}

/** One mark per distinct material, valid for every checklist line that names it. */
export function checkMaterials(
  pinned: { subItemId: number; lines: (LineRow & { materialName: string })[] }[],
  input: MaterialInput[],
  promisedDue: Map<number, string | null>,
  today: string,
): Map<number, MaterialInput> {
  const marks = new Map<number, MaterialInput>();
  const known = new Set(pinned.flatMap((p) => p.lines.map((l) => l.materialId)));
  for (const m of input) {
    if (!known.has(m.materialId)) throw new AppError('CASE_MATERIAL_UNKNOWN', { id: m.materialId });
    marks.set(m.materialId, m);
  }
  for (const p of pinned) {
    const due = promisedDue.get(p.subItemId) ?? today; // outside the calendar: no 容缺 date can be checked
    for (const l of p.lines) {
      const m = marks.get(l.materialId);
      if (!m) throw new AppError('CASE_MATERIAL_UNMARKED', { name: l.materialName });
      checkLineMark(l, m, due, today);
    }
  }
  return marks;
}

export { checkLineMark } from './intake.steps.js';

/** The outcome for each sub-item of the visit. Under a correction notice, complete sub-items are accepted. */
export function planOutcome(
  body: Pick<IntakeBody, 'outcome' | 'defects' | 'refusal'>,
  pinned: { subItemId: number; subItemName: string; lines: (LineRow & { materialName: string })[] }[],
  marks: Map<number, MaterialInput>,
): Map<number, Outcome> {
  const plan = new Map<number, Outcome>();
  const absentRequired = (p: (typeof pinned)[number]) => p.lines.filter((l) => l.required && !l.condition && marks.get(l.materialId)?.status === 'absent');
  if (body.outcome === 'refuse') {
    const reasons = body.refusal?.reasons.trim() ?? '';
    const redirect = body.refusal?.redirect.trim() ?? '';
    if (!reasons) throw new AppError('CASE_REASON_REQUIRED', { what: '不予受理的理由' });
    if (!redirect) throw new AppError('CASE_REASON_REQUIRED', { what: '申请人可以向哪个机关申请（告知去向）' });
    for (const p of pinned) plan.set(p.subItemId, { kind: 'refuse', reasons, redirect });
    return plan;
  }
  if (body.outcome === 'accept') {
    for (const p of pinned) {
      const missing = absentRequired(p)[0];
      if (missing) throw new AppError('CASE_MATERIALS_INCOMPLETE', { name: missing.materialName });
      plan.set(p.subItemId, { kind: 'accept' });
    }
    return plan;
  }
  const defects: DefectInput[] = body.defects ?? [];
  if (!defects.length) throw new AppError('CASE_DEFECTS_REQUIRED');
  for (const d of defects) {
    const p = pinned.find((x) => x.subItemId === d.subItemId);
    if (!p || !p.lines.some((l) => l.lineNo === d.lineNo)) throw new AppError('CASE_DEFECT_NOT_ON_CHECKLIST', { subItem: p?.subItemName ?? `#${d.subItemId}`, lineNo: d.lineNo });
  }
  for (const p of pinned) {
    const mine = defects.filter((d) => d.subItemId === p.subItemId);
    for (const l of absentRequired(p)) {
      if (!mine.some((d) => d.lineNo === l.lineNo)) throw new AppError('CASE_DEFECTS_INCOMPLETE', { name: l.materialName });
    }
    plan.set(
      p.subItemId,
      mine.length
        ? { kind: 'correct', defects: mine.map((d) => ({ lineNo: d.lineNo, materialName: p.lines.find((l) => l.lineNo === d.lineNo)!.materialName, note: d.note.trim() })) }
        : { kind: 'accept' },
    );
  }
  return plan;
}
