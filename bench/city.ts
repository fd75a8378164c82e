#!/usr/bin/env node
/**
 * City-scale data and the queries at 20 million cases (issue 7, items 1 and 4).
 *
 *   node --import tsx bench/city.ts [--size city|district] [--keep] [--reuse] [--no-results] [--runs 30]
 *
 * 1. A PostgreSQL 15 cluster of its own in /tmp/yc-city-<size> (bench/lib/cluster.ts, on the binaries
 *    bench/http/cluster.ts finds), started with load-friendly settings (LOAD_SETTINGS below).
 * 2. The project's own code migrates it and loads the demo district (openDatabase → migrate →
 *    createServices → loadDemo → syncWorkingDays); `--size city` then adds a city's organisation and
 *    catalog in SQL (11 districts, 250 street centres, 40 departments, ~25,000 sub-items each with a
 *    published checklist version, windows and two clerks per window) and a document-number series per
 *    department.
 * 3. Cases are generated in Node and streamed with COPY (pg-copy-streams), one connection per table:
 *    case_visits, cases, case_events (1–2 per case: the events the progress page reads), case_handovers
 *    and case_handover_items (the batches a site's front desk sends a department each day),
 *    docno_numbers (every approved decision's number, with a few gaps; docno_years / docno_gaps and the
 *    gaps' alerts in SQL). The loaded tables' indexes and foreign keys are dropped first (definitions
 *    saved from pg_indexes / pg_constraint) and each table is truncated and copied with FREEZE in one
 *    transaction; then the indexes are built again (two connections) and the foreign keys re-added
 *    (PostgreSQL checks every row: an anti-join per key), VACUUM ANALYZE. The daily rollups are written
 *    in SQL with the service's own definitions (checked against `MetricsService.rebuild` of one day),
 *    the months and running totals by `rollupMonths`, the light snapshot by `LightService.snapshot`.
 * 4. The cluster restarts with ordinary settings (MEASURE_SETTINGS) and the real services are called
 *    through a Drizzle logger: department inbox, supervision overdue list, light overview, dashboard,
 *    document-number gap check (in a rolled-back transaction), public progress lookup. p50/p95 of
 *    --runs calls, each statement timed alone, the heaviest under EXPLAIN (ANALYZE, BUFFERS), and the
 *    proposed fixes measured in a transaction that is rolled back.
 * 5. Prints a Markdown section and writes it into bench/RESULTS.md between
 *    `<!-- bench/city.ts: start -->` and `<!-- bench/city.ts: end -->` unless --no-results.
 *
 * --keep leaves the cluster (stopped) in its folder; --reuse starts it again and measures without
 * generating. Without --keep the folder is deleted at the end.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers/promises';
import pg from 'pg';
import { DEFAULT_CASE_NO_PATTERN, NODE_CODES } from '../common/cases.js';
import { compileDocPattern, renderDocNo, type DocPattern } from '../common/supervision.js';
import { loadConfig } from '../server/config.js';
import { loadDemo } from '../server/demo/load.js';
import type { UserActor } from '../server/platform/authz.js';
import { systemClock } from '../server/platform/clock.js';
import { openDatabase } from '../server/platform/db.js';
import { ROOT } from '../server/platform/paths.js';
import { createServices, type Services } from '../server/services.js';
import { fixedCluster, type Settings } from './lib/cluster.js';
import { CopyWriter, field } from './lib/copy.js';
import { saveAndDrop, type SavedDdl } from './lib/ddl.js';
import { fmtInt, gitState, inlineSql, ms, summarise, timeRuns, type Timing } from './lib/measure.js';
import { writeMarkedSection } from './lib/results.js';
import { arg, flag } from './lib/args.js';
import { capturedServices, type Captured } from './lib/capture.js';

// ---------------------------------------------------------------------------------------------
// arguments

const SIZE = arg('size') ?? 'district';
if (SIZE !== 'city' && SIZE !== 'district') throw new Error('--size: city or district');
const PRESETS = {
  city: { cases: 21_000_000, open: 1_000_000, org: true },
  district: { cases: 1_500_000, open: 71_000, org: false },
} as const;
const PRESET = PRESETS[SIZE];
/** Undocumented: a smaller run of the same shape (open cases in the same proportion). */
const N_CASES = Number(arg('cases') ?? PRESET.cases);
const OPEN_TARGET = Math.round((N_CASES * PRESET.open) / PRESET.cases);
const RUNS = Number(arg('runs') ?? 30);
const KEEP = flag('keep');
const REUSE = flag('reuse');
const WRITE_RESULTS = !flag('no-results');
const DIR = `/tmp/yc-city-${SIZE}`;
const DB_NAME = 'yc_city';
if (!Number.isInteger(N_CASES) || N_CASES < 10_000) throw new Error('--cases: a whole number ≥ 10000');
if (!Number.isInteger(RUNS) || RUNS < 30) throw new Error('--runs: a whole number ≥ 30');

/** Memory settings for both phases (24 GiB machine, shared). */
const MEMORY: Settings = { shared_buffers: '4GB', effective_cache_size: '16GB', max_connections: 50 };
/**
 * Loading: no WAL for the tables truncated and copied in one transaction (wal_level=minimal), no fsync
 * (a crash during the load means generating again), no autovacuum, checkpoints far apart, big sorts for
 * the index builds. Measuring: PostgreSQL's defaults (fsync, synchronous_commit, autovacuum on) with the
 * memory settings above.
 */
const LOAD_SETTINGS: Settings = {
  ...MEMORY, wal_level: 'minimal', max_wal_senders: 0, fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off',
  checkpoint_timeout: '1h', max_wal_size: '8GB', maintenance_work_mem: '2GB', max_parallel_maintenance_workers: 0,
  autovacuum: 'off', work_mem: '256MB',
};
const MEASURE_SETTINGS: Settings = { ...MEMORY };

