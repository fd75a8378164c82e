#!/usr/bin/env node
/**
 * Case query plans at scale: do the department inbox, case search and the public progress lookup
 * use the indexes of server/modules/cases/cases.tables.ts on a big `cases` table?
 *
 *   node --import tsx bench/case-plans.ts [--cases 2000000] [--chunk 250000] [--runs 20]
 *        [--db yc_plans] [--keep] [--reuse] [--no-whatif] [--out docs/case-query-plans.md]
 *
 * DATABASE_URL names a PostgreSQL server (default postgres://postgres@127.0.0.1:54329/postgres); the
 * bench creates its own database there (`--db`, default yc_plans), migrates it and loads the demo
 * district with the project's own code (openDatabase → migrate → createServices → loadDemo →
 * syncWorkingDays), generates N cases in SQL (generate_series, in chunks), VACUUM ANALYZEs, then
 * calls the real CaseService (inbox / search / progress) through a Drizzle logger to capture the
 * exact SQL it issues, and runs each statement under EXPLAIN (ANALYZE, BUFFERS) and `--runs` times
 * for p50/p95. The plans and timings go to docs/case-query-plans.md. The database is dropped at the
 * end unless --keep; --reuse runs the queries again on a kept database without generating.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { CaseSearchQuery } from '../server/modules/cases/cases.schemas.js';
import { loadConfig } from '../server/config.js';
import * as schema from '../server/db/schema.js';
import { loadDemo } from '../server/demo/load.js';
import type { UserActor } from '../server/platform/authz.js';
import { systemClock } from '../server/platform/clock.js';
import { openDatabase, type Database } from '../server/platform/db.js';
import { ROOT } from '../server/platform/paths.js';
import { createServices } from '../server/services.js';
import { arg, flag } from './lib/args.js';
import { capturedServices, type Captured } from './lib/capture.js';

// ---------------------------------------------------------------------------------------------
// arguments

const N = Number(arg('cases') ?? 2_000_000);
const CHUNK = Number(arg('chunk') ?? 250_000);
const RUNS = Number(arg('runs') ?? 20);
const DB_NAME = arg('db') ?? 'yc_plans';
const KEEP = flag('keep');
const REUSE = flag('reuse');
const WHATIF = !flag('no-whatif');
const OUT = path.resolve(ROOT, arg('out') ?? 'docs/case-query-plans.md');
if (!Number.isInteger(N) || N < 10_000) throw new Error('--cases: a whole number ≥ 10000');
if (!Number.isInteger(CHUNK) || CHUNK < 1000) throw new Error('--chunk: a whole number ≥ 1000');
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs: a whole number ≥ 1');
// The bench drops this database at the end: only ever one of its own.
if (!/^yc_plans\w*$/.test(DB_NAME)) throw new Error('--db: must start with yc_plans (the bench creates and drops it)');

const BASE_URL = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:54329/postgres';
if (!/^postgres(ql)?:\/\//.test(BASE_URL)) throw new Error('DATABASE_URL: a postgres:// URL of a PostgreSQL server');
const dbUrl = new URL(BASE_URL);
dbUrl.pathname = `/${DB_NAME}`;
const URL_ = dbUrl.toString();

const t0 = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
const fmtInt = (n: number) => n.toLocaleString('en-US');

// ---------------------------------------------------------------------------------------------
// 1. database: our own, migrated, with the demo district, by the project's own code

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: BASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const exists = await admin(async (c) => (await c.query('select 1 from pg_database where datname = $1', [DB_NAME])).rowCount === 1);
if (REUSE && !exists) throw new Error(`--reuse: database ${DB_NAME} does not exist (run once with --keep)`);
if (!REUSE) {
  await admin(async (c) => {
    if (exists) await c.query(`drop database ${DB_NAME} with (force)`);
    await c.query(`create database ${DB_NAME}`);
  });
  log(`created database ${DB_NAME}`);
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'yc-plans-'));
const config = loadConfig(
  { DATABASE_URL: URL_, LOG_LEVEL: 'silent', DEMO_DATA: 'off', DATA_DIR: dataDir, SESSION_SECRET: 'bench-case-plans-bench-case-plans-0001' },
  ROOT,
);
const database = await openDatabase(config.database, { poolSize: 4 });
await database.migrate();
const services = createServices(database, config);
if (!REUSE) {
  await loadDemo(services);
  log('migrated, demo district loaded');
}
await services.calendar.syncWorkingDays();

const TODAY = systemClock.today();
const gen = new pg.Client({ connectionString: URL_ });
await gen.connect();
const q1 = async <T = Record<string, unknown>>(text: string, values: unknown[] = []) => (await gen.query(text, values)).rows[0] as T;

// ---------------------------------------------------------------------------------------------
// 2. N synthetic cases, in SQL

/** Share of the volume by department (a district centre: market regulation and social security lead). */
const DEPT_WEIGHTS: Record<string, number> = {
  SCJGJ: 24, RSJ: 12, GAFJ: 10, YBJ: 8, MZJ: 6, WJJ: 6, ZJJ: 5, GZFJ: 4, JTJ: 4, JYJ: 3, SWUJ: 3, WGLTJ: 3,
  TYJRJ: 2, SFJ: 2, NYJ: 2, SWJ: 2, YJJ: 2, CGJ: 2, FGJ: 1,
};

