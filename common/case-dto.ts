/**
 * Case API shapes shared by server and web (办件接口). Personal data arrives masked by the server.
 * Paths:
 *   GET  /api/cases/intake-form?subItemIds=1,2 | bundleId=3   pinned checklists for the intake screen
 *   POST /api/cases                                           intake (综合受理) → IntakeResult
 *   GET  /api/cases?…                                         search (CaseSearchQuery) → Page<CaseRow>
 *   GET  /api/cases/inbox?…                                   department inbox (approvers, inspectors)
 *   GET  /api/cases/{id}                                      CaseDetail
 *   POST /api/cases/{id}/actions/{action}                     ActionBodies[action] → CaseDetail
 *   GET  /api/handovers/pending                               PendingHandover[] (front desk)
 *   POST /api/handovers                                       { departmentId, caseIds, clientKey } → HandoverDetail
 *   GET  /api/handovers?direction=out|in&status=sent|signed   Page<HandoverRow>
 *   GET  /api/handovers/{id}                                  HandoverDetail
 *   POST /api/handovers/{id}/sign                             SignHandoverBody → HandoverDetail
 *   GET  /api/public/progress/{caseNo}?phone4=1234            PublicProgress (no login, rate-limited)
 */
import type {
  ApplicantType, CaseAction, CaseStatus, Channel, IntakeOutcome, Light, MaterialStatus, SpecialProcedureKind,
} from './cases.js';
import type { RatingLevel } from './ratings.js';
import type { CaseType, LimitUnit, MaterialForm } from './catalog.js';

export interface Page<T> {
  items: T[];
  total: number;
}

// ---- intake ---------------------------------------------------------------------------------

export interface IntakeFormLine {
  lineNo: number;
  materialId: number;
  materialName: string;
  form: MaterialForm;
  copies: number;
  required: boolean;
  allowMissing: boolean; // 容缺
  allowCommitment: boolean; // 告知承诺
  condition: string;
  reviewPoints: string; // 审核要点
}

export interface IntakeFormSubItem {
  subItemId: number;
  subItemName: string;
  subItemCode: string;
  itemId: number;
  itemName: string;
  departmentId: number;
  departmentName: string;
  caseType: CaseType;
  promisedLimit: number;
  promisedUnit: LimitUnit;
  statutoryLimit: number;
  statutoryUnit: LimitUnit;
  /** the promised deadline if accepted today (null when the calendar cannot compute it) */
  promisedDueIfToday: string | null;
  /** 暂定: it reaches into a year whose holiday arrangement is not confirmed */
  promisedProvisionalIfToday: boolean;
  /** the statutory deadline (法定时限) if accepted today */
  statutoryDueIfToday: string | null;
  statutoryProvisionalIfToday: boolean;
  checklistVersionId: number;
  checklistVersionNo: number;
  lines: IntakeFormLine[];
}

export interface IntakeForm {
  bundle: { id: number; name: string } | null;
  subItems: IntakeFormSubItem[];
  /** distinct materials across the sub-items: shared ones are collected once */
  materials: { materialId: number; materialName: string; subItemIds: number[] }[];
  today: string;
}

export interface PersonInput {
  name: string;
  idNo: string; // 公民身份号码 (GB 11643) for persons and agents; USCC (GB 32100) for entities
  phone: string; // 11-digit mobile
}

export interface MaterialInput {
  materialId: number;
  status: Exclude<MaterialStatus, 'shared'>;
  form?: MaterialForm; // for received
  copies?: number; // for received
  dueDate?: string; // for missing (容缺): no later than the promised deadline
}

export interface DefectInput {
  subItemId: number;
  lineNo: number; // a line of that sub-item's pinned checklist
  note: string; // what exactly is wrong or missing
}

