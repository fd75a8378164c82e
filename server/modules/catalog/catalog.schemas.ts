/**
 * Response schemas of the catalog's operations (issue "Renovation": every operation documents its answer). Each
 * describes what the service really returns: the rows of catalog.tables.ts as drizzle reads them, plus what the
 * services add. Timestamps are Date objects that fast-json-stringify writes as ISO 8601 text; `YYYY-MM-DD` days are
 * strings already. Text columns that a check constraint (or every writer's schema) keeps to a list are documented as
 * that enum but typed as the column's string, since that is what the handler gives.
 */
import { ONLINE_MODES } from '../../../common/online.js';
import { Type, type TSchema } from 'typebox';
import {
  CASE_TYPES, ITEM_CATEGORIES, ITEM_TYPES, LIMIT_UNITS, MATERIAL_FORMS, SUB_ITEM_KINDS, SUBJECT_TYPES, TONGBAN_SCOPES, VERSION_STATUSES,
} from '../../../common/catalog.js';
import { Instant, Items, Nullable, Page, RefSchema, literals } from '../../platform/schemas.js';
import { ALLOWED_MIME_TYPES, FILE_KINDS } from './catalog.files.js';
import type { MatchedBy } from './catalog.search.js';
import { COMPARED_FIELDS } from './catalog.workflow.js';

/** a text column whose values are one of a list: documented as the enum, typed as the string the row has */
const stored = <const T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<string>({ ...literals(values), ...(description ? { description } : {}) });
/** a date column read as `YYYY-MM-DD` text */
const Day = (description?: string) => Type.String({ format: 'date', ...(description ? { description } : {}) });
const Integer = (description?: string) => Type.Integer(description ? { description } : {});
/** an object schema with more properties: the shared shape stays defined once */
const extend = <P extends Record<string, TSchema>, Q extends Record<string, TSchema>>(base: { properties: P }, more: Q) =>
  Type.Object({ ...base.properties, ...more });

const Timestamps = { createdAt: Instant('创建时间'), updatedAt: Instant('最后修改时间') };
const LimitUnit = stored(LIMIT_UNITS, 'working 工作日 / natural 自然日');

/** 办理流程的一个环节（办事指南中的流程图） */
export const FlowStepView = Type.Object({
  name: Type.String({ description: '环节名称，如 受理、审查、决定' }),
  actor: Type.String({ description: '办理主体，如 综合受理窗口' }),
  days: Type.Optional(Type.Integer({ description: '本环节时限（工作日），未公布时不出现' })),
});

/** 事项（GB/T 39046 要素）：catalog_items 的一行 */
export const CatalogItemView = Type.Object({
  id: Type.Integer(),
  baseCode: Type.String({ description: '基本编码' }),
  implCode: Type.String({ description: '实施编码（唯一）' }),
  name: Type.String(),
  departmentId: Integer('实施部门 ID'),
  subjectType: stored(SUBJECT_TYPES, '服务对象：citizen 自然人 / legal_person 法人 / both 两者'),
  category: stored(ITEM_CATEGORIES, '事项类别：engineering 工程类 / business 经营类 / citizen 公民类'),
  itemType: stored(Object.keys(ITEM_TYPES) as (keyof typeof ITEM_TYPES)[], '事项类型代码（GB/T 39046，如 01 行政许可、20 公共服务）'),
  level: Type.Integer({ minimum: 1, maximum: 6, description: '行使层级：1 国家级 … 4 县级、5 镇（乡、街道）级、6 村（社区）级' }),
  legalBasis: Type.String({ description: '设定依据' }),
  conditions: Type.String({ description: '受理条件' }),
  statutoryLimit: Integer('法定办结时限（单位见 statutoryUnit）'),
  statutoryUnit: LimitUnit,
  promisedLimit: Integer('承诺办结时限（单位见 promisedUnit），不超过法定时限'),
  promisedUnit: LimitUnit,
  caseType: stored(CASE_TYPES, '办件类型：instant 即办件 / promised 承诺件'),
  fees: Type.String({ description: '收费标准' }),
  location: Type.String({ description: '办理地点' }),
  hours: Type.String({ description: '办理时间' }),
  phones: Type.String({ description: '咨询电话' }),
  inspectionNeeded: Type.Boolean({ description: '是否需要现场勘查' }),
  approvalSteps: Type.Integer({ minimum: 1, maximum: 3, description: '审批层级数（承办 / 审核 / 批准，1–3 级）' }),
  batch: Type.Integer({ minimum: 1, maximum: 3, description: '常用批次：1 常用、2 较常用、3 少用（搜索时 1 排在前）' }),
  enabledSiteIds: Type.Array(Type.Integer(), { description: '可受理本事项的场所 ID' }),
  tongbanScope: stored(TONGBAN_SCOPES, '通办范围：none 不通办 / district 全区通办 / city 全市通办'),
  flowSteps: Type.Array(FlowStepView, { description: '办理流程' }),
  keywords: Type.Array(Type.String(), { description: '搜索关键词（同义词、俗称）' }),
  lifeEvents: Type.Array(Type.String(), { description: '所属人生事件，如 开办企业' }),
  active: Type.Boolean({ description: '是否启用（停用后不对外提供办事指南和受理）' }),
  ...Timestamps,
});

