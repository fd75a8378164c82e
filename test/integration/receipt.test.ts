/**
 * The electronic 受理回执 through HTTP on PGlite and PostgreSQL: an accepted case's receipt is a PDF named after the case
 * and carrying its receipt notice's number; it is scoped exactly as the case detail (another department or site: 404); a
 * case in correction has none; a missing font answers 503 with its code; and other modules get it through the service.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import type { IntakeForm } from '../../server/modules/cases/cases.schemas.js';
import { ReceiptService } from '../../server/modules/cases/receipt.service.js';
import { forEachDatabase, type Client, type TestContext } from '../helpers/app.js';
import { acceptCase, subItemIdOf, USCC } from '../helpers/case-flow.js';

const BASE = 'https://yc.example.gov.cn';
const dir = mkdtempSync(path.join(tmpdir(), 'yc-receipt-http-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** GET the receipt as the client, with the raw bytes (the test client decodes bodies as text). */
async function receiptOf(ctx: TestContext, c: Client, id: number) {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/cases/${id}/receipt.pdf`, headers: c.cookie ? { cookie: c.cookie } : {} });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, json: () => JSON.parse(res.body) as { code: string; message: string } };
}

function textOf(bytes: Uint8Array): string {
  const file = path.join(dir, `${randomUUID()}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

forEachDatabase('cases: the electronic 受理回执', (ctx) => {
  let clerk: Client;
  let food = 0;
  let accepted = { id: 0, caseNo: '' };

  test('an accepted case: a one-page PDF named after the case, with its notice number, case number and progress link', async () => {
    clerk = await ctx.client('clerk1');
    food = await subItemIdOf(clerk, '食品经营许可', '食品经营许可（新办）');
    accepted = await acceptCase(clerk, food);
    const detail = (await clerk.get(`/api/cases/${accepted.id}`)).body;
    const notice = detail.notices.find((n: { kind: string }) => n.kind === 'receipt');
    const r = await receiptOf(ctx, clerk, accepted.id);
    assert.equal(r.status, 200, r.bytes.toString());
    assert.equal(r.headers['content-type'], 'application/pdf');
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.equal(r.headers['content-disposition'], `inline; filename="____-${accepted.caseNo}.pdf"; filename*=UTF-8''${encodeURIComponent(`受理回执-${accepted.caseNo}.pdf`)}`);
    assert.equal(r.bytes.subarray(0, 5).toString(), '%PDF-');
    assert.ok(r.bytes.length < 60_000, `${r.bytes.length} bytes`);
    assert.equal((await PDFDocument.load(r.bytes)).getPageCount(), 1);
    const text = textOf(r.bytes);
    for (const s of [accepted.caseNo, `编号：${notice.noticeNo}`, detail.subItemName, detail.departmentName, detail.siteName, notice.issuedBy, `${BASE}/progress`]) {
      assert.ok(text.includes(s), `${s} in:\n${text}`);
    }
    assert.ok(text.includes('91350100********43') && !text.includes(USCC), 'the USCC is masked');
    // the materials as the case recorded them, by checklist line
    for (const m of detail.materials.filter((x: { status: string }) => x.status === 'received')) assert.ok(text.replace(/\s+/g, '').includes(m.materialName.replace(/\s+/g, '')), m.materialName);
  });

  test('scoped as the case detail: the department sees it; another department or site gets 404 like the detail; no role without case reading', async () => {
    for (const user of ['approver_scjg', 'supervisor1', 'delivery1']) {
      assert.equal((await receiptOf(ctx, await ctx.client(user), accepted.id)).status, 200, user);
    }
    for (const user of ['approver_wjj', 'clerk_dh']) {
      const c = await ctx.client(user);
      assert.equal((await c.get(`/api/cases/${accepted.id}`)).status, 404, `${user}: the detail`);
      const r = await receiptOf(ctx, c, accepted.id);
      assert.equal(r.status, 404, `${user}: the receipt`);
      assert.equal(r.json().code, 'NOT_FOUND');
    }
    assert.equal((await receiptOf(ctx, await ctx.client('catalog1'), accepted.id)).status, 403);
    assert.equal((await receiptOf(ctx, ctx.anonymous(), accepted.id)).status, 401);
    assert.equal((await receiptOf(ctx, clerk, 999_999)).status, 404);
  });

  test('a case in correction has no receipt (404), nor does it through the service', async () => {
    const form = (await clerk.get(`/api/cases/intake-form?subItemIds=${food}`)).body as IntakeForm;
    const line = form.subItems[0]!.lines.find((l) => l.required)!;
    const res = await clerk.post('/api/cases', {
      clientKey: randomUUID(), channel: 'window', applicantType: 'entity', applicant: { name: '示范区张三丰餐饮店', idNo: USCC, phone: '13912345678' },
      subItemIds: [food], outcome: 'correct', defects: [{ subItemId: food, lineNo: line.lineNo, note: '请补交' }],
      materials: form.materials.map((m) => (m.materialId === line.materialId ? { materialId: m.materialId, status: 'absent' }
        : { materialId: m.materialId, status: 'received', form: 'copy', copies: 1 })),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const id = res.body.cases[0].id;
    assert.equal((await clerk.get(`/api/cases/${id}`)).body.status, 'correction');
    const r = await receiptOf(ctx, clerk, id);
    assert.equal(r.status, 404);
    assert.equal(r.json().code, 'NOT_FOUND');
    await assert.rejects(ctx.services.receipts.pdf(id), (e: { code?: string }) => e.code === 'NOT_FOUND');
  });

  test('other modules get it through the service, unauthorised; PUBLIC_BASE_URL is the QR code link', async () => {
    const data = await ctx.services.receipts.data(accepted.id, BASE);
    assert.equal(data.progressUrl, `${BASE}/progress?caseNo=${accepted.caseNo}`);
    const { bytes, fileName } = await ctx.services.receipts.pdf(accepted.id);
    assert.equal(fileName, `受理回执-${accepted.caseNo}.pdf`);
    assert.ok(textOf(bytes).includes(`${BASE}/progress`));
    // without PUBLIC_BASE_URL the link starts with the origin the caller passes (the staff route: its request's)
    const unset = new ReceiptService({ database: ctx.services.database, calendar: ctx.services.calendar, centreName: ctx.services.config.centreName, publicBaseUrl: '', font: ctx.services.config.receipt });
    assert.ok(textOf((await unset.pdf(accepted.id, 'http://10.0.0.5:3000')).bytes).includes('http://10.0.0.5:3000/progress'));
  });

  test('without the font the receipt answers 503 CASE_RECEIPT_FONT_MISSING with a Chinese message', async () => {
    const font = ctx.services.config.receipt;
    const was = font.fontPath;
    font.fontPath = path.join(dir, 'no-such-font.ttc');
    try {
      const r = await receiptOf(ctx, clerk, accepted.id);
      assert.equal(r.status, 503);
      assert.equal(r.json().code, 'CASE_RECEIPT_FONT_MISSING');
      assert.match(r.json().message, /字体/);
    } finally {
      font.fontPath = was;
    }
    assert.equal((await receiptOf(ctx, clerk, accepted.id)).status, 200, 'mended once the font is there');
  });
}, { PUBLIC_BASE_URL: BASE });
