/**
 * The service clock: the date and time of business facts (acceptance, deadlines, lights, tickets,
 * ratings, alerts). One Clock is built by createServices and handed to every service, the worker and
 * the supervision scan; nothing else reads the time of a business fact (ADR 0016).
 * Dates as the service centre sees them: China Standard Time (UTC+8, no daylight saving).
 */
const CST_OFFSET_MS = 8 * 3_600_000;

export interface Clock {
  now(): Date;
  /** the China date (UTC+8) of now(), YYYY-MM-DD */
  today(): string;
}

/** The China date (YYYY-MM-DD, UTC+8) of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => chinaDate(new Date()),
};

/**
 * Parses a clock start: a date `YYYY-MM-DD` means 10:00 China time that day (a working hour, so a
 * test or a demo does not start at midnight); anything else must be a full ISO instant.
 */
export function parseClockStart(raw: string): Date | null {
  const s = raw.trim();
  const at = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T10:00:00+08:00`) : /^\d{4}-\d{2}-\d{2}T/.test(s) ? new Date(s) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

/**
 * A clock set by hand for tests and demos: it starts at a given instant and from there ticks with
 * real elapsed time, so timestamps written one after the other keep their order. `set` and
 * `advance` move it explicitly.
 */
export class ManualClock implements Clock {
  private base: number;
  private setAt = Date.now();

  constructor(start: Date | string) {
    this.base = ManualClock.instant(start);
  }

  now(): Date {
    return new Date(this.base + (Date.now() - this.setAt));
  }

  today(): string {
    return chinaDate(this.now());
  }

  /** Sets the clock to an instant, or to 10:00 China time of a date `YYYY-MM-DD`. */
  set(at: Date | string): void {
    this.base = ManualClock.instant(at);
    this.setAt = Date.now();
  }

  advance(ms: number): void {
    this.base += ms;
  }

  advanceDays(n: number): void {
    this.advance(n * 86_400_000);
  }

  private static instant(at: Date | string): number {
    const d = typeof at === 'string' ? parseClockStart(at) : at;
    if (!d || Number.isNaN(d.getTime())) throw new Error(`ManualClock: not a date or an instant: ${String(at)}`);
    return d.getTime();
  }
}
