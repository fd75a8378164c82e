/**
 * Scans of case materials (issue 16.6) through HTTP on both engines: a clerk uploads a scan at the window, names it
 * in the intake, the case detail lists it (a shared material through its holder), an approver of the department
 * reads it and others cannot, a renamed executable is refused by its bytes, and the 电子档案 unzips to the expected
 * entries and index.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import JSZip from 'jszip';
import type { IntakeForm } from '../../server/modules/cases/cases.schemas.js';
import { forEachDatabase, type Client } from '../helpers/app.js';
import { PERSON_ID, USCC, subItemIdOf } from '../helpers/case-flow.js';
import { exe, pdfOf, photo } from '../helpers/files.js';

const CLERK_NAME = '李慧敏'; // clerk1
const upload = (c: Client, data: Buffer, name: string, type = 'application/octet-stream') =>
  c.request('POST', `/api/cases/scans?name=${encodeURIComponent(name)}`, data, { 'content-type': type });

function received(form: IntakeForm, files: Map<number, { sha256: string; name: string }[]> = new Map()) {
  return form.materials.map((m) => {
    const line = form.subItems.flatMap((s) => s.lines).find((l) => l.materialId === m.materialId)!;
    return { materialId: m.materialId, status: 'received' as const, form: line.form, copies: line.copies, ...(files.has(m.materialId) ? { files: files.get(m.materialId) } : {}) };
  });
}

async function intake(clerk: Client, q: string, materials: (form: IntakeForm) => unknown[], extra: Record<string, unknown> = {}) {
  const form = (await clerk.get(q)).body as IntakeForm;
  return clerk.post('/api/cases', {
    clientKey: randomUUID(), channel: 'window', applicantType: 'entity',
    applicant: { name: '示范区好味道餐饮有限公司', idNo: USCC, phone: '13912345678' },
    agent: { name: '王小明', idNo: PERSON_ID, phone: '13800138000' },
    subItemIds: form.subItems.map((s) => s.subItemId), materials: materials(form), outcome: 'accept', ...extra,
  });
}

forEachDatabase('case material files', (ctx) => {
  let clerk: Client;
  let food = 0;
  let caseId = 0;
  let fileIds: number[] = [];
  const jpeg = photo(40_000);

  test('a scan uploaded at the window is named in the intake and listed by the case detail', async () => {
    clerk = await ctx.client('clerk1');
    food = await subItemIdOf(clerk, '食品经营许可', '食品经营许可（新办）');
    const scan = await upload(clerk, jpeg, '营业执照.jpg', 'image/jpeg');
    assert.equal(scan.status, 201, JSON.stringify(scan.body));
    assert.equal(scan.body.mediaType, 'image/jpeg');
    assert.equal(scan.body.size, jpeg.length);
    const pdf = await upload(clerk, await pdfOf(2), '身份证明.pdf');
    assert.equal(pdf.status, 201, JSON.stringify(pdf.body));
    assert.equal(pdf.body.pages, 2);
    const form = (await clerk.get(`/api/cases/intake-form?subItemIds=${food}`)).body as IntakeForm;
    const [first, second] = form.subItems[0]!.lines;
    const files = new Map([[first!.materialId, [{ sha256: scan.body.sha256, name: scan.body.name }, { sha256: pdf.body.sha256, name: pdf.body.name }]], [second!.materialId, [{ sha256: scan.body.sha256, name: '副本.jpg' }]]]);
    const res = await intake(clerk, `/api/cases/intake-form?subItemIds=${food}`, (f) => received(f, files));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    caseId = res.body.cases[0].id;
    const d = (await clerk.get(`/api/cases/${caseId}`)).body;
    const line1 = d.materials.find((m: { lineNo: number }) => m.lineNo === first!.lineNo);
    assert.deepEqual(line1.files.map((f: { name: string; mediaType: string; source: string; addedBy: string }) => [f.name, f.mediaType, f.source, f.addedBy]), [
      ['营业执照.jpg', 'image/jpeg', 'window', CLERK_NAME], ['身份证明.pdf', 'application/pdf', 'window', CLERK_NAME],
    ]);
    fileIds = d.materials.flatMap((m: { files: { id: number }[] }) => m.files.map((f) => f.id));
    assert.equal(fileIds.length, 3);
  });

  test('an approver of the department reads the file inline; another department, another site and no session cannot', async () => {
    const approver = await ctx.client('approver_scjg');
    const r = await approver.get(`/api/cases/${caseId}/files/${fileIds[0]}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'image/jpeg');
    assert.match(String(r.headers['content-disposition']), /^inline;/);
    assert.match(String(r.headers['content-security-policy']), /frame-ancestors 'self'/);
    assert.equal(r.headers['x-frame-options'], 'SAMEORIGIN');
    const bytes = await ctx.app.inject({ method: 'GET', url: `/api/cases/${caseId}/files/${fileIds[0]}`, headers: { cookie: approver.cookie! } });
    assert.ok(bytes.rawPayload.equals(jpeg), 'byte for byte');
    assert.equal((await (await ctx.client('approver_wjj')).get(`/api/cases/${caseId}/files/${fileIds[0]}`)).status, 404);
    assert.equal((await (await ctx.client('clerk_dh')).get(`/api/cases/${caseId}/files/${fileIds[0]}`)).status, 404);
    assert.equal((await ctx.anonymous().get(`/api/cases/${caseId}/files/${fileIds[0]}`)).status, 401);
    assert.equal((await clerk.get(`/api/cases/${caseId}/files/999999`)).status, 404);
  });

  test('a renamed executable is refused by its bytes; only a clerk doing intake uploads; files only on received lines, of stored scans', async () => {
    const r = await upload(clerk, exe(), '扫描.jpg', 'image/jpeg');
    assert.equal(r.status, 415);
    assert.equal(r.body.code, 'FILE_TYPE');
    assert.equal((await upload(clerk, Buffer.alloc(0), 'x.pdf')).body.code, 'FILE_EMPTY');
    assert.equal((await upload(await ctx.client('approver_scjg'), photo(1000), 'a.jpg')).status, 403);
    const unknown = await intake(clerk, `/api/cases/intake-form?subItemIds=${food}`, (f) => received(f, new Map([[f.materials[0]!.materialId, [{ sha256: 'a'.repeat(64), name: 'x.jpg' }]]])));
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'CASE_FILE_UNKNOWN');
    const scan = (await upload(clerk, photo(2000), 'a.jpg')).body;
    const notReceived = await intake(clerk, `/api/cases/intake-form?subItemIds=${food}`, (f) => received(f).map((m, i) => (i === 0 ? { materialId: m.materialId, status: 'absent', files: [{ sha256: scan.sha256, name: 'a.jpg' }] } : m)), {
      outcome: 'correct', defects: [],
    });
    assert.equal(notReceived.status, 422);
    assert.equal(notReceived.body.code, 'CASE_FILES_NOT_RECEIVED');
  });

  test('a material shared in a bundle is filed once, by its holder; the sharing cases show and serve its files', async () => {
    const bundles = (await clerk.get('/api/catalog/bundles')).body.items as { id: number; name: string }[];
    const bundle = bundles.find((b) => b.name === '开办餐馆一件事')!;
    const form = (await clerk.get(`/api/cases/intake-form?bundleId=${bundle.id}`)).body as IntakeForm;
    const shared = form.materials.find((m) => m.subItemIds.length > 1)!;
    const scan = (await upload(clerk, photo(3000), '共用.jpg')).body;
    const res = await intake(clerk, `/api/cases/intake-form?bundleId=${bundle.id}`, (f) => received(f, new Map([[shared.materialId, [{ sha256: scan.sha256, name: '共用.jpg' }]]])), { bundleId: bundle.id });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const details = await Promise.all(res.body.cases.map(async (x: { id: number }) => (await clerk.get(`/api/cases/${x.id}`)).body));
    const lines = details.map((d) => ({ id: d.id as number, m: d.materials.find((x: { materialId: number }) => x.materialId === shared.materialId) })).filter((x) => x.m);
    assert.ok(lines.length >= 2);
    const fileId = lines[0]!.m.files[0].id;
    for (const { id, m } of lines) {
      assert.deepEqual(m.files.map((f: { id: number; name: string }) => [f.id, f.name]), [[fileId, '共用.jpg']], `case ${id} shows the holder's file`);
      assert.equal((await clerk.get(`/api/cases/${id}/files/${fileId}`)).status, 200);
    }
    const count = await ctx.services.database.db.execute(`select count(*)::int as n from case_material_files where sha256 = '${scan.sha256}'`);
    assert.equal((count as unknown as { rows: { n: number }[] }).rows[0]!.n, 1);
  });

  test('电子档案: one zip with the files by checklist line, the index (UTF-8 with BOM), the 受理回执 and another hook\'s entry; audited', async () => {
    ctx.services.caseFiles.addArchiveEntries(async (id, d) => (id === caseId ? [{ path: '受理回执.pdf', bytes: Buffer.from(`%PDF-1.4 ${d.caseNo}`) }] : []));
    const approver = await ctx.client('approver_scjg');
    const res = await ctx.app.inject({ method: 'GET', url: `/api/cases/${caseId}/archive.zip`, headers: { cookie: approver.cookie! } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/zip');
    assert.match(String(res.headers['content-disposition']), /^attachment;.*filename\*=UTF-8''/);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir).sort();
    const d = (await approver.get(`/api/cases/${caseId}`)).body;
    const [l1, l2] = d.materials;
    const folder = (m: { lineNo: number; materialName: string }) => `${String(m.lineNo).padStart(2, '0')}-${m.materialName}`;
    assert.deepEqual(names, [`${folder(l1)}/营业执照.jpg`, `${folder(l1)}/身份证明.pdf`, `${folder(l2)}/副本.jpg`, '受理回执.pdf', `受理回执-${d.caseNo}.pdf`, '目录.csv'].sort());
    const receipt = await zip.file(`受理回执-${d.caseNo}.pdf`)!.async('nodebuffer');
    assert.equal(receipt.subarray(0, 5).toString('latin1'), '%PDF-', 'the receipts module\'s 受理回执, through the archive hook');
    assert.ok((await zip.file(`${folder(l1)}/营业执照.jpg`)!.async('nodebuffer')).equals(jpeg));
    const index = await zip.file('目录.csv')!.async('nodebuffer');
    assert.deepEqual([...index.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
    const text = index.toString('utf8');
    for (const s of [d.caseNo, l1.materialName, `${folder(l1)}/营业执照.jpg`, d.notices[0].noticeNo, '受理回执', '办理过程', '窗口受理', '受理回执.pdf']) assert.ok(text.includes(s), `the index names ${s}`);
    assert.ok(!text.includes(USCC.slice(4, 14)) || d.applicantIdNo.includes(USCC.slice(4, 14)), 'personal data as masked on the screen');
    const audit = await ctx.services.database.db.execute(`select count(*)::int as n from audit_log where kind = 'case.archive_downloaded' and aggregate_id = '${caseId}'`);
    assert.equal((audit as unknown as { rows: { n: number }[] }).rows[0]!.n, 1);
    assert.equal((await ctx.app.inject({ method: 'GET', url: `/api/cases/${caseId}/archive.zip`, headers: { cookie: (await ctx.client('approver_wjj')).cookie! } })).statusCode, 404);
  });
});
