/**
 * The pure parts of the demo history generator: the seeded PRNG (the same seed gives the same
 * history), the fictional applicants (identifiers that pass the platform's own validators), and the
 * timeline (events in time order on the service clock, nothing after the end).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateCitizenId, validateMobile, validateUscc } from '../../common/validators.js';
import { ManualClock, chinaDate } from '../../server/platform/clock.js';
import { AppError } from '../../server/platform/errors.js';
import { People } from '../../server/demo/history/people.js';
import { Random } from '../../server/demo/history/random.js';
import { Timeline, cst, minuteOfDay } from '../../server/demo/history/timeline.js';

describe('demo history: seeded PRNG', () => {
  test('the same seed gives the same numbers; another seed others', () => {
    const a = new Random('2026-12-07');
    const b = new Random('2026-12-07');
    const c = new Random('2026-12-08');
    const xs = Array.from({ length: 50 }, () => a.next());
    assert.deepEqual(Array.from({ length: 50 }, () => b.next()), xs);
    assert.notDeepEqual(Array.from({ length: 50 }, () => c.next()), xs);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
  });

  test('forks are deterministic and independent of each other’s use', () => {
    const r1 = new Random('s');
    const r2 = new Random('s');
    const hall1 = r1.fork('hall');
    const cases1 = r1.fork('cases');
    const hall2 = r2.fork('hall');
    const cases2 = r2.fork('cases');
    for (let i = 0; i < 100; i++) hall1.next(); // using one stream does not move the other
    assert.equal(cases1.next(), cases2.next());
    assert.notEqual(hall2.next(), cases2.next());
  });

  test('distributions: weighted choice, Poisson mean, integers in range', () => {
    const r = new Random('dist');
    const n = 20_000;
    let yes = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (r.weighted([['a', 3], ['b', 1]] as const) === 'a') yes++;
      sum += r.poisson(4.5);
      const k = r.int(2, 5);
      assert.ok(k >= 2 && k <= 5 && Number.isInteger(k));
    }
    assert.ok(Math.abs(yes / n - 0.75) < 0.02, `weighted: ${yes / n}`);
    assert.ok(Math.abs(sum / n - 4.5) < 0.1, `poisson mean: ${sum / n}`);
  });
});

describe('demo history: applicants', () => {
  test('citizen IDs, credit codes and mobiles pass the platform’s validators, and are unique', () => {
    const p = new People(new Random('people'));
    const ids = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const person = p.person(2026, 70, 88);
      const v = validateCitizenId(person.idNo, { today: '2026-12-07' });
      assert.ok(v.ok, `${person.idNo}`);
      const age = 2026 - Number(person.idNo.slice(6, 10));
      assert.ok(age >= 70 && age <= 88, `age ${age}`);
      assert.ok(validateMobile(person.phone), person.phone);
      const e = p.entity('business');
      const u = validateUscc(e.idNo);
      assert.ok(u.ok && u.warnings.length === 0, `${e.idNo} ${JSON.stringify(u)}`);
      assert.match(e.name, /^示范区.+有限公司$/);
      assert.ok(!ids.has(person.idNo) && !ids.has(e.idNo));
      ids.add(person.idNo).add(e.idNo);
    }
  });
});

describe('demo history: timeline', () => {
  test('events run in time order with the clock at their instant; later ones are dropped; failures are counted', async () => {
    const clock = new ManualClock('2026-12-01');
    const end = cst('2026-12-01', 17, 0).getTime();
    const tl = new Timeline(clock, end);
    const seen: string[] = [];
    const at = (h: number, m: number, label: string, fn?: () => Promise<unknown>) =>
      tl.at(cst('2026-12-01', h, m), label, fn ?? (async () => void seen.push(`${label}@${minuteOfDay(clock.now())}`)));
    at(15, 0, 'c');
    at(9, 30, 'a', async () => {
      seen.push(`a@${minuteOfDay(clock.now())}`);
      at(11, 0, 'b'); // scheduled from an event
    });
    at(18, 0, 'late'); // after the end: never runs
    at(12, 0, 'boom', async () => {
      throw new AppError('QUEUE_EMPTY');
    });
    await tl.runUntil(end);
    assert.deepEqual(seen, ['a@570', 'b@660', 'c@900']);
    assert.equal(chinaDate(clock.now()), '2026-12-01');
    assert.deepEqual(Object.fromEntries(tl.failures), { 'boom: QUEUE_EMPTY': 1 });
    assert.equal(tl.pending, 0);
  });
});
