/**
 * The demo district with its history, shipped as an embedded-database template made at install
 * (`npm run build:db-template`, part of postinstall): a PGlite data folder with every migration
 * applied, the demo district loaded and about three months of activity generated (simulation.ts),
 * ending when the template was made. A first start with DEMO_DATA=on unpacks it into the new data
 * folder (seedFromDemoTemplate) instead of loading the bare district, so the history costs nothing
 * at start-up. The manifest next to it says what it holds.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_TEMPLATE } from '../../platform/db.js';
import type { HistorySummary } from './generate.js';

/** dist/pglite-demo-<pglite version>.tar.gz */
export const DEMO_TEMPLATE = PGLITE_TEMPLATE.replace(/pglite-template-/, 'pglite-demo-');
export const DEMO_MANIFEST = DEMO_TEMPLATE.replace(/\.tar\.gz$/, '.json');

export type DemoManifest = Omit<HistorySummary, 'spent' | 'failureSamples'> & { templateBytes: number };

export function readDemoManifest(): DemoManifest | null {
  try {
    return JSON.parse(readFileSync(DEMO_MANIFEST, 'utf8')) as DemoManifest;
  } catch {
    return null;
  }
}

/** A data folder that does not exist yet or is empty (what a first start creates). */
export function isFreshDataDir(dataDir: string): boolean {
  return !existsSync(dataDir) || readdirSync(dataDir).length === 0;
}

/**
 * Unpacks the demo template into a new data folder; null when there is no template or the folder
 * already holds a database. The caller opens the folder afterwards as usual.
 */
export async function seedFromDemoTemplate(dataDir: string): Promise<DemoManifest | null> {
  if (!existsSync(DEMO_TEMPLATE) || !isFreshDataDir(dataDir)) return null;
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const client = new PGlite(dataDir, { loadDataDir: new Blob([readFileSync(DEMO_TEMPLATE)]) });
  await client.waitReady;
  await client.close();
  return readDemoManifest() ?? ({} as DemoManifest);
}

export interface BuildOptions {
  end?: Date;
  workingDays?: number;
  scale?: number;
  seed?: string;
  log?: (line: string) => void;
}

/**
 * Makes the demo template: a PGlite folder in the temp directory (started from the migrated
 * template), the demo district with its history generated through the services, dumped as a tarball.
 */
export async function buildDemoTemplate(opts: BuildOptions = {}): Promise<DemoManifest> {
  const { loadConfig } = await import('../../config.js');
  const { openDatabase } = await import('../../platform/db.js');
  const { loadDemoWithHistory } = await import('./generate.js');
  const work = path.join(tmpdir(), `yc-demo-template-${process.pid}`);
  const dir = path.join(work, 'pglite');
  rmSync(work, { recursive: true, force: true });
  rmSync(DEMO_TEMPLATE, { force: true });
  rmSync(DEMO_MANIFEST, { force: true });
  try {
    // The folder starts as the migrated template, set to keep as little WAL as it can while the history is
    // written (no full-page images, old segments removed at checkpoints): otherwise recycled 16 MB WAL
    // segments make most of the tarball. The settings are reset before the dump.
    mkdirSync(work, { recursive: true });
    const seed = new PGlite(dir, { loadDataDir: new Blob([readFileSync(PGLITE_TEMPLATE)]) });
    await seed.waitReady;
    for (const setting of ['full_page_writes = off', "min_wal_size = '32MB'", "max_wal_size = '32MB'", 'wal_recycle = off']) await seed.exec(`alter system set ${setting}`);
    await seed.close();
    const config = loadConfig({
      LOG_LEVEL: 'silent', DEMO_DATA: 'off', DATA_DIR: work, DATABASE_URL: `pglite:${dir}`, SESSION_SECRET: 'demo-template-demo-template-demo-template',
    });
    const database = await openDatabase(config.database);
    let summary: HistorySummary;
    try {
      await database.migrate();
      summary = await loadDemoWithHistory(database, config, {
        end: opts.end ?? new Date(), workingDays: opts.workingDays, scale: opts.scale, seed: opts.seed, log: opts.log,
      });
    } finally {
      await database.close();
    }
    const client = new PGlite(dir);
    await client.waitReady;
    await client.exec('alter system reset all');
    await client.exec('checkpoint');
    const dump = await client.dumpDataDir('gzip');
    await client.close();
    const data = Buffer.from(await dump.arrayBuffer());
    mkdirSync(path.dirname(DEMO_TEMPLATE), { recursive: true });
    writeFileSync(DEMO_TEMPLATE, data);
    const { spent, failureSamples, ...rest } = summary;
    const manifest: DemoManifest = { ...rest, templateBytes: data.length };
    writeFileSync(DEMO_MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
    if (failureSamples.length) opts.log?.(`demo history: some steps failed:\n  ${failureSamples.join('\n  ')}`);
    opts.log?.(`demo history: slowest steps ${Object.entries(spent).slice(0, 12).map(([k, v]) => `${k} ${v.n}× ${v.ms} ms`).join(', ')}`);
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
