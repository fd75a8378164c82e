import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogSearchIndex, type SearchDoc } from '../../server/modules/catalog/catalog.search.js';

// ---------------------------------------------------------------------------------------------
// Fixture: ~60 sub-items of a district catalog. Codes follow GB/T 39046: 基本编码 (12) =
// type (2) + main item (5) + sub item (3) + 00; 实施编码 (31) = department credit code (18) +
// level (1) + 基本编码; 业务办理项编码 (33) = 实施编码 + sequence (2). The 办理项 of one item share
// its 实施编码 and 基本编码.

const DEPTS: Record<number, { name: string; credit: string }> = {
  1: { name: '示范区市场监督管理局', credit: '11330100MB1A00001X' },
  2: { name: '示范区卫生健康局', credit: '11330100MB1A00002Y' },
  3: { name: '示范区民政局', credit: '11330100MB1A00003A' },
  4: { name: '示范区人力资源和社会保障局', credit: '11330100MB1A00004B' },
  5: { name: '示范区住房和城乡建设局', credit: '11330100MB1A00005C' },
  6: { name: '示范区公安分局', credit: '11330100MB1A00006D' },
  7: { name: '示范区交通运输局', credit: '11330100MB1A00007E' },
  8: { name: '示范区医疗保障局', credit: '11330100MB1A00008F' },
  9: { name: '示范区规划和自然资源分局', credit: '11330100MB1A00009G' },
  10: { name: '示范区烟草专卖局', credit: '11330100MB1A00010H' },
};

interface ItemSpec {
  name: string;
  dept: number;
  type: string; // 01 行政许可, 07 行政确认, 20 公共服务 …
  main: number;
  category: SearchDoc['category'];
  subject: SearchDoc['subjectType'];
  batch: 1 | 2 | 3;
  keywords: string[];
  lifeEvents: string[];
  sites: number[];
  subs: string[]; // sub-item names; a name without the item name is used as is
}

