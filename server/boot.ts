/** Opening the system: config → database → migrations → demo data (when empty) → services. */
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { DatabaseInUseError, openDatabase, type Database } from './platform/db.js';
import { createServices, type Services } from './services.js';
import { count } from 'drizzle-orm';
import { num } from './platform/db.js';
import { departments } from './modules/identity/identity.tables.js';

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
  const database = await openOrExit(config);
  await database.migrate();
  const services = createServices(database, config);
  if (opts.demo !== false && config.demoData) {
    const [r] = await database.db.select({ n: count() }).from(departments);
    // The demo district (a large data module) is loaded, and even imported, only into an empty database.
    if (num(r?.n ?? 0) === 0) await (await import('./demo/load.js')).loadDemo(services);
  }
  await services.calendar.syncWorkingDays();
  return services;
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
