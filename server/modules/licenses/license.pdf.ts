/**
 * The license document (电子证照文件): one A4 page — the type's name, 照面信息 (the license's fields), the issuing
 * department's seal drawn in red with its name on the arc, the issue day, and a QR code of the public verification page
 * with its address printed under it; the key id and algorithm of the electronic seal in the footer. Pure: the data in,
 * the bytes out. The Chinese font (Noto Sans SC, shipped by npm in @expo-google-fonts/noto-sans-sc) is embedded as a
 * subset. Dates of creation are the issue instant, so the same data renders the same bytes.
 */
import { PDFDocument, degrees, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { A4, CONTENT_WIDTH, GREY, MARGIN, Sheet } from '../cases/receipt.layout.js';
import { receiptFontBytes, upstreamFontkit, type ReceiptFontConfig } from '../cases/receipt.font.js';
import { zhDate } from '../cases/receipt.pdf.js';

const SEAL_RED = rgb(0.82, 0.09, 0.09);
const FRAME = rgb(0.62, 0.47, 0.2);

export interface LicenseDocData {
  typeName: string;
  licenseNo: string;
  version: number;
  holderName: string;
  holderIdNo: string;
  holderKind: 'person' | 'entity';
  fields: { label: string; value: string }[];
  validFrom: string;
  validUntil: string | null;
  issuedOn: string;
  issuedAt: Date;
  issuerName: string;
  keyId: string;
  algorithm: string;
  verifyUrl: string;
}

/** The seal: a red ring, the issuer's name on the upper arc, a star, and 电子印章 under it. */
function drawSeal(s: Sheet, cx: number, cy: number, name: string): void {
  const r = 56;
  s.page.drawCircle({ x: cx, y: cy, size: r, borderColor: SEAL_RED, borderWidth: 3, opacity: 0, borderOpacity: 0.9 });
  const chars = Array.from(name);
  const size = chars.length > 12 ? 10 : 12;
  const span = Math.min(240, chars.length * (size + 3) * (180 / Math.PI) / (r - 16));
  chars.forEach((ch, i) => {
    const a = ((90 + span / 2 - (chars.length === 1 ? span / 2 : (span * i) / (chars.length - 1))) * Math.PI) / 180;
    const rr = r - 8 - size;
    // the glyph's baseline runs along the tangent, its top towards the rim
    const rot = (a * 180) / Math.PI - 90;
    const w = s.width(ch, size);
    const x = cx + rr * Math.cos(a) - (w / 2) * Math.cos((rot * Math.PI) / 180);
    const y = cy + rr * Math.sin(a) - (w / 2) * Math.sin((rot * Math.PI) / 180);
    s.page.drawText(ch, { x, y, size, font: s.font, color: SEAL_RED, rotate: degrees(rot) });
  });
  // a five-pointed star
  const star: { x: number; y: number }[] = [];
  for (let k = 0; k < 10; k++) {
    const rad = k % 2 === 0 ? 15 : 6;
    const ang = ((90 + k * 36) * Math.PI) / 180;
    star.push({ x: rad * Math.cos(ang), y: rad * Math.sin(ang) });
  }
  const path = star.map((p, k) => `${k === 0 ? 'M' : 'L'} ${p.x.toFixed(2)} ${(-p.y).toFixed(2)}`).join(' ') + ' Z';
  s.page.drawSvgPath(path, { x: cx, y: cy + 2, color: SEAL_RED });
  const label = '电子印章';
  s.page.drawText(label, { x: cx - s.width(label, 9) / 2, y: cy - 30, size: 9, font: s.font, color: SEAL_RED });
}

/** The license as PDF bytes; CASE_RECEIPT_FONT_MISSING when the font cannot be used. */
export async function renderLicense(d: LicenseDocData, font: ReceiptFontConfig): Promise<Uint8Array> {
  const [fontBytes, qrPng] = await Promise.all([
    receiptFontBytes(font),
    QRCode.toBuffer(d.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 4 }),
  ]);
  const doc = await PDFDocument.create();
  doc.registerFontkit(upstreamFontkit(font.fontFace));
  const s = new Sheet(doc, await doc.embedFont(fontBytes, { subset: true }));
  const qr = await doc.embedPng(qrPng);
  doc.setTitle(`${d.typeName} ${d.licenseNo}`);
  doc.setSubject(`${d.holderName}（第 ${d.version} 版）`);
  doc.setAuthor(d.issuerName);
  doc.setLanguage('zh-CN');
  doc.setProducer('Yichuang');
  doc.setCreator('Yichuang');
  doc.setCreationDate(d.issuedAt);
  doc.setModificationDate(d.issuedAt);

  // the frame
  const [w, h] = A4;
  s.page.drawRectangle({ x: 24, y: 24, width: w - 48, height: h - 48, borderColor: FRAME, borderWidth: 2.5 });
  s.page.drawRectangle({ x: 30, y: 30, width: w - 60, height: h - 60, borderColor: FRAME, borderWidth: 0.8 });

  s.y -= 24;
  s.centred(d.typeName, 28, undefined, 4);
  s.centred('（电子证照）', 12, GREY, 18);
  const no = `编号：${d.licenseNo}`;
  s.text(no, MARGIN + CONTENT_WIDTH - s.width(no, 10) - 8, s.y, 10);
  s.text(`第 ${d.version} 版`, MARGIN + 8, s.y, 10, GREY);
  s.y -= 20;

  const label = 118;
  const value = CONTENT_WIDTH - label - 16;
  const x = MARGIN + 8;
  const rows: [string, string][] = [
    [d.holderKind === 'entity' ? '持证主体名称' : '持证人', d.holderName],
    [d.holderKind === 'entity' ? '统一社会信用代码' : '公民身份号码', d.holderIdNo],
    ...d.fields.map((f) => [f.label, f.value] as [string, string]),
    ['有效期', d.validUntil ? `${zhDate(d.validFrom)} 至 ${zhDate(d.validUntil)}` : `${zhDate(d.validFrom)} 起长期有效`],
  ];
  for (const [k, v] of rows) s.row([{ text: k, width: label, label: true }, { text: v, width: value, size: 11.5 }], 11.5, x);

  // the issuer and day, the seal over them
  const issuerTop = 300;
  const right = MARGIN + CONTENT_WIDTH - 8;
  const issuer = `发证机关：${d.issuerName}`;
  const date = `发证日期：${zhDate(d.issuedOn)}`;
  s.text(issuer, right - s.width(issuer, 12), issuerTop, 12);
  s.text(date, right - s.width(date, 12), issuerTop - 22, 12);
  // over the issuer's name, its star clear of the text
  drawSeal(s, right - 80, issuerTop + 34, d.issuerName);

  // the QR of the verification page
  const size = 104;
  const qx = MARGIN + 8;
  const qy = 96;
  s.page.drawImage(qr, { x: qx, y: qy, width: size, height: size });
  s.text('扫码核验证照真伪与状态', qx + size + 10, qy + size - 6, 10);
  s.wrap(d.verifyUrl, 8, 260).forEach((l, i) => s.text(l, qx + size + 10, qy + size - 24 - i * 11, 8, GREY));

  const foot = `本证照由${d.issuerName}电子印章签署（${d.algorithm}，密钥 ${d.keyId}），与纸质证照具有同等效力；核验以签名和文件摘要为准。`;
  s.wrap(foot, 8, CONTENT_WIDTH - 16).forEach((l, i) => s.text(l, MARGIN + 8, 64 - i * 11, 8, GREY));
  return doc.save();
}