/** 事项列表的一行 */
export const CatalogItemListEntry = extend(CatalogItemView, {
  departmentName: Type.String({ description: '实施部门名称' }),
  subItemCount: Integer('办理项数量（含停用的）'),
});

/** 办理项：catalog_sub_items 的一行 */
export const SubItemView = Type.Object({
  id: Type.Integer(),
  itemId: Integer('所属事项 ID'),
  code: Type.String({ description: '业务办理项编码（唯一）' }),
  name: Type.String(),
  kind: stored(SUB_ITEM_KINDS, 'new 新办 / change 变更 / renew 延续 / cancel 注销 / reissue 补证 / other 其他'),
  onlineMode: stored(ONLINE_MODES, '网上办理：none 窗口办理 / prereview 网上预审、窗口一次办结 / full 全程网办'),
  active: Type.Boolean({ description: '是否启用' }),
  ...Timestamps,
});

/** 表格下载 / 填写示例 / 材料样本（下载地址 /api/public/files/{id}） */
export const CatalogFileView = Type.Object({
  id: Type.Integer(),
  ownerType: stored(['item', 'material'] as const, '所属：item 事项 / material 标准材料'),
  ownerId: Integer('所属事项或材料的 ID'),
  kind: stored(FILE_KINDS, 'form_template 表格下载 / filled_sample 填写示例 / material_sample 材料样本'),
  title: Type.String({ description: '显示标题' }),
  fileName: Type.String({ description: '上传时的文件名' }),
  mimeType: stored(ALLOWED_MIME_TYPES),
  size: Integer('字节数'),
  createdAt: Instant('上传时间'),
});

/** GET /api/catalog/items/{id} */
export const ItemDetailView = Type.Object({
  item: CatalogItemView,
  departmentName: Type.String({ description: '实施部门名称' }),
  subItems: Type.Array(SubItemView, { description: '全部办理项（含停用的），按编码排序' }),
  files: Type.Array(CatalogFileView, { description: '事项的表格与示例' }),
  canEdit: Type.Boolean({ description: '当前用户可修改本事项（事项管理员或本部门清单员）' }),
});

/** 受理清单版本：checklist_versions 的一行 */
export const ChecklistVersionView = Type.Object({
  id: Type.Integer(),
  subItemId: Integer('所属办理项 ID'),
  versionNo: Integer('版本号（同一办理项内从 1 递增）'),
  status: stored(VERSION_STATUSES, 'draft 草稿 / submitted 已报送待审核 / returned 已退回 / published 已发布'),
  basedOnId: Nullable(Integer('起草时复制的版本 ID（首个版本为空）')),
  note: Type.String({ description: '修订说明' }),
  createdBy: Nullable(Integer('起草人用户 ID')),
  createdAt: Instant('起草时间'),
  submittedBy: Nullable(Integer('报送（部门确认）人用户 ID')),
  submittedAt: Nullable(Instant('报送时间')),
  reviewedBy: Nullable(Integer('审核（发布或退回）人用户 ID')),
  reviewedAt: Nullable(Instant('审核时间')),
  reviewComment: Nullable(Type.String({ description: '审核意见（退回时必填）' })),
  effectiveFrom: Nullable(Day('生效日期（发布时确定）')),
  publishedAt: Nullable(Instant('发布时间')),
});

/** 清单版本，附起草、报送、审核人的姓名（责任记录） */
export const ChecklistVersionWithNamesView = extend(ChecklistVersionView, {
  createdByName: Nullable(Type.String({ description: '起草人姓名' })),
  submittedByName: Nullable(Type.String({ description: '报送人姓名' })),
  reviewedByName: Nullable(Type.String({ description: '审核人姓名' })),
});

