/**
 * Files of the catalog — form templates (表格下载), filled samples (填写示例) and material samples — described by rows
 * of `catalog_files`, their bytes stored files (files module, ADR 0026). Uploads from before migration 0020 lay on the
 * node's disk; they are moved into stored files when the server starts (`moveLegacyCatalogFiles`).
 */
import { eq, isNull } from 'drizzle-orm';
import type { Database } from '../../platform/db.js';
import type { FileService } from '../files/files.service.js';
import { DOCUMENT_POLICY } from '../files/files.check.js';
import { moveFromDisk, type LegacyDisk } from '../files/files.legacy.js';
import { catalogFiles } from './catalog.tables.js';

export const FILE_KINDS = ['form_template', 'filled_sample', 'material_sample'] as const;
export type FileKind = (typeof FILE_KINDS)[number];
/** What the catalog takes: PDFs, images and office documents (templates are often Word or Excel), 5 MB at most. */
export const CATALOG_FILE_POLICY = DOCUMENT_POLICY;
export const ALLOWED_MIME_TYPES: readonly string[] = CATALOG_FILE_POLICY.types;

/** Moves the catalog's files still on this node's disk into stored files; a file missing from the disk stays listed as lost. */
export async function moveLegacyCatalogFiles(database: Database, files: FileService, disk: LegacyDisk): Promise<{ moved: number; lost: number }> {
  const pending = await database.db.select({ id: catalogFiles.id, key: catalogFiles.storageKey, mime: catalogFiles.mimeType }).from(catalogFiles).where(isNull(catalogFiles.contentSha256));
  return moveFromDisk(database, files, disk, CATALOG_FILE_POLICY, pending, (tx, row, stored) =>
    tx.update(catalogFiles).set({ contentSha256: stored.sha256, storageKey: null, size: stored.size }).where(eq(catalogFiles.id, row.id)));
}
