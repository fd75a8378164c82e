/**
 * The demo catalog (事项清单) of the demo district: standard materials, items with their sub-items
 * (办理项) and checklists (受理清单), and bundles (一件事). The department files under `./catalog/`
 * hold the hand-written facts (names, legal basis, conditions, limits, materials); this module
 * turns them into rows: codes (基本编码, 实施编码, 业务办理项编码), the implementing bodies' USCCs,
 * locations and hours, flow charts, the checklists of the standard variants (新办/变更/延续/注销/
 * 补证) and the 容缺 flags. Deterministic: a seeded PRNG (mulberry32), never Math.random.
 */
import { ITEM_TYPES, type FlowStep, type MaterialForm, type SubItemKind } from '../../common/catalog.js';
import { orgCodeCheckChar, usccCheckChar } from '../../common/validators.js';
import { DEMO_DEPARTMENTS, DEMO_SITES } from './organisation.js';
import { DEMO_BUNDLE_SPECS } from './catalog/bundles.js';
import { DEVELOPMENT, HOUSING, PLANNING, URBAN } from './catalog/construction.js';
import { AGRICULTURE, COMMERCE, CULTURE, EMERGENCY, TRANSPORT, WATER } from './catalog/economy.js';
import { HEALTH, MEDICAL_INSURANCE } from './catalog/health.js';
import { MARKET } from './catalog/market.js';
import { MATERIAL_SPECS } from './catalog/materials.js';
import { EDUCATION, POLICE } from './catalog/public.js';
import { CIVIL_AFFAIRS, JUSTICE, LABOUR, VETERANS } from './catalog/social.js';
import {
  when,
  type DemoBundle, type DemoCatalog, type DemoChecklistLine, type DemoItem, type DemoMaterial, type DemoSubItem,
  type DepartmentCatalog, type ItemSpec, type LineSpec, type MaterialSpec,
} from './catalog/types.js';

export type {
  DemoBundle, DemoCatalog, DemoChecklistLine, DemoItem, DemoMaterial, DemoSubItem,
} from './catalog/types.js';

/** Seeded PRNG (mulberry32): a 32-bit state, uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20260101;

/** All department catalogs, in the order of DEMO_DEPARTMENTS where it matters (codes are per department). */
export const DEPARTMENT_CATALOGS: DepartmentCatalog[] = [
  DEVELOPMENT, EDUCATION, POLICE, CIVIL_AFFAIRS, JUSTICE, LABOUR, PLANNING, HOUSING, TRANSPORT, WATER,
  AGRICULTURE, COMMERCE, CULTURE, HEALTH, VETERANS, EMERGENCY, MARKET, URBAN, MEDICAL_INSURANCE,
];

/** Area code of the demo district in the implementing bodies' USCCs (a plausible Guangzhou district). */
const AREA_CODE = '440103';
const CENTRE = '示范区政务服务中心（中心大道 1 号）一楼综合受理区';
const HOURS_CENTRE = '周一至周五 9:00–12:00，13:30–17:30（法定节假日除外）';
const HOURS_CITIZEN_CENTRE = '周一至周五 9:00–12:00，13:30–17:30；周六 9:00–12:00（法定节假日除外）';
const HOURS_STREET = '区政务服务中心：周一至周五 9:00–12:00，13:30–17:30，周六 9:00–12:00；街道政务服务中心：周一至周五 9:00–12:00，14:00–17:30（法定节假日除外）';
const HOURS_ALL = `${HOURS_STREET}；社区政务服务站：周一至周五 9:00–12:00，14:00–17:00`;

const AGENT_CONDITION = '委托代理人办理的提供';
const AGENT_LINES: LineSpec[] = [when('授权委托书', AGENT_CONDITION), when('经办人身份证明', AGENT_CONDITION)];

/** Standard variants (`v` in the department files); 许可事项/登记事项变更 where the licence law tells them apart. */
const VARIANTS: Record<string, SubItemKind> = {
  新办: 'new', 变更: 'change', 许可事项变更: 'change', 登记事项变更: 'change', 延续: 'renew', 注销: 'cancel', 补证: 'reissue',
};

/** At most this many lines per checklist are open to 容缺 (accepted missing on a written promise). */
const MAX_MISSING = 2;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** A valid USCC for a government body (机关, category 11) with a valid embedded organisation code. */
function makeUscc(rng: () => number, taken: Set<string>): string {
  for (;;) {
    const body = `00${pad(Math.floor(rng() * 1_000_000), 6)}`;
    const orgCheck = orgCodeCheckChar(body)!;
    const first17 = `11${AREA_CODE}${body}${orgCheck}`;
    const uscc = first17 + usccCheckChar(first17);
    if (!taken.has(uscc)) {
      taken.add(uscc);
      return uscc;
    }
  }
}

