/** Test files: real PDFs of n pages (pdf-lib), photos, executables. */
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';

export async function pdfOf(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawText(`page ${i + 1}`);
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}

/** A JPEG-headed file of `size` random bytes. */
export const photo = (size: number) => Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), randomBytes(size - 4)]);

/** A Windows executable (MZ header). */
export const exe = (size = 4096) => Buffer.concat([Buffer.from('MZ'), randomBytes(size - 2)]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (data: Buffer) => {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A real PNG a browser draws: a pale "document" with grey text lines and a red seal, `width` × `height`. */
export function pngOf(width = 420, height = 300): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const line = y % 24 > 16 && y > 30 && y < height - 30 && x > 30 && x < width - 30 - ((y * 7) % 90);
      const seal = (x - width + 90) ** 2 + (y - height + 80) ** 2 < 45 ** 2 && (x - width + 90) ** 2 + (y - height + 80) ** 2 > 38 ** 2;
      const [r, g, b] = seal ? [200, 30, 30] : line ? [120, 120, 128] : [250, 248, 240];
      raw.set([r!, g!, b!], y * (width * 3 + 1) + 1 + x * 3);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
