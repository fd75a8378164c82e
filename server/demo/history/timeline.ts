/**
 * The simulation's timeline: events at instants, run in time order, each with the service clock
 * set to its instant first — so every service stamps the facts it writes (case events, tickets,
 * ratings, alerts) with the simulated time. Events after the end (the moment the generator runs)
 * are the future and are dropped.
 */
import type { ManualClock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';

export const MINUTE = 60_000;
const CST = 8 * 3_600_000;

/** The instant of a China-time wall clock reading on a day: `cst('2026-09-07', 9, 30)`. */
export function cst(day: string, hour: number, minute = 0, second = 0): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CST + ((hour * 60 + minute) * 60 + second) * 1000);
}

/** Minutes since midnight (China time) of an instant. */
export function minuteOfDay(at: Date | number): number {
  const t = typeof at === 'number' ? at : at.getTime();
  return Math.floor((((t + CST) % 86_400_000) + 86_400_000) % 86_400_000 / MINUTE);
}

interface Event {
  at: number;
  seq: number;
  label: string;
  fn: () => Promise<unknown>;
}

export class Timeline {
  private heap: Event[] = [];
  private seq = 0;
  /** failures by label and error code (a history with failures is a bug in the generator, reported in the summary) */
  readonly failures = new Map<string, number>();
  readonly failureSamples: string[] = [];
  ran = 0;
  /** real milliseconds spent per label (for tuning the generator's size) */
  readonly spent = new Map<string, { n: number; ms: number }>();

  constructor(
    private readonly clock: ManualClock,
    /** the end of the history: nothing happens after it */
    readonly end: number,
  ) {}

  get now(): number {
    return this.clock.now().getTime();
  }

  /** Schedules `fn` at `at` (never before the current simulated time; dropped when after the end). */
  at(at: Date | number, label: string, fn: () => Promise<unknown>): void {
    const t = Math.max(typeof at === 'number' ? at : at.getTime(), this.current);
    if (t > this.end) return;
    this.push({ at: t, seq: this.seq++, label, fn });
  }

  private current = 0;

  /** Runs every event up to `until` (inclusive), in time order. */
  async runUntil(until: number): Promise<void> {
    for (;;) {
      const top = this.heap[0];
      if (!top || top.at > until) break;
      this.pop();
      this.current = top.at;
      this.clock.set(new Date(top.at));
      this.ran++;
      const t0 = performance.now();
      try {
        await top.fn();
      } catch (err) {
        const code = err instanceof AppError ? err.code : err instanceof Error ? err.message.slice(0, 80) : String(err);
        const key = `${top.label}: ${code}`;
        this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
        if (this.failureSamples.length < 20) this.failureSamples.push(`${new Date(top.at).toISOString()} ${key}${err instanceof AppError ? ` ${err.message}` : ''}`);
      }
      const s = this.spent.get(top.label) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t0;
      this.spent.set(top.label, s);
    }
    this.current = Math.max(this.current, Math.min(until, this.end));
  }

  get pending(): number {
    return this.heap.length;
  }

  private push(e: Event): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (before(h[p]!, e)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (!h.length) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && before(h[r]!, h[l]!) ? r : l;
      if (before(last, h[c]!)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
  }
}

function before(a: Event, b: Event): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
