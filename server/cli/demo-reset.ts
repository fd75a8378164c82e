/**
 * `npm run demo:reset`: wipes the database (all tables, including the audit log) and loads the
 * demo district again. Refuses unless the database holds the demo district or --force is given.
 */
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { openOrExit } from '../boot.js';
import { rows } from '../platform/db.js';
import { createServices } from '../services.js';
import { loadDemo } from '../demo/load.js';

const config = loadConfig();
const database = await openOrExit(config);
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
  await database.db.execute(sql.raw('drop schema if exists drizzle cascade'));
  await database.db.execute(sql.raw('drop schema public cascade'));
  await database.db.execute(sql.raw('create schema public'));
  await database.migrate();
  await loadDemo(createServices(database, config));
  console.log('演示数据已重置 / demo district reloaded');
} finally {
  await database.close();
}