const t0 = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(7)} s] ${msg}`);
const secs = (from: number) => (performance.now() - from) / 1000;
const COMMIT_AT_START = gitState();

// ---------------------------------------------------------------------------------------------
// 1. the cluster, the database, the demo district

const cluster = await fixedCluster(DIR, !REUSE, REUSE ? MEASURE_SETTINGS : LOAD_SETTINGS);
let cleanExit = false;
process.on('exit', () => {
  if (cleanExit) return;
  if (KEEP || REUSE) cluster.stop();
  else cluster.remove();
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
log(`PostgreSQL cluster in ${DIR} on port ${cluster.port} (${REUSE ? 'kept dataset' : 'fresh'})`);
const URL_ = cluster.url(DB_NAME);
if (!REUSE) {
  const c = new pg.Client({ connectionString: cluster.url() });
  await c.connect();
  await c.query(`create database ${DB_NAME}`);
  await c.end();
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'yc-city-'));
const config = loadConfig(
  { DATABASE_URL: URL_, LOG_LEVEL: 'silent', DEMO_DATA: 'off', DATA_DIR: dataDir, SESSION_SECRET: 'bench-city-bench-city-bench-city-0001' },
  ROOT,
);
if (config.caseNoPattern !== DEFAULT_CASE_NO_PATTERN) throw new Error(`the generator writes case numbers as ${DEFAULT_CASE_NO_PATTERN}; CASE_NO_PATTERN is ${config.caseNoPattern}`);
const TODAY = systemClock.today();
const DAY_MS = 86_400_000;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
const addMonths = (m: string, n: number) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1 + n, 1)).toISOString().slice(0, 10);

interface Phase { name: string; seconds: number; note: string }
const phases: Phase[] = [];
const OPEN_SQL = `('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned')`;
const LOADED_TABLES = ['case_visits', 'cases', 'case_events', 'case_handovers', 'case_handover_items', 'docno_numbers'];
/** also copied (truncated first), its indexes kept: the daily rollup */
const DAILY = 'case_stats_daily';

// ---------------------------------------------------------------------------------------------
// 2. generation

/** A small seeded generator (mulberry32): the same dataset on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** Cumulative weights → a sampler by binary search. */
function sampler(weights: number[]): (u: number) => number {
  const cum = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => {
    s += w;
    cum[i] = s;
  });
  return (u: number) => {
    const x = u * s;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
const zipf = (n: number, s: number) => Array.from({ length: n }, (_, k) => (k + 1) ** -s);

interface SubItem { id: number; itemId: number; dept: number; L: number; Lw: number; natural: boolean; SL: number; SLnatural: boolean; steps: number; instant: boolean; inspection: boolean; cv: number; caseType: string; pUnit: string; sUnit: string }
interface Site { id: number; code: string; level: string; windows: { id: number; clerks: number[] }[]; clerks: number[] }
interface Series { id: number; dept: number; pattern: DocPattern }
interface Shape { districts: number; streets: number; communities: number; departments: number; items: number; subItems: number; windows: number; clerks: number; pickupMean: number; zipfSubItems: number }
let shapeGen: Shape | null = null;

/** Arrival curve of a working day, half-hour slots from 9:00 to 17:00 (lunch dip). */
const SLOTS = [0.7, 1.0, 1.2, 1.2, 1.1, 0.8, 0.35, 0.3, 0.5, 0.8, 1.1, 1.2, 1.1, 1.0, 0.8, 0.5];
const slotOf = sampler(SLOTS);
/** Volume by weekday (Mon…Sun; weekend days are the calendar's adjusted working days). */
const WEEKDAY = [0.8, 1.12, 1.05, 1.0, 0.98, 0.85, 0.8];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '梁'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '平'];
const FIRMS = ['宏达', '恒信', '华南', '新源', '嘉禾', '瑞丰', '安泰', '博远'];
const SUB_KINDS = ['new', 'change', 'renew', 'cancel', 'reissue'];
/** Share of the promised limits of the city's generated items (working days; 0 = instant). */
const LIMITS: [number, number][] = [[0, 8], [1, 6], [3, 14], [5, 24], [7, 10], [10, 15], [15, 12], [20, 11]];
const GAP_P = 3e-6;
const STAT = ['received', 'accepted', 'refused', 'decided', 'on_time', 'early', 'late', 'handling_days', 'handled', 'rated', 'satisfied', 'bad'];

async function generate(services: Services, gen: pg.Client): Promise<void> {
  const q = async <T = Record<string, unknown>>(text: string, values: unknown[] = []) => (await gen.query(text, values)).rows as T[];
  const n1 = async (text: string, values: unknown[] = []) => Number(Object.values((await q(text, values))[0]!)[0]);
  await gen.query('set synchronous_commit = off');
  await gen.query('select setseed(0.2026)');
  const rand = rng(2026);

  // --- the city's organisation and catalog (SQL; foreign keys on)
  const tOrg = performance.now();
  if (PRESET.org) {
    await gen.query('begin');
    const depts = await n1('select count(*) from departments');
    await gen.query(`insert into departments (code, name, short_name)
      select 'CD' || lpad(k::text, 2, '0'), '市直部门' || lpad(k::text, 2, '0') || '局', '部门' || lpad(k::text, 2, '0') from generate_series(1, $1::int) k`, [40 - depts]);
    const districts = await n1(`select count(*) from sites where level = 'district'`);
    const streets = await n1(`select count(*) from sites where level = 'street'`);
    await gen.query(`insert into sites (code, name, level, address, hours)
      select 'CQ' || lpad(k::text, 2, '0'), '第' || k || '区政务服务中心', 'district', '第' || k || '区中心大道 1 号', '周一至周五 9:00–17:00'
      from generate_series(1, $1::int) k`, [11 - districts]);
    await gen.query(`insert into sites (code, name, level, parent_id, address, hours)
      select 'CS' || lpad(k::text, 3, '0'), p.name || '第' || k || '街道便民服务中心', 'street', p.id, '街道路 ' || k || ' 号', '周一至周五 9:00–17:00'
      from generate_series(1, $1::int) k
      join (select id, name, row_number() over (order by id) - 1 as r from sites where level = 'district') p on p.r = k % 11`, [250 - streets]);
    // windows: 40 at a new district centre, 6 at a new street centre; two clerks each
    await gen.query(`insert into windows (site_id, code, name, kind, categories)
      select s.id, 'W' || lpad(w::text, 2, '0'), lpad(w::text, 2, '0') || '号综合窗口', 'both', '{citizen,business}'
      from sites s cross join lateral generate_series(1, case s.level when 'district' then 40 else 6 end) w
      where s.code ~ '^C[QS][0-9]+$'`);
    await gen.query(`insert into users (username, display_name, password_hash, roles, site_id)
      select 'cc_' || w.id || '_' || k, '受理员' || w.id || '-' || k, '!bench-no-login', '{intake_clerk}', w.site_id
      from windows w join sites s on s.id = w.site_id cross join generate_series(1, 2) k where s.code ~ '^C[QS][0-9]+$'`);
    // items: departments by Zipf popularity (s = 0.8), limits by LIMITS; 3 sub-items each, one published checklist version each
    const deptIds = (await q<{ id: number }>('select id from departments order by id')).map((r) => r.id);
    const deptOrder = [...deptIds].sort(() => rand() - 0.5);
    const pickDept = sampler(zipf(deptOrder.length, 0.8));
    const pickLimit = sampler(LIMITS.map((l) => l[1]));
    const demoSubs = await n1('select count(*) from catalog_sub_items');
    const nItems = Math.ceil((25_000 - demoSubs) / 3);
    const it = { dept: [] as number[], limit: [] as number[], statutory: [] as number[], steps: [] as number[], inspection: [] as boolean[] };
    for (let k = 0; k < nItems; k++) {
      const L = LIMITS[pickLimit(rand())]![0];
      it.dept.push(deptOrder[pickDept(rand())]!);
      it.limit.push(L);
      it.statutory.push(L === 0 ? 0 : Math.max(20, L * 2));
      it.steps.push(L === 0 ? 1 : 1 + Math.floor(rand() * 3));
      it.inspection.push(L >= 10 && rand() < 0.15);
    }
    await gen.query(`insert into catalog_items (base_code, impl_code, name, department_id, subject_type, category, item_type, level,
        statutory_limit, promised_limit, case_type, approval_steps, inspection_needed)
      select 'CB' || lpad(x.k::text, 5, '0'), 'CI' || lpad(x.k::text, 5, '0'), '城市事项' || lpad(x.k::text, 5, '0'), x.dept,
             case x.k % 3 when 0 then 'citizen' when 1 then 'legal_person' else 'both' end,
             case x.k % 3 when 0 then 'citizen' when 1 then 'business' else 'engineering' end, '行政许可', 2, x.statutory, x.lim,
             case when x.lim = 0 then 'instant' else 'promised' end, x.steps, x.inspection
      from unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::boolean[]) with ordinality as x(dept, lim, statutory, steps, inspection, k)`,
    [it.dept, it.limit, it.statutory, it.steps, it.inspection]);
    await gen.query(`insert into catalog_sub_items (item_id, code, name, kind)
      select i.id, 'CX' || substr(i.impl_code, 3) || '-' || k, i.name || (array['（新办）', '（变更）', '（延续）', '（注销）', '（补证）'])[k], (array['${SUB_KINDS.join("', '")}'])[k]
      from catalog_items i cross join generate_series(1, 3) k where i.impl_code like 'CI%'`);
    await gen.query(`insert into checklist_versions (sub_item_id, version_no, status, note, effective_from, published_at)
      select s.id, 1, 'published', '城市目录生成', '2025-01-01', now() from catalog_sub_items s where s.code like 'CX%'`);
    await gen.query('commit');
  }
  // one document-number series per department, watched from the first year of the cases
  const firstYear = Number(addDays(TODAY, -366).slice(0, 4));
  await gen.query(`insert into docno_series (department_id, name, pattern, start_year, start_seq)
    select id, short_name || '行政许可决定书', code || '许〔{year}〕{seq:7}号', $1, 1 from departments order by id`, [firstYear]);
  phases.push({ name: 'organisation and catalog', seconds: secs(tOrg), note: PRESET.org ? 'SQL inserts, foreign keys on' : 'the demo\'s (document-number series only)' });

  // --- the model in memory
  const subItems = await q<{ id: number; item_id: number; dept: number; L: number; SL: number; pu: string; su: string; steps: number; ct: string; insp: boolean; cv: number }>(`
    select s.id, s.item_id, i.department_id as dept, i.promised_limit as "L", i.statutory_limit as "SL", i.promised_unit as pu, i.statutory_unit as su,
           i.approval_steps as steps, i.case_type as ct, i.inspection_needed as insp, v.id as cv
    from catalog_sub_items s join catalog_items i on i.id = s.item_id
    join lateral (select v.id from checklist_versions v where v.sub_item_id = s.id and v.status = 'published' order by v.effective_from desc, v.id desc limit 1) v on true
    where s.active and i.active order by s.id`);
  const SUBS: SubItem[] = subItems.map((r) => {
    const natural = r.pu === 'natural';
    const Lw = natural ? Math.round((r.L * 5) / 7) : r.L;
    return {
      id: r.id, itemId: r.item_id, dept: r.dept, L: r.L, Lw, natural, SL: r.SL, SLnatural: r.su === 'natural', steps: r.steps,
      instant: r.ct === 'instant' || Lw === 0, inspection: r.insp, cv: r.cv, caseType: r.ct, pUnit: r.pu, sUnit: r.su,
    };
  });
  // sub-item popularity: Zipf over a random order
  const ZIPF_S = 0.9;
  const subOrder = SUBS.map((_, i) => i).sort(() => rand() - 0.5);
  const pickSubRank = sampler(zipf(SUBS.length, ZIPF_S));
  const pickSub = (u: number) => SUBS[subOrder[pickSubRank(u)]!]!;

  const siteRows = await q<{ id: number; code: string; level: string }>('select id, code, level from sites where active order by id');
  const windowRows = await q<{ id: number; site_id: number }>('select id, site_id from windows where active and kind in (\'intake\', \'both\') order by id');
  const clerkRows = await q<{ id: number; site_id: number | null; username: string }>(`select id, site_id, username from users where 'intake_clerk' = any(roles) order by id`);
  const SITES: Site[] = siteRows.map((s) => ({ id: s.id, code: s.code, level: s.level, windows: [], clerks: [] }));
  const siteById = new Map(SITES.map((s) => [s.id, s]));
  for (const c of clerkRows) if (c.site_id !== null) siteById.get(c.site_id)?.clerks.push(c.id);
  const windowClerks = new Map<number, number[]>();
  for (const c of clerkRows) {
    const m = /^cc_(\d+)_\d$/.exec(c.username);
    if (m) windowClerks.set(Number(m[1]), [...(windowClerks.get(Number(m[1])) ?? []), c.id]);
  }
  for (const w of windowRows) siteById.get(w.site_id)?.windows.push({ id: w.id, clerks: windowClerks.get(w.id) ?? siteById.get(w.site_id)!.clerks });
  const anyClerk = clerkRows[0]!.id;
  const pickSite = sampler(SITES.map((s) => (s.level === 'district' ? 30 : s.level === 'street' ? 2.5 : 0.4)));
  const approvers = new Map((await q<{ dept: number; id: number }>(`select department_id as dept, min(id) as id from users where 'approver' = any(roles) and department_id is not null group by 1`)).map((r) => [r.dept, r.id]));
  const SERIES = new Map((await q<{ id: number; dept: number; pattern: string }>('select id, department_id as dept, pattern from docno_series')).map((r) => {
    const p = compileDocPattern(r.pattern);
    if ('error' in p) throw new Error(`series pattern ${r.pattern}: ${p.error}`);
    return [r.dept, { id: r.id, dept: r.dept, pattern: p } as Series];
  }));

  // --- the calendar: working days as indexes (the working_days table, extended by weekdays beyond it)
  const wdRows = await q<{ day: string }>('select day::text as day from working_days order by day');
  const WD: string[] = wdRows.map((r) => r.day);
  for (let d = addDays(WD[WD.length - 1]!, 1); d <= addDays(TODAY, 800); d = addDays(d, 1)) {
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (dow >= 1 && dow <= 5) WD.push(d);
  }
  /** index of the last working day on or before a date */
  const onOrBefore = new Map<string, number>();
  for (let i = 0, d = WD[0]!; d <= WD[WD.length - 1]!; d = addDays(d, 1)) {
    while (i + 1 < WD.length && WD[i + 1]! <= d) i++;
    onOrBefore.set(d, i);
  }
  const T = onOrBefore.get(TODAY)!; // the clock: the last working day up to today
  /** wd_ord (migration 0006) of a working-day index: the table's ordinal (1, 2, …), the last one beyond the table */
  const tableDays = wdRows.length;
  const wdOrd = (idx: number) => Math.min(idx, tableDays - 1) + 1;
  const firstDay = addDays(TODAY, -365);
  const DAYS: number[] = [];
  for (let i = 0; i < WD.length && WD[i]! < TODAY; i++) if (WD[i]! >= firstDay) DAYS.push(i);

  // --- one case's life, decided by its draws (also used to calibrate the pickup wait)
  interface Life {
    refused: boolean; withdrawn: boolean; h: number; signDelay: number; decided: number; close: number; pauseStart: number; pause: number;
    returned: boolean; approved: boolean; mailed: boolean; late: boolean;
  }
  /** `signDelay(h)`: 1 when the department signs the batch handed over on day h the next working day (a batch's cases share it) */
  function life(r: number, sec: number, s: SubItem, u: () => number, pickupMean: number, signDelayOf: (h: number) => number): Life {
    const refused = u() < 0.01;
    const withdrawn = !refused && !s.instant && u() < 0.004;
    const h = sec < 15 * 3600 ? r : r + 1;
    const signDelay = signDelayOf(h);
    const late = u() < 0.06;
    const x = late ? 1 + 0.5 * u() : 0.35 + 0.65 * u();
    const D = Math.max(1, Math.round(s.Lw * x));
    let decided = s.instant ? r : Math.max(h + signDelay, r + D);
    let pauseStart = -1;
    let pause = 0;
    if (!s.instant && u() < 0.025) {
      pauseStart = Math.max(h + signDelay + 1, r + Math.max(1, Math.floor(D / 2)));
      pause = 5 + Math.floor(u() * 36);
      decided = Math.max(decided, pauseStart) + pause;
    }
    const returned = !s.instant && u() < 0.02;
    if (returned) decided = Math.max(decided, h + signDelay + 4);
    const approved = u() < 0.97;
    const mailed = u() < 0.2;
    const close = s.instant ? r : decided + Math.floor(-Math.log(1 - u()) * (mailed ? 1 : pickupMean));
    return { refused, withdrawn, h, signDelay, decided, close, pauseStart, pause, returned, approved, mailed, late };
  }
  const isOpen = (l: Life, s: SubItem) => !l.refused && !l.withdrawn && !s.instant && l.close > T;
  // the mean wait for collection that makes the open share the target (1 case in 21 open)
  const pickupMean = (() => {
    const target = OPEN_TARGET / N_CASES;
    const share = (mean: number) => {
      const u = rng(7);
      let openN = 0;
      const n = 80_000;
      for (let i = 0; i < n; i++) {
        const r = DAYS[Math.floor(u() * DAYS.length)]!;
        const s = pickSub(u());
        if (isOpen(life(r, 9 * 3600 + u() * 8 * 3600, s, u, mean, () => (u() < 0.6 ? 1 : 0)), s)) openN++;
      }
      return openN / n;
    };
    let lo = 0;
    let hi = 40;
    if (share(lo) >= target) return lo;
    for (let i = 0; i < 18; i++) {
      const mid = (lo + hi) / 2;
      if (share(mid) < target) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  })();
  log(`model: ${SUBS.length} sub-items (Zipf s=${ZIPF_S}), ${SITES.length} sites, ${DAYS.length} working days from ${WD[DAYS[0]!]} to ${WD[DAYS[DAYS.length - 1]!]}, mean wait for collection ${pickupMean.toFixed(2)} working days (open share ${(OPEN_TARGET / N_CASES * 100).toFixed(2)} %)`);
  shapeGen = {
    districts: SITES.filter((s) => s.level === 'district').length, streets: SITES.filter((s) => s.level === 'street').length,
    communities: SITES.filter((s) => s.level === 'community').length, departments: new Set(SUBS.map((s) => s.dept)).size,
    items: new Set(SUBS.map((s) => s.itemId)).size, subItems: SUBS.length, windows: windowRows.length, clerks: clerkRows.length, pickupMean, zipfSubItems: ZIPF_S,
  };

  // --- drop the loaded tables' indexes and foreign keys (saved), open one COPY per table
  const tDrop = performance.now();
  const saved: SavedDdl = await saveAndDrop(gen, LOADED_TABLES);
  log(`dropped ${saved.indexes.length} indexes and ${saved.keys.length} foreign keys of ${LOADED_TABLES.join(', ')} (${secs(tDrop).toFixed(1)} s)`);
  const W = {
    visits: new CopyWriter(URL_, 'case_visits', ['id', 'client_key', 'site_id', 'window_id', 'clerk_id', 'created_at']),
    cases: new CopyWriter(URL_, 'cases', [
      'id', 'case_no', 'visit_id', 'sub_item_id', 'item_id', 'department_id', 'site_id', 'checklist_version_id', 'channel', 'applicant_type',
      'applicant_name', 'applicant_id_no', 'applicant_phone', 'status', 'version', 'step', 'approval_steps', 'case_type', 'promised_limit', 'promised_unit',
      'statutory_limit', 'statutory_unit', 'with_missing', 'received_at', 'received_on', 'accepted_at', 'accepted_on', 'promised_due', 'statutory_due',
      'paused_on', 'paused_days', 'handover_id', 'decision', 'document_no', 'decided_at', 'decided_on', 'result_registered_at',
      'delivery_method', 'tracking_no', 'closed_at', 'closed_on', 'updated_at',
    ]),
    events: new CopyWriter(URL_, 'case_events', ['id', 'case_id', 'at', 'action', 'from_status', 'to_status', 'node_code', 'actor_id', 'actor_name', 'site_id', 'note', 'public']),
    handovers: new CopyWriter(URL_, 'case_handovers', ['id', 'batch_no', 'client_key', 'site_id', 'department_id', 'status', 'case_count', 'material_count',
      'received_count', 'sent_by', 'sent_at', 'signed_by', 'signed_at']),
    items: new CopyWriter(URL_, 'case_handover_items', ['handover_id', 'case_id', 'material_count', 'received_count']),
    daily: new CopyWriter(URL_, 'case_stats_daily', ['day', 'dim', 'member', ...STAT]),
    docnos: new CopyWriter(URL_, 'docno_numbers', ['id', 'series_id', 'year', 'seq', 'document_no', 'case_id', 'source', 'duplicate', 'subject', 'registered_by', 'registered_at']),
  };
  const writers = Object.values(W);
  const tCopy = performance.now();
  try {
    for (const w of writers) await w.open();

    // --- the cases, day by day
    const pickDayCount = (() => {
      const weights = DAYS.map((i) => WEEKDAY[new Date(`${WD[i]}T00:00:00Z`).getUTCDay()]! * (0.92 + 0.16 * rand()));
      const total = weights.reduce((a, b) => a + b, 0);
      let acc = 0;
      let given = 0;
      return weights.map((w) => {
        acc += w;
        const upto = Math.round((acc / total) * N_CASES);
        const n = upto - given;
        given = upto;
        return n;
      });
    })();
    let caseId = 0;
    let visitId = 0;
    let eventId = 0;
    let batchId = 0;
    let docnoId = 0;
    const docSeq = new Map<string, number>(); // series:year → highest
    const docCount = new Map<string, number>();
    const gaps: { series: number; dept: number; year: number; seq: number; no: string; at: string }[] = [];
    interface Batch { id: number; no: string; site: number; dept: number; h: number; g: number; cases: number; materials: number; sentBy: number }
    const batches = new Map<string, Batch>();
    const batchSeq = new Map<string, number>();
    const flushBatches = (before: number) => {
      for (const [k, b] of batches) {
        if (b.h >= before) continue;
        const signed = b.g <= T;
        W.handovers.row([b.id, b.no, `city-h-${b.id}`, b.site, b.dept, signed ? 'signed' : 'sent', b.cases, b.materials, signed ? b.materials : null,
          b.sentBy, `${WD[b.h]} 16:00:00+08`, signed ? (approvers.get(b.dept) ?? null) : null, signed ? `${WD[b.g]} ${b.g > b.h ? '09:30' : '16:30'}:00+08` : null].map(field).join('\t'));
        batches.delete(k);
      }
    };
    const hms = (sec: number) => {
      const h = Math.floor(sec / 3600);
      const m = Math.floor((sec % 3600) / 60);
      const s = Math.floor(sec % 60);
      return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}`;
    };
    const BIRTH = Array.from({ length: 25000 }, (_, k) => addDays('1950-01-01', k).replaceAll('-', ''));
    /** a series' numbers of a year as prefix + zero-padded seq + suffix (renderDocNo, without its regex per number) */
    const docFormat = new Map<string, { pre: string; post: string; width: number }>();
    const renderFast = (series: Series, year: number, seqNo: number) => {
      const key = `${series.id}:${year}`;
      let f = docFormat.get(key);
      if (!f) {
        const probe = renderDocNo(series.pattern, year, 0).split('0'.repeat(series.pattern.width));
        f = { pre: probe[0]!, post: probe.slice(1).join('0'.repeat(series.pattern.width)), width: series.pattern.width };
        docFormat.set(key, f);
      }
      const no = `${f.pre}${String(seqNo).padStart(f.width, '0')}${f.post}`;
      return no;
    };
    // The daily rollup (case_stats_daily) as MetricsService's rollupDay computes it, summed here while the cases are made:
    // a day's received side is complete after that day, its decided side too (a case is decided on or after its receipt).
    // Key: dim + member; value: the 12 stats. Ratings are not generated (rated, satisfied, bad stay 0).
    const DIMS = ['all', 'department', 'item', 'site', 'window', 'clerk'];
    const dailyAgg = new Map<number, Map<number, Float64Array>>(); // day index → dim·2^32 + member → stats
    const caseKeys: number[] = [];
    /** adds the stats `v` (12 values) to every key of the case on a day */
    const addDay = (dayIdx: number, v: Float64Array) => {
      let m = dailyAgg.get(dayIdx);
      if (!m) dailyAgg.set(dayIdx, (m = new Map()));
      for (const key of caseKeys) {
        let a = m.get(key);
        if (!a) m.set(key, (a = new Float64Array(12)));
        for (let k = 0; k < 12; k++) a[k]! += v[k]!;
      }
    };
    const vRec = new Float64Array(12);
    const vDec = new Float64Array(12);
    let dailyRows = 0;
    const emitDay = (dayIdx: number) => {
      const m = dailyAgg.get(dayIdx);
      if (!m) return;
      for (const [key, a] of m) {
        W.daily.row(`${WD[dayIdx]}\t${DIMS[Math.floor(key / 2 ** 32)]}\t${key % 2 ** 32}\t${a.join('\t')}`);
        dailyRows++;
      }
      dailyAgg.delete(dayIdx);
    };
    const statusCounts = new Map<string, number>();
    let redOpen = 0;
    let lastLog = performance.now();
    for (let di = 0; di < DAYS.length; di++) {
      const r = DAYS[di]!;
      const day = WD[r]!;
      const ymd = day.replaceAll('-', '');
      flushBatches(r);
      const n = pickDayCount[di]!;
      const secsOfDay = new Float64Array(n);
      for (let i = 0; i < n; i++) secsOfDay[i] = 9 * 3600 + (slotOf(rand()) + rand()) * 1800;
      secsOfDay.sort();
      const siteSeq = new Map<number, number>();
      let visit = { id: 0, site: SITES[0]!, window: null as number | null, clerk: null as number | null, app: 0, entity: false, sec: 0 };
      for (let i = 0; i < n; i++) {
        const sec = secsOfDay[i]!;
        // 12 % of cases are a second or third application at the same visit (same applicant, window, clerk)
        if (i === 0 || rand() >= 0.12) {
          const site = SITES[pickSite(rand())]!;
          const win = site.windows.length ? site.windows[Math.floor(rand() * site.windows.length)]! : null;
          const clerks = win?.clerks.length ? win.clerks : site.clerks;
          const entity = rand() < 0.3;
          visit = {
            id: ++visitId, site, window: win?.id ?? null, clerk: clerks.length ? clerks[Math.floor(rand() * clerks.length)]! : null,
            app: entity ? Math.floor(rand() * rand() * 600_000) : Math.floor(rand() * 6_000_000), entity, sec,
          };
          W.visits.row(`${visit.id}\tcity-v-${visit.id}\t${site.id}\t${field(visit.window)}\t${field(visit.clerk)}\t${day} ${hms(sec)}+08`);
        }
        const site = visit.site;
        const s = pickSub(rand());
        // 60 % of a department's batches are signed the next working day, 40 % the same day (by batch: site, department, day)
        const l = life(r, sec, s, rand, pickupMean, (h) => (((site.id * 7919 + s.dept * 104729 + h * 131) >>> 0) % 10 < 6 ? 1 : 0));
        const id = ++caseId;
        const seq = (siteSeq.get(site.id) ?? 0) + 1;
        siteSeq.set(site.id, seq);
        const caseNo = `${site.code}${ymd}${String(seq).padStart(5, '0')}`;
        const receivedAt = `${day} ${hms(sec)}+08`;
        // status at the clock day T
        let status: string;
        if (l.refused) status = 'refused';
        else if (l.withdrawn) status = 'withdrawn';
        else if (s.instant) status = 'closed';
        else if (l.h > T) status = 'accepted';
        else if (l.h + l.signDelay > T) status = 'handed_over';
        else if (l.decided > T) {
          const g = l.h + l.signDelay;
          if (l.pause && l.pauseStart <= T && T < l.pauseStart + l.pause) status = 'suspended';
          else if (l.returned && T >= g + 1 && T <= g + 3) status = 'returned';
          else if (s.inspection && T <= g + 2) status = 'inspecting';
          else status = 'in_review';
        } else if (l.close > T) status = l.decided === T && rand() < 0.2 ? (l.approved ? 'approved' : 'denied') : 'ready';
        else status = 'closed';
        statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
        const accepted = !l.refused;
        const pauseEnded = l.pause > 0 && l.pauseStart + l.pause <= T;
        const pausedDays = pauseEnded ? l.pause : 0;
        // deadlines as acceptance computes them (working days after the acceptance day; natural days by the calendar)
        let dueIdx = -1;
        let due: string | null = null;
        let statDue: string | null = null;
        if (accepted && !l.withdrawn) {
          if (s.natural) {
            due = addDays(day, s.L + (pausedDays ? Math.round((pausedDays * 7) / 5) : 0));
            dueIdx = onOrBefore.get(due) ?? T;
          } else {
            dueIdx = r + s.L + pausedDays;
            due = WD[dueIdx]!;
          }
          statDue = s.SLnatural ? addDays(day, s.SL) : WD[r + s.SL + pausedDays]!;
          if (statDue < due) statDue = due;
        } else if (l.withdrawn) {
          dueIdx = r + s.L;
          due = WD[dueIdx]!;
          statDue = s.SLnatural ? addDays(day, s.SL) : WD[r + s.SL]!;
        }
        const open = status !== 'closed' && status !== 'refused' && status !== 'withdrawn';
        const decidedNow = ['approved', 'denied', 'ready', 'closed'].includes(status) && !l.withdrawn && !l.refused;
        const decision = decidedNow ? (l.approved ? 'approved' : 'denied') : null;
        // times of the day: the decision after the case reached the department (instant: at the window, after the intake)
        const decidedSec = s.instant ? Math.min(sec + 1200, 17.5 * 3600) : 10 * 3600 + ((id * 7919) % 25200);
        const decidedAt = decidedNow ? `${WD[l.decided]} ${hms(decidedSec)}+08` : null;
        let docNo: string | null = null;
        if (decision === 'approved') {
          const series = SERIES.get(s.dept)!;
          const year = Number(WD[l.decided]!.slice(0, 4));
          const key = `${series.id}:${year}`;
          let seqNo = (docSeq.get(key) ?? 0) + 1;
          if (rand() < GAP_P) {
            const skip = 1 + Math.floor(rand() * 3);
            for (let k = 0; k < skip; k++) gaps.push({ series: series.id, dept: s.dept, year, seq: seqNo + k, no: renderDocNo(series.pattern, year, seqNo + k), at: decidedAt! });
            seqNo += skip;
          }
          docSeq.set(key, seqNo);
          docCount.set(key, (docCount.get(key) ?? 0) + 1);
          docNo = renderFast(series, year, seqNo);
          W.docnos.row(`${++docnoId}\t${series.id}\t${year}\t${seqNo}\t${docNo}\t${id}\tcase\tf\t${caseNo}\t${field(approvers.get(s.dept) ?? null)}\t${decidedAt}`);
        }
        if (open && due !== null && status !== 'suspended' && due < TODAY) redOpen++;
        // the handover batch: the site's front desk sends a department its cases once a day (those received after 15:00 the next day)
        let handover: number | null = null;
        const materials = 2 + ((id * 31) % 8);
        if (!s.instant && accepted && !l.withdrawn && l.h <= T) {
          const key = `${site.id}:${s.dept}:${l.h}`;
          let b = batches.get(key);
          if (!b) {
            const sk = `${site.id}:${l.h}`;
            const bs = (batchSeq.get(sk) ?? 0) + 1;
            batchSeq.set(sk, bs);
            b = { id: ++batchId, no: `YJ${site.code}${WD[l.h]!.replaceAll('-', '')}${String(bs).padStart(3, '0')}`, site: site.id, dept: s.dept, h: l.h, g: l.h + l.signDelay, cases: 0, materials: 0, sentBy: visit.clerk ?? anyClerk };
            batches.set(key, b);
          }
          b.cases++;
          b.materials += materials;
          handover = b.id;
          W.items.row(`${b.id}\t${id}\t${materials}\t${b.g <= T ? materials : '\\N'}`);
        }
        const g = l.h + l.signDelay;
        const step = status === 'in_review' ? Math.min(s.steps, 1 + Math.floor(((T - g) / Math.max(1, l.decided - g)) * s.steps)) : decidedNow ? s.steps : 1;
        const closedNow = status === 'closed';
        const closeDay = s.instant ? day : WD[l.close]!;
        const closeSec = s.instant || l.close === l.decided ? Math.min(decidedSec + 1800, 17.9 * 3600) : 9 * 3600 + ((id * 104729) % 28800);
        const closedAt = closedNow ? `${closeDay} ${hms(closeSec)}+08`
          : status === 'withdrawn' ? `${day} ${hms(Math.min(17.5 * 3600, sec + 3600))}+08` : null;
        const app = visit.app;
        const applicantName = visit.entity ? `示范区${FIRMS[app % 8]}${app}有限公司` : `${SURNAMES[app % 20]}${GIVEN[Math.floor(app / 20) % 20]}`;
        const idNo = visit.entity
          ? `91440101${String(app).padStart(9, '0')}${'0123456789ABCDEFGHJKLMNPQRTUWXY'[app % 31]}`
          : `440106${BIRTH[app % 25000]}${String(Math.floor(app / 25000) % 1000).padStart(3, '0')}${'0123456789X'[app % 11]}`;
        const phone = `13${String((app * 7919 + 12345) % 1_000_000_000).padStart(9, '0')}`;
        const channel = visit.window === null ? (rand() < 0.85 ? 'online' : 'mail') : rand() < 0.9 ? 'window' : 'online';
        // the last event (the progress page reads a case's public events)
        let ev: [string, string | null, string | null, number | null, string] | null = null; // action, from, to, node, at
        const at = (idx: number, secOfDay: number) => `${WD[idx]} ${hms(secOfDay)}+08`;
        switch (status) {
          case 'refused': ev = ['refused', null, 'refused', NODE_CODES.refused, `${day} ${hms(sec + 600)}+08`]; break;
          case 'withdrawn': ev = ['withdraw', 'accepted', 'withdrawn', NODE_CODES.withdrawn, closedAt!]; break;
          case 'handed_over': ev = ['handed_over', 'accepted', 'handed_over', null, at(l.h, 16 * 3600)]; break;
          case 'in_review': ev = ['signed', 'handed_over', 'in_review', NODE_CODES.departmentAccepted, at(g, l.signDelay ? 9.5 * 3600 : 16.5 * 3600)]; break;
          case 'inspecting': ev = ['assign_inspection', 'in_review', 'inspecting', null, at(g, l.signDelay ? 11 * 3600 : 17 * 3600)]; break;
          case 'suspended': ev = ['start_special', 'in_review', 'suspended', NODE_CODES.specialStart, at(l.pauseStart, 10 * 3600)]; break;
          case 'returned': ev = ['return_to_front', 'in_review', 'returned', null, at(g + 1, 14 * 3600)]; break;
          case 'approved': ev = ['approve', 'in_review', 'approved', NODE_CODES.closedApproved, decidedAt!]; break;
          case 'denied': ev = ['deny', 'in_review', 'denied', NODE_CODES.closedDenied, decidedAt!]; break;
          case 'ready': ev = ['register_result', l.approved ? 'approved' : 'denied', 'ready', null, decidedAt!]; break;
          case 'closed': ev = [l.mailed ? 'mail' : 'collect', 'ready', 'closed', null, closedAt!]; break;
          default: ev = null; // accepted: only the intake's event
        }
        const clerkName = '窗口人员';
        W.events.row(`${++eventId}\t${id}\t${receivedAt}\treceived\t\\N\t\\N\t${NODE_CODES.received}\t${field(visit.clerk)}\t${clerkName}\t${site.id}\t${channel === 'window' ? '窗口收件' : '收件'}\tt`);
        if (ev) W.events.row(`${++eventId}\t${id}\t${ev[4]}\t${ev[0]}\t${field(ev[1])}\t${field(ev[2])}\t${field(ev[3])}\t\\N\t${ev[1] === null || ev[0] === 'withdraw' || ev[0] === 'mail' || ev[0] === 'collect' ? clerkName : '部门审批人'}\t${site.id}\t\tt`);
        W.cases.row([
          id, caseNo, visit.id, s.id, s.itemId, s.dept, site.id, s.cv, channel, visit.entity ? 'entity' : 'person', applicantName, idNo, phone, status,
          ev ? 3 : 1, step, s.steps, s.caseType, s.L, s.pUnit, s.SL, s.sUnit, (id % 37) === 0,
          receivedAt, day, accepted ? receivedAt : null, accepted ? day : null, accepted ? due : null, accepted ? statDue : null,
          status === 'suspended' ? WD[l.pauseStart]! : null, pausedDays, handover, decision, docNo, decidedAt, decidedNow ? WD[l.decided]! : null,
          decidedNow && (status === 'ready' || status === 'closed') ? `${WD[l.decided]} ${hms(decidedSec + 60)}+08` : null,
          closedNow ? (s.instant ? 'collected' : l.mailed ? 'mailed' : 'collected') : null,
          closedNow && !s.instant && l.mailed ? `SF${String(id).padStart(12, '0')}` : null,
          closedAt, closedNow ? closeDay : status === 'withdrawn' ? day : null, ev ? ev[4] : receivedAt,
        ].map(field).join('\t'));
        {
          caseKeys.length = 0;
          caseKeys.push(0, 1 * 2 ** 32 + s.dept, 2 * 2 ** 32 + s.itemId, 3 * 2 ** 32 + site.id);
          if (visit.window !== null) caseKeys.push(4 * 2 ** 32 + visit.window);
          if (visit.clerk !== null) caseKeys.push(5 * 2 ** 32 + visit.clerk);
          vRec[0] = 1; // received
          vRec[1] = accepted ? 1 : 0;
          vRec[2] = status === 'refused' ? 1 : 0;
          addDay(r, vRec);
          if (decidedNow && accepted && due !== null) {
            const dd = WD[l.decided]!;
            const ordD = wdOrd(l.decided);
            vDec[3] = 1;
            vDec[4] = dd <= due ? 1 : 0;
            vDec[5] = dd <= due && ordD < wdOrd(dueIdx) ? 1 : 0;
            vDec[6] = dd > due ? 1 : 0;
            vDec[7] = Math.max(0, ordD - wdOrd(r) - pausedDays);
            vDec[8] = 1;
            addDay(l.decided, vDec);
          }
        }
        if ((i & 1023) === 1023) {
          for (const w of writers) if (w.buffered > 1 << 20) await w.flush();
          await setImmediate(); // let the sockets drain while the next rows are built
        }
      }
      for (const [k] of [...dailyAgg]) if (k <= r) emitDay(k);
      for (const w of writers) await w.flush();
      if (performance.now() - lastLog > 20_000 || di === DAYS.length - 1) {
        lastLog = performance.now();
        log(`  ${day}: ${fmtInt(caseId)} / ${fmtInt(N_CASES)} cases (${fmtInt(caseId / secs(tCopy))} cases/s with their visits, events, batches and numbers)`);
      }
    }
    flushBatches(Number.MAX_SAFE_INTEGER);
    for (const k of [...dailyAgg.keys()].sort((a, b) => a - b)) emitDay(k);
    for (const w of writers) await w.close();
    const copySeconds = secs(tCopy);
    phases.push({
      name: 'generation + COPY', seconds: copySeconds,
      note: `Node builds the rows, one COPY … FREEZE per table on its own connection: ${writers.map((w) => `${w.table} ${fmtInt(w.rows)}`).join(', ')}`,
    });
    log(`COPY done in ${copySeconds.toFixed(0)} s; status: ${[...statusCounts].map(([k, v]) => `${k} ${fmtInt(v)}`).join(', ')}; open and past due (not paused) ${fmtInt(redOpen)}`);

    // document-number years and gaps (each gap with its alert, as the check raises them)
    const tDoc = performance.now();
    await gen.query('begin');
    for (const [key, highest] of docSeq) {
      const [series, year] = key.split(':').map(Number);
      await gen.query('insert into docno_years (series_id, year, highest, registered) values ($1, $2, $3, $4)', [series, year, highest, docCount.get(key)]);
    }
    for (const gp of gaps) {
      const [a] = (await gen.query<{ id: string }>(`insert into supervision_alerts (kind, severity, status, dedupe_key, title, detail, department_id, series_id, opened_at, opened_on, updated_at)
        select 'docno_gap', 'serious', 'open', null, d.name || ' 文号缺号 1 个：' || $1, jsonb_build_object('missing', jsonb_build_array($1::text), 'year', $2::int), d.id, $3, $4::timestamptz, ($4::timestamptz at time zone 'Asia/Shanghai')::date, $4::timestamptz
        from departments d where d.id = $5 returning id`, [gp.no, gp.year, gp.series, gp.at, gp.dept])).rows;
      await gen.query('insert into docno_gaps (series_id, year, seq, document_no, alert_id) values ($1, $2, $3, $4, $5)', [gp.series, gp.year, gp.seq, gp.no, a!.id]);
    }
    await gen.query('commit');
    phases.push({ name: 'document-number years and gaps', seconds: secs(tDoc), note: `${docSeq.size} (series, year) rows, ${gaps.length} missing numbers with their alerts` });
  } catch (err) {
    for (const w of writers) await w.abort();
    throw err;
  }
  for (const [t, col] of [['case_visits', 'id'], ['cases', 'id'], ['case_events', 'id'], ['case_handovers', 'id'], ['docno_numbers', 'id']] as const) {
    await gen.query(`select setval(pg_get_serial_sequence('${t}', '${col}'), greatest(1, (select coalesce(max(${col}), 0) from ${t})))`);
  }

  // --- indexes again (two connections, biggest first), then the foreign keys (PostgreSQL checks every row)
  const tIdx = performance.now();
  const sizeOf = new Map((await q<{ t: string; b: string }>(`select relname as t, pg_relation_size(oid)::text as b from pg_class where relname = any($1)`, [LOADED_TABLES])).map((r) => [r.t, Number(r.b)]));
  const queue = [...saved.indexes].sort((a, b) => (sizeOf.get(b.table) ?? 0) - (sizeOf.get(a.table) ?? 0));
  const idxTimes: { name: string; seconds: number }[] = [];
  await Promise.all([0, 1].map(async () => {
    const c = new pg.Client({ connectionString: URL_ });
    await c.connect();
    await c.query(`set maintenance_work_mem = '2GB'`);
    try {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const t = performance.now();
        await c.query(job.create);
        idxTimes.push({ name: job.name, seconds: secs(t) });
      }
    } finally {
      await c.end();
    }
  }));
  for (const i of saved.indexes) if (i.attach) await gen.query(i.attach); // primary keys and unique constraints on their new indexes
  phases.push({ name: 'index builds', seconds: secs(tIdx), note: `${saved.indexes.length} indexes on two connections; slowest: ${[...idxTimes].sort((a, b) => b.seconds - a.seconds).slice(0, 3).map((x) => `${x.name} ${x.seconds.toFixed(0)} s`).join(', ')}` });
  log(`indexes built in ${secs(tIdx).toFixed(0)} s`);
  const tFk = performance.now();
  await gen.query(`set maintenance_work_mem = '2GB'`);
  await gen.query(`set work_mem = '1GB'`);
  for (const k of saved.keys) await gen.query(k.create);
  phases.push({ name: 'foreign keys re-added (every row checked)', seconds: secs(tFk), note: `${saved.keys.length} constraints: ${saved.keys.map((k) => `${k.table}→${k.parent}`).filter((x, i, a) => a.indexOf(x) === i).join(', ')}` });
  log(`foreign keys re-added and checked in ${secs(tFk).toFixed(0)} s`);
  const tVac = performance.now();
  for (const t of [...LOADED_TABLES, DAILY, 'docno_years', 'docno_gaps', 'supervision_alerts']) await gen.query(`vacuum (analyze) ${t}`);
  await gen.query('analyze');
  phases.push({ name: 'VACUUM ANALYZE', seconds: secs(tVac), note: 'the copied rows are frozen and all-visible (COPY FREEZE): the vacuum only analyses' });
  log(`VACUUM ANALYZE in ${secs(tVac).toFixed(0)} s`);

  // --- rollups: the daily rows (copied with the cases) checked against MetricsService.rebuild of one day; months, running totals, light snapshot
  const tRoll = performance.now();
  const counts0 = { daily: await n1('select count(*) from case_stats_daily') };
  const firstCase = String((await q<{ d: string }>('select min(received_on)::text as d from cases'))[0]!.d);
  await gen.query('vacuum (analyze) case_stats_daily');
  // the check: the service rebuilds one day and must write exactly the same rows
  const checkDay = WD[DAYS[DAYS.length - 25]!]!;
  await gen.query('create table bench_check as select * from case_stats_daily where day = $1', [checkDay]);
  const tOne = performance.now();
  await services.metrics.rebuild(checkDay, checkDay);
  const oneDaySeconds = secs(tOne);
  const cols = `dim, member, ${STAT.join(', ')}`;
  const diff = await n1(`select count(*) from ((select ${cols} from bench_check except select ${cols} from case_stats_daily where day = $1)
    union all (select ${cols} from case_stats_daily where day = $1 except select ${cols} from bench_check)) x`, [checkDay]);
  const checkRows = await n1('select count(*) from bench_check');
  if (diff !== 0) throw new Error(`the daily rows written in SQL differ from MetricsService.rebuild(${checkDay}) in ${diff} rows`);
  await gen.query('drop table bench_check');
  const months: string[] = [];
  for (let m = monthStart(firstCase); m <= TODAY; m = addMonths(m, 1)) months.push(m);
  const tMonths = performance.now();
  await services.metrics.rollupMonths(months);
  const monthsSeconds = secs(tMonths);
  await gen.query(`update stats_rollup_state set final_through = $1::date - 1, wide_on = $1::date, last_run_at = now() where id = 1`, [TODAY]);
  for (const t of ['case_stats_daily', 'case_stats_monthly', 'case_stats_running']) await gen.query(`vacuum (analyze) ${t}`);
  const tSnap = performance.now();
  await services.database.tx((tx) => services.lights.snapshot(tx));
  const snapSeconds = secs(tSnap);
  phases.push({
    name: 'rollups and light snapshot', seconds: secs(tRoll),
    note: `daily rows summed in Node while the cases were made (rollupDay's definitions; copied with them, ${fmtInt(counts0.daily)} rows); `
      + `equal to MetricsService.rebuild(${checkDay}) (${fmtInt(checkRows)} rows compared; the service took ${oneDaySeconds.toFixed(1)} s for that day); `
      + `rollupMonths of ${months.length} months ${monthsSeconds.toFixed(0)} s; LightService.snapshot ${snapSeconds.toFixed(1)} s`,
  });
  log(`rollups written and checked in ${secs(tRoll).toFixed(0)} s`);
  await gen.query('checkpoint');
}

