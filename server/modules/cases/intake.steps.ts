/**
 * The parts of an intake (intake.service.ts) that need neither the database nor the service's dependencies: what
 * each step hands the next (checked application → plan → numbers → the transaction's writes), the voucher numbers,
 * and the rows the transaction writes for each case. No I/O here: the service runs every statement, in its order.
 */
import type { InferInsertModel } from 'drizzle-orm';
import { NODE_CODES, type MaterialStatus } from '../../../common/cases.js';
import { AppError } from '../../platform/errors.js';
import type { LineRow } from '../catalog/catalog.repository.js';
import type { IntakeBody, MaterialInput } from './cases.schemas.js';
import { dueDates, type Deadlines } from './cases.clock.js';
import type { MaterialFiles } from './case-files.intake.js';
import type { casesRepo } from './cases.repository.js';
import type { caseEvents, caseMaterials, caseNotices, cases } from './cases.tables.js';

export type SubItemFacts = Awaited<ReturnType<typeof casesRepo.subItemsForIntake>>[number];
/** A sub-item with the checklist version in force today, which its case is pinned to. */
export interface Pinned extends SubItemFacts {
  versionId: number;
  versionNo: number;
}

export type Outcome =
  | { kind: 'accept' }
  | { kind: 'correct'; defects: { lineNo: number; materialName: string; note: string }[] }
  | { kind: 'refuse'; reasons: string; redirect: string };

export type NoticeKind = 'receipt' | 'correction' | 'refusal';
/** The voucher an intake outcome issues: 受理通知书, 补正通知书 or 不予受理通知书. */
export const noticeKindOf = (outcome: Outcome['kind']): NoticeKind =>
  outcome === 'accept' ? 'receipt' : outcome === 'correct' ? 'correction' : 'refusal';

/** A voucher number's head: kind prefix + site code + day (its counter is `notice:<head>`). */
export const noticeHead = (kind: NoticeKind, siteCode: string, today: string) =>
  `${{ receipt: 'SL', correction: 'BZ', refusal: 'BSL' }[kind]}${siteCode}${today.replaceAll('-', '')}`;
export const noticeNo = (head: string, seq: number) => `${head}${String(seq).padStart(4, '0')}`;

/** An applicant or agent as checked: name trimmed, ID number and mobile normalised. */
export interface Person {
  name: string;
  idNo: string;
  phone: string;
}

/** The intake's site, read with the visit a retry of the client key made (`casesRepo.intakeStart`). */
export type IntakeSite = NonNullable<Awaited<ReturnType<typeof casesRepo.intakeStart>>>;

/** Step 1: the people checked and the sub-items pinned to today's checklists, each open to the applicant's kind. */
export interface CheckedApplication {
  applicant: Person;
  agent: Person | null;
  now: Date;
  today: string;
  bundle: { id: number; name: string } | null;
  pinned: Pinned[];
}

/** Step 2: the mark of each material, each sub-item's outcome, and the deadlines of the sub-items accepted. */
export interface VisitPlan {
  marks: Map<number, MaterialInput>;
  outcomes: Map<number, Outcome>;
  deadlines: Map<number, Deadlines>;
  /** the checked files of each received material */
  files: MaterialFiles;
  /** 电子证照: the license version (checked by the licenses hook) of each material marked `license` */
  licenses: Map<number, { licenseId: number; version: number }>;
}

/** Step 3: each sub-item's case number and voucher number. */
export type VisitNumbers = Map<number, { caseNo: string; noticeNo: string }>;

/** Everything the intake's transaction writes from, all settled before it opens. */
export interface PreparedVisit {
  body: IntakeBody;
  siteId: number;
  site: IntakeSite;
  app: CheckedApplication;
  plan: VisitPlan;
  numbers: VisitNumbers;
}

type CaseStatusAfterIntake = 'accepted' | 'correction' | 'refused';
export const statusAfter = (outcome: Outcome): CaseStatusAfterIntake =>
  outcome.kind === 'accept' ? 'accepted' : outcome.kind === 'correct' ? 'correction' : 'refused';

/** The case row of one sub-item; an accepted case carries its deadlines. */
export function caseRow(v: PreparedVisit, visitId: number, p: Pinned, caseNo: string): InferInsertModel<typeof cases> {
  const { body, siteId } = v;
  const { applicant, agent, now, today } = v.app;
  const outcome = v.plan.outcomes.get(p.subItemId)!;
  const dl = v.plan.deadlines.get(p.subItemId);
  const accepted = outcome.kind === 'accept';
  return {
    caseNo, visitId, subItemId: p.subItemId, itemId: p.itemId, departmentId: p.departmentId, siteId,
    checklistVersionId: p.versionId, channel: body.channel, applicantType: body.applicantType,
    applicantName: applicant.name, applicantIdNo: applicant.idNo, applicantPhone: applicant.phone,
    agentName: agent?.name ?? null, agentIdNo: agent?.idNo ?? null, agentPhone: agent?.phone ?? null,
    status: statusAfter(outcome), approvalSteps: p.approvalSteps, caseType: p.caseType,
    promisedLimit: p.promisedLimit, promisedUnit: p.promisedUnit, statutoryLimit: p.statutoryLimit, statutoryUnit: p.statutoryUnit,
    withMissing: accepted && p.lines.some((l) => v.plan.marks.get(l.materialId)?.status === 'missing'),
    receivedOn: today, receivedAt: now, updatedAt: now,
    ...(accepted && dl ? { acceptedAt: now, acceptedOn: today, ...dueDates(dl) } : {}),
  };
}

