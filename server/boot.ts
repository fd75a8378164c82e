/** Opening the system: config → database → migrations → demo data (when empty) → services. */
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { DatabaseInUseError, openDatabase, type Database } from './platform/db.js';
import { createServices, type Services } from './services.js';
import { loadDemoIfEmpty } from './demo/load.js';

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
  if (opts.demo !== false && config.demoData) await loadDemoIfEmpty(services);
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
