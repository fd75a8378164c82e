/**
 * Schemas of the case routes (办件、交接、进度查询) — the bodies and queries they take, the answers they give — and the
 * types the services take and return derived from them (Static): the shapes are defined once, the OpenAPI document
 * describes each operation and fast-json-stringify writes exactly these properties.
 * One schema per shape, shared by every operation that answers it (the list row inside the detail, the handover row
 * inside the handover). Dates are `YYYY-MM-DD` text, times ISO-8601 UTC text; personal data arrives masked.
 */
import { ONLINE_MODES } from '../../../common/online.js';
import { Type, type Static, type TSchema } from 'typebox';
import {
  APPLICANT_TYPES, CASE_ACTIONS, CASE_STATUSES, CHANNELS, INTAKE_OUTCOMES, LIGHTS, MATERIAL_STATUSES, SPECIAL_PROCEDURE_KINDS, type CaseAction,
  type MaterialStatus,
} from '../../../common/cases.js';
import { CASE_TYPES, LIMIT_UNITS, MATERIAL_FORMS, SUBJECT_TYPES } from '../../../common/catalog.js';
import { RatingInvitationSchema } from '../ratings/ratings.schemas.js';
import {
  ClientKey, DateString, Id, Instant, Int, MultiText, Nullable, PageQuery, RefSchema, Text, literals, obj, query,
} from '../../platform/schemas.js';
import { REVEAL_FIELDS } from './reveal.service.js';
import { CaseFileSchema, MaterialFilesInput } from './case-files.schemas.js';

/** a calendar day, `YYYY-MM-DD` */
const Day = (description?: string) => Type.String({ format: 'date', ...(description ? { description } : {}) });

const CaseStatusSchema = literals(CASE_STATUSES);
const LimitUnitSchema = literals(LIMIT_UNITS);
const CaseTypeSchema = literals(CASE_TYPES);
const MaterialFormSchema = literals(MATERIAL_FORMS);

// ---- intake (综合受理) ----------------------------------------------------------------------------

export const IntakeFormLineSchema = Type.Object({
  lineNo: Type.Integer({ description: '受理清单条目序号' }),
  materialId: Type.Integer(),
  materialName: Type.String(),
  form: MaterialFormSchema,
  copies: Type.Integer({ description: '应收份数' }),
  required: Type.Boolean(),
  allowMissing: Type.Boolean({ description: '允许容缺受理（限期补交）' }),
  allowCommitment: Type.Boolean({ description: '允许告知承诺' }),
  condition: Type.String({ description: '须提交的条件（空：均须提交）' }),
  reviewPoints: Type.String({ description: '审核要点' }),
});
export type IntakeFormLine = Static<typeof IntakeFormLineSchema>;

export const IntakeFormSubItemSchema = Type.Object({
  subItemId: Type.Integer(),
  subItemName: Type.String(),
  subItemCode: Type.String(),
  onlineMode: literals(ONLINE_MODES),
  subjectType: literals(SUBJECT_TYPES),
  itemId: Type.Integer(),
  itemName: Type.String(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  caseType: CaseTypeSchema,
  promisedLimit: Type.Integer({ description: '承诺时限' }),
  promisedUnit: LimitUnitSchema,
  statutoryLimit: Type.Integer({ description: '法定时限' }),
  statutoryUnit: LimitUnitSchema,
  promisedDueIfToday: Nullable(Day('今天受理时的承诺办结日（日历无法计算时为 null）')),
  promisedProvisionalIfToday: Type.Boolean({ description: '暂定：承诺办结日落在节假日安排尚未确认的年度' }),
  statutoryDueIfToday: Nullable(Day('今天受理时的法定办结日（日历无法计算时为 null）')),
  statutoryProvisionalIfToday: Type.Boolean({ description: '暂定：法定办结日落在节假日安排尚未确认的年度' }),
  checklistVersionId: Type.Integer({ description: '钉住的受理清单版本' }),
  checklistVersionNo: Type.Integer(),
  lines: Type.Array(IntakeFormLineSchema),
});
export type IntakeFormSubItem = Static<typeof IntakeFormSubItemSchema>;

export const IntakeFormSchema = Type.Object({
  bundle: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() }, { description: '一件事（按一件事受理时）' })),
  subItems: Type.Array(IntakeFormSubItemSchema),
  materials: Type.Array(
    Type.Object({ materialId: Type.Integer(), materialName: Type.String(), subItemIds: Type.Array(Type.Integer()) }),
    { description: '各办理项清单的材料去重合并：共用材料只收一次' },
  ),
  today: Day(),
});
export type IntakeForm = Static<typeof IntakeFormSchema>;

