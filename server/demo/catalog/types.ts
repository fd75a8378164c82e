/**
 * Shapes of the hand-written demo catalog (what the department files write) and of the generated
 * catalog (what the loader inserts). The department files stay short: the generator in
 * `../catalog-data.ts` fills in codes, locations, flow charts and the checklists of the variants.
 */
import type {
  CaseType, FlowStep, ItemCategory, ItemTypeCode, LIFE_EVENTS, LimitUnit, MaterialForm, SubItemKind, SubjectType, TongbanScope,
} from '../../../common/catalog.js';

export type LifeEvent = (typeof LIFE_EVENTS)[number];

// ---------------------------------------------------------------------------------------------
// Hand-written input

/** One definition of the standard material library (材料标准化定义库). */
export interface MaterialSpec {
  code: string;
  name: string;
  /** what the document is */
  what: string;
  /** what the clerk checks on it (default 审核要点 of its checklist lines) */
  review: string;
  /** how a sample looks / where to get it */
  sample: string;
  /** 'government': issued by a public body (can often be fetched instead of handed in) */
  src?: 'applicant' | 'government';
  /** the e-license type (电子证照) that can replace it */
  lic?: string;
  /** default form on a checklist line (default: original_and_copy for certificates, original otherwise) */
  form?: MaterialForm;
  copies?: number;
  /** 告知承诺制 allowed for this material where the practice allows it */
  commit?: boolean;
  /** secondary material: may be accepted missing (容缺) on a written promise */
  secondary?: boolean;
}

/** A checklist line as written: a material name, or a name with overrides. */
export type LineSpec =
  | string
  | {
      m: string;
      form?: MaterialForm;
      copies?: number;
      required?: boolean;
      missing?: boolean;
      commit?: boolean;
      cond?: string;
      review?: string;
    };

/** A sub-item written by hand (for items whose 办理项 are not the standard 新办/变更/延续/注销/补证). */
export interface SubSpec {
  name: string;
  kind: SubItemKind;
  /** main materials of this sub-item (replaces the item's `mats`) */
  mats?: LineSpec[];
  /** application form (replaces the item's `form`) */
  form?: string;
  /** identity of the applicant (replaces the item's `who`) */
  who?: LineSpec[];
}

export interface ItemSpec {
  name: string;
  type: ItemTypeCode;
  subject: SubjectType;
  cat: ItemCategory;
  /** [statutory, promised] limits; [0, 0] is a 即办件 */
  limits: [number, number];
  unit?: LimitUnit;
  batch: 1 | 2 | 3;
  /** 设定依据 */
  basis: string;
  /** 受理条件 */
  cond: string;
  /** space-separated words people type for it */
  kw?: string;
  life?: LifeEvent[];
  inspect?: boolean;
  steps?: 1 | 2 | 3;
  /** where it is enabled: all sites, centre + streets, or the district centre only */
  sites?: 'all' | 'street' | 'centre';
  tongban?: TongbanScope;
  fees?: string;
  /** false: the applicant must come in person (no 授权委托书 lines) */
  agent?: boolean;
  /** identity of the applicant (default by subject type) */
  who?: LineSpec[];
  /** application form material */
  form: string;
  /** main materials of the first application */
  mats: LineSpec[];
  /** the licence or certificate an applicant holds (for 变更/延续/注销/换证) */
  licence?: string;
  /** extra materials for 变更 (default: 变更事项证明材料) */
  change?: LineSpec[];
  /** extra materials for 延续 */
  renew?: LineSpec[];
  /** standard variants, e.g. '新办 变更 延续 注销 补证' */
  v?: string;
  /** hand-written sub-items (instead of `v`) */
  subs?: SubSpec[];
  /** an item open to citizens and organisations listed as two sub-items, （个人申请） and （单位申请） */
  split?: boolean;
}

export interface DepartmentCatalog {
  dept: string;
  items: ItemSpec[];
}

export interface BundleSpec {
  code: string;
  name: string;
  description: string;
  lifeEvent: LifeEvent;
  kind: 'bundle' | 'chain';
  /** sub-item names, in order */
  subItems: string[];
}

// ---------------------------------------------------------------------------------------------
// Generated output (the rows to insert, with codes instead of ids)

export interface DemoMaterial {
  code: string;
  name: string;
  description: string;
  sampleNote: string;
  source: 'applicant' | 'government';
  licenseType: string | null;
}

export interface DemoChecklistLine {
  lineNo: number;
  materialCode: string;
  form: MaterialForm;
  copies: number;
  required: boolean;
  allowMissing: boolean;
  allowCommitment: boolean;
  condition: string;
  reviewPoints: string;
}

export interface DemoSubItem {
  code: string; // 业务办理项编码 (33)
  name: string;
  kind: SubItemKind;
  checklist: DemoChecklistLine[];
}

export interface DemoItem {
  baseCode: string; // 基本编码 (12)
  implCode: string; // 实施编码 (31)
  name: string;
  departmentCode: string;
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
  batch: 1 | 2 | 3;
  enabledSiteCodes: string[];
  tongbanScope: TongbanScope;
  flowSteps: FlowStep[];
  keywords: string[];
  lifeEvents: string[];
  subItems: DemoSubItem[];
}

export interface DemoBundle {
  code: string;
  name: string;
  description: string;
  lifeEvent: string;
  kind: 'bundle' | 'chain';
  subItemCodes: string[];
}

export interface DemoCatalog {
  /** implementing-body USCC per department code */
  departmentUscc: Record<string, string>;
  materials: DemoMaterial[];
  items: DemoItem[];
  bundles: DemoBundle[];
}

// ---------------------------------------------------------------------------------------------
// Small helpers for the department files

/** A line that applies only in some cases but is then required. */
export const when = (m: string, cond: string, extra: Omit<Exclude<LineSpec, string>, 'm' | 'cond'> = {}): LineSpec => ({ m, cond, ...extra });
/** An optional line. */
export const opt = (m: string, cond = '', extra: Omit<Exclude<LineSpec, string>, 'm' | 'cond' | 'required'> = {}): LineSpec => ({ m, cond, required: false, ...extra });
/** A line whose material may be missing at acceptance (容缺) on a written promise. */
export const miss = (m: string, extra: Omit<Exclude<LineSpec, string>, 'm' | 'missing'> = {}): LineSpec => ({ m, missing: true, ...extra });
