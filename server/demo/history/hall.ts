/**
 * The hall of the demo history: applicants (visits) arrive at the kiosk and take tickets, the day's rota
 * opens windows, free windows call the next ticket (no-shows recalled, then recorded), serve it and
 * hand the applicant over to intake; appointments are booked days before and mostly kept.
 */
import { addDays } from '../../../common/working-days.js';
import type { WindowCategory } from '../../../common/roles.js';
import { AppError } from '../../platform/errors.js';
import type { Bundle, HallWindow, SubItem } from './setup.js';
import { MINUTE, cst, minuteOfDay } from './timeline.js';
import { HOUR, type Hall, type HallCalls, type Visit, type World } from './world.js';

/** median service minutes at the window by category */
const SERVICE_MINUTES: Record<WindowCategory, number> = { engineering: 17, business: 12, citizen: 8 };
const DEPARTMENT_WEIGHT: Record<string, number> = { SCJGJ: 1.6, RSJ: 1.25, MZJ: 0.9, WJJ: 1, ZJJ: 0.85 };

export class HallFlow implements HallCalls {
  /** window id → the ticket being served there (finished by the next call, or by 办结 when nobody waits) */
  private readonly serving = new Map<number, number>();

  constructor(private readonly world: World) {}

  private pickSubItem(hall: Hall, category?: WindowCategory): SubItem | null {
    const pool = this.world.subItems.filter((s) => hall.categories.includes(s.category) && (!category || s.category === category)
      && (s.enabledSiteIds.length === 0 || s.enabledSiteIds.includes(hall.siteId)));
    if (!pool.length) return null;
    return this.world.rHall.weighted(pool.map((s) => [s, (s.batch === 1 ? 10 : s.batch === 2 ? 2.5 : 0.5) * (DEPARTMENT_WEIGHT[s.departmentCode] ?? 1)] as const));
  }

  private applicantFor(sub: SubItem): Visit['applicant'] {
    const year = Number(this.world.today().slice(0, 4));
    const entity = sub.subjectType === 'legal_person' || (sub.subjectType === 'both' && this.world.rHall.chance(0.5));
    if (entity) return { type: 'entity', who: this.world.people.entity(sub.category), agent: this.world.people.person(year, 22, 60) };
    const elderly = sub.departmentCode === 'MZJ' || sub.departmentCode === 'RSJ' ? this.world.rHall.chance(0.18) : this.world.rHall.chance(0.06);
    return { type: 'person', who: elderly ? this.world.people.person(year, 70, 88) : this.world.people.person(year, 20, 68), agent: null };
  }

  newVisit(hall: Hall, forced?: { category?: WindowCategory }): Visit {
    const r = this.world.rHall;
    const kind = r.weighted([['case', 0.9], ['consult', 0.1]] as const);
    const noShow = r.chance(0.04);
    let sub = this.pickSubItem(hall, forced?.category);
    let bundle: Bundle | null = null;
    if (kind === 'case' && !forced?.category && this.world.bundles.length && r.chance(0.015)) {
      bundle = r.pick(this.world.bundles);
      const first = this.world.subItems.find((s) => s.id === bundle!.subItemIds[0]);
      if (first && bundle.subItemIds.every((id) => this.world.subItems.some((s) => s.id === id && (s.enabledSiteIds.length === 0 || s.enabledSiteIds.includes(hall.siteId)) && hall.categories.includes(s.category)))) sub = first;
      else bundle = null;
    }
    const subs = bundle ? bundle.subItemIds.map((id) => this.world.subItems.find((s) => s.id === id)!) : sub ? [sub] : [];
    const category = forced?.category ?? subs[0]?.category ?? r.pick(hall.categories);
    const applicant = subs[0] ? this.applicantFor(subs[0]) : { type: 'person' as const, who: this.world.people.person(Number(this.world.today().slice(0, 4))), agent: null };
    const birthYear = applicant.type === 'person' ? Number(applicant.who.idNo.slice(6, 10)) : 2000;
    const elderly = hall.guides.length > 0 && Number(this.world.today().slice(0, 4)) - birthYear >= 70 && r.chance(0.7);
    const outcome = bundle ? 'accept' : r.weighted([['accept', 0.83], ['correct', 0.135], ['refuse', 0.035]] as const);
    const comer = applicant.type === 'person' ? applicant.who : applicant.agent!;
    return {
      kind: subs.length ? kind : 'consult', hall, category, noShow, elderly, idNo: r.chance(0.55) ? comer.idNo : null,
      serviceMinutes: kind === 'consult' || !subs.length ? r.logNormal(4, 0.35) : r.logNormal(SERVICE_MINUTES[category] * (bundle ? 1.8 : 1), 0.4),
      subItems: subs, bundle, outcome, applicant,
    };
  }

