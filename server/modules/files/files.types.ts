/**
 * What a file is, read from its bytes — never from its name or the type the browser claims (issue 16.2: a renamed
 * executable is refused). Pure: no I/O.
 */
export const MEDIA_TYPES = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
} as const;
export type MediaType = (typeof MEDIA_TYPES)[keyof typeof MEDIA_TYPES];

/** Scans and photos of materials: what an applicant or a clerk may attach. */
export const MATERIAL_TYPES: readonly MediaType[] = [MEDIA_TYPES.pdf, MEDIA_TYPES.jpeg, MEDIA_TYPES.png];

/** The Chinese labels of the types, for messages ("只接受 PDF、JPG、PNG"). */
export const TYPE_LABELS: Record<MediaType, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPG',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (docx)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (xlsx)',
  'application/msword': 'Word (doc)',
  'application/vnd.ms-excel': 'Excel (xls)',
};

const startsWith = (data: Uint8Array, magic: number[], at = 0) => data.length >= at + magic.length && magic.every((b, i) => data[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Whether the zip's local headers name an entry starting with `prefix` (an OOXML part such as `word/`). */
function zipHasEntry(data: Uint8Array, prefix: string): boolean {
  const name = Buffer.from(prefix, 'latin1');
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let at = buf.indexOf('PK\x03\x04', 0, 'latin1'); at >= 0 && at + 30 <= buf.length; at = buf.indexOf('PK\x03\x04', at + 4, 'latin1')) {
    const nameLength = buf.readUInt16LE(at + 26);
    if (buf.subarray(at + 30, at + 30 + Math.min(nameLength, name.length)).equals(name)) return true;
  }
  return false;
}

/**
 * The family a file's bytes belong to. Word and Excel binaries (.doc/.xls) share one container (CFB) that cannot
 * be told apart without parsing it: both are given, and the declared type chooses between them.
 */
export function sniff(data: Uint8Array): MediaType[] {
  if (startsWith(data, ascii('%PDF-'))) return [MEDIA_TYPES.pdf];
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return [MEDIA_TYPES.png];
  if (startsWith(data, [0xff, 0xd8, 0xff])) return [MEDIA_TYPES.jpeg];
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) {
    if (zipHasEntry(data, 'word/')) return [MEDIA_TYPES.docx];
    if (zipHasEntry(data, 'xl/')) return [MEDIA_TYPES.xlsx];
    return [];
  }
  if (startsWith(data, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return [MEDIA_TYPES.doc, MEDIA_TYPES.xls];
  return [];
}

/**
 * The media type to store: the one the bytes show among those allowed (the declared one when the bytes admit two).
 * Null when the bytes are none of the allowed types, whatever the name or the declared type say.
 */
export function mediaTypeOf(data: Uint8Array, allowed: readonly MediaType[], declared?: string): MediaType | null {
  const found = sniff(data).filter((t) => allowed.includes(t));
  if (found.length <= 1) return found[0] ?? null;
  return found.find((t) => t === declared) ?? null;
}

/** A file name as it may travel in a Content-Disposition header (RFC 6266 / 5987). */
export function contentDisposition(fileName: string, inline: boolean): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** PDFs and images are shown in the page; office documents download. */
export const shownInline = (mediaType: string) => (MATERIAL_TYPES as readonly string[]).includes(mediaType);
