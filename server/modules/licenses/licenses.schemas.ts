/** Request and response shapes of the licenses module (the OpenAPI document is generated from these). */
import { Type, type Static } from 'typebox';
import { DateString, Instant, Int, Nullable, obj, Text, MultiText, literals, INT4_MAX } from '../../platform/schemas.js';

export const LICENSE_STATUSES = ['valid', 'changed', 'revoked', 'expired'] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];
export const LICENSE_STATUS_LABELS: Record<LicenseStatus, string> = { valid: '有效', changed: '已变更', revoked: '已注销（撤销）', expired: '已过期' };
export const LICENSE_SOURCES = ['platform', 'import', 'api'] as const;
export const LICENSE_ACTIONS = ['issue', 'change', 'renew', 'reissue', 'cancel'] as const;
export type LicenseAction = (typeof LICENSE_ACTIONS)[number];
export const HOLDER_KINDS = ['person', 'entity', 'both'] as const;

const StatusSchema = literals(LICENSE_STATUSES);
const SourceSchema = literals(LICENSE_SOURCES);

export const LicenseTypeSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String({ description: '证照类型代码' }),
  name: Type.String({ description: '证照类型名称（亦即可替代材料的证照类型标签）' }),
  departmentId: Nullable(Type.Integer()),
  issuerName: Type.String({ description: '颁发机构' }),
  holderKind: literals(HOLDER_KINDS),
  validityYears: Nullable(Type.Integer({ description: '有效期（年），空为长期' })),
  numberSource: literals(['document_no', 'series'] as const),
  numberPrefix: Type.String(),
  fields: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })),
  active: Type.Boolean(),
  subItems: Type.Array(Type.Object({ subItemId: Type.Integer(), subItemName: Type.String(), itemName: Type.String(), action: literals(LICENSE_ACTIONS) }), { description: '签发、变更、延续、补发、注销该证照的办理项' }),
  materials: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }), { description: '可由该证照替代的材料' }),
  issued: Type.Integer({ description: '库中有效证照数' }),
});
export type LicenseTypeView = Static<typeof LicenseTypeSchema>;

export const LicenseTypePatch = obj({
  validityYears: Type.Optional(Nullable(Int(1, 100))),
  holderKind: Type.Optional(literals(HOLDER_KINDS)),
  numberSource: Type.Optional(literals(['document_no', 'series'] as const)),
  numberPrefix: Type.Optional(Text(20, 0)),
  issuerName: Type.Optional(Text(60, 0)),
  active: Type.Optional(Type.Boolean()),
});

export const LicenseSummarySchema = Type.Object({
  id: Type.Integer(),
  lineageId: Type.Integer(),
  version: Type.Integer(),
  typeId: Type.Integer(),
  typeName: Type.String(),
  licenseNo: Type.String(),
  holderKind: literals(['person', 'entity'] as const),
  holderName: Type.String(),
  holderIdNo: Type.String({ description: '持证主体代码（自然人脱敏）' }),
  status: StatusSchema,
  validFrom: Type.String(),
  validUntil: Nullable(Type.String()),
  issuedOn: Type.String(),
  issuerName: Type.String(),
  source: SourceSchema,
  caseId: Nullable(Type.Integer()),
  caseNo: Nullable(Type.String()),
  documentNo: Nullable(Type.String()),
});
export type LicenseSummary = Static<typeof LicenseSummarySchema>;

export const LicenseUseSchema = Type.Object({
  id: Type.Integer(),
  version: Type.Integer(),
  caseId: Type.Integer(),
  caseNo: Type.String(),
  materialName: Type.String(),
  channel: Type.String(),
  usedByName: Type.String({ description: '经办人（受理人员或网上申请）' }),
  usedAt: Type.String({ format: 'date-time' }),
});

export const LicenseEventSchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
  action: Type.String(),
  actorName: Type.String(),
  note: Type.String(),
  caseNo: Nullable(Type.String()),
});

export const LicenseDetailSchema = Type.Intersect([LicenseSummarySchema, Type.Object({
  fields: Type.Array(Type.Object({ label: Type.String(), value: Type.String() })),
  statusReason: Type.String(),
  keyId: Nullable(Type.String()),
  algorithm: Nullable(Type.String()),
  signatureValid: Nullable(Type.Boolean({ description: '签名验证结果（外部导入的证照无签名，为空）' })),
  pdfSha256: Nullable(Type.String()),
  verifyUrl: Type.String(),
  hasPdf: Type.Boolean(),
  versions: Type.Array(LicenseSummarySchema),
  events: Type.Array(LicenseEventSchema),
  uses: Type.Array(LicenseUseSchema),
})]);
export type LicenseDetail = Static<typeof LicenseDetailSchema>;