// the load (functions above are hoisted, but their constants must be initialised first)
if (!REUSE) {
  const tSetup = performance.now();
  const database = await openDatabase(config.database, { poolSize: 4 });
  await database.migrate();
  const services = createServices(database, config);
  await loadDemo(services);
  await services.calendar.syncWorkingDays();
  phases.push({ name: 'migrate + demo district', seconds: secs(tSetup), note: 'openDatabase → migrate → createServices → loadDemo → syncWorkingDays' });
  log('migrated, demo district loaded');
  const gen = new pg.Client({ connectionString: URL_ });
  await gen.connect();
  try {
    await generate(services, gen);
  } finally {
    await gen.end();
    await database.close();
  }
  // a checkpoint of the load, then the ordinary settings for measuring
  const tr = performance.now();
  await cluster.restart(MEASURE_SETTINGS);
  phases.push({ name: 'restart with the measuring settings', seconds: secs(tr), note: 'checkpoint (pg_ctl stop -m fast) and start' });
  // kept with the dataset: a --reuse run reports the load it measures
  writeFileSync(path.join(DIR, 'load.json'), JSON.stringify({ at: new Date().toISOString(), commit: COMMIT_AT_START, phases, shape: shapeGen }));
  log('cluster restarted with the measuring settings');
}