let loadSeconds = 0;
let fkChecked = 0;
let fkTriggersOff = false;
if (!REUSE) {
  const tLoad = performance.now();
  await gen.query('select setseed(0.2026)');
  await gen.query(`set synchronous_commit = off`);
  // Foreign-key triggers cost ~70 % of a bulk insert here (a FOR KEY SHARE lookup per key per row):
  // they are off for this session's inserts (as in a logical-replication apply) and every key is
  // checked afterwards in one anti-join per constraint. CHECK, NOT NULL and unique stay enforced.
  try {
    await gen.query(`set session_replication_role = replica`); // needs a superuser
    fkTriggersOff = true;
  } catch {
    log('not a superuser: foreign-key triggers stay on (the load is about 3 times slower)');
  }
  await gen.query(`set maintenance_work_mem = '1GB'`);
  await gen.query(`set work_mem = '256MB'`); // the generated chunk stays in memory
  // One slot per share of the volume: sub-items of a department share its weight equally.
  await gen.query(`
    create table bench_picks as
    with w(code, weight) as (values ${Object.entries(DEPT_WEIGHTS).map(([c, w]) => `('${c}', ${w})`).join(', ')}),
    s as (
      select s.id as sub_item_id, i.id as item_id, i.department_id, cv.id as checklist_version_id, i.approval_steps,
             i.promised_limit, i.promised_unit, i.statutory_limit, i.statutory_unit, i.case_type, i.subject_type,
             coalesce(w.weight, 1) as weight, count(*) over (partition by i.department_id) as n_in_dept
      from catalog_sub_items s join catalog_items i on i.id = s.item_id join departments d on d.id = i.department_id
      left join w on w.code = d.code
      join lateral (select v.id from checklist_versions v where v.sub_item_id = s.id and v.status = 'published'
                    order by v.effective_from desc, v.id desc limit 1) cv on true
    )
    select (row_number() over (order by sub_item_id, g) - 1)::int as slot, s.*
    from s, generate_series(1, greatest(1, round(s.weight * 200.0 / s.n_in_dept)::int)) g`);
  // Sites: the district centre takes most of the volume, then the street centres, then the community stations.
  await gen.query(`
    create table bench_sites as
    select (row_number() over (order by s.id, g) - 1)::int as slot, s.id as site_id, s.code as site_code
    from sites s, generate_series(1, case s.level when 'district' then 130 when 'street' then 10 else 2 end) g`);
  // The working days of the last 365 days, oldest first (weekdays where the calendar is not maintained).
  await gen.query(`
    create table bench_days as
    select (row_number() over (order by d) - 1)::int as k, d::date as day
    from generate_series($1::date - 364, $1::date, interval '1 day') d
    where exists (select 1 from working_days w where w.day = d::date)
       or (not exists (select 1 from working_days w where extract(year from w.day) = extract(year from d))
           and extract(isodow from d) < 6)`, [TODAY]);
  for (const t of ['bench_picks', 'bench_sites', 'bench_days']) await gen.query(`analyze ${t}`);
  const M = Number((await q1<{ n: string }>('select count(*) n from bench_picks')).n);
  const S = Number((await q1<{ n: string }>('select count(*) n from bench_sites')).n);
  const NWD = Number((await q1<{ n: string }>('select count(*) n from bench_days')).n);
  const visitBase = Number((await q1<{ n: string }>('select coalesce(max(id), 0) n from case_visits')).n);
  log(`generating ${fmtInt(N)} cases: ${M} sub-item slots over ${Object.keys(DEPT_WEIGHTS).length} departments, ${S} site slots, ${NWD} working days`);

  for (let lo = 0; lo < N; lo += CHUNK) {
    const hi = Math.min(N, lo + CHUNK) - 1;
    const tc = performance.now();
    const before = Number((await q1<{ n: string }>('select coalesce(max(id), 0) n from cases')).n);
    // Row i (0-based) is received on working day k = i·NWD/N: ids follow time, as in production.
    // Its number is <site><yyyymmdd><seq:5>, seq counting the day's cases (unique over all sites).
    await gen.query(
      `
      with g as materialized (
        select i, (i * $4::bigint / $3)::int as k,
               floor(random() * $5)::int as pslot, floor(random() * $6)::int as sslot,
               random() as r_status, random() as r_a, random() as r_b, random() as r_c, random() as r_d, random() as r_e
        from generate_series($1::bigint, $2::bigint) i
      ), s as materialized (
        select g.*, d.day as received_on, ($4 - 1 - g.k) as age, g.i - (g.k::bigint * $3 + $4 - 1) / $4 + 1 as seq,
               p.sub_item_id, p.item_id, p.department_id, p.checklist_version_id, p.approval_steps, p.promised_limit, p.promised_unit,
               p.statutory_limit, p.statutory_unit, p.case_type, st.site_id, st.site_code,
               ((d.day + time '08:45') + g.r_c * interval '8 hours') at time zone 'Asia/Shanghai' as received_at,
               case when g.r_b < 0.3 then 'entity' else 'person' end as applicant_type,
               case when g.r_b < 0.3 then floor(power(g.r_d, 2) * 60000)::bigint else floor(g.r_d * $3 * 0.6)::bigint end as app,
               case
                 when $4 - 1 - g.k < 25 and g.r_status < 0.50 then
                   case when g.r_a < 0.30 then 'handed_over' when g.r_a < 0.75 then 'in_review' when g.r_a < 0.87 then 'inspecting' else 'suspended' end
                 when $4 - 1 - g.k >= 25 and g.r_status < 0.002 then 'in_review'
                 when $4 - 1 - g.k < 3 and g.r_status < 0.56 then 'accepted'
                 when $4 - 1 - g.k < 10 and g.r_status < 0.54 then 'ready'
                 when g.r_status > 0.99 then 'refused'
                 when g.r_status > 0.985 then 'withdrawn'
                 else 'closed'
               end as status
        from g join bench_days d on d.k = g.k join bench_picks p on p.slot = g.pslot join bench_sites st on st.slot = g.sslot
      ), x as materialized (
        select s.*,
               case when s.status in ('handed_over', 'in_review', 'inspecting', 'suspended') then
                      case when s.age >= 25 then s.received_on + 30
                           else greatest(s.received_on + 1, $7::date + (floor(s.r_e * 30)::int - 3)) end
                    when s.status = 'refused' then null
                    else s.received_on + ceil(s.promised_limit * 1.4)::int end as promised_due,
               case when s.status in ('ready', 'closed') then least($7::date, s.received_on + floor(s.r_e * greatest(s.promised_limit, 1) * 1.3)::int) end as decided_on
        from s
      ), v as (
        insert into case_visits (id, client_key, site_id, created_at) overriding system value
        select $8::bigint + x.i + 1, 'bench-' || x.i, x.site_id, x.received_at from x
        returning id
      )
      insert into cases (
        case_no, visit_id, sub_item_id, item_id, department_id, site_id, checklist_version_id, channel, applicant_type,
        applicant_name, applicant_id_no, applicant_phone, status, step, approval_steps, case_type, promised_limit, promised_unit,
        statutory_limit, statutory_unit, with_missing, received_at, received_on, accepted_at, accepted_on, promised_due,
        statutory_due, paused_on, decision, document_no, decided_at, decided_on, result_registered_at,
        delivery_method, tracking_no, closed_at, closed_on, updated_at)
      select
        x.site_code || to_char(x.received_on, 'YYYYMMDD') || lpad(x.seq::text, 5, '0'),
        $8::bigint + x.i + 1, x.sub_item_id, x.item_id, x.department_id, x.site_id, x.checklist_version_id,
        case when x.r_a < 0.80 then 'window' when x.r_a < 0.97 then 'online' else 'mail' end,
        x.applicant_type,
        case when x.applicant_type = 'entity'
             then '示范区' || (array['宏达','恒信','华南','新源','嘉禾','瑞丰','安泰','博远'])[1 + x.app % 8] || x.app || '有限公司'
             else (array['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','朱','胡','郭','何','林','罗','梁'])[1 + x.app % 20]
               || (array['伟','芳','娜','敏','静','丽','强','磊','军','洋','勇','艳','杰','娟','涛','明','超','秀英','华','平'])[1 + (x.app / 20) % 20]
        end,
        case when x.applicant_type = 'entity'
             then '91440101' || lpad(x.app::text, 9, '0') || substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + (x.app % 31)::int, 1)
             else '440106' || to_char(date '1950-01-01' + (x.app % 25000)::int, 'YYYYMMDD') || lpad(((x.app / 25000) % 1000)::text, 3, '0')
                  || substr('0123456789X', 1 + (x.app % 11)::int, 1)
        end,
        '13' || lpad(((x.app * 7919 + 12345) % 1000000000)::text, 9, '0'),
        x.status,
        case when x.status in ('ready', 'closed') then x.approval_steps
             when x.status = 'in_review' then least(x.approval_steps, 1 + floor(x.r_e * x.approval_steps)::int)
             else 1 end,
        x.approval_steps, x.case_type, x.promised_limit, x.promised_unit, x.statutory_limit, x.statutory_unit,
        x.r_d < 0.03, x.received_at, x.received_on,
        case when x.status <> 'refused' then x.received_at end, case when x.status <> 'refused' then x.received_on end,
        x.promised_due,
        case when x.status <> 'refused' then greatest(x.promised_due, x.received_on + ceil(x.statutory_limit * 1.4)::int) end,
        case when x.status = 'suspended' then $7::date - floor(x.r_e * 5)::int end,
        case when x.decided_on is not null then case when x.r_a < 0.97 then 'approved' else 'denied' end end,
        case when x.decided_on is not null and x.r_a < 0.97 then 'SFQ许' || to_char(x.decided_on, 'YYYY') || '-' || lpad(x.i::text, 9, '0') end,
        (x.decided_on + time '15:30') at time zone 'Asia/Shanghai', x.decided_on,
        (x.decided_on + time '16:30') at time zone 'Asia/Shanghai',
        case when x.status = 'closed' then case when x.r_c < 0.8 then 'collected' else 'mailed' end end,
        case when x.status = 'closed' and x.r_c >= 0.8 then 'SF' || lpad(x.i::text, 12, '0') end,
        case when x.status = 'closed' then (least($7::date, x.decided_on + 2) + time '10:00') at time zone 'Asia/Shanghai'
             when x.status = 'withdrawn' then x.received_at + interval '1 day' end,
        case when x.status = 'closed' then least($7::date, x.decided_on + 2)
             when x.status = 'withdrawn' then (x.received_at + interval '1 day')::date end,
        x.received_at + interval '2 hours'
      from x`,
      [lo, hi, N, NWD, M, S, TODAY, visitBase],
    );
    // The case's history: three public events each (the progress page reads them by case).
    await gen.query(
      `insert into case_events (case_id, at, action, from_status, to_status, node_code, actor_name, site_id, note, public)
       select c.id, c.received_at + e.n * interval '1 hour', e.action, e.from_status, e.to_status, e.n, e.actor, c.site_id, '', true
       from cases c cross join (values (1, 'received', null, 'accepted', '窗口人员'), (2, 'handed_over', 'accepted', 'handed_over', '窗口人员'),
                                       (3, 'signed', 'handed_over', 'in_review', '部门审批人')) e(n, action, from_status, to_status, actor)
       where c.id > $1`,
      [before],
    );
    const done = hi + 1;
    const rate = (hi - lo + 1) / ((performance.now() - tc) / 1000);
    log(`  ${fmtInt(done).padStart(12)} / ${fmtInt(N)} cases (${fmtInt(Math.round(rate))} cases/s with visits and 3 events each)`);
  }
  await gen.query(`select setval('case_visits_id_seq', (select max(id) from case_visits))`);
  if (fkTriggersOff) await gen.query(`set session_replication_role = origin`);
  const fks = (await gen.query<{ name: string; child: string; col: string; parent: string; pcol: string }>(
    `select con.conname as name, con.conrelid::regclass::text as child, a.attname as col, con.confrelid::regclass::text as parent, pa.attname as pcol
     from pg_constraint con
     join pg_attribute a on a.attrelid = con.conrelid and a.attnum = con.conkey[1]
     join pg_attribute pa on pa.attrelid = con.confrelid and pa.attnum = con.confkey[1]
     where con.contype = 'f' and con.conrelid in ('cases'::regclass, 'case_visits'::regclass, 'case_events'::regclass)
       and cardinality(con.conkey) = 1
     order by 1`,
  )).rows;
  for (const fk of fks) {
    const bad = await q1<{ n: string }>(
      `select count(*) n from ${fk.child} c where c.${fk.col} is not null and not exists (select 1 from ${fk.parent} p where p.${fk.pcol} = c.${fk.col})`,
    );
    if (Number(bad.n) !== 0) throw new Error(`generated data breaks ${fk.name}: ${bad.n} rows`);
  }
  fkChecked = fks.length;
  log(`foreign keys checked: ${fks.length} constraints, no violation`);
  log('VACUUM ANALYZE (sets the visibility map, as autovacuum would on a settled table)');
  for (const t of ['cases', 'case_visits', 'case_events']) await gen.query(`vacuum (analyze) ${t}`);
  await gen.query('analyze');
  loadSeconds = (performance.now() - tLoad) / 1000;
  log(`loaded in ${loadSeconds.toFixed(0)} s`);
}

