#!/usr/bin/env node
// Catalog search benchmark: 100,000 synthetic but realistic sub-items (办理项) of a province, the
// in-memory index of server/modules/catalog/catalog.search.ts, and a fixed mix of queries.
//
//   node --import tsx bench/search.mjs [docs=100000] [queries=6000]
//   SHOW_SLOW=1 node --import tsx bench/search.mjs    # also lists the slowest queries
//
// Deterministic (seeded PRNG): the same docs and queries on every run. Prints a Markdown table with
// the date, the CPU and the Node version; figures go to bench/RESULTS.md by hand.
import os from 'node:os';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pinyin } from 'pinyin-pro';
import { CatalogSearchIndex } from '../server/modules/catalog/catalog.search.ts';

const N_DOCS = Number(process.argv[2] ?? 100_000);
const N_QUERIES = Number(process.argv[3] ?? 6_000);

v8.setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc');

// ---------------------------------------------------------------------------------------------
// seeded PRNG (mulberry32)
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(20240601);
const int = (n) => Math.floor(rnd() * n);
const pick = (arr) => arr[int(arr.length)];
const chance = (p) => rnd() < p;

// ---------------------------------------------------------------------------------------------
// Real item stems: name | department | item type | category | subject | batch | keywords | life events | kinds
// category e engineering, b business, c citizen; subject c citizen, l legal_person, b both.
const KINDS = {
  A: ['新办', '变更', '延续', '注销', '补证'],
  B: ['新办', '变更', '注销'],
  C: ['首次申请', '变更'],
  D: ['申请'],
  E: ['设立', '变更', '注销'],
  F: ['新办', '延续'],
  G: ['首次申领', '补领', '换领'],
};
const STEMS = `
食品经营许可|市场监管|01|b|l|1|餐饮,开饭店,小卖部,超市|开办企业,经营许可|A
食品生产许可|市场监管|01|b|l|2|食品厂,食品加工|经营许可|A
食品小作坊登记|市场监管|07|b|b|2|小作坊,作坊|经营许可|B
小餐饮经营许可|市场监管|01|b|b|2|小吃店,小饭馆,食品摊贩|经营许可|B
药品经营许可|市场监管|01|b|l|2|药店,开药店|经营许可|A
医疗器械经营许可|市场监管|01|b|l|2|医疗器械|经营许可|A
企业设立登记|市场监管|07|b|l|1|开公司,营业执照,办执照|开办企业|E
个体工商户登记|市场监管|07|b|c|1|个体户,开店,营业执照|开办企业|E
农民专业合作社登记|市场监管|07|b|l|2|合作社|开办企业|E
特种设备使用登记|市场监管|07|b|l|2|电梯,锅炉|经营许可|B
计量器具型式批准|市场监管|01|b|l|3|计量|经营许可|D
广告发布登记|市场监管|07|b|l|3|广告|经营许可|B
公共场所卫生许可|卫健|01|b|l|1|理发店,美容院,宾馆,游泳馆|经营许可,医疗卫生|A
医师执业注册|卫健|01|c|c|2|医生执业证|就业,医疗卫生|C
护士执业注册|卫健|01|c|c|2|护士证|就业,医疗卫生|C
医疗机构执业登记|卫健|01|b|l|2|诊所,开诊所|医疗卫生|A
放射诊疗许可|卫健|01|b|l|3|放射|医疗卫生|B
母婴保健技术服务执业许可|卫健|01|b|l|3|母婴保健|医疗卫生,婚育|B
出生医学证明|卫健|20|c|c|1|出生证,生孩子|出生|G
生育登记|卫健|20|c|c|1|生育服务证,准生证|婚育,出生|D
饮用水供水单位卫生许可|卫健|01|b|l|3|供水|医疗卫生|A
婚姻登记|民政|07|c|c|1|结婚,领证,离婚|婚育|G
收养登记|民政|07|c|c|3|领养|婚育|D
最低生活保障|民政|05|c|c|2|低保|社会保障|D
特困人员认定|民政|07|c|c|2|五保|社会保障|D
养老机构备案|民政|10|b|l|3|养老院|退休养老|B
社会团体登记|民政|07|b|l|3|社团,协会|开办企业|E
殡葬补贴申领|民政|05|c|c|2|丧葬费,殡葬|身后事|D
就业登记|人社|20|c|c|1|找工作,上班|就业|D
失业登记|人社|20|c|c|1|失业,没工作|就业|D
失业保险金申领|人社|05|c|c|1|失业金|就业,社会保障|D
就业创业证申领|人社|20|c|c|2|失业证|就业|G
职业技能鉴定|人社|20|c|c|3|技能证书|就业|D
人力资源服务许可|人社|01|b|l|3|职业中介|经营许可|A
劳务派遣经营许可|人社|01|b|l|3|劳务派遣|经营许可|A
城乡居民基本养老保险参保登记|人社|20|c|c|1|养老保险,社保|社会保障,退休养老|B
职工基本养老保险参保登记|人社|20|c|b|1|养老保险,社保,交社保|社会保障,就业|B
社会保障卡申领|人社|20|c|c|1|社保卡|社会保障|G
养老保险待遇申领|人社|05|c|c|2|退休,领养老金|退休养老|D
工伤认定|人社|07|c|b|2|工伤|社会保障|D
基本医疗保险参保登记|医保|20|c|b|1|医保,社保|社会保障,医疗卫生|B
医疗费用手工报销|医保|05|c|c|2|报销,医药费|医疗卫生|D
异地就医备案|医保|20|c|c|1|异地就医|医疗卫生|B
门诊慢特病待遇认定|医保|07|c|c|2|慢性病,特病|医疗卫生|D
建筑工程施工许可|住建|01|e|l|1|施工许可证,开工|工程建设|C
建设工程消防设计审查|住建|01|e|l|2|消防审查|工程建设|D
建设工程竣工验收消防备案|住建|10|e|l|2|消防备案|工程建设|D
商品房预售许可|住建|01|e|l|2|预售证,卖房|工程建设,置业|B
建筑业企业资质核准|住建|01|e|l|3|资质|工程建设|A
城镇污水排入排水管网许可|住建|01|e|l|3|排水证|工程建设|F
房屋建筑工程竣工验收备案|住建|10|e|l|2|竣工备案|工程建设|D
建设工程规划许可|自然资源|01|e|l|1|规划许可证|工程建设|C
建设用地规划许可|自然资源|01|e|l|2|用地规划|工程建设|C
乡村建设规划许可|自然资源|01|e|b|2|农村建房,盖房子|工程建设,置业|C
不动产登记|自然资源|07|c|b|1|房产证,过户,买房|置业|E
居民身份证申领|公安|20|c|c|1|身份证,办证|出生,上学|G
户口迁移|公安|07|c|c|1|迁户口,落户|置业,上学|C
出生登记|公安|07|c|c|1|报户口,上户口|出生|D
居住证申领|公安|20|c|c|1|居住证|就业,上学|G
机动车驾驶证换证|公安|20|c|c|1|驾照,换驾照|就业|D
出入境证件办理|公安|20|c|c|2|护照,港澳通行证|就业|G
道路运输经营许可|交通|01|b|l|2|货运,运输证|经营许可|A
道路运输从业人员从业资格|交通|01|c|c|3|从业资格证|就业|C
出租汽车驾驶员从业资格|交通|01|c|c|2|网约车,出租车|就业|C
机动车维修经营备案|交通|10|b|l|2|修车,汽修|经营许可|B
烟草专卖零售许可|烟草|01|b|b|2|烟草证,卖烟,小卖部|经营许可|A
取水许可|水务|01|e|l|3|取水|工程建设|F
排水许可|水务|01|e|l|3|排水|工程建设|F
河道管理范围内建设项目审批|水务|01|e|l|3|河道|工程建设|D
农药经营许可|农业农村|01|b|l|3|农药|经营许可|A
动物防疫条件合格证核发|农业农村|01|b|l|3|养殖场|经营许可|B
农村宅基地审批|农业农村|01|c|c|2|宅基地,盖房子|置业|D
拖拉机驾驶证申领|农业农村|20|c|c|3|拖拉机|就业|G
酒类经营许可|商务|01|b|l|3|卖酒|经营许可|A
单用途预付卡备案|商务|10|b|l|3|预付卡|经营许可|D
营业性演出许可|文广旅体|01|b|l|2|演出,演唱会|经营许可|B
娱乐场所经营许可|文广旅体|01|b|l|2|KTV,歌厅|经营许可|A
网吧经营许可|文广旅体|01|b|l|2|网吧,上网服务|经营许可|A
旅行社业务经营许可|文广旅体|01|b|l|3|旅行社|经营许可|A
高危险性体育项目经营许可|文广旅体|01|b|l|3|游泳池,滑雪场|经营许可|A
危险化学品经营许可|应急管理|01|b|l|2|危化品|经营许可|A
烟花爆竹经营许可|应急管理|01|b|l|2|卖鞭炮,烟花|经营许可|F
生产安全事故应急预案备案|应急管理|10|b|l|3|应急预案|经营许可|D
公众聚集场所投入使用营业前消防安全检查|消防|01|b|l|2|消防检查|经营许可|D
民办学校办学许可|教育|01|b|l|3|办学,培训班|上学|A
义务教育入学登记|教育|20|c|c|1|上学,报名,入学|上学|D
教师资格认定|教育|07|c|c|2|教师资格证|就业|D
法律援助申请|司法|20|c|c|2|打官司,律师|就业|D
公证办理|司法|20|c|b|1|公证书|置业,身后事|D
建设项目环境影响评价审批|生态环境|01|e|l|2|环评|工程建设|D
排污许可|生态环境|01|b|l|2|排污证|工程建设,经营许可|A
住房公积金提取|公积金|05|c|c|1|提取公积金,取公积金|置业,退休养老|D
住房公积金贷款|公积金|05|c|c|1|公积金贷款,买房贷款|置业|D
残疾人证办理|残联|20|c|c|2|残疾证|社会保障|G
退役军人优待证申领|退役军人|20|c|c|2|优待证|社会保障|G
城市道路占用挖掘许可|城管|01|e|l|2|占道,挖路|工程建设|B
户外广告设施设置许可|城管|01|b|l|3|户外广告,招牌|经营许可|F
林木采伐许可|林业|01|e|b|3|砍树,采伐证|工程建设|D
雷电防护装置设计审核|气象|01|e|l|3|防雷|工程建设|D
宗教活动场所登记|民宗|07|b|l|3|寺庙|开办企业|B
发票领用|税务|20|b|b|1|领发票,发票|开办企业|D
纳税人登记|税务|07|b|b|1|税务登记,报税|开办企业|E
`.trim().split('\n').map((line, i) => {
  const [name, dept, type, cat, subj, batch, kws, life, kinds] = line.split('|');
  return {
    name, dept, type, main: 100 + i * 20,
    category: { e: 'engineering', b: 'business', c: 'citizen' }[cat],
    subjectType: { c: 'citizen', l: 'legal_person', b: 'both' }[subj],
    batch: Number(batch), keywords: kws.split(','), lifeEvents: life.split(','), kinds: KINDS[kinds],
  };
});
const DEPT_TYPES = [...new Set(STEMS.map((s) => s.dept))];

