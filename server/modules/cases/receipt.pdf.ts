/**
 * 电子受理回执: the acceptance receipt as a PDF — one A4 page with the content of the window's printed 受理回执
 * (web/src/areas/staff/intake/ReceiptSheet.vue): the notice number, the case, the applicant (masked), what was
 * applied for, the deadlines (暂定 when provisional), every material received, the clerk and the site, and a QR code
 * of the public progress page with its address printed under it. Pure: the data in, the bytes out (the font file
 * aside). The Chinese font is embedded as a subset (≈ 16 KB a receipt instead of the 5 MB font).
 */
import { PDFDocument, type PDFImage } from 'pdf-lib';
import QRCode from 'qrcode';
import type { ApplicantType, Channel, MaterialStatus } from '../../../common/cases.js';
import { MATERIAL_STATUS_LABELS } from '../../../common/cases.js';
import type { CaseType, LimitUnit, MaterialForm } from '../../../common/catalog.js';
import { maskCitizenId, maskMobile, maskName, maskUscc } from '../../../common/masking.js';
import { CONTENT_WIDTH, GREY, MARGIN, Sheet, type Cell } from './receipt.layout.js';
import { receiptFontBytes, upstreamFontkit, type ReceiptFontConfig } from './receipt.font.js';

export interface ReceiptMaterial {
  lineNo: number;
  name: string;
  status: MaterialStatus;
  form: MaterialForm | null;
  copies: number;
  /** 容缺: the day it is owed by */
  dueDate: string | null;
  /** 一件事: the linked case that took it */
  sharedCaseNo: string | null;
  /** 电子证照: the version of the license that stood for it */
  licenseVersion?: number | null;
}

export interface ReceiptDeadline {
  limit: number;
  unit: LimitUnit;
  /** YYYY-MM-DD */
  due: string | null;
  /** 暂定: the days to it rest on a year whose holiday arrangement is not confirmed yet */
  provisional: boolean;
}

/** What a receipt shows. Personal data comes unmasked and is masked here, as the window's printed receipt shows it. */
export interface ReceiptData {
  centreName: string;
  /** case_notices.notice_no of the receipt */
  noticeNo: string;
  caseNo: string;
  channel: Channel;
  caseType: CaseType;
  itemName: string;
  subItemName: string;
  bundleName: string | null;
  departmentName: string;
  checklistVersionNo: number;
  applicant: { type: ApplicantType; name: string; idNo: string; phone: string };
  agent: { name: string; idNo: string } | null;
  acceptedAt: Date;
  promised: ReceiptDeadline;
  statutory: ReceiptDeadline;
  materials: ReceiptMaterial[];
  /** who issued the receipt (case_notices.issued_by) */
  clerk: string;
  site: { name: string; address: string; hours: string; phone: string };
  /** the public progress page of this case (the QR code) */
  progressUrl: string;
}

const CHANNEL_LABELS: Record<Channel, string> = { window: '窗口收件', online: '网上申请', mail: '邮寄申请' };
const FORM_LABELS: Record<MaterialForm, string> = { original: '原件', copy: '复印件', original_and_copy: '原件及复印件', electronic: '电子件' };
/** What the receipt lists: handed over, replaced by a commitment or an electronic license, taken by a linked case, or still owed (容缺). */
const SHOWN: readonly MaterialStatus[] = ['received', 'shared', 'commitment', 'missing', 'license'];
const PROVISIONAL_NOTE = '日期按法定节假日计算；国家节假日安排公布后如有调整，将短信告知';

/** `2026-12-07` → 2026年12月7日. */
export function zhDate(day: string | null): string {
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})/.exec(day) : null;
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '—';
}

/** An instant as the date and time in China (UTC+8): 2026年12月7日 10:25. */
export function zhDateTime(at: Date): string {
  const china = new Date(at.getTime() + 8 * 3_600_000).toISOString();
  return `${zhDate(china.slice(0, 10))} ${china.slice(11, 16)}`;
}

const limitText = (d: ReceiptDeadline) => `${d.limit} 个${d.unit === 'natural' ? '自然日' : '工作日'}`;

function applicantText(a: ReceiptData['applicant']): string {
  const entity = a.type === 'entity';
  return `${entity ? a.name : maskName(a.name)}（${entity ? maskUscc(a.idNo) : maskCitizenId(a.idNo)}）`;
}

