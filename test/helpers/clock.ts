/**
 * The instant every test app's clock starts at: TEST_NOW (a date YYYY-MM-DD → 10:00 China time that
 * day, or a full ISO instant), or else 10:00 China time of the day the suite runs. Tests move their
 * app's clock explicitly (ctx.clock.set / advanceDays); nothing else moves it.
 */
import { parseClockStart, systemClock } from '../../server/platform/clock.js';

export function testClockStart(env: Record<string, string | undefined> = process.env): Date {
  const raw = env.TEST_NOW?.trim();
  if (raw) {
    const at = parseClockStart(raw);
    if (!at) throw new Error(`TEST_NOW=${JSON.stringify(raw)}: expected a date YYYY-MM-DD or an ISO instant`);
    return at;
  }
  return parseClockStart(systemClock.today())!;
}
