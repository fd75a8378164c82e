/**
 * The application's services on PostgreSQL with the SQL they issue captured: the same `openDatabase` the server
 * uses (its transactions, hooks and pool), with a Drizzle logger. `capture(fn)` runs fn and returns its result with
 * the statements it issued, in order.
 */
import type { Logger } from 'drizzle-orm';
import type { AppConfig } from '../../server/config.js';
import { openDatabase, type Database } from '../../server/platform/db.js';
import { createServices, type Services } from '../../server/services.js';

export interface Captured { sql: string; params: unknown[] }

export async function capturedServices(url: string, config: AppConfig, poolSize = 10): Promise<{
  app: Services; database: Database; capture<T>(fn: () => Promise<T>): Promise<[T, Captured[]]>;
}> {
  let into: Captured[] | null = null;
  const logger: Logger = { logQuery: (sql, params) => void into?.push({ sql, params }) };
  const database = await openDatabase({ kind: 'postgres', url }, { poolSize, logger });
  return {
    app: createServices(database, config),
    database,
    async capture(fn) {
      const list: Captured[] = [];
      into = list;
      try {
        return [await fn(), list];
      } finally {
        into = null;
      }
    },
  };
}
