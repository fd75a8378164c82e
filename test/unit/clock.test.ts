import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chinaDate, ManualClock, parseClockStart, systemClock } from '../../server/platform/clock.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { clockFromConfig } from '../../server/services.js';

const env = { SESSION_SECRET: 'unit-secret-unit-secret-unit-secret-0001', DATA_DIR: '/tmp/yc-unit-clock' };

describe('clock', () => {
  test('chinaDate is the UTC+8 date of an instant', () => {
    assert.equal(chinaDate(new Date('2026-12-31T15:59:59Z')), '2026-12-31');
    assert.equal(chinaDate(new Date('2026-12-31T16:00:00Z')), '2027-01-01');
  });

  test('a date means 10:00 China time; an instant is taken as is; anything else is refused', () => {
    assert.equal(parseClockStart('2027-01-04')?.toISOString(), '2027-01-04T02:00:00.000Z');
    assert.equal(parseClockStart('2026-12-28T23:30:00+08:00')?.toISOString(), '2026-12-28T15:30:00.000Z');
    assert.equal(parseClockStart('next tuesday'), null);
    assert.equal(parseClockStart('2026-13-40'), null);
  });

  test('a ManualClock starts where it is set, ticks on, and moves only when told', () => {
    const clock = new ManualClock('2026-12-28');
    assert.equal(clock.today(), '2026-12-28');
    const a = clock.now().getTime();
    assert.ok(a >= Date.parse('2026-12-28T02:00:00Z') && a < Date.parse('2026-12-28T02:01:00Z'));
    assert.ok(clock.now().getTime() >= a, 'never goes back by itself');
    clock.advanceDays(7);
    assert.equal(clock.today(), '2027-01-04');
    clock.advance(14 * 3_600_000); // 10:00 + 14 h = midnight in China
    assert.equal(clock.today(), '2027-01-05');
    clock.set(new Date('2026-09-24T02:00:00Z'));
    assert.equal(clock.today(), '2026-09-24');
    assert.throws(() => clock.set('soon'));
  });

  test('CLOCK_START runs the services on a ManualClock; unset, on the system clock', () => {
    assert.equal(clockFromConfig(loadConfig(env)), systemClock);
    const clock = clockFromConfig(loadConfig({ ...env, CLOCK_START: '2027-01-04' }));
    assert.ok(clock instanceof ManualClock);
    assert.equal(clock.today(), '2027-01-04');
    assert.throws(() => loadConfig({ ...env, CLOCK_START: 'yesterday' }), (e: unknown) => e instanceof ConfigError && /CLOCK_START/.test(e.message));
  });
});