function buildMaterials(): { rows: DemoMaterial[]; byName: Map<string, MaterialSpec> } {
  const byName = new Map<string, MaterialSpec>();
  const codes = new Set<string>();
  for (const m of MATERIAL_SPECS) {
    if (byName.has(m.name)) throw new Error(`duplicate material name ${m.name}`);
    if (codes.has(m.code)) throw new Error(`duplicate material code ${m.code}`);
    byName.set(m.name, m);
    codes.add(m.code);
  }
  const rows = MATERIAL_SPECS.map((m): DemoMaterial => ({
    code: m.code,
    name: m.name,
    description: `${m.what}受理时核验：${m.review}。`,
    sampleNote: m.sample,
    source: m.src ?? 'applicant',
    licenseType: m.lic ?? null,
  }));
  return { rows, byName };
}

function defaultWho(item: ItemSpec): LineSpec[] {
  if (item.subject === 'citizen') return ['居民身份证'];
  if (item.subject === 'both') return [when('居民身份证', '个人申请的提供'), when('营业执照', '单位申请的提供')];
  return item.cat === 'engineering' ? ['营业执照'] : ['营业执照', '法定代表人身份证明'];
}

interface SubDraft {
  name: string;
  kind: SubItemKind;
  specs: { spec: LineSpec; explicit: boolean }[];
}

function standardSub(item: ItemSpec, label: string): SubDraft {
  const kind = VARIANTS[label];
  if (!kind) throw new Error(`${item.name}: unknown variant ${label}`);
  const who = item.who ?? defaultWho(item);
  const agent = item.agent === false ? [] : AGENT_LINES;
  const licence = item.licence;
  if (kind !== 'new' && kind !== 'reissue' && !licence) throw new Error(`${item.name}: variant ${label} needs a licence`);
  const auto = (specs: LineSpec[]) => specs.map((spec) => ({ spec, explicit: false }));
  const mine = (specs: LineSpec[]) => specs.map((spec) => ({ spec, explicit: true }));
  let specs: SubDraft['specs'];
  switch (kind) {
    case 'new':
      specs = [...auto([item.form]), ...auto(who), ...mine(item.mats), ...auto(agent)];
      break;
    case 'change':
      specs = [
        ...auto([item.form]), ...auto(who),
        ...mine([
          { m: licence!, review: licence === '备案凭证' ? '核对原备案凭证的编号和备案主体' : '核对原证信息；变更后换发的交回原证正、副本' },
          { m: '变更事项证明材料', review: label === '登记事项变更' ? '名称、法定代表人（负责人）、住所等登记事项变更的证明，如变更后的营业执照、任职文件' : '变更前后信息对应清楚；证明文件与变更事项相符' },
          ...(label === '登记事项变更' ? [] : item.change ?? []),
        ]),
        ...auto(agent),
      ];
      break;
    case 'renew':
      specs = [
        ...auto([item.form]), ...auto(who),
        ...mine([{ m: licence!, review: '原证在有效期内，于有效期届满 30 个工作日前申请；核对证号与系统一致' }, ...(item.renew ?? [])]),
        ...auto(agent),
      ];
      break;
    case 'cancel':
      specs = [...auto(['注销申请书']), ...auto(who), ...mine([{ m: licence!, form: 'original', review: '交回原证正、副本；遗失的附遗失声明' }]), ...auto(agent)];
      break;
    case 'reissue':
      specs = [...auto([item.form]), ...auto(who), ...mine(['遗失声明']), ...auto(agent)];
      break;
    default:
      throw new Error(`${item.name}: ${label}`);
  }
  return { name: `${item.name}（${label}）`, kind, specs };
}

