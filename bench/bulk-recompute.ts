#!/usr/bin/env node
/**
 * Bulk recomputes at 1,000,000 open cases (issue 14, point 8): how long do a centre light-rule change
 * (`PUT /api/supervision/light-rules/centre` → `LightService.setRule`) and a holiday-year confirmation
 * (`CalendarService.applyNotice` → the provisional-deadline recompute) take on PostgreSQL 15?
 *
 *   node --import tsx bench/bulk-recompute.ts [--cases 1000000] [--runs 3] [--dir /tmp/yc-bulk-pg]
 *        [--keep] [--reuse] [--generate-only] [--only lights|confirm] [--log-ms 300] [--no-results] [--label "after"]
 *
 * It starts a PostgreSQL 15 cluster of its own in `--dir` (initdb; shared_buffers 1 GB, max_wal_size
 * 4 GB, otherwise PostgreSQL's defaults), creates database yc_bulk, migrates it and loads the demo
 * district with the project's code (clock: 2026-12-07 10:00, 2027 not yet confirmed), then generates
 * `--cases` open cases set-based (INSERT … SELECT generate_series, 250,000 a statement) over the
 * district's published sub-items (their own limits and units), its sites and the last 60 working
 * days (more recent more likely), with a realistic mix of statuses, 4 % with an ended special
 * procedure, 5 % suspended (running procedure), 2 % with an approved extension; deadlines computed
 * on the working-day ordinals as the services compute them, so deadlines that reach into 2027 are
 * provisional (暂定). (Lights are computed when read since ADR 0022: nothing of them is generated.)
 *
 * Timed through the service code (never hand-written SQL), each `--runs` times, median quoted:
 *  1. `lights.setRule(supervisor, null, …)`: the centre rule alternately 30 %/min 2 and 20 %/min 1;
 *  2. `calendar.applyNotice(admin, 2027, test notice)`: enter + confirm 2027 and recompute every open
 *     provisional deadline, with events, audit records and SMS; before each run the provisional cases,
 *     their procedures and the 2027 calendar are put back as generated (not timed).
 * Prints a Markdown section and appends it to bench/RESULTS.md under its own markers unless
 * --no-results. --keep leaves the cluster folder (stopped) for --reuse.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { execSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/config.js';
import { loadDemo } from '../server/demo/load.js';
import type { UserActor } from '../server/platform/authz.js';
import { ManualClock } from '../server/platform/clock.js';
import { openDatabase, rows, type Database } from '../server/platform/db.js';
import { ROOT } from '../server/platform/paths.js';
import { createServices } from '../server/services.js';
import { arg, flag } from './lib/args.js';
import { fixedCluster } from './lib/cluster.js';
import { fmtInt, gitState } from './lib/measure.js';
import { writeMarkedSection } from './lib/results.js';

class GenerateOnly extends Error {}
const N = Number(arg('cases') ?? 1_000_000);
const RUNS = Number(arg('runs') ?? 3);
const DIR = arg('dir') ?? path.join(os.tmpdir(), 'yc-bulk-pg');
const KEEP = flag('keep');
const REUSE = flag('reuse');
const LABEL = arg('label') ?? '';
/** `lights` or `confirm`: time only that operation */
const ONLY = arg('only');
const CHUNK = 250_000;
const NOW = '2026-12-07T10:00:00+08:00';
const TODAY = '2026-12-07';
const NOTICE = readFileSync(path.join(ROOT, 'test/fixtures/notices/test-2027.txt'), 'utf8');
if (!Number.isInteger(N) || N < 1000) throw new Error('--cases: a whole number ≥ 1000');
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs: a whole number ≥ 1');

