/**
 * Run at install: an embedded database with every migration applied, saved as a tarball in dist/.
 * A first start unpacks it (about 1 s) instead of running initdb inside PGlite (about 5 s).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS_DIR } from '../platform/paths.js';
import { PGLITE_TEMPLATE } from '../platform/db.js';

const dir = path.join(tmpdir(), `yc-template-${process.pid}`);
rmSync(dir, { recursive: true, force: true });
try {
  const client = new PGlite(dir);
  await client.waitReady;
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
  const dump = await client.dumpDataDir('gzip');
  await client.close();
  mkdirSync(path.dirname(PGLITE_TEMPLATE), { recursive: true });
  writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
  console.log(`embedded database template written: ${path.relative(process.cwd(), PGLITE_TEMPLATE)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