let loadRecordedAt: string | null = null;
if (REUSE && existsSync(path.join(DIR, 'load.json'))) {
  const saved = JSON.parse(readFileSync(path.join(DIR, 'load.json'), 'utf8')) as { at: string; commit: string; phases: Phase[]; shape: Shape | null };
  phases.push(...saved.phases);
  shapeGen = saved.shape;
  loadRecordedAt = `${saved.at.slice(0, 16).replace('T', ' ')} UTC, commit ${saved.commit}`;
}

// ---------------------------------------------------------------------------------------------
// 3. measuring: the real services through a Drizzle logger

const { app, database: logged, capture } = await capturedServices(URL_, config);
// raw statements (timing alone, EXPLAIN, what-ifs) on a pool of their own
const pool = new pg.Pool({ connectionString: URL_, max: 10 });
const admin = new pg.Client({ connectionString: URL_ });
await admin.connect();
const q = async <T = Record<string, unknown>>(text: string, values: unknown[] = []) => (await admin.query(text, values)).rows as T[];
const n1 = async (text: string, values: unknown[] = []) => Number(Object.values((await q(text, values))[0]!)[0]);

// what the dataset holds (read back, so --reuse reports the same)
const counts: Record<string, number> = {};
for (const t of ['departments', 'sites', 'windows', 'users', 'catalog_items', 'catalog_sub_items', 'checklist_versions', ...LOADED_TABLES, 'docno_years', 'docno_gaps', 'supervision_alerts', 'case_stats_daily', 'case_stats_monthly', 'case_stats_running', 'open_light_counts']) {
  counts[t] = await n1(`select count(*) from ${t}`);
}
const byStatus = await q<{ status: string; n: string }>('select status, count(*) as n from cases group by 1 order by 2 desc');
const open = byStatus.filter((r) => OPEN_SQL.includes(`'${r.status}'`) || ['approved', 'denied', 'ready'].includes(r.status)).reduce((a, r) => a + Number(r.n), 0);
const red = await n1(`select count(*) from cases c where c.status in ${OPEN_SQL} and coalesce(c.paused_on, $1::date) > c.promised_due`, [TODAY]);
const sizes = await q<{ name: string; heap: string; idx: string; total: string }>(`select c.relname as name, pg_size_pretty(pg_relation_size(c.oid)) as heap,
    pg_size_pretty(pg_indexes_size(c.oid)) as idx, pg_size_pretty(pg_total_relation_size(c.oid)) as total
  from pg_class c where c.relname = any($1) order by pg_total_relation_size(c.oid) desc`, [[...LOADED_TABLES, 'case_stats_daily', 'case_stats_running']]);
