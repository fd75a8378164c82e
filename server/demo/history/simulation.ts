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
import { sql } from 'drizzle-orm';
import type { ActionBodies, CaseDetail, IntakeBody, IntakeForm, MaterialInput } from '../../../common/case-dto.js';
import { OPEN_STATUSES, type CaseStatus } from '../../../common/cases.js';
import type { RatingLevel, RatingReason } from '../../../common/ratings.js';
import type { WindowCategory } from '../../../common/roles.js';
import type { WorkingCalendar } from '../../../common/working-days.js';
import { addDays } from '../../../common/working-days.js';
import type { UserActor } from '../../platform/authz.js';
import { chinaDate, type ManualClock } from '../../platform/clock.js';
import { rows } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { OutboxWorker } from '../../modules/outbox/outbox.worker.js';
import { SMS_TOPIC, smsHandler } from '../../modules/notifications/sms.js';
import type { Services } from '../../services.js';
import { People, type Entity, type Person } from './people.js';
import { Random } from './random.js';
import {
  departmentsWithApprovers, firstChecklistDay, loadActors, loadBundles, loadDepartments, loadSites, loadSubItems, loadWindows,
  type Bundle, type Department, type HallWindow, type SubItem,
} from './setup.js';
import { MINUTE, Timeline, cst, minuteOfDay } from './timeline.js';

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

const HOUR = 60 * MINUTE;
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
/** median service minutes at the window by category */
const SERVICE_MINUTES: Record<WindowCategory, number> = { engineering: 17, business: 12, citizen: 8 };
const DEPARTMENT_WEIGHT: Record<string, number> = { SCJGJ: 1.6, RSJ: 1.25, MZJ: 0.9, WJJ: 1, ZJJ: 0.85 };
/** document-number prefixes of the departments' decisions (市场监管局 has series, the others are not watched) */
const DOC_PREFIX: Record<string, string> = { SCJGJ: '示市监', WJJ: '示卫健', ZJJ: '示住建', RSJ: '示人社', MZJ: '示民政' };

interface Hall {
  code: string;
  siteId: number;
  perDay: number;
  lunch: [number, number];
  windows: HallWindow[];
  clerks: UserActor[];
  deliverers: UserActor[];
  guides: UserActor[];
  /** tickets issued and not yet called (ticket id → visit) */
  waiting: Map<number, Visit>;
  categories: WindowCategory[];
  handoverTurn: number;
}

interface Visit {
  kind: 'case' | 'consult' | 'return';
  hall: Hall;
  category: WindowCategory;
  noShow: boolean;
  elderly: boolean;
  idNo: string | null;
  serviceMinutes: number;
  /** kind 'case' */
  subItems: SubItem[];
  bundle: Bundle | null;
  outcome: 'accept' | 'correct' | 'refuse';
  applicant: { type: 'person' | 'entity'; who: Person | Entity; agent: Person | null };
  /** kind 'return': the case under a correction notice the applicant comes back for */
  returning?: CaseState;
  appointmentCode?: string;
}

interface CasePlan {
  fate: 'approve' | 'deny' | 'withdraw';
  /** working days from acceptance to the decision */
  decideAfter: number;
  instant: boolean;
  returnOnce: boolean;
  inspection: boolean;
  special: number; // working days of a special procedure (0: none)
  extension: boolean;
  delivery: 'collect' | 'mail' | 'never';
  collectAfter: number;
  smsRating: boolean;
  correction: 'accept' | 'refuse' | 'withdraw' | 'never';
}

interface CaseState {
  id: number;
  caseNo: string;
  hall: Hall;
  sub: SubItem;
  dept: Department;
  applicant: Visit['applicant'];
  status: string;
  plan: CasePlan;
  acceptedOn: string | null;
  decideOn: string | null;
  stepsPassed: number;
  done: Set<'returned' | 'inspection' | 'special' | 'extension'>;
  documentNo: string | null;
  busy: boolean;
}

const TERMINAL = new Set(['refused', 'closed', 'withdrawn']);

