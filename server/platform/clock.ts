/** Dates as the service centre sees them: China Standard Time (UTC+8, no daylight saving). */
const CST_OFFSET_MS = 8 * 3_600_000;

let offsetMs = 0;

/**
 * Moves the service clock (today's date: deadlines, lights, scans) by `ms`; tests only. Timestamps
 * written by the database (now()) are not moved.
 */
export function setClockOffset(ms: number): void {
  offsetMs = ms;
}

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

export function chinaDate(at: Date = now()): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}