export interface IntakeBody {
  clientKey: string; // idempotency: re-posting the same key returns the same cases
  windowId?: number;
  /** the queue ticket being served (取号 → 受理): links the cases to the ticket */
  ticketId?: number;
  channel: Channel;
  applicantType: ApplicantType;
  applicant: PersonInput;
  /** for an entity: the legal representative or contact person who came (optional) */
  agent?: PersonInput | null;
  subItemIds: number[];
  bundleId?: number | null;
  materials: MaterialInput[];
  outcome: IntakeOutcome;
  defects?: DefectInput[]; // outcome correct: every defect at once
  refusal?: { reasons: string; redirect: string }; // outcome refuse: reasons and where to apply instead
}

export interface IntakeResult {
  visitId: number;
  /** true when the client key had been used: nothing new was created */
  replayed: boolean;
  cases: { id: number; caseNo: string; status: CaseStatus; subItemName: string }[];
}

// ---- case views -----------------------------------------------------------------------------

export interface CaseRow {
  id: number;
  caseNo: string;
  status: CaseStatus;
  subItemName: string;
  itemName: string;
  departmentId: number;
  departmentName: string;
  siteName: string;
  applicantName: string; // masked 张*三
  applicantIdNo: string; // masked
  receivedAt: string;
  acceptedOn: string | null;
  promisedDue: string | null;
  /** 暂定: the promised deadline rests on a year whose holiday arrangement is not confirmed */
  promisedProvisional: boolean;
  /** working days left (negative when overdue; frozen during a special procedure) */
  remainingDays: number | null;
  light: Light | null;
  paused: boolean;
  step: number;
  approvalSteps: number;
  documentNo: string | null;
}

export interface CaseMaterialView {
  lineNo: number;
  materialId: number;
  materialName: string;
  required: boolean;
  status: MaterialStatus;
  form: MaterialForm | null;
  copies: number;
  dueDate: string | null;
  sharedCaseNo: string | null;
  reviewPoints: string;
}

export interface CaseEventView {
  id: number;
  at: string;
  action: string; // 'received' | 'accepted' | CaseAction …
  label: string; // 中文
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  nodeCode: number | null;
  actorName: string;
  note: string;
}

export interface CaseDetail extends CaseRow {
  visitId: number;
  /** the queue ticket served at the visit (取号), e.g. A001 */
  ticketNo: string | null;
  bundleName: string | null;
  subItemId: number;
  subItemCode: string;
  itemId: number;
  caseType: CaseType;
  channel: Channel;
  applicantType: ApplicantType;
  applicantPhone: string; // masked
  agent: { name: string; idNo: string; phone: string } | null; // masked
  checklistVersionId: number;
  checklistVersionNo: number;
  promisedLimit: number;
  promisedUnit: LimitUnit;
  statutoryLimit: number;
  statutoryUnit: LimitUnit;
  statutoryDue: string | null;
  statutoryProvisional: boolean;
  acceptedAt: string | null;
  pausedDays: number;
  extension: { status: 'requested' | 'approved' | 'rejected'; reason: string; requestedBy: string; decidedBy: string | null } | null;
  decision: 'approved' | 'denied' | null;
  decisionReason: string;
  deliveryMethod: 'collected' | 'mailed' | null;
  trackingNo: string | null;
  materials: CaseMaterialView[];
  events: CaseEventView[];
  inspections: { id: number; inspectorName: string; assignedAt: string; note: string; result: string | null; passed: boolean | null; doneAt: string | null }[];
  specialProcedures: { id: number; kind: SpecialProcedureKind; reason: string; expectedDays: number; startOn: string; endOn: string | null; pausedDays: number | null; result: string | null }[];
  notices: NoticeView[];
  linkedCases: { id: number; caseNo: string; subItemName: string; status: CaseStatus }[];
  /** what the current user may do now (workflow ∩ policy ∩ guards) */
  allowedActions: CaseAction[];
  /** a returned case: the checklist lines the department cited */
  returnedLines: { lineNo: number; materialName: string; note: string }[];
}

