/**
 * The demo district's history (issue 13): about three months of a service centre's work, generated
 * through the real services as the staff do it, on a ManualClock moved through working days.
 *
 * The hall: applicants arrive at the kiosk along an hourly curve with a morning and an afternoon
 * peak (Mondays and the day after a holiday busier), some with an appointment booked days before,
 * some elderly people given the green channel by a guide; clerks call the next ticket when their
 * window is free, serve, accept by the checklist (受理, 补正 — one complete list — or 不予受理, 容缺 and
 * 告知承诺 where the checklist allows them, a few 一件事), and the window device asks for a rating.
 * The back office: the front desk hands cases over twice a day, departments sign for the batches,
 * pass the approval steps, assign inspections, run special procedures (the clock pauses), request
 * and approve extensions, return cases citing the checklist, decide (准予 / 不予许可) with document
 * numbers; the delivery window registers results, applicants collect them or have them mailed.
 * Supervision: 市场监管局's decisions are numbered in a document-number series with one gap (文号缺号);
 * some cases run late (办件超期, 督办); the scan runs as the worker would (alerts, light snapshot,
 * rollups, default ratings); the supervisor investigates and closes alerts; 差评 are rectified and
 * revisited. Every choice comes from a seeded PRNG: the same end date and seed give the same history.
 */
import { OnlineDemo } from './online.js';
import { sql } from 'drizzle-orm';
import { addDays } from '../../../common/working-days.js';
import { chinaDate, type ManualClock } from '../../platform/clock.js';
import { OutboxWorker } from '../../modules/outbox/outbox.worker.js';
import { SMS_TOPIC, smsHandler } from '../../modules/notifications/sms.js';
import type { Services } from '../../services.js';
import { BackOffice } from './back-office.js';
import { HallFlow } from './hall.js';
import { Intake } from './intake.js';
import { Ratings } from './ratings.js';
import {
  departmentsWithApprovers, firstChecklistDay, loadActors, loadBundles, loadDepartments, loadSites, loadSubItems, loadWindows,
  type HallWindow,
} from './setup.js';
import { Supervision } from './supervision.js';
import { cst } from './timeline.js';
import { World, type Hall } from './world.js';

export interface HistoryOptions {
  /** the history ends here: the moment the generator runs (nothing happens after it) */
  end: Date;
  /** working days of history before the end day (≈ three months) */
  workingDays?: number;
  /** the PRNG's seed; the same seed and end date give the same history (default: the end date) */
  seed?: string;
  /**
   * Volume relative to the default (1: at the district centre ≈ 5 walk-in tickets, 2 online or
   * posted applications and 1.2 appointments a working day; ≈ 1.2 walk-ins at the street centre,
   * about 600 cases in 65 working days) — sized so that generating them fits the install step:
   * each case with its ticket costs ≈ 130 SQL statements, ≈ 0.14 s on PGlite (bench/RESULTS.md).
   */
  scale?: number;
  log?: (line: string) => void;
}

export interface SimulationResult {
  from: string;
  to: string;
  seed: string;
  workingDays: number;
  events: number;
  failures: Record<string, number>;
  failureSamples: string[];
  /** real time per kind of event, ms (where the generation time goes) */
  spent: Record<string, { n: number; ms: number }>;
}

/** a working day's arrivals at scale 1 (see HistoryOptions.scale) */
const VOLUME = { centreWalkIns: 4.8, centreRemote: 2.1, centreBookings: 1.2, streetWalkIns: 1.2 };
const WORKER_LOG = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Kiosk arrivals per half hour from 8:30 (relative weights; the hall opens at 9:00, tickets taken before wait). */
const ARRIVAL_CURVE: [number, number][] = [
  [8 * 60 + 30, 0.35], [9 * 60, 0.9], [9 * 60 + 30, 1.25], [10 * 60, 1.5], [10 * 60 + 30, 1.4], [11 * 60, 1.05], [11 * 60 + 30, 0.6],
  [12 * 60, 0.12], [12 * 60 + 30, 0.1], [13 * 60, 0.3], [13 * 60 + 30, 0.75], [14 * 60, 1.05], [14 * 60 + 30, 1.3], [15 * 60, 1.35],
  [15 * 60 + 30, 1.1], [16 * 60, 0.8], [16 * 60 + 30, 0.45],
];
/** Monday is the busiest day, Friday afternoon the quietest. */
const WEEKDAY_FACTOR = [1, 1.25, 1.05, 1, 0.95, 0.85, 1];

/** The run: the set-up, the working days one by one, each with the day's events planned on the timeline. */
export class HistorySimulation {
  private readonly world: World;
  private readonly hall: HallFlow;
  private readonly desk: Intake;
  private readonly office: BackOffice;
  private readonly ratings: Ratings;
  private readonly supervision: Supervision;
  private readonly worker: OutboxWorker;
  private from = '';
  private to = '';
  private readonly seed: string;
  private readonly scale: number;
  private readonly log: (line: string) => void;

