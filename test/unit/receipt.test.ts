/**
 * The electronic 受理回执 renderer (server/modules/cases/receipt.pdf.ts): one A4 page with the Chinese font embedded as a
 * subset and the QR code as an image, small; its text read back with poppler's pdftotext (installed by .ci/run) and its
 * page drawn by pdftoppm without a font error (a broken subset extracts fine but draws blank, docs/research/online-channel.md §2).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import { DEFAULT_RECEIPT_FONT, DEFAULT_RECEIPT_FONT_FACE } from '../../server/config.js';
import { renderAcceptanceReceipt, type ReceiptData } from '../../server/modules/cases/receipt.pdf.js';
import { progressUrl } from '../../server/modules/cases/cases.sms.js';
import { AppError } from '../../server/platform/errors.js';
import '../../server/error-codes.js';

const FONT = { fontPath: DEFAULT_RECEIPT_FONT, fontFace: DEFAULT_RECEIPT_FONT_FACE };
const dir = mkdtempSync(path.join(tmpdir(), 'yc-receipt-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function sample(over: Partial<ReceiptData> = {}): ReceiptData {
  return {
    centreName: '示范区政务服务中心', noticeNo: 'SL-QZX-20261207-0003', caseNo: 'QZX2026120700003', channel: 'window', caseType: 'promised',
    itemName: '食品经营许可', subItemName: '食品经营许可（新办）', bundleName: null, departmentName: '示范区市场监督管理局', checklistVersionNo: 2,
    applicant: { type: 'person', name: '张三丰', idNo: '11010519491231002X', phone: '13912345678' },
    agent: { name: '王小明', idNo: '110105194912310037' },
    acceptedAt: new Date('2026-12-07T02:25:00Z'),
    promised: { limit: 10, unit: 'working', due: '2026-12-21', provisional: false },
    statutory: { limit: 20, unit: 'working', due: '2027-01-06', provisional: true },
    materials: [
      { lineNo: 1, name: '食品经营许可申请书', status: 'received', form: 'original', copies: 1, dueDate: null, sharedCaseNo: null },
      { lineNo: 2, name: '营业执照或者其他主体资格证明文件', status: 'received', form: 'copy', copies: 2, dueDate: null, sharedCaseNo: null },
      { lineNo: 3, name: '与食品经营相适应的主要设备设施布局、操作流程等文件', status: 'missing', form: null, copies: 0, dueDate: '2026-12-14', sharedCaseNo: null },
      { lineNo: 4, name: '保证食品安全的规章制度', status: 'commitment', form: null, copies: 0, dueDate: null, sharedCaseNo: null },
      { lineNo: 5, name: '法定代表人身份证明', status: 'not_applicable', form: null, copies: 0, dueDate: null, sharedCaseNo: null },
      { lineNo: 6, name: '食品经营许可证', status: 'license', form: 'electronic', copies: 0, dueDate: null, sharedCaseNo: null, licenseVersion: 2 },
    ],
    clerk: '李受理',
    site: { name: '示范区政务服务中心', address: '示范区人民路 88 号', hours: '周一至周五 9:00-12:00，13:30-17:00', phone: '0591-12345678' },
    progressUrl: progressUrl('https://yc.example.gov.cn', 'QZX2026120700003'),
    ...over,
  };
}

const resolve = (doc: PDFDocument, o: PDFObject | undefined) => (o instanceof PDFRef ? doc.context.lookup(o) : o);

/** The text of a PDF as pdftotext reads it (-layout off: one cell a line, whitespace collapsed). */
function textOf(bytes: Uint8Array, name: string): string {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe('受理回执 PDF', () => {
  let bytes: Uint8Array;

  test('one A4 page, under 60 KB, the font embedded as a subset and the QR code as an image', async () => {
    bytes = await renderAcceptanceReceipt(sample(), FONT);
    assert.ok(bytes.length < 60_000, `${bytes.length} bytes`);
    const doc = await PDFDocument.load(bytes);
    assert.equal(doc.getPageCount(), 1);
    const { width, height } = doc.getPage(0).getSize();
    assert.deepEqual([Math.round(width), Math.round(height)], [595, 842]);
    assert.equal(doc.getTitle(), '受理回执 QZX2026120700003');

    const resources = doc.getPage(0).node.Resources()!;
    const fonts = resources.lookup(PDFName.of('Font'), PDFDict);
    const [fontRef] = fonts.values();
    const type0 = resolve(doc, fontRef) as PDFDict;
    assert.match(type0.get(PDFName.of('BaseFont'))!.toString(), /WenQuanYiMicroHei/);
    const cid = resolve(doc, type0.lookup(PDFName.of('DescendantFonts'), PDFArray).get(0)) as PDFDict;
    const descriptor = resolve(doc, cid.get(PDFName.of('FontDescriptor'))) as PDFDict;
    const file = resolve(doc, descriptor.get(PDFName.of('FontFile2')));
    assert.ok(file instanceof PDFRawStream, 'the TrueType font program is embedded');
    assert.ok(file.contents.length < 50_000, `a subset, not the 5 MB font: ${file.contents.length} bytes`);

    const xobjects = resources.lookup(PDFName.of('XObject'), PDFDict);
    const images = [...xobjects.values()].map((r) => resolve(doc, r)).filter((x) => x instanceof PDFRawStream && x.dict.get(PDFName.of('Subtype'))?.toString() === '/Image');
    assert.equal(images.length, 1, 'the QR code');
    const qr = images[0] as PDFRawStream;
    assert.equal(qr.dict.get(PDFName.of('Width'))?.toString(), qr.dict.get(PDFName.of('Height'))?.toString(), 'square');
  });

  test('pdftotext reads the Chinese text, the numbers and the link; personal data is masked', () => {
    const text = textOf(bytes, 'sample');
    for (const s of [
      '受理回执', '示范区政务服务中心', '编号：SL-QZX-20261207-0003', 'QZX2026120700003', '食品经营许可（新办）', '示范区市场监督管理局',
      '张*丰（110105********002X）', '王*明（110105********0037）', '139****5678', '窗口收件', '2026年12月7日 10:25',
      '10 个工作日（法定时限 20 个工作日）', '2026年12月21日', '2027年1月6日（暂定）', '已收取材料', '食品经营许可申请书', '原件', '复印件',
      '容缺后补', '容缺受理，请于2026年12月14日前补交', '告知承诺', '电子证照（第2版），免提交纸质材料', '经办人', '李受理', '示范区人民路 88 号', '扫码查询办理进度',
      'https://yc.example.gov.cn/progress', '周一至周五 9:00-12:00，13:30-17:00',
    ]) assert.ok(text.replace(/\s+(?=[^\x21-\x7e])|(?<=[^\x21-\x7e])\s+/g, '').includes(s.replace(/\s+(?=[^\x21-\x7e])|(?<=[^\x21-\x7e])\s+/g, '')), `${s} in:\n${text}`);
    assert.ok(!text.includes('张三丰'), 'the name is masked');
    assert.ok(!text.includes('11010519491231002X') && !text.includes('13912345678'), 'the ID number and phone are masked');
    assert.ok(!text.includes('法定代表人身份证明'), 'a line not applicable is not listed');
  });

  test('pdftoppm draws the page without a font error', () => {
    const file = path.join(dir, 'sample.pdf');
    const r = spawnSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', file, path.join(dir, 'page')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '', 'no "Syntax Error" about the embedded font');
  });

  test('an entity keeps its name with the USCC masked; an instant case; nothing provisional says no 暂定', async () => {
    const text = textOf(await renderAcceptanceReceipt(sample({
      applicant: { type: 'entity', name: '示范区好味道餐饮有限公司', idNo: '91350100M000100Y43', phone: '13912345678' }, agent: null, caseType: 'instant',
      statutory: { limit: 20, unit: 'working', due: '2027-01-06', provisional: false }, channel: 'online', bundleName: '开办餐馆一件事',
    }), FONT), 'entity');
    assert.ok(text.includes('示范区好味道餐饮有限公司（91350100********43）'), text);
    assert.ok(text.includes('即办件') && text.includes('网上申请') && text.includes('开办餐馆一件事'), text);
    assert.ok(!text.includes('暂定') && !text.includes('代理人'), text);
  });

  test('many materials flow onto another page instead of off the first', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      lineNo: i + 1, name: `第${i + 1}项材料：一份名称相当长、需要在表格中折行显示的申请材料`, status: 'received' as const, form: 'copy' as const, copies: 1, dueDate: null, sharedCaseNo: null,
    }));
    const bytes = await renderAcceptanceReceipt(sample({ materials: many }), FONT);
    assert.ok((await PDFDocument.load(bytes)).getPageCount() >= 2);
    const file = path.join(dir, 'many.pdf');
    writeFileSync(file, bytes);
    const second = execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', '2', '-l', '2', file, '-'], { encoding: 'utf8' });
    assert.ok(second.includes('材料名称') && /第\d+项材料/.test(second), `the table goes on under its header:\n${second}`);
    assert.ok(textOf(bytes, 'many-all').includes('第40项材料'));
  });

  test('a missing or unfit font is CASE_RECEIPT_FONT_MISSING (503), not an internal error', async () => {
    const notAFont = path.join(dir, 'not-a-font.ttf');
    writeFileSync(notAFont, 'not a font');
    for (const font of [
      { fontPath: path.join(dir, 'nowhere.ttc'), fontFace: DEFAULT_RECEIPT_FONT_FACE },
      { fontPath: notAFont, fontFace: DEFAULT_RECEIPT_FONT_FACE },
      { fontPath: DEFAULT_RECEIPT_FONT, fontFace: 'NoSuchFace' },
    ]) {
      await assert.rejects(renderAcceptanceReceipt(sample(), font), (err: unknown) => err instanceof AppError && err.code === 'CASE_RECEIPT_FONT_MISSING' && err.status === 503);
    }
  });
});