// Every foreign key of the generated rows points at a real row (they were checked on insert; this
// just states it in the notes) and every case number is unique (unique index).
const shape = await q1<{ n: string; open: string; red: string; yellow: string; depts: string; apps: string }>(
  `select count(*) n,
          count(*) filter (where status in ('handed_over', 'in_review', 'inspecting', 'suspended')) open,
          count(*) filter (where status in ('handed_over', 'in_review', 'inspecting', 'suspended') and coalesce(paused_on, $1::date) > promised_due) red,
          count(*) filter (where status in ('handed_over', 'in_review', 'inspecting', 'suspended') and coalesce(paused_on, $1::date) <= promised_due
            and wd_ord(promised_due) - wd_ord(coalesce(paused_on, $1::date)) <= greatest(1, floor(promised_limit * 0.2))) yellow,
          count(distinct department_id) depts, count(distinct applicant_id_no) apps
   from cases`,
  [TODAY],
);
const byStatus = (await gen.query<{ status: string; n: string }>('select status, count(*) n from cases group by 1 order by 2 desc')).rows;
const byDept = (await gen.query<{ code: string; n: string; open: string }>(
  `select d.code, count(*) n, count(*) filter (where c.status in ('handed_over', 'in_review', 'inspecting', 'suspended')) open
   from cases c join departments d on d.id = c.department_id group by 1 order by 2 desc`,
)).rows;
const sizes = (await gen.query<{ name: string; kind: string; size: string }>(
  `select c.relname name, case c.relkind when 'i' then 'index' else 'table' end kind, pg_size_pretty(pg_relation_size(c.oid)) size
   from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'public' and (c.relname in ('cases', 'case_visits', 'case_events')
      or c.oid in (select indexrelid from pg_index where indrelid in ('cases'::regclass, 'case_events'::regclass)))
   order by c.relkind desc, pg_relation_size(c.oid) desc`,
)).rows;
log(`${fmtInt(Number(shape.n))} cases, ${fmtInt(Number(shape.open))} open in departments`);

// ---------------------------------------------------------------------------------------------
// 3. the application's own SQL, captured through a Drizzle logger, explained and timed

const { app, database: logged, capture } = await capturedServices(URL_, config, 4);
// raw statements (EXPLAIN, timing alone) on a pool of their own
const pool = new pg.Pool({ connectionString: URL_, max: 4 });

