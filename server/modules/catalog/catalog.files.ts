/**
 * Files of the catalog — form templates (表格下载), filled samples (填写示例) and material
 * samples — kept under DATA_DIR/files, described by rows of `catalog_files`.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../platform/errors.js';

export const FILE_KINDS = ['form_template', 'filled_sample', 'material_sample'] as const;
export type FileKind = (typeof FILE_KINDS)[number];
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** What may be stored, with the first bytes each format must start with (no trust in the name). */
const TYPES: Record<string, { magic: number[][]; inline: boolean }> = {
  'application/pdf': { magic: [[0x25, 0x50, 0x44, 0x46]], inline: true },
  'image/png': { magic: [[0x89, 0x50, 0x4e, 0x47]], inline: true },
  'image/jpeg': { magic: [[0xff, 0xd8, 0xff]], inline: true },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { magic: [[0x50, 0x4b, 0x03, 0x04]], inline: false },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { magic: [[0x50, 0x4b, 0x03, 0x04]], inline: false },
  'application/msword': { magic: [[0xd0, 0xcf, 0x11, 0xe0]], inline: false },
  'application/vnd.ms-excel': { magic: [[0xd0, 0xcf, 0x11, 0xe0]], inline: false },
};
export const ALLOWED_MIME_TYPES = Object.keys(TYPES);

export function checkFileContent(mimeType: string, data: Buffer): void {
  const t = TYPES[mimeType];
  if (!t) throw new AppError('CATALOG_FILE_TYPE', { type: mimeType });
  if (data.length === 0 || data.length > MAX_FILE_BYTES) throw new AppError('CATALOG_FILE_SIZE', { max: MAX_FILE_BYTES / 1024 / 1024 });
  if (!t.magic.some((m) => m.every((b, i) => data[i] === b))) throw new AppError('CATALOG_FILE_TYPE', { type: mimeType });
}

export const servedInline = (mimeType: string) => TYPES[mimeType]?.inline ?? false;

export class FileStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!/^[0-9a-f]{32}$/.test(key)) throw new AppError('NOT_FOUND');
    return path.join(this.root, key.slice(0, 2), key);
  }

  save(data: Buffer): string {
    const key = randomBytes(16).toString('hex');
    const file = this.pathOf(key);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data, { mode: 0o640 });
    return key;
  }

  open(key: string) {
    return createReadStream(this.pathOf(key));
  }

  remove(key: string): void {
    rmSync(this.pathOf(key), { force: true });
  }
}
