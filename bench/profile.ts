#!/usr/bin/env node
/**
 * Where the server's CPU goes for one kind of request: the real server (the bundle `npm start` runs)
 * on a temporary PostgreSQL 15 cluster, under autocannon at fixed concurrency, with a V8 CPU profile.
 *
 *   node --import tsx bench/profile.ts [--endpoint intake|progress|inbox] [--seconds 10] [--connections 16]
 *
 * Prints the request rate, the server's CPU time per request (from /proc/<pid>/stat across the run),
 * and the profile's self time grouped by package (node_modules/<name>, the project's own code, node
 * internals, GC, idle) and by function (top 25). Used to find what to cut on the hot paths (issue 7);
 * the figures are recorded by hand in bench/RESULTS.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { ROOT } from '../server/platform/paths.js';
import { expect, HttpClient, waitHttp } from './http/client.js';
import { intakeBodyFor, typicalSubItem } from './http/intake.js';
import { arg } from './lib/args.js';
import { freePort, startCluster } from './http/cluster.js';

const ENDPOINT = arg('endpoint') ?? 'intake';
const SECONDS = Number(arg('seconds') ?? 10);
const CONNECTIONS = Number(arg('connections') ?? 16);
if (!['intake', 'progress', 'inbox'].includes(ENDPOINT)) throw new Error('--endpoint: intake, progress or inbox');
const PASSWORD = 'Demo@2026';

const cpuTicks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100 a second)
};

const cluster = await startCluster();
const profDir = mkdtempSync(path.join(os.tmpdir(), 'yc-prof-'));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'yc-prof-data-'));
let server: ChildProcess | null = null;
try {
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query('create database yc_prof');
  await admin.end();
  const port = await freePort();
  const BASE = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, 'scripts/start.mjs'], {
    cwd: ROOT,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: cluster.url('yc_prof'), DATA_DIR: dataDir, DEMO_DATA: 'on',
      WORKER_IN_PROCESS: 'off', LOG_LEVEL: 'warn', PROGRESS_RATE_PER_MINUTE: '100000', TRUST_PROXY: 'on', LOGIN_RATE_PER_MINUTE: '1000',
      SESSION_SECRET: 'bench-profile-bench-profile-bench-01',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitHttp(`${BASE}/api/health`, server);
  const clerk = await new HttpClient(BASE).login('clerk1', PASSWORD);
  const approver = await new HttpClient(BASE).login('approver_scjg', PASSWORD);
  // the sub-item http.ts uses: a 市场监管 sub-item with the checklist closest to 6 lines
  const db = new pg.Client({ connectionString: cluster.url('yc_prof') });
  await db.connect();
  const sub = await typicalSubItem(db);
  await db.end();
  const { body: intakeBody } = await intakeBodyFor(clerk, sub.id);
  const body = (clientKey: string) => JSON.stringify(intakeBody(clientKey));
  const caseNos: string[] = [];
  for (let i = 0; i < 30; i++) {
    const r = await Promise.all(Array.from({ length: 10 }, () => clerk.post('/api/cases', intakeBody(randomUUID()))));
    for (const x of r) caseNos.push(expect(x, 201, 'warm-up intake').body.cases[0].caseNo);
  }

  const requests = {
    intake: [{ method: 'POST' as const, path: '/api/cases', headers: clerk.headers(), setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body(randomUUID()) }) }],
    progress: [{ method: 'GET' as const, setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `/api/public/progress/${encodeURIComponent(caseNos[Math.floor(Math.random() * caseNos.length)]!)}?phone4=5678`, headers: { 'x-forwarded-for': `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } }) }],
    inbox: [{ method: 'GET' as const, path: '/api/cases/inbox?page=1&pageSize=20', headers: approver.headers() }],
  }[ENDPOINT as 'intake'];
  const before = cpuTicks(server.pid!);
  const t0 = Date.now();
  const times: number[] = [];
  let bad = 0;
  const inst = autocannon({ url: BASE, connections: CONNECTIONS, duration: SECONDS, timeout: 30, requests: requests as never });
  inst.on('response', (_c: unknown, status: number, _b: number, ms: number) => {
    if (status >= 200 && status < 300) times.push(ms);
    else bad++;
  });
  await new Promise((resolve, reject) => {
    inst.once('done', resolve);
    inst.once('error', reject);
  });
  const cpuMs = (cpuTicks(server.pid!) - before) * 10;
  const wall = Date.now() - t0;
  const ok = times.length;
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]?.toFixed(1);
  console.log(`${ENDPOINT}: ${ok} ok, ${bad} non-2xx in ${(wall / 1000).toFixed(1)} s → ${(ok / (wall / 1000)).toFixed(0)} req/s at ${CONNECTIONS} connections; p50 ${pct(50)} ms, p99 ${pct(99)} ms`);
  console.log(`server CPU ${(cpuMs / 1000).toFixed(1)} s over the run: ${(cpuMs / Math.max(1, ok)).toFixed(2)} ms per request (${((cpuMs / wall) * 100).toFixed(0)} % of one core)`);
  clerk.close();
  approver.close();

  server.kill('SIGTERM');
  await new Promise((r) => server!.once('exit', r));
  server = null;
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no CPU profile written');
  const prof = JSON.parse(readFileSync(path.join(profDir, file), 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[];
  };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const pkg = (url: string, fn: string) => {
    if (!url) return fn.startsWith('(') ? fn : '(native)';
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1]!;
    if (url.startsWith('node:')) return 'node internals';
    return 'project code';
  };
  const groups = new Map<string, number>();
  const fns = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const g = pkg(n.callFrame.url, n.callFrame.functionName);
    groups.set(g, (groups.get(g) ?? 0) + us);
    if (g !== '(idle)' && g !== '(program)') busy += us;
    const where = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|dist|common)\//, '$1/');
    const key = `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const total = [...groups.values()].reduce((a, b) => a + b, 0);
  console.log(`\nself time by package (% of busy time; idle ${(((groups.get('(idle)') ?? 0) / total) * 100).toFixed(0)} % of the profile):`);
  for (const [g, us] of [...groups].filter(([g]) => g !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`  ${((us / busy) * 100).toFixed(1).padStart(5)} %  ${(us / 1000 / Math.max(1, ok)).toFixed(3)} ms/req  ${g}`);
  }
  console.log('\ntop functions by self time:');
  for (const [k, us] of [...fns].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${((us / busy) * 100).toFixed(1).padStart(5)} %  ${k}`);
  }
} finally {
  if (server) server.kill('SIGKILL');
  cluster.stop();
  rmSync(profDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
}
