/**
 * Stored files in the database (issue 16.2) on both engines: stored once per content, streamed back a chunk at a
 * time, readable through another connection pool on the same database (another node), never changed.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, num } from '../../server/platform/db.js';
import { CHUNK_BYTES, FileService, readLimited } from '../../server/modules/files/files.service.js';
import { MATERIAL_TYPES, MEDIA_TYPES } from '../../server/modules/files/files.types.js';
import { AppError } from '../../server/platform/errors.js';
import { forEachDatabase } from '../helpers/app.js';
import { exe, pdfOf, photo } from '../helpers/files.js';

const policy = { types: MATERIAL_TYPES, maxBytes: 8 * 1024 * 1024, maxPages: 50 };

forEachDatabase('stored files', (ctx) => {
  const count = async (q: ReturnType<typeof sql>) => num((await rows<{ n: unknown }>(ctx.services.database.db, q))[0]?.n);

  test('a file is stored once per content and streams back byte for byte', async () => {
    const files = ctx.services.storedFiles;
    const data = photo(CHUNK_BYTES * 2 + 12_345);
    const first = await files.put(data, policy);
    const again = await files.put(Buffer.from(data), policy, 'application/pdf');
    assert.equal(first.sha256, createHash('sha256').update(data).digest('hex'));
    assert.deepEqual(again, first, 'the same bytes are the same stored file, whatever is claimed');
    assert.equal(first.mediaType, MEDIA_TYPES.jpeg);
    assert.equal(await count(sql`select count(*) as n from stored_files where sha256 = ${first.sha256}`), 1);
    assert.equal(await count(sql`select count(*) as n from stored_file_chunks where sha256 = ${first.sha256}`), 3);
    const parts: Buffer[] = [];
    for await (const part of files.open(first)) parts.push(part as Buffer);
    assert.equal(parts.length, 3, 'streamed a chunk at a time');
    assert.ok(Buffer.concat(parts).equals(data));
    assert.deepEqual(await files.stat(first.sha256), first);
    assert.equal(await files.stat('not-a-hash'), null);
  });

  test('a PDF keeps its page count; a refused file leaves nothing behind', async () => {
    const files = ctx.services.storedFiles;
    const pdf = await files.put(await pdfOf(3), policy);
    assert.equal(pdf.pages, 3);
    const before = await count(sql`select count(*) as n from stored_files`);
    await assert.rejects(files.put(exe(), policy, 'application/pdf'), (e: unknown) => e instanceof AppError && e.code === 'FILE_TYPE');
    await assert.rejects(files.put(await pdfOf(51), policy), (e: unknown) => e instanceof AppError && e.code === 'FILE_TOO_MANY_PAGES');
    assert.equal(await count(sql`select count(*) as n from stored_files`), before);
  });

  test("a file commits with its owner's transaction, or not at all", async () => {
    const { database, storedFiles: files } = ctx.services;
    const data = photo(5000);
    await assert.rejects(
      database.tx(async (tx) => {
        await files.put(data, policy, undefined, tx);
        throw new Error('the owner row failed');
      }),
    );
    assert.equal(await files.stat(createHash('sha256').update(data).digest('hex')), null);
  });

  test('stored rows never change', async () => {
    const { database, storedFiles: files } = ctx.services;
    const f = await files.put(photo(3000), policy);
    const refused = (e: unknown) => /never change/.test(String((e as { cause?: Error }).cause?.message ?? e));
    await assert.rejects(database.db.execute(sql`update stored_files set size = 1 where sha256 = ${f.sha256}`), refused);
    await assert.rejects(database.db.execute(sql`update stored_file_chunks set data = '\\x00' where sha256 = ${f.sha256}`), refused);
  });

  test('an upload larger than allowed is refused while it arrives', async () => {
    async function* body() {
      for (let i = 0; i < 100; i++) yield Buffer.alloc(64 * 1024);
      throw new Error('read on after the limit');
    }
    await assert.rejects(readLimited(body(), 1024 * 1024), (e: unknown) => e instanceof AppError && e.code === 'FILE_TOO_LARGE');
  });

  test('another node on the same database reads the file', async (t) => {
    if (ctx.kind === 'pglite') return t.skip('one PGlite is one node');
    const data = photo(CHUNK_BYTES + 1);
    const stored = await ctx.services.storedFiles.put(data, policy);
    const other = await openDatabase(ctx.db.config, { poolSize: 2 });
    try {
      const read = await new FileService(other).read(stored);
      assert.ok(read.equals(data));
    } finally {
      await other.close();
    }
  });
});
