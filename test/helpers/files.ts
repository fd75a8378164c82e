/** Test files: real PDFs of n pages (pdf-lib), photos, executables. */
import { randomBytes } from 'node:crypto';
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