// variants of an item as implemented locally (子项 / local scope)
const MODIFIERS = ['网络', '临时', '跨区域', '仅销售预包装', '一般', '简易', '二级', '三级', '特殊', '告知承诺制', '市级权限', '县级权限'];

// districts: 11 cities × ~10 counties, named from realistic parts
const PLACE_A = '东西南北中江河湖山海平安永兴长宁德清新昌临龙云泉柳桐松桂'.split('');
const PLACE_B = '城湖江山阳州浦溪田宁安和平川口港坪岭'.split('');
const SUFFIX = ['区', '县', '市'];
const CITY_CODES = [3301, 3302, 3303, 3304, 3305, 3306, 3307, 3308, 3309, 3310, 3311];
const REGIONS = [];
for (const city of CITY_CODES) {
  const counties = 8 + int(6);
  for (let k = 1; k <= counties; k++) {
    REGIONS.push({ division: `${city}${String(k).padStart(2, '0')}`, name: pick(PLACE_A) + pick(PLACE_B) + pick(SUFFIX), index: REGIONS.length });
  }
}

const ALNUM = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // credit-code alphabet (no I O S V Z)
const creditCode = (division, deptNo) => {
  let s = `11${division}`;
  const r = prng(Number(division) * 100 + deptNo);
  for (let k = 0; k < 9; k++) s += ALNUM[Math.floor(r() * 10)]; // organisation code (digits)
  return s + ALNUM[Math.floor(r() * ALNUM.length)]; // check character
};