// Parameters taken from the data: the busiest department, a day at the district centre a month ago,
// an applicant with several cases, a case (and its phone) for the progress page.
const busiest = await q1<{ id: number; code: string; name: string }>(
  `select d.id, d.code, d.name from cases c join departments d on d.id = c.department_id
   where c.status in ('handed_over', 'in_review', 'inspecting', 'suspended') group by d.id order by count(*) desc limit 1`,
);
const centre = await q1<{ id: number; code: string }>(`select id, code from sites where level = 'district' order by id limit 1`);
const monthAgo = await q1<{ day: string }>(`select day::text from bench_days where day <= $1::date - 30 order by day desc limit 1`, [TODAY]);
const prefixDay = `${centre.code}${monthAgo.day.replaceAll('-', '')}`;
const sample = await q1<{ case_no: string; applicant_phone: string }>(
  `select case_no, applicant_phone from cases where id >= (select max(id) / 2 from cases) and site_id = $1 order by id limit 1`, [centre.id]);
const applicant = await q1<{ applicant_id_no: string; n: string }>(
  `select applicant_id_no, count(*) n from cases where id between (select max(id) / 3 from cases) and (select max(id) / 3 + 2000 from cases)
     and applicant_type = 'person' group by 1 order by 2 desc, 1 limit 1`,
);
const applicantCases = Number((await q1<{ n: string }>('select count(*) n from cases where applicant_id_no = $1', [applicant.applicant_id_no])).n);
const rangeFrom = await q1<{ d: string }>(`select ($1::date - 90)::text d`, [TODAY]);
const rangeTo = await q1<{ d: string }>(`select ($1::date - 61)::text d`, [TODAY]);

const user = (over: Partial<UserActor> & Pick<UserActor, 'username' | 'roles'>): UserActor => ({
  kind: 'user', userId: 1, displayName: over.username, departmentId: null, siteId: null, mustChangePassword: false,
  sessionId: null, requestId: null, ip: null, ...over,
});
const userId = async (username: string) => (await q1<{ id: number } | undefined>('select id from users where username = $1', [username]))?.id ?? 1;
const approver = user({ username: `approver(${busiest.code})`, userId: await userId(`approver_${busiest.code.toLowerCase()}`), roles: ['approver'], departmentId: busiest.id });
const supervisor = user({ username: 'supervisor1', userId: await userId('supervisor1'), roles: ['supervisor'], siteId: centre.id });
const clerk = user({ username: 'clerk(QZX)', userId: await userId('clerk1'), roles: ['intake_clerk'], siteId: centre.id });

interface Spec {
  id: string;
  title: string;
  who: string;
  call: () => Promise<unknown>;
  /** the indexes the schema meant this query to use */
  expect: string[];
  note: string;
  /** a query the brief asked for (the others are extra paths found on the way) */
  asked: boolean;
}
const search = (actor: UserActor, q: CaseSearchQuery) => () => app.cases.search(actor, q);
const specs: Spec[] = [
  {
    id: 'inbox', asked: true, title: 'Department inbox, page 1 (all inbox statuses, by promised_due)',
    who: `approver of ${busiest.code} (${busiest.name}), the busiest department`, call: () => app.cases.inbox(approver, {}),
    expect: ['cases_department_open_idx'],
    note: 'Meant for the partial index `cases_department_open_idx` (department_id, promised_due, id) over the four department statuses: read in order, the first 20 entries of the department are the page; the count reads ≤ 10,000 entries index-only.',
  },
  {
    id: 'inbox-red', asked: true, title: 'Department inbox, light = red', who: `approver of ${busiest.code}`,
    call: () => app.cases.inbox(approver, { light: 'red' }), expect: ['cases_department_open_idx'],
    note: 'Red = the clock day past promised_due, so the red cases come first in promised_due order: the same partial index with a filter, stopped after 20. The count has to visit every open case of the department (the filter needs paused_on from the heap).',
  },
  {
    id: 'inbox-green', asked: false, title: 'Department inbox, light = green (the worst light for this index)', who: `approver of ${busiest.code}`,
    call: () => app.cases.inbox(approver, { light: 'green' }), expect: ['cases_department_open_idx'],
    note: 'Green cases come last in promised_due order: the scan filters the red and yellow ones first. Bounded by the department’s open cases, not by the table.',
  },
  {
    id: 'search-prefix', asked: true, title: `Search by case-number prefix (a day at the centre: "${prefixDay}")`, who: 'supervisor (scope: all)',
    call: search(supervisor, { q: prefixDay }), expect: ['cases_case_no_uq'],
    note: '`c.case_no like \'<prefix>%\'` — meant for `cases_case_no_uq`. A btree index can serve a LIKE prefix only under the C collation or with text_pattern_ops; this database’s collation is not C, so it cannot (see “What if”).',
  },
  {
    id: 'search-prefix-long', asked: true, title: `Search by a longer case-number prefix ("${sample.case_no.slice(0, -2)}")`, who: 'supervisor (scope: all)',
    call: search(supervisor, { q: sample.case_no.slice(0, -2) }), expect: ['cases_case_no_uq'],
    note: 'The same LIKE with a prefix matching at most 100 numbers: the selectivity does not matter when the index cannot take the condition.',
  },
  {
    id: 'search-prefix-dept', asked: true, title: `Search by case-number prefix ("${prefixDay}") within the department`, who: `approver of ${busiest.code} (scope: department)`,
    call: search(approver, { q: prefixDay }), expect: ['cases_case_no_uq'],
    note: 'The department scope adds department_id = …; with the prefix unusable, the planner chooses between the department’s whole range of `cases_department_received_idx` and a sequential scan.',
  },
  {
    id: 'search-applicant', asked: true, title: `Search by applicant ID (18 characters; ${applicantCases} cases)`, who: 'supervisor (scope: all)',
    call: search(supervisor, { q: applicant.applicant_id_no }), expect: ['cases_applicant_idx', 'cases_case_no_uq'],
    note: 'An 18-character ID is looked up as `applicant_id_no = … or case_no = …`: a BitmapOr of `cases_applicant_idx` and `cases_case_no_uq` (equality works under any collation), then a sort of the few rows found.',
  },
  {
    id: 'search-applicant-site', asked: false, title: 'Search by applicant ID at the front desk', who: 'intake clerk of the centre (scope: site)',
    call: search(clerk, { q: applicant.applicant_id_no }), expect: ['cases_applicant_idx', 'cases_case_no_uq'],
    note: 'As above, with the site scope as a filter on the few rows found.',
  },
  {
    id: 'search-dept-range', asked: true, title: `Search by department + date range (${rangeFrom.d} … ${rangeTo.d}), first page by received_on desc`,
    who: 'supervisor (scope: all) choosing the department', call: search(supervisor, { departmentId: busiest.id, from: rangeFrom.d, to: rangeTo.d }),
    expect: ['cases_department_received_idx'],
    note: '`cases_department_received_idx` (department_id, received_on, id) read backwards from the end of the range: no sort; the capped count reads ≤ 10,000 entries index-only.',
  },
  {
    id: 'search-dept-range-approver', asked: true, title: 'Search by date range in the department (approver)', who: `approver of ${busiest.code} (scope: department)`,
    call: search(approver, { from: rangeFrom.d, to: rangeTo.d }), expect: ['cases_department_received_idx'],
    note: 'The department comes from the scope instead of the filter: the same index, the same plan.',
  },
  {
    id: 'search-open-supervisor', asked: false, title: 'Search page as it opens (no criteria), centre-wide', who: 'supervisor (scope: all)',
    call: search(supervisor, {}), expect: [],
    note: 'CaseSearchView.vue loads the first page on mount with no filter: for a centre-wide reader (supervisor, discipline inspector) that is every case, newest first — and no index is in (received_on, id) order.',
  },
  {
    id: 'search-open-clerk', asked: false, title: 'Search page as it opens (no criteria), front desk', who: 'intake clerk of the centre (scope: site)',
    call: search(clerk, {}), expect: ['cases_site_received_idx'],
    note: 'The site scope becomes site_id = …: `cases_site_received_idx` (site_id, received_on, id) read backwards, no sort.',
  },
  {
    id: 'search-red-supervisor', asked: false, title: 'Search light = red, centre-wide (all overdue cases)', who: 'supervisor (scope: all)',
    call: search(supervisor, { light: 'red' }), expect: [],
    note: 'The search light filter is over the six open statuses (lightFilterSql’s OPEN), which no partial index covers; newest first.',
  },
  {
    id: 'search-red-dept', asked: false, title: 'Search light = red in the department', who: `approver of ${busiest.code} (scope: department)`,
    call: search(approver, { light: 'red' }), expect: ['cases_department_received_idx'],
    note: 'The same filter with the department scope: the six open statuses do not imply the inbox index’s four, so the department’s whole history is the candidate set.',
  },
  {
    id: 'progress', asked: true, title: `Public progress lookup by case number (${sample.case_no})`, who: 'anyone (case number + last 4 digits of the phone)',
    call: () => app.cases.progress(sample.case_no, sample.applicant_phone.slice(-4)), expect: ['cases_case_no_uq', 'cases_pkey', 'case_events_case_idx'],
    note: 'Five statements: the case by its number (`cases_case_no_uq`, equality), the row by id (`cases_pkey`), the names (catalog primary keys), its public events by `case_events_case_idx` (case_id, id), and the site. (The events statement sorts its few rows: its `order by id` names the output column `id::int`, not the index column — harmless for a case’s dozen events.)',
  },
];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Sort Method'?: string;
  Plans?: PlanNode[];
}
/** What a plan does with the big tables: indexes searched (with an Index Cond), and the problems. */
interface Analysis {
  /** indexes of the big tables searched by a condition */
  indexes: string[];
  /** indexes of the big tables read whole, with a filter (no Index Cond) */
  fullIndexScans: { index: string; rows: number }[];
  seqScans: { table: string; rows: number }[];
  sorts: { input: number; method: string }[];
  casesRowsRead: number;
}
const BIG = /^case(s|_visits|_events)$/;
const BIG_INDEX = /^case(s|_visits|_events)_/;
/** a scan reading more rows than this from a big table without an index condition is a problem */
const SCAN_FLAG = 50_000;
/** a sort of more input rows than this is a problem (a day's 5,000 cases sort in a few ms) */
const SORT_FLAG = 10_000;

