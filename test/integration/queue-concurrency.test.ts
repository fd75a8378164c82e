/**
 * Two server processes calling next 1,000 times in parallel on PostgreSQL never serve one ticket
 * twice (FOR UPDATE SKIP LOCKED). PostgreSQL only: PGlite is single-process by design.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db.js';
import { startTestApp } from '../helpers/app.js';
import { testDatabaseKinds } from '../helpers/databases.js';

const TICKETS = 1000;

function worker(url: string, username: string, windows: number[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/call-next-worker.ts', url, username, windows.join(',')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve((JSON.parse(out.trim().split('\n').pop()!) as { called: number }).called) : reject(new Error(`worker exit ${code}: ${err}`))));
  });
}

describe('queue: two processes calling next in parallel [postgres]', { skip: !testDatabaseKinds().includes('postgres') }, () => {
  let ctx: Awaited<ReturnType<typeof startTestApp>>;
  before(async () => {
    ctx = await startTestApp('postgres');
  });
  after(async () => ctx?.close());

  test(`${TICKETS} tickets, two processes with two windows each: every ticket called exactly once`, async () => {
    const db = ctx.services.database.db;
    const [site] = await rows<{ id: number }>(db, sql`select id from sites where code = 'QZX'`);
    await db.execute(sql`insert into windows (site_id, code, name, kind, categories) values (${site!.id}, 'A10', '10号窗口', 'intake', array['business'])`);
    const wins = (await rows<{ id: number }>(db, sql`select id from windows where site_id = ${site!.id} and 'business' = any(categories) and kind <> 'delivery' order by code`)).map((w) => w.id);
    assert.ok(wins.length >= 4);
    await db.execute(sql`insert into queue_tickets (site_id, day, category, seq, ticket_no, token, client_key, priority)
      select ${site!.id}, ${ctx.clock.today()}, 'business', g, 'A' || lpad(g::text, 4, '0'), 'tok' || g, 'key' || g,
             case when g % 7 = 0 then 'green' when g % 5 = 0 then 'appointment' else 'normal' end
      from generate_series(1, ${TICKETS}) g`);
    const url = (ctx.db.config as { url: string }).url;
    const [a, b] = await Promise.all([worker(url, 'clerk1', wins.slice(0, 2)), worker(url, 'clerk2', wins.slice(2, 4))]);
    assert.equal(a + b, TICKETS, `called ${a} + ${b}`);
    assert.ok(a > 0 && b > 0, 'both processes called tickets');
    const [dups] = await rows<{ n: number; tickets: number }>(db, sql`select count(*)::int as n, count(distinct ticket_id)::int as tickets from queue_events where kind = 'called'`);
    assert.equal(dups!.n, TICKETS, 'one call event per ticket');
    assert.equal(dups!.tickets, TICKETS);
    const [left] = await rows<{ n: number }>(db, sql`select count(*)::int as n from queue_tickets where status = 'waiting'`);
    assert.equal(left!.n, 0);
  });
});
