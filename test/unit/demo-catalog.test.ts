import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ITEM_TYPES, LIFE_EVENTS, MATERIAL_FORMS, SUB_ITEM_KINDS } from '../../common/catalog.js';
import { validateUscc } from '../../common/validators.js';
import { DEMO_CATALOG, buildDemoCatalog, mulberry32, summariseDemoCatalog } from '../../server/demo/catalog-data.js';
import { DEMO_DEPARTMENTS, DEMO_SITES } from '../../server/demo/organisation.js';

const c = DEMO_CATALOG;
const subItems = c.items.flatMap((it) => it.subItems.map((s) => ({ ...s, item: it })));
const materialByCode = new Map(c.materials.map((m) => [m.code, m]));
const codeOf = (name: string) => c.materials.find((m) => m.name === name)!.code;

describe('demo catalog: generation', () => {
  test('deterministic: two generations are deep-equal (seeded PRNG, no Math.random)', () => {
    assert.deepEqual(buildDemoCatalog(), buildDemoCatalog());
    assert.deepEqual(buildDemoCatalog(), DEMO_CATALOG);
    const a = mulberry32(42);
    const b = mulberry32(42);
    assert.deepEqual([a(), a(), a()], [b(), b(), b()]);
  });

  test('sizes: ≈ 977 sub-items, ≈ 150 materials, ≥ 250 real items, every department has items', () => {
    const s = summariseDemoCatalog();
    assert.ok(s.subItems >= 970 && s.subItems <= 985, `sub-items ${s.subItems}`);
    assert.ok(s.materials >= 140 && s.materials <= 160, `materials ${s.materials}`);
    assert.ok(s.items >= 250, `items ${s.items}`);
    for (const d of DEMO_DEPARTMENTS) assert.ok((s.byDepartment[d.code]?.items ?? 0) >= 5, `${d.code} has ${s.byDepartment[d.code]?.items ?? 0} items`);
    assert.equal(Object.keys(s.byDepartment).length, DEMO_DEPARTMENTS.length);
  });

  test('names are real, not generated placeholders, and sub-item names are unique', () => {
    for (const it of c.items) assert.doesNotMatch(it.name, /事项\s*\d|item\s*\d/i);
    assert.equal(new Set(subItems.map((s) => s.name)).size, subItems.length);
    assert.equal(new Set(c.items.map((i) => i.name)).size, c.items.length);
  });
});

describe('demo catalog: codes', () => {
  test('each department has a valid USCC; 实施编码 = USCC + 4 + 基本编码 (31); 办理项编码 = 实施编码 + 2 digits (33)', () => {
    const usccs = Object.values(c.departmentUscc);
    assert.equal(new Set(usccs).size, DEMO_DEPARTMENTS.length);
    for (const u of usccs) assert.deepEqual(validateUscc(u), { ok: true, warnings: [], normalised: u });
    for (const it of c.items) {
      assert.match(it.baseCode, /^\d{12}$/);
      assert.equal(it.implCode.length, 31);
      assert.equal(it.implCode, `${c.departmentUscc[it.departmentCode]}4${it.baseCode}`);
      assert.equal(it.baseCode.slice(0, 2), it.itemType);
      it.subItems.forEach((s, i) => {
        assert.equal(s.code.length, 33);
        assert.equal(s.code, `${it.implCode}${String(i + 1).padStart(2, '0')}`);
      });
    }
  });

  test('codes are unique: base codes, 实施编码, 办理项编码, material codes and names, bundle codes', () => {
    const unique = (xs: string[], what: string) => assert.equal(new Set(xs).size, xs.length, what);
    unique(c.items.map((i) => i.baseCode), 'base codes');
    unique(c.items.map((i) => i.implCode), 'impl codes');
    unique(subItems.map((s) => s.code), 'sub-item codes');
    unique(c.materials.map((m) => m.code), 'material codes');
    unique(c.materials.map((m) => m.name), 'material names');
    unique(c.bundles.map((b) => b.code), 'bundle codes');
    for (const m of c.materials) assert.match(m.code, /^M\d{3}$/);
  });
});

