import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../server/config.js';
import { openDatabase, rows } from '../../server/platform/db.js';
import { createServices } from '../../server/services.js';
import { loadDemo } from '../../server/demo/load.js';
import { AuditService } from '../../server/modules/audit/audit.service.js';
import { algorithmOf, recordHash } from '../../server/modules/audit/audit.hash.js';
import { systemActor } from '../../server/platform/authz.js';
import { forEachDatabase, type TestContext } from '../helpers/app.js';

/** Runs SQL as an attacker with table-owner rights would: with every protective trigger off. */
async function tamper(ctx: TestContext, statement: ReturnType<typeof sql>) {
  const db = ctx.services.database;
  await db.tx(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger user`);
    await tx.execute(statement);
    await tx.execute(sql`alter table audit_log enable trigger user`);
  });
}

/** As `tamper`, with the seal table's triggers off as well. */
async function tamperSeals(ctx: TestContext, statements: ReturnType<typeof sql>[]) {
  await ctx.services.database.tx(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger user`);
    await tx.execute(sql`alter table audit_seals disable trigger user`);
    for (const s of statements) await tx.execute(s);
    await tx.execute(sql`alter table audit_seals enable trigger user`);
    await tx.execute(sql`alter table audit_log enable trigger user`);
  });
}

/**
 * Seals until every record of the chain is covered. A seal covers finished transactions only; on a shared PostgreSQL
 * cluster another database's open transaction holds the horizon back for a while.
 */
async function sealUntilCovered(ctx: TestContext, chainKey: string) {
  const db = ctx.services.database.db;
  for (let i = 0; i < 300; i++) {
    await ctx.services.audit.seal();
    const [r] = await rows<{ n: number }>(db, sql`select count(*)::int as n from audit_log where chain_key = ${chainKey}
      and tx_id >= coalesce((select max(to_tx_id) from audit_seals), 0)`);
    if (Number(r!.n) === 0) return;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`${chainKey} not sealed within a minute`);
}

const codesOf = (v: { problems: { code: string }[] }) => v.problems.map((p) => p.code);

/** One signed-in 纪检 client per test app: logging in for every check would meet the login throttle. */
const inspectors = new WeakMap<object, Awaited<ReturnType<TestContext['client']>>>();
async function verify(ctx: TestContext) {
  let client = inspectors.get(ctx.services);
  if (!client) inspectors.set(ctx.services, (client = await ctx.client('jijian1')));
  const res = await client.post('/api/audit/verify');
  assert.equal(res.status, 200);
  return res.body;
}