/**
 * The case's materials as marked. A paper several cases of the visit need is held by the first case that received
 * it (`heldBy`: material id → that case, filled as the cases are written); the others share it.
 */
export function materialRows(
  caseId: number, p: Pinned, marks: Map<number, MaterialInput>, heldBy: Map<number, number>, licenses: VisitPlan['licenses'] = new Map(),
): InferInsertModel<typeof caseMaterials>[] {
  return p.lines.map((l) => {
    const m = marks.get(l.materialId)!;
    const lic = m.status === 'license' ? licenses.get(l.materialId) : undefined;
    if (lic) return { caseId, lineNo: l.lineNo, materialId: l.materialId, status: 'license', form: 'electronic', copies: 0, licenseId: lic.licenseId, licenseVersion: lic.version };
    const holder = heldBy.get(l.materialId);
    if (m.status === 'received' && holder !== undefined) {
      return { caseId, lineNo: l.lineNo, materialId: l.materialId, status: 'shared', form: m.form ?? l.form, copies: 0, sharedCaseId: holder };
    }
    if (m.status === 'received') heldBy.set(l.materialId, caseId);
    return {
      caseId, lineNo: l.lineNo, materialId: l.materialId, status: m.status,
      form: m.status === 'received' ? (m.form ?? l.form) : null,
      copies: m.status === 'received' ? (m.copies ?? l.copies) : 0,
      dueDate: m.status === 'missing' ? (m.dueDate ?? null) : null,
    };
  });
}

/** The action of the event that records the outcome (the SMS names that event). */
export const outcomeActionOf = (outcome: Outcome) =>
  outcome.kind === 'accept' ? 'accepted' : outcome.kind === 'correct' ? 'correction_issued' : 'refused';

/** 收件 then the outcome: the case's first two events. */
export function intakeEvents(
  caseId: number, outcome: Outcome, dl: Deadlines | undefined, channel: IntakeBody['channel'], now: Date,
  who: { actorId: number | null; actorName: string; siteId: number },
): InferInsertModel<typeof caseEvents>[] {
  return [
    { caseId, action: 'received', toStatus: null, nodeCode: NODE_CODES.received, ...who, note: channel === 'window' ? '窗口收件' : '收件', at: now },
    {
      caseId, action: outcomeActionOf(outcome), toStatus: statusAfter(outcome),
      nodeCode: outcome.kind === 'accept' ? NODE_CODES.windowAccepted : outcome.kind === 'correct' ? NODE_CODES.correctionStart : NODE_CODES.refused,
      ...who, note: outcome.kind === 'refuse' ? outcome.reasons : outcome.kind === 'correct' ? `补正 ${outcome.defects.length} 项` : `承诺办结日 ${dl?.promisedDue ?? ''}${dl?.promisedProvisional ? '（暂定）' : ''}`, at: now,
    },
  ];
}

/** The voucher the outcome issues: defects for a correction, reasons and where to apply instead for a refusal. */
export function noticeRow(caseId: number, outcome: Outcome, noticeNo: string, issuedBy: string, now: Date): InferInsertModel<typeof caseNotices> {
  return {
    caseId, kind: noticeKindOf(outcome.kind), noticeNo, issuedBy, issuedAt: now,
    defects: outcome.kind === 'correct' ? outcome.defects : [],
    reasons: outcome.kind === 'refuse' ? outcome.reasons : '', redirect: outcome.kind === 'refuse' ? outcome.redirect : '',
  };
}

const STATUS_WORDS: Record<MaterialStatus, string> = {
  received: '收取', commitment: '告知承诺', missing: '容缺后补', absent: '未提交', not_applicable: '不适用', shared: '共享', license: '电子证照',
};

export function checkLineMark(l: LineRow & { materialName: string }, m: MaterialInput, promisedDue: string, today: string): void {
  const refuse = () => new AppError('CASE_MATERIAL_STATUS_NOT_ALLOWED', { name: l.materialName, status: STATUS_WORDS[m.status] });
  if (m.status === 'commitment' && !l.allowCommitment) throw refuse();
  if (m.status === 'missing') {
    if (!l.allowMissing) throw refuse();
    if (!m.dueDate || m.dueDate <= today || m.dueDate > promisedDue) throw new AppError('CASE_MISSING_DUE_INVALID', { name: l.materialName, due: promisedDue });
  }
  if (m.status === 'not_applicable' && l.required && !l.condition) throw refuse();
  if (m.status === 'license' && (!l.licenseType || !m.licenseId)) throw refuse();
}
