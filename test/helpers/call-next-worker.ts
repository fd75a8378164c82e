/**
 * One process of the queue concurrency test: calls the next ticket on its windows as fast as it can
 * (call next → serve, on several windows at once) until the queue is empty, and prints how many it called.
 * Usage: node --import tsx test/helpers/call-next-worker.ts <postgres-url> <username> <windowId,windowId…>
 */
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../server/config.js';
import { createServices } from '../../server/services.js';
import { openDatabase, rows } from '../../server/platform/db.js';
import { ManualClock } from '../../server/platform/clock.js';
import { testClockStart } from './clock.js';
import type { UserActor } from '../../server/platform/authz.js';
import type { Role } from '../../common/roles.js';

const [url, username, windowList] = process.argv.slice(2) as [string, string, string];
const config = loadConfig({ LOG_LEVEL: 'silent', SESSION_SECRET: 'test-secret-test-secret-test-secret-42', DEMO_DATA: 'off', DATABASE_URL: url });
const database = await openDatabase(config.database, { poolSize: 6 });
// the test app's day (TEST_NOW or today): the tickets it issued are called on that day
const services = createServices(database, config, new ManualClock(testClockStart()));
const [u] = await rows<{ id: number; roles: Role[]; siteId: number }>(database.db, sql`select id, roles, site_id as "siteId" from users where username = ${username}`);
const actor: UserActor = {
  kind: 'user', userId: u!.id, username, displayName: username, roles: u!.roles, departmentId: null, siteId: u!.siteId,
  mustChangePassword: false, sessionId: null, requestId: null, ip: null,
};
let called = 0;
async function run(windowId: number) {
  for (;;) {
    try {
      const con = await services.queue.callNext(actor, windowId);
      called++;
      await services.queue.act(actor, con.current!.id, 'serve', {});
    } catch (err) {
      if ((err as { code?: string }).code === 'QUEUE_EMPTY') return;
      throw err;
    }
  }
}
await Promise.all(windowList.split(',').map(Number).map(run));
console.log(JSON.stringify({ called }));
await database.close();
