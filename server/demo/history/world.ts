/**
 * What the parts of the demo history share (hall.ts, intake.ts, back-office.ts, ratings.ts,
 * supervision.ts): the services, the timeline on the ManualClock, the seeded random streams, the
 * district as loaded (halls, departments, sub-items, bundles), the cases so far, and the time helpers
 * (working days, working hours). Each part holds the World and reaches the others through it, by the
 * calls they make of each other (HallCalls … SupervisionCalls): the parts import only this file.
 */
import type { ActionBodies, CaseDetail } from '../../modules/cases/cases.schemas.js';
import type { RatingLevel, RatingReason } from '../../../common/ratings.js';
import type { WindowCategory } from '../../../common/roles.js';
import { addDays, type WorkingCalendar } from '../../../common/working-days.js';
import type { UserActor } from '../../platform/authz.js';
import { chinaDate, type ManualClock } from '../../platform/clock.js';
import type { Services } from '../../services.js';
import { People, type Entity, type Person } from './people.js';
import { Random } from './random.js';
import type { Bundle, Department, HallWindow, SubItem } from './setup.js';
import { MINUTE, Timeline, cst, minuteOfDay } from './timeline.js';

export const HOUR = 60 * MINUTE;

export const TERMINAL = new Set(['refused', 'closed', 'withdrawn']);

export interface Hall {
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

export interface Visit {
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

export interface CasePlan {
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

export interface CaseState {
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

/** What the parts ask of each other: the hall (hall.ts) … */
export interface HallCalls {
  newVisit(hall: Hall, forced?: { category?: WindowCategory }): Visit;
  arrive(v: Visit): Promise<void>;
}
/** … intake (intake.ts) … */
export interface DeskCalls {
  intake(w: HallWindow | null, v: Visit, ticketId: number | null): Promise<void>;
  returnVisit(w: HallWindow, v: Visit): Promise<void>;
}
/** … the back office (back-office.ts) … */
export interface OfficeCalls {
  onAccepted(state: CaseState): void;
}
/** … ratings (ratings.ts) … */
export interface RatingCalls {
  level(badAllowed: boolean, completion?: boolean): RatingLevel;
  why(level: RatingLevel, completion: boolean): { reasons: RatingReason[]; comment: string };
  deviceRating(w: HallWindow, hall: Hall): Promise<void>;
}
/** … and supervision (supervision.ts). */
export interface SupervisionCalls {
  documentNo(state: CaseState, decision: 'approve' | 'deny'): string;
}

export class World {
  readonly r: Random;
  readonly rHall: Random;
  readonly rCase: Random;
  readonly rRate: Random;
  readonly people: People;
  readonly tl: Timeline;
  cal!: WorkingCalendar;
  actors!: Map<string, UserActor>;
  halls: Hall[] = [];
  departments: Department[] = [];
  subItems: SubItem[] = [];
  bundles: Bundle[] = [];
  readonly cases = new Map<number, CaseState>();
  hall!: HallCalls;
  desk!: DeskCalls;
  office!: OfficeCalls;
  ratings!: RatingCalls;
  supervision!: SupervisionCalls;
  private keySeq = 0;

  constructor(
    readonly s: Services,
    clock: ManualClock,
    readonly seed: string,
    end: Date,
  ) {
    this.r = new Random(seed);
    this.rHall = this.r.fork('hall');
    this.rCase = this.r.fork('cases');
    this.rRate = this.r.fork('ratings');
    this.people = new People(this.r.fork('people'));
    this.tl = new Timeline(clock, end.getTime());
  }

  workdays(from: string, to: string): string[] {
    const out: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) if (this.cal.isWorkday(d)) out.push(d);
    return out;
  }

  actor(username: string): UserActor {
    const a = this.actors.get(username);
    if (!a) throw new Error(`demo history: no user ${username}`);
    return a;
  }

  key(kind: string): string {
    return `hist-${this.seed}-${kind}-${++this.keySeq}`;
  }

  get now(): number {
    return this.tl.now;
  }

  today(): string {
    return chinaDate(new Date(this.now));
  }

  /** n working days after `day` (0: `day` itself when it is a working day). */
  addWD(day: string, n: number): string {
    return this.cal.addWorkingDays(day, Math.max(0, Math.round(n)));
  }

  /** A working-hours instant on `day` at or after `notBefore`, between `fromMin` and `toMin` minutes of the day. */
  workTime(day: string, r: Random, fromMin = 9 * 60 + 5, toMin = 17 * 60 + 15, notBefore = 0): number {
    let m = r.int(fromMin, toMin);
    if (m >= 12 * 60 && m < 13 * 60 + 40) m += 100; // lunch
    const t = cst(day, 0, Math.min(m, 17 * 60 + 25), r.int(0, 59)).getTime();
    if (t >= notBefore) return t;
    const later = notBefore + r.int(5, 40) * MINUTE;
    // past the end of the afternoon: the next working morning
    if (minuteOfDay(later) > 17 * 60 + 30) return cst(this.cal.nextWorkday(chinaDate(new Date(later))), 9, r.int(5, 50)).getTime();
    return later;
  }

  /** One case action as the actor would take it; the state follows the answer. */
  async act<A extends Exclude<keyof ActionBodies, 'handover' | 'sign'>>(state: CaseState, actor: UserActor, action: A, body: ActionBodies[A]): Promise<CaseDetail | null> {
    if (TERMINAL.has(state.status)) return null;
    const detail = await this.s.cases.act(actor, state.id, action, body);
    state.status = detail.status;
    return detail;
  }
}