function subDrafts(item: ItemSpec): SubDraft[] {
  const agent = item.agent === false ? [] : AGENT_LINES;
  if (item.subs) {
    return item.subs.map((s) => ({
      name: s.name,
      kind: s.kind,
      specs: [
        { spec: s.form ?? item.form, explicit: false },
        ...(s.who ?? item.who ?? defaultWho(item)).map((spec) => ({ spec, explicit: false })),
        ...(s.mats ?? item.mats).map((spec) => ({ spec, explicit: true })),
        ...agent.map((spec) => ({ spec, explicit: false })),
      ],
    }));
  }
  if (item.v) return item.v.split(/\s+/).filter(Boolean).map((label) => standardSub(item, label));
  const kind: SubItemKind = item.type === '01' ? 'new' : 'other';
  if (item.split) {
    if (item.subject !== 'both') throw new Error(`${item.name}: split needs subject 'both'`);
    const organisation: LineSpec[] = item.cat === 'engineering' ? ['营业执照'] : ['营业执照', '法定代表人身份证明'];
    return ([['个人申请', ['居民身份证']], ['单位申请', organisation]] as const).map(([label, who]) => ({
      name: `${item.name}（${label}）`,
      kind,
      specs: [
        { spec: item.form, explicit: false },
        ...who.map((spec) => ({ spec, explicit: false })),
        ...item.mats.map((spec) => ({ spec, explicit: true })),
        ...agent.map((spec) => ({ spec, explicit: false })),
      ],
    }));
  }
  return [{
    name: item.name,
    kind,
    specs: [
      { spec: item.form, explicit: false },
      ...(item.who ?? defaultWho(item)).map((spec) => ({ spec, explicit: false })),
      ...item.mats.map((spec) => ({ spec, explicit: true })),
      ...agent.map((spec) => ({ spec, explicit: false })),
    ],
  }];
}

function checklist(where: string, draft: SubDraft, materials: Map<string, MaterialSpec>, rng: () => number): DemoChecklistLine[] {
  // Merge: a material named twice keeps its first position and the later (more specific) spec;
  // twice among the hand-written materials is a mistake.
  const order: string[] = [];
  const chosen = new Map<string, { spec: LineSpec; explicit: boolean }>();
  for (const entry of draft.specs) {
    const name = typeof entry.spec === 'string' ? entry.spec : entry.spec.m;
    if (!materials.has(name)) throw new Error(`${where}: unknown material ${name}`);
    const prev = chosen.get(name);
    if (prev) {
      if (prev.explicit && entry.explicit) throw new Error(`${where}: material ${name} listed twice`);
      if (entry.explicit || !prev.explicit) chosen.set(name, entry);
      continue;
    }
    order.push(name);
    chosen.set(name, entry);
  }
  if (order.length < 2 || order.length > 10) throw new Error(`${where}: ${order.length} checklist lines (2–10 expected)`);

  const missingOk = draft.kind !== 'cancel' && draft.kind !== 'reissue';
  let missing = 0;
  return order.map((name, i): DemoChecklistLine => {
    const m = materials.get(name)!;
    const s = chosen.get(name)!.spec;
    const o = typeof s === 'string' ? { m: s } : s;
    const form: MaterialForm = o.form ?? m.form ?? 'original_and_copy';
    const required = o.required ?? true;
    let allowMissing = o.missing ?? false;
    // 容缺 only for secondary materials on required lines, a few per checklist at most.
    if (!allowMissing && missingOk && m.secondary && required && !o.cond && missing < MAX_MISSING && rng() < 0.5) allowMissing = true;
    if (allowMissing && !required) throw new Error(`${where}: 容缺 on the optional line ${name}`);
    if (allowMissing) missing++;
    return {
      lineNo: i + 1,
      materialCode: m.code,
      form,
      copies: o.copies ?? (form === 'electronic' ? 0 : Math.max(1, m.copies ?? 1)),
      required,
      allowMissing,
      allowCommitment: o.commit ?? m.commit ?? false,
      condition: o.cond ?? '',
      reviewPoints: o.review ?? m.review,
    };
  });
}

function flowSteps(item: ItemSpec, deptShort: string, approvalSteps: number): FlowStep[] {
  const [, promised] = item.limits;
  const intake = item.cat === 'citizen' && (item.sites ?? 'all') !== 'centre' ? '综合受理窗口（区、街道、社区）' : '综合受理窗口';
  if (promised === 0) {
    return [
      { name: '申请', actor: '申请人' },
      { name: '受理并当场办结', actor: approvalSteps > 1 ? `${intake}、${deptShort}` : intake, days: 0 },
      { name: '出件', actor: '统一出件窗口', days: 0 },
    ];
  }
  let left = promised;
  const take = (want: number) => {
    const d = Math.max(0, Math.min(want, left));
    left -= d;
    return d;
  };
  const accept = take(promised >= 5 ? 1 : 0);
  const decide = approvalSteps > 1 ? take(promised >= 3 ? 1 : 0) : 0;
  const inspect = item.inspect ? take(Math.max(1, Math.round(promised * 0.3))) : 0;
  const review = left;
  const steps: FlowStep[] = [
    { name: '申请', actor: '申请人' },
    { name: '受理', actor: intake, days: accept },
    { name: approvalSteps === 1 ? '审查办结' : '审查', actor: deptShort, days: review },
  ];
  if (item.inspect) steps.push({ name: '现场核查', actor: deptShort, days: inspect });
  if (approvalSteps > 1) steps.push({ name: approvalSteps === 3 ? '批准决定' : '审核决定', actor: deptShort, days: decide });
  steps.push({ name: '送达', actor: '统一出件窗口' });
  return steps;
}