function materialNote(m: ReceiptMaterial): string {
  if (m.status === 'missing') return m.dueDate ? `容缺受理，请于${zhDate(m.dueDate)}前补交` : '容缺受理，须限期补交';
  if (m.status === 'shared') return m.sharedCaseNo ? `已在关联件 ${m.sharedCaseNo} 收取` : '';
  if (m.status === 'commitment') return '告知承诺：已签署告知承诺书';
  if (m.status === 'license') return m.licenseVersion ? `电子证照（第 ${m.licenseVersion} 版），免提交纸质材料` : '电子证照，免提交纸质材料';
  return '';
}

/** Title, the centre, the checklist version and the notice number. */
function drawHeader(s: Sheet, d: ReceiptData): void {
  s.centred(d.centreName, 11, GREY, 2);
  s.centred('受理回执', 22, undefined, 8);
  const no = `编号：${d.noticeNo}`;
  s.text(d.caseType === 'instant' ? '' : `受理清单 第 ${d.checklistVersionNo} 版`, MARGIN, s.y, 9.5, GREY);
  s.text(no, MARGIN + CONTENT_WIDTH - s.width(no, 9.5), s.y, 9.5);
  s.y -= 18;
}

const QR_COLUMN = 124;
const QR_SIZE = 100;

/** The case number and the applicant on the left, the QR code of the progress page on the right. */
function drawApplicant(s: Sheet, d: ReceiptData, qr: PDFImage): void {
  const top = s.y;
  const label = 78;
  const value = CONTENT_WIDTH - QR_COLUMN - label;
  const rows: [string, string, number?][] = [
    ['办件编号', d.caseNo, 13],
    ['申请人', applicantText(d.applicant)],
    ...(d.agent ? [['代理人/经办人', `${maskName(d.agent.name)}（${maskCitizenId(d.agent.idNo)}）`] as [string, string]] : []),
    ['联系电话', maskMobile(d.applicant.phone)],
    ['办理渠道', CHANNEL_LABELS[d.channel]],
    ['受理时间', zhDateTime(d.acceptedAt)],
    ['经办人', d.clerk],
  ];
  for (const [k, v, size] of rows) s.row([{ text: k, width: label, label: true }, { text: v, width: value, size }], 10);
  const left = MARGIN + CONTENT_WIDTH - QR_COLUMN;
  s.page.drawImage(qr, { x: left + (QR_COLUMN - QR_SIZE) / 2, y: top - QR_SIZE - 2, width: QR_SIZE, height: QR_SIZE });
  const caption = '扫码查询办理进度';
  s.text(caption, left + (QR_COLUMN - s.width(caption, 8.5)) / 2, top - QR_SIZE - 6, 8.5);
  const url = s.wrap(d.progressUrl, 7, QR_COLUMN - 8);
  url.forEach((l, i) => s.text(l, left + 4, top - QR_SIZE - 20 - i * 9.5, 7, GREY));
  s.y = Math.min(s.y, top - QR_SIZE - 22 - url.length * 9.5);
}

function dueText(d: ReceiptDeadline): string {
  return `${zhDate(d.due)}${d.provisional ? '（暂定）' : ''}`;
}

/** What was applied for, the department, the limits and deadlines, and the site. */
function drawCase(s: Sheet, d: ReceiptData): void {
  s.y -= 8;
  const label = 78;
  const half = (CONTENT_WIDTH - 2 * label) / 2;
  const wide = CONTENT_WIDTH - label;
  const pair = (k1: string, v1: string, k2: string, v2: string): Cell[] => [
    { text: k1, width: label, label: true }, { text: v1, width: half }, { text: k2, width: label, label: true }, { text: v2, width: half },
  ];
  const single = (k: string, v: string): Cell[] => [{ text: k, width: label, label: true }, { text: v, width: wide }];
  const item = d.subItemName.startsWith(d.itemName) ? d.subItemName : `${d.subItemName}（${d.itemName}）`;
  s.row(single('办理事项', d.bundleName ? `${item}（一件事：${d.bundleName}）` : item), 10);
  s.row(single('实施部门', d.departmentName), 10);
  if (d.caseType === 'instant') {
    s.row(pair('承诺时限', '即办件', '办结日期', dueText(d.promised)), 10);
  } else {
    s.row(single('承诺时限', `${limitText(d.promised)}（法定时限 ${limitText(d.statutory)}）`), 10);
    s.row(pair('承诺办结日期', dueText(d.promised), '法定办结日期', dueText(d.statutory)), 10);
  }
  if (d.promised.provisional || (d.caseType !== 'instant' && d.statutory.provisional)) s.row(single('暂定', PROVISIONAL_NOTE), 9);
  const phone = 120;
  s.row([
    { text: '受理地点', width: label, label: true }, { text: d.site.address ? `${d.site.name}（${d.site.address}）` : d.site.name, width: wide - label - phone },
    { text: '咨询电话', width: label, label: true }, { text: d.site.phone || '—', width: phone },
  ], 10);
  s.row(single('办公时间', d.site.hours || '—'), 10);
}

