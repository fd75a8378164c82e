/** The checks a file passes before it is stored: not empty, within its size, of an allowed type by its bytes, within its pages. */
import { PDFDocument } from 'pdf-lib';
import { AppError } from '../../platform/errors.js';
import { MATERIAL_TYPES, MEDIA_TYPES, mediaTypeOf, TYPE_LABELS, type MediaType } from './files.types.js';

/** A byte limit as the MB a message names (one decimal). */
export const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** What one use of files accepts (a checklist line's scan, a catalog template, …). */
export interface FilePolicy {
  types: readonly MediaType[];
  maxBytes: number;
  /** For PDFs. */
  maxPages?: number;
}

/** Documents staff attach — catalog templates and samples, a gap's evidence: PDFs, images and office files, 5 MB. */
export const DOCUMENT_POLICY: FilePolicy = { types: Object.values(MEDIA_TYPES), maxBytes: 5 * 1024 * 1024 };

/** Scans and photos of materials (a clerk's scan at the window, an applicant's upload): PDF, JPEG, PNG, within the configured size and pages (UPLOAD_MAX_MB, UPLOAD_MAX_PAGES). */
export const materialPolicy = (limits: { fileMaxBytes: number; filePages: number }): FilePolicy => ({ types: MATERIAL_TYPES, maxBytes: limits.fileMaxBytes, maxPages: limits.filePages });

export interface CheckedFile {
  mediaType: MediaType;
  size: number;
  /** PDF pages, 1 for an image, null for office documents. */
  pages: number | null;
}

/** A PDF's page count as its page tree says (compressed object streams included); null when it cannot be parsed. */
export async function pdfPages(data: Uint8Array): Promise<number | null> {
  try {
    const doc = await PDFDocument.load(data, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
    return doc.getPageCount();
  } catch {
    return null;
  }
}

export async function checkFile(data: Uint8Array, policy: FilePolicy, declared?: string): Promise<CheckedFile> {
  if (data.length === 0) throw new AppError('FILE_EMPTY');
  if (data.length > policy.maxBytes) throw new AppError('FILE_TOO_LARGE', { max: megabytes(policy.maxBytes) });
  const mediaType = mediaTypeOf(data, policy.types, declared);
  if (!mediaType) throw new AppError('FILE_TYPE', { allowed: [...new Set(policy.types.map((t) => TYPE_LABELS[t]))].join('、') });
  let pages: number | null = null;
  if (mediaType === MEDIA_TYPES.pdf) {
    pages = await pdfPages(data);
    if (pages === null || pages === 0) throw new AppError('FILE_UNREADABLE');
    if (policy.maxPages && pages > policy.maxPages) throw new AppError('FILE_TOO_MANY_PAGES', { pages, max: policy.maxPages });
  } else if (mediaType === MEDIA_TYPES.png || mediaType === MEDIA_TYPES.jpeg) {
    pages = 1;
  }
  return { mediaType, size: data.length, pages };
}