/** A numbered written voucher (受理回执 / 补正告知书 / 不予受理通知书 / 退回单). */
export interface NoticeView {
  id: number;
  kind: 'receipt' | 'correction' | 'refusal';
  noticeNo: string;
  issuedAt: string;
  issuedBy: string;
  /** correction: the defects; refusal: reasons/redirect; receipt: materials listed from the case */
  defects: { lineNo: number; materialName: string; note: string }[];
  reasons: string;
  redirect: string;
}

// ---- action bodies --------------------------------------------------------------------------

export interface ActionBodies {
  accept: { materials: MaterialInput[] };
  refuse: { reasons: string; redirect: string };
  handover: never; // use POST /api/handovers
  sign: never; // use POST /api/handovers/{id}/sign
  pass_step: { opinion: string };
  approve: { opinion: string; documentNo: string };
  deny: { opinion: string; documentNo: string };
  assign_inspection: { inspectorId: number; note: string };
  record_inspection: { result: string; passed: boolean };
  start_special: { kind: SpecialProcedureKind; reason: string; expectedDays: number };
  end_special: { result: string };
  request_extension: { reason: string };
  approve_extension: { opinion: string };
  reject_extension: { opinion: string };
  return_to_front: { lines: { lineNo: number; note: string }[] };
  supplement: { materials: MaterialInput[] };
  register_result: { documentNo: string };
  collect: { collectorType: 'applicant' | 'agent'; collectorName: string; collectorIdNo: string; authorisationNote?: string };
  mail: { carrier: string; trackingNo: string; address: string };
  withdraw: { reason: string };
}
export type ActionBody<A extends CaseAction> = ActionBodies[A];

// ---- handover -------------------------------------------------------------------------------

export interface PendingHandover {
  departmentId: number;
  departmentName: string;
  cases: { id: number; caseNo: string; subItemName: string; applicantName: string; acceptedOn: string | null; materialCount: number }[];
}

export interface HandoverRow {
  id: number;
  batchNo: string;
  departmentId: number;
  departmentName: string;
  siteName: string;
  status: 'sent' | 'signed';
  caseCount: number;
  materialCount: number;
  receivedCount: number | null;
  sentBy: string;
  sentAt: string;
  signedBy: string | null;
  signedAt: string | null;
  discrepancy: string;
}

export interface HandoverDetail extends HandoverRow {
  cases: { id: number; caseNo: string; subItemName: string; applicantName: string; materialCount: number; receivedCount: number | null; status: CaseStatus }[];
}

export interface SignHandoverBody {
  items: { caseId: number; receivedCount: number }[];
  note?: string;
}

// ---- public progress ------------------------------------------------------------------------

export interface PublicProgress {
  caseNo: string;
  itemName: string;
  subItemName: string;
  departmentName: string;
  applicantName: string; // masked
  status: CaseStatus;
  statusLabel: string;
  receivedAt: string;
  acceptedOn: string | null;
  promisedDue: string | null;
  promisedProvisional: boolean;
  timeline: { at: string; label: string }[];
  pickup: { siteName: string; address: string; hours: string; phone: string } | null;
  documentNo: string | null; // shown once the result is ready
  /** services the applicant may rate (好差评): RatingInvitationSchema's shape (server/modules/ratings/ratings.schemas.ts) */
  ratings: {
    token: string;
    stage: 'acceptance' | 'completion';
    subject: string;
    siteName: string;
    windowName: string | null;
    createdAt: string;
    rated: boolean;
    level: RatingLevel | null;
  }[];
}

export interface CaseSearchQuery {
  q?: string; // case number (prefix) or applicant ID/USCC (exact)
  status?: CaseStatus;
  light?: Light;
  departmentId?: number;
  itemId?: number;
  siteId?: number;
  from?: string; // received on or after
  to?: string; // received on or before
  page?: number;
  pageSize?: number;
}
