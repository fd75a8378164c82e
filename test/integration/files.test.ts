/**
 * Stored files in the database (issue 16.2) on both engines: stored once per content, streamed back a chunk at a
 * time, readable through another connection pool on the same database (another node), never changed.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, num } from '../../server/platform/db.js';
import { CHUNK_BYTES, FileService, readLimited } from '../../server/modules/files/files.service.js';
import { MATERIAL_TYPES, MEDIA_TYPES } from '../../server/modules/files/files.types.js';
import { AppError } from '../../server/platform/errors.js';
import { buildApp } from '../../server/app.js';
import { moveLegacyFiles } from '../../server/boot.js';
import { loadConfig } from '../../server/config.js';
import { createServices } from '../../server/services.js';
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

forEachDatabase('stored files: the catalog and gap evidence', (ctx) => {
  const itemOf = async () => (await ctx.anonymous().get(`/api/catalog/search?q=${encodeURIComponent('食品经营许可')}`)).body.items[0] as { itemId: number };

  test('a template uploaded through one node downloads through a second node on the same database', async (t) => {
    if (ctx.kind === 'pglite') return t.skip('one PGlite is one node');
    const editor = await ctx.client('editor_scjg');
    const pdf = await pdfOf(2);
    const up = await editor.post('/api/catalog/files', { ownerType: 'item', ownerId: (await itemOf()).itemId, kind: 'form_template', title: '申请书', fileName: '申请书.pdf', mimeType: 'application/pdf', contentBase64: pdf.toString('base64') });
    assert.equal(up.status, 201, JSON.stringify(up.body));
    const database = await openDatabase(ctx.db.config, { poolSize: 2 });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'yc-node2-'));
    const config = loadConfig({ LOG_LEVEL: 'silent', SESSION_SECRET: 'test-secret-test-secret-test-secret-42', DEMO_DATA: 'off', DATA_DIR: dataDir });
    config.database = ctx.db.config;
    const node2 = await buildApp(createServices(database, config, ctx.clock), { logger: false });
    try {
      const dl = await node2.inject({ method: 'GET', url: `/api/public/files/${up.body.id}` });
      assert.equal(dl.statusCode, 200);
      assert.equal(dl.headers['content-type'], 'application/pdf');
      assert.ok(dl.rawPayload.equals(pdf), 'the same bytes, from the database, not a disk');
    } finally {
      await node2.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('uploads left on the disk by an earlier version move into the database at start; a lost one answers 404', async () => {
    const { database, config } = ctx.services;
    const pdf = await pdfOf(1);
    const key = 'ab'.padEnd(32, '0');
    const lostKey = 'cd'.padEnd(32, '1');
    mkdirSync(path.join(config.dataDir, 'files', 'ab'), { recursive: true });
    writeFileSync(path.join(config.dataDir, 'files', 'ab', key), pdf);
    const { itemId } = await itemOf();
    const [moved, lost] = await rows<{ id: number }>(database.db, sql`insert into catalog_files (owner_type, owner_id, kind, title, file_name, mime_type, size, storage_key)
      values ('item', ${itemId}, 'form_template', '旧表格', '旧表格.pdf', 'application/pdf', ${pdf.length}, ${key}),
             ('item', ${itemId}, 'filled_sample', '丢失的示例', '丢失.pdf', 'application/pdf', 10, ${lostKey}) returning id`);
    await moveLegacyFiles(ctx.services);
    const dl = await ctx.app.inject({ method: 'GET', url: `/api/public/files/${moved!.id}` });
    assert.equal(dl.statusCode, 200);
    assert.ok(dl.rawPayload.equals(pdf));
    assert.equal((await ctx.app.inject({ method: 'GET', url: `/api/public/files/${lost!.id}` })).statusCode, 404);
    const [row] = await rows<{ storage_key: string | null; content_sha256: string }>(database.db, sql`select storage_key, content_sha256 from catalog_files where id = ${moved!.id}`);
    assert.equal(row!.storage_key, null);
    assert.equal(row!.content_sha256, createHash('sha256').update(pdf).digest('hex'));
    await moveLegacyFiles(ctx.services); // a second start moves nothing again
    assert.equal(await count(sql`select count(*) as n from catalog_files where content_sha256 is null`), 1);
    await database.db.execute(sql`delete from catalog_files where id in (${moved!.id}, ${lost!.id})`);
  });

  async function count(q: ReturnType<typeof sql>) {
    return num((await rows<{ n: unknown }>(ctx.services.database.db, q))[0]?.n);
  }
});