const ITEMS: ItemSpec[] = [
  { name: '食品经营许可', dept: 1, type: '01', main: 154, category: 'business', subject: 'legal_person', batch: 1, keywords: ['餐饮', '开饭店', '小卖部', '超市'], lifeEvents: ['开办企业', '经营许可'], sites: [1, 2, 3], subs: ['新办', '变更', '延续', '注销', '补证'] },
  { name: '食品生产许可', dept: 1, type: '01', main: 153, category: 'business', subject: 'legal_person', batch: 2, keywords: ['食品厂', '食品加工'], lifeEvents: ['经营许可'], sites: [1], subs: ['新办', '变更', '延续'] },
  { name: '食品小作坊登记', dept: 1, type: '07', main: 201, category: 'business', subject: 'both', batch: 3, keywords: ['小作坊'], lifeEvents: ['经营许可'], sites: [1], subs: ['新办'] },
  { name: '小餐饮经营登记', dept: 1, type: '07', main: 202, category: 'business', subject: 'both', batch: 2, keywords: ['小吃店', '食品摊贩'], lifeEvents: ['经营许可'], sites: [1, 2], subs: ['新办', '注销'] },
  { name: '药品经营许可', dept: 1, type: '01', main: 160, category: 'business', subject: 'legal_person', batch: 2, keywords: ['药店', '开药店'], lifeEvents: ['经营许可'], sites: [1], subs: ['新办', '变更'] },
  { name: '企业设立登记', dept: 1, type: '07', main: 101, category: 'business', subject: 'legal_person', batch: 1, keywords: ['开公司', '营业执照', '办执照'], lifeEvents: ['开办企业'], sites: [1, 2, 3, 4], subs: ['有限责任公司设立登记', '股份有限公司设立登记'] },
  { name: '个体工商户登记', dept: 1, type: '07', main: 102, category: 'business', subject: 'citizen', batch: 1, keywords: ['个体户', '开店', '营业执照'], lifeEvents: ['开办企业'], sites: [1, 2, 3], subs: ['设立', '变更', '注销'] },
  { name: '公共场所卫生许可', dept: 2, type: '01', main: 301, category: 'business', subject: 'legal_person', batch: 1, keywords: ['理发店', '美容院', '宾馆', '游泳馆'], lifeEvents: ['经营许可', '医疗卫生'], sites: [1, 2], subs: ['新办', '变更', '延续', '注销'] },
  { name: '医师执业注册', dept: 2, type: '01', main: 310, category: 'citizen', subject: 'citizen', batch: 2, keywords: ['医生执业证'], lifeEvents: ['就业', '医疗卫生'], sites: [1], subs: ['首次注册', '变更注册'] },
  { name: '医疗机构执业登记', dept: 2, type: '01', main: 311, category: 'business', subject: 'legal_person', batch: 2, keywords: ['诊所', '开诊所'], lifeEvents: ['医疗卫生'], sites: [1], subs: ['新办'] },
  { name: '放射诊疗许可', dept: 2, type: '01', main: 312, category: 'business', subject: 'legal_person', batch: 3, keywords: [], lifeEvents: ['医疗卫生'], sites: [4], subs: ['新办'] },
  { name: '出生医学证明', dept: 2, type: '20', main: 320, category: 'citizen', subject: 'citizen', batch: 1, keywords: ['出生证', '生孩子'], lifeEvents: ['出生'], sites: [1, 2, 3], subs: ['首次签发', '补发'] },
  { name: '婚姻登记', dept: 3, type: '07', main: 401, category: 'citizen', subject: 'citizen', batch: 1, keywords: ['结婚', '领证', '离婚'], lifeEvents: ['婚育'], sites: [1], subs: ['内地居民结婚登记', '内地居民离婚登记', '补领结婚证', '补领离婚证'] },
  { name: '收养登记', dept: 3, type: '07', main: 402, category: 'citizen', subject: 'citizen', batch: 3, keywords: ['领养'], lifeEvents: ['婚育'], sites: [1], subs: ['收养登记', '解除收养登记'] },
  { name: '最低生活保障', dept: 3, type: '05', main: 410, category: 'citizen', subject: 'citizen', batch: 2, keywords: ['低保'], lifeEvents: ['社会保障'], sites: [1, 2, 3], subs: ['低保申请', '低保退出'] },
  { name: '就业登记', dept: 4, type: '20', main: 501, category: 'citizen', subject: 'citizen', batch: 1, keywords: ['找工作', '上班'], lifeEvents: ['就业'], sites: [1, 2, 3], subs: ['就业登记'] },
  { name: '失业登记', dept: 4, type: '20', main: 502, category: 'citizen', subject: 'citizen', batch: 1, keywords: ['失业', '没工作'], lifeEvents: ['就业'], sites: [1, 2, 3], subs: ['失业登记'] },
  { name: '失业保险金申领', dept: 4, type: '05', main: 503, category: 'citizen', subject: 'citizen', batch: 1, keywords: ['失业金'], lifeEvents: ['就业', '社会保障'], sites: [1, 2, 3], subs: ['失业保险金申领'] },
  { name: '就业创业证申领', dept: 4, type: '20', main: 504, category: 'citizen', subject: 'citizen', batch: 2, keywords: ['失业证'], lifeEvents: ['就业'], sites: [1], subs: ['申领', '补发'] },
  { name: '劳务派遣经营许可', dept: 4, type: '01', main: 520, category: 'business', subject: 'legal_person', batch: 3, keywords: ['劳务派遣'], lifeEvents: ['经营许可'], sites: [4], subs: ['新办', '变更'] },
  { name: '城乡居民基本养老保险参保登记', dept: 4, type: '20', main: 530, category: 'citizen', subject: 'citizen', batch: 1, keywords: ['养老保险', '社保'], lifeEvents: ['社会保障', '退休养老'], sites: [1, 2, 3], subs: ['城乡居民基本养老保险参保登记'] },
  { name: '职工基本养老保险参保登记', dept: 4, type: '20', main: 531, category: 'citizen', subject: 'both', batch: 1, keywords: ['养老保险', '社保', '交社保'], lifeEvents: ['社会保障', '就业'], sites: [1, 2, 3], subs: ['职工基本养老保险参保登记'] },
  { name: '社会保障卡申领', dept: 4, type: '20', main: 540, category: 'citizen', subject: 'citizen', batch: 1, keywords: ['社保卡'], lifeEvents: ['社会保障'], sites: [1, 2, 3], subs: ['社会保障卡申领', '社会保障卡补换'] },
  { name: '养老保险待遇申领', dept: 4, type: '05', main: 541, category: 'citizen', subject: 'citizen', batch: 2, keywords: ['退休', '领养老金'], lifeEvents: ['退休养老'], sites: [1], subs: ['养老保险待遇申领'] },
  { name: '工伤认定', dept: 4, type: '07', main: 550, category: 'citizen', subject: 'both', batch: 2, keywords: ['工伤'], lifeEvents: ['社会保障'], sites: [1], subs: ['工伤认定'] },
  { name: '基本医疗保险参保登记', dept: 8, type: '20', main: 601, category: 'citizen', subject: 'both', batch: 1, keywords: ['医保', '社保'], lifeEvents: ['社会保障', '医疗卫生'], sites: [1, 2, 3], subs: ['基本医疗保险参保登记'] },
  { name: '医疗费用手工报销', dept: 8, type: '05', main: 602, category: 'citizen', subject: 'citizen', batch: 2, keywords: ['报销', '医药费'], lifeEvents: ['医疗卫生'], sites: [1], subs: ['医疗费用手工报销'] },
  { name: '建筑工程施工许可', dept: 5, type: '01', main: 701, category: 'engineering', subject: 'legal_person', batch: 1, keywords: ['施工许可证', '开工'], lifeEvents: ['工程建设'], sites: [1], subs: ['新办', '变更', '延期'] },
  { name: '建设工程消防设计审查', dept: 5, type: '01', main: 702, category: 'engineering', subject: 'legal_person', batch: 2, keywords: ['消防审查'], lifeEvents: ['工程建设'], sites: [1], subs: ['建设工程消防设计审查'] },
  { name: '建设工程竣工验收消防备案', dept: 5, type: '10', main: 703, category: 'engineering', subject: 'legal_person', batch: 2, keywords: ['消防备案'], lifeEvents: ['工程建设'], sites: [1], subs: ['建设工程竣工验收消防备案'] },
  { name: '商品房预售许可', dept: 5, type: '01', main: 710, category: 'engineering', subject: 'legal_person', batch: 2, keywords: ['预售证', '卖房'], lifeEvents: ['工程建设', '置业'], sites: [1], subs: ['新办', '变更'] },
  { name: '建筑业企业资质核准', dept: 5, type: '01', main: 720, category: 'engineering', subject: 'legal_person', batch: 3, keywords: ['资质'], lifeEvents: ['工程建设'], sites: [4], subs: ['新办'] },
  { name: '建设工程规划许可', dept: 9, type: '01', main: 801, category: 'engineering', subject: 'legal_person', batch: 1, keywords: ['规划许可证'], lifeEvents: ['工程建设'], sites: [1], subs: ['新办', '变更'] },
  { name: '居民身份证申领', dept: 6, type: '20', main: 901, category: 'citizen', subject: 'citizen', batch: 1, keywords: ['身份证', '办证'], lifeEvents: ['出生', '上学'], sites: [1, 2, 3], subs: ['首次申领', '换领', '补领'] },
  { name: '户口迁移', dept: 6, type: '07', main: 902, category: 'citizen', subject: 'citizen', batch: 1, keywords: ['迁户口', '落户'], lifeEvents: ['置业', '上学'], sites: [1, 2, 3], subs: ['户口迁入', '户口迁出'] },
  { name: '道路运输经营许可', dept: 7, type: '01', main: 950, category: 'business', subject: 'legal_person', batch: 2, keywords: ['货运', '运输证'], lifeEvents: ['经营许可'], sites: [1], subs: ['新办', '变更'] },
  { name: '烟草专卖零售许可', dept: 10, type: '01', main: 980, category: 'business', subject: 'both', batch: 2, keywords: ['烟草证', '卖烟', '小卖部'], lifeEvents: ['经营许可'], sites: [1, 2], subs: ['新办', '延续'] },
];

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function buildFixture(): SearchDoc[] {
  const docs: SearchDoc[] = [];
  let subItemId = 1000;
  ITEMS.forEach((it, itemIdx) => {
    it.subs.forEach((sub, k) => {
      const baseCode = `${it.type}${pad(it.main, 5)}00000`;
      const implCode = `${DEPTS[it.dept]!.credit}4${baseCode}`;
      const simpleKind = sub.length <= 4 && !sub.includes(it.name.slice(0, 2));
      docs.push({
        subItemId: ++subItemId,
        itemId: itemIdx + 1,
        name: simpleKind ? `${it.name}（${sub}）` : sub,
        itemName: it.name,
        keywords: it.keywords,
        code: `${implCode}${pad(k + 1, 2)}`,
        implCode,
        baseCode,
        departmentId: it.dept,
        departmentName: DEPTS[it.dept]!.name,
        category: it.category,
        subjectType: it.subject,
        batch: it.batch,
        siteIds: it.sites,
        lifeEvents: it.lifeEvents,
      });
    });
  });
  return docs;
}