export const LicenseListQuery = Type.Object({
  holder: Type.Optional(Text(100)),
  typeId: Type.Optional(Int(1)),
  no: Type.Optional(Text(60)),
  status: Type.Optional(StatusSchema),
  source: Type.Optional(SourceSchema),
  caseId: Type.Optional(Type.Integer({ minimum: 1, maximum: INT4_MAX, description: '签发（变更、延续、补发）该证照版本的办件' })),
  page: Type.Optional(Int(1, 100000)),
  pageSize: Type.Optional(Int(1, 100)),
}, { additionalProperties: false });

export const LicenseListSchema = Type.Object({ items: Type.Array(LicenseSummarySchema), total: Type.Integer() });

export const OfferQuery = Type.Object({
  holderIdNo: Text(30),
  materialIds: Type.String({ pattern: '^[0-9]{1,10}(,[0-9]{1,10}){0,299}$', description: '受理清单上的材料编号，逗号分隔' }),
}, { additionalProperties: false });

/** A holder's license offered for a material (at the window's intake, or a slot of 网上申办): can it be used today? */
export const OfferedLicenseSchema = Type.Object({
  id: Type.Integer(),
  version: Type.Integer(),
  licenseNo: Type.String(),
  holderName: Type.String(),
  status: StatusSchema,
  validUntil: Nullable(Type.String()),
  issuerName: Type.String(),
  usable: Type.Boolean(),
  reason: Type.String({ description: '不能使用的原因（可用时为空）' }),
});
export type OfferedLicense = Static<typeof OfferedLicenseSchema>;

export const OfferSchema = Type.Object({
  items: Type.Array(Type.Object({
    materialId: Type.Integer(),
    materialName: Type.String(),
    licenseType: Type.String(),
    licenses: Type.Array(OfferedLicenseSchema),
  })),
});
export type OfferList = Static<typeof OfferSchema>;

export const RevokeBody = obj({ reason: MultiText(500, 1) });

export const PublicLicenseSchema = Type.Object({
  typeName: Type.String(),
  licenseNo: Type.String(),
  version: Type.Integer(),
  latestVersion: Type.Integer({ description: '该证照的最新版本' }),
  latestStatus: StatusSchema,
  holderName: Type.String({ description: '持证主体（自然人脱敏）' }),
  holderIdNo: Type.String({ description: '持证主体代码（脱敏）' }),
  issuerName: Type.String(),
  issuedOn: Type.String(),
  validFrom: Type.String(),
  validUntil: Nullable(Type.String()),
  status: StatusSchema,
  statusReason: Type.String(),
  source: SourceSchema,
  signature: Type.Object({ present: Type.Boolean(), valid: Type.Boolean(), algorithm: Nullable(Type.String()), keyId: Nullable(Type.String()) }),
  pdfSha256: Nullable(Type.String()),
});
export type PublicLicense = Static<typeof PublicLicenseSchema>;

export const VerifyCodeParams = Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9_-]{8,40}$' }) }, { additionalProperties: false });

export const CheckBody = obj({ contentBase64: Type.String({ minLength: 4, maxLength: 14_000_000, pattern: '^[A-Za-z0-9+/]+=*$', description: '证照文件内容（base64）' }) });
export const CheckResultSchema = Type.Object({
  matches: Type.Boolean({ description: '上传文件的摘要与证照库登记的一致' }),
  sha256: Type.String(),
  expectedSha256: Nullable(Type.String()),
  signatureValid: Type.Boolean(),
  status: StatusSchema,
});

export const ImportBody = obj({ csv: MultiText(5_000_000, 1) });
export const ImportResultSchema = Type.Object({
  imported: Type.Integer(),
  skipped: Type.Array(Type.Object({ row: Type.Integer(), reason: Type.String() })),
});

export const StatsQuery = Type.Object({ from: DateString, to: DateString }, { additionalProperties: false });
export const StatsSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  rows: Type.Array(Type.Object({
    departmentId: Type.Integer(), departmentName: Type.String(), itemId: Type.Integer(), itemName: Type.String(),
    lines: Type.Integer({ description: '清单材料行数（不含不适用、关联件已收）' }), replaceable: Type.Integer({ description: '其中可由电子证照替代的行数' }),
    byLicense: Type.Integer({ description: '以电子证照免提交的行数' }), rate: Type.Number({ description: '免提交率 = 免提交行数 / 材料行数' }),
  })),
  departments: Type.Array(Type.Object({ departmentId: Type.Integer(), departmentName: Type.String(), lines: Type.Integer(), replaceable: Type.Integer(), byLicense: Type.Integer(), rate: Type.Number() })),
  total: Type.Object({ lines: Type.Integer(), replaceable: Type.Integer(), byLicense: Type.Integer(), rate: Type.Number() }),
});
export type LicenseStats = Static<typeof StatsSchema>;

export const SealKeySchema = Type.Object({
  id: Type.String(), departmentId: Type.Integer(), departmentName: Type.String(), algorithm: Type.String(), publicKey: Type.String(),
  createdAt: Instant(), retiredAt: Nullable(Instant()), signed: Type.Integer(),
});
export const DepartmentParams = Type.Object({ departmentId: Type.Integer({ minimum: 1, maximum: INT4_MAX }) }, { additionalProperties: false });