forEachDatabase('audit', (ctx) => {
  let deptId = 0;

  test('changes are audited in their transaction and the log verifies', async () => {
    const admin = await ctx.client('admin');
    const created = await admin.post('/api/departments', { code: 'AUD', name: '审计测试局', shortName: '审计局' });
    deptId = created.body.id;
    for (const name of ['审计测试局（一）', '审计测试局（二）', '审计测试局（三）']) {
      assert.equal((await admin.patch(`/api/departments/${deptId}`, { name })).status, 200);
    }
    const events = await (await ctx.client('supervisor1')).get('/api/audit/events?kind=department.updated');
    assert.equal(events.body.total, 3);
    assert.equal(events.body.items[0].actorName, '系统管理员(admin)');
    // A seal covers finished transactions only; on a shared PostgreSQL cluster another database's
    // open transaction holds the horizon back for a while, so seal until these records are covered.
    const db = ctx.services.database.db;
    for (let i = 0; i < 300; i++) {
      await ctx.services.audit.seal();
      const [r] = await rows<{ n: number }>(db, sql`select count(*)::int as n from audit_log where aggregate_type = 'department'
        and aggregate_id = ${String(deptId)} and tx_id >= coalesce((select max(to_tx_id) from audit_seals), 0)`);
      if (Number(r!.n) === 0) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    const v = await verify(ctx);
    assert.equal(v.ok, true, JSON.stringify(v.firstBroken));
    assert.ok(v.seals >= 1);
    assert.ok(v.checkedRecords >= 5);
  });

  test("a transaction's records are written together before it commits, chained per aggregate in the order recorded", async () => {
    const { database, audit } = ctx.services;
    const actor = { kind: 'system' as const, name: 'audit-test', requestId: 'req-batch', ip: null };
    const a = `batch-${Date.now()}`;
    await database.tx(async (tx) => {
      await audit.record(tx, actor, { kind: 'department.updated', aggregateType: 'test', aggregateId: `${a}-1`, data: { n: 1 } });
      await audit.record(tx, actor, { kind: 'department.updated', aggregateType: 'test', aggregateId: `${a}-2`, data: { n: 2 } });
      await audit.record(tx, actor, { kind: 'department.updated', aggregateType: 'test', aggregateId: `${a}-1`, data: { n: 3 } });
      const [inside] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from audit_log where aggregate_id like ${`${a}-%`}`);
      assert.equal(Number(inside!.n), 0, 'not written before the end of the transaction');
    });
    const got = await rows<{ chain_key: string; chain_seq: number; data: { n: number } }>(database.db,
      sql`select chain_key, chain_seq::int as chain_seq, data from audit_log where aggregate_id like ${`${a}-%`} order by id`);
    assert.deepEqual(got.map((r) => [r.chain_key, Number(r.chain_seq), r.data.n]), [[`test:${a}-1`, 1, 1], [`test:${a}-2`, 1, 2], [`test:${a}-1`, 2, 3]]);
    const [head] = await rows<{ seq: number }>(database.db, sql`select seq::int as seq from audit_chain_heads where chain_key = ${`test:${a}-1`}`);
    assert.equal(Number(head!.seq), 2);
    // rolled back with the transaction when it fails after recording
    await assert.rejects(database.tx(async (tx) => {
      await audit.record(tx, actor, { kind: 'department.updated', aggregateType: 'test', aggregateId: `${a}-3` });
      throw new Error('boom');
    }), /boom/);
    const [none] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log where aggregate_id = ${`${a}-3`}`);
    assert.equal(Number(none!.n), 0);
    assert.equal((await verify(ctx)).ok, true);
  });

  test('a transaction of more records than one statement may bind (65,535 parameters) writes them all', async () => {
    const { database, audit } = ctx.services;
    const actor = { kind: 'system' as const, name: 'audit-test', requestId: 'req-many', ip: null };
    const a = `many-${Date.now()}`;
    await database.tx(async (tx) => {
      for (let i = 0; i < 5200; i++) await audit.record(tx, actor, { kind: 'department.updated', aggregateType: 'test', aggregateId: `${a}-${i % 2600}`, data: { i } });
    });
    const [r] = await rows<{ n: number; chains: number; top: number }>(database.db, sql`select count(*)::int as n, count(distinct chain_key)::int as chains,
      max(chain_seq)::int as top from audit_log where aggregate_id like ${`${a}-%`}`);
    assert.deepEqual([Number(r!.n), Number(r!.chains), Number(r!.top)], [5200, 2600, 2]);
    assert.equal((await verify(ctx)).ok, true);
  });

  test('a failed transaction leaves no audit record', async () => {
    const admin = await ctx.client('admin');
    const before = (await ctx.services.audit.stats()).records;
    const dup = await admin.post('/api/departments', { code: 'AUD', name: '重复编码局', shortName: '重复' });
    assert.equal(dup.status, 409);
    assert.equal((await ctx.services.audit.stats()).records, before);
  });

  test('the database refuses UPDATE, DELETE and TRUNCATE of audit records', async () => {
    const db = ctx.services.database.db;
    const refused = (err: Error & { cause?: Error }) => /append-only/.test(String(err.cause?.message ?? err.message));
    await assert.rejects(db.execute(sql`update audit_log set kind = 'x' where id = 1`), refused);
    await assert.rejects(db.execute(sql`delete from audit_log where id = 1`), refused);
    await assert.rejects(db.execute(sql`truncate audit_log`), refused);
    await assert.rejects(db.execute(sql`delete from audit_seals`), refused);
  });

  test('an edited past record is found', async () => {
    const [rec] = await rows<{ id: number; data: unknown }>(ctx.services.database.db, sql`select id, data from audit_log where aggregate_id = ${String(deptId)} and chain_seq = 2`);
    assert.ok(rec);
    await tamper(ctx, sql`update audit_log set data = jsonb_set(data, '{after,name}', '"篡改后的名称"') where id = ${rec.id}`);
    const v = await verify(ctx);
    assert.equal(v.ok, false);
    assert.equal(v.firstBroken.id, Number(rec.id));
    assert.ok(v.problems.some((p: { code: string }) => p.code === 'RECORD_HASH_MISMATCH'));
    await tamper(ctx, sql`update audit_log set data = ${JSON.stringify(rec.data)}::jsonb where id = ${rec.id}`);
    assert.equal((await verify(ctx)).ok, true);
  });

  test('a deleted past record is found (middle of a chain and end of a chain)', async () => {
    const db = ctx.services.database.db;
    const all = await rows<Record<string, unknown>>(db, sql`select * from audit_log where aggregate_id = ${String(deptId)} and aggregate_type = 'department' order by chain_seq`);
    assert.equal(all.length, 4);
    const middle = all[1]!;
    await tamper(ctx, sql`delete from audit_log where id = ${middle.id}`);
    let v = await verify(ctx);
    assert.equal(v.ok, false);
    const codes = v.problems.map((p: { code: string }) => p.code);
    assert.ok(codes.includes('CHAIN_GAP'), codes.join());
    assert.ok(codes.includes('SEAL_MISMATCH'), codes.join());
    assert.match(v.problems.find((p: { code: string }) => p.code === 'CHAIN_GAP').reason, /缺少序号 2/);
    await reinsert(ctx, middle);
    assert.equal((await verify(ctx)).ok, true);

    const last = all[3]!;
    await tamper(ctx, sql`delete from audit_log where id = ${last.id}`);
    v = await verify(ctx);
    assert.equal(v.ok, false);
    assert.ok(v.problems.some((p: { code: string }) => p.code === 'CHAIN_HEAD_MISMATCH'));
    await reinsert(ctx, last);
    assert.equal((await verify(ctx)).ok, true);
  });

  test('an inserted past record is found', async () => {
    const db = ctx.services.database.db;
    const [model] = await rows<Record<string, unknown>>(db, sql`select * from audit_log where aggregate_id = ${String(deptId)} and chain_seq = 1`);
    assert.ok(model);
    // A forged record slipped into a sealed transaction range.
    await tamper(ctx, sql`insert into audit_log (tx_id, occurred_at, kind, actor_id, actor_name, aggregate_type, aggregate_id, chain_key, chain_seq, prev_hash, hash, data)
      values (${model.tx_id}, ${model.occurred_at as string}, 'department.updated', 1, '系统管理员(admin)', 'department', 'forged', 'department:forged', 1, 'genesis', 'sha256:00', '{}'::jsonb)`);
    let v = await verify(ctx);
    assert.equal(v.ok, false);
    let codes = v.problems.map((p: { code: string }) => p.code);
    assert.ok(codes.includes('SEAL_MISMATCH'), codes.join());
    assert.ok(codes.includes('RECORD_HASH_MISMATCH'), codes.join());
    await tamper(ctx, sql`delete from audit_log where chain_key = 'department:forged'`);
    assert.equal((await verify(ctx)).ok, true);

    // A backdated record with a fresh transaction id and a self-consistent hash in a new chain.
    await tamper(ctx, sql`insert into audit_log (occurred_at, kind, actor_id, actor_name, aggregate_type, aggregate_id, chain_key, chain_seq, prev_hash, hash, data)
      values ('2026-01-05T02:00:00Z', 'user.updated', 1, '系统管理员(admin)', 'user', '999', 'user:999', 1, 'genesis', 'sha256:00', '{}'::jsonb)`);
    v = await verify(ctx);
    assert.equal(v.ok, false);
    codes = v.problems.map((p: { code: string }) => p.code);
    assert.ok(codes.includes('RECORD_BACKDATED'), codes.join());
    assert.ok(codes.includes('CHAIN_HEAD_MISMATCH'), codes.join());
    await tamper(ctx, sql`delete from audit_log where chain_key = 'user:999'`);
    assert.equal((await verify(ctx)).ok, true);

    // A record given a transaction id below every seal range, appended to a chain with its head moved.
    const [tail] = await rows<{ chain_key: string; chain_seq: number; hash: string }>(db, sql`select chain_key, chain_seq, hash from audit_log where aggregate_id = ${String(deptId)} and aggregate_type = 'department' order by chain_seq desc limit 1`);
    await tamper(ctx, sql`insert into audit_log (tx_id, occurred_at, kind, actor_id, actor_name, aggregate_type, aggregate_id, chain_key, chain_seq, prev_hash, hash, data)
      values (-1, now(), 'department.updated', 1, 'x', 'department', ${String(deptId)}, ${tail!.chain_key}, ${Number(tail!.chain_seq) + 1}, ${tail!.hash}, 'sha256:00', '{}'::jsonb)`);
    v = await verify(ctx);
    assert.ok(v.problems.some((p: { code: string }) => p.code === 'RECORD_UNSEALED'), JSON.stringify(v.problems));
    await tamper(ctx, sql`delete from audit_log where tx_id = -1`);
    assert.equal((await verify(ctx)).ok, true);
  });

  test('each seal is anchored in the log; an idle sealer makes no seal for its own anchor', async () => {
    const admin = await ctx.client('admin');
    assert.equal((await admin.patch(`/api/departments/${deptId}`, { name: '审计测试局（四）' })).status, 200);
    await sealUntilCovered(ctx, `department:${deptId}`);
    const db = ctx.services.database.db;
    const [seal] = await rows<{ id: number; hash: string }>(db, sql`select id, hash from audit_seals order by id desc limit 1`);
    const [anchor] = await rows<{ data: { sealId: number; hash: string }; kind: string }>(db, sql`select data, kind from audit_log where chain_key = 'audit:seals' order by chain_seq desc limit 1`);
    assert.equal(anchor!.kind, 'audit.sealed');
    assert.deepEqual([Number(anchor!.data.sealId), anchor!.data.hash], [Number(seal!.id), seal!.hash]);
    // nothing but the anchor is new: no seal (sealing stays quiet while the centre is idle)
    let again: number | null = null;
    for (let i = 0; i < 3; i++) again = (await ctx.services.audit.seal()) ?? again;
    assert.equal(again, null);
    assert.equal((await verify(ctx)).ok, true);
  });

  test('records still unsealed after two seal intervals are reported (the sealer stopped)', async () => {
    const admin = await ctx.client('admin');
    assert.equal((await admin.patch(`/api/departments/${deptId}`, { name: '审计测试局（五）' })).status, 200);
    // the same log verified with a 1-second seal interval: the record is overdue once 2 s old and sealable
    const strict = new AuditService(ctx.services.database, { ...ctx.services.config.audit, sealIntervalSeconds: 1 });
    const actor = systemActor('audit-test');
    let v = await strict.verify(actor);
    for (let i = 0; i < 300 && !codesOf(v).includes('SEAL_OVERDUE'); i++) {
      await new Promise((res) => setTimeout(res, 200));
      v = await strict.verify(actor);
    }
    const overdue = v.problems.find((p) => p.code === 'SEAL_OVERDUE');
    assert.ok(overdue, JSON.stringify(v.problems));
    assert.match(overdue.reason, /超过 2 个封存周期（2 秒）仍未封存/);
    // with the suite's interval (an hour) the same record is not overdue yet
    assert.equal((await verify(ctx)).ok, true);
    // sealing clears it
    await sealUntilCovered(ctx, `department:${deptId}`);
    assert.ok(!codesOf(await strict.verify(actor)).includes('SEAL_OVERDUE'));
  });

  test('the newest seal deleted and the records it covered rewritten (hashes recomputed) is found', async () => {
    const admin = await ctx.client('admin');
    assert.equal((await admin.patch(`/api/departments/${deptId}`, { name: '审计测试局（六）' })).status, 200);
    const key = `department:${deptId}`;
    await sealUntilCovered(ctx, key);
    assert.equal((await verify(ctx)).ok, true);
    const db = ctx.services.database.db;
    const [seal] = await rows<{ id: number; from_tx_id: string; to_tx_id: string }>(db, sql`select id, from_tx_id, to_tx_id from audit_seals order by id desc limit 1`);
    const [rec] = await rows<Record<string, any>>(db, sql`select * from audit_log where chain_key = ${key} order by chain_seq desc limit 1`); // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.ok(Number(rec!.tx_id) >= Number(seal!.from_tx_id) && Number(rec!.tx_id) < Number(seal!.to_tx_id), 'the newest seal covers the record');
    // An attacker with owner rights: the seal deleted, the record rewritten with a correct hash, the chain head moved.
    const data = { ...(rec!.data as object), after: { name: '改写后的名称' } };
    const r = rec!;
    const hash = recordHash(algorithmOf(r.hash)!, {
      chainKey: r.chain_key, chainSeq: Number(r.chain_seq), occurredAt: new Date(r.occurred_at), kind: r.kind, actorId: r.actor_id === null ? null : Number(r.actor_id),
      actorName: r.actor_name, aggregateType: r.aggregate_type, aggregateId: r.aggregate_id, data, requestId: r.request_id, ip: r.ip, prevHash: r.prev_hash,
    });
    await tamperSeals(ctx, [
      sql`delete from audit_seals where id = ${seal!.id}`,
      sql`update audit_log set data = ${JSON.stringify(data)}::jsonb, hash = ${hash} where id = ${r.id}`,
      sql`update audit_chain_heads set hash = ${hash} where chain_key = ${key}`,
    ]);
    // every chain and every remaining seal is consistent: only the seal's anchor shows what happened
    let v = await verify(ctx);
    assert.equal(v.ok, false);
    assert.deepEqual(codesOf(v), ['SEAL_MISSING'], JSON.stringify(v.problems));
    assert.match(v.firstBroken.reason, new RegExp(`封存 #${seal!.id} 缺失`));
    // a minute later the worker seals again and covers the rewritten record anew: still found
    await sealUntilCovered(ctx, key);
    v = await verify(ctx);
    assert.deepEqual(codesOf(v), ['SEAL_MISSING'], JSON.stringify(v.problems));
  });

  test('every seal deleted is found', async () => {
    const db = ctx.services.database.db;
    const [n] = await rows<{ n: number }>(db, sql`select count(*)::int as n from audit_log where kind = 'audit.sealed'`);
    await tamperSeals(ctx, [sql`delete from audit_seals`]);
    const v = await verify(ctx);
    assert.equal(v.ok, false);
    assert.equal(v.seals, 0);
    assert.equal(v.problems.filter((p: { code: string }) => p.code === 'SEAL_MISSING').length, Math.min(100, Number(n!.n)));
    assert.ok(codesOf(v).every((c) => c === 'SEAL_MISSING' || c === 'SEAL_OVERDUE'), codesOf(v).join());
  });

  test('the database sets the transaction id of a record, whatever an INSERT says', async () => {
    const db = ctx.services.database.db;
    await db.execute(sql`insert into audit_log (tx_id, occurred_at, kind, aggregate_type, aggregate_id, chain_key, chain_seq, prev_hash, hash, data)
      values (-5, now(), 'user.updated', 'user', 'probe', 'user:probe', 1, 'genesis', 'sha256:00', '{}'::jsonb)`);
    const [r] = await rows<{ tx_id: string | number }>(db, sql`select tx_id from audit_log where chain_key = 'user:probe'`);
    assert.ok(Number(r!.tx_id) > 0);
  });

  test('verification is for supervision only', async () => {
    const clerk = await ctx.client('clerk1');
    assert.equal((await clerk.post('/api/audit/verify')).status, 403);
    assert.equal((await clerk.get('/api/audit/events')).status, 403);
  });
}, { AUDIT_SEAL_SECONDS: '3600' }); // a slow run never sees the suite's records as overdue; the overdue test uses its own interval

async function reinsert(ctx: TestContext, r: Record<string, unknown>) {
  await tamper(
    ctx,
    sql`insert into audit_log (id, tx_id, occurred_at, kind, actor_id, actor_name, aggregate_type, aggregate_id, chain_key, chain_seq, prev_hash, hash, data, request_id, ip)
        overriding system value
        values (${r.id}, ${r.tx_id}, ${r.occurred_at instanceof Date ? r.occurred_at.toISOString() : (r.occurred_at as string)}, ${r.kind}, ${r.actor_id}, ${r.actor_name},
                ${r.aggregate_type}, ${r.aggregate_id}, ${r.chain_key}, ${r.chain_seq}, ${r.prev_hash}, ${r.hash},
                ${typeof r.data === 'string' ? r.data : JSON.stringify(r.data)}::jsonb, ${r.request_id}, ${r.ip})`,
  );
}

test('npm run audit:verify reports a broken log with exit code 1 (SM3 chain)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yc-audit-'));
  try {
    const env = { DATABASE_URL: `pglite:${dir}`, AUDIT_HASH: 'sm3', SESSION_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' };
    const config = loadConfig(env);
    const database = await openDatabase(config.database);
    await database.migrate();
    const services = createServices(database, config);
    await loadDemo(services);
    await services.audit.seal();
    const [first] = await rows<{ hash: string }>(database.db, sql`select hash from audit_log order by id limit 1`);
    assert.match(first!.hash, /^sm3:[0-9a-f]{64}$/);
    await database.close();

    const run = () => spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/audit-verify.ts'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    const ok = run();
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /校验通过/);

    const db2 = await openDatabase(config.database);
    await db2.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
    await db2.db.execute(sql`update audit_log set actor_name = 'someone else' where id = 1`);
    await db2.close();
    const bad = run();
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /校验失败/);
    assert.match(bad.stdout, /记录 #1 /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