  constructor(
    s: Services,
    private readonly clock: ManualClock,
    private readonly opts: HistoryOptions,
  ) {
    const seed = opts.seed ?? chinaDate(opts.end);
    const world = new World(s, clock, seed, opts.end);
    this.world = world;
    world.hall = this.hall = new HallFlow(world);
    world.desk = this.desk = new Intake(world);
    world.office = this.office = new BackOffice(world);
    world.ratings = this.ratings = new Ratings(world);
    world.supervision = this.supervision = new Supervision(world);
    this.seed = seed;
    this.scale = opts.scale ?? 1;
    this.log = opts.log ?? (() => undefined);
    this.worker = new OutboxWorker(s.database, { ...s.config.worker, batchSize: 500 }, { [SMS_TOPIC]: smsHandler(s.sms) }, s.audit, WORKER_LOG);
  }

  // ------------------------------------------------------------------ set-up

  private async setup(): Promise<void> {
    const db = this.world.s.database.db;
    await this.world.s.calendar.syncWorkingDays();
    this.world.cal = await this.world.s.calendar.calendar();
    this.world.actors = await loadActors(db);
    const sites = await loadSites(db);
    this.world.departments = departmentsWithApprovers(await loadDepartments(db), this.world.actors);
    const deptIds = this.world.departments.map((d) => d.id);
    const staff = [...this.world.actors.values()];

    const endDay = chinaDate(this.opts.end);
    const wanted = this.opts.workingDays ?? 65;
    let from = endDay;
    for (let n = 0; n < wanted; ) {
      from = addDays(from, -1);
      if (this.world.cal.isWorkday(from)) n++;
    }
    const first = await firstChecklistDay(db);
    if (first && from < first) from = first;
    this.from = from;
    this.to = endDay;
    this.world.subItems = await loadSubItems(db, deptIds, from);
    this.world.bundles = await loadBundles(db, deptIds);

    const hall = async (code: string, perDay: number, lunch: [number, number], staffed: [string, string][]): Promise<Hall | null> => {
      const siteId = sites.get(code);
      if (!siteId) return null;
      const wins = await loadWindows(db, siteId);
      const windows: HallWindow[] = [];
      for (const [w, u] of staffed) {
        const win = wins.find((x) => x.code === w);
        const clerk = this.world.actors.get(u);
        if (win && clerk && clerk.siteId === siteId && clerk.roles.includes('intake_clerk')) {
          windows.push({ id: Number(win.id), code: win.code, categories: win.categories, clerk, open: true, state: 'idle' });
        }
      }
      if (!windows.length) return null;
      return {
        code, siteId, perDay: perDay * this.scale, lunch, windows,
        clerks: [...new Set(windows.map((w) => w.clerk))],
        deliverers: staff.filter((u) => u.siteId === siteId && u.roles.includes('delivery_clerk')),
        guides: staff.filter((u) => u.siteId === siteId && u.roles.includes('guide')),
        waiting: new Map(), categories: [...new Set(windows.flatMap((w) => w.categories))], handoverTurn: 0,
      };
    };
    const centre = await hall('QZX', VOLUME.centreWalkIns, [12 * 60, 13 * 60 + 30], Array.from({ length: 9 }, (_, i) => [`A0${i + 1}`, `clerk${i + 1}`] as [string, string]));
    const street = await hall('JD-DH', VOLUME.streetWalkIns, [12 * 60, 14 * 60], [['J01', 'clerk_dh']]);
    this.world.halls = [centre, street].filter((h): h is Hall => h !== null && h.deliverers.length > 0);
    if (!this.world.halls.length || !this.world.departments.length || !this.world.subItems.length) throw new Error('demo history: the demo district is not loaded');

    // the docno gap of 市场监管局 happens about 60 % of the way through
    const days = this.world.workdays(this.from, this.to);
    this.supervision.gapDay = days[Math.floor(days.length * 0.6)] ?? this.to;
  }

  // ------------------------------------------------------------------ the run

