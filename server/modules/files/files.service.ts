/**
 * Stored files (issue 16.2; ADR 0026): put checks and stores a file once per content (SHA-256), in the caller's
 * transaction when it has one, so an owner's row and its file commit together; open streams it back a chunk a
 * query, so neither a large file's bytes nor a connection is held while a slow client reads.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { Database, Executor } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { checkFile, megabytes, type FilePolicy } from './files.check.js';
import type { MediaType } from './files.types.js';
import { storedFileChunks, storedFiles } from './files.tables.js';

export const CHUNK_BYTES = 256 * 1024;

export interface StoredFile {
  sha256: string;
  mediaType: MediaType;
  size: number;
  pages: number | null;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Reads a request body stream up to maxBytes; more is refused as soon as it arrives (FILE_TOO_LARGE). */
export async function readLimited(stream: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of stream) {
    size += part.length;
    if (size > maxBytes) throw new AppError('FILE_TOO_LARGE', { max: megabytes(maxBytes) });
    parts.push(Buffer.from(part));
  }
  return Buffer.concat(parts, size);
}

export class FileService {
  constructor(private readonly database: Database) {}

  /** Checks the bytes against the policy and stores them unless the same content is stored already. */
  async put(data: Buffer, policy: FilePolicy, declared?: string, tx?: Executor): Promise<StoredFile> {
    const checked = await checkFile(data, policy, declared);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const store = async (ex: Executor) => {
      const inserted = await ex
        .insert(storedFiles)
        .values({ sha256, mediaType: checked.mediaType, size: checked.size, pages: checked.pages, chunkSize: CHUNK_BYTES })
        .onConflictDoNothing()
        .returning({ sha256: storedFiles.sha256 });
      if (!inserted.length) return;
      const chunks = [];
      for (let seq = 0; seq * CHUNK_BYTES < data.length; seq++) chunks.push({ sha256, seq, data: data.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES) });
      await ex.insert(storedFileChunks).values(chunks);
    };
    if (tx) await store(tx);
    else await this.database.tx(store);
    return { sha256, ...checked };
  }

  async stat(sha256: string, ex: Executor = this.database.db): Promise<StoredFile | null> {
    if (!SHA256.test(sha256)) return null;
    const [row] = await ex
      .select({ sha256: storedFiles.sha256, mediaType: storedFiles.mediaType, size: storedFiles.size, pages: storedFiles.pages })
      .from(storedFiles)
      .where(eq(storedFiles.sha256, sha256));
    return row ? { ...row, mediaType: row.mediaType as MediaType } : null;
  }

  private async chunk(sha256: string, seq: number): Promise<Buffer> {
    const [row] = await this.database.db
      .select({ data: storedFileChunks.data })
      .from(storedFileChunks)
      .where(and(eq(storedFileChunks.sha256, sha256), eq(storedFileChunks.seq, seq)));
    if (!row) throw new AppError('NOT_FOUND');
    return row.data;
  }

  /** The file's bytes as a stream, one chunk a query (a file never changes, so the chunks agree without a transaction). */
  open(file: StoredFile): Readable {
    const count = Math.ceil(file.size / CHUNK_BYTES);
    const chunkOf = (seq: number) => this.chunk(file.sha256, seq);
    return Readable.from((async function* () {
      for (let seq = 0; seq < count; seq++) yield await chunkOf(seq);
    })());
  }

  /** The whole file in memory (for building an archive or a receipt; materials are a few MB at most). */
  async read(file: StoredFile): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const part of this.open(file)) parts.push(part as Buffer);
    return Buffer.concat(parts);
  }
}
