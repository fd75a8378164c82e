/**
 * Loads the demo district and generates its history (HistorySimulation) on a ManualClock: the
 * services are created on that clock, so everything they date is simulated time. Used by the
 * install-time template (server/cli/pglite-template.ts) and `npm run demo:reset` on an engine the
 * template cannot seed.
 */
import type { AppConfig } from '../../config.js';
import { ManualClock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { createServices } from '../../services.js';
import { loadDemo } from '../load.js';
import { HistorySimulation, type HistoryOptions, type SimulationResult } from './simulation.js';
import { historyCounts, type HistoryCounts } from './summary.js';

export interface HistorySummary extends SimulationResult {
  /** when the generator ran (the end of the history) */
  generatedAt: string;
  tookMs: number;
  counts: HistoryCounts;
}

export async function loadDemoWithHistory(database: Database, config: AppConfig, opts: HistoryOptions): Promise<HistorySummary> {
  const started = Date.now();
  const clock = new ManualClock(opts.end);
  const services = createServices(database, config, clock);
  await loadDemo(services);
  const result = await new HistorySimulation(services, clock, opts).run();
  return { ...result, generatedAt: opts.end.toISOString(), tookMs: Date.now() - started, counts: await historyCounts(database.db, result.to) };
}