const dbSize = String((await q<{ s: string }>(`select pg_size_pretty(pg_database_size(current_database())) as s`))[0]!.s);
const big = (await q<{ id: number; code: string; name: string; n: string; open: string }>(`select d.id, d.code, d.name, count(*) as n,
    count(*) filter (where c.status in ('handed_over', 'in_review', 'inspecting', 'suspended')) as open
  from cases c join departments d on d.id = c.department_id group by d.id order by count(*) desc limit 1`))[0]!;
const deptShare = await q<{ code: string; n: string }>(`select d.code, count(*) as n from cases c join departments d on d.id = c.department_id group by 1 order by 2 desc limit 5`);
const series = (await q<{ id: number; pattern: string; year: number; highest: number; registered: number }>(`select s.id, s.pattern, y.year, y.highest, y.registered
  from docno_series s join docno_years y on y.series_id = s.id where s.department_id = $1 order by y.registered desc limit 1`, [big.id]))[0]!;
const byHour = await q<{ h: number; n: string }>(`select extract(hour from received_at at time zone 'Asia/Shanghai')::int as h, count(*) as n from cases
  where id % 100 = 0 group by 1 order by 1`);
log(`dataset: ${fmtInt(counts.cases!)} cases (${fmtInt(open)} open, ${fmtInt(red)} red), database ${dbSize}`);

