/**
 * Schemas of the online channel's routes (网上申办 for applicants, 网上预审 for the front desk): one definition per
 * shape; the server's types and the web's come from them. Personal numbers arrive masked.
 */
import { Type, type Static } from 'typebox';
import { CASE_STATUSES, CHANNELS, LIGHTS } from '../../../common/cases.js';
import { MATERIAL_FORMS } from '../../../common/catalog.js';
import { APPLICATION_STATUSES, SLOT_MODES, VERDICTS } from '../../../common/online.js';
import { IntakeFormSubItemSchema } from '../cases/cases.schemas.js';
import { OfferedLicenseSchema } from '../licenses/licenses.schemas.js';
import { ClientKey, DateString, Id, Instant, Int, MultiText, Nullable, Text, literals, obj, query } from '../../platform/schemas.js';

const Day = (description?: string) => Type.String({ format: 'date', ...(description ? { description } : {}) });
const StatusSchema = literals(APPLICATION_STATUSES);

export const OnlineFileSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  addedRound: Type.Integer({ description: '首次提交给预审的轮次' }),
  removedRound: Nullable(Type.Integer({ description: '从该轮起被替换（不再有效）' })),
});

export const SlotLineSchema = Type.Object({
  subItemId: Type.Integer(),
  subItemName: Type.String(),
  lineNo: Type.Integer({ description: '受理清单条目序号' }),
  required: Type.Boolean(),
  condition: Type.String(),
  reviewPoints: Type.String({ description: '审核要点' }),
  form: literals(MATERIAL_FORMS),
  copies: Type.Integer(),
  allowMissing: Type.Boolean(),
  allowCommitment: Type.Boolean(),
});

export const MarkSchema = Type.Object({
  round: Type.Integer(),
  verdict: literals(VERDICTS),
  note: Type.String(),
  clerkName: Type.String(),
  markedAt: Instant(),
});

export const SlotSchema = Type.Object({
  materialId: Type.Integer(),
  materialName: Type.String(),
  lines: Type.Array(SlotLineSchema, { description: '引用该材料的受理清单条目（共用材料只交一次）' }),
  mode: literals(SLOT_MODES),
  dueDate: Nullable(Day('容缺后补日期')),
  signedName: Nullable(Type.String({ description: '告知承诺签署姓名' })),
  signedAt: Nullable(Instant()),
  changedRound: Type.Integer({ description: '申请人最后修改该材料的轮次' }),
  licenseType: Nullable(Type.String({ description: '可以电子证照替代时的证照类型（免提交）' })),
  licenseId: Nullable(Type.Integer({ description: '选用的电子证照（方式为电子证照时）' })),
  /** the chosen license as it stands today (one revoked, changed or expired since cannot be used) */
  license: Nullable(OfferedLicenseSchema),
  licenses: Type.Array(OfferedLicenseSchema, { description: '申办主体名下该类型的电子证照（可选用）' }),
  files: Type.Array(OnlineFileSchema),
  /** this round's verdict (staff: as marked so far; applicant: once the round is decided) */
  mark: Nullable(MarkSchema),
  /** the verdict of the round before (what the applicant was asked to fix) */
  previousMark: Nullable(MarkSchema),
  editable: Type.Boolean({ description: '申请人现在可以修改（草稿，或补正时需补正的材料）' }),
});

export const RoundSchema = Type.Object({
  round: Type.Integer(),
  submittedAt: Instant(),
  dueOn: Day('预审时限（最后一个工作日）'),
  outcome: Nullable(literals(['fix', 'pass'] as const)),
  decidedAt: Nullable(Instant()),
  clerkName: Nullable(Type.String()),
});

export const OnlineCaseSchema = Type.Object({ id: Type.Integer(), caseNo: Type.String(), status: literals(CASE_STATUSES), subItemName: Type.String() });

export const ApplicationSchema = Type.Object({
  id: Type.Integer(),
  no: Nullable(Type.String({ description: '申办流水号（首次提交时生成）' })),
  status: StatusSchema,
  round: Type.Integer(),
  fullOnline: Type.Boolean({ description: '全程网办：预审通过即网上受理' }),
  siteId: Type.Integer(),
  siteName: Type.String(),
  entity: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), uscc: Type.String({ description: '脱敏' }) })),
  bundle: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  subItems: Type.Array(IntakeFormSubItemSchema),
  slots: Type.Array(SlotSchema),
  rounds: Type.Array(RoundSchema),
  cases: Type.Array(OnlineCaseSchema, { description: '受理后生成的办件' }),
  createdAt: Instant(),
  submittedAt: Nullable(Instant()),
  acceptedAt: Nullable(Instant()),
});
export type ApplicationView = Static<typeof ApplicationSchema>;