function analyse(root: PlanNode): Analysis {
  const a: Analysis = { indexes: [], fullIndexScans: [], seqScans: [], sorts: [], casesRowsRead: 0 };
  const walk = (n: PlanNode) => {
    const loops = n['Actual Loops'] ?? 1;
    const read = ((n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0)) * loops;
    const idx = n['Index Name'];
    if (idx && BIG_INDEX.test(idx)) {
      if (n['Index Cond'] !== undefined) {
        if (!a.indexes.includes(idx)) a.indexes.push(idx);
      } else if (read > SCAN_FLAG) a.fullIndexScans.push({ index: idx, rows: read });
      else if (!a.indexes.includes(idx)) a.indexes.push(idx); // read in order, stopped early by a LIMIT
    }
    if (n['Node Type'] === 'Seq Scan' && n['Relation Name'] && BIG.test(n['Relation Name']) && read > SCAN_FLAG) {
      a.seqScans.push({ table: n['Relation Name'], rows: read });
    }
    if (n['Relation Name'] === 'cases' && n['Node Type'] !== 'Bitmap Index Scan') a.casesRowsRead += read;
    if (n['Node Type'] === 'Sort' || n['Node Type'] === 'Incremental Sort') {
      const child = n.Plans?.[0];
      a.sorts.push({ input: (child?.['Actual Rows'] ?? 0) * (child?.['Actual Loops'] ?? 1), method: n['Sort Method'] ?? '' });
    }
    for (const c of n.Plans ?? []) walk(c);
  };
  walk(root);
  return a;
}

function problemsOf(a: Analysis): string[] {
  return [
    ...a.seqScans.map((q) => `Seq Scan on ${q.table} (${fmtInt(q.rows)} rows read)`),
    ...a.fullIndexScans.map((q) => `whole-index scan of ${q.index} with a filter (${fmtInt(q.rows)} entries)`),
    ...a.sorts.filter((q) => q.input > SORT_FLAG).map((q) => `Sort of ${fmtInt(q.input)} rows (${q.method})`),
  ];
}

interface StatementResult { sql: string; params: unknown[]; plan: string; analysis: Analysis; execMs: number; p50: number; p95: number; runs: number }
interface SpecResult { spec: Spec; statements: StatementResult[]; callP50: number; callP95: number; callRuns: number; rows: number; total: number | null }

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function explain(c: Captured): Promise<{ plan: string; json: PlanNode; execMs: number }> {
  const text = (await pool.query({ text: `explain (analyze, buffers) ${c.sql}`, values: c.params as unknown[] })).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  const j = (await pool.query({ text: `explain (analyze, buffers, format json) ${c.sql}`, values: c.params as unknown[] })).rows[0] as Record<string, unknown>;
  const doc = (j['QUERY PLAN'] as { Plan: PlanNode; 'Execution Time': number }[])[0]!;
  return { plan: text, json: doc.Plan, execMs: doc['Execution Time'] };
}

/** Statements and calls slower than this are timed SLOW_RUNS times instead of RUNS (the run stays within minutes). */
const SLOW_MS = 500;
const SLOW_RUNS = Math.min(RUNS, 3);

