/** Opening the system: config → database → migrations → demo data (when empty) → services. */
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { openDatabase } from './platform/db.js';
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
  const database = await openDatabase(config.database);
  await database.migrate();
  const services = createServices(database, config);
  if (opts.demo !== false && config.demoData) await loadDemoIfEmpty(services);
  return services;
}