const log = (m: string) => console.error(`[bulk ${new Date().toISOString().slice(11, 19)}] ${m}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const s = (msv: number) => (msv / 1000).toFixed(2);

const SETTINGS: Record<string, string | number> = { shared_buffers: '1GB', max_wal_size: '4GB', maintenance_work_mem: '256MB', max_connections: 50 };
// --log-ms N: statements slower than N ms go to the cluster's log (DIR/log), to see where a run's time went
if (arg('log-ms')) SETTINGS.log_min_duration_statement = Number(arg('log-ms'));
const cluster = await fixedCluster(DIR, !REUSE, SETTINGS);
let database: Database | null = null;
try {
  if (!REUSE) {
    const admin = await openDatabase({ kind: 'postgres', url: cluster.url() }, { poolSize: 1 });
    await admin.db.execute(sql.raw('create database yc_bulk'));
    await admin.close();
  }
  const config = loadConfig({ LOG_LEVEL: 'silent', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret', DEMO_DATA: 'off', DATABASE_URL: cluster.url('yc_bulk') });
  database = await openDatabase(config.database, { poolSize: 4 });
  const db = database.db;
  const fresh = () => createServices(database!, config, new ManualClock(new Date(NOW)));
  let services = fresh();
  await database.migrate(); // a kept dataset gets the migrations added since it was generated
  if (!REUSE) {
    const t0 = performance.now();
    await loadDemo(services);
    await services.calendar.syncWorkingDays();
    log(`migrated and demo district loaded in ${s(performance.now() - t0)} s`);
    await generate(database, N);
  }
  const [shape] = await rows<{ open: number; prov: number; pauses: number; ext: number }>(db, sql`select count(*)::int as open,
    count(*) filter (where greatest(promised_due, statutory_due) >= date '2027-01-01')::int as prov,
    (select count(*)::int from case_special_procedures where end_on is not null) as pauses,
    count(*) filter (where extension_status = 'approved')::int as ext
    from cases where status in ('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned')`);
  log(`${fmtInt(shape!.open)} open cases, ${fmtInt(shape!.prov)} with a provisional deadline`);
  if (flag('generate-only')) throw new GenerateOnly();
  const [who] = await rows<{ admin: number; sup: number }>(db, sql`select (select id from users where username = 'admin') as admin, (select id from users where username = 'supervisor1') as sup`);
  const user = (id: number, username: string, roles: UserActor['roles']): UserActor => ({
    kind: 'user', userId: Number(id), username, displayName: username, roles, departmentId: null, siteId: null, mustChangePassword: false, sessionId: null, requestId: 'bench', ip: null,
  });
  const supervisor = user(who!.sup, 'supervisor1', ['supervisor']);
  const adminUser = user(who!.admin, 'admin', ['system_admin']);

  // 1. centre light rule
  const rules = [
    { yellowPercent: 30, yellowMinDays: 2, escalateAfterDays: 2, handoverDays: 1, signDays: 1, stepDays: 5 },
    { yellowPercent: 20, yellowMinDays: 1, escalateAfterDays: 2, handoverDays: 1, signDays: 1, stepDays: 5 },
  ];
  const lightRuns: { ms: number; governed: number; changed: number }[] = [];
  for (let i = 0; i < (ONLY === 'confirm' ? 0 : RUNS); i++) {
    const before = await caseVersions(database);
    const t = performance.now();
    await services.lights.setRule(supervisor, null, rules[i % 2]!);
    const took = performance.now() - t;
    const [a] = await rows<{ n: number; c: number }>(db, sql`select (data->>'governedCases')::int as n, (data->>'lightsChanged')::int as c from audit_log
      where kind = 'lights.rule_set' order by id desc limit 1`);
    const after = await caseVersions(database);
    if (after !== before) throw new Error('a light-rule change wrote case rows');
    lightRuns.push({ ms: took, governed: Number(a?.n ?? 0), changed: Number(a?.c ?? 0) });
    log(`light rule change ${i + 1}: ${s(took)} s (governedCases ${a?.n}, lightsChanged ${a?.c}, case rows written: none)`);
  }

  // 2. holiday-year confirmation
  // The provisional cases as generated, kept with the dataset (a --reuse run finds them there and starts from them).
  const [kept] = await rows<{ t: string | null }>(db, sql`select to_regclass('bench_prov_pauses')::text as t`);
  if (!kept?.t) {
    await db.execute(sql`create table bench_prov_cases as select id, promised_due, statutory_due,
      paused_days, version, updated_at from cases where greatest(promised_due, statutory_due) >= date '2027-01-01'`);
    await db.execute(sql`create table bench_prov_pauses as select p.id, p.paused_days from case_special_procedures p join bench_prov_cases b on b.id = p.case_id`);
  }
  const confirmRuns: { ms: number; cases: number; changed: number; notified: number }[] = [];
  for (let i = 0; i < (ONLY === 'lights' ? 0 : RUNS); i++) {
    if (i > 0 || kept?.t) {
      await db.execute(sql`update cases c set promised_due = b.promised_due, statutory_due = b.statutory_due,
        paused_days = b.paused_days, version = b.version,
        updated_at = b.updated_at from bench_prov_cases b where b.id = c.id`);
      await db.execute(sql`update case_special_procedures p set paused_days = b.paused_days from bench_prov_pauses b where b.id = p.id`);
      await db.execute(sql`delete from calendar_years where year = 2027`);
      await db.execute(sql`delete from calendar_overrides where date between '2027-01-01' and '2027-12-31'`);
      services = fresh();
      await services.calendar.syncWorkingDays();
      await db.execute(sql`vacuum analyze cases`);
    }
    const t = performance.now();
    const res = await services.calendar.applyNotice(adminUser, 2027, NOTICE, true); // the fixture's warnings (festivals it leaves out) are known
    const took = performance.now() - t;
    confirmRuns.push({ ms: took, ...res.deadlines });
    log(`holiday-year confirmation ${i + 1}: ${s(took)} s (${JSON.stringify(res.deadlines)})`);
    await db.execute(sql`vacuum analyze cases`);
  }

  // report
  const cpu = execSync("lscpu | sed -n 's/^Model name: *//p'").toString().trim();
  const lines = [
    `## Bulk recomputes at ${fmtInt(shape!.open)} open cases (issue 14 point 8)${LABEL ? ` — ${LABEL}` : ''}`,
    '',
    `${new Date().toISOString().slice(0, 10)} · commit ${gitState()} · ${os.cpus().length} cores (nproc ${execSync('nproc').toString().trim()}), ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB · Node ${process.version} · PostgreSQL 15 cluster of its own (${Object.entries(SETTINGS).map(([k, v]) => `${k}=${v}`).join(', ')}) · the machine's cores shared with other work during the run`,
    '',
    `Open cases ${fmtInt(shape!.open)}, of which ${fmtInt(shape!.prov)} with a provisional (暂定) deadline in 2027, ${fmtInt(shape!.pauses)} ended special procedures, ${fmtInt(shape!.ext)} approved extensions.`,
    '',
    '| operation (through the service) | runs (s) | median (s) | cases |',
    '|---|---|---|---|',
    ...(lightRuns.length ? [`| centre light-rule change \`lights.setRule\` | ${lightRuns.map((r) => s(r.ms)).join(', ')} | **${s(median(lightRuns.map((r) => r.ms)))}** | ${lightRuns.map((r) => `${fmtInt(r.governed)} governed, ${fmtInt(r.changed)} lights changed today, 0 case rows written`).join(' / ')} |`] : []),
    ...(confirmRuns.length ? [`| 2027 notice entered + confirmed \`calendar.applyNotice\` | ${confirmRuns.map((r) => s(r.ms)).join(', ')} | **${s(median(confirmRuns.map((r) => r.ms)))}** | ${fmtInt(confirmRuns[0]!.cases)} provisional, ${fmtInt(confirmRuns[0]!.changed)} changed, ${fmtInt(confirmRuns[0]!.notified)} SMS |`] : []),
  ];
  const section = lines.join('\n');
  console.log(section);
  if (!flag('no-results')) writeMarkedSection(path.join(ROOT, 'bench/RESULTS.md'), `bench/bulk-recompute.ts ${fmtInt(shape!.open)}${LABEL ? ` ${LABEL}` : ''}`, section);
} catch (err) {
  if (!(err instanceof GenerateOnly)) throw err;
} finally {
  await database?.close();
  if (KEEP) cluster.stop();
  else cluster.remove();
}