/** What the front desk sees besides: who applies (masked), the round's light and time limit. */
export const StaffApplicationSchema = Type.Object({
    ...ApplicationSchema.properties,
    applicantName: Type.String({ description: '脱敏' }),
    applicantIdNo: Type.String({ description: '脱敏' }),
    applicantPhone: Type.String({ description: '脱敏' }),
    agentName: Nullable(Type.String({ description: '经办人（脱敏）' })),
    dueOn: Nullable(Day('本轮预审时限')),
    remainingDays: Nullable(Type.Integer({ description: '剩余工作日（负数为超期）' })),
    light: Nullable(literals(LIGHTS)),
});
export type StaffApplicationView = Static<typeof StaffApplicationSchema>;

export const ApplicationRowSchema = Type.Object({
  id: Type.Integer(),
  no: Nullable(Type.String()),
  status: StatusSchema,
  round: Type.Integer(),
  fullOnline: Type.Boolean(),
  title: Type.String({ description: '一件事或办理项名称' }),
  siteName: Type.String(),
  applicantName: Type.String({ description: '脱敏' }),
  submittedAt: Nullable(Instant()),
  updatedAt: Instant(),
  dueOn: Nullable(Day()),
  remainingDays: Nullable(Type.Integer()),
  light: Nullable(literals(LIGHTS)),
});
export type ApplicationRow = Static<typeof ApplicationRowSchema>;
/** 我的办件: a case of the applicant (by their ID number, or an entity's USCC they act for), wherever it was filed. */
export const MyCaseSchema = Type.Object({
  id: Type.Integer(),
  caseNo: Type.String(),
  status: literals(CASE_STATUSES),
  subItemName: Type.String(),
  departmentName: Type.String(),
  channel: literals(CHANNELS),
  receivedAt: Instant(),
  promisedDue: Nullable(Day()),
  applicantName: Type.String({ description: '本人（脱敏）或法人名称' }),
});
export const MyCaseListSchema = Type.Object({ items: Type.Array(MyCaseSchema) });
export type MyCase = Static<typeof MyCaseSchema>;

export const ApplicationListSchema = Type.Object({ items: Type.Array(ApplicationRowSchema), total: Type.Integer() });

// ---- bodies and queries -------------------------------------------------------------------------

export const StartBody = obj({
  clientKey: ClientKey,
  subItemIds: Type.Array(Id, { maxItems: 20 }),
  bundleId: Type.Optional(Nullable(Id)),
  siteId: Id,
  entityId: Type.Optional(Nullable(Id)),
});
export type StartInput = Static<typeof StartBody>;

export const UploadBody = obj({
  fileName: Text(120),
  contentBase64: Type.String({ minLength: 4, maxLength: 70_000_000, pattern: '^[A-Za-z0-9+/]+=*$', description: '文件内容（base64）；大小上限见 UPLOAD_MAX_MB' }),
});
export const SlotParams = obj({ id: Id, materialId: Id });
export const SlotFileParams = obj({ id: Id, materialId: Id, fileId: Id });
export const FileParams = obj({ id: Id, fileId: Id });
export const CaseParams = obj({ id: Id, caseId: Id });
export const SlotBody = obj({
  mode: literals(SLOT_MODES),
  dueDate: Type.Optional(Nullable(DateString)),
  /** 电子证照: the chosen license (the holder's, of the material's license type, valid today) */
  licenseId: Type.Optional(Nullable(Id)),
});
export type SlotInput = Static<typeof SlotBody>;
export const SignBody = obj({ signedName: Text(30), code: Type.String({ minLength: 6, maxLength: 6, pattern: '^[0-9]{6}$' }) });
export const MarkBody = obj({ verdict: literals(VERDICTS), note: MultiText(500, 0) });
export type MarkInput = Static<typeof MarkBody>;
export const WindowAcceptBody = obj({
  windowId: Type.Optional(Id),
  ticketId: Type.Optional(Id),
  /** the originals the clerk checked, one per uploaded material: in which form and how many copies */
  originals: Type.Array(obj({ materialId: Id, form: literals(MATERIAL_FORMS), copies: Int(0, 99) }), { maxItems: 300 }),
});
export type WindowAcceptInput = Static<typeof WindowAcceptBody>;

export const QueueQuery = query({
  status: Type.Optional(literals(['waiting', 'fix_requested', 'passed', 'accepted', 'all'] as const)),
  light: Type.Optional(literals(LIGHTS)),
  page: Type.Optional(Int(1, 100_000)),
  pageSize: Type.Optional(Int(1, 200)),
});
export type QueueFilter = Static<typeof QueueQuery>;
export const LookupQuery = query({ no: Type.Optional(Text(30)), ticketId: Type.Optional(Id) });