describe('demo catalog: items', () => {
  test('code lists, limits, sites, flow charts', () => {
    const siteCodes = new Set(DEMO_SITES.map((s) => s.code));
    for (const it of c.items) {
      const where = it.name;
      assert.ok(it.itemType in ITEM_TYPES, where);
      assert.equal(it.level, 4, where);
      assert.ok(it.promisedLimit <= it.statutoryLimit, `${where}: promised ${it.promisedLimit} > statutory ${it.statutoryLimit}`);
      assert.equal(it.caseType, it.promisedLimit === 0 ? 'instant' : 'promised', where);
      assert.ok(it.approvalSteps >= 1 && it.approvalSteps <= 3, where);
      assert.ok(it.legalBasis.includes('《'), `${where}: legal basis`);
      assert.ok(it.conditions.length > 10, `${where}: conditions`);
      assert.ok(it.enabledSiteCodes.includes('QZX'), where);
      for (const s of it.enabledSiteCodes) assert.ok(siteCodes.has(s), `${where}: site ${s}`);
      if (it.category !== 'citizen') assert.deepEqual(it.enabledSiteCodes, ['QZX'], `${where}: business/engineering items at the centre only`);
      for (const e of it.lifeEvents) assert.ok((LIFE_EVENTS as readonly string[]).includes(e), `${where}: life event ${e}`);
      assert.ok(it.flowSteps.length >= 3 && it.flowSteps.length <= 6, `${where}: ${it.flowSteps.length} flow steps`);
      const days = it.flowSteps.reduce((n, s) => n + (s.days ?? 0), 0);
      assert.ok(days <= it.promisedLimit, `${where}: flow days ${days} > promised ${it.promisedLimit}`);
      assert.ok(it.subItems.length >= 1, where);
    }
    const food = c.items.find((i) => i.name === '食品经营许可')!;
    assert.equal(food.statutoryLimit, 20);
    assert.equal(food.promisedLimit, 10);
    assert.equal(food.inspectionNeeded, true);
    assert.equal(food.batch, 1);
    assert.ok(food.keywords.includes('餐饮') && food.keywords.includes('开饭店'));
    const citizenEverywhere = c.items.filter((i) => i.category === 'citizen' && i.enabledSiteCodes.length === DEMO_SITES.length);
    assert.ok(citizenEverywhere.length >= 30, 'many citizen items are enabled at streets and communities');
  });

  test('batch shares ≈ 20 % / 40 % / 40 %, with the common items in batch 1', () => {
    const s = summariseDemoCatalog();
    const sub = s.batchShareSubItems;
    assert.ok(sub[1] >= 0.15 && sub[1] <= 0.3, `batch 1 ${sub[1]}`);
    assert.ok(sub[2] >= 0.3 && sub[2] <= 0.5, `batch 2 ${sub[2]}`);
    assert.ok(sub[3] >= 0.3 && sub[3] <= 0.5, `batch 3 ${sub[3]}`);
    assert.ok(s.batchShareItems[1] >= 0.12 && s.batchShareItems[1] <= 0.3, `items in batch 1: ${s.batchShareItems[1]}`);
    for (const name of ['食品经营许可', '婚姻登记', '就业失业登记', '社会保险参保登记', '最低生活保障', '营业执照登记（个体工商户）', '有限责任公司登记', '居民身份证办理']) {
      assert.equal(c.items.find((i) => i.name === name)?.batch, 1, name);
    }
  });
});

