/**
 * The catalog (事项清单) API: items and sub-items, checklist versions and their review, the
 * standard material library, bundles (一件事), and the public search / guide endpoints.
 * The types mirror the server's service results serialised as JSON (dates as ISO strings).
 */
import type {
  CaseType,
  FlowStep,
  ItemCategory,
  ItemTypeCode,
  LimitUnit,
  MaterialForm,
  SubItemKind,
  SubjectType,
  TongbanScope,
  VersionStatus,
} from '@common/catalog';
import { http } from './http';

// ---- items ----------------------------------------------------------------------------------

/** The editable fields of an item (事项), GB/T 39046. */
export interface ItemFields {
  baseCode: string;
  implCode: string;
  name: string;
  departmentId: number;
  subjectType: SubjectType;
  category: ItemCategory;
  itemType: ItemTypeCode;
  level: number;
  legalBasis: string;
  conditions: string;
  statutoryLimit: number;
  statutoryUnit: LimitUnit;
  promisedLimit: number;
  promisedUnit: LimitUnit;
  caseType: CaseType;
  fees: string;
  location: string;
  hours: string;
  phones: string;
  inspectionNeeded: boolean;
  approvalSteps: number;
  batch: number;
  enabledSiteIds: number[];
  tongbanScope: TongbanScope;
  flowSteps: FlowStep[];
  keywords: string[];
  lifeEvents: string[];
}