function siteCodes(scope: 'all' | 'street' | 'centre'): string[] {
  if (scope === 'centre') return ['QZX'];
  if (scope === 'street') return DEMO_SITES.filter((s) => s.level !== 'community').map((s) => s.code);
  return DEMO_SITES.map((s) => s.code);
}

function location(item: ItemSpec, scope: 'all' | 'street' | 'centre'): string {
  const windows = item.cat === 'engineering' ? '1–2 号窗口（工程建设类）' : item.cat === 'business' ? '3–5 号窗口（经营类）' : '6–8 号窗口（公民类）';
  const base = `${CENTRE} ${windows}；9 号综合窗口`;
  if (scope === 'centre') return base;
  return scope === 'street' ? `${base}；各街道政务服务中心` : `${base}；各街道政务服务中心、社区政务服务站`;
}

function hours(item: ItemSpec, scope: 'all' | 'street' | 'centre'): string {
  if (scope === 'all') return HOURS_ALL;
  if (scope === 'street') return HOURS_STREET;
  return item.cat === 'citizen' ? HOURS_CITIZEN_CENTRE : HOURS_CENTRE;
}

function defaultLifeEvents(item: ItemSpec): string[] {
  if (item.life) return [...item.life];
  if (item.cat === 'engineering') return ['工程建设'];
  if (item.cat === 'business' && item.type === '01') return ['经营许可'];
  return [];
}

/** Builds the whole demo catalog. Pure and deterministic: two calls give deep-equal results. */
export function buildDemoCatalog(): DemoCatalog {
  const rng = mulberry32(SEED);
  const { rows: materials, byName } = buildMaterials();

  const departmentUscc: Record<string, string> = {};
  const phones: Record<string, string> = {};
  const taken = new Set<string>();
  for (const d of DEMO_DEPARTMENTS) {
    departmentUscc[d.code] = makeUscc(rng, taken);
    phones[d.code] = `020-8${pad(Math.floor(rng() * 10_000_000), 7)}`;
  }

  const seen = new Set<string>();
  const items: DemoItem[] = [];
  const subNames = new Set<string>();
  for (const catalog of DEPARTMENT_CATALOGS) {
    if (seen.has(catalog.dept)) throw new Error(`department ${catalog.dept} twice`);
    seen.add(catalog.dept);
    const deptIndex = DEMO_DEPARTMENTS.findIndex((d) => d.code === catalog.dept);
    if (deptIndex < 0) throw new Error(`unknown department ${catalog.dept}`);
    const dept = DEMO_DEPARTMENTS[deptIndex]!;
    catalog.items.forEach((item, i) => {
      const where = `${dept.code} ${item.name}`;
      if (!(item.type in ITEM_TYPES)) throw new Error(`${where}: item type ${item.type}`);
      const [statutory, promised] = item.limits;
      if (promised > statutory) throw new Error(`${where}: promised ${promised} > statutory ${statutory}`);
      const instant = promised === 0;
      const approvalSteps = item.steps ?? (instant ? 1 : item.type === '01' ? 3 : item.type === '10' ? 1 : 2);
      const scope = item.sites ?? (item.cat === 'citizen' ? 'all' : 'centre');
      if (item.cat !== 'citizen' && scope !== 'centre') throw new Error(`${where}: business and engineering items are enabled at the centre only`);
      const baseCode = `${item.type}${pad(deptIndex + 1, 2)}${pad(i + 1, 4)}0000`;
      const implCode = `${departmentUscc[dept.code]}4${baseCode}`;
      const subItems = subDrafts(item).map((draft, j): DemoSubItem => {
        if (subNames.has(draft.name)) throw new Error(`${where}: sub-item name ${draft.name} used twice`);
        subNames.add(draft.name);
        return { code: `${implCode}${pad(j + 1, 2)}`, name: draft.name, kind: draft.kind, checklist: checklist(`${where} / ${draft.name}`, draft, byName, rng) };
      });
      items.push({
        baseCode,
        implCode,
        name: item.name,
        departmentCode: dept.code,
        subjectType: item.subject,
        category: item.cat,
        itemType: item.type,
        level: 4,
        legalBasis: item.basis,
        conditions: item.cond,
        statutoryLimit: statutory,
        statutoryUnit: item.unit ?? 'working',
        promisedLimit: promised,
        promisedUnit: item.unit ?? 'working',
        caseType: instant ? 'instant' : 'promised',
        fees: item.fees ?? '不收费',
        location: location(item, scope),
        hours: hours(item, scope),
        phones: `咨询电话：${phones[dept.code]}；监督投诉：12345`,
        inspectionNeeded: item.inspect ?? false,
        approvalSteps,
        batch: item.batch,
        enabledSiteCodes: siteCodes(scope),
        tongbanScope: item.tongban ?? (scope === 'centre' ? 'none' : 'district'),
        flowSteps: flowSteps(item, dept.shortName, approvalSteps),
        keywords: (item.kw ?? '').split(/\s+/).filter(Boolean),
        lifeEvents: defaultLifeEvents(item),
        subItems,
      });
    });
  }
  for (const d of DEMO_DEPARTMENTS) if (!seen.has(d.code)) throw new Error(`department ${d.code} has no catalog`);

  const codeBySubName = new Map<string, string>();
  for (const it of items) for (const s of it.subItems) codeBySubName.set(s.name, s.code);
  const bundles = DEMO_BUNDLE_SPECS.map((b): DemoBundle => ({
    code: b.code,
    name: b.name,
    description: b.description,
    lifeEvent: b.lifeEvent,
    kind: b.kind,
    subItemCodes: b.subItems.map((n) => {
      const code = codeBySubName.get(n);
      if (!code) throw new Error(`bundle ${b.code}: unknown sub-item ${n}`);
      return code;
    }),
  }));

  return { departmentUscc, materials, items, bundles };
}