const user = (over: Partial<UserActor> & Pick<UserActor, 'username' | 'roles'>): UserActor => ({
  kind: 'user', userId: 1, displayName: over.username, departmentId: null, siteId: null, mustChangePassword: false,
  sessionId: null, requestId: null, ip: null, ...over,
});
const userId = async (sqlText: string, values: unknown[]) => (await q<{ id: number }>(sqlText, values))[0]?.id ?? 1;
const approver = user({ username: `approver(${big.code})`, roles: ['approver'], departmentId: big.id,
  userId: await userId(`select id from users where 'approver' = any(roles) and department_id = $1 order by id limit 1`, [big.id]) });
const supervisor = user({ username: 'supervisor1', roles: ['supervisor'], userId: await userId(`select id from users where username = 'supervisor1'`, []) });
const thisMonth = monthStart(TODAY);
const yearFrom = addMonths(thisMonth, -11);
const pattern = compileDocPattern(series.pattern) as DocPattern;
const gapCase = (await q<{ id: number; case_no: string }>(`select id::int as id, case_no from cases where department_id = $1 and status = 'in_review' order by id desc limit 1`, [big.id]))[0]!;
// random existing cases for the progress lookup: a different one each call
const maxId = await n1('select max(id) from cases');
const progressCases = await q<{ case_no: string; phone: string }>(`select case_no, applicant_phone as phone from cases
  where id = any(array(select (1 + floor(random() * $1))::bigint from generate_series(1, $2)))`, [maxId, RUNS * 4]);

class Rollback extends Error {}
/** The decision's document-number check in a transaction that is rolled back (nothing is kept). */
const gapCheck = (seq: number) => async () => {
  let no = '';
  await logged.tx(async (tx) => {
    no = await app.docNos.registerDecision(tx, approver, { id: gapCase.id, caseNo: gapCase.case_no, departmentId: big.id }, renderDocNo(pattern, series.year, seq));
    throw new Rollback();
  }).catch((e: unknown) => {
    if (!(e instanceof Rollback)) throw e;
  });
  return { rows: [no] };
};