const DOCS = buildFixture();
const byId = new Map(DOCS.map((d) => [d.subItemId, d]));
const nameOf = (id: number): string => byId.get(id)?.name ?? `#${id}`;
const FOOD = DOCS.filter((d) => d.itemName === '食品经营许可').map((d) => d.subItemId);
const MARRIAGE = DOCS.filter((d) => d.itemName === '婚姻登记').map((d) => d.subItemId);

function names(idx: CatalogSearchIndex, q: string, filters = {}, limit = 20): string[] {
  return idx.search(q, filters, limit).hits.map((h) => nameOf(h.subItemId));
}

/** The first n hits are exactly the given ids (in any order). */
function firstAre(idx: CatalogSearchIndex, q: string, ids: number[]): void {
  const hits = idx.search(q).hits.map((h) => h.subItemId);
  assert.deepEqual(
    hits.slice(0, ids.length).sort(),
    [...ids].sort(),
    `${q}: first ${ids.length} should be ${ids.map(nameOf).join(', ')}; got ${hits.map(nameOf).join(', ')}`,
  );
}

describe('catalog search', () => {
  const idx = new CatalogSearchIndex(DOCS);

  test('fixture is realistic size', () => {
    assert.ok(DOCS.length >= 55 && DOCS.length <= 70, `${DOCS.length} docs`);
    assert.equal(idx.size, DOCS.length);
    for (const d of DOCS) {
      assert.equal(d.baseCode.length, 12);
      assert.equal(d.implCode.length, 31);
      assert.equal(d.code.length, 33);
    }
  });

  test('Chinese name: 食品 lists 食品经营许可 first, then other 食品 items', () => {
    firstAre(idx, '食品', FOOD);
    const res = idx.search('食品');
    const nameHits = res.hits.filter((h) => h.matchedBy === 'name').map((h) => nameOf(h.subItemId));
    assert.ok(nameHits.every((n) => n.includes('食品')));
    assert.ok(nameHits.some((n) => n.startsWith('食品生产许可')));
    assert.ok(nameHits.some((n) => n.startsWith('食品小作坊登记')));
    // 小餐饮经营登记 only has the keyword 食品摊贩: found, after every name match
    const kwAt = res.hits.findIndex((h) => nameOf(h.subItemId).startsWith('小餐饮'));
    assert.ok(kwAt > 0 && res.hits[kwAt]!.matchedBy === 'keyword');
    assert.equal(kwAt, nameHits.length);
  });

  test('substring in the middle of a name and in the item name', () => {
    assert.ok(names(idx, '经营许可').includes('食品经营许可（新办）'));
    assert.ok(names(idx, '经营许可').includes('道路运输经营许可（新办）'));
    // sub-item 内地居民结婚登记 is found through its item name 婚姻登记
    const res = idx.search('婚姻登记');
    assert.deepEqual(res.hits.map((h) => h.subItemId).sort(), [...MARRIAGE].sort());
    assert.ok(res.hits.every((h) => h.matchedBy === 'name'));
    // one character
    assert.ok(names(idx, '婚', {}, 100).includes('内地居民离婚登记'));
  });

  test('initials: spjy → 食品经营许可 first', () => {
    firstAre(idx, 'spjy', FOOD);
    assert.equal(idx.search('spjy').hits[0]!.matchedBy, 'initials');
    firstAre(idx, 'SPJY', FOOD);
    firstAre(idx, 'hydj', MARRIAGE); // 婚姻登记 (item name)
    assert.deepEqual(names(idx, 'shbzk').slice(0, 2), ['社会保障卡补换', '社会保障卡申领']); // pinyin order
  });

  test('one letter, or two letters of full pinyin, match the start of a name (typeahead); initials anywhere', () => {
    const x = idx.search('x', {}, 100).hits.map((h) => byId.get(h.subItemId)!);
    assert.ok(x.length > 0);
    assert.ok(x.every((d) => /^[小新刑许]/.test(d.name)), x.map((d) => d.name).join(','));
    assert.ok(x.some((d) => d.name.startsWith('小餐饮')));
    assert.ok(!x.some((d) => d.itemName === '食品经营许可')); // 许 is not first
    const sp = idx.search('sp', {}, 100).hits.map((h) => byId.get(h.subItemId)!);
    assert.ok(sp.some((d) => d.itemName === '商品房预售许可')); // s-p anywhere: 商品
    const hu = idx.search('hu', {}, 100).hits;
    assert.ok(hu.some((h) => nameOf(h.subItemId).startsWith('户口')));
    assert.ok(hu.filter((h) => h.matchedBy === 'pinyin').every((h) => /^[户护]/.test(nameOf(h.subItemId))));
    assert.ok(!idx.search('hu', {}, 100).hits.some((h) => byId.get(h.subItemId)!.itemName === '婚姻登记' && h.matchedBy === 'pinyin'));
    assert.ok(idx.search('hun', {}, 100).hits.some((h) => byId.get(h.subItemId)!.itemName === '婚姻登记')); // 3 letters: anywhere
  });

  test('full pinyin with and without spaces, incomplete last syllable', () => {
    firstAre(idx, 'shipin', FOOD);
    for (const q of ['shipinjingying', 'shi pin jing ying', 'ShiPin JingYing', 'shipinjingyingxuke', 'shipinjingyi']) {
      const res = idx.search(q);
      assert.deepEqual(res.hits.map((h) => h.subItemId).sort(), [...FOOD].sort(), q);
      assert.ok(res.hits.every((h) => h.matchedBy === 'pinyin'), q);
    }
    // matches start at a syllable: `inpin` is inside shi|pin but not a syllable start
    assert.equal(idx.search('hipin').total, 0);
    assert.deepEqual(names(idx, 'hunyin').slice(0, 4).sort(), MARRIAGE.map(nameOf).sort());
    assert.ok(names(idx, 'shebaoka').includes('社会保障卡申领')); // keyword 社保卡
    assert.equal(idx.search('shebaoka').hits[0]!.matchedBy, 'pinyin');
  });

  test('typo: one wrong character in a Chinese name still finds it, after exact matches', () => {
    for (const q of ['食品经莹', '事品经营']) {
      const res = idx.search(q);
      firstAre(idx, q, FOOD);
      assert.ok(res.hits.slice(0, FOOD.length).every((h) => h.matchedBy === 'fuzzy'), q);
    }
    // homophone typo (事/食 both shi) ranks 食品经营许可 before 药品经营许可 (also one character off)
    const hits = names(idx, '事品经营');
    assert.ok(hits.indexOf('药品经营许可（新办）') > hits.indexOf('食品经营许可（新办）'));
    firstAre(idx, '婚姻登计', MARRIAGE);
    firstAre(idx, '昏姻登记', MARRIAGE);
    // exact matches stay first: 失业登记 exact, 就业登记 one character off
    const jobs = idx.search('失业登记');
    assert.equal(nameOf(jobs.hits[0]!.subItemId), '失业登记');
    assert.equal(jobs.hits[0]!.matchedBy, 'name');
    assert.ok(jobs.hits.slice(1).every((h) => h.matchedBy === 'fuzzy'));
    // two wrong characters: nothing
    assert.equal(idx.search('食口经莹').total, 0);
  });

  test('typo in full pinyin', () => {
    for (const q of ['shipinjinying', 'shipimjingying', 'shipinjjingying']) {
      const res = idx.search(q);
      assert.deepEqual(res.hits.map((h) => h.subItemId).sort(), [...FOOD].sort(), q);
      assert.ok(res.hits.every((h) => h.matchedBy === 'fuzzy'));
    }
  });

  test('codes: 33-char exact, 31-char implCode, 12-char baseCode, prefixes, any case', () => {
    const d = DOCS.find((x) => x.name === '食品经营许可（延续）')!;
    const one = idx.search(d.code);
    assert.deepEqual(one.hits.map((h) => h.subItemId), [d.subItemId]);
    assert.equal(one.hits[0]!.matchedBy, 'code');
    assert.equal(one.total, 1);
    assert.deepEqual(idx.search(d.code.toLowerCase()).hits.map((h) => h.subItemId), [d.subItemId]);
    // every sub-item of an item shares the item's implCode and baseCode
    const sameItem = DOCS.filter((x) => x.itemId === d.itemId).length;
    assert.equal(sameItem, 5);
    for (const q of [d.baseCode, d.implCode]) {
      const r = idx.search(q);
      assert.equal(r.total, sameItem, q);
      assert.ok(r.hits.every((h) => h.matchedBy === 'code' && byId.get(h.subItemId)!.itemId === d.itemId));
    }
    // implCode prefix: department credit code + level + type + main item → the whole item
    const itemPrefix = d.implCode.slice(0, 18 + 1 + 7);
    const res = idx.search(itemPrefix);
    assert.equal(res.total, sameItem);
    assert.ok(res.hits.every((h) => byId.get(h.subItemId)!.itemId === d.itemId));
    // baseCode prefix (type + main item) finds the item
    const baseRes = idx.search(d.baseCode.slice(0, 7));
    assert.equal(baseRes.total, sameItem);
    // department credit code → all items implemented by that department
    assert.equal(idx.search(DEPTS[1]!.credit).total, DOCS.filter((x) => x.departmentId === 1).length);
    assert.equal(idx.search('11330100MB1A00001Z').total, 0);
  });

  test('keywords: Chinese, pinyin, initials; name matches rank before keyword-only', () => {
    const res = idx.search('开饭店');
    assert.deepEqual(res.hits.map((h) => h.subItemId).sort(), [...FOOD].sort());
    assert.ok(res.hits.every((h) => h.matchedBy === 'keyword'));
    assert.deepEqual(idx.search('kaifandian').hits.map((h) => h.subItemId).sort(), [...FOOD].sort());
    // 餐饮: 小餐饮经营登记 (name, batch 2) before 食品经营许可 (keyword, batch 1)
    const cy = idx.search('餐饮');
    const first = cy.hits.filter((h) => h.matchedBy === 'name').map((h) => nameOf(h.subItemId));
    assert.ok(first.length >= 1 && first.every((n) => n.startsWith('小餐饮')));
    assert.ok(cy.hits.slice(0, first.length).every((h) => h.matchedBy === 'name'));
    assert.ok(cy.hits.slice(first.length).every((h) => h.matchedBy === 'keyword'));
    assert.ok(cy.hits.slice(first.length).some((h) => FOOD.includes(h.subItemId)));
    // 小卖部: two items share the keyword; batch 1 (食品经营许可) before batch 2 (烟草)
    const xmb = idx.search('小卖部').hits.map((h) => byId.get(h.subItemId)!);
    assert.equal(xmb[0]!.itemName, '食品经营许可');
    assert.equal(xmb.at(-1)!.itemName, '烟草专卖零售许可');
  });

  test('ranking: batch 1 before 2 before 3, then shorter names first', () => {
    const res = idx.search('许可', {}, 100);
    const docs = res.hits.filter((h) => h.matchedBy === 'name').map((h) => byId.get(h.subItemId)!);
    assert.ok(docs.length > 10);
    for (let k = 1; k < docs.length; k++) {
      const a = docs[k - 1]!;
      const b = docs[k]!;
      assert.ok(a.batch < b.batch || (a.batch === b.batch && a.name.length <= b.name.length), `${a.name} (${a.batch}) before ${b.name} (${b.batch})`);
    }
    assert.equal(docs[0]!.batch, 1);
    assert.equal(docs.at(-1)!.batch, 3);
    // 登记: batch-1 就业登记/失业登记 (4 chars) before longer batch-1 names
    assert.deepEqual(names(idx, '登记').slice(0, 2).sort(), ['失业登记', '就业登记']);
  });

  test('multi-word query: every word must match', () => {
    const res = idx.search('食品 新办');
    // 小餐饮经营登记 has the keyword 食品摊贩 and 新办 in its name
    assert.deepEqual(res.hits.map((h) => nameOf(h.subItemId)).sort(), ['食品小作坊登记（新办）', '食品生产许可（新办）', '食品经营许可（新办）', '小餐饮经营登记（新办）'].sort());
    assert.equal(res.hits.at(-1)!.matchedBy, 'keyword');
    assert.equal(names(idx, '婚姻 补领').length, 2);
    assert.deepEqual(names(idx, '食品 yanxu').sort(), ['食品生产许可（延续）', '食品经营许可（延续）'].sort());
  });

  test('filters: category, subjectType, departmentId, siteId, lifeEvent, batch', () => {
    const all = (q: string, f: Parameters<CatalogSearchIndex['search']>[1]) => idx.search(q, f, 100).hits.map((h) => byId.get(h.subItemId)!);
    const eng = all('许可', { category: 'engineering' });
    assert.ok(eng.length > 0 && eng.every((d) => d.category === 'engineering'));
    assert.ok(eng.some((d) => d.itemName === '建筑工程施工许可'));
    const cit = all('登记', { subjectType: 'citizen' });
    assert.ok(cit.every((d) => d.subjectType === 'citizen' || d.subjectType === 'both'));
    assert.ok(cit.some((d) => d.subjectType === 'both') && !cit.some((d) => d.subjectType === 'legal_person'));
    assert.ok(all('登记', { subjectType: 'both' }).every((d) => d.subjectType === 'both'));
    assert.ok(all('许可', { departmentId: 1 }).every((d) => d.departmentId === 1));
    const site4 = all('许可', { siteId: 4 });
    assert.deepEqual([...new Set(site4.map((d) => d.itemName))].sort(), ['劳务派遣经营许可', '放射诊疗许可'].sort());
    assert.ok(all('登记', { lifeEvent: '婚育' }).every((d) => d.lifeEvents.includes('婚育')));
    assert.ok(all('xuke', { batch: 3 }).every((d) => d.batch === 3));
    // filters combine; total counts after filtering
    const res = idx.search('spjy', { category: 'engineering' });
    assert.equal(res.total, 0);
    assert.equal(idx.search('食品', { batch: 1 }).total, FOOD.length);
    assert.equal(idx.search('食品经莹', { departmentId: 2 }).total, 0);
  });

  test('empty query with filters browses by batch then name; total before limit', () => {
    const res = idx.search('', { departmentId: 3 }, 100);
    const expected = DOCS.filter((d) => d.departmentId === 3);
    assert.equal(res.total, expected.length);
    const docs = res.hits.map((h) => byId.get(h.subItemId)!);
    assert.ok(res.hits.every((h) => h.matchedBy === 'browse'));
    for (let k = 1; k < docs.length; k++) assert.ok(docs[k - 1]!.batch <= docs[k]!.batch);
    assert.deepEqual(docs.filter((d) => d.batch === 1).map((d) => d.name), ['补领结婚证', '补领离婚证', '内地居民结婚登记', '内地居民离婚登记']); // pinyin order
    const page = idx.search('   ', { lifeEvent: '就业' }, 2);
    assert.equal(page.hits.length, 2);
    assert.equal(page.total, DOCS.filter((d) => d.lifeEvents.includes('就业')).length);
    assert.equal(idx.search('', {}, 5).total, DOCS.length);
    assert.equal(idx.search('', { siteId: 99 }).total, 0);
  });

  test('limit: default 20, capped at 100, 0 counts only', () => {
    assert.equal(idx.search('', {}).hits.length, 20);
    assert.equal(idx.search('', {}, 1000).hits.length, Math.min(100, DOCS.length));
    const zero = idx.search('许可', {}, 0);
    assert.equal(zero.hits.length, 0);
    assert.ok(zero.total > 10);
    assert.equal(idx.search('许可', {}, 3).hits.length, 3);
  });

  test('no match, odd input', () => {
    assert.equal(idx.search('火箭发射').total, 0);
    assert.equal(idx.search('zzzzqqq').total, 0);
    assert.equal(idx.search('（').total, 0);
    assert.ok(idx.search('食品经营许可（新办）').hits.some((h) => nameOf(h.subItemId) === '食品经营许可（新办）'));
    assert.equal(idx.search('食品经营许可（新办）').hits[0]!.matchedBy, 'name');
    assert.ok(idx.search('x'.repeat(500)).total === 0);
  });
});

