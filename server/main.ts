/** `npm start`: the whole system in one process (HTTP + in-process worker). */
import { buildApp } from './app.js';
import { boot } from './boot.js';
import { createWorker } from './services.js';

const started = Date.now();
const services = await boot();
const { config } = services;
const app = await buildApp(services);
const worker = config.worker.inProcess ? createWorker(services, app.log) : null;

let stopping = false;
async function shutdown(signal: string, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down: finishing requests');
  const force = setTimeout(() => process.exit(1), 15_000).unref();
  try {
    await app.close(); // stops accepting, waits for the connections still open
    // a handler whose client hung up is no longer waited for by close: let it finish its writes first
    if (!(await app.drained(10_000))) app.log.warn('shutting down with requests still running');
    await worker?.stop();
    await services.database.close();
    clearTimeout(force);
    process.exit(exitCode);
  } catch (err) {
    app.log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
// A promise nobody awaited that failed (a database error in a fire-and-forget path) is logged — without the SQL
// parameters (the err serializer) — and the server goes on: the next request or tick retries. An exception
// nobody caught leaves state unknown: log it and shut down cleanly (the service manager starts a new process).
process.on('unhandledRejection', (err) => app.log.error({ err }, 'unhandled rejection'));
process.on('uncaughtException', (err) => {
  app.log.fatal({ err }, 'uncaught exception');
  void shutdown('uncaughtException', 1);
});

await app.listen({ port: config.port, host: config.host });
worker?.start();
const where = config.database.kind === 'postgres' ? 'PostgreSQL' : config.database.dataDir ? `PGlite ${config.database.dataDir}` : 'PGlite (memory)';
app.log.info({ ms: Date.now() - started, database: where }, `一窗 ready at http://localhost:${(app.server.address() as { port: number }).port}`);
