/**
 * Stored files (issue 16.2): every uploaded material, form template and sample lives in the database — either
 * engine — addressed by the SHA-256 of its bytes, in chunks that a reader streams one at a time. No node keeps a
 * file on its own disk, so any node of a cluster serves any file. Rows never change (a trigger refuses updates);
 * owners (catalog files, application materials, case materials) reference a file by its hash.
 */
import { sql } from 'drizzle-orm';
import { check, customType, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** bytea as a Buffer on both engines (PGlite answers a Uint8Array, node-postgres a Buffer). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
});

export const storedFiles = pgTable(
  'stored_files',
  {
    sha256: text('sha256').primaryKey(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    /** PDF pages; 1 for an image; null for office documents (not counted). */
    pages: integer('pages'),
    chunkSize: integer('chunk_size').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [check('stored_files_sha256_ck', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`), check('stored_files_size_ck', sql`${t.size} > 0 and ${t.chunkSize} > 0`)],
);

export const storedFileChunks = pgTable(
  'stored_file_chunks',
  {
    sha256: text('sha256').notNull().references(() => storedFiles.sha256, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sha256, t.seq] })],
);