export const IntakeResultSchema = Type.Object({
  visitId: Type.Integer({ description: '本次受理（一次来访）的编号' }),
  replayed: Type.Boolean({ description: '该 clientKey 已提交过：未新建办件，返回原结果' }),
  cases: Type.Array(Type.Object({ id: Type.Integer(), caseNo: Type.String(), status: CaseStatusSchema, subItemName: Type.String() })),
});
export type IntakeResult = Static<typeof IntakeResultSchema>;

// ---- bodies and queries -------------------------------------------------------------------------

/** the applicant or the agent who came: 公民身份号码 (GB 11643) for persons and agents, USCC (GB 32100) for entities */
export const PersonInputSchema = obj({ name: Text(100), idNo: Text(30), phone: Text(20) });
export type PersonInput = Static<typeof PersonInputSchema>;

/** a material as received at intake or afterwards: form and copies when received, the due date when missing (容缺) */
export const MaterialInputSchema = obj({
  materialId: Id,
  status: literals(MATERIAL_STATUSES.filter((s): s is Exclude<MaterialStatus, 'shared'> => s !== 'shared')),
  form: Type.Optional(literals(MATERIAL_FORMS)),
  copies: Type.Optional(Int(0, 99)),
  dueDate: Type.Optional(DateString),
  /** 电子证照: the holder's license (its current version) that satisfies the line */
  licenseId: Type.Optional(Id),
});
export type MaterialInput = Static<typeof MaterialInputSchema>;
const Materials = Type.Array(MaterialInputSchema, { maxItems: 300 });
/** a material at intake: as above, and the files of a received one (scans at the window, uploads online) */
export const IntakeMaterialInputSchema = obj({ ...MaterialInputSchema.properties, files: Type.Optional(MaterialFilesInput) });
export type IntakeMaterialInput = Static<typeof IntakeMaterialInputSchema>;
const Opinion = MultiText(2000, 0);

/** a defect of a line of a sub-item's pinned checklist (补正告知): what exactly is wrong or missing */
export const DefectInputSchema = obj({ subItemId: Id, lineNo: Int(1, 1000), note: MultiText(500, 0) });
export type DefectInput = Static<typeof DefectInputSchema>;

/** POST /api/cases (综合受理); the same clientKey posted again returns the same cases */
export const IntakeBodySchema = obj({
  clientKey: ClientKey,
  windowId: Type.Optional(Id),
  ticketId: Type.Optional(Id),
  channel: literals(CHANNELS),
  applicantType: literals(APPLICANT_TYPES),
  applicant: PersonInputSchema,
  agent: Type.Optional(Nullable(PersonInputSchema)),
  subItemIds: Type.Array(Id, { maxItems: 50 }),
  bundleId: Type.Optional(Nullable(Id)),
  materials: Type.Array(IntakeMaterialInputSchema, { maxItems: 300 }),
  outcome: literals(INTAKE_OUTCOMES),
  defects: Type.Optional(Type.Array(DefectInputSchema, { maxItems: 300 })),
  refusal: Type.Optional(obj({ reasons: MultiText(2000, 0), redirect: MultiText(500, 0) })),
});
export type IntakeBody = Static<typeof IntakeBodySchema>;

/** the actions with an operation of their own under /api/cases/{id}/actions (handover and sign go through /api/handovers) */
export type ActableAction = Exclude<CaseAction, 'handover' | 'sign'>;