  async arrive(v: Visit): Promise<void> {
    const hall = v.hall;
    const t = await this.world.s.queue.takeTicket({
      siteId: hall.siteId, clientKey: this.world.key('ticket'),
      ...(v.appointmentCode ? { appointmentCode: v.appointmentCode } : { category: v.category }),
      ...(v.idNo ? { idNo: v.idNo } : {}),
    });
    hall.waiting.set(t.id, v);
    if (v.elderly && hall.guides.length) {
      this.world.tl.at(this.world.now + this.world.rHall.int(15, 90) * 1000, 'hall:green', async () => {
        if (!hall.waiting.has(t.id)) return;
        const age = Number(this.world.today().slice(0, 4)) - Number((v.applicant.type === 'person' ? v.applicant.who.idNo : '').slice(6, 10));
        await this.world.s.queue.act(this.world.rHall.pick(hall.guides), t.id, 'green', { reason: `老年人（${age} 岁）行动不便，优先办理` });
      });
    }
    this.dispatch(hall);
  }

  /**
   * Today's rota: which windows are open and who sits at each. A quiet day opens the general window
   * and one or two per category; a busy one (Monday, after a holiday) opens more.
   */
  staff(hall: Hall, factor: number): void {
    if (hall.windows.length === 1) return;
    const clerks = [...hall.clerks];
    for (let i = clerks.length - 1; i > 0; i--) {
      const j = this.world.rHall.int(0, i);
      [clerks[i], clerks[j]] = [clerks[j]!, clerks[i]!];
    }
    const always = new Set(['A01', 'A03', 'A04', 'A06', 'A07', 'A09']);
    const busy = factor > 1.12;
    hall.windows.forEach((w, i) => {
      w.clerk = clerks[i % clerks.length]!;
      w.open = always.has(w.code) || busy || hall.windows.length < 9;
    });
  }

  private inLunch(hall: Hall, at = this.world.now): boolean {
    const m = minuteOfDay(at);
    return m >= hall.lunch[0] && m < hall.lunch[1];
  }

