import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../server/config.js';
import { openDatabase, rows, num } from '../../server/platform/db.js';
import { createServices } from '../../server/services.js';
import { SMS_TOPIC, smsHandler } from '../../server/modules/notifications/sms.js';
import { OutboxWorker } from '../../server/modules/outbox/outbox.worker.js';
import { forEachDatabase } from '../helpers/app.js';
import { createTestDatabase, testDatabaseKinds } from '../helpers/databases.js';

const quiet = { info() {}, warn() {}, error() {} };
const sms = (i: number, prefix: string) => ({
  topic: SMS_TOPIC,
  payload: { phone: '13912345678', template: 'test', body: `【示范区政务服务中心】测试短信 ${i}` },
  idempotencyKey: `${prefix}-${i}`,
});

forEachDatabase('outbox', (ctx) => {
  const count = async (q: ReturnType<typeof sql>) => num((await rows<{ n: unknown }>(ctx.services.database.db, q))[0]?.n);

  test('messages commit with the business transaction, or not at all', async () => {
    const { database, outbox } = ctx.services;
    await assert.rejects(
      database.tx(async (tx) => {
        await outbox.enqueue(tx, sms(1, 'rolled-back'));
        throw new Error('business rule failed');
      }),
    );
    assert.equal(await count(sql`select count(*) as n from outbox where idempotency_key like 'rolled-back%'`), 0);
    await database.tx(async (tx) => {
      await outbox.enqueue(tx, sms(1, 'dup'));
      await outbox.enqueue(tx, sms(1, 'dup')); // a retried command enqueues the same key
    });
    assert.equal(await count(sql`select count(*) as n from outbox where idempotency_key = 'dup-1'`), 1);
  });

  test('the worker delivers to the SMS sink once; admins see it masked', async () => {
    const s = ctx.services;
    const worker = new OutboxWorker(s.database, s.config.worker, { [SMS_TOPIC]: smsHandler(s.sms) }, s.audit, quiet);
    while ((await worker.runOnce()) > 0);
    assert.equal(await count(sql`select count(*) as n from sms_messages where idempotency_key = 'dup-1'`), 1);
    assert.equal(await count(sql`select count(*) as n from outbox where status <> 'done'`), 0);
    // Delivering the same message again (a crash after sending, before marking done) has no second effect.
    await smsHandler(s.sms)({ payload: sms(1, 'dup').payload, idempotencyKey: 'dup-1' });
    assert.equal(await count(sql`select count(*) as n from sms_messages where idempotency_key = 'dup-1'`), 1);
    const admin = await ctx.client('admin');
    const list = await admin.get('/api/admin/sms');
    assert.equal(list.status, 200);
    assert.equal(list.body.items[0].phone, '139****5678');
    assert.equal((await (await ctx.client('clerk1')).get('/api/admin/sms')).status, 403);
  });

  test('failures back off, park as dead after the last attempt, and an admin can retry', async () => {
    const s = ctx.services;
    await s.database.tx((tx) => s.outbox.enqueue(tx, { topic: 'flaky', payload: { n: 1 }, idempotencyKey: 'flaky-1' }));
    let calls = 0;
    let fail = true;
    const worker = new OutboxWorker(
      s.database,
      { ...s.config.worker, maxAttempts: 3 },
      { flaky: async () => { calls++; if (fail) throw new Error('gateway timeout'); } },
      s.audit,
      quiet,
    );
    for (let i = 0; i < 3; i++) {
      assert.equal(await worker.runOnce(), 1);
      const [m] = await rows<{ status: string; available_at: Date | string }>(s.database.db, sql`select status, available_at from outbox where idempotency_key = 'flaky-1'`);
      if (i < 2) {
        assert.equal(m!.status, 'pending');
        assert.ok(new Date(m!.available_at).getTime() > Date.now(), 'retry is scheduled later (backoff)');
        assert.equal(await worker.runOnce(), 0, 'not due yet');
        await s.database.db.execute(sql`update outbox set available_at = now() where idempotency_key = 'flaky-1'`);
      } else assert.equal(m!.status, 'dead');
    }
    assert.equal(calls, 3);
    const admin = await ctx.client('admin');
    const dead = await admin.get('/api/admin/outbox?status=dead');
    const msg = dead.body.items.find((m: { idempotencyKey: string }) => m.idempotencyKey === 'flaky-1');
    assert.equal(msg.lastError, 'gateway timeout');
    assert.equal(msg.attempts, 3);
    assert.equal((await admin.post(`/api/admin/outbox/${msg.id}/retry`)).status, 204);
    assert.equal((await admin.post(`/api/admin/outbox/${msg.id}/retry`)).body.code, 'OUTBOX_NOT_DEAD');
    fail = false;
    assert.equal(await worker.runOnce(), 1);
    assert.equal(await count(sql`select count(*) as n from outbox where idempotency_key = 'flaky-1' and status = 'done'`), 1);
    const events = await (await ctx.client('supervisor1')).get('/api/audit/events?kind=outbox.dead');
    assert.equal(events.body.total, 1);
  });
});