/** 清单中的一项材料（checklist_lines 的一行及其标准材料） */
export const ChecklistLineView = Type.Object({
  id: Type.Integer(),
  versionId: Integer('所属清单版本 ID'),
  lineNo: Integer('序号（从 1 起）'),
  materialId: Integer('标准材料 ID'),
  form: stored(MATERIAL_FORMS, '材料形式：original 原件 / copy 复印件 / original_and_copy 原件及复印件 / electronic 电子件'),
  copies: Integer('份数'),
  required: Type.Boolean({ description: '是否必须' }),
  allowMissing: Type.Boolean({ description: '可容缺受理' }),
  allowCommitment: Type.Boolean({ description: '可告知承诺' }),
  condition: Type.String({ description: '适用情形（空串：都需要）' }),
  reviewPoints: Type.String({ description: '审核要点（仅工作人员可见，公开办事指南中为空串）' }),
  materialName: Type.String(),
  materialCode: Type.String(),
  licenseType: Nullable(Type.String({ description: '可替代的电子证照类型' })),
});

/** GET /api/catalog/sub-items/{id}/versions */
export const VersionHistoryView = Type.Object({
  subItem: SubItemView,
  item: CatalogItemView,
  versions: Type.Array(ChecklistVersionWithNamesView, { description: '新的在前；无权查看草稿者只有已发布的版本' }),
  effectiveVersionId: Nullable(Integer('今天生效的版本 ID（无则为空）')),
});

/** GET /api/catalog/versions/{id} */
export const ChecklistVersionDetailView = Type.Object({
  version: ChecklistVersionWithNamesView,
  subItem: SubItemView,
  item: CatalogItemView,
  lines: Type.Array(ChecklistLineView),
  actions: Type.Array(literals(['edit', 'submit', 'discard', 'publish', 'return'] as const), { description: '当前用户现在可执行的操作' }),
});

/** 逐行比较的一项：新增、删除或未变 */
export const DiffLineEntry = Type.Object({
  kind: literals(['added', 'removed', 'unchanged'] as const),
  line: ChecklistLineView,
});
/** 逐行比较的一项：修改（同一材料的前后两行及变化的字段） */
export const DiffChangedEntry = Type.Object({
  kind: Type.Literal('changed'),
  before: ChecklistLineView,
  after: ChecklistLineView,
  fields: Type.Array(literals(COMPARED_FIELDS), { description: '变化的字段' }),
});

/** GET /api/catalog/versions/{id}/diff */
export const ChecklistDiffView = Type.Object({
  version: ChecklistVersionView,
  base: Nullable(ChecklistVersionView),
  entries: Type.Array(Type.Union([DiffLineEntry, DiffChangedEntry]), { description: '按本版本的顺序，被删除的在后' }),
});

/** 待审核 / 待处理的清单版本 */
export const ReviewQueueEntry = Type.Object({
  id: Integer('清单版本 ID'),
  versionNo: Type.Integer(),
  status: stored(VERSION_STATUSES),
  submittedAt: Nullable(Instant('报送时间')),
  createdAt: Instant('起草时间'),
  reviewComment: Nullable(Type.String({ description: '上次退回的审核意见' })),
  subItemId: Type.Integer(),
  subItemName: Type.String(),
  subItemCode: Type.String(),
  itemId: Type.Integer(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
});

/** 标准材料：catalog_materials 的一行 */
export const MaterialView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  sampleNote: Type.String({ description: '样本说明' }),
  licenseType: Nullable(Type.String({ description: '可替代的电子证照类型' })),
  source: stored(['applicant', 'government'] as const, 'applicant 申请人提供 / government 政府部门核发'),
  ...Timestamps,
});
/** 标准材料库的一行 */
export const MaterialListEntry = extend(MaterialView, { usedBy: Integer('已发布的清单版本（含已被替代的）中使用它的办理项数') });

/** 一件事：catalog_bundles 的一行 */
export const BundleView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  lifeEvent: Type.String({ description: '所属人生事件（空串：无）' }),
  kind: stored(['bundle', 'chain'] as const, 'bundle 套餐式 / chain 链条式'),
  active: Type.Boolean({ description: '是否启用（停用的不公开）' }),
  ...Timestamps,
});
/** 一件事列表的一行 */
export const BundleListEntry = extend(BundleView, { items: Integer('包含的办理项数') });

