/**
 * The disk layout files had before they moved into the database (migration 0020, ADR 0026): DATA_DIR/files/<first two
 * characters of the key>/<key>, a key being 32 hex characters. Read once, when the owners move their files at start.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export class LegacyDisk {
  constructor(private readonly root: string) {}

  /** The bytes under the key, or null when the key is malformed or the file is gone. */
  read(key: string): Buffer | null {
    if (!/^[0-9a-f]{32}$/.test(key)) return null;
    const file = path.join(this.root, key.slice(0, 2), key);
    return existsSync(file) ? readFileSync(file) : null;
  }
}