async function timeIt(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function runSpec(spec: Spec): Promise<SpecResult> {
  const tw = performance.now();
  await spec.call(); // warm: the plans below are of a warm cache, as a busy inbox is
  const callRuns = performance.now() - tw > SLOW_MS ? SLOW_RUNS : RUNS;
  const [result, captured] = (await capture(spec.call)) as [{ items?: unknown[]; total?: number; timeline?: unknown[] }, Captured[]];
  const statements: StatementResult[] = [];
  for (const c of captured) {
    const { plan, json, execMs } = await explain(c);
    const runs = execMs > SLOW_MS ? SLOW_RUNS : RUNS;
    const times = await timeIt(() => pool.query({ text: c.sql, values: c.params as unknown[] }), runs);
    statements.push({ ...c, plan, analysis: analyse(json), execMs, p50: pct(times, 50), p95: pct(times, 95), runs });
  }
  const callTimes = await timeIt(spec.call, callRuns);
  return {
    spec, statements, callP50: pct(callTimes, 50), callP95: pct(callTimes, 95), callRuns,
    rows: result.items?.length ?? result.timeline?.length ?? 0, total: result.total ?? null,
  };
}

const results: SpecResult[] = [];
for (const spec of specs) {
  const r = await runSpec(spec);
  results.push(r);
  const idx = [...new Set(r.statements.flatMap((s) => s.analysis.indexes))].join(', ') || '—';
  const problems = r.statements.flatMap((s) => problemsOf(s.analysis)).join('; ');
  log(`${spec.id.padEnd(28)} call p50 ${r.callP50.toFixed(1).padStart(8)} ms  p95 ${r.callP95.toFixed(1).padStart(8)} ms  ${idx}${problems ? `  PROBLEM: ${problems}` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// 3b. what if: the index changes proposed for the problems found, tried in a rolled-back transaction

interface WhatIfPlan { specId: string; sql: string; plan: string; analysis: Analysis; execMs: number; p50: number; p95: number; runs: number }
interface WhatIfSpec {
  id: string;
  title: string;
  /** the problem, in a few words */
  problem: string;
  /** the problem it answers, for the findings */
  finding: string;
  /** the change in the schema's own terms (cases.tables.ts / a migration) */
  change: string;
  ddl: string[];
  specIds: string[];
  /** tried even when the specs show no problem (an optimisation rather than a fix) */
  always?: boolean;
}
interface WhatIf extends WhatIfSpec { plans: WhatIfPlan[]; buildMs: number }
const OPEN6 = `('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned')`;
const WHATIFS: WhatIfSpec[] = [
  {
    id: 'case-no-pattern', title: 'case_no with text_pattern_ops', problem: 'case-number prefix search reads the whole table',
    finding: 'Case-number prefix search (`c.case_no like \'<prefix>%\'`, CaseService.search and the inbox’s q) cannot use `cases_case_no_uq`: a plain btree serves LIKE prefixes only under the C collation, and PostgreSQL 15 does not treat C.UTF-8 (nor en_US/zh_CN) as C. Every prefix search reads the whole table. (PGlite’s database is collated "C", so the tests on PGlite do not show it.)',
    change: "cases.tables.ts: `uniqueIndex('cases_case_no_uq').on(t.caseNo.op('text_pattern_ops'))`; migration: `DROP INDEX cases_case_no_uq; CREATE UNIQUE INDEX cases_case_no_uq ON cases (case_no text_pattern_ops);`. text_pattern_ops keeps `=` (progress lookup, the 18-character search, findByCaseNo) and uniqueness, and adds the prefix range (`~>=~ … ~<~`). Nothing orders by case_no, so no second index is needed.",
    ddl: ['drop index cases_case_no_uq', 'create unique index cases_case_no_uq on cases (case_no text_pattern_ops)'],
    specIds: ['search-prefix', 'search-prefix-long', 'search-prefix-dept', 'search-applicant', 'progress'],
  },
  {
    id: 'received', title: 'an index in (received_on, id) order for centre-wide lists', problem: 'the centre-wide search page sorts the whole table',
    finding: 'A centre-wide reader (supervisor, discipline inspector: case.read scope all) opening the search page — CaseSearchView.vue loads page 1 with no criteria on mount — or filtering by status/item only, gets `where true … order by c.received_on desc, c.id desc limit 20`: no index has that order, so the whole table is read and top-N sorted (it grows linearly: ×10 at 20 M).',
    change: "cases.tables.ts: `index('cases_received_idx').on(t.receivedOn, t.id)`. (Alternatively order the centre-wide list by `c.id desc` — ids follow intake — which the primary key serves; but received_on desc is the documented order.)",
    ddl: ['create index cases_received_idx on cases (received_on, id)'],
    specIds: ['search-open-supervisor'],
  },
  {
    id: 'open', title: 'partial indexes over the six open statuses (light filters in search)', problem: 'search by light reads all cases (centre) or the department’s whole history',
    finding: 'The light filter of the search (`lightFilterSql`: `status in` the six OPEN statuses `and coalesce(paused_on, today) > promised_due`…) matches no partial index: `cases_department_open_idx` has four statuses, so neither the centre-wide nor the department’s “red” search can use it; both read all cases (centre-wide) or the department’s whole history (department), and the capped count too.',
    change: 'cases.tables.ts: two partial indexes over the open cases only (≈ 5 % of the rows), declared like cases_department_open_idx: `cases_open_received_idx` on (received_on, id) and `cases_open_department_idx` on (department_id, received_on, id), both `WHERE status IN ' + OPEN6 + '` — the OPEN list of lightFilterSql word for word, so the planner proves the match.',
    ddl: [
      `create index cases_open_received_idx on cases (received_on, id) where status in ${OPEN6}`,
      `create index cases_open_department_idx on cases (department_id, received_on, id) where status in ${OPEN6}`,
    ],
    specIds: ['search-red-supervisor', 'search-red-dept'],
  },
  {
    id: 'inbox-include', title: 'the inbox index carrying the columns of the light (optional)', always: true,
    problem: 'the inbox count by light reads the heap',
    finding: 'Not a problem at this size, an optimisation: the inbox’s light-filtered count visits the heap for every open case of the department (the light needs paused_on, item_id, promised_limit and extension_status: ADR 0022); carrying them in the partial index makes that count index-only.',
    change: "cases.tables.ts: `index('cases_department_open_idx').on(t.departmentId, t.promisedDue, t.id).with(…)` cannot say INCLUDE in Drizzle 0.45, so a hand-written migration: `DROP INDEX cases_department_open_idx; CREATE INDEX cases_department_open_idx ON cases (department_id, promised_due, id) INCLUDE (paused_on, item_id, promised_limit, extension_status) WHERE status IN ('handed_over', 'in_review', 'inspecting', 'suspended');`.",
    ddl: [
      'drop index cases_department_open_idx',
      `create index cases_department_open_idx on cases (department_id, promised_due, id) include (paused_on, item_id, promised_limit, extension_status) where status in ('handed_over', 'in_review', 'inspecting', 'suspended')`,
    ],
    specIds: ['inbox', 'inbox-red', 'inbox-green'],
  },
];

const hasProblem = (r: SpecResult) =>
  r.statements.some((s) => problemsOf(s.analysis).length > 0) || r.spec.expect.some((e) => !r.statements.some((s) => s.analysis.indexes.includes(e)));

const whatIfs: WhatIf[] = [];
if (WHATIF) {
  for (const w of WHATIFS) {
    const mine = results.filter((r) => w.specIds.includes(r.spec.id));
    if (!w.always && !mine.some(hasProblem)) {
      log(`what-if "${w.title}": not needed (no problem in ${w.specIds.join(', ')})`);
      continue;
    }
    // a what-if that would create an index the schema already has was adopted (a migration made it): nothing to try
    const created = w.ddl.map((d) => /^create (?:unique )?index (\w+)/.exec(d)?.[1]).filter((n): n is string => !!n && !w.ddl.includes(`drop index ${n}`));
    const { rows: present } = await pool.query<{ indexname: string }>('select indexname from pg_indexes where indexname = any($1)', [created]);
    if (present.length) {
      log(`what-if "${w.title}": adopted (${present.map((x) => x.indexname).join(', ')} already in the schema)`);
      continue;
    }
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(`set local maintenance_work_mem = '1GB'`);
      const tb = performance.now();
      for (const ddl of w.ddl) await client.query(ddl);
      const buildMs = performance.now() - tb;
      const plans: WhatIfPlan[] = [];
      for (const r of mine) {
        // the statements that search cases (not the by-id reads and the events of the progress page)
        for (const st of r.statements.filter((x) => /\bfrom cases c\b|from cases where case_no/.test(x.sql))) {
          const q = (prefix: string) => client.query({ text: `${prefix}${st.sql}`, values: st.params as unknown[] });
          const text = (await q('explain (analyze, buffers) ')).rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n');
          const doc = ((await q('explain (analyze, buffers, format json) ')).rows[0] as Record<string, unknown>)['QUERY PLAN'] as { Plan: PlanNode; 'Execution Time': number }[];
          const execMs = doc[0]!['Execution Time'];
          const runs = execMs > SLOW_MS ? SLOW_RUNS : RUNS;
          const times = await timeIt(() => q(''), runs);
          plans.push({ specId: r.spec.id, sql: st.sql, plan: text, analysis: analyse(doc[0]!.Plan), execMs, p50: pct(times, 50), p95: pct(times, 95), runs });
        }
      }
      whatIfs.push({ ...w, plans, buildMs });
      log(`what-if "${w.title}": built in ${(buildMs / 1000).toFixed(1)} s, ${plans.length} statements re-planned`);
    } finally {
      await client.query('rollback').catch(() => undefined);
      client.release();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 4. the report

const pgInfo = await q1<{ version: string; collate: string }>(`select version() as version, datcollate as collate from pg_database where datname = current_database()`);
// read on a pool connection: the generator's session has its own work_mem
const settings = (await pool.query<{ name: string; setting: string }>(
  `select name, current_setting(name) as setting from pg_settings
   where name in ('shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', 'jit', 'max_parallel_workers_per_gather') order by name`,
)).rows.map((x) => `${x.name}=${x.setting}`).join(', ');
let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  if (execSync('git status --porcelain -- server common', { cwd: ROOT }).toString().trim()) commit += ' (server/ or common/ with uncommitted changes)';
} catch {
  /* not a git checkout */
}
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const mem = `${Math.round(os.totalmem() / 2 ** 30)} GiB`;

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
/** The plan as EXPLAIN prints it, trailing blanks trimmed. */
const trimPlan = (plan: string) => plan.split('\n').map((l) => l.trimEnd()).join('\n');
const kindOf = (sqlText: string) =>
  /count\(\*\)/.test(sqlText) ? 'count (capped at 10,000)' : /^select\s+c\.id::int as id/.test(sqlText.trim()) ? 'page of rows' : 'statement';
const sqlOf = (st: { sql: string; params: unknown[] }) => {
  const inline = st.sql.replace(/\$(\d+)/g, (_m, n: string) => {
    const v = st.params[Number(n) - 1];
    return typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`;
  });
  return inline.replace(/[ \t]+\n/g, '\n').replace(/\n[ \t]+/g, '\n  ').trim();
};
const readsCases = (sqlText: string) => /\bfrom "?case(s|_events)"?\b/.test(sqlText);
const indexesOf = (r: SpecResult) => [...new Set(r.statements.flatMap((st) => st.analysis.indexes))];
const problemsOfSpec = (r: SpecResult) => r.statements.flatMap((st) => problemsOf(st.analysis));
const code = (xs: string[]) => xs.map((x) => `\`${x}\``).join(', ');
const timing = (x: { p50: number; p95: number; runs: number }) => `${ms(x.p50)} / ${ms(x.p95)}${x.runs !== RUNS ? ` (${x.runs} runs)` : ''}`;

const lines: string[] = [];
const P = (text = '') => lines.push(text);
P('# Case query plans at scale');
P();
P(`Generated by \`node --import tsx bench/case-plans.ts${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}\` (see bench/README.md) — do not edit by hand; run it again.`);
P('Issue acceptance: *the department inbox, case search and progress lookup use indexes* on a schema designed for 20 million cases.');
P();
P(`- **Date:** ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (China date ${TODAY}); commit ${commit}`);
P(`- **Machine:** ${os.cpus().length} × ${cpu}, ${mem} RAM, ${os.type()} ${os.release()}, Node ${process.version}`);
P(`- **Database:** ${pgInfo.version.split(' on ')[0]}, database collation ${pgInfo.collate}; ${settings} — the dev cluster's defaults, not tuned (the ${sizes.find((x) => x.name === 'cases')?.size ?? '?'} cases table does not fit shared_buffers; the OS cache holds it; with jit=on the plans that scan the table include JIT compilation).`);
P(`- **Data:** ${fmtInt(Number(shape.n))} cases${loadSeconds ? ` generated in ${loadSeconds.toFixed(0)} s` : ''} over the demo district's ${shape.depts} departments and their sub-items (weighted: market regulation 24 %, social security 12 %, …), received on the working days of the last 365 days (ids follow time, as in production), 65 % at the district centre; ${fmtInt(Number(shape.open))} open in departments (${((100 * Number(shape.open)) / Number(shape.n)).toFixed(1)} %: ${fmtInt(Number(shape.red))} red, ${fmtInt(Number(shape.yellow))} yellow), the rest mostly closed; ${fmtInt(Number(shape.apps))} distinct applicant IDs; one visit and three public events per case. The rows satisfy every NOT NULL, CHECK and unique constraint of the schema (enforced on insert)${fkChecked ? ` and its ${fkChecked} foreign keys (${fkTriggersOff ? 'FK triggers off during the bulk insert, then ' : ''}every key checked by an anti-join: no violation)` : ''}; then VACUUM ANALYZE.`);
P(`- **Method:** every query is the SQL the application issues: the real \`CaseService.inbox / search / progress\` are called with actors of the demo roles through a Drizzle logger, and each captured statement is run under \`EXPLAIN (ANALYZE, BUFFERS)\` after a warm-up call (warm cache), then ${RUNS} times for p50/p95 (one statement, server round trip included; statements slower than ${SLOW_MS} ms only ${SLOW_RUNS} times). "call" is the whole service method, ${RUNS} times (page and count run in parallel). Nothing in server/ is changed by the bench; the "what if" indexes are built in a transaction that is rolled back.`);
P();

// the verdict first
const asked = results.filter((r) => r.spec.asked);
const good = asked.filter((r) => !hasProblem(r));
P('## Result');
P();
P(`${good.length} of the ${asked.length} queries asked for use their indexes with no big scan or sort: ${good.map((r) => `[${r.spec.id}](#${r.spec.id})`).join(', ') || 'none'}.`);
const badAsked = asked.filter(hasProblem);
const badExtra = results.filter((r) => !r.spec.asked && hasProblem(r));
if (badAsked.length) P(`${badAsked.length} do not: ${badAsked.map((r) => `[${r.spec.id}](#${r.spec.id})`).join(', ')}.`);
if (badExtra.length) P(`Other paths found on the way that do not: ${badExtra.map((r) => `[${r.spec.id}](#${r.spec.id})`).join(', ')}.`);
P();
for (const w of WHATIFS) {
  const mine = results.filter((r) => w.specIds.includes(r.spec.id));
  const broken = mine.filter(hasProblem);
  if (!broken.length && !w.always) continue;
  const tried = whatIfs.find((x) => x.id === w.id);
  P(`- **${broken.length ? 'Problem' : 'Optimisation'}: ${w.problem}** (${broken.map((r) => `[${r.spec.id}](#${r.spec.id})`).join(', ') || w.specIds.join(', ')}). ${w.finding}`);
  P(`  *Fix:* ${w.change}`);
  if (tried) {
    const pairs = tried.plans.map((np) => {
      const before = results.find((r) => r.spec.id === np.specId)!.statements.find((st) => st.sql === np.sql)!;
      return `${np.specId} ${kindOf(np.sql).split(' ')[0]} ${ms(before.p50)} → ${ms(np.p50)} ms`;
    });
    P(`  *Tried on this data* ([plans](#what-if-${w.id}); index built in ${(tried.buildMs / 1000).toFixed(1)} s): p50 ${pairs.join('; ')}.`);
  }
}
P();
P('## Summary');
P();
P('| query | who | indexes searched (case tables) | rows / total | statements p50 / p95 (ms) | call p50 / p95 (ms) | verdict |');
P('|---|---|---|---|---|---|---|');
for (const r of results) {
  const problems = problemsOfSpec(r);
  const missing = r.spec.expect.filter((e) => !indexesOf(r).includes(e));
  const v = problems.length ? `**${problems.join('; ')}**` : missing.length ? `not ${code(missing)}` : 'indexed, no big sort';
  const st = r.statements.filter((x) => readsCases(x.sql)).map(timing).join(' + ');
  const total = r.total !== null ? ` / ${r.total >= 10000 ? '10000+' : r.total}` : '';
  P(`| [${r.spec.title}](#${r.spec.id})${r.spec.asked ? '' : ' *(extra)*'} | ${r.spec.who} | ${code(indexesOf(r)) || '—'} | ${r.rows}${total} | ${st} | ${timing({ p50: r.callP50, p95: r.callP95, runs: r.callRuns })} | ${v} |`);
}
P();
P('"statements" are those that read `cases` or `case_events`, in order (a page: the rows, then the count capped at 10,000). "indexes searched" leaves out the small catalog/organisation tables (primary keys or a few-page scan). *(extra)*: not in the brief, found on the way.');
P();
P('## Data');
P();
P(`| status | cases |\n|---|---:|\n${byStatus.map((x) => `| ${x.status} | ${fmtInt(Number(x.n))} |`).join('\n')}`);
P();
P(`| department | cases | open in the department |\n|---|---:|---:|\n${byDept.map((d) => `| ${d.code} | ${fmtInt(Number(d.n))} | ${fmtInt(Number(d.open))} |`).join('\n')}`);
P();
P(`Sizes: ${sizes.map((x) => `${x.name} ${x.size}`).join(', ')}.`);
P();
P('## Plans');
for (const r of results) {
  P();
  P(`<a id="${r.spec.id}"></a>`);
  P();
  P(`### ${r.spec.title}`);
  P();
  P(`*${r.spec.who}* — call p50 ${ms(r.callP50)} ms, p95 ${ms(r.callP95)} ms${r.callRuns !== RUNS ? ` (${r.callRuns} runs)` : ''}.`);
  P();
  const problems = problemsOfSpec(r);
  P(`${r.spec.note}`);
  P();
  P(`**Plan:** ${indexesOf(r).length ? `searches ${code(indexesOf(r))}` : 'searches no index of the case tables'}${problems.length ? `; **${problems.join('; ')}**` : '; no big scan or sort'}.`);
  for (const st of r.statements) {
    P();
    P(`${kindOf(st.sql)} — ${ms(st.execMs)} ms in EXPLAIN ANALYZE; ${st.runs} runs: p50 ${ms(st.p50)} ms, p95 ${ms(st.p95)} ms${/\bfrom "?cases"?\b/.test(st.sql) ? `; rows of cases read ≈ ${fmtInt(st.analysis.casesRowsRead)}` : ''}`);
    P();
    P('<details><summary>SQL</summary>');
    P();
    P('```sql');
    P(sqlOf(st));
    P('```');
    P('</details>');
    P();
    P('```text');
    P(trimPlan(st.plan));
    P('```');
  }
}
if (whatIfs.length) {
  P();
  P('## What if: the proposed index changes');
  P();
  P('Each change was made inside a transaction on the same data, the statements above that search `cases` re-planned and timed, and the transaction rolled back: nothing here is in the schema.');
  for (const w of whatIfs) {
    P();
    P(`<a id="what-if-${w.id}"></a>`);
    P();
    P(`### ${w.title}`);
    P();
    P(`Built in ${(w.buildMs / 1000).toFixed(1)} s on ${fmtInt(Number(shape.n))} cases:`);
    P();
    P('```sql');
    for (const d of w.ddl) P(`${d};`);
    P('```');
    for (const np of w.plans) {
      const problems = problemsOf(np.analysis);
      P();
      P(`**${np.specId}**, ${kindOf(np.sql)}: ${code(np.analysis.indexes) || 'no index'}${problems.length ? `; ${problems.join('; ')}` : ''}; ${np.runs} runs: p50 ${ms(np.p50)} ms, p95 ${ms(np.p95)} ms`);
      P();
      P('```text');
      P(trimPlan(np.plan));
      P('```');
    }
  }
}
P();
writeFileSync(OUT, lines.join('\n'));
log(`wrote ${path.relative(ROOT, OUT)}`);

// ---------------------------------------------------------------------------------------------
// the end: close everything; drop the database unless --keep

await pool.end();
await logged.close();
await gen.end();
await database.close();
rmSync(dataDir, { recursive: true, force: true });
if (!KEEP) {
  await admin((c) => c.query(`drop database ${DB_NAME} with (force)`));
  log(`dropped database ${DB_NAME}`);
} else {
  log(`kept database ${DB_NAME} (${URL_}); run again with --reuse to re-plan without generating`);
}