interface Spec {
  id: string;
  title: string;
  target?: number;
  call: (run: number) => Promise<unknown>;
  rows: (r: unknown) => string;
  /** a rewrite of the captured statements for a what-if, or DDL to try (rolled back) */
  whatIf?: { title: string; ddl: string[]; rewrite?: (s: string) => string; note: string };
}
const pageRows = (r: unknown) => {
  const x = r as { items: unknown[]; total: number };
  return `${x.items.length} of ${x.total >= 10000 ? '10,000+' : fmtInt(x.total)}`;
};
// Proposed fixes are measured as what-ifs (`whatIf`: DDL tried in a rolled-back transaction and/or a rewrite of the
// captured statements). The two of the 21 M run are adopted: migration 0012 (the open-case indexes INCLUDE the light
// columns) and casesRepo.page (the page chosen before the joins) — none is pending.
const specs: Spec[] = [
  { id: 'inbox', title: `department inbox, page 1 (approver of ${big.code}, the largest department: ${fmtInt(Number(big.open))} cases in its inbox)`, target: 50,
    call: () => app.cases.inbox(approver, {}), rows: pageRows },
  { id: 'inbox-p50', title: 'department inbox, page 50 (offset 980)', target: 50, call: () => app.cases.inbox(approver, { page: 50 }), rows: pageRows },
  { id: 'overdue', title: 'supervision overdue list: case search light = red, centre-wide (亮灯监控 → 红灯办件)',
    call: () => app.cases.search(supervisor, { light: 'red' }), rows: pageRows },
  { id: 'overdue-dept', title: `supervision overdue list within the largest department (light = red, departmentId ${big.code})`,
    call: () => app.cases.search(supervisor, { light: 'red', departmentId: big.id }), rows: pageRows },
  { id: 'lights', title: 'light overview (亮灯监控: counts by department and site from the snapshot)', call: () => app.lights.overview(supervisor),
    rows: (r) => `${(r as { byDepartment: unknown[] }).byDepartment.length} departments, ${(r as { bySite: unknown[] }).bySite.length} sites` },
  { id: 'dashboard-month', title: 'dashboard, this month by department (supervisor)', target: 200,
    call: () => app.metrics.dashboard(supervisor, { from: thisMonth, to: TODAY, dimension: 'department' }), rows: (r) => `${(r as { rows: unknown[] }).rows.length} rows` },
  { id: 'dashboard-year', title: 'dashboard, 12 months by item (supervisor)', target: 200,
    call: () => app.metrics.dashboard(supervisor, { from: yearFrom, to: TODAY, dimension: 'item' }), rows: (r) => `${(r as { rows: unknown[] }).rows.length} rows` },
  { id: 'dashboard-approver', title: `dashboard, 12 months by item (approver of ${big.code})`, target: 200,
    call: () => app.metrics.dashboard(approver, { from: yearFrom, to: TODAY, dimension: 'item' }), rows: (r) => `${(r as { rows: unknown[] }).rows.length} rows` },
  { id: 'gap-next', title: `document-number check of a decision, the next number (series ${series.pattern}, ${series.year}: ${fmtInt(series.registered)} numbers)`,
    call: gapCheck(series.highest + 1), rows: () => '1 number' },
  { id: 'gap-skip', title: 'document-number check of a decision that skips two numbers (a gap alert raised)', call: gapCheck(series.highest + 3), rows: () => '1 number, 2 missing' },
  { id: 'progress', title: 'public progress lookup by case number (a random existing case each call)',
    call: (i) => app.cases.progress(progressCases[i % progressCases.length]!.case_no, progressCases[i % progressCases.length]!.phone.slice(-4)),
    rows: (r) => `${(r as { timeline: unknown[] }).timeline.length} events` },
];

interface StatementResult { sql: string; params: unknown[]; p50: number; rows: number }
interface SpecResult { spec: Spec; call: Timing; rows: string; statements: StatementResult[]; heaviest: StatementResult; plan: string; load: number;
  whatIf?: { buildMs: number; statements: { before: number; after: number; sql: string }[]; plan: string } }

/** One statement on its own connection in a transaction that is rolled back (the gap check writes). */
async function alone(c: pg.PoolClient, st: Captured, runs: number, prefix = ''): Promise<{ p50: number; rows: number }> {
  let rowsN = 0;
  try {
    const times = await timeRuns(async () => {
      await c.query('savepoint s');
      const res = await c.query({ text: `${prefix}${st.sql}`, values: st.params as unknown[] });
      rowsN = res.rowCount ?? 0;
      await c.query('rollback to savepoint s');
    }, runs);
    return { p50: summarise(times).p50, rows: rowsN };
  } catch (err) {
    // a statement that needs the ones before it in its transaction (none so far): reported, not timed
    await c.query('rollback to savepoint s');
    log(`  statement not timed alone (${(err as Error).message}): ${st.sql.replace(/\s+/g, ' ').slice(0, 100)}`);
    return { p50: Number.NaN, rows: -1 };
  }
}
const TX_CONTROL = /^\s*(begin|commit|rollback|savepoint|release)\b/i;
async function explain(c: pg.PoolClient, st: Captured): Promise<string> {
  await c.query('savepoint e');
  const res = await c.query({ text: `explain (analyze, buffers) ${st.sql}`, values: st.params as unknown[] });
  await c.query('rollback to savepoint e');
  return res.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n').split('\n').map((l) => l.trimEnd()).join('\n');
}

async function runSpec(spec: Spec): Promise<SpecResult> {
  const load = os.loadavg()[0]!;
  await spec.call(0); // warm
  const [result, captured] = await capture(() => spec.call(1));
  const c = await pool.connect();
  const statements: StatementResult[] = [];
  let plan = '';
  try {
    await c.query('begin');
    for (const st of captured.filter((x) => !TX_CONTROL.test(x.sql))) statements.push({ ...st, ...(await alone(c, st, 5)) });
    const heaviest = statements.reduce((x, y) => (y.p50 > x.p50 || Number.isNaN(x.p50) ? y : x));
    plan = await explain(c, heaviest);
  } finally {
    await c.query('rollback');
    c.release();
  }
  const heaviest = statements.reduce((x, y) => (y.p50 > x.p50 || Number.isNaN(x.p50) ? y : x));
  const times = await timeRuns((i) => spec.call(i + 2), RUNS);
  const call = summarise(times);
  const r: SpecResult = { spec, call, rows: spec.rows(result), statements, heaviest, plan, load };
  log(`${spec.id.padEnd(20)} p50 ${ms(call.p50).padStart(7)} ms  p95 ${ms(call.p95).padStart(7)} ms  (${RUNS} runs, load ${load.toFixed(1)})  ${r.rows}; ${statements.length} statements, heaviest ${ms(heaviest.p50)} ms`);
  if (spec.whatIf && (spec.target === undefined || call.p95 > spec.target || heaviest.p50 > 50)) {
    try {
      r.whatIf = await whatIf(spec, statements);
    } catch (err) {
      log(`  what-if of ${spec.id} failed: ${(err as Error).message}`);
    }
  }
  return r;
}

/** The proposed fix on the same data: DDL and rewritten statements in a transaction that is rolled back. */
async function whatIf(spec: Spec, statements: StatementResult[]): Promise<SpecResult['whatIf']> {
  const w = spec.whatIf!;
  const c = await pool.connect();
  try {
    await c.query('begin');
    await c.query(`set local maintenance_work_mem = '1GB'`);
    const tb = performance.now();
    for (const d of w.ddl) await c.query(d);
    const buildMs = performance.now() - tb;
    if (w.ddl.length) await c.query('analyze cases');
    const out: { before: number; after: number; sql: string }[] = [];
    let plan = '';
    let worst = -1;
    let changed = 0;
    for (const st of statements.filter((s) => /\bfrom cases c\b/.test(s.sql))) {
      const rewritten = { sql: w.rewrite ? w.rewrite(st.sql) : st.sql, params: st.params };
      if (rewritten.sql !== st.sql) changed++;
      const a = await alone(c, rewritten, 10);
      if (a.rows !== st.rows) throw new Error(`what-if ${spec.id}: ${a.rows} rows instead of ${st.rows}`);
      out.push({ before: st.p50, after: a.p50, sql: rewritten.sql });
      if (a.p50 > worst) {
        worst = a.p50;
        plan = await explain(c, rewritten);
      }
    }
    if (w.rewrite && !changed) throw new Error(`what-if ${spec.id}: the rewrite matches none of the captured statements`);
    log(`  what-if "${w.title}": ${out.map((o) => `${ms(o.before)} → ${ms(o.after)} ms`).join(', ')}`);
    return { buildMs, statements: out, plan };
  } finally {
    await c.query('rollback');
    c.release();
  }
}

/** A one-line note of what a plan does: the scans (index or table), rows thrown away by filters, heap fetches, sorts, execution time. */
function planNote(plan: string): string {
  const scans: string[] = [];
  for (const m of plan.matchAll(/((?:Parallel )?(?:Index Only Scan|Index Scan|Bitmap Index Scan|Bitmap Heap Scan|Seq Scan)(?: Backward)?) (?:using|on) (\w+)[^(\n]*\(cost=[^)]*\)\s+\(actual time=\S+ rows=(\d+) loops=(\d+)\)/g)) {
    const s = `${m[1]} ${m[2]} (${fmtInt(Number(m[3]) * Number(m[4]))} rows)`;
    if (!scans.includes(s)) scans.push(s);
  }
  const sum = (re: RegExp) => [...plan.matchAll(re)].reduce((a, m) => a + Number(m[1]), 0);
  const removed = sum(/Rows Removed by (?:Filter|Index Recheck): (\d+)/g);
  const fetches = sum(/Heap Fetches: (\d+)/g);
  const sorts = [...plan.matchAll(/Sort Method: ([^\n]+)/g)].map((m) => m[1]!.trim());
  const exec = /Execution Time: ([\d.]+) ms/.exec(plan)?.[1];
  return [scans.slice(0, 5).join(', ') + (scans.length > 5 ? ', …' : ''), removed ? `${fmtInt(removed)} rows removed by filters` : '', fetches ? `${fmtInt(fetches)} heap fetches` : '',
    sorts.length ? `sort: ${sorts.join('; ')}` : '', exec ? `${exec} ms in EXPLAIN ANALYZE` : ''].filter(Boolean).join('; ');
}