/** One body schema per action: the path stays `/api/cases/{id}/actions/{action}`. */
export const CaseActionBodySchemas = {
  accept: obj({ materials: Materials }),
  refuse: obj({ reasons: MultiText(2000, 0), redirect: MultiText(500, 0) }),
  pass_step: obj({ opinion: Opinion }),
  approve: obj({ opinion: Opinion, documentNo: Text(60, 0) }),
  deny: obj({ opinion: Opinion, documentNo: Text(60, 0) }),
  assign_inspection: obj({ inspectorId: Id, note: MultiText(1000, 0) }),
  record_inspection: obj({ result: MultiText(2000, 0), passed: Type.Boolean() }),
  start_special: obj({ kind: literals(SPECIAL_PROCEDURE_KINDS), reason: MultiText(1000, 0), expectedDays: Int(1, 365) }),
  end_special: obj({ result: MultiText(2000, 0) }),
  request_extension: obj({ reason: MultiText(1000, 0) }),
  approve_extension: obj({ opinion: Opinion }),
  reject_extension: obj({ opinion: Opinion }),
  return_to_front: obj({ lines: Type.Array(obj({ lineNo: Int(1, 1000), note: MultiText(500, 0) }), { maxItems: 100 }) }),
  supplement: obj({ materials: Materials }),
  register_result: obj({ documentNo: Text(60, 0) }),
  collect: obj({ collectorType: literals(['applicant', 'agent'] as const), collectorName: Text(100, 0), collectorIdNo: Text(30, 0), authorisationNote: Type.Optional(MultiText(500, 0)) }),
  mail: obj({ carrier: Text(40, 0), trackingNo: Text(40, 0), address: MultiText(300, 0) }),
  withdraw: obj({ reason: MultiText(1000, 0) }),
} satisfies Record<ActableAction, TSchema>;
/** every case action's body; handover and sign have none here (POST /api/handovers, POST /api/handovers/{id}/sign) */
export type ActionBodies = { [A in ActableAction]: Static<(typeof CaseActionBodySchemas)[A]> } & { handover: never; sign: never };

/** GET /api/cases (and the inbox) */
export const CaseSearchQuerySchema = query({
  q: Type.Optional(Text(60, 0)),
  status: Type.Optional(literals(CASE_STATUSES)),
  light: Type.Optional(literals(LIGHTS)),
  departmentId: Type.Optional(Id),
  itemId: Type.Optional(Id),
  siteId: Type.Optional(Id),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  ...PageQuery,
});
export type CaseSearchQuery = Static<typeof CaseSearchQuerySchema>;

/** POST /api/handovers/{id}/sign: the copies received of each case */
export const SignHandoverBodySchema = obj({
  items: Type.Array(obj({ caseId: Id, receivedCount: Int(0, 9999) }), { maxItems: 500 }),
  note: Type.Optional(MultiText(500, 0)),
});
export type SignHandoverBody = Static<typeof SignHandoverBodySchema>;

// ---- case views (办件) ----------------------------------------------------------------------------

