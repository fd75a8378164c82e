/**
 * The disk layout files had before they moved into the database (migration 0020, ADR 0026): DATA_DIR/files/<first two
 * characters of the key>/<key>, a key being 32 hex characters. Read once, when the owners move their files at start.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database, Tx } from '../../platform/db.js';
import type { FilePolicy } from './files.check.js';
import type { FileService, StoredFile } from './files.service.js';

export class LegacyDisk {
  constructor(private readonly root: string) {}

  /** The bytes under the key, or null when the key is malformed or the file is gone. */
  read(key: string): Buffer | null {
    if (!/^[0-9a-f]{32}$/.test(key)) return null;
    const file = path.join(this.root, key.slice(0, 2), key);
    return existsSync(file) ? readFileSync(file) : null;
  }
}

/**
 * Moves an owner's files from the disk into stored files, one transaction a file: `pending` are the owner's rows still
 * pointing at the disk, `point` makes a row point at its stored file. A file checked when it was uploaded is taken
 * whatever its size is now; one missing from the disk is counted as lost and its row left as it is.
 */
export async function moveFromDisk<R extends { key: string | null; mime: string }>(
  database: Database, files: FileService, disk: LegacyDisk, policy: FilePolicy,
  pending: readonly R[], point: (tx: Tx, row: R, stored: StoredFile) => Promise<unknown>,
): Promise<{ moved: number; lost: number }> {
  let moved = 0;
  for (const row of pending) {
    const data = row.key ? disk.read(row.key) : null;
    if (!data) continue;
    await database.tx(async (tx) => point(tx, row, await files.put(data, { ...policy, maxBytes: Math.max(policy.maxBytes, data.length) }, row.mime, tx)));
    moved++;
  }
  return { moved, lost: pending.length - moved };
}