/** A checksum of every case row's version (xmin): unchanged when no case row was written. */
async function caseVersions(database: Database): Promise<string> {
  const [r] = await rows<{ s: string }>(database.db, sql`select coalesce(sum(xmin::text::bigint), 0)::text || ':' || count(*) as s from cases`);
  return r!.s;
}

/**
 * `n` open cases, set-based. Deadlines on the working-day ordinals of the calendar in working_days
 * (2027 provisional): working unit → the working day `limit` working days after acceptance; natural
 * → acceptance + limit, moved to the next working day; + an ended procedure's working days + 10 for
 * an approved extension.
 */
async function generate(database: Database, n: number): Promise<void> {
  const db = database.db;
  const t0 = performance.now();
  await db.execute(sql`drop table if exists bench_subs`);
  await db.execute(sql`create table bench_subs as
    select row_number() over (order by s.id) as k, s.id as sub_item_id, s.item_id, i.department_id, v.id as cv_id,
           i.promised_limit, i.promised_unit, i.statutory_limit, i.statutory_unit, i.approval_steps
    from catalog_sub_items s join catalog_items i on i.id = s.item_id
    join lateral (select v.id from checklist_versions v where v.sub_item_id = s.id and v.status = 'published' order by v.id desc limit 1) v on true
    where i.case_type = 'promised' and i.promised_limit > 0`);
  await db.execute(sql`drop table if exists bench_sites`);
  // the district centre takes 60 %, the street centres share the rest
  await db.execute(sql`create table bench_sites as select row_number() over (order by id) as k, id from sites where level in ('district', 'street') and active`);
  const [cnt] = await rows<{ subs: number; sites: number; uid: number }>(db, sql`select (select count(*)::int from bench_subs) as subs, (select count(*)::int from bench_sites) as sites,
    (select id from users where username = 'approver_scjg') as uid`);
  log(`${cnt!.subs} promised sub-items with a published checklist, ${cnt!.sites} sites`);
  const [o] = await rows<{ today: number }>(db, sql`select wd_ord(${TODAY}::date) as today`);
  const ordToday = Number(o!.today);
  const [vb] = await rows<{ v: number }>(db, sql`select coalesce(max(id), 0)::bigint as v from case_visits`);
  const visitBase = Number(vb!.v);
  await db.execute(sql`create unique index if not exists bench_wd_ord on working_days (ordinal)`); // dropped below: the migration's index is what counts
  for (let lo = 0; lo < n; lo += CHUNK) {
    const hi = Math.min(n, lo + CHUNK) - 1;
    const tc = performance.now();
    await database.tx(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`); // foreign keys checked at the end (same ids as the district's)
      await tx.execute(sql`
      with g as materialized (
        select i, random() as u_sub, random() as u_site, random() as u_acc, random() as u_st, random() as u_p, random() as u_x from generate_series(${lo}::bigint, ${hi}::bigint) i
      ), a as materialized (
        select g.*, b.sub_item_id, b.item_id, b.department_id, b.cv_id, b.promised_limit, b.promised_unit, b.statutory_limit, b.statutory_unit, b.approval_steps,
               st.id as site_id, w.day as accepted_on, w.ordinal as acc_ord,
               case when g.u_st < 0.10 then 'accepted' when g.u_st < 0.25 then 'handed_over' when g.u_st < 0.78 then 'in_review'
                    when g.u_st < 0.86 then 'inspecting' when g.u_st < 0.91 then 'suspended' else 'returned' end as status,
               case when g.u_p < 0.04 then 2 + floor(g.u_x * 10)::int else 0 end as paused,
               (g.u_p >= 0.04 and g.u_p < 0.06) as ext
        from g
        join bench_subs b on b.k = 1 + floor(g.u_sub * ${cnt!.subs})::int
        join bench_sites st on st.k = case when g.u_site < 0.6 then 1 else 2 + floor(g.u_x * ${cnt!.sites - 1})::int end
        join working_days w on w.ordinal = ${ordToday} - floor(power(g.u_acc, 1.7) * 60)::int
      ), d as materialized (
        select a.*,
          case when a.promised_unit = 'working' then (select day from working_days where ordinal = a.acc_ord + a.promised_limit)
               else (select day from working_days where day >= a.accepted_on + a.promised_limit order by day limit 1) end as p0,
          case when a.statutory_unit = 'working' then (select day from working_days where ordinal = a.acc_ord + a.statutory_limit)
               else (select day from working_days where day >= a.accepted_on + a.statutory_limit order by day limit 1) end as s0
        from a
      ), e as materialized (
        select d.*, (select day from working_days where ordinal = wd_ord(d.p0) + d.paused + case when d.ext then 10 else 0 end) as pdue,
               (select day from working_days where ordinal = wd_ord(d.s0) + d.paused + case when d.ext then 10 else 0 end) as sdue
        from d
      ), v as (
        insert into case_visits (id, client_key, site_id, created_at) overriding system value
        select ${visitBase}::bigint + e.i + 1, 'bench-bulk-' || e.i, e.site_id, (e.accepted_on + time '09:30') at time zone 'Asia/Shanghai' from e
      ), c as (
        insert into cases (case_no, visit_id, sub_item_id, item_id, department_id, site_id, checklist_version_id, channel, applicant_type, applicant_name,
          applicant_id_no, applicant_phone, status, step, approval_steps, case_type, promised_limit, promised_unit, statutory_limit, statutory_unit,
          received_at, received_on, accepted_at, accepted_on, promised_due, statutory_due,
          paused_on, paused_days, extension_status, updated_at)
        select 'BULK' || to_char(e.accepted_on, 'YYYYMMDD') || lpad(e.i::text, 8, '0'), ${visitBase}::bigint + e.i + 1, e.sub_item_id, e.item_id, e.department_id,
          e.site_id, e.cv_id, 'window', 'person',
          (array['王','李','张','刘','陈','杨','黄','赵','吴','周'])[1 + e.i % 10] || (array['伟','芳','娜','敏','静','强','磊','军','洋','勇'])[1 + (e.i / 10) % 10],
          '440106' || to_char(date '1950-01-01' + (e.i % 25000)::int, 'YYYYMMDD') || lpad((e.i % 1000)::text, 3, '0') || (e.i % 10)::text,
          '13' || lpad(((e.i * 7919 + 12345) % 1000000000)::text, 9, '0'),
          e.status, 1, e.approval_steps, 'promised', e.promised_limit, e.promised_unit, e.statutory_limit, e.statutory_unit,
          (e.accepted_on + time '09:30') at time zone 'Asia/Shanghai', e.accepted_on, (e.accepted_on + time '09:40') at time zone 'Asia/Shanghai', e.accepted_on,
          e.pdue, e.sdue,
          case when e.status = 'suspended' then greatest(e.accepted_on, ${TODAY}::date - 3) end, e.paused,
          case when e.ext then 'approved' end, (e.accepted_on + time '10:00') at time zone 'Asia/Shanghai'
        from e
        returning id, paused_days, accepted_on, paused_on
      )
      insert into case_special_procedures (case_id, kind, reason, expected_days, start_on, end_on, paused_days, result, started_by, ended_by)
      select c.id, 'testing', '检验检测', c.paused_days + 2, w1.day, w2.day, c.paused_days, '检测完成', ${cnt!.uid}::int, ${cnt!.uid}::int
      from c join working_days w1 on w1.ordinal = wd_ord(c.accepted_on) + 1 join working_days w2 on w2.ordinal = wd_ord(c.accepted_on) + 1 + c.paused_days
      where c.paused_days > 0
      union all
      select c.id, 'hearing', '听证', 10, c.paused_on, null::date, null::int, null::text, ${cnt!.uid}::int, null::int from c where c.paused_on is not null`);
    });
    log(`  ${fmtInt(hi + 1)} / ${fmtInt(n)} cases (${fmtInt((hi - lo + 1) / ((performance.now() - tc) / 1000))} cases/s)`);
  }
  await db.execute(sql`drop index bench_wd_ord`);
  await db.execute(sql`select setval(pg_get_serial_sequence('case_visits', 'id'), (select max(id) from case_visits))`);
  const [bad] = await rows<{ n: number }>(db, sql`select count(*)::int as n from cases c where c.promised_due is null or c.statutory_due is null
    or not exists (select 1 from catalog_sub_items s where s.id = c.sub_item_id) or not exists (select 1 from sites s where s.id = c.site_id)`);
  if (Number(bad!.n) > 0) throw new Error(`${bad!.n} generated cases without deadlines or with a dangling key`);
  await db.execute(sql`vacuum analyze`);
  log(`generated ${fmtInt(n)} open cases in ${s(performance.now() - t0)} s`);
}
