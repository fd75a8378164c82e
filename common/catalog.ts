/** Catalog code lists (GB/T 39046 and local), shared by server and web. */

export const SUBJECT_TYPES = ['citizen', 'legal_person', 'both'] as const; // 自然人 / 法人 / 两者
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const ITEM_CATEGORIES = ['engineering', 'business', 'citizen'] as const; // 工程类 / 经营类 / 公民类
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

/** GB/T 39046 item types (事项类型). */
export const ITEM_TYPES = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
} as const;
export type ItemTypeCode = keyof typeof ITEM_TYPES;

/** GB/T 39046 levels (行使层级). */
export const ITEM_LEVELS = { 1: '国家级', 2: '省级', 3: '市级', 4: '县级', 5: '镇（乡、街道）级', 6: '村（社区）级' } as const;

export const LIMIT_UNITS = ['working', 'natural'] as const; // 工作日 / 自然日
export type LimitUnit = (typeof LIMIT_UNITS)[number];

export const CASE_TYPES = ['instant', 'promised'] as const; // 即办件 / 承诺件
export type CaseType = (typeof CASE_TYPES)[number];

export const SUB_ITEM_KINDS = ['new', 'change', 'renew', 'cancel', 'reissue', 'other'] as const; // 新办 变更 延续 注销 补证 其他
export type SubItemKind = (typeof SUB_ITEM_KINDS)[number];
export const SUB_ITEM_KIND_LABELS: Record<SubItemKind, string> = {
  new: '新办', change: '变更', renew: '延续', cancel: '注销', reissue: '补证', other: '其他',
};

export const TONGBAN_SCOPES = ['none', 'district', 'city'] as const; // 不通办 / 全区通办 / 全市通办
export type TongbanScope = (typeof TONGBAN_SCOPES)[number];

/** How a material is handed in (原件/复印件). */
export const MATERIAL_FORMS = ['original', 'copy', 'original_and_copy', 'electronic'] as const;
export type MaterialForm = (typeof MATERIAL_FORMS)[number];

export const VERSION_STATUSES = ['draft', 'submitted', 'returned', 'published'] as const; // 草稿 / 已报送 / 已退回 / 已发布
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** One step of an item's handling flow (办理流程), drawn as the guide's flow chart. */
export interface FlowStep {
  name: string; // e.g. 受理, 审查, 现场勘查, 决定, 送达
  actor: string; // e.g. 综合受理窗口, 市场监管局
  days?: number; // working days of this step, if published
}

export const LIFE_EVENTS = [
  '出生', '上学', '就业', '婚育', '置业', '开办企业', '经营许可', '工程建设', '社会保障', '医疗卫生', '退休养老', '身后事',
] as const;
