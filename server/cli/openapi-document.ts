/**
 * The API's OpenAPI document, as the server publishes it at /api/openapi.json, built without a listening server
 * (an in-memory embedded database, no demo data): for the web client's generated types (scripts/gen-api.ts).
 */
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../platform/db.js';
import { ManualClock } from '../platform/clock.js';
import { createServices } from '../services.js';

export async function openapiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig({ DATABASE_URL: 'memory:', DEMO_DATA: 'off', LOG_LEVEL: 'silent', SESSION_SECRET: 'openapi-document-openapi-document-0001' });
  const database = await openDatabase(config.database);
  try {
    const app = await buildApp(createServices(database, config, new ManualClock(new Date('2026-01-05T02:00:00Z'))), { logger: false });
    await app.ready();
    const doc = app.swagger() as unknown as Record<string, unknown>;
    await app.close();
    return doc;
  } finally {
    await database.close();
  }
}