describe('worker killed mid-batch', () => {
  for (const kind of testDatabaseKinds()) {
    test(`SIGKILL in the middle of a batch, restart: every message once [${kind}]`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'yc-outbox-'));
      const tdb = await createTestDatabase(kind, { pgliteDir: path.join(dir, 'pglite') });
      const env = {
        ...process.env,
        DATABASE_URL: tdb.url,
        SESSION_SECRET: 'k'.repeat(40),
        LOG_LEVEL: 'info',
        SMS_SINK_DELAY_MS: '40',
        WORKER_BATCH_SIZE: '25',
        OUTBOX_LEASE_SECONDS: '2',
        WORKER_POLL_MS: '50',
      };
      const TOTAL = 60;
      try {
        const config = loadConfig({ DATABASE_URL: tdb.url, SESSION_SECRET: env.SESSION_SECRET });
        const database = await openDatabase(config.database);
        await database.migrate();
        const services = createServices(database, config);
        await database.tx(async (tx) => {
          for (let i = 0; i < TOTAL; i++) await services.outbox.enqueue(tx, sms(i, 'kill'));
        });
        await database.close();

        // First worker: killed after a few deliveries, in the middle of its first batch.
        const first = spawn(process.execPath, ['--import', 'tsx', 'server/worker-main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let delivered = 0;
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('worker delivered nothing in 60 s')), 60_000);
          first.stdout.on('data', (chunk: Buffer) => {
            delivered += (chunk.toString().match(/outbox message delivered/g) ?? []).length;
            if (delivered >= 6 && !first.killed) {
              first.kill('SIGKILL');
              clearTimeout(timer);
              resolve();
            }
          });
          first.on('exit', () => resolve());
        });
        if (first.exitCode === null && first.signalCode === null) await new Promise((r) => first.once('exit', r));
        assert.ok(delivered < TOTAL, 'killed before the end');

        // Second worker: drains what is left, including the leased rows of the killed one.
        const second = spawn(process.execPath, ['--import', 'tsx', 'server/worker-main.ts', '--until-idle'], { env, stdio: 'ignore' });
        const guard = setTimeout(() => second.kill('SIGKILL'), 90_000);
        const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
        clearTimeout(guard);
        assert.equal(code, 0);

        const db2 = await openDatabase(config.database);
        const [r] = await rows<{ sent: unknown; keys: unknown; done: unknown }>(
          db2.db,
          sql`select (select count(*) from sms_messages where idempotency_key like 'kill-%') as sent,
                     (select count(distinct idempotency_key) from sms_messages where idempotency_key like 'kill-%') as keys,
                     (select count(*) from outbox where idempotency_key like 'kill-%' and status = 'done') as done`,
        );
        await db2.close();
        assert.equal(num(r!.sent), TOTAL, 'every message delivered');
        assert.equal(num(r!.keys), TOTAL, 'none twice');
        assert.equal(num(r!.done), TOTAL);
      } finally {
        await tdb.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
