/**
 * Run at install: an embedded database with every migration applied, saved as a tarball in dist/.
 * A first start unpacks it (about 1 s) instead of running initdb inside PGlite (about 5 s).
 *
 * Then the demo template (issue 13): the same database with the demo district and about three
 * months of generated history ending now (server/demo/history), which a first start with
 * DEMO_DATA=on (the default) unpacks instead of loading the bare district. Skipped when DEMO_DATA
 * is `bare` or `off` at install. Options (for tests and benches): --days=N working days (65),
 * --scale=X (visitors a day relative to the default), --end=<ISO instant>, --seed=S, --only-demo.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS_DIR } from '../platform/paths.js';
import { PGLITE_TEMPLATE } from '../platform/db.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

if (!process.argv.includes('--only-demo')) {
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
}

const demo = (process.env.DEMO_DATA ?? '').trim().toLowerCase();
if (['bare', 'off', 'false', '0', 'no'].includes(demo)) {
  console.log(`DEMO_DATA=${demo}: demo history template skipped`);
} else {
  const { buildDemoTemplate, DEMO_TEMPLATE } = await import('../demo/history/template.js');
  const started = Date.now();
  console.log('generating the demo district’s history (about three months, through the services) …');
  try {
    const end = arg('end');
    const m = await buildDemoTemplate({
      end: end ? new Date(end) : undefined, workingDays: arg('days') ? Number(arg('days')) : undefined,
      scale: arg('scale') ? Number(arg('scale')) : undefined, seed: arg('seed'), log: (line) => console.log(line),
    });
    const c = m.counts;
    console.log(`demo history template written: ${path.relative(process.cwd(), DEMO_TEMPLATE)} (${(m.templateBytes / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(`  ${m.from} → ${m.to}: ${c.cases} cases (${c.outcomes.approved} approved, ${c.outcomes.denied} denied, ${c.outcomes.refusedAtIntake} refused at intake, ${c.outcomes.correctionNotices} correction notices), `
      + `${Object.values(c.tickets).reduce((a, b) => a + b, 0)} tickets, ${Object.values(c.ratings).reduce((a, b) => a + b, 0)} ratings, ${Object.values(c.alerts).reduce((a, b) => a + b, 0)} alerts`);
    if (Object.keys(m.failures).length) console.warn(`  steps that failed: ${JSON.stringify(m.failures)}`);
  } catch (err) {
    // the install goes on: a first start then loads the demo district without history
    console.warn(`demo history template not made (${err instanceof Error ? err.stack ?? err.message : String(err)}); first starts load the demo district without history`);
  }
}