const MATERIAL_COLUMNS = { no: 34, status: 62, form: 72, copies: 34, note: 128 };

/** 已收取材料: one row per checklist line handed over, committed, shared or owed. */
function drawMaterials(s: Sheet, d: ReceiptData): void {
  const c = MATERIAL_COLUMNS;
  const name = CONTENT_WIDTH - c.no - c.status - c.form - c.copies - c.note;
  const cells = (no: string, n: string, st: string, f: string, cp: string, note: string, label = false): Cell[] => [
    { text: no, width: c.no, centre: true, label }, { text: n, width: name, label }, { text: st, width: c.status, label },
    { text: f, width: c.form, label }, { text: cp, width: c.copies, centre: true, label }, { text: note, width: c.note, size: 8.5, label },
  ];
  const header = cells('序号', '材料名称', '收取情况', '材料形式', '份数', '备注', true);
  s.heading('已收取材料');
  s.row(header, 9.5);
  const lines = d.materials.filter((m) => SHOWN.includes(m.status)).sort((a, b) => a.lineNo - b.lineNo);
  for (const m of lines) {
    const received = m.status === 'received';
    const row = cells(String(m.lineNo), m.name, MATERIAL_STATUS_LABELS[m.status], received && m.form ? FORM_LABELS[m.form] : '',
      received && m.copies > 0 ? String(m.copies) : '', materialNote(m));
    if (s.ensure(s.rowHeight(row, 9.5))) s.row(header, 9.5); // the header again at the top of a new page
    s.row(row, 9.5);
  }
  if (!lines.length) s.row([{ text: '（无）', width: CONTENT_WIDTH, centre: true }], 9.5);
}

/** 温馨提示. */
function drawNotes(s: Sheet, d: ReceiptData): void {
  s.heading('温馨提示');
  const progressPage = d.progressUrl.replace(/\?.*$/, '');
  const notes = [
    `凭办件编号及登记手机号码后四位，可登录政务服务网“办件进度查询”（${progressPage}）或扫描右上方二维码查询办理进度。`,
    '办结后将以短信通知您，请凭本回执及有效身份证件到统一出件窗口领取结果，也可申请邮寄送达。',
    ...(d.materials.some((m) => m.status === 'missing') ? ['容缺受理的材料，请在上表所列期限前补交；逾期未补交的，将影响审批。'] : []),
    '请妥善保管本回执。',
  ];
  notes.forEach((n, i) => {
    s.text(`${i + 1}.`, MARGIN + 2, s.y, 9);
    s.paragraph(n, MARGIN + 16, CONTENT_WIDTH - 16, 9);
    s.y -= 3;
  });
}

/** The receipt as PDF bytes; CASE_RECEIPT_FONT_MISSING when the configured font cannot be used. */
export async function renderAcceptanceReceipt(d: ReceiptData, font: ReceiptFontConfig): Promise<Uint8Array> {
  const [fontBytes, qrPng] = await Promise.all([
    receiptFontBytes(font),
    QRCode.toBuffer(d.progressUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 4 }),
  ]);
  const doc = await PDFDocument.create();
  doc.registerFontkit(upstreamFontkit(font.fontFace));
  const sheet = new Sheet(doc, await doc.embedFont(fontBytes, { subset: true }));
  const qr = await doc.embedPng(qrPng);
  doc.setTitle(`受理回执 ${d.caseNo}`);
  doc.setSubject(`${d.subItemName}（${d.noticeNo}）`);
  doc.setAuthor(d.site.name);
  doc.setLanguage('zh-CN');
  doc.setProducer('Yichuang');
  doc.setCreator('Yichuang');
  doc.setCreationDate(d.acceptedAt);
  doc.setModificationDate(d.acceptedAt);
  drawHeader(sheet, d);
  drawApplicant(sheet, d, qr);
  drawCase(sheet, d);
  drawMaterials(sheet, d);
  drawNotes(sheet, d);
  return doc.save();
}