describe('catalog search index maintenance', () => {
  test('upsert adds, replaces (old name and code no longer match); remove drops', () => {
    const idx = new CatalogSearchIndex(DOCS);
    const extra: SearchDoc = {
      ...DOCS[0]!,
      subItemId: 9001,
      itemId: 99,
      name: '农产品集贸市场登记（新办）',
      itemName: '农产品集贸市场登记',
      keywords: ['菜市场'],
      code: `${DEPTS[1]!.credit}4079990000000` + '01',
      implCode: `${DEPTS[1]!.credit}4079990000000`,
      baseCode: '079990000000',
    };
    idx.upsert(extra);
    assert.equal(idx.size, DOCS.length + 1);
    assert.deepEqual(idx.search('ncpjm').hits.map((h) => h.subItemId), [9001]);
    assert.deepEqual(idx.search('菜市场').hits.map((h) => h.subItemId), [9001]);

    // rename a food sub-item and change its code
    const food = DOCS.find((d) => d.subItemId === FOOD[0])!;
    idx.upsert({ ...food, name: '仅销售预包装食品备案', itemName: '仅销售预包装食品备案', keywords: ['预包装'], code: 'NEWCODE000000000000000000000000001' });
    assert.equal(idx.size, DOCS.length + 1);
    assert.ok(!idx.search('spjy').hits.some((h) => h.subItemId === food.subItemId));
    assert.equal(idx.search('spjy').total, FOOD.length - 1);
    assert.deepEqual(idx.search('预包装').hits.map((h) => h.subItemId), [food.subItemId]);
    assert.equal(idx.search(food.code).total, 0);
    assert.deepEqual(idx.search('NEWCODE').hits.map((h) => h.subItemId), [food.subItemId]);

    idx.remove(9001);
    idx.remove(9001); // idempotent
    idx.remove(123456); // unknown
    assert.equal(idx.size, DOCS.length);
    assert.equal(idx.search('ncpjm').total, 0);
    assert.equal(idx.search('', {}, 100).total, DOCS.length);

    // replaceAll restores the fixture
    idx.replaceAll(DOCS);
    firstAre(idx, 'spjy', FOOD);
    assert.equal(idx.size, DOCS.length);
  });

  test('many edits: dead entries are swept and slots reused, results stay exact', () => {
    const idx = new CatalogSearchIndex(DOCS);
    for (let round = 0; round < 40; round++) for (const d of DOCS) idx.upsert({ ...d, keywords: [...d.keywords, `第${round}轮`] });
    assert.equal(idx.size, DOCS.length);
    firstAre(idx, 'spjy', FOOD);
    assert.equal(idx.search('食品').total, new CatalogSearchIndex(DOCS).search('食品').total);
    assert.equal(idx.search('第39轮').total, DOCS.length);
    assert.equal(idx.search('第3轮').total, 0);
    assert.equal(idx.search(DOCS[5]!.code).total, 1);
    for (const d of DOCS.slice(0, 10)) idx.remove(d.subItemId);
    assert.equal(idx.size, DOCS.length - 10);
    assert.equal(idx.search('', {}, 100).total, DOCS.length - 10);
  });

  test('many renames: unused names are dropped by a rebuild, search stays exact', () => {
    const idx = new CatalogSearchIndex(DOCS);
    const d = DOCS.find((x) => x.subItemId === MARRIAGE[0])!;
    for (let k = 0; k < 6200; k++) idx.upsert({ ...d, name: `第${k}号测试事项`, keywords: [`测试词${k}`] });
    assert.equal(idx.size, DOCS.length);
    assert.deepEqual(idx.search('第6199号测试事项').hits.map((h) => h.subItemId), [d.subItemId]);
    assert.equal(idx.search('第6198号测试事项').hits.filter((h) => h.matchedBy === 'name').length, 0);
    assert.equal(idx.search('测试词6199').total, 1);
    assert.equal(idx.search('测试词17').total, 0);
    assert.equal(idx.search('婚姻登记').total, MARRIAGE.length); // through the item name
    firstAre(idx, 'spjy', FOOD);
    assert.equal(idx.search(d.code).total, 1);
  });

  test('filters do not leak into the next query', () => {
    const idx = new CatalogSearchIndex(DOCS);
    const all = idx.search('许可', {}, 0).total;
    assert.ok(idx.search('许可', { siteId: 4, lifeEvent: '经营许可' }, 0).total < all);
    assert.equal(idx.search('许可', { siteId: 4, lifeEvent: '医疗卫生' }).total, 1); // 放射诊疗许可
    assert.equal(idx.search('许可', {}, 0).total, all);
    assert.equal(idx.search('', {}, 0).total, DOCS.length);
  });

  test('more than 31 distinct life events still filter; upserted codes are found before and after merging', () => {
    const idx = new CatalogSearchIndex(DOCS);
    const base = DOCS[0]!;
    for (let k = 0; k < 3000; k++) {
      idx.upsert({ ...base, subItemId: 50_000 + k, code: `${base.implCode}X${String(k).padStart(4, '0')}`, lifeEvents: [`事件${k % 40}`] });
      if (k === 10) assert.deepEqual(idx.search(`${base.implCode}X0010`).hits.map((h) => h.subItemId), [50_010]); // pending
    }
    assert.equal(idx.search('', { lifeEvent: '事件35' }, 0).total, 75);
    assert.equal(idx.search('食品', { lifeEvent: '事件35' }, 0).total, 75);
    assert.equal(idx.search('食品', { lifeEvent: '事件3' }, 0).total, 75);
    assert.equal(idx.search('', { lifeEvent: '婚育' }, 0).total, DOCS.filter((d) => d.lifeEvents.includes('婚育')).length);
    assert.deepEqual(idx.search(`${base.implCode}X2999`).hits.map((h) => h.subItemId), [52_999]);
    assert.deepEqual(idx.search(`${base.implCode}X0010`).hits.map((h) => h.subItemId), [50_010]); // merged
    assert.equal(idx.search(`${base.implCode}X`, {}, 0).total, 3000);
    idx.remove(50_010);
    assert.equal(idx.search(`${base.implCode}X0010`).total, 0);
  });

  test('duplicate subItemId in replaceAll keeps the last doc', () => {
    const d = DOCS[0]!;
    const idx = new CatalogSearchIndex([d, { ...d, name: '排水许可（新办）', itemName: '排水许可' }]);
    assert.equal(idx.size, 1);
    assert.equal(idx.search('食品').total, 0);
    assert.equal(idx.search('排水').total, 1);
    assert.equal(idx.search(d.code).total, 1);
  });

  test('empty index', () => {
    const idx = new CatalogSearchIndex();
    assert.equal(idx.size, 0);
    assert.deepEqual(idx.search('食品'), { hits: [], total: 0 });
    assert.deepEqual(idx.search(''), { hits: [], total: 0 });
  });
});