  async run(): Promise<SimulationResult> {
    await this.setup();
    this.log(`history ${this.from} → ${this.to} (${this.world.workdays(this.from, this.to).length} working days), seed ${this.seed}`);
    this.clock.set(cst(this.from, 8, 0));
    this.world.tl.at(cst(this.from, 8, 30), 'setup:series', () => this.supervision.createSeries());
    this.world.tl.at(cst(this.from, 8, 40), 'setup:light-rule', () => this.supervision.lightRule());
    await new OnlineDemo(this.world).plan(this.to);
    let lastLog = Date.now();
    for (let day = this.from; day <= this.to; day = addDays(day, 1)) {
      if (this.world.cal.isWorkday(day)) this.planWorkday(day);
      this.world.tl.at(cst(day, 22, 30), 'outbox', () => this.drainOutbox());
      this.world.tl.at(cst(day, 23, 0), 'vacuum', () => this.vacuum());
      await this.world.tl.runUntil(cst(day, 23, 59, 59).getTime());
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        this.log(`  … ${day}: ${this.world.cases.size} cases, ${this.world.tl.ran} events`);
      }
    }
    await this.world.tl.runUntil(this.world.tl.end);
    // the last look, as the worker would have taken it a moment ago
    this.clock.set(new Date(this.world.tl.end));
    await this.world.s.scan.run();
    await this.drainOutbox();
    await this.world.s.audit.seal();
    return {
      from: this.from, to: this.to, seed: this.seed, workingDays: this.world.workdays(this.from, this.to).length, events: this.world.tl.ran,
      failures: Object.fromEntries(this.world.tl.failures), failureSamples: this.world.tl.failureSamples,
      spent: Object.fromEntries([...this.world.tl.spent].sort((a, b) => b[1].ms - a[1].ms).map(([k, v]) => [k, { n: v.n, ms: Math.round(v.ms) }])),
    };
  }

  private async drainOutbox(): Promise<void> {
    while ((await this.worker.runOnce()) > 0);
  }

  /** What autovacuum does on a PostgreSQL server (PGlite has none): the day's dead row versions go. */
  private async vacuum(): Promise<void> {
    await this.world.s.database.db.execute(sql`vacuum`);
  }

  private planWorkday(day: string): void {
    const prev = addDays(day, -1);
    const afterHoliday = !this.world.cal.isWorkday(prev) && !this.world.cal.isWorkday(addDays(prev, -1)) && !this.world.cal.isWorkday(addDays(prev, -2));
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const dayIndex = this.world.workdays(this.from, day).length;
    // a slow rise over the quarter, the weekday, the day after a long holiday, and the day's own luck
    const factor = (0.9 + 0.2 * (dayIndex / Math.max(1, this.world.workdays(this.from, this.to).length))) * WEEKDAY_FACTOR[weekday]! * (afterHoliday ? 1.45 : 1) * this.world.rHall.between(0.88, 1.12);
    for (const hall of this.world.halls) {
      const total = ARRIVAL_CURVE.reduce((s, [, w]) => s + w, 0);
      for (const [minute, w] of ARRIVAL_CURVE) {
        const n = this.world.rHall.poisson((hall.perDay * factor * w) / total);
        for (let i = 0; i < n; i++) {
          const at = cst(day, 0, minute, 0).getTime() + this.world.rHall.int(0, 30 * 60 - 1) * 1000;
          this.world.tl.at(at, 'hall:arrive', () => this.hall.arrive(this.hall.newVisit(hall)));
        }
      }
      this.world.tl.at(cst(day, 8, 40), 'hall:staff', async () => this.hall.staff(hall, factor));
      this.world.tl.at(cst(day, 9, 0), 'hall:open', async () => this.hall.dispatch(hall));
      this.world.tl.at(cst(day, 0, hall.lunch[1]), 'hall:afternoon', async () => this.hall.dispatch(hall));
      this.world.tl.at(cst(day, 11, 45, this.world.rHall.int(0, 300)), 'handover', () => this.office.handoverRound(hall));
      this.world.tl.at(cst(day, 16, 50, this.world.rHall.int(0, 300)), 'handover', () => this.office.handoverRound(hall));
      if (hall.code === 'QZX') {
        // 网上申报 and mailed applications: the front desk accepts them between callers, without a ticket
        const remote = this.world.rHall.poisson(VOLUME.centreRemote * this.scale * factor);
        for (let i = 0; i < remote; i++) {
          const at = this.world.workTime(day, this.world.rHall, 9 * 60 + 15, 16 * 60 + 45);
          this.world.tl.at(at, 'desk:online', () => this.desk.remoteIntake(hall, this.world.rHall.chance(0.9) ? 'online' : 'mail'));
        }
        const bookings = this.world.rHall.poisson(VOLUME.centreBookings * this.scale * factor);
        for (let i = 0; i < bookings; i++) this.world.tl.at(cst(day, this.world.rHall.int(8, 21), this.world.rHall.int(0, 59)), 'appointment:book', () => this.hall.book(hall));
      }
    }
    for (const d of this.world.departments) {
      this.world.tl.at(cst(day, 9, 10, this.world.r.int(0, 900)), 'sign', () => this.office.signRound(d));
      this.world.tl.at(cst(day, 14, 20, this.world.r.int(0, 900)), 'sign', () => this.office.signRound(d));
    }
    this.world.tl.at(cst(day, 9, 45, this.world.r.int(0, 600)), 'rectify:guides', () => this.ratings.rectificationRound('guide'));
    this.world.tl.at(cst(day, 10, 30, this.world.r.int(0, 600)), 'rectify:departments', () => this.ratings.rectificationRound('approver'));
    this.world.tl.at(cst(day, 15, 15, this.world.r.int(0, 600)), 'rectify:revisit', () => this.ratings.revisitRound());
    this.world.tl.at(cst(day, 16, 10, this.world.r.int(0, 600)), 'alerts', () => this.supervision.alertRound());
    // 监察巡检: the worker runs it every few minutes; once at the end of each working day is what the history needs
    this.world.tl.at(cst(day, 17, 55), 'scan', () => this.world.s.scan.run());
  }
}
