/**
 * Issue 14's acceptance "Stopping PostgreSQL under load": the real server process on a PostgreSQL 15 instance of
 * this test's own, a few clients hitting database routes in a loop; PostgreSQL stopped (fast shutdown: sessions
 * terminated) — every answer while it is down is 503 DATABASE_UNAVAILABLE with Retry-After (never a 500, never a
 * reset connection; liveness keeps answering 200); PostgreSQL started again — the server serves again by itself in
 * under 5 s from the moment PostgreSQL accepts connections. Runs with the PostgreSQL tier (TEST_DATABASE_URL set).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { freePort, ROOT } from '../helpers/e2e-server.js';
import { createOwnPostgres, ownPostgresUnavailable } from '../helpers/own-postgres.js';

const skip = !process.env.TEST_DATABASE_URL
  ? 'runs with the PostgreSQL tier: set TEST_DATABASE_URL (it starts a PostgreSQL of its own, not that one)'
  : ownPostgresUnavailable() ?? false;

interface Sample {
  at: number;
  /** when the answer (or the failure) arrived */
  end: number;
  route: string;
  status: number | 'network-error';
  code?: string;
  message?: string;
  retryAfter?: string | null;
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

test('PostgreSQL stopped under load: 503 with Retry-After while down, no crash, back by itself < 5 s after it accepts connections', { skip, timeout: 120_000 }, async () => {
  const own = await createOwnPostgres();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'yc-outage-'));
  let child: ChildProcess | null = null;
  let output = '';
  let running = true;
  let loops: Promise<void>[] = [];
  try {
    await own.start();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: own.url, DATA_DIR: dataDir, DEMO_DATA: 'bare', LOG_LEVEL: 'warn',
        // the background loops run while the database is away: the outbox worker, seals every second, the scan
        WORKER_POLL_MS: '100', AUDIT_SEAL_SECONDS: '1', SUPERVISION_SCAN_SECONDS: '5',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => {
      output += b.toString();
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const alive = () => child!.exitCode === null && child!.signalCode === null;

    const started = Date.now();
    for (;;) {
      assert.ok(alive(), `server exited while starting:\n${output}`);
      const ok = await fetch(`${base}/api/health/ready`).then((r) => r.status === 200, () => false);
      if (ok) break;
      assert.ok(Date.now() - started < 90_000, `server not ready:\n${output}`);
      await sleep(200);
    }
    const startMs = Date.now() - started;

    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'clerk1', password: 'Demo@2026' }) });
    assert.equal(login.status, 200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;

    // four clients in a loop: a logged-in list (session lookup + a scoped query) and the readiness probe
    const samples: Sample[] = [];
    const routes: { route: string; url: string; headers: Record<string, string> }[] = [
      { route: 'cases', url: `${base}/api/cases?q=${encodeURIComponent('11010519491231002X')}&page=1&pageSize=20`, headers: { cookie } },
      { route: 'windows', url: `${base}/api/windows?siteId=1`, headers: { cookie } },
      { route: 'cases', url: `${base}/api/cases?page=1&pageSize=20`, headers: { cookie } },
      { route: 'ready', url: `${base}/api/health/ready`, headers: {} },
    ];
    loops = routes.map(async ({ route, url, headers }) => {
      while (running) {
        const at = Date.now();
        try {
          const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
          const text = await res.text();
          const s: Sample = { at, end: Date.now(), route, status: res.status, retryAfter: res.headers.get('retry-after') };
          if (res.status !== 200) {
            const body = JSON.parse(text) as { code?: string; message?: string };
            s.code = body.code;
            s.message = body.message;
          }
          samples.push(s);
        } catch (err) {
          samples.push({ at, end: Date.now(), route, status: 'network-error', error: String((err as Error).cause ?? err) });
        }
        await sleep(10);
      }
    });

    await sleep(1_000);
    const tStop = Date.now();
    await own.stop(); // the clients keep going meanwhile
    const tStopped = Date.now();
    await sleep(2_000);
    assert.ok(alive(), `the server process died when PostgreSQL stopped:\n${output.slice(-3000)}`);
    const live = await fetch(`${base}/api/health/live`);
    assert.equal(live.status, 200, 'liveness answers while the database is away');
    const tStart = Date.now();
    const starting = own.start();
    // the moment PostgreSQL accepts connections, seen by a client of the test's own (pg_ctl -w notices it later)
    let tAccepting = 0;
    while (!tAccepting) {
      const probe = new pg.Client({ connectionString: own.url, connectionTimeoutMillis: 1_000 });
      probe.on('error', () => undefined);
      const ok = await probe.connect().then(() => true, () => false);
      await probe.end().catch(() => undefined);
      if (ok) tAccepting = Date.now();
      else await sleep(20);
      assert.ok(Date.now() - tStart < 30_000, 'PostgreSQL did not start');
    }
    await starting;
    await sleep(Math.max(0, tAccepting + 6_000 - Date.now()));
    running = false;
    await Promise.all(loops);

    assert.ok(alive(), `the server process died:\n${output}`);
    // answered before the stop began (one in flight when PostgreSQL shuts down may fairly get a 503: checked below with the rest)
    const before = samples.filter((s) => s.end < tStop);
    const down = samples.filter((s) => s.at >= tStopped && s.at < tStart);
    const failures = samples.filter((s) => s.status !== 200);
    // the first 200 of a request sent once PostgreSQL accepted connections (earlier ones may have waited on it)
    const firstOk = (route: string) => samples.find((s) => s.at >= tAccepting && s.route === route && s.status === 200);
    const lastBad = (route: string) => samples.filter((s) => s.route === route && s.status !== 200).at(-1);
    const recovered = firstOk('cases');
    const figures = {
      serverStartMs: startMs,
      pgStopMs: tStopped - tStop,
      pgAcceptsAfterMs: tAccepting - tStart,
      requests: samples.length,
      before: { n: before.length, ok: before.filter((s) => s.status === 200).length },
      whileDown: { n: down.length, status503: down.filter((s) => s.status === 503).length },
      non200: failures.length,
      statuses: [...new Set(failures.map((s) => `${s.status} ${s.code ?? s.error ?? ''}`))],
      // from PostgreSQL accepting connections to the first 200 of a logged-in list answered
      recoveryMs: recovered ? recovered.end - tAccepting : null,
      // answers that were still 503 after PostgreSQL accepted connections (it is still starting up: 57P03)
      lastFailureAfterAcceptingMs: Object.fromEntries(['cases', 'windows', 'ready'].map((r) => [r, lastBad(r) ? lastBad(r)!.end - tAccepting : null])),
    };
    console.log(`# db-outage figures: ${JSON.stringify(figures)}`);

    assert.ok(before.length >= 20 && before.every((s) => s.status === 200), `before the stop: ${JSON.stringify(before.filter((s) => s.status !== 200).slice(0, 3))}`);
    assert.ok(down.length >= 20, `too few requests while down: ${down.length}`);
    // while down and during the stop itself: only 503 DATABASE_UNAVAILABLE, with a message and Retry-After
    for (const s of failures) {
      assert.notEqual(s.status, 'network-error', `a connection failed: ${s.error}\n${output.slice(-3000)}`);
      assert.equal(s.status, 503, JSON.stringify(s));
      assert.equal(s.code, 'DATABASE_UNAVAILABLE', JSON.stringify(s));
      assert.match(s.message ?? '', /数据库暂不可用/);
      assert.ok(Number(s.retryAfter) > 0, `no Retry-After: ${JSON.stringify(s)}`);
    }
    assert.ok(down.every((s) => s.status === 503), 'every answer while down is 503');
    // back by itself: a logged-in list answers 200 within 5 s of PostgreSQL accepting connections, and stays so
    assert.ok(recovered, `no 200 after PostgreSQL came back:\n${output.slice(-3000)}`);
    assert.ok(recovered.end - tAccepting < 5_000, `recovery took ${recovered.end - tAccepting} ms`);
    // and every route stays served from then on
    const settled = samples.filter((s) => s.at > tAccepting + 5_000);
    assert.ok(settled.length >= 20, `too few requests after recovery: ${settled.length}`);
    assert.ok(settled.every((s) => s.status === 200), `failures after recovery: ${JSON.stringify(settled.filter((s) => s.status !== 200).slice(0, 3))}`);
    // the background loops logged and went on; no log line carries a query's text or parameters
    assert.match(output, /outbox worker tick failed/);
    assert.doesNotMatch(output, /Failed query|params:|11010519491231002X/);
    assert.doesNotMatch(output, /uncaught exception|unhandled rejection/);
  } finally {
    // an assertion that failed mid-way must not leave the clients looping
    running = false;
    await Promise.allSettled(loops);
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child!.kill('SIGKILL'), 20_000);
      await exited(child);
      clearTimeout(killer);
    }
    await own.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