// ---------------------------------------------------------------------------------------------
// docs
function generateDocs(n) {
  const docs = [];
  let subItemId = 0;
  let itemId = 0;
  outer: for (let round = 0; ; round++) {
    for (const region of REGIONS) {
      const sites = [region.index * 20 + 1];
      const streets = 3 + int(10);
      for (let k = 2; k <= streets; k++) sites.push(region.index * 20 + k);
      for (const [stemNo, stem] of STEMS.entries()) {
        if (!chance(0.85)) continue;
        // round 0: the item as named nationally; later rounds: local variants, one per round
        const modNo = round === 0 ? 0 : 1 + ((round - 1 + region.index + stemNo) % MODIFIERS.length);
        const modifier = modNo === 0 ? '' : MODIFIERS[modNo - 1];
        const local = chance(0.03) ? region.name : '';
        const itemName = local + modifier + stem.name;
        const deptNo = DEPT_TYPES.indexOf(stem.dept) + 1;
        const departmentId = region.index * 100 + deptNo;
        const baseCode = `${stem.type}${String(stem.main + modNo).padStart(5, '0')}00000`;
        const level = chance(0.15) ? '3' : '4';
        const implCode = `${creditCode(region.division, deptNo)}${level}${baseCode}`;
        const batch = chance(0.1) ? Math.min(3, stem.batch + 1) : stem.batch;
        const siteIds = sites.filter((_, k) => k === 0 || chance(0.5));
        itemId++;
        stem.kinds.forEach((kind, k) => {
          if (subItemId >= n) return;
          docs.push({
            subItemId: ++subItemId,
            itemId,
            name: `${itemName}（${kind}）`,
            itemName,
            keywords: stem.keywords,
            code: `${implCode}${String(k + 1).padStart(2, '0')}`,
            implCode,
            baseCode,
            departmentId,
            departmentName: `${region.name}${stem.dept}局`,
            category: stem.category,
            subjectType: stem.subjectType,
            batch,
            siteIds,
            lifeEvents: stem.lifeEvents,
          });
        });
        if (subItemId >= n) break outer;
      }
    }
  }
  return docs;
}