export const DEMO_CATALOG: DemoCatalog = buildDemoCatalog();
export const DEMO_MATERIALS: DemoMaterial[] = DEMO_CATALOG.materials;
export const DEMO_ITEMS: DemoItem[] = DEMO_CATALOG.items;
export const DEMO_BUNDLES: DemoBundle[] = DEMO_CATALOG.bundles;

export interface DemoCatalogSummary {
  items: number;
  subItems: number;
  materials: number;
  bundles: number;
  checklistLines: number;
  /** share of items per frequency batch (1 常用, 2, 3) */
  batchShareItems: Record<1 | 2 | 3, number>;
  /** share of sub-items per frequency batch of their item */
  batchShareSubItems: Record<1 | 2 | 3, number>;
  byDepartment: Record<string, { items: number; subItems: number }>;
}

export function summariseDemoCatalog(c: DemoCatalog = DEMO_CATALOG): DemoCatalogSummary {
  const subItems = c.items.reduce((n, it) => n + it.subItems.length, 0);
  const lines = c.items.reduce((n, it) => n + it.subItems.reduce((m, s) => m + s.checklist.length, 0), 0);
  const itemCount: Record<1 | 2 | 3, number> = { 1: 0, 2: 0, 3: 0 };
  const subCount: Record<1 | 2 | 3, number> = { 1: 0, 2: 0, 3: 0 };
  const byDepartment: Record<string, { items: number; subItems: number }> = {};
  for (const it of c.items) {
    itemCount[it.batch]++;
    subCount[it.batch] += it.subItems.length;
    const d = (byDepartment[it.departmentCode] ??= { items: 0, subItems: 0 });
    d.items++;
    d.subItems += it.subItems.length;
  }
  const share = (n: number, total: number) => Math.round((n / total) * 1000) / 1000;
  return {
    items: c.items.length,
    subItems,
    materials: c.materials.length,
    bundles: c.bundles.length,
    checklistLines: lines,
    batchShareItems: { 1: share(itemCount[1], c.items.length), 2: share(itemCount[2], c.items.length), 3: share(itemCount[3], c.items.length) },
    batchShareSubItems: { 1: share(subCount[1], subItems), 2: share(subCount[2], subItems), 3: share(subCount[3], subItems) },
    byDepartment,
  };
}
