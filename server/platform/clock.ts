/** Dates as the service centre sees them: China Standard Time (UTC+8, no daylight saving). */
const CST_OFFSET_MS = 8 * 3_600_000;

export function chinaDate(at: Date = new Date()): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}
