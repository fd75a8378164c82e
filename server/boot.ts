/** Opening the system: config → database → migrations → demo data (when empty) → services. */
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { DatabaseInUseError, openDatabase, type Database } from './platform/db.js';
import { createServices, type Services } from './services.js';
import { existsSync, readdirSync } from 'node:fs';
import { count } from 'drizzle-orm';
import { num } from './platform/db.js';
import { departments } from './modules/identity/identity.tables.js';
import path from 'node:path';
import { LegacyDisk } from './modules/files/files.legacy.js';
import { moveLegacyCatalogFiles } from './modules/catalog/catalog.files.js';
import { moveLegacyGapAttachments } from './modules/supervision/docno.service.js';

export async function boot(opts: { env?: Record<string, string | undefined>; demo?: boolean } = {}): Promise<Services> {
  let config: AppConfig;
  try {
    config = loadConfig(opts.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  // DEMO_DATA=on: a new embedded database folder starts as the install-time demo template — the demo
  // district with about three months of history (server/demo/history/template.ts), unpacked, not generated.
  const demoDir = config.database.kind === 'pglite' ? config.database.dataDir : null;
  const seeded = opts.demo !== false && config.demoData === true && demoDir && isFresh(demoDir)
    ? await (await import('./demo/history/template.js')).seedFromDemoTemplate(demoDir)
    : null;
  const database = await openOrExit(config);
  await database.migrate();
  const services = createServices(database, config);
  await moveLegacyFiles(services);
  if (opts.demo !== false && config.demoData) {
    const [r] = await database.db.select({ n: count() }).from(departments);
    // The demo district (a large data module) is loaded, and even imported, only into an empty database.
    if (num(r?.n ?? 0) === 0) {
      await (await import('./demo/load.js')).loadDemo(services);
      if (config.demoData === true && config.database.kind === 'postgres') {
        console.warn('DEMO_DATA=on: the demo history ships in the embedded database template only; this PostgreSQL database got the demo district without history (npm run demo:reset -- --history generates it here).');
      }
    }
  }
  await services.calendar.syncWorkingDays();
  // The template's lights, rollups and alerts are as of the day it was made: bring them to today now,
  // not at the worker's first scan minutes later.
  if (seeded && seeded.to !== services.clock.today()) await services.scan.run();
  return services;
}

/**
 * Files uploaded before migration 0020 lay on this node's disk (DATA_DIR/files): moved into the database once, at the
 * first start of this version (ADR 0026). The folder is left as it was; once the log says nothing is lost it may go.
 */
export async function moveLegacyFiles(services: Services): Promise<void> {
  const dir = path.join(services.config.dataDir, 'files');
  if (!existsSync(dir)) return;
  const disk = new LegacyDisk(dir);
  const catalog = await moveLegacyCatalogFiles(services.database, services.storedFiles, disk);
  const gaps = await moveLegacyGapAttachments(services.database, services.storedFiles, disk);
  const moved = catalog.moved + gaps.moved;
  const lost = catalog.lost + gaps.lost;
  if (moved) console.log(`moved ${moved} uploaded file(s) from ${dir} into the database`);
  if (lost) console.warn(`${lost} uploaded file(s) listed in the database are missing from ${dir}: they answer 404 until uploaded again`);
}

function isFresh(dataDir: string): boolean {
  return !existsSync(dataDir) || readdirSync(dataDir).length === 0;
}

/** Opens the configured database; a PGlite folder held by another process ends this one with a clear message. */
export async function openOrExit(config: AppConfig): Promise<Database> {
  try {
    return await openDatabase(config.database);
  } catch (err) {
    if (err instanceof DatabaseInUseError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}