// ---------------------------------------------------------------------------------------------
// queries
const py = (s) => pinyin(s, { toneType: 'none', type: 'array', v: true });
const HOMOPHONES = { 营: '莹', 记: '计', 品: '拼', 食: '事', 许: '需', 可: '刻', 经: '精', 登: '灯', 证: '正', 工: '公', 施: '师', 业: '页', 生: '声', 卫: '位', 保: '宝', 险: '显', 婚: '昏', 务: '物', 交: '较' };
const RANDOM_CHARS = '的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年';

function randomFilters(docs) {
  const d = pick(docs);
  switch (int(6)) {
    case 0: return { siteId: pick(d.siteIds) };
    case 1: return { category: d.category };
    case 2: return { departmentId: d.departmentId };
    case 3: return { lifeEvent: pick(d.lifeEvents) };
    case 4: return { batch: d.batch, subjectType: 'citizen' };
    default: return { siteId: pick(d.siteIds), category: d.category };
  }
}

function generateQueries(docs, n) {
  const queries = [];
  const kinds = [
    ['Chinese word', 22],
    ['keyword', 8],
    ['full pinyin', 14],
    ['initials', 12],
    ['code', 12],
    ['typo (Chinese, 1 char)', 10],
    ['typo (pinyin, 1 letter)', 6],
    ['typeahead (1–2 chars)', 8],
    ['browse (empty + filter)', 8],
  ];
  const totalWeight = kinds.reduce((s, [, w]) => s + w, 0);
  for (let i = 0; i < n; i++) {
    let r = rnd() * totalWeight;
    let kind = kinds[0][0];
    for (const [k, w] of kinds) {
      if ((r -= w) < 0) {
        kind = k;
        break;
      }
    }
    const stem = pick(STEMS);
    const name = stem.name;
    let q;
    switch (kind) {
      case 'Chinese word': {
        const len = 2 + int(Math.min(5, name.length - 1));
        const at = int(name.length - len + 1);
        q = name.slice(at, at + len);
        break;
      }
      case 'keyword':
        q = pick(stem.keywords);
        break;
      case 'full pinyin': {
        const syl = py(name).slice(0, 2 + int(3));
        q = chance(0.33) ? syl.join(' ') : syl.join('');
        break;
      }
      case 'initials':
        q = py(name).slice(0, 2 + int(4)).map((s) => s[0]).join('');
        break;
      case 'code': {
        const d = pick(docs);
        q = [d.code, d.implCode, d.baseCode, d.implCode.slice(0, 18), d.implCode.slice(0, 26), d.code.toLowerCase()][int(6)];
        break;
      }
      case 'typo (Chinese, 1 char)': {
        const base = name.length >= 4 ? name.slice(0, Math.min(name.length, 4 + int(3))) : name;
        const pos = int(base.length);
        const ch = base[pos];
        const sub = HOMOPHONES[ch] && chance(0.7) ? HOMOPHONES[ch] : RANDOM_CHARS[int(RANDOM_CHARS.length)];
        q = base.slice(0, pos) + sub + base.slice(pos + 1);
        break;
      }
      case 'typo (pinyin, 1 letter)': {
        const full = py(name).slice(0, 3 + int(2)).join('');
        const pos = 1 + int(full.length - 1);
        const op = int(3);
        const letter = 'abcdefghijklmnopqrstuvwxyz'[int(26)];
        q = op === 0 ? full.slice(0, pos) + letter + full.slice(pos + 1) : op === 1 ? full.slice(0, pos) + full.slice(pos + 1) : full.slice(0, pos) + letter + full.slice(pos);
        break;
      }
      case 'typeahead (1–2 chars)':
        q = chance(0.5) ? name.slice(0, 1 + int(2)) : py(name)[0].slice(0, 1 + int(2));
        break;
      default:
        q = '';
    }
    const filtered = kind.startsWith('browse') || chance(0.3);
    queries.push({ kind, q, filters: filtered ? randomFilters(docs) : {}, filtered });
  }
  return queries;
}