export class HistorySimulation {
  private readonly r: Random;
  private readonly rHall: Random;
  private readonly rCase: Random;
  private readonly rRate: Random;
  private readonly people: People;
  private readonly tl: Timeline;
  private cal!: WorkingCalendar;
  private actors!: Map<string, UserActor>;
  private halls: Hall[] = [];
  private departments: Department[] = [];
  private subItems: SubItem[] = [];
  private bundles: Bundle[] = [];
  private readonly cases = new Map<number, CaseState>();
  private readonly instantReserved = new Set<number>();
  private readonly signedBatches = new Set<number>();
  /** departments with a batch waiting to be signed for */
  private readonly toSign = new Set<number>();
  private readonly docCounters = new Map<string, number>();
  private readonly rectTouched = new Map<number, string>();
  private readonly forms = new Map<string, IntakeForm>();
  /** window id → the ticket being served there (finished by the next call, or by 办结 when nobody waits) */
  private readonly serving = new Map<number, number>();
  private readonly worker: OutboxWorker;
  private keySeq = 0;
  private seriesIds: { approve: number; deny: number } | null = null;
  private gapDay = '';
  private gapDone = false;
  private appealDone = false;
  private from = '';
  private to = '';
  private readonly seed: string;
  private readonly scale: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly s: Services,
    private readonly clock: ManualClock,
    private readonly opts: HistoryOptions,
  ) {
    this.seed = opts.seed ?? chinaDate(opts.end);
    this.scale = opts.scale ?? 1;
    this.log = opts.log ?? (() => undefined);
    this.r = new Random(this.seed);
    this.rHall = this.r.fork('hall');
    this.rCase = this.r.fork('cases');
    this.rRate = this.r.fork('ratings');
    this.people = new People(this.r.fork('people'));
    this.tl = new Timeline(clock, opts.end.getTime());
    this.worker = new OutboxWorker(s.database, { ...s.config.worker, batchSize: 500 }, { [SMS_TOPIC]: smsHandler(s.sms) }, s.audit, WORKER_LOG);
  }

  // ------------------------------------------------------------------ set-up

  private async setup(): Promise<void> {
    const db = this.s.database.db;
    await this.s.calendar.syncWorkingDays();
    this.cal = await this.s.calendar.calendar();
    this.actors = await loadActors(db);
    const sites = await loadSites(db);
    this.departments = departmentsWithApprovers(await loadDepartments(db), this.actors);
    const deptIds = this.departments.map((d) => d.id);
    const staff = [...this.actors.values()];

    const endDay = chinaDate(this.opts.end);
    const wanted = this.opts.workingDays ?? 65;
    let from = endDay;
    for (let n = 0; n < wanted; ) {
      from = addDays(from, -1);
      if (this.cal.isWorkday(from)) n++;
    }
    const first = await firstChecklistDay(db);
    if (first && from < first) from = first;
    this.from = from;
    this.to = endDay;
    this.subItems = await loadSubItems(db, deptIds, from);
    this.bundles = await loadBundles(db, deptIds);

    const hall = async (code: string, perDay: number, lunch: [number, number], staffed: [string, string][]): Promise<Hall | null> => {
      const siteId = sites.get(code);
      if (!siteId) return null;
      const wins = await loadWindows(db, siteId);
      const windows: HallWindow[] = [];
      for (const [w, u] of staffed) {
        const win = wins.find((x) => x.code === w);
        const clerk = this.actors.get(u);
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
    this.halls = [centre, street].filter((h): h is Hall => h !== null && h.deliverers.length > 0);
    if (!this.halls.length || !this.departments.length || !this.subItems.length) throw new Error('demo history: the demo district is not loaded');

    // the docno gap of 市场监管局 happens about 60 % of the way through
    const days = this.workdays(this.from, this.to);
    this.gapDay = days[Math.floor(days.length * 0.6)] ?? this.to;
  }

  private workdays(from: string, to: string): string[] {
    const out: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) if (this.cal.isWorkday(d)) out.push(d);
    return out;
  }

  private actor(username: string): UserActor {
    const a = this.actors.get(username);
    if (!a) throw new Error(`demo history: no user ${username}`);
    return a;
  }

  private key(kind: string): string {
    return `hist-${this.seed}-${kind}-${++this.keySeq}`;
  }

  private get now(): number {
    return this.tl.now;
  }

  private today(): string {
    return chinaDate(new Date(this.now));
  }

  /** n working days after `day` (0: `day` itself when it is a working day). */
  private addWD(day: string, n: number): string {
    return this.cal.addWorkingDays(day, Math.max(0, Math.round(n)));
  }

  /** A working-hours instant on `day` at or after `notBefore`, between `fromMin` and `toMin` minutes of the day. */
  private workTime(day: string, r: Random, fromMin = 9 * 60 + 5, toMin = 17 * 60 + 15, notBefore = 0): number {
    let m = r.int(fromMin, toMin);
    if (m >= 12 * 60 && m < 13 * 60 + 40) m += 100; // lunch
    const t = cst(day, 0, Math.min(m, 17 * 60 + 25), r.int(0, 59)).getTime();
    if (t >= notBefore) return t;
    const later = notBefore + r.int(5, 40) * MINUTE;
    // past the end of the afternoon: the next working morning
    if (minuteOfDay(later) > 17 * 60 + 30) return cst(this.cal.nextWorkday(chinaDate(new Date(later))), 9, r.int(5, 50)).getTime();
    return later;
  }

  // ------------------------------------------------------------------ the run

  async run(): Promise<SimulationResult> {
    await this.setup();
    this.log(`history ${this.from} → ${this.to} (${this.workdays(this.from, this.to).length} working days), seed ${this.seed}`);
    this.clock.set(cst(this.from, 8, 0));
    this.tl.at(cst(this.from, 8, 30), 'setup:series', () => this.createSeries());
    this.tl.at(cst(this.from, 8, 40), 'setup:light-rule', () => this.lightRule());
    let lastLog = Date.now();
    for (let day = this.from; day <= this.to; day = addDays(day, 1)) {
      if (this.cal.isWorkday(day)) this.planWorkday(day);
      this.tl.at(cst(day, 22, 30), 'outbox', () => this.drainOutbox());
      this.tl.at(cst(day, 23, 0), 'vacuum', () => this.vacuum());
      await this.tl.runUntil(cst(day, 23, 59, 59).getTime());
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        this.log(`  … ${day}: ${this.cases.size} cases, ${this.tl.ran} events`);
      }
    }
    await this.tl.runUntil(this.tl.end);
    // the last look, as the worker would have taken it a moment ago
    this.clock.set(new Date(this.tl.end));
    await this.s.scan.run();
    await this.drainOutbox();
    await this.s.audit.seal();
    return {
      from: this.from, to: this.to, seed: this.seed, workingDays: this.workdays(this.from, this.to).length, events: this.tl.ran,
      failures: Object.fromEntries(this.tl.failures), failureSamples: this.tl.failureSamples,
      spent: Object.fromEntries([...this.tl.spent].sort((a, b) => b[1].ms - a[1].ms).map(([k, v]) => [k, { n: v.n, ms: Math.round(v.ms) }])),
    };
  }

  private async drainOutbox(): Promise<void> {
    while ((await this.worker.runOnce()) > 0);
  }

  /** What autovacuum does on a PostgreSQL server (PGlite has none): the day's dead row versions go. */
  private async vacuum(): Promise<void> {
    await this.s.database.db.execute(sql`vacuum`);
  }

  private planWorkday(day: string): void {
    const prev = addDays(day, -1);
    const afterHoliday = !this.cal.isWorkday(prev) && !this.cal.isWorkday(addDays(prev, -1)) && !this.cal.isWorkday(addDays(prev, -2));
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const dayIndex = this.workdays(this.from, day).length;
    // a slow rise over the quarter, the weekday, the day after a long holiday, and the day's own luck
    const factor = (0.9 + 0.2 * (dayIndex / Math.max(1, this.workdays(this.from, this.to).length))) * WEEKDAY_FACTOR[weekday]! * (afterHoliday ? 1.45 : 1) * this.rHall.between(0.88, 1.12);
    for (const hall of this.halls) {
      const total = ARRIVAL_CURVE.reduce((s, [, w]) => s + w, 0);
      for (const [minute, w] of ARRIVAL_CURVE) {
        const n = this.rHall.poisson((hall.perDay * factor * w) / total);
        for (let i = 0; i < n; i++) {
          const at = cst(day, 0, minute, 0).getTime() + this.rHall.int(0, 30 * 60 - 1) * 1000;
          this.tl.at(at, 'hall:arrive', () => this.arrive(this.newVisit(hall)));
        }
      }
      this.tl.at(cst(day, 8, 40), 'hall:staff', async () => this.staff(hall, factor));
      this.tl.at(cst(day, 9, 0), 'hall:open', async () => this.dispatch(hall));
      this.tl.at(cst(day, 0, hall.lunch[1]), 'hall:afternoon', async () => this.dispatch(hall));
      this.tl.at(cst(day, 11, 45, this.rHall.int(0, 300)), 'handover', () => this.handoverRound(hall));
      this.tl.at(cst(day, 16, 50, this.rHall.int(0, 300)), 'handover', () => this.handoverRound(hall));
      if (hall.code === 'QZX') {
        // 网上申报 and mailed applications: the front desk accepts them between callers, without a ticket
        const remote = this.rHall.poisson(VOLUME.centreRemote * this.scale * factor);
        for (let i = 0; i < remote; i++) {
          const at = this.workTime(day, this.rHall, 9 * 60 + 15, 16 * 60 + 45);
          this.tl.at(at, 'desk:online', () => this.remoteIntake(hall, this.rHall.chance(0.9) ? 'online' : 'mail'));
        }
        const bookings = this.rHall.poisson(VOLUME.centreBookings * this.scale * factor);
        for (let i = 0; i < bookings; i++) this.tl.at(cst(day, this.rHall.int(8, 21), this.rHall.int(0, 59)), 'appointment:book', () => this.book(hall));
      }
    }
    for (const d of this.departments) {
      this.tl.at(cst(day, 9, 10, this.r.int(0, 900)), 'sign', () => this.signRound(d));
      this.tl.at(cst(day, 14, 20, this.r.int(0, 900)), 'sign', () => this.signRound(d));
    }
    this.tl.at(cst(day, 9, 45, this.r.int(0, 600)), 'rectify:guides', () => this.rectificationRound('guide'));
    this.tl.at(cst(day, 10, 30, this.r.int(0, 600)), 'rectify:departments', () => this.rectificationRound('approver'));
    this.tl.at(cst(day, 15, 15, this.r.int(0, 600)), 'rectify:revisit', () => this.revisitRound());
    this.tl.at(cst(day, 16, 10, this.r.int(0, 600)), 'alerts', () => this.alertRound());
    // 监察巡检: the worker runs it every few minutes; once at the end of each working day is what the history needs
    this.tl.at(cst(day, 17, 55), 'scan', () => this.s.scan.run());
  }

  // ------------------------------------------------------------------ the hall

  private pickSubItem(hall: Hall, category?: WindowCategory): SubItem | null {
    const pool = this.subItems.filter((s) => hall.categories.includes(s.category) && (!category || s.category === category)
      && (s.enabledSiteIds.length === 0 || s.enabledSiteIds.includes(hall.siteId)));
    if (!pool.length) return null;
    return this.rHall.weighted(pool.map((s) => [s, (s.batch === 1 ? 10 : s.batch === 2 ? 2.5 : 0.5) * (DEPARTMENT_WEIGHT[s.departmentCode] ?? 1)] as const));
  }

  private applicantFor(sub: SubItem): Visit['applicant'] {
    const year = Number(this.today().slice(0, 4));
    const entity = sub.subjectType === 'legal_person' || (sub.subjectType === 'both' && this.rHall.chance(0.5));
    if (entity) return { type: 'entity', who: this.people.entity(sub.category), agent: this.people.person(year, 22, 60) };
    const elderly = sub.departmentCode === 'MZJ' || sub.departmentCode === 'RSJ' ? this.rHall.chance(0.18) : this.rHall.chance(0.06);
    return { type: 'person', who: elderly ? this.people.person(year, 70, 88) : this.people.person(year, 20, 68), agent: null };
  }

  private newVisit(hall: Hall, forced?: { category?: WindowCategory }): Visit {
    const r = this.rHall;
    const kind = r.weighted([['case', 0.9], ['consult', 0.1]] as const);
    const noShow = r.chance(0.04);
    let sub = this.pickSubItem(hall, forced?.category);
    let bundle: Bundle | null = null;
    if (kind === 'case' && !forced?.category && this.bundles.length && r.chance(0.015)) {
      bundle = r.pick(this.bundles);
      const first = this.subItems.find((s) => s.id === bundle!.subItemIds[0]);
      if (first && bundle.subItemIds.every((id) => this.subItems.some((s) => s.id === id && (s.enabledSiteIds.length === 0 || s.enabledSiteIds.includes(hall.siteId)) && hall.categories.includes(s.category)))) sub = first;
      else bundle = null;
    }
    const subs = bundle ? bundle.subItemIds.map((id) => this.subItems.find((s) => s.id === id)!) : sub ? [sub] : [];
    const category = forced?.category ?? subs[0]?.category ?? r.pick(hall.categories);
    const applicant = subs[0] ? this.applicantFor(subs[0]) : { type: 'person' as const, who: this.people.person(Number(this.today().slice(0, 4))), agent: null };
    const birthYear = applicant.type === 'person' ? Number(applicant.who.idNo.slice(6, 10)) : 2000;
    const elderly = hall.guides.length > 0 && Number(this.today().slice(0, 4)) - birthYear >= 70 && r.chance(0.7);
    const outcome = bundle ? 'accept' : r.weighted([['accept', 0.83], ['correct', 0.135], ['refuse', 0.035]] as const);
    const comer = applicant.type === 'person' ? applicant.who : applicant.agent!;
    return {
      kind: subs.length ? kind : 'consult', hall, category, noShow, elderly, idNo: r.chance(0.55) ? comer.idNo : null,
      serviceMinutes: kind === 'consult' || !subs.length ? r.logNormal(4, 0.35) : r.logNormal(SERVICE_MINUTES[category] * (bundle ? 1.8 : 1), 0.4),
      subItems: subs, bundle, outcome, applicant,
    };
  }

  private async arrive(v: Visit): Promise<void> {
    const hall = v.hall;
    const t = await this.s.queue.takeTicket({
      siteId: hall.siteId, clientKey: this.key('ticket'),
      ...(v.appointmentCode ? { appointmentCode: v.appointmentCode } : { category: v.category }),
      ...(v.idNo ? { idNo: v.idNo } : {}),
    });
    hall.waiting.set(t.id, v);
    if (v.elderly && hall.guides.length) {
      this.tl.at(this.now + this.rHall.int(15, 90) * 1000, 'hall:green', async () => {
        if (!hall.waiting.has(t.id)) return;
        const age = Number(this.today().slice(0, 4)) - Number((v.applicant.type === 'person' ? v.applicant.who.idNo : '').slice(6, 10));
        await this.s.queue.act(this.rHall.pick(hall.guides), t.id, 'green', { reason: `老年人（${age} 岁）行动不便，优先办理` });
      });
    }
    this.dispatch(hall);
  }

  /**
   * Today's rota: which windows are open and who sits at each. A quiet day opens the general window
   * and one or two per category; a busy one (Monday, after a holiday) opens more.
   */
  private staff(hall: Hall, factor: number): void {
    if (hall.windows.length === 1) return;
    const clerks = [...hall.clerks];
    for (let i = clerks.length - 1; i > 0; i--) {
      const j = this.rHall.int(0, i);
      [clerks[i], clerks[j]] = [clerks[j]!, clerks[i]!];
    }
    const always = new Set(['A01', 'A03', 'A04', 'A06', 'A07', 'A09']);
    const busy = factor > 1.12;
    hall.windows.forEach((w, i) => {
      w.clerk = clerks[i % clerks.length]!;
      w.open = always.has(w.code) || busy || hall.windows.length < 9;
    });
  }

  private inLunch(hall: Hall, at = this.now): boolean {
    const m = minuteOfDay(at);
    return m >= hall.lunch[0] && m < hall.lunch[1];
  }

  /**
   * A free window calls when someone is waiting for its categories — one window per waiting ticket
   * (a clerk sees the waiting count on the console and does not call into an empty queue).
   */
  private dispatch(hall: Hall): void {
    const m = minuteOfDay(this.now);
    if (m < 9 * 60 || this.inLunch(hall)) return;
    const unclaimed = this.unclaimed(hall);
    // specialised windows first (whichever of them is free first), the general window (综合) takes what is left
    const order = hall.windows.map((w) => ({ w, key: w.categories.length + this.rHall.next() * 0.5 })).sort((a, b) => a.key - b.key);
    for (const { w } of order) {
      if (w.state !== 'idle' || !w.open) continue;
      const i = unclaimed.findIndex((v) => w.categories.includes(v.category));
      if (i < 0) continue;
      unclaimed.splice(i, 1);
      w.state = 'calling';
      this.tl.at(this.now + this.rHall.int(8, 45) * 1000, 'hall:call', () => this.call(hall, w));
    }
  }

  /** Waiting tickets no window is already about to call. */
  private unclaimed(hall: Hall): Visit[] {
    const list = [...hall.waiting.values()];
    for (const w of hall.windows) if (w.state === 'calling') {
      const i = list.findIndex((v) => w.categories.includes(v.category));
      if (i >= 0) list.splice(i, 1);
    }
    return list;
  }

  private idle(hall: Hall, w: HallWindow): void {
    w.state = 'idle';
    this.dispatch(hall);
  }

  private async call(hall: Hall, w: HallWindow): Promise<void> {
    if (this.inLunch(hall)) {
      w.state = 'idle';
      return;
    }
    let ticketId: number;
    const serving = this.serving.get(w.id);
    try {
      // 叫下一位 also finishes the ticket being served at the window
      const con = await this.s.queue.callNext(w.clerk, w.id);
      ticketId = con.current!.id;
      this.serving.delete(w.id);
    } catch (err) {
      w.state = 'idle';
      if (err instanceof AppError && err.code === 'QUEUE_EMPTY') {
        if (serving !== undefined) {
          this.serving.delete(w.id);
          await this.s.queue.act(w.clerk, serving, 'finish', {});
        }
        return;
      }
      throw err;
    }
    w.state = 'busy';
    const v = hall.waiting.get(ticketId);
    hall.waiting.delete(ticketId);
    const r = this.rHall;
    if (!v || v.noShow) {
      // called, recalled twice, then recorded as a no-show
      this.tl.at(this.now + 60_000, 'hall:recall', () => this.s.queue.act(w.clerk, ticketId, 'recall', {}));
      this.tl.at(this.now + 120_000, 'hall:recall', () => this.s.queue.act(w.clerk, ticketId, 'recall', {}));
      this.tl.at(this.now + 170_000, 'hall:no-show', async () => {
        await this.s.queue.act(w.clerk, ticketId, 'no_show', {});
        this.idle(hall, w);
      });
      return;
    }
    const serveAt = this.now + r.int(20, 100) * 1000;
    const endAt = serveAt + Math.max(2, v.serviceMinutes) * MINUTE;
    this.tl.at(serveAt, 'hall:serve', () => this.s.queue.act(w.clerk, ticketId, 'serve', {}));
    this.tl.at(endAt - 40_000, `hall:${v.kind}`, () => (v.kind === 'case' ? this.intake(w, v, ticketId) : v.kind === 'return' ? this.returnVisit(w, v) : Promise.resolve()));
    this.tl.at(endAt, 'hall:finish', async () => {
      this.serving.set(w.id, ticketId);
      if (!this.inLunch(hall) && this.unclaimed(hall).some((x) => w.categories.includes(x.category))) {
        // someone is waiting: the clerk calls the next one straight away
        w.state = 'calling';
        this.tl.at(this.now + this.rHall.int(3, 20) * 1000, 'hall:call', () => this.call(hall, w));
        return;
      }
      try {
        this.serving.delete(w.id);
        await this.s.queue.act(w.clerk, ticketId, 'finish', {});
      } finally {
        this.idle(hall, w);
      }
    });
  }

  // ------------------------------------------------------------------ appointments

  private async book(hall: Hall): Promise<void> {
    const r = this.rHall;
    const category = r.weighted([['business', 0.45], ['citizen', 0.4], ['engineering', 0.15]] as const);
    const day = this.addWD(addDays(this.today(), 1), r.int(0, 4));
    const slots = await this.s.appointments.slots({ siteId: hall.siteId, category, day });
    const open = slots.filter((x) => x.booked < x.capacity);
    if (!open.length) return;
    const slot = r.weighted(open.map((x) => [x, x.start < '12:00' ? 1.4 : 1] as const));
    const visit = this.newVisit(hall, { category });
    if (visit.kind !== 'case') visit.kind = 'case';
    if (!visit.subItems.length) return;
    const person = visit.applicant.type === 'person' ? visit.applicant.who : visit.applicant.agent!;
    const booked = await this.s.appointments.book({ slotId: slot.id, name: person.name, idNo: person.idNo, phone: person.phone, clientKey: this.key('appointment') });
    const fate = r.weighted([['come', 0.86], ['cancel', 0.06], ['no_show', 0.08]] as const);
    const [h, m] = slot.start.split(':').map(Number) as [number, number];
    if (fate === 'cancel') {
      const cancelAt = Math.max(this.now + HOUR, cst(day, 8, 0).getTime() - r.int(2, 40) * HOUR);
      this.tl.at(cancelAt, 'appointment:cancel', () => this.s.appointments.cancel({ code: booked.code, idNo: person.idNo }));
    } else if (fate === 'come') {
      visit.appointmentCode = booked.code;
      visit.noShow = false;
      visit.idNo = person.idNo;
      this.tl.at(cst(day, h, m).getTime() + r.int(-12, 25) * MINUTE, 'hall:arrive', () => this.arrive(visit));
    }
  }

  // ------------------------------------------------------------------ intake (综合受理)

  /** An application that came in online or by post, accepted by a clerk of the hall. */
  private async remoteIntake(hall: Hall, channel: 'online' | 'mail'): Promise<void> {
    const v = this.newVisit(hall);
    if (v.kind !== 'case' || v.bundle) return;
    if (v.outcome === 'refuse' && this.rHall.chance(0.5)) v.outcome = 'accept';
    const clerk = this.rHall.pick(hall.windows.filter((w) => w.open)).clerk;
    await this.intake(null, v, null, clerk, channel);
  }

  private async intake(w: HallWindow | null, v: Visit, ticketId: number | null, clerk = w!.clerk, channel: 'window' | 'online' | 'mail' = 'window'): Promise<void> {
    // the intake form of a sub-item is the same all day (the clerk's screen caches it too)
    const formKey = `${this.today()}:${v.hall.siteId}:${v.bundle?.id ?? ''}:${v.subItems.map((s) => s.id).join(',')}`;
    let form = this.forms.get(formKey);
    if (!form) {
      form = await this.s.intake.form(clerk, { subItemIds: v.subItems.map((s) => s.id), bundleId: v.bundle?.id ?? null });
      this.forms.set(formKey, form);
    }
    const { materials, defects } = this.marks(form, v.outcome);
    const a = v.applicant;
    const body: IntakeBody = {
      clientKey: this.key('visit'), ...(w ? { windowId: w.id } : {}), ...(ticketId ? { ticketId } : {}), channel, applicantType: a.type,
      applicant: { name: a.who.name, idNo: a.who.idNo, phone: a.who.phone },
      agent: a.agent ? { name: a.agent.name, idNo: a.agent.idNo, phone: a.agent.phone } : null,
      subItemIds: v.subItems.map((s) => s.id), bundleId: v.bundle?.id ?? null, materials,
      outcome: v.outcome === 'correct' ? (defects.length ? 'correct' : 'accept') : v.outcome,
      ...(defects.length ? { defects } : {}),
      ...(v.outcome === 'refuse' ? { refusal: this.refusal(v.subItems[0]!) } : {}),
    };
    const res = await this.s.intake.intake(clerk, body);
    for (const c of res.cases) {
      const sub = v.subItems.find((s) => s.name === c.subItemName) ?? v.subItems[0]!;
      const state = this.track(c.id, c.caseNo, v, sub, c.status);
      if (c.status === 'accepted') this.onAccepted(state);
      else if (c.status === 'correction') this.onCorrection(state);
    }
    // the window device asks the applicant at the desk for a rating
    if (w) this.tl.at(this.now + this.rRate.int(20, 70) * 1000, 'rating:device', () => this.deviceRating(w, v.hall));
  }

  private track(id: number, caseNo: string, v: Visit, sub: SubItem, status: string): CaseState {
    const r = this.rCase;
    const L = sub.promisedLimit;
    const lateness = r.weighted([['on_time', 0.885], ['late', 0.07], ['stuck', 0.045]] as const);
    const k = L === 0 ? 0
      : lateness === 'late' ? L + r.int(1, 4)
      : lateness === 'stuck' ? L + r.int(10, 25)
      // on time: most well ahead of the promise, a good share in its last days (the yellow light)
      : Math.max(1, Math.round(L * (r.chance(0.6) ? r.between(0.2, 0.6) : r.between(0.7, 1))));
    const dept = this.departments.find((d) => d.id === sub.departmentId)!;
    const plan: CasePlan = {
      fate: r.weighted([['approve', 0.945], ['deny', 0.045], ['withdraw', 0.01]] as const),
      decideAfter: k,
      instant: L === 0,
      returnOnce: L >= 3 && r.chance(0.025),
      inspection: sub.inspectionNeeded && dept.inspectors.length > 0 && L > 0,
      special: L >= 5 && r.chance(0.06) ? r.int(3, 9) : 0,
      extension: L >= 10 && dept.approvers.length >= 2 && r.chance(0.2), // a second approver decides it (not the one who asked)
      delivery: r.weighted([['collect', v.applicant.type === 'entity' ? 0.66 : 0.84], ['mail', v.applicant.type === 'entity' ? 0.3 : 0.1], ['never', 0.045]] as const),
      collectAfter: r.weighted([[0, 0.25], [1, 0.3], [2, 0.18], [3, 0.1], [4, 0.07], [6, 0.05], [9, 0.05]] as const),
      smsRating: r.chance(0.24),
      correction: r.weighted([['accept', 0.74], ['refuse', 0.06], ['withdraw', 0.05], ['never', 0.15]] as const),
    };
    const state: CaseState = {
      id, caseNo, hall: v.hall, sub, dept, applicant: v.applicant, status, plan, acceptedOn: null, decideOn: null, stepsPassed: 0,
      done: new Set(), documentNo: null, busy: false,
    };
    this.cases.set(id, state);
    return state;
  }

  /** The marks of every material of the form; for a correction notice, one or two required materials are missing. */
  private marks(form: IntakeForm, outcome: Visit['outcome']): { materials: MaterialInput[]; defects: { subItemId: number; lineNo: number; note: string }[] } {
    const r = this.rHall;
    const lines = form.subItems.flatMap((s) => s.lines.map((l) => ({ ...l, subItemId: s.subItemId, due: s.promisedDueIfToday })));
    const absent = new Set<number>();
    if (outcome === 'correct') {
      const required = [...new Set(lines.filter((l) => l.required && !l.condition).map((l) => l.materialId))];
      const n = Math.min(required.length, r.chance(0.7) ? 1 : 2);
      for (let i = 0; i < n; i++) absent.add(required.splice(r.int(0, required.length - 1), 1)[0]!);
    }
    const useMissing = r.chance(0.45);
    const useCommitment = r.chance(0.4);
    const materials: MaterialInput[] = form.materials.map((m) => {
      const mine = lines.filter((l) => l.materialId === m.materialId);
      const l = mine[0]!;
      if (absent.has(m.materialId)) return { materialId: m.materialId, status: 'absent' };
      const mandatory = mine.some((x) => x.required && !x.condition);
      if (outcome !== 'refuse' && useMissing && mine.every((x) => x.allowMissing)) {
        const dues = mine.map((x) => x.due).filter((d): d is string => !!d).sort();
        const latest = dues[0];
        if (latest && latest > form.today) {
          const span = this.cal.workingDaysBetween(form.today, latest);
          const due = this.addWD(form.today, Math.max(1, Math.min(span, r.int(2, 5))));
          if (due > form.today && due <= latest) return { materialId: m.materialId, status: 'missing', dueDate: due };
        }
      }
      if (useCommitment && mine.every((x) => x.allowCommitment)) return { materialId: m.materialId, status: 'commitment' };
      if (mandatory || r.chance(0.55)) return { materialId: m.materialId, status: 'received', form: l.form, copies: l.copies };
      return { materialId: m.materialId, status: 'not_applicable' };
    });
    const NOTES = ['未提交该材料，请补齐后一并提交', '复印件不清晰，请提交清晰的复印件并携带原件核验', '材料未加盖公章，请加盖公章', '填写内容与营业执照不一致，请更正后签字确认', '材料已过有效期，请提供有效期内的材料'];
    const defects = lines.filter((l) => absent.has(l.materialId)).map((l) => ({ subItemId: l.subItemId, lineNo: l.lineNo, note: r.pick(NOTES) }));
    return { materials, defects };
  }

  private refusal(sub: SubItem): { reasons: string; redirect: string } {
    const r = this.rHall;
    return r.pick([
      { reasons: '申请事项依法不需要取得行政许可', redirect: `如有疑问可向${this.departments.find((d) => d.id === sub.departmentId)?.name ?? '相关部门'}咨询` },
      { reasons: '申请事项不属于本中心受理范围（属市级事权）', redirect: '请向市政务服务中心相关窗口申请' },
      { reasons: '申请人不具备申请资格：经营场所不在本区辖区内', redirect: '请向经营场所所在区政务服务中心申请' },
      { reasons: '同一事项已有在办申请，不得重复申请', redirect: '可凭原受理回执查询办理进度' },
    ]);
  }

  private onCorrection(state: CaseState): void {
    const r = this.rCase;
    const p = state.plan.correction;
    if (p === 'never') return;
    const day = this.addWD(addDays(this.today(), 1), r.int(0, 5));
    if (p === 'withdraw') {
      this.tl.at(this.workTime(this.addWD(day, 2), r), 'case:withdraw', async () => {
        if (state.status === 'correction') await this.act(state, this.rHall.pick(state.hall.clerks), 'withdraw', { reason: '申请人来电表示放弃本次申请' });
      });
      return;
    }
    // the applicant comes back to the hall with the missing materials
    const at = this.workTime(day, r, 9 * 60, 16 * 60 + 30);
    this.tl.at(at, 'hall:arrive', async () => {
      if (state.status !== 'correction') return;
      const v: Visit = {
        kind: 'return', hall: state.hall, category: state.sub.category, noShow: false, elderly: false, idNo: null,
        serviceMinutes: this.rHall.logNormal(6, 0.3), subItems: [state.sub], bundle: null, outcome: p === 'refuse' ? 'refuse' : 'accept',
        applicant: state.applicant, returning: state,
      };
      await this.arrive(v);
    });
  }

  /** 补正后受理 (or 不予受理) at the window. */
  private async returnVisit(w: HallWindow, v: Visit): Promise<void> {
    const state = v.returning!;
    if (state.status !== 'correction') return;
    if (v.outcome === 'refuse') {
      await this.act(state, w.clerk, 'refuse', { reasons: '补正材料仍不符合法定形式，申请人不具备申请条件', redirect: '申请人可在具备条件后重新申请' });
      return;
    }
    const detail = await this.s.cases.get(w.clerk, state.id);
    const materials: MaterialInput[] = detail.materials
      .filter((m) => m.status === 'absent')
      .map((m) => ({ materialId: m.materialId, status: 'received' as const }));
    await this.act(state, w.clerk, 'accept', { materials });
    if ((state.status as string) === 'accepted') this.onAccepted(state);
  }

  // ------------------------------------------------------------------ back office

  private onAccepted(state: CaseState): void {
    const r = this.rCase;
    state.acceptedOn ??= this.today();
    state.decideOn ??= this.addWD(state.acceptedOn, state.plan.decideAfter);
    if (state.plan.instant && state.plan.fate === 'withdraw') state.plan.fate = 'approve';
    if (state.plan.fate === 'withdraw') {
      const day = this.cal.nextWorkday(this.today());
      this.tl.at(this.workTime(day, r, 9 * 60, 11 * 60), 'case:withdraw', async () => {
        if (OPEN_STATUSES.includes(state.status as CaseStatus)) await this.act(state, this.rHall.pick(state.hall.clerks), 'withdraw', { reason: '申请人书面申请撤回' });
      });
    }
    if (state.plan.instant) {
      // 即办件: handed over at once, signed and decided while the applicant waits
      this.instantReserved.add(state.id);
      this.tl.at(this.now + r.int(2, 5) * MINUTE, 'instant:handover', async () => {
        this.instantReserved.delete(state.id);
        if (state.status !== 'accepted') return;
        const clerk = this.rHall.pick(state.hall.clerks);
        const h = await this.s.handovers.create(clerk, { departmentId: state.dept.id, caseIds: [state.id], clientKey: this.key('handover') });
        state.status = 'handed_over';
        this.toSign.add(state.dept.id); // should the quick signature not happen, the next round signs it
        this.tl.at(this.now + r.int(8, 35) * MINUTE, 'instant:sign', () => this.signBatch(r.pick(state.dept.approvers), h.id));
      });
    }
  }

  private async handoverRound(hall: Hall): Promise<void> {
    const clerk = hall.clerks[hall.handoverTurn++ % hall.clerks.length]!;
    for (const g of await this.s.handovers.pending(clerk)) {
      const ids = g.cases.map((c) => c.id).filter((id) => !this.instantReserved.has(id));
      if (!ids.length) continue;
      await this.s.handovers.create(clerk, { departmentId: g.departmentId, caseIds: ids, clientKey: this.key('handover') });
      this.toSign.add(g.departmentId);
      for (const id of ids) {
        const st = this.cases.get(id);
        if (st) st.status = 'handed_over';
      }
    }
  }

  private async signRound(d: Department): Promise<void> {
    if (!this.toSign.has(d.id)) return; // nothing on the 待签收 badge
    this.toSign.delete(d.id);
    const approver = this.r.pick(d.approvers);
    const page = await this.s.handovers.list(approver, { direction: 'in', status: 'sent', pageSize: 100 });
    for (const h of [...page.items].reverse()) await this.signBatch(approver, h.id);
  }

  private async signBatch(approver: UserActor, batchId: number): Promise<void> {
    if (this.signedBatches.has(batchId)) return;
    const h = await this.s.handovers.get(approver, batchId);
    if (h.status !== 'sent') return;
    const short = h.cases.length > 3 && this.r.chance(0.04) ? h.cases[this.r.int(0, h.cases.length - 1)]! : null;
    await this.s.handovers.sign(approver, batchId, {
      items: h.cases.map((c) => ({ caseId: c.id, receivedCount: c === short ? Math.max(0, c.materialCount - 1) : c.materialCount })),
      ...(short ? { note: `${short.caseNo} 少一份复印件，已电话告知前台补送` } : {}),
    });
    this.signedBatches.add(batchId);
    for (const c of h.cases) {
      const st = this.cases.get(c.id);
      if (st && st.status === 'handed_over') {
        st.status = 'in_review';
        st.stepsPassed = 0;
        this.onSigned(st, approver);
      }
    }
  }

  /** The department's work on a signed case, step by step, each scheduled after the one before. */
  private onSigned(state: CaseState, signer: UserActor): void {
    const r = this.rCase;
    const today = this.today();
    if (state.plan.instant) {
      this.tl.at(this.now + r.int(5, 25) * MINUTE, 'review', () => this.nextStep(state, signer));
      return;
    }
    if (state.plan.returnOnce && !state.done.has('returned')) {
      this.tl.at(this.workTime(this.addWD(today, r.int(0, 1)), r, 9 * 60, 17 * 60, this.now + 20 * MINUTE), 'case:return', () => this.returnToFront(state));
      return;
    }
    let first = this.addWD(today, r.chance(0.6) ? 0 : 1);
    if (state.decideOn && first > state.decideOn) first = this.addWD(today, 0);
    this.tl.at(this.workTime(first, r, 9 * 60, 17 * 60, this.now + 15 * MINUTE), 'review', () => this.nextStep(state, r.pick(state.dept.approvers)));
  }

  /** Which step comes next, done now, and the one after it scheduled. */
  private async nextStep(state: CaseState, approver: UserActor): Promise<void> {
    if (TERMINAL.has(state.status) || state.status === 'withdrawn') return;
    const r = this.rCase;
    const p = state.plan;
    const today = this.today();
    const left = Math.max(0, this.cal.workingDaysBetween(today, state.decideOn!));
    const soon = (frac: number, min = 0) => this.workTime(this.addWD(today, Math.max(min, Math.round(left * frac))), r, 9 * 60, 17 * 60, this.now + 10 * MINUTE);
    const then = (at: number) => this.tl.at(at, 'review', () => this.nextStep(state, r.pick(state.dept.approvers)));

    if (p.instant) {
      if (state.stepsPassed < state.sub.approvalSteps - 1) {
        await this.act(state, approver, 'pass_step', { opinion: '材料齐全，符合条件' });
        state.stepsPassed++;
        this.tl.at(this.now + r.int(3, 12) * MINUTE, 'review', () => this.nextStep(state, approver));
        return;
      }
      await this.decide(state, approver);
      return;
    }
    if (p.inspection && !state.done.has('inspection')) {
      if (state.status === 'in_review') {
        const inspector = r.pick(state.dept.inspectors);
        await this.act(state, approver, 'assign_inspection', { inspectorId: inspector.userId, note: '请核查经营场所布局与申请材料是否一致' });
        this.tl.at(this.workTime(this.addWD(today, r.int(1, Math.min(3, Math.max(1, left)))), r, 9 * 60 + 30, 16 * 60 + 30, this.now + HOUR), 'case:inspect', async () => {
          const passed = r.chance(0.93);
          await this.act(state, inspector, 'record_inspection', {
            passed, result: passed ? '现场布局、设施设备与申请材料一致，符合要求' : '现场实际经营面积与申请材料不符，需申请人说明',
          });
          state.done.add('inspection');
          then(this.now + r.int(30, 200) * MINUTE);
        });
      }
      return;
    }
    if (p.special > 0 && !state.done.has('special')) {
      const kind = r.weighted([['expert_review', 0.4], ['testing', 0.3], ['hearing', 0.15], ['appraisal', 0.15]] as const);
      await this.act(state, approver, 'start_special', { kind, reason: { expert_review: '需组织专家评审', testing: '需对样品进行检验检测', hearing: '涉及重大利益关系人，依法组织听证', appraisal: '需委托第三方鉴定' }[kind], expectedDays: p.special });
      state.done.add('special');
      const endDay = this.addWD(today, p.special + r.int(-1, 1));
      state.decideOn = this.addWD(state.decideOn!, this.cal.workingDaysBetween(today, endDay));
      this.tl.at(this.workTime(endDay, r), 'case:end-special', async () => {
        await this.act(state, approver, 'end_special', { result: '特别程序已完成，结论：符合要求' });
        then(this.now + r.int(30, 300) * MINUTE);
      });
      return;
    }
    if (state.stepsPassed < state.sub.approvalSteps - 1) {
      await this.act(state, approver, 'pass_step', { opinion: state.stepsPassed === 0 ? '经审查，材料齐全，符合法定形式，拟同意' : '同意承办意见' });
      state.stepsPassed++;
      const remaining = state.sub.approvalSteps - 1 - state.stepsPassed;
      then(soon(remaining > 0 ? 0.45 : 0.8, 0));
      return;
    }
    if (p.extension && !state.done.has('extension')) {
      const [first, second] = r.chance(0.5) ? [state.dept.approvers[0]!, state.dept.approvers[1]!] : [state.dept.approvers[1]!, state.dept.approvers[0]!];
      await this.act(state, first, 'request_extension', { reason: '案情复杂，需进一步核实申请人提交的技术资料，申请延长十个工作日' });
      state.done.add('extension');
      this.tl.at(this.workTime(this.addWD(today, 1), r), 'case:extension', async () => {
        await this.act(state, second, 'approve_extension', { opinion: '同意延期' });
        state.decideOn = this.addWD(this.today(), r.int(3, 8));
        then(this.workTime(state.decideOn, r));
      });
      return;
    }
    if (today < state.decideOn!) {
      then(this.workTime(state.decideOn!, r));
      return;
    }
    await this.decide(state, approver);
  }

  private async returnToFront(state: CaseState): Promise<void> {
    if (state.status !== 'in_review') return;
    const r = this.rCase;
    const approver = r.pick(state.dept.approvers);
    const detail = await this.s.cases.get(approver, state.id);
    const received = detail.materials.filter((m) => m.status === 'received' && m.required);
    if (!received.length) {
      state.done.add('returned');
      this.onSigned(state, approver);
      return;
    }
    const m = r.pick(received);
    await this.act(state, approver, 'return_to_front', { lines: [{ lineNo: m.lineNo, note: r.pick(['复印件与原件不一致，请前台核对原件后重新提交', '材料缺少申请人签字，请按清单要求补签', '材料页数不全，请按清单要求补齐']) }] });
    state.done.add('returned');
    // the applicant brings the material again; the front desk supplements and the case goes back in the next batch
    this.tl.at(this.workTime(this.addWD(this.today(), r.int(1, 3)), r), 'case:supplement', async () => {
      await this.act(state, this.rHall.pick(state.hall.clerks), 'supplement', { materials: [{ materialId: m.materialId, status: 'received' }] });
    });
  }

  private documentNo(state: CaseState, decision: 'approve' | 'deny'): string {
    const code = state.dept.code;
    const year = Number(this.today().slice(0, 4));
    const key = `${code}:${decision}:${year}`;
    // a watched series starts a new year at 1; other departments' numbers run on from the year so far
    const start = this.docCounters.get(key) ?? (code === 'SCJGJ' ? 0 : decision === 'approve' ? this.r.int(380, 620) : this.r.int(8, 30));
    let seq = start + 1;
    if (code === 'SCJGJ' && decision === 'approve' && !this.gapDone && this.today() >= this.gapDay) {
      // three decisions issued outside the platform: the next number on it skips them (文号缺号)
      seq += 3;
      this.gapDone = true;
      this.tl.at(this.workTime(this.addWD(this.today(), 2), this.r), 'docno:explain', () => this.explainGap(year));
    }
    this.docCounters.set(key, seq);
    const prefix = DOC_PREFIX[code] ?? '示';
    if (code === 'SCJGJ') return decision === 'approve' ? `${prefix}许〔${year}〕${String(seq).padStart(4, '0')}号` : `${prefix}不许〔${year}〕${String(seq).padStart(3, '0')}号`;
    return `${prefix}${decision === 'approve' ? '许' : '不许'}〔${year}〕${seq}号`;
  }

  private async decide(state: CaseState, approver: UserActor): Promise<void> {
    if (state.plan.fate === 'withdraw') return; // the applicant withdraws it (scheduled at acceptance)
    const deny = state.plan.fate === 'deny';
    const documentNo = this.documentNo(state, deny ? 'deny' : 'approve');
    await this.act(state, approver, deny ? 'deny' : 'approve', deny
      ? { opinion: this.rCase.pick(['经审查，申请人不符合法定条件，不予许可', '现场核查不符合要求，且申请人未能在规定期限内整改，不予许可', '申请材料存在虚假内容，依法不予许可']), documentNo }
      : { opinion: '经审查，申请人符合法定条件，准予许可', documentNo });
    state.documentNo = documentNo;
    const r = this.rCase;
    const m = minuteOfDay(this.now);
    const at = state.plan.instant ? this.now + r.int(5, 15) * MINUTE
      : m < 15 * 60 ? this.workTime(this.today(), r, 15 * 60 + 10, 16 * 60 + 50, this.now)
      : this.workTime(this.cal.nextWorkday(this.today()), r, 9 * 60 + 10, 11 * 60 + 30);
    this.tl.at(at, 'delivery:register', () => this.registerResult(state));
  }

  private async registerResult(state: CaseState): Promise<void> {
    const r = this.rCase;
    const clerk = r.pick(state.hall.deliverers);
    await this.act(state, clerk, 'register_result', { documentNo: state.documentNo! });
    const p = state.plan;
    if (p.delivery === 'never') return;
    if (p.delivery === 'mail') {
      this.tl.at(this.now + r.int(20, 100) * MINUTE, 'delivery:mail', () => this.act(state, r.pick(state.hall.deliverers), 'mail', {
        carrier: r.pick(['中国邮政 EMS', '顺丰速运']), trackingNo: `${r.pick(['11', '10', 'SF'])}${String(r.int(0, 999_999_999)).padStart(9, '0')}${r.int(1000, 9999)}`,
        address: state.applicant.who.address,
      }).then(() => this.afterCompletion(state)));
      return;
    }
    const at = p.instant ? this.now + r.int(3, 10) * MINUTE : this.workTime(this.addWD(addDays(this.today(), 1), p.collectAfter), r, 9 * 60, 17 * 60);
    this.tl.at(at, 'delivery:collect', async () => {
      const a = state.applicant;
      await this.act(state, r.pick(state.hall.deliverers), 'collect', a.type === 'person'
        ? { collectorType: 'applicant', collectorName: a.who.name, collectorIdNo: a.who.idNo }
        : { collectorType: 'agent', collectorName: a.agent!.name, collectorIdNo: a.agent!.idNo });
      await this.afterCompletion(state);
    });
  }

  /** A 承诺件's completion invitation goes out by SMS; some applicants follow the link. */
  private async afterCompletion(state: CaseState): Promise<void> {
    if (!state.plan.smsRating || state.sub.caseType !== 'promised') return;
    const r = this.rRate;
    const at = this.now + r.int(20, 60 * 60) * MINUTE;
    this.tl.at(Math.min(at, cst(chinaDate(new Date(at)), 22, 0).getTime()), 'rating:sms', async () => {
      const [inv] = await rows<{ token: string }>(this.s.database.db, sql`select token from rating_invitations where case_id = ${state.id} and stage = 'completion' and rated_at is null`);
      if (!inv) return;
      const level = this.level(true, true);
      await this.s.ratings.rate({ token: inv.token, level, channel: r.chance(0.85) ? 'sms' : 'portal', ...this.why(level, true) }, { requestId: null, ip: null });
    });
  }

  /** One case action as the actor would take it; the state follows the answer. */
  private async act<A extends Exclude<keyof ActionBodies, 'handover' | 'sign'>>(state: CaseState, actor: UserActor, action: A, body: ActionBodies[A]): Promise<CaseDetail | null> {
    if (TERMINAL.has(state.status)) return null;
    const detail = await this.s.cases.act(actor, state.id, action, body);
    state.status = detail.status;
    return detail;
  }

  // ------------------------------------------------------------------ ratings and rectification (好差评)

  private level(badAllowed: boolean, completion = false): RatingLevel {
    const r = this.rRate;
    const l = r.weighted([[1, 0.62], [2, 0.265], [3, 0.085], [4, completion ? 0.02 : 0.02], [5, 0.01]] as const);
    return (!badAllowed && l >= 4 ? 3 : l) as RatingLevel;
  }

  private why(level: RatingLevel, completion: boolean): { reasons: RatingReason[]; comment: string } {
    if (level < 4) return { reasons: [], comment: this.rRate.chance(0.1) ? this.rRate.pick(['办事效率高，态度好', '窗口人员讲解耐心细致', '一次就办好了，点赞']) : '' };
    const r = this.rRate;
    const reasons = completion ? [r.pick(['efficiency', 'repeat_trips', 'unclear_notice'] as const)] : [r.pick(['waiting', 'attitude', 'unclear_notice', 'extra_materials'] as const)];
    const comment = {
      waiting: '排队等了一个多小时，窗口开得太少', attitude: '工作人员说话不耐烦', unclear_notice: '第一次来没有说清楚要带什么材料，白跑一趟',
      extra_materials: '要求提供清单以外的证明', efficiency: '承诺时间内没有办好，也没有人通知', repeat_trips: '来回跑了三趟才办完', environment: '', other: '',
    }[reasons[0]!];
    return { reasons, comment };
  }

  private async deviceRating(w: HallWindow, hall: Hall): Promise<void> {
    if (!this.rRate.chance(0.5)) return; // about half the applicants press a key on the device
    const { invitation } = await this.s.ratings.forWindow(w.id);
    if (!invitation || invitation.rated) return;
    const level = this.level(hall.guides.length > 0);
    await this.s.ratings.rate({ token: invitation.token, level, channel: 'device', ...this.why(level, false) }, { requestId: null, ip: null });
  }

  /** Guides (the hall's 差评) and approvers (their department's) work through their open rectifications. */
  private async rectificationRound(role: 'guide' | 'approver'): Promise<void> {
    const r = this.rRate;
    const staff = role === 'guide' ? this.halls.flatMap((h) => h.guides.slice(0, 1)) : this.departments.map((d) => d.approvers[0]!);
    const today = this.today();
    for (const who of staff) {
      const page = await this.s.ratings.lists.rectificationList(who, { open: true, pageSize: 100 });
      for (const x of page.items) {
        const touched = this.rectTouched.get(x.id);
        if (touched === today) continue;
        if (x.status === 'verifying' && (x.openedOn < today || r.chance(0.3))) {
          if (!this.appealDone && x.level === 5 && role === 'guide') {
            this.appealDone = true;
            await this.s.ratings.rectifications.act(who, x.id, 'appeal', { reason: '经调取窗口录像核实，评价人当日未在本窗口办理业务，评价内容与事实不符，属恶意评价' });
          } else {
            await this.s.ratings.rectifications.act(who, x.id, 'verify', { note: x.stage === 'completion' ? '经核查承办科室办理记录，反映情况属实' : '经调取窗口录像和取号记录核实，反映情况基本属实' });
          }
          this.rectTouched.set(x.id, today);
        } else if (x.status === 'rectifying' && touched && touched < today && r.chance(0.55)) {
          await this.s.ratings.rectifications.act(who, x.id, 'rectify', {
            measures: x.stage === 'completion' ? '已督促承办科室建立办理进度提醒机制，超期前两个工作日逐件提醒' : '已对窗口人员进行服务规范再培训，高峰时段增开窗口并安排导办员分流',
            reply: '感谢您的监督，您反映的问题已核实并整改，如仍有意见请致电 12345。',
          });
          this.rectTouched.set(x.id, today);
        }
      }
    }
  }

  /** The supervisor calls raters back (回访) and decides appeals. */
  private async revisitRound(): Promise<void> {
    const r = this.rRate;
    const sup = this.actor('supervisor1');
    const today = this.today();
    for (const status of ['replied', 'appealing'] as const) {
      const page = await this.s.ratings.lists.rectificationList(sup, { status, pageSize: 100 });
      for (const x of page.items) {
        const touched = this.rectTouched.get(x.id);
        if (!touched || touched >= today || !r.chance(0.6)) continue;
        if (status === 'replied') {
          const satisfied = r.chance(0.85);
          await this.s.ratings.rectifications.act(sup, x.id, 'revisit', { satisfied, note: satisfied ? '电话回访，评价人对整改结果表示满意' : '电话回访，评价人表示仍不满意，已记录并转业务科室跟进' });
        } else {
          await this.s.ratings.rectifications.act(sup, x.id, 'decide_appeal', { decision: 'upheld', note: '经核实取号记录和录像，申诉理由成立，该评价不计入满意度' });
        }
        this.rectTouched.set(x.id, today);
      }
    }
  }

  // ------------------------------------------------------------------ supervision

  private async createSeries(): Promise<void> {
    const scjg = this.departments.find((d) => d.code === 'SCJGJ');
    if (!scjg) return;
    const sup = this.actor('supervisor1');
    const year = Number(this.today().slice(0, 4));
    const approve = this.r.int(380, 620);
    const deny = this.r.int(8, 30);
    this.docCounters.set(`SCJGJ:approve:${year}`, approve);
    this.docCounters.set(`SCJGJ:deny:${year}`, deny);
    const a = await this.s.docNos.createSeries(sup, { departmentId: scjg.id, name: '行政许可决定书', pattern: '示市监许〔{year}〕{seq:4}号', startYear: year, startSeq: approve + 1, allowDuplicates: false, active: true });
    const d = await this.s.docNos.createSeries(sup, { departmentId: scjg.id, name: '不予行政许可决定书', pattern: '示市监不许〔{year}〕{seq:3}号', startYear: year, startSeq: deny + 1, allowDuplicates: false, active: true });
    this.seriesIds = { approve: a.id, deny: d.id };
  }

  private async lightRule(): Promise<void> {
    // 食品经营许可: yellow a little earlier than the centre's default
    const food = this.subItems.find((s) => s.itemName.startsWith('食品经营许可'));
    if (!food) return;
    await this.s.lights.setRule(this.actor('supervisor1'), food.itemId, { yellowPercent: 30, yellowMinDays: 2, escalateAfterDays: 2, handoverDays: 1, signDays: 1, stepDays: 4 });
  }

  private async explainGap(year: number): Promise<void> {
    if (!this.seriesIds) return;
    const approver = this.actor('approver_scjg');
    const { gaps } = await this.s.docNos.numbers(approver, this.seriesIds.approve, year);
    const missing = gaps.filter((g) => g.status === 'missing');
    if (!missing.length) return;
    await this.s.docNos.explainGap(approver, missing[0]!.id, { kind: 'voided', reason: '制证时打印错误，该号已作废，原件加盖作废章留存备查' });
    this.tl.at(this.workTime(this.addWD(this.today(), 1), this.r), 'docno:comment', async () => {
      const sup = this.actor('jijian1');
      const alert = (await this.s.alerts.list(sup, { kind: 'docno_gap', pageSize: 5 })).items[0];
      if (alert) await this.s.alerts.act(sup, alert.id, 'comment', { note: '其余两个缺号请市场监管局三个工作日内书面说明' });
    });
  }

  /** The supervisor goes through the alert centre once a day. */
  private async alertRound(): Promise<void> {
    const r = this.r;
    const sup = this.actor('supervisor1');
    const today = this.today();
    for (const status of ['open', 'investigating'] as const) {
      const page = await this.s.alerts.list(sup, { status, pageSize: 200 });
      for (const a of page.items) {
        const c = a.caseId ? this.cases.get(a.caseId) : undefined;
        const age = this.cal.workingDaysBetween(chinaDate(new Date(a.openedAt)), today);
        const settled = !!c && (c.status === 'approved' || c.status === 'denied' || c.status === 'ready' || TERMINAL.has(c.status));
        if (a.kind === 'docno_gap' || a.kind === 'docno_duplicate' || a.kind === 'docno_irregular') {
          if (status === 'open' && age >= 1) await this.s.alerts.act(sup, a.id, 'investigate', { note: '已调阅市场监管局许可台账及作废登记，核对缺号情况' });
        } else if (a.kind === 'case_escalated') {
          if (settled && r.chance(0.7)) await this.s.alerts.act(sup, a.id, 'close', { conclusion: 'resolved', note: '已电话督办，承办科室已作出决定，纳入月度考核通报' });
          else if (status === 'open') await this.s.alerts.act(sup, a.id, 'investigate', { note: '已电话督办承办科室负责人，要求两个工作日内办结' });
        } else if (a.kind === 'case_overdue') {
          if (settled && age >= 1 && r.chance(0.6)) await this.s.alerts.act(sup, a.id, 'close', { conclusion: 'resolved', note: '该件已办结，超期原因已由承办科室说明' });
        } else if (a.kind === 'step_overdue') {
          if (age >= 2 && r.chance(0.5)) await this.s.alerts.act(sup, a.id, 'close', { conclusion: settled ? 'resolved' : 'explained', note: '已提醒承办人，环节已推进' });
        } else if (status === 'open' && age >= 1) {
          await this.s.alerts.act(sup, a.id, 'investigate', { note: '已转相关部门核实' });
        }
      }
    }
  }
}