  /**
   * A free window calls when someone is waiting for its categories — one window per waiting ticket
   * (a clerk sees the waiting count on the console and does not call into an empty queue).
   */
  dispatch(hall: Hall): void {
    const m = minuteOfDay(this.world.now);
    if (m < 9 * 60 || this.inLunch(hall)) return;
    const unclaimed = this.unclaimed(hall);
    // specialised windows first (whichever of them is free first), the general window (综合) takes what is left
    const order = hall.windows.map((w) => ({ w, key: w.categories.length + this.world.rHall.next() * 0.5 })).sort((a, b) => a.key - b.key);
    for (const { w } of order) {
      if (w.state !== 'idle' || !w.open) continue;
      const i = unclaimed.findIndex((v) => w.categories.includes(v.category));
      if (i < 0) continue;
      unclaimed.splice(i, 1);
      w.state = 'calling';
      this.world.tl.at(this.world.now + this.world.rHall.int(8, 45) * 1000, 'hall:call', () => this.call(hall, w));
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
      const con = await this.world.s.queue.callNext(w.clerk, w.id);
      ticketId = con.current!.id;
      this.serving.delete(w.id);
    } catch (err) {
      w.state = 'idle';
      if (err instanceof AppError && err.code === 'QUEUE_EMPTY') {
        if (serving !== undefined) {
          this.serving.delete(w.id);
          await this.world.s.queue.act(w.clerk, serving, 'finish', {});
        }
        return;
      }
      throw err;
    }
    w.state = 'busy';
    const v = hall.waiting.get(ticketId);
    hall.waiting.delete(ticketId);
    const r = this.world.rHall;
    if (!v || v.noShow) {
      // called, recalled twice, then recorded as a no-show
      this.world.tl.at(this.world.now + 60_000, 'hall:recall', () => this.world.s.queue.act(w.clerk, ticketId, 'recall', {}));
      this.world.tl.at(this.world.now + 120_000, 'hall:recall', () => this.world.s.queue.act(w.clerk, ticketId, 'recall', {}));
      this.world.tl.at(this.world.now + 170_000, 'hall:no-show', async () => {
        await this.world.s.queue.act(w.clerk, ticketId, 'no_show', {});
        this.idle(hall, w);
      });
      return;
    }
    const serveAt = this.world.now + r.int(20, 100) * 1000;
    const endAt = serveAt + Math.max(2, v.serviceMinutes) * MINUTE;
    this.world.tl.at(serveAt, 'hall:serve', () => this.world.s.queue.act(w.clerk, ticketId, 'serve', {}));
    this.world.tl.at(endAt - 40_000, `hall:${v.kind}`, () => (v.kind === 'case' ? this.world.desk.intake(w, v, ticketId) : v.kind === 'return' ? this.world.desk.returnVisit(w, v) : Promise.resolve()));
    this.world.tl.at(endAt, 'hall:finish', async () => {
      this.serving.set(w.id, ticketId);
      if (!this.inLunch(hall) && this.unclaimed(hall).some((x) => w.categories.includes(x.category))) {
        // someone is waiting: the clerk calls the next one straight away
        w.state = 'calling';
        this.world.tl.at(this.world.now + this.world.rHall.int(3, 20) * 1000, 'hall:call', () => this.call(hall, w));
        return;
      }
      try {
        this.serving.delete(w.id);
        await this.world.s.queue.act(w.clerk, ticketId, 'finish', {});
      } finally {
        this.idle(hall, w);
      }
    });
  }

  // ------------------------------------------------------------------ appointments

  async book(hall: Hall): Promise<void> {
    const r = this.world.rHall;
    const category = r.weighted([['business', 0.45], ['citizen', 0.4], ['engineering', 0.15]] as const);
    const day = this.world.addWD(addDays(this.world.today(), 1), r.int(0, 4));
    const slots = await this.world.s.appointments.slots({ siteId: hall.siteId, category, day });
    const open = slots.filter((x) => x.booked < x.capacity);
    if (!open.length) return;
    const slot = r.weighted(open.map((x) => [x, x.start < '12:00' ? 1.4 : 1] as const));
    const visit = this.newVisit(hall, { category });
    if (visit.kind !== 'case') visit.kind = 'case';
    if (!visit.subItems.length) return;
    const person = visit.applicant.type === 'person' ? visit.applicant.who : visit.applicant.agent!;
    const booked = await this.world.s.appointments.book({ slotId: slot.id, name: person.name, idNo: person.idNo, phone: person.phone, clientKey: this.world.key('appointment') });
    const fate = r.weighted([['come', 0.86], ['cancel', 0.06], ['no_show', 0.08]] as const);
    const [h, m] = slot.start.split(':').map(Number) as [number, number];
    if (fate === 'cancel') {
      const cancelAt = Math.max(this.world.now + HOUR, cst(day, 8, 0).getTime() - r.int(2, 40) * HOUR);
      this.world.tl.at(cancelAt, 'appointment:cancel', () => this.world.s.appointments.cancel({ code: booked.code, idNo: person.idNo }));
    } else if (fate === 'come') {
      visit.appointmentCode = booked.code;
      visit.noShow = false;
      visit.idNo = person.idNo;
      this.world.tl.at(cst(day, h, m).getTime() + r.int(-12, 25) * MINUTE, 'hall:arrive', () => this.arrive(visit));
    }
  }
}