// ---------------------------------------------------------------------------------------------
const mb = (b) => (b / 1048576).toFixed(0);
const memory = () => {
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers, rss: m.rss };
};

const t0 = performance.now();
const docs = generateDocs(N_DOCS);
const tGen = performance.now() - t0;
const before = memory();

let t = performance.now();
const index = new CatalogSearchIndex(docs);
const tBuild = performance.now() - t;
const after = memory();

t = performance.now();
index.replaceAll(docs);
const tRebuild = performance.now() - t;

// upserts: 2,000 edits of existing docs (renamed), then the same docs back
t = performance.now();
for (let k = 0; k < 2000; k++) {
  const d = docs[(k * 48271) % docs.length];
  index.upsert({ ...d, name: `${d.name}（试点）` });
}
for (let k = 0; k < 2000; k++) index.upsert(docs[(k * 48271) % docs.length]);
const tUpsert = (performance.now() - t) / 4000;

const queries = generateQueries(docs, N_QUERIES);
// warm-up (not measured): the first 1,000 queries
for (const x of queries.slice(0, 1000)) index.search(x.q, x.filters);

const samples = new Map();
const add = (key, ms) => {
  let a = samples.get(key);
  if (!a) samples.set(key, (a = []));
  a.push(ms);
};
let hitsTotal = 0;
let empty = 0;
for (const x of queries) {
  const s = performance.now();
  const res = index.search(x.q, x.filters, 20);
  const ms = performance.now() - s;
  hitsTotal += res.hits.length;
  if (res.total === 0) empty++;
  add(x.kind, ms);
  add(x.filtered ? '… with filters' : '… without filters', ms);
  add('**all**', ms);
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const f = (v) => v.toFixed(3);
const order = [
  'Chinese word', 'keyword', 'full pinyin', 'initials', 'code', 'typo (Chinese, 1 char)', 'typo (pinyin, 1 letter)',
  'typeahead (1–2 chars)', 'browse (empty + filter)', '… without filters', '… with filters', '**all**',
];
const lines = [];
lines.push(`Catalog search — ${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
lines.push('');
lines.push(`${docs.length.toLocaleString('en')} sub-items (${new Set(docs.map((d) => d.name)).size.toLocaleString('en')} distinct names, ${REGIONS.length} counties, ${STEMS.length} item stems), generated in ${tGen.toFixed(0)} ms.`);
lines.push(`Build: ${tBuild.toFixed(0)} ms cold (pinyin cache empty), ${tRebuild.toFixed(0)} ms replaceAll warm; upsert ${(tUpsert * 1000).toFixed(0)} µs each.`);
lines.push(`Memory of the index (after GC): heap +${mb(after.heap - before.heap)} MB, typed arrays +${mb(after.buffers - before.buffers)} MB (docs themselves: ${mb(before.heap)} MB heap before building; RSS ${mb(after.rss)} MB).`);
lines.push(`${queries.length.toLocaleString('en')} queries (after 1,000 warm-up), ${(hitsTotal / queries.length).toFixed(1)} hits on average, ${empty} with no result.`);
lines.push('');
lines.push('| query kind | count | p50 ms | p95 ms | p99 ms | max ms |');
lines.push('|---|---:|---:|---:|---:|---:|');
for (const key of order) {
  const a = samples.get(key);
  if (!a) continue;
  a.sort((x, y) => x - y);
  lines.push(`| ${key} | ${a.length} | ${f(pct(a, 50))} | ${f(pct(a, 95))} | ${f(pct(a, 99))} | ${f(a[a.length - 1])} |`);
}
const all = samples.get('**all**');
lines.push('');
lines.push(`Target p99 < 5 ms over all queries: ${pct(all, 99) < 5 ? 'met' : 'NOT met'} (${f(pct(all, 99))} ms).`);
console.log(lines.join('\n'));

if (process.env.SHOW_SLOW) {
  const slow = [];
  for (const x of queries) {
    const s = performance.now();
    index.search(x.q, x.filters, 20);
    slow.push({ ms: performance.now() - s, ...x });
  }
  slow.sort((a, b) => b.ms - a.ms);
  const top = [...slow.filter((x) => !x.filtered).slice(0, 15), ...slow.filter((x) => x.filtered).slice(0, 15)];
  console.log(top.map((s) => `${s.ms.toFixed(2)} ${s.kind} ${JSON.stringify(s.q)} ${JSON.stringify(s.filters)} total=${index.search(s.q, s.filters).total}`).join('\n'));
}