/** A case as lists show it (查询、部门待办); the detail adds to it. */
export const CaseRowSchema = Type.Object({
  id: Type.Integer(),
  caseNo: Type.String(),
  status: CaseStatusSchema,
  subItemName: Type.String(),
  itemName: Type.String(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  siteName: Type.String(),
  applicantName: Type.String({ description: '申请人（自然人姓名已脱敏）' }),
  applicantIdNo: Type.String({ description: '证件号码（已脱敏）' }),
  receivedAt: Instant('收件时间'),
  acceptedOn: Nullable(Day('受理日（未受理为 null）')),
  promisedDue: Nullable(Day('承诺办结日')),
  promisedProvisional: Type.Boolean({ description: '暂定：承诺办结日落在节假日安排尚未确认的年度' }),
  remainingDays: Nullable(Type.Integer({ description: '剩余工作日（超期为负数，特别程序期间冻结；不在办理中为 null）' })),
  light: Nullable(Type.Enum([...LIGHTS], { description: '亮灯：绿灯、黄灯（临近承诺办结日）、红灯（已超期）；不在办理中为 null' })),
  paused: Type.Boolean({ description: '特别程序中，计时暂停' }),
  step: Type.Integer({ description: '当前审批环节（1 承办、2 审核、3 批准）' }),
  approvalSteps: Type.Integer({ description: '该事项的审批环节数（1–3）' }),
  documentNo: Nullable(Type.String({ description: '决定文号' })),
});
export type CaseRow = Static<typeof CaseRowSchema>;

export const CasePageSchema = Type.Object({
  items: Type.Array(CaseRowSchema),
  total: Type.Integer({ description: '符合条件的办件数（最多数到 10000）' }),
});

export const CaseMaterialSchema = Type.Object({
  lineNo: Type.Integer(),
  materialId: Type.Integer(),
  materialName: Type.String(),
  required: Type.Boolean(),
  status: literals(MATERIAL_STATUSES),
  form: Nullable(MaterialFormSchema),
  copies: Type.Integer(),
  dueDate: Nullable(Day('容缺材料的补交期限')),
  sharedCaseNo: Nullable(Type.String({ description: '一件事中已收取该材料的关联件编号' })),
  reviewPoints: Type.String({ description: '审核要点' }),
  licenseId: Nullable(Type.Integer({ description: '电子证照：替代该材料的证照（证照库编号）' })),
  licenseVersion: Nullable(Type.Integer({ description: '电子证照：受理时使用的证照版本' })),
  files: Type.Array(CaseFileSchema, { description: '材料的扫描件或网上上传的文件（共用材料为收取该材料的关联件的文件）' }),
});

export const CaseEventSchema = Type.Object({
  id: Type.Integer(),
  at: Instant(),
  action: Type.String({ description: 'received、accepted、handed_over、signed 或办件操作名' }),
  label: Type.String({ description: '中文名称' }),
  fromStatus: Nullable(CaseStatusSchema),
  toStatus: Nullable(CaseStatusSchema),
  nodeCode: Nullable(Type.Integer({ description: '上报省级平台的办件环节代码（1–15）' })),
  actorName: Type.String(),
  note: Type.String(),
});

/** A numbered written voucher (受理回执 / 补正告知书 / 不予受理通知书). */
export const NoticeSchema = Type.Object({
  id: Type.Integer(),
  kind: literals(['receipt', 'correction', 'refusal'] as const),
  noticeNo: Type.String({ description: '文书编号' }),
  issuedAt: Instant(),
  issuedBy: Type.String(),
  defects: Type.Array(Type.Object({ lineNo: Type.Integer(), materialName: Type.String(), note: Type.String() }), { description: '补正告知：需补正的清单条目' }),
  reasons: Type.String({ description: '不予受理的理由' }),
  redirect: Type.String({ description: '不予受理时告知的受理机关' }),
});
export type NoticeView = Static<typeof NoticeSchema>;

export const CaseDetailSchema = Type.Object({
  ...CaseRowSchema.properties,
  visitId: Type.Integer(),
  ticketNo: Nullable(Type.String({ description: '来访时取的号（如 A001）' })),
  bundleName: Nullable(Type.String({ description: '一件事名称' })),
  subItemId: Type.Integer(),
  subItemCode: Type.String(),
  itemId: Type.Integer(),
  caseType: CaseTypeSchema,
  channel: literals(CHANNELS),
  applicantType: literals(APPLICANT_TYPES),
  applicantPhone: Type.String({ description: '手机号（已脱敏）' }),
  agent: Nullable(Type.Object({ name: Type.String(), idNo: Type.String(), phone: Type.String() }, { description: '代理人或经办人（已脱敏）' })),
  checklistVersionId: Type.Integer(),
  checklistVersionNo: Type.Integer(),
  promisedLimit: Type.Integer(),
  promisedUnit: LimitUnitSchema,
  statutoryLimit: Type.Integer(),
  statutoryUnit: LimitUnitSchema,
  statutoryDue: Nullable(Day('法定办结日')),
  statutoryProvisional: Type.Boolean({ description: '暂定：法定办结日落在节假日安排尚未确认的年度' }),
  acceptedAt: Nullable(Instant('受理时间')),
  pausedDays: Type.Integer({ description: '特别程序累计暂停的工作日' }),
  extension: Nullable(Type.Object({
    status: literals(['requested', 'approved', 'rejected'] as const),
    reason: Type.String(),
    requestedBy: Type.String(),
    decidedBy: Nullable(Type.String()),
  }, { description: '延期申请（只能申请一次）' })),
  decision: Nullable(literals(['approved', 'denied'] as const)),
  decisionReason: Type.String({ description: '决定意见' }),
  deliveryMethod: Nullable(literals(['collected', 'mailed'] as const)),
  trackingNo: Nullable(Type.String({ description: '邮寄单号' })),
  materials: Type.Array(CaseMaterialSchema),
  events: Type.Array(CaseEventSchema),
  inspections: Type.Array(Type.Object({
    id: Type.Integer(),
    inspectorName: Type.String(),
    assignedAt: Instant(),
    note: Type.String(),
    result: Nullable(Type.String()),
    passed: Nullable(Type.Boolean()),
    doneAt: Nullable(Instant()),
  }), { description: '现场勘查' }),
  specialProcedures: Type.Array(Type.Object({
    id: Type.Integer(),
    kind: literals(SPECIAL_PROCEDURE_KINDS),
    reason: Type.String(),
    expectedDays: Type.Integer(),
    startOn: Day(),
    endOn: Nullable(Day()),
    pausedDays: Nullable(Type.Integer({ description: '暂停的工作日（结束后计算）' })),
    result: Nullable(Type.String()),
  }), { description: '特别程序（听证、检验检测、鉴定、专家评审等）' }),
  notices: Type.Array(NoticeSchema),
  linkedCases: Type.Array(
    Type.Object({ id: Type.Integer(), caseNo: Type.String(), subItemName: Type.String(), status: CaseStatusSchema }),
    { description: '同一次来访受理的其他办件' },
  ),
  allowedActions: Type.Array(literals(CASE_ACTIONS), { description: '当前用户现在可执行的操作（流程 ∩ 权限 ∩ 条件）' }),
  returnedLines: Type.Array(
    Type.Object({ lineNo: Type.Integer(), materialName: Type.String(), note: Type.String() }),
    { description: '退回前台时部门引用的清单条目' },
  ),
});
export type CaseDetail = Static<typeof CaseDetailSchema>;

export const InspectorListSchema = Type.Array(RefSchema, { description: '本部门在岗的勘查人员' });

export const RevealedFieldSchema = Type.Object({ field: literals(REVEAL_FIELDS), value: Type.String({ description: '完整的证件号码或手机号' }) });

// ---- handover (移交/签收) ---------------------------------------------------------------------------

export const PendingHandoverSchema = Type.Object({
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  cases: Type.Array(Type.Object({
    id: Type.Integer(),
    caseNo: Type.String(),
    subItemName: Type.String(),
    applicantName: Type.String({ description: '申请人（自然人姓名已脱敏）' }),
    acceptedOn: Nullable(Day()),
    materialCount: Type.Integer({ description: '随件移交的纸质材料份数' }),
  })),
});
export type PendingHandover = Static<typeof PendingHandoverSchema>;

export const PendingHandoverListSchema = Type.Array(PendingHandoverSchema, { description: '本场所待移交的办件，按部门分组' });

/** A handover batch (交接单) as lists show it; the detail adds its cases. */
export const HandoverRowSchema = Type.Object({
  id: Type.Integer(),
  batchNo: Type.String({ description: '交接单号' }),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  siteName: Type.String(),
  status: literals(['sent', 'signed'] as const),
  caseCount: Type.Integer(),
  materialCount: Type.Integer({ description: '移交的材料份数' }),
  receivedCount: Nullable(Type.Integer({ description: '签收时实收的材料份数' })),
  sentBy: Type.String(),
  sentAt: Instant(),
  signedBy: Nullable(Type.String()),
  signedAt: Nullable(Instant()),
  discrepancy: Type.String({ description: '签收时记录的差异（份数不符、备注）' }),
});
export type HandoverRow = Static<typeof HandoverRowSchema>;

export const HandoverPageSchema = Type.Object({ items: Type.Array(HandoverRowSchema), total: Type.Integer() });

export const HandoverDetailSchema = Type.Object({
  ...HandoverRowSchema.properties,
  cases: Type.Array(Type.Object({
    id: Type.Integer(),
    caseNo: Type.String(),
    subItemName: Type.String(),
    applicantName: Type.String({ description: '申请人（自然人姓名已脱敏）' }),
    materialCount: Type.Integer(),
    receivedCount: Nullable(Type.Integer()),
    status: CaseStatusSchema,
  })),
});
export type HandoverDetail = Static<typeof HandoverDetailSchema>;

// ---- public progress (办件进度查询) -----------------------------------------------------------------


export const PublicProgressSchema = Type.Object({
  caseNo: Type.String(),
  itemName: Type.String(),
  subItemName: Type.String(),
  departmentName: Type.String(),
  applicantName: Type.String({ description: '申请人（自然人姓名已脱敏）' }),
  status: CaseStatusSchema,
  statusLabel: Type.String(),
  receivedAt: Instant(),
  acceptedOn: Nullable(Day()),
  promisedDue: Nullable(Day('承诺办结日')),
  promisedProvisional: Type.Boolean({ description: '暂定：承诺办结日落在节假日安排尚未确认的年度' }),
  timeline: Type.Array(Type.Object({ at: Instant(), label: Type.String() }), { description: '公开的办理过程' }),
  pickup: Nullable(Type.Object({ siteName: Type.String(), address: Type.String(), hours: Type.String(), phone: Type.String() }, { description: '待取件时的领取地点' })),
  documentNo: Nullable(Type.String({ description: '结果文号（结果可领取后才显示）' })),
  ratings: Type.Array(RatingInvitationSchema, { description: '可评价的服务（好差评）' }),
});
export type PublicProgress = Static<typeof PublicProgressSchema>;
