/**
 * `npm run worker`: the outbox worker alone (set WORKER_IN_PROCESS=off on the servers).
 * `--until-idle` delivers what is due and exits, for maintenance runs and tests.
 */
import pino from 'pino';
import { boot } from './boot.js';
import { loggerOptions } from './platform/http.js';
import { createWorker } from './services.js';

const untilIdle = process.argv.includes('--until-idle');
const services = await boot({ demo: false });
// the server's serializers: an error is logged without the SQL and parameters of a failed query
const log = pino(loggerOptions(services.config.logLevel));
const worker = createWorker(services, log);

async function stop(code: number) {
  await worker.stop();
  await services.database.close();
  process.exit(code);
}
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
process.on('uncaughtException', (err) => {
  log.fatal({ err }, 'uncaught exception');
  void stop(1).finally(() => process.exit(1));
});

log.info({ database: services.database.kind }, 'outbox worker started');
if (untilIdle) {
  while ((await worker.runOnce()) > 0 || (await worker.pendingNow()) > 0) {
    /* keep draining; leased rows of a killed worker come back when their lease ends */
    await new Promise((r) => setTimeout(r, 50));
  }
  log.info('outbox idle');
  await stop(0);
} else {
  worker.start();
}
