/**
 * `npm run demo:reset`: wipes the database (all tables, including the audit log) and loads the
 * demo district again. Refuses unless the database holds the demo district or --force is given.
 *
 * DEMO_DATA=on (the default) on the embedded database: the folder starts again from the install-time
 * demo template (the district with about three months of history). Elsewhere (PostgreSQL), or with
 * DEMO_DATA=bare: the district without history. `--history` generates the history here and now
 * through the services instead (about a minute or two; on any engine).
 */
import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { openOrExit } from '../boot.js';
import { rows } from '../platform/db.js';
import { createServices } from '../services.js';
import { loadDemo } from '../demo/load.js';
import { seedFromDemoTemplate } from '../demo/history/template.js';

const config = loadConfig();
const generate = process.argv.includes('--history');
let database = await openOrExit(config);
try {
  const [marker] = await rows<{ ok: boolean }>(
    database.db,
    sql`select exists(select 1 from information_schema.tables where table_name = 'departments') as ok`,
  );
  if (marker?.ok && !process.argv.includes('--force')) {
    const [demo] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from departments where name like '示范区%'`);
    const [all] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from departments`);
    if ((all?.n ?? 0) > 0 && demo?.n !== all?.n) {
      console.error('这不是演示数据库（含非演示部门），拒绝清空。确需清空请加 --force。');
      process.exit(2);
    }
  }
  const folder = config.database.kind === 'pglite' ? config.database.dataDir : null;
  let done = false;
  if (config.demoData === true && folder && !generate) {
    // the embedded database starts again from the demo template
    await database.close();
    rmSync(folder, { recursive: true, force: true });
    const seeded = await seedFromDemoTemplate(folder);
    database = await openOrExit(config);
    await database.migrate();
    if (seeded) {
      const services = createServices(database, config);
      await services.calendar.syncWorkingDays();
      if (seeded.to !== services.clock.today()) await services.scan.run();
      console.log(`演示数据已重置（含 ${seeded.from ?? '?'} 至 ${seeded.to ?? '?'} 的历史办件） / demo district reloaded with its history`);
      done = true;
    }
  } else {
    await database.db.execute(sql.raw('drop schema if exists drizzle cascade'));
    await database.db.execute(sql.raw('drop schema public cascade'));
    await database.db.execute(sql.raw('create schema public'));
    await database.migrate();
  }
  if (!done && generate) {
    const { loadDemoWithHistory } = await import('../demo/history/generate.js');
    const s = await loadDemoWithHistory(database, config, { end: new Date(), log: (line) => console.log(line) });
    console.log(`演示数据已重置，并生成了 ${s.from} 至 ${s.to} 的历史（${s.counts.cases} 件） / demo district reloaded with a generated history`);
  } else if (!done) {
    await loadDemo(createServices(database, config));
    console.log('演示数据已重置 / demo district reloaded');
  }
} finally {
  await database.close();
}
