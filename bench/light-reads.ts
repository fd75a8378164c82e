#!/usr/bin/env node
/**
 * The reads that show lights, on a dataset `bench/bulk-recompute.ts --keep` generated (issue 14 point 8, ADR 0022):
 * what computing the light when read costs against reading a stored `yellow_from`. Run it from a checkout of each
 * version against the same kept cluster (the newer one migrates the dataset when it opens it) and compare.
 *
 *   node --import tsx bench/light-reads.ts [--dir /tmp/yc-bulk-pg] [--runs 5] [--label "stored yellow_from"] [--no-results]
 *
 * Timed through the service code, each `--runs` times after one warm-up, median quoted:
 *  - the hall's light board of the district centre (`lights.board`: counts by department + the red and yellow cases);
 *  - the light snapshot the scan writes (`lights.snapshot`: counts of every open case by department and site);
 *  - a supervisor's centre-wide search for yellow cases, page 1 (`cases.search`, light=yellow: page + count to 10,000);
 *  - a department approver's inbox filtered to yellow, page 1 (`cases.inbox`) and their workbench counts (`cases.workCounts`).
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { execSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/config.js';
import type { UserActor } from '../server/platform/authz.js';
import { ManualClock } from '../server/platform/clock.js';
import { openDatabase, rows } from '../server/platform/db.js';
import { ROOT } from '../server/platform/paths.js';
import { createServices } from '../server/services.js';
import { arg, flag } from './lib/args.js';
import { fixedCluster } from './lib/cluster.js';
import { fmtInt, gitState } from './lib/measure.js';
import { writeMarkedSection } from './lib/results.js';

const DIR = arg('dir') ?? path.join(os.tmpdir(), 'yc-bulk-pg');
const RUNS = Number(arg('runs') ?? 5);
const LABEL = arg('label') ?? '';
const NOW = '2026-12-07T10:00:00+08:00';
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs: a whole number ≥ 1');

const SETTINGS = { shared_buffers: '1GB', max_wal_size: '4GB', maintenance_work_mem: '256MB', max_connections: 50 };
const cluster = await fixedCluster(DIR, false, SETTINGS);
const config = loadConfig({ LOG_LEVEL: 'silent', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret', DEMO_DATA: 'off', DATABASE_URL: cluster.url('yc_bulk') });
const database = await openDatabase(config.database, { poolSize: 4 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
try {
  await database.migrate();
  await database.db.execute(sql`vacuum analyze cases`);
  const services = createServices(database, config, new ManualClock(new Date(NOW)));
  const people = await rows<{ id: number; username: string; roles: UserActor['roles']; departmentId: number | null; siteId: number | null }>(database.db, sql`
    select id::int as id, username, roles, department_id as "departmentId", site_id as "siteId" from users where username in ('supervisor1', 'approver_scjg')`);
  const actor = (username: string): UserActor => {
    const u = people.find((p) => p.username === username);
    if (!u) throw new Error(`no user ${username} in the dataset`);
    return { kind: 'user', userId: u.id, username, displayName: username, roles: u.roles, departmentId: u.departmentId, siteId: u.siteId, mustChangePassword: false, sessionId: null, requestId: 'bench', ip: null };
  };
  const supervisor = actor('supervisor1');
  const approver = actor('approver_scjg');
  const [site] = await rows<{ id: number }>(database.db, sql`select id::int as id from sites where level = 'district' and active order by id limit 1`);
  const [open] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from cases where status in ('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned')`);

  const ops: [string, () => Promise<unknown>][] = [
    ['district light board `lights.board`', () => services.lights.board(site!.id)],
    ['light snapshot of the scan `lights.snapshot`', () => database.tx((tx) => services.lights.snapshot(tx))],
    ['centre-wide search, yellow, page 1 `cases.search`', () => services.cases.search(supervisor, { light: 'yellow', page: 1, pageSize: 20 })],
    ['department inbox, yellow, page 1 `cases.inbox`', () => services.cases.inbox(approver, { light: 'yellow', page: 1, pageSize: 20 })],
    ['department workbench counts `cases.workCounts`', () => services.cases.workCounts(approver)],
  ];
  const results: { name: string; runs: number[]; answer: string }[] = [];
  for (const [name, run] of ops) {
    const first = await run(); // warm-up (plans, caches), not timed
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await run();
      runs.push(performance.now() - t);
    }
    const answer = summary(first);
    results.push({ name, runs, answer });
    console.error(`[light-reads] ${name}: median ${median(runs).toFixed(1)} ms (${answer})`);
  }
  const cpu = execSync("lscpu | sed -n 's/^Model name: *//p'").toString().trim();
  const section = [
    `## Light reads at ${fmtInt(open!.n)} open cases (issue 14 point 8)${LABEL ? ` — ${LABEL}` : ''}`,
    '',
    `${new Date().toISOString().slice(0, 10)} · commit ${gitState()} · ${os.cpus().length} cores, ${cpu} · Node ${process.version} · the kept cluster of bench/bulk-recompute.ts (${Object.entries(SETTINGS).map(([k, v]) => `${k}=${v}`).join(', ')})`,
    '',
    '| read (through the service) | runs (ms) | median (ms) | answer |',
    '|---|---|---|---|',
    ...results.map((r) => `| ${r.name} | ${r.runs.map((x) => x.toFixed(1)).join(', ')} | **${median(r.runs).toFixed(1)}** | ${r.answer} |`),
  ].join('\n');
  console.log(section);
  if (!flag('no-results')) writeMarkedSection(path.join(ROOT, 'bench/RESULTS.md'), `bench/light-reads.ts ${fmtInt(open!.n)}${LABEL ? ` ${LABEL}` : ''}`, section);
} finally {
  await database.close();
  cluster.stop();
}

/** What a read answered, to check that both versions answer the same. */
function summary(x: unknown): string {
  if (x === undefined) return 'snapshot written';
  const o = x as Record<string, unknown>;
  if ('counts' in o) return `counts ${JSON.stringify(o.counts)}`;
  if ('total' in o) return `${fmtInt(Number(o.total))} found`;
  if ('red' in o) return `red ${fmtInt(Number(o.red))}, yellow ${fmtInt(Number(o.yellow))}`;
  return '';
}