/** GET /api/catalog/bundles/{id}, /api/public/bundles/{id} */
export const BundleDetailView = Type.Object({
  bundle: BundleView,
  members: Type.Array(
    Type.Object({
      seq: Integer('顺序（从 1 起）'),
      subItem: SubItemView,
      itemName: Type.String(),
      departmentName: Type.String(),
      promisedLimit: Integer('承诺办结时限'),
      promisedUnit: LimitUnit,
      caseType: stored(CASE_TYPES, 'instant 即办件 / promised 承诺件'),
      versionId: Nullable(Integer('今天生效的清单版本 ID（无则为空）')),
    }),
  ),
  materials: Type.Array(
    Type.Object({
      materialId: Type.Integer(),
      materialName: Type.String(),
      licenseType: Nullable(Type.String({ description: '可替代的电子证照类型' })),
      requiredBy: Type.Array(Type.String(), { description: '需要该材料的办理项名称' }),
      form: stored(MATERIAL_FORMS, '各办理项要求的形式不同时为 original_and_copy'),
      copies: Integer('各办理项要求份数的最大值'),
      required: Type.Boolean({ description: '任一办理项必须即为必须' }),
    }),
    { description: '合并后的材料清单（同一材料只收一次）' },
  ),
  totalLines: Integer('合并前各办理项清单的材料行数之和'),
});

/** 办事指南中的材料行：附标准材料的说明 */
export const GuideLineView = extend(ChecklistLineView, { description: Type.String({ description: '标准材料的说明' }) });

/** GET /api/catalog/guide/{id}, /api/public/guide/{id}: 办理项的办事指南（现行清单） */
/** The checklist version a guide shows: its number and since when it is in force (who drafted or reviewed it stays internal). */
export const GuideVersionView = Type.Object({
  id: Type.Integer(),
  versionNo: Integer('版本号'),
  effectiveFrom: Nullable(Day('生效日期')),
  publishedAt: Nullable(Instant('发布时间')),
});

export const GuideView = Type.Object({
  files: Type.Array(CatalogFileView, { description: '事项的表格与示例，及清单中材料的样本' }),
  item: CatalogItemView,
  subItem: SubItemView,
  departmentName: Type.String(),
  version: GuideVersionView,
  lines: Type.Array(GuideLineView),
  bundles: Type.Array(BundleView, { description: '包含本办理项的启用中的一件事' }),
  siblings: Type.Array(SubItemView, { description: '同一事项下启用中的办理项（含本项）' }),
  sites: Type.Array(RefSchema, { description: '可受理的场所' }),
});

const MATCHED_BY = ['name', 'keyword', 'code', 'pinyin', 'initials', 'fuzzy', 'browse'] as const satisfies readonly MatchedBy[];

/** GET /api/catalog/search */
export const SearchResultView = Type.Object({
  total: Integer('过滤后匹配的办理项总数（不受 limit 限制）'),
  items: Type.Array(
    Type.Object({
      subItemId: Type.Integer(),
      itemId: Type.Integer(),
      name: Type.String({ description: '办理项名称' }),
      itemName: Type.String({ description: '事项名称' }),
      code: Type.String({ description: '业务办理项编码' }),
      departmentName: Type.String(),
      category: literals(ITEM_CATEGORIES),
      subjectType: literals(SUBJECT_TYPES),
      batch: Type.Integer({ minimum: 1, maximum: 3, description: '常用批次' }),
      matchedBy: Type.Enum(MATCHED_BY, { description: '匹配方式：名称、关键词、编码、拼音、首字母、容错一字；无查询词（仅按条件浏览）时为 browse' }),
      score: Type.Number({ description: '匹配等级：1（编码 / 名称完全一致）… 0.3（容错一字）；无查询词时为 0。结果已排序' }),
    }),
  ),
});

/** GET /api/public/life-events */
export const BrowseCountsView = Type.Object({
  lifeEvents: Type.Array(Type.Object({ name: Type.String({ description: '人生事件' }), count: Integer('可办的办理项数') })),
  categories: Type.Array(Type.Object({ category: literals(ITEM_CATEGORIES), count: Integer('可办的办理项数') })),
});

/** the id of what was created or saved */
export const IdView = Type.Object({ id: Type.Integer() });

export const CatalogItemPage = Page(CatalogItemListEntry);
export const ReviewQueueView = Items(ReviewQueueEntry);
export const MaterialListView = Items(MaterialListEntry);
export const BundleListView = Items(BundleListEntry);
