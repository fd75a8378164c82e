/** Stored files' checks (issue 16.2): the type from the bytes, never the name; sizes and PDF pages. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import '../../server/error-codes.js';
import { checkFile, pdfPages } from '../../server/modules/files/files.check.js';
import { contentDisposition, MATERIAL_TYPES, MEDIA_TYPES, mediaTypeOf, sniff } from '../../server/modules/files/files.types.js';
import { AppError } from '../../server/platform/errors.js';
import { pdfOf } from '../helpers/files.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a464946', 'hex');
const ELF = Buffer.from('7f454c46020101000000000000000000', 'hex');
const PE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62)]);
const CFB = Buffer.from('d0cf11e0a1b11ae1000000000000', 'hex');
/** A zip's first local header naming `entry` (enough for the sniffer, which reads the names). */
const zipWith = (entry: string) => {
  const h = Buffer.alloc(30);
  h.write('PK\x03\x04', 0, 'latin1');
  h.writeUInt16LE(Buffer.byteLength(entry), 26);
  return Buffer.concat([h, Buffer.from(entry)]);
};
const code = (err: unknown) => (err instanceof AppError ? err.code : String(err));

describe('files: the type from the bytes', () => {
  test('PDF, PNG and JPEG are known by their first bytes', async () => {
    assert.deepEqual(sniff(await pdfOf(1)), [MEDIA_TYPES.pdf]);
    assert.deepEqual(sniff(PNG), [MEDIA_TYPES.png]);
    assert.deepEqual(sniff(JPEG), [MEDIA_TYPES.jpeg]);
  });

  test('an executable is none of them, whatever it is called or claims to be', () => {
    assert.deepEqual(sniff(ELF), []);
    assert.deepEqual(sniff(PE), []);
    assert.equal(mediaTypeOf(PE, MATERIAL_TYPES, 'application/pdf'), null);
    assert.equal(mediaTypeOf(ELF, MATERIAL_TYPES, 'image/jpeg'), null);
  });

  test('Word and Excel: OOXML by the parts the zip names, the binary formats by the declared type', () => {
    assert.deepEqual(sniff(zipWith('word/document.xml')), [MEDIA_TYPES.docx]);
    assert.deepEqual(sniff(zipWith('xl/workbook.xml')), [MEDIA_TYPES.xlsx]);
    assert.deepEqual(sniff(zipWith('payload.exe')), [], 'a plain zip is not an office document');
    const office = Object.values(MEDIA_TYPES);
    assert.equal(mediaTypeOf(CFB, office, MEDIA_TYPES.xls), MEDIA_TYPES.xls);
    assert.equal(mediaTypeOf(CFB, office, MEDIA_TYPES.doc), MEDIA_TYPES.doc);
    assert.equal(mediaTypeOf(CFB, office, 'application/pdf'), null, 'the bytes admit two; a third claim chooses neither');
    assert.equal(mediaTypeOf(zipWith('word/document.xml'), office, MEDIA_TYPES.xlsx), MEDIA_TYPES.docx, 'the bytes win over the claim');
  });

  test('a type not allowed by the use is refused even when recognised', () => {
    assert.equal(mediaTypeOf(zipWith('word/document.xml'), MATERIAL_TYPES), null);
  });

  test('a file name travels in Content-Disposition as ASCII fallback and UTF-8', () => {
    assert.equal(contentDisposition('营业执照 "副本".pdf', true), `inline; filename="____ ____.pdf"; filename*=UTF-8''${encodeURIComponent('营业执照 "副本".pdf')}`);
    const header = contentDisposition('营业执照.pdf', false);
    assert.match(header, /^attachment; filename="_+\.pdf"; filename\*=UTF-8''%E8%90%A5/);
    assert.doesNotMatch(contentDisposition('a"b\\c.pdf', true), /filename="[^"]*"[^;]*"/);
  });
});

describe('files: checks before storing', () => {
  const policy = { types: MATERIAL_TYPES, maxBytes: 1024 * 1024, maxPages: 3 };

  test('a PDF is stored with its page count, an image as one page', async () => {
    assert.deepEqual(await checkFile(await pdfOf(2), policy), { mediaType: MEDIA_TYPES.pdf, size: (await pdfOf(2)).length, pages: 2 });
    assert.equal((await checkFile(PNG, policy)).pages, 1);
    assert.equal(await pdfPages(await pdfOf(7)), 7, 'pages in compressed object streams are counted');
  });

  test('empty, too large, wrong type, too many pages and unreadable PDFs are refused with their codes', async () => {
    const refused = async (data: Buffer, p = policy) => code(await checkFile(data, p).then(() => 'accepted', (e) => e));
    assert.equal(await refused(Buffer.alloc(0)), 'FILE_EMPTY');
    assert.equal(await refused(Buffer.concat([JPEG, Buffer.alloc(1024 * 1024)])), 'FILE_TOO_LARGE');
    assert.equal(await refused(ELF), 'FILE_TYPE');
    assert.equal(await refused(await pdfOf(4)), 'FILE_TOO_MANY_PAGES');
    assert.equal(await refused(Buffer.from('%PDF-1.7\n this is not a pdf at all')), 'FILE_UNREADABLE');
    assert.equal(await refused(await pdfOf(4), { ...policy, maxPages: undefined } as never), 'accepted');
  });
});