export interface CatalogItem extends ItemFields {
  id: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CatalogItemListRow extends CatalogItem {
  departmentName: string;
  subItemCount: number;
}

export interface SubItem {
  id: number;
  itemId: number;
  code: string;
  name: string;
  kind: SubItemKind;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ItemDetail {
  item: CatalogItem;
  departmentName: string;
  subItems: SubItem[];
  files: CatalogFile[];
  /** the actor may PATCH this item (centre, or the owning department's editor) */
  canEdit: boolean;
}

export interface ItemQuery {
  q?: string;
  departmentId?: number | null;
  category?: ItemCategory | '';
  batch?: number | null;
  page: number;
  pageSize: number;
}

// ---- checklist versions ---------------------------------------------------------------------

export type VersionAction = 'edit' | 'submit' | 'discard' | 'publish' | 'return';

export interface ChecklistVersion {
  id: number;
  subItemId: number;
  versionNo: number;
  status: VersionStatus;
  basedOnId: number | null;
  note: string;
  createdBy: number | null;
  createdAt: string;
  submittedBy: number | null;
  createdByName?: string | null;
  submittedByName?: string | null;
  reviewedByName?: string | null;
  submittedAt: string | null;
  reviewedBy: number | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  /** `YYYY-MM-DD` */
  effectiveFrom: string | null;
  publishedAt: string | null;
}

/** What a checklist line says (the body of PUT …/lines). */
export interface LineInput {
  materialId: number;
  form: MaterialForm;
  copies: number;
  required: boolean;
  /** 容缺: may be missing at acceptance on a written promise */
  allowMissing: boolean;
  /** 告知承诺 */
  allowCommitment: boolean;
  condition: string;
  /** 审核要点 */
  reviewPoints: string;
}

export interface ChecklistLine extends LineInput {
  id: number;
  versionId: number;
  lineNo: number;
  materialName: string;
  materialCode: string;
  licenseType: string | null;
}

export interface VersionDetail {
  version: ChecklistVersion;
  subItem: SubItem;
  item: CatalogItem;
  lines: ChecklistLine[];
  /** what the actor may do now (from the workflow table and the actor's scope) */
  actions: VersionAction[];
}

export interface VersionHistory {
  subItem: SubItem;
  item: CatalogItem;
  /** newest first; drafts only for those who may see them */
  versions: ChecklistVersion[];
  effectiveVersionId: number | null;
}

export const COMPARED_FIELDS = ['form', 'copies', 'required', 'allowMissing', 'allowCommitment', 'condition', 'reviewPoints'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export type DiffEntry =
  | { kind: 'added'; line: ChecklistLine }
  | { kind: 'removed'; line: ChecklistLine }
  | { kind: 'changed'; before: ChecklistLine; after: ChecklistLine; fields: ComparedField[] }
  | { kind: 'unchanged'; line: ChecklistLine };

export interface VersionDiff {
  version: ChecklistVersion;
  /** the version it is compared with (null: a first version, everything is added) */
  base: ChecklistVersion | null;
  entries: DiffEntry[];
}

/** A row of GET /api/catalog/review-queue. */
export interface QueueRow {
  id: number;
  versionNo: number;
  status: VersionStatus;
  submittedAt: string | null;
  createdAt: string;
  reviewComment: string | null;
  subItemId: number;
  subItemName: string;
  subItemCode: string;
  itemId: number;
  departmentId: number;
  departmentName: string;
}

// ---- materials ------------------------------------------------------------------------------

export type MaterialSource = 'applicant' | 'government';

export interface MaterialFields {
  name: string;
  description: string;
  sampleNote: string;
  licenseType: string | null;
  source: MaterialSource;
}

export interface Material extends MaterialFields {
  id: number;
  code: string;
  createdAt: string;
  updatedAt: string;
  /** sub-items whose published checklists use it */
  usedBy: number;
}

// ---- bundles --------------------------------------------------------------------------------

export type BundleKind = 'bundle' | 'chain';

export interface Bundle {
  id: number;
  code: string;
  name: string;
  description: string;
  lifeEvent: string;
  kind: BundleKind;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface BundleListRow extends Bundle {
  /** number of member sub-items */
  items: number;
}

export interface BundleMember {
  seq: number;
  subItem: SubItem;
  itemName: string;
  departmentName: string;
  promisedLimit: number;
  versionId: number | null;
}

export interface MergedMaterial {
  materialId: number;
  materialName: string;
  licenseType: string | null;
  /** names of the member sub-items that need it */
  requiredBy: string[];
  form: MaterialForm;
  copies: number;
  required: boolean;
}

export interface BundleDetail {
  bundle: Bundle;
  members: BundleMember[];
  materials: MergedMaterial[];
  /** lines of all member checklists before merging */
  totalLines: number;
}

export interface BundleInput {
  code: string;
  name: string;
  description: string;
  lifeEvent: string;
  kind: BundleKind;
  subItemIds: number[];
}

// ---- public: search, guide ------------------------------------------------------------------

export type MatchedBy = 'name' | 'keyword' | 'code' | 'pinyin' | 'initials' | 'fuzzy' | 'browse';

export interface SearchHit {
  subItemId: number;
  itemId: number;
  name: string;
  itemName: string;
  code: string;
  departmentName: string;
  category: ItemCategory;
  subjectType: SubjectType;
  batch: number;
  /** how the query matched; `browse` when there was no query (filters only) */
  matchedBy: MatchedBy;
  score: number;
}

export interface SearchQuery {
  q?: string;
  category?: ItemCategory | '';
  subjectType?: SubjectType | '';
  departmentId?: number | null;
  siteId?: number | null;
  lifeEvent?: string;
  batch?: number | null;
  limit?: number;
}

export interface GuideLine extends ChecklistLine {
  description: string;
}

export interface Guide {
  item: CatalogItem;
  subItem: SubItem;
  departmentName: string;
  version: ChecklistVersion;
  lines: GuideLine[];
  bundles: Bundle[];
  siblings: SubItem[];
  sites: { id: number; name: string }[];
  files?: CatalogFile[];
}

export interface BrowseCounts {
  lifeEvents: { name: string; count: number }[];
  categories: { category: ItemCategory; count: number }[];
}

// ---- calls ----------------------------------------------------------------------------------

export const catalogApi = {
  items: (query: ItemQuery) => http.get<{ total: number; items: CatalogItemListRow[] }>('/api/catalog/items', { ...query }),
  item: (id: number) => http.get<ItemDetail>(`/api/catalog/items/${id}`),
  createItem: (input: ItemFields) => http.post<CatalogItem>('/api/catalog/items', input),
  updateItem: (id: number, patch: Partial<ItemFields>) => http.patch<CatalogItem>(`/api/catalog/items/${id}`, patch),
  createSubItem: (itemId: number, input: { code: string; name: string; kind: SubItemKind }) =>
    http.post<SubItem>(`/api/catalog/items/${itemId}/sub-items`, input),
  updateSubItem: (id: number, patch: { name?: string; kind?: SubItemKind; active?: boolean }) =>
    http.patch<SubItem>(`/api/catalog/sub-items/${id}`, patch),

  history: (subItemId: number) => http.get<VersionHistory>(`/api/catalog/sub-items/${subItemId}/versions`),
  createDraft: (subItemId: number) => http.post<{ id: number }>(`/api/catalog/sub-items/${subItemId}/versions`),
  version: (id: number) => http.get<VersionDetail>(`/api/catalog/versions/${id}`),
  diff: (id: number) => http.get<VersionDiff>(`/api/catalog/versions/${id}/diff`),
  saveLines: (id: number, lines: LineInput[], note?: string) => http.put(`/api/catalog/versions/${id}/lines`, { lines, note }),
  submit: (id: number) => http.post(`/api/catalog/versions/${id}/actions/submit`),
  discard: (id: number) => http.post(`/api/catalog/versions/${id}/actions/discard`),
  returnVersion: (id: number, comment: string) => http.post(`/api/catalog/versions/${id}/actions/return`, { comment }),
  publish: (id: number, effectiveFrom: string) => http.post(`/api/catalog/versions/${id}/actions/publish`, { effectiveFrom }),
  reviewQueue: () => http.get<{ items: QueueRow[] }>('/api/catalog/review-queue'),

  materials: (q?: string) => http.get<{ items: Material[] }>('/api/catalog/materials', { q }),
  createMaterial: (input: MaterialFields & { code: string }) => http.post<Material>('/api/catalog/materials', input),
  updateMaterial: (id: number, patch: Partial<MaterialFields>) => http.patch<Material>(`/api/catalog/materials/${id}`, patch),

  bundles: () => http.get<{ items: BundleListRow[] }>('/api/catalog/bundles'),
  bundle: (id: number) => http.get<BundleDetail>(`/api/catalog/bundles/${id}`),
  createBundle: (input: BundleInput) => http.post<{ id: number }>('/api/catalog/bundles', input),
  updateBundle: (id: number, input: BundleInput) => http.put<{ id: number }>(`/api/catalog/bundles/${id}`, input),
};

export const publicCatalogApi = {
  search: (query: SearchQuery) => http.get<{ total: number; items: SearchHit[] }>('/api/catalog/search', { ...query }),
  guide: (subItemId: number) => http.get<Guide>(`/api/public/guide/${subItemId}`),
  bundles: () => http.get<{ items: BundleListRow[] }>('/api/public/bundles'),
  bundle: (id: number) => http.get<BundleDetail>(`/api/public/bundles/${id}`),
  browse: () => http.get<BrowseCounts>('/api/public/life-events'),
};

/** A form template (表格下载), filled sample (填写示例) or material sample. */
export interface CatalogFile {
  id: number;
  ownerType: 'item' | 'material';
  ownerId: number;
  kind: 'form_template' | 'filled_sample' | 'material_sample';
  title: string;
  fileName: string;
  mimeType: string;
  size: number;
  createdAt: string;
}

export const fileUrl = (id: number) => `/api/public/files/${id}`;

export const filesApi = {
  upload: (body: { ownerType: 'item' | 'material'; ownerId: number; kind: CatalogFile['kind']; title: string; fileName: string; mimeType: string; contentBase64: string }) =>
    http.post<{ id: number }>('/api/catalog/files', body),
  remove: (id: number) => http.del(`/api/catalog/files/${id}`),
};
