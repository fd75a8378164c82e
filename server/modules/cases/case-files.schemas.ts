/**
 * Schemas of the files of case materials (issue 16.6): what the intake body names of each received material's
 * scans, how the case detail lists them, and what the window's upload answers. Kept apart from cases.schemas.ts,
 * which imports them.
 */
import { Type, type Static } from 'typebox';
import { FileName, Instant, literals, obj } from '../../platform/schemas.js';

export const FILE_SOURCES = ['window', 'online'] as const;
export type FileSource = (typeof FILE_SOURCES)[number];

/** a stored file's key: the SHA-256 of its bytes, lower-case hex */
export const Sha256 = Type.String({ minLength: 64, maxLength: 64, pattern: '^[0-9a-f]{64}$', description: '文件内容的 SHA-256（上传接口的答复）' });

/**
 * A file of a material as the intake names it: a stored file (uploaded first) and the name it is shown under.
 * `source`: where it was made — `window` (a scan at the window, the default) or `online` (the applicant's upload,
 * when the online application module accepts through the intake).
 */
export const MaterialFileInputSchema = obj({
  sha256: Sha256,
  name: FileName,
  source: Type.Optional(literals(FILE_SOURCES)),
});
export type MaterialFileInput = Static<typeof MaterialFileInputSchema>;
/** at most 20 files a material (a multi-page paper scanned page by page) */
export const MaterialFilesInput = Type.Array(MaterialFileInputSchema, { maxItems: 20 });

/** A file of a material as the case detail lists it (for a shared line: the holding case's file). */
export const CaseFileSchema = Type.Object({
  id: Type.Integer({ description: '文件编号：GET /api/cases/{id}/files/{fileId}' }),
  name: Type.String(),
  mediaType: Type.String({ description: 'application/pdf、image/jpeg 或 image/png' }),
  size: Type.Integer({ description: '字节数' }),
  source: literals(FILE_SOURCES),
  addedBy: Type.String({ description: '上传人（网上申请为空）' }),
  addedAt: Instant(),
});
export type CaseFileView = Static<typeof CaseFileSchema>;

/** POST /api/cases/scans: the stored scan, to be named in the intake body's `files`. */
export const UploadedScanSchema = Type.Object({
  sha256: Type.String(),
  name: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  pages: Type.Integer({ description: 'PDF 的页数；图片为 1' }),
});
export type UploadedScan = Static<typeof UploadedScanSchema>;
