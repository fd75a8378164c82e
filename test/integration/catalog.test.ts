import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { forEachDatabase, type Client } from '../helpers/app.js';
import { pdfOf } from '../helpers/files.js';

const line = (materialId: number, extra: Record<string, unknown> = {}) => ({
  materialId, form: 'copy', copies: 1, required: true, allowMissing: false, allowCommitment: false, condition: '', reviewPoints: '核对原件与复印件一致', ...extra,
});

forEachDatabase('catalog: checklist versions', (ctx) => {
  let admin: Client;
  let editor: Client;
  const m: number[] = [];
  let subItemId = 0;
  let v1 = 0;
  let v2 = 0;

  test('the item list counts each item\'s sub-items (子项数)', async () => {
    const admin = await ctx.client('admin');
    const res = await admin.get(`/api/catalog/items?q=${encodeURIComponent('食品经营许可')}`);
    assert.equal(res.status, 200);
    const item = (res.body.items as { name: string; id: number; subItemCount: number }[]).find((i) => i.name === '食品经营许可');
    assert.ok(item, JSON.stringify(res.body.items.map((i: { name: string }) => i.name)));
    const detail = (await admin.get(`/api/catalog/items/${item.id}`)).body as { subItems: unknown[] };
    assert.ok(detail.subItems.length >= 2);
    assert.equal(item.subItemCount, detail.subItems.length);
  });

  test('the centre sets up materials and an item; the department drafts, edits and submits', async () => {
    admin = await ctx.client('catalog1');
    editor = await ctx.client('editor_scjg');
    for (const [code, name] of [['T01', '测试营业执照'], ['T02', '测试场所证明'], ['T03', '测试健康证明']]) {
      const r = await admin.post('/api/catalog/materials', { code, name, description: '测试材料', sampleNote: '', licenseType: null, source: 'applicant' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      m.push(r.body.id);
    }
    const depts = (await admin.get('/api/departments')).body.items;
    const scjg = depts.find((d: { code: string }) => d.code === 'SCJGJ');
    const item = await admin.post('/api/catalog/items', {
      baseCode: '000123456789', implCode: 'TESTIMPL0000000000400012345678', name: '测试食品摊贩登记', departmentId: scjg.id, subjectType: 'citizen',
      category: 'business', itemType: '07', level: 4, legalBasis: '《测试条例》第一条', conditions: '在本区经营', statutoryLimit: 20, statutoryUnit: 'working',
      promisedLimit: 5, promisedUnit: 'working', caseType: 'promised', fees: '不收费', location: '区中心一楼', hours: '工作日', phones: '020-1',
      inspectionNeeded: true, approvalSteps: 2, batch: 1, enabledSiteIds: [], tongbanScope: 'none',
      flowSteps: [{ name: '受理', actor: '综合窗口', days: 0 }, { name: '审查', actor: '市场监管局', days: 3 }, { name: '决定', actor: '市场监管局', days: 2 }],
      keywords: ['摆摊', '流动摊贩'], lifeEvents: ['经营许可'],
    });
    assert.equal(item.status, 201, JSON.stringify(item.body));
    const bad = await admin.patch(`/api/catalog/items/${item.body.id}`, { promisedLimit: 30 });
    assert.equal(bad.body.code, 'CATALOG_LIMIT_INVALID');
    const sub = await admin.post(`/api/catalog/items/${item.body.id}/sub-items`, { code: 'TESTIMPL000000000040001234567801', name: '测试食品摊贩登记（新办）', kind: 'new' });
    assert.equal(sub.status, 201);
    subItemId = sub.body.id;

    // The centre reviews; it does not draft. A department editor of another department sees nothing.
    assert.equal((await admin.post(`/api/catalog/sub-items/${subItemId}/versions`)).status, 403);
    assert.equal((await (await ctx.client('editor_wjj')).post(`/api/catalog/sub-items/${subItemId}/versions`)).status, 404);

    const draft = await editor.post(`/api/catalog/sub-items/${subItemId}/versions`);
    assert.equal(draft.status, 201);
    v1 = draft.body.id;
    assert.equal((await editor.post(`/api/catalog/sub-items/${subItemId}/versions`)).body.code, 'CHECKLIST_DRAFT_EXISTS');
    const empty = await editor.post(`/api/catalog/versions/${v1}/actions/submit`);
    assert.equal(empty.body.code, 'CHECKLIST_EMPTY');
    const dup = await editor.put(`/api/catalog/versions/${v1}/lines`, { lines: [line(m[0]!), line(m[0]!)] });
    assert.equal(dup.body.code, 'CHECKLIST_DUPLICATE_MATERIAL');
    assert.match(dup.body.message, /测试营业执照/);
    assert.equal((await editor.put(`/api/catalog/versions/${v1}/lines`, { lines: [line(m[0]!), line(m[1]!, { allowCommitment: true })], note: '首版' })).status, 204);
    assert.equal((await editor.post(`/api/catalog/versions/${v1}/actions/submit`)).status, 204);
    // Once submitted, the department can no longer edit it.
    const locked = await editor.put(`/api/catalog/versions/${v1}/lines`, { lines: [line(m[0]!)] });
    assert.equal(locked.status, 409);
    assert.equal(locked.body.code, 'CHECKLIST_TRANSITION_NOT_ALLOWED');
    assert.match(locked.body.message, /已报送待审核/);
  });

  test('a department editor cannot publish; the centre returns with comments, then publishes', async () => {
    const self = await editor.post(`/api/catalog/versions/${v1}/actions/publish`, { effectiveFrom: ctx.clock.today() });
    assert.equal(self.status, 403);
    const queue = (await admin.get('/api/catalog/review-queue')).body.items;
    assert.ok(queue.some((q: { id: number }) => q.id === v1));
    const noReason = await admin.post(`/api/catalog/versions/${v1}/actions/return`, { comment: ' ' });
    assert.equal(noReason.body.code, 'CHECKLIST_RETURN_REASON_REQUIRED');
    assert.equal((await admin.post(`/api/catalog/versions/${v1}/actions/return`, { comment: '场所证明须写明可否告知承诺的条件' })).status, 204);
    const returned = (await editor.get(`/api/catalog/versions/${v1}`)).body;
    assert.equal(returned.version.status, 'returned');
    assert.equal(returned.version.reviewComment, '场所证明须写明可否告知承诺的条件');
    assert.deepEqual(returned.actions, ['edit', 'submit', 'discard']);
    await editor.put(`/api/catalog/versions/${v1}/lines`, { lines: [line(m[0]!), line(m[1]!, { allowCommitment: true, condition: '自有或租赁场所' })] });
    await editor.post(`/api/catalog/versions/${v1}/actions/submit`);
    const past = await admin.post(`/api/catalog/versions/${v1}/actions/publish`, { effectiveFrom: '2020-01-01' });
    assert.equal(past.body.code, 'CHECKLIST_EFFECTIVE_DATE_PAST');
    assert.equal((await admin.post(`/api/catalog/versions/${v1}/actions/publish`, { effectiveFrom: ctx.clock.today() })).status, 204);
    const history = (await editor.get(`/api/catalog/sub-items/${subItemId}/versions`)).body;
    assert.equal(history.effectiveVersionId, v1);
  });

  test('nobody can change a published version: not through the API, not through SQL', async () => {
    const api = await editor.put(`/api/catalog/versions/${v1}/lines`, { lines: [line(m[2]!)] });
    assert.equal(api.status, 409);
    assert.equal((await admin.post(`/api/catalog/versions/${v1}/actions/return`, { comment: 'x' })).status, 409);
    const db = ctx.services.database.db;
    const refused = (err: Error & { cause?: Error }) => /published/.test(String(err.cause?.message ?? err.message));
    await assert.rejects(db.execute(sql`update checklist_lines set copies = 9 where version_id = ${v1}`), refused);
    await assert.rejects(db.execute(sql`delete from checklist_lines where version_id = ${v1}`), refused);
    await assert.rejects(db.execute(sql`insert into checklist_lines (version_id, line_no, material_id, form) values (${v1}, 99, ${m[2]!}, 'copy')`), refused);
    await assert.rejects(db.execute(sql`update checklist_versions set note = 'x' where id = ${v1}`), refused);
    await assert.rejects(db.execute(sql`delete from checklist_versions where id = ${v1}`), refused);
  });

  test('the diff shows added, removed and changed lines; a future version leaves the pinned one in force', async () => {
    const d = await editor.post(`/api/catalog/sub-items/${subItemId}/versions`);
    v2 = d.body.id;
    const copied = (await editor.get(`/api/catalog/versions/${v2}`)).body;
    assert.equal(copied.lines.length, 2, 'a new draft starts from the version in force');
    assert.equal(copied.version.basedOnId, v1);
    await editor.put(`/api/catalog/versions/${v2}/lines`, { lines: [line(m[1]!, { allowCommitment: true, condition: '自有或租赁场所', form: 'original_and_copy' }), line(m[2]!, { required: false })] });
    const diff = (await admin.get(`/api/catalog/versions/${v2}/diff`)).body;
    const kinds = diff.entries.map((e: { kind: string }) => e.kind).sort();
    assert.deepEqual(kinds, ['added', 'changed', 'removed']);
    const changed = diff.entries.find((e: { kind: string }) => e.kind === 'changed');
    assert.deepEqual(changed.fields, ['form']);
    assert.equal(changed.before.form, 'copy');
    assert.equal(changed.after.form, 'original_and_copy');
    assert.equal(diff.entries.find((e: { kind: string }) => e.kind === 'removed').line.materialName, '测试营业执照');
    assert.equal(diff.entries.find((e: { kind: string }) => e.kind === 'added').line.materialName, '测试健康证明');
    await editor.post(`/api/catalog/versions/${v2}/actions/submit`);
    assert.equal((await admin.post(`/api/catalog/versions/${v2}/actions/publish`, { effectiveFrom: '2099-01-01' })).status, 204);
    // In force today: still v1. The exact version a case pinned reads as it was published.
    const guide = (await ctx.anonymous().get(`/api/public/guide/${subItemId}`)).body;
    assert.equal(guide.version.id, v1);
    assert.deepEqual(guide.lines.map((l: { materialName: string }) => l.materialName), ['测试营业执照', '测试场所证明']);
    const pinned = (await (await ctx.client('clerk1')).get(`/api/catalog/versions/${v1}`)).body;
    assert.equal(pinned.lines.length, 2);
    assert.equal(pinned.version.status, 'published');
    const effective = await ctx.services.checklists.effectiveVersion(subItemId, '2099-01-02');
    assert.equal(effective?.version.id, v2);
    // intake pins the version in force today, with its lines and their material names
    const form = await (await ctx.client('clerk1')).get(`/api/cases/intake-form?subItemIds=${subItemId}`);
    assert.equal(form.status, 200, JSON.stringify(form.body));
    assert.equal(form.body.subItems[0].checklistVersionId, v1);
    assert.deepEqual(form.body.subItems[0].lines.map((l: { materialName: string; form: string }) => [l.materialName, l.form]), [['测试营业执照', 'copy'], ['测试场所证明', 'copy']]);
  });

  test('drafts are the department’s own; published versions are readable by all staff', async () => {
    const d = await editor.post(`/api/catalog/sub-items/${subItemId}/versions`);
    assert.equal(d.status, 201);
    assert.equal((await (await ctx.client('clerk1')).get(`/api/catalog/versions/${d.body.id}`)).status, 404);
    assert.equal((await (await ctx.client('editor_wjj')).get(`/api/catalog/versions/${d.body.id}`)).status, 404);
    assert.equal((await admin.get(`/api/catalog/versions/${d.body.id}`)).status, 200);
    assert.equal((await editor.post(`/api/catalog/versions/${d.body.id}/actions/discard`)).status, 204);
    assert.equal((await editor.get(`/api/catalog/versions/${d.body.id}`)).status, 404);
  });

  test('search follows publication; the guide is public; every step was audited', async () => {
    const res = (await ctx.anonymous().get(`/api/catalog/search?q=${encodeURIComponent('食品摊贩')}`)).body;
    assert.equal(res.items[0].subItemId, subItemId);
    const byKeyword = (await ctx.anonymous().get(`/api/catalog/search?q=${encodeURIComponent('摆摊')}`)).body;
    assert.ok(byKeyword.items.some((i: { subItemId: number }) => i.subItemId === subItemId));
    const events = (await (await ctx.client('supervisor1')).get('/api/audit/events?pageSize=200')).body.items.map((e: { kind: string }) => e.kind);
    for (const k of ['checklist.drafted', 'checklist.edited', 'checklist.submitted', 'checklist.returned', 'checklist.published', 'checklist.discarded', 'item.created', 'material.created']) {
      assert.ok(events.includes(k), k);
    }
  });
});

forEachDatabase('catalog: the demo district', (ctx) => {
  const search = async (q: string, extra = '') => (await ctx.anonymous().get(`/api/catalog/search?q=${encodeURIComponent(q)}${extra}`)).body;

  test('about 977 sub-items of 19 departments, ~150 standard materials, a checklist for every sub-item', async () => {
    const db = ctx.services.database.db;
    const [r] = (await db.execute(sql`select
        (select count(*) from catalog_sub_items) as subs, (select count(*) from catalog_materials) as materials,
        (select count(distinct department_id) from catalog_items) as depts, (select count(*) from catalog_bundles) as bundles,
        (select count(*) from catalog_sub_items s where not exists (select 1 from checklist_versions v where v.sub_item_id = s.id and v.status = 'published')) as without`) as unknown as { rows: Record<string, unknown>[] }).rows;
    assert.ok(Math.abs(Number(r!.subs) - 977) <= 8, `sub-items: ${r!.subs}`);
    assert.ok(Number(r!.materials) >= 140 && Number(r!.materials) <= 160, `materials: ${r!.materials}`);
    assert.equal(Number(r!.depts), 19);
    assert.ok(Number(r!.bundles) >= 10);
    assert.equal(Number(r!.without), 0);
  });

  test('spjy, shipin and 食品 find the 食品经营许可 sub-items first; one wrong character is tolerated', async () => {
    for (const q of ['spjy', 'shipin', '食品']) {
      const res = await search(q);
      assert.ok(res.total > 0, q);
      assert.match(res.items[0].name, /^食品经营许可/, `${q} → ${res.items[0].name}`);
    }
    const typo = await search('食品经莹');
    assert.ok(typo.items.some((i: { name: string }) => i.name.startsWith('食品经营许可')), '食品经莹');
    const typo2 = await search('婚姻登计');
    assert.ok(typo2.items.some((i: { name: string }) => i.name.includes('婚姻') || i.name.includes('结婚')), '婚姻登计');
    const filtered = await search('', '&category=engineering&limit=100');
    assert.ok(filtered.items.length > 0 && filtered.items.every((i: { category: string }) => i.category === 'engineering'));
  });

  test('a guide carries every field, the materials and the flow; a bundle merges shared materials', async () => {
    const first = (await search('食品经营许可')).items[0];
    const guide = (await ctx.anonymous().get(`/api/public/guide/${first.subItemId}`)).body;
    assert.equal(guide.departmentName, '示范区市场监督管理局');
    assert.ok(guide.lines.length >= 2);
    assert.ok(guide.item.flowSteps.length >= 3);
    assert.ok(guide.item.legalBasis.length > 0);
    const bundles = (await ctx.anonymous().get('/api/public/bundles')).body.items as { id: number; name: string; items: number }[];
    let shared = 0;
    for (const b of bundles) {
      const detail = (await ctx.anonymous().get(`/api/public/bundles/${b.id}`)).body;
      assert.ok(detail.materials.length <= detail.totalLines);
      if (detail.materials.some((m: { requiredBy: string[] }) => m.requiredBy.length > 1)) shared++;
    }
    assert.ok(shared >= 10, `bundles sharing a material: ${shared}`);
  });
});

forEachDatabase('catalog: audiences', (ctx) => {
  test('review points are for staff: the public guide leaves them out, the staff guide has them', async () => {
    const hit = (await ctx.anonymous().get(`/api/catalog/search?q=${encodeURIComponent('食品经营许可')}`)).body.items[0];
    const pub = (await ctx.anonymous().get(`/api/public/guide/${hit.subItemId}`)).body;
    assert.ok(pub.lines.every((l: { reviewPoints: string }) => l.reviewPoints === ''));
    const staff = (await (await ctx.client('clerk1')).get(`/api/catalog/guide/${hit.subItemId}`)).body;
    assert.ok(staff.lines.some((l: { reviewPoints: string }) => l.reviewPoints.length > 0));
    assert.equal((await ctx.anonymous().get(`/api/catalog/guide/${hit.subItemId}`)).status, 401);
  });

  test('version history names who confirmed and who published', async () => {
    const hit = (await ctx.anonymous().get(`/api/catalog/search?q=${encodeURIComponent('食品经营许可')}`)).body.items[0];
    const editor = await ctx.client('editor_scjg');
    const draft = await editor.post(`/api/catalog/sub-items/${hit.subItemId}/versions`);
    await editor.post(`/api/catalog/versions/${draft.body.id}/actions/submit`);
    const history = (await editor.get(`/api/catalog/sub-items/${hit.subItemId}/versions`)).body;
    const v = history.versions.find((x: { id: number }) => x.id === draft.body.id);
    assert.equal(v.submittedByName, '潘志刚');
    assert.equal(v.createdByName, '潘志刚');
  });
});

forEachDatabase('catalog: form templates and samples', (ctx) => {
  test('the item owner uploads a form template; the guide lists it; anyone downloads it; bad files are refused', async () => {
    const pdf = await pdfOf(1);
    const hit = (await ctx.anonymous().get(`/api/catalog/search?q=${encodeURIComponent('食品经营许可')}`)).body.items[0];
    const editor = await ctx.client('editor_scjg');
    const body = { ownerType: 'item', ownerId: hit.itemId, kind: 'form_template', title: '食品经营许可申请书', fileName: '食品经营许可申请书.pdf', mimeType: 'application/pdf', contentBase64: pdf.toString('base64') };
    const up = await editor.post('/api/catalog/files', body);
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.equal((await (await ctx.client('editor_wjj')).post('/api/catalog/files', body)).status, 404, 'another department’s item');
    assert.equal((await (await ctx.client('clerk1')).post('/api/catalog/files', body)).status, 403);
    const fake = await editor.post('/api/catalog/files', { ...body, contentBase64: Buffer.from('<script>alert(1)</script>').toString('base64') });
    assert.equal(fake.status, 415);
    assert.equal(fake.body.code, 'FILE_TYPE', 'the type read from the bytes: a script is none of the accepted ones');
    const item = (await editor.get(`/api/catalog/items/${hit.itemId}`)).body;
    assert.equal(item.files.length, 1);
    const guide = (await ctx.anonymous().get(`/api/public/guide/${hit.subItemId}`)).body;
    assert.ok(guide.files.some((f: { id: number; title: string }) => f.id === up.body.id && f.title === '食品经营许可申请书'));
    const dl = await ctx.app.inject({ method: 'GET', url: `/api/public/files/${up.body.id}` });
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers['content-type'], 'application/pdf');
    assert.equal(dl.headers['x-content-type-options'], 'nosniff');
    assert.match(String(dl.headers['content-disposition']), /^inline; filename="_+\.pdf"; filename\*=UTF-8''%E9%A3%9F/);
    assert.ok(dl.rawPayload.equals(pdf));
    assert.equal((await editor.del(`/api/catalog/files/${up.body.id}`)).status, 204);
    assert.equal((await ctx.anonymous().get(`/api/public/files/${up.body.id}`)).status, 404);
  });
});