const results: SpecResult[] = [];
for (const spec of specs) results.push(await runSpec(spec));

// ---------------------------------------------------------------------------------------------
// 4. the report

const pgVersion = String((await q<{ v: string }>('select version() as v'))[0]!.v).split(' on ')[0];
const settingsNow = (await q<{ name: string; setting: string }>(`select name, current_setting(name) as setting from pg_settings
  where name in ('shared_buffers', 'effective_cache_size', 'work_mem', 'random_page_cost', 'jit', 'max_parallel_workers_per_gather', 'fsync', 'synchronous_commit', 'wal_level') order by name`))
  .map((x) => `${x.name}=${x.setting}`).join(', ');
const commitAtEnd = gitState();
const commit = commitAtEnd === COMMIT_AT_START ? COMMIT_AT_START : `${COMMIT_AT_START} (HEAD moved to ${commitAtEnd} during the run; the code measured is the one loaded at the start)`;
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const command = `node --import tsx bench/city.ts${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
const loadTotal = phases.reduce((a, p) => a + p.seconds, 0);
const settingsText = (s: Settings) => Object.entries(s).map(([k, v]) => `${k}=${v}`).join(', ');

const lines: string[] = [];
const P = (text = '') => lines.push(text);
P(`## City-scale data and queries at ${fmtInt(counts.cases!)} cases (\`city.ts --size ${SIZE}\`) — ${TODAY}, commit ${commit}`);
P();
P(`\`${command}\` (see README.md), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB,`);
P(`Node ${process.version}, ${pgVersion} in a cluster of its own (${DIR}). The machine is shared: "load" is the 1-minute load average when a call was measured.`);
P();
P(`- **Loading settings:** ${settingsText(LOAD_SETTINGS)}.`);
P(`- **Measuring settings** (restarted): ${settingsNow}${MEASURE_SETTINGS.max_connections ? `, max_connections=${MEASURE_SETTINGS.max_connections}` : ''} — PostgreSQL's defaults otherwise.`);
P();
P('**What was generated.**');
P();
const g = shapeGen as Shape | null; // set by generate() (TypeScript does not see it)
if (g) {
  P(`- Organisation: ${g.districts} district centres, ${g.streets} street centres (and ${g.communities} community stations of the demo), ${g.departments} departments with cases, ${fmtInt(g.windows)} intake windows, ${fmtInt(g.clerks)} intake clerks; catalog ${fmtInt(g.items)} items / ${fmtInt(g.subItems)} sub-items, each with a published checklist version.`);
  P(`- Popularity: sub-items Zipf (s = ${g.zipfSubItems}) over a random order; the city's items assigned to departments by Zipf (s = 0.8); a district centre draws 12 × a street centre's volume. Arrivals on the calendar's working days of the last 365 days (working_days), by weekday (Mon 1.12 … Fri 0.85), 9:00–17:00 in half-hour slots with a lunch dip; 12 % of cases share a visit with the case before (same applicant, window, clerk).`);
  P(`- Lifecycle (consistent by construction, from each case's own draws): received = accepted on the day (1 % refused, 0.4 % withdrawn); deadlines as acceptance computes them (promised_due / statutory_due working days after acceptance; the light is computed when read, ADR 0022); the front desk hands a department its cases in one batch a day (after 15:00: the next day), signed the same or the next working day; decided after 35–100 % of the promised limit (6 % late, 1–1.5 ×), 2.5 % with a special procedure of 5–40 working days (clock paused; due moved when it ends), 2 % returned to the front desk for 3 days, inspection for items that need it; collected after an exponential wait of mean ${g.pickupMean.toFixed(1)} working days (calibrated so that 1 case in 21 is open), 20 % mailed. A case's status is where that life is at today's date.`);
}
P(`- Rows: ${LOADED_TABLES.map((t) => `${t} ${fmtInt(counts[t]!)}`).join(', ')}; docno_years ${fmtInt(counts.docno_years!)}, docno_gaps ${fmtInt(counts.docno_gaps!)} (each with its docno_gap alert); rollups: case_stats_daily ${fmtInt(counts.case_stats_daily!)}, case_stats_monthly ${fmtInt(counts.case_stats_monthly!)}, case_stats_running ${fmtInt(counts.case_stats_running!)}, open_light_counts ${fmtInt(counts.open_light_counts!)}; catalog_sub_items ${fmtInt(counts.catalog_sub_items!)}, sites ${fmtInt(counts.sites!)}, windows ${fmtInt(counts.windows!)}, users ${fmtInt(counts.users!)}.`);
P(`- Cases by status: ${byStatus.map((r) => `${r.status} ${fmtInt(Number(r.n))}`).join(', ')} — **${fmtInt(open)} open** (not closed, refused or withdrawn), of which ${fmtInt(red)} red (past promised_due, clock running). Largest departments: ${deptShare.map((d) => `${d.code} ${(100 * Number(d.n) / counts.cases!).toFixed(1)} %`).join(', ')}. Arrivals by hour (1 % sample): ${byHour.map((h) => `${h.h}h ${(100 * Number(h.n) / byHour.reduce((a, x) => a + Number(x.n), 0)).toFixed(0)} %`).join(', ')}.`);
P('- Events: the intake\'s `received` event and the case\'s latest transition (none for cases still at the window) — what the progress page and the inbox read; the intermediate transitions, materials, notices, audit rows and ratings are not generated.');
P(`- Sizes: ${sizes.map((s) => `${s.name} ${s.total} (heap ${s.heap}, indexes ${s.idx})`).join('; ')}; database ${dbSize}.`);
P();
if (phases.length) {
  P(`**Load times** (${fmtInt(loadTotal)} s = ${(loadTotal / 60).toFixed(1)} min in all${loadRecordedAt ? `; measured by the run that generated this dataset, ${loadRecordedAt}` : ''}):`);
  P();
  P('| phase | seconds | what |');
  P('|---|---:|---|');
  for (const p of phases) P(`| ${p.name} | ${p.seconds.toFixed(1)} | ${p.note} |`);
  P();
} else {
  P('**Load times:** not measured in this run (`--reuse`: the kept dataset was measured again).');
  P();
}
P(`**Queries** — each the real service call (${RUNS} calls after a warm-up; the inbox and search run their page and capped count in parallel on a pool of 10),`);
P('with the SQL it issues captured through a Drizzle logger and each statement timed alone (5 runs, p50). Times in ms.');
P();
P('| call | rows | p50 | p95 | max | target | met | statements | heaviest statement alone | load |');
P('|---|---|---:|---:|---:|---|---|---:|---:|---:|');
for (const r of results) {
  const met = r.spec.target === undefined ? '—' : r.call.p95 < r.spec.target ? 'yes' : '**no**';
  P(`| ${r.spec.title} | ${r.rows} | ${ms(r.call.p50)} | ${ms(r.call.p95)} | ${ms(r.call.max)} | ${r.spec.target ? `p95 < ${r.spec.target} ms` : '—'} | ${met} | ${r.statements.length} | ${ms(r.heaviest.p50)} | ${r.load.toFixed(1)} |`);
}
P();
const fixes = results.filter((r) => r.whatIf);
if (fixes.length) {
  P('**Proposed fixes, measured on the same data** (index built and statements run in a transaction that is rolled back; same rows returned):');
  P();
  for (const r of fixes) {
    const w = r.whatIf!;
    const ddl = r.spec.whatIf!.ddl;
    P(`- *${r.spec.id}*: ${r.spec.whatIf!.note}. ${ddl.length ? `${ddl.map((d) => `\`${d}\``).join('; ')} (built in ${(w.buildMs / 1000).toFixed(1)} s). ` : ''}Statements reading cases, p50 alone (page, then count): ${w.statements.map((s) => `${ms(s.before)} → ${ms(s.after)} ms`).join(', ')}.`);
  }
  P();
}
P('**Plan notes** (the heaviest statement of each call under EXPLAIN (ANALYZE, BUFFERS); the plans are below):');
P();
for (const r of results) P(`- *${r.spec.id}*: ${planNote(r.plan)}.${r.whatIf ? ` What-if: ${planNote(r.whatIf.plan)}.` : ''}`);
P();
P('<details><summary>EXPLAIN (ANALYZE, BUFFERS) of the heaviest statement of each call</summary>');
P();
for (const r of results) {
  P(`**${r.spec.id}** — ${r.spec.title}; heaviest of ${r.statements.length} statements, ${ms(r.heaviest.p50)} ms alone, ${r.heaviest.rows} rows:`);
  P();
  P('```sql');
  P(inlineSql(r.heaviest));
  P('```');
  P();
  P('```text');
  P(r.plan);
  P('```');
  P();
  if (r.whatIf) {
    P(`What-if (${r.spec.whatIf!.title}), the heaviest rewritten statement:`);
    P();
    P('```text');
    P(r.whatIf.plan);
    P('```');
    P();
  }
}
P('</details>');
P();
const section = lines.join('\n');
console.log(`\n${section}`);
console.log('\nStatements of each call (p50 alone, rows):');
for (const r of results) {
  console.log(`\n--- ${r.spec.id}`);
  for (const st of r.statements) console.log(`  ${ms(st.p50).padStart(8)} ms  ${String(st.rows).padStart(6)} rows  ${inlineSql(st).replace(/\s+/g, ' ').slice(0, 160)}`);
}
if (WRITE_RESULTS) {
  writeMarkedSection(path.join(ROOT, 'bench', 'RESULTS.md'), 'bench/city.ts', section);
  log('wrote the section into bench/RESULTS.md');
}

// ---------------------------------------------------------------------------------------------
// the end

await admin.end();
await pool.end();
await logged.close();
rmSync(dataDir, { recursive: true, force: true });
cleanExit = true;
if (KEEP || REUSE) {
  cluster.stop();
  log(`kept the cluster in ${DIR} (stopped); measure it again with --reuse${KEEP ? '' : ' (or delete the folder)'}`);
} else {
  cluster.remove();
  log(`removed ${DIR}`);
}