describe('demo catalog: checklists', () => {
  test('every sub-item has 2–10 lines of known materials, each material once, numbered 1..n', () => {
    for (const s of subItems) {
      const where = s.name;
      assert.ok((SUB_ITEM_KINDS as readonly string[]).includes(s.kind), where);
      assert.ok(s.checklist.length >= 2 && s.checklist.length <= 10, `${where}: ${s.checklist.length} lines`);
      assert.deepEqual(s.checklist.map((l) => l.lineNo), s.checklist.map((_, i) => i + 1), where);
      const codes = s.checklist.map((l) => l.materialCode);
      assert.equal(new Set(codes).size, codes.length, `${where}: duplicate material`);
      for (const l of s.checklist) {
        assert.ok(materialByCode.has(l.materialCode), `${where}: unknown material ${l.materialCode}`);
        assert.ok((MATERIAL_FORMS as readonly string[]).includes(l.form), where);
        assert.ok(l.copies >= 0 && l.copies <= 99, where);
        assert.ok(l.reviewPoints.length > 0, `${where}: review points`);
        if (l.allowMissing) assert.ok(l.required, `${where}: 容缺 only on required lines`);
      }
      assert.ok(s.checklist.filter((l) => l.allowMissing).length <= 2, `${where}: 容缺 on a few lines at most`);
    }
  });

  test('容缺 and 告知承诺 are used, agents need a power of attorney, 注销 returns the licence, 补证 needs a loss statement', () => {
    const lines = subItems.flatMap((s) => s.checklist);
    assert.ok(lines.some((l) => l.allowMissing));
    assert.ok(lines.some((l) => l.allowCommitment));
    const proxy = codeOf('授权委托书');
    for (const l of lines.filter((x) => x.materialCode === proxy)) assert.equal(l.condition, '委托代理人办理的提供');
    for (const s of subItems.filter((x) => x.name.endsWith('（注销）'))) {
      assert.ok(s.checklist.some((l) => l.form === 'original' && /交回/.test(l.reviewPoints)), `${s.name}: licence returned`);
    }
    const loss = codeOf('遗失声明');
    for (const s of subItems.filter((x) => x.name.endsWith('（补证）'))) assert.ok(s.checklist.some((l) => l.materialCode === loss), s.name);
  });

  test('食品经营许可（新办） under 市场监管 asks for 营业执照 and 场所使用证明', () => {
    const s = subItems.find((x) => x.name === '食品经营许可（新办）');
    assert.ok(s);
    assert.equal(s.item.departmentCode, 'SCJGJ');
    assert.equal(s.kind, 'new');
    const codes = s.checklist.map((l) => l.materialCode);
    assert.ok(codes.includes(codeOf('营业执照')));
    assert.ok(codes.includes(codeOf('场所使用证明（房产证或租赁合同）')));
    const place = s.checklist.find((l) => l.materialCode === codeOf('场所使用证明（房产证或租赁合同）'))!;
    assert.equal(place.allowCommitment, true);
  });

  test('materials: description, sample note, source; e-license types where they exist in practice', () => {
    for (const m of c.materials) {
      assert.ok(m.description.length > 10 && m.sampleNote.length > 0, m.name);
      assert.ok(m.source === 'applicant' || m.source === 'government', m.name);
    }
    const lic = (name: string) => c.materials.find((m) => m.name === name)!.licenseType;
    assert.equal(lic('营业执照'), '营业执照');
    assert.equal(lic('居民身份证'), '居民身份证');
    assert.equal(lic('结婚证'), '结婚证');
    assert.equal(lic('不动产权证书'), '不动产权证书');
    assert.equal(lic('授权委托书'), null);
    assert.ok(c.materials.filter((m) => m.licenseType === null).length > c.materials.length / 2, 'null for most');
    const used = new Set(subItems.flatMap((s) => s.checklist.map((l) => l.materialCode)));
    assert.equal(used.size, c.materials.length, 'every standard material is used by some checklist');
  });
});

describe('demo catalog: bundles', () => {
  const subByCode = new Map(subItems.map((s) => [s.code, s]));
  // materials every matter asks for (agent lines, generic forms) do not count as sharing
  const generic = new Set(['授权委托书', '经办人身份证明', '行政许可申请书', '事项申请表', '备案表', '注销申请书'].map(codeOf));

  test('≥ 12 bundles (a couple of chains), all sub-item codes exist, across departments', () => {
    assert.ok(c.bundles.length >= 12);
    assert.ok(c.bundles.filter((b) => b.kind === 'chain').length >= 2);
    for (const b of c.bundles) {
      assert.ok(b.subItemCodes.length >= 2, b.name);
      assert.equal(new Set(b.subItemCodes).size, b.subItemCodes.length, b.name);
      for (const code of b.subItemCodes) assert.ok(subByCode.has(code), `${b.name}: ${code}`);
      assert.ok((LIFE_EVENTS as readonly string[]).includes(b.lifeEvent), b.name);
    }
    const multiDept = c.bundles.filter((b) => new Set(b.subItemCodes.map((x) => subByCode.get(x)!.item.departmentCode)).size >= 2);
    assert.ok(multiDept.length >= 12, `${multiDept.length} bundles span departments`);
    const names = c.bundles.map((b) => b.name);
    for (const n of ['开办餐馆一件事', '新生儿出生一件事', '企业开办一件事', '身后一件事', '退休一件事']) assert.ok(names.includes(n), n);
  });

  test('≥ 10 bundles share a material between two of their sub-items (merged material list)', () => {
    const sharing = c.bundles.filter((b) => {
      const seen = new Map<string, number>();
      for (const code of b.subItemCodes) {
        for (const m of new Set(subByCode.get(code)!.checklist.map((l) => l.materialCode))) {
          if (!generic.has(m)) seen.set(m, (seen.get(m) ?? 0) + 1);
        }
      }
      return [...seen.values()].some((n) => n >= 2);
    });
    assert.ok(sharing.length >= 10, `${sharing.length} bundles share a material`);
    const restaurant = c.bundles.find((b) => b.name === '开办餐馆一件事')!;
    const place = codeOf('场所使用证明（房产证或租赁合同）');
    const withPlace = restaurant.subItemCodes.filter((x) => subByCode.get(x)!.checklist.some((l) => l.materialCode === place));
    assert.ok(withPlace.length >= 2, '开办餐馆: 场所使用证明 collected once for several sub-items');
  });
});
