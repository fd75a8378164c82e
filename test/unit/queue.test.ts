/** Pure rules of the hall queue: the ticket table, fair ordering, numbering and the Erlang C planner. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  TICKET_ACTIONS, TICKET_STATUSES, erlangC, meanWait, preferPriority, serversFor, ticketActionsIn, ticketNo, ticketTransition,
} from '../../common/queue.js';

const close = (a: number, b: number, eps = 5e-5) => assert.ok(Math.abs(a - b) < eps, `${a} ≈ ${b}`);

describe('Erlang C', () => {
  test('agrees with published tables', () => {
    close(erlangC(2, 3), 4 / 9); // textbook M/M/3 at 2 Erlangs
    close(erlangC(1, 2), 1 / 3); // M/M/2: ρ = ½ → 2ρ²/(1+ρ) = 1/3
    close(erlangC(10, 11), 0.6821); // call-centre tables, 10 Erlangs
    close(erlangC(10, 12), 0.4494);
    close(erlangC(10, 13), 0.2853);
    assert.equal(erlangC(5, 5), 1, 'unstable: everyone waits');
    assert.equal(erlangC(0, 3), 0);
  });
  test('M/M/1 reduces to ρ and Wq = ρ/(μ−λ)', () => {
    close(erlangC(0.75, 1), 0.75);
    close(meanWait(3, 4, 1), 0.75 / (4 - 3));
  });
  test('stays finite for large halls', () => {
    const c = erlangC(180, 200);
    assert.ok(c > 0 && c < 1);
  });
  test('windows for a target wait: the smallest c that meets it', () => {
    // 100 arrivals an hour, 3-minute service (μ = 20/h), target 20 s mean wait
    const c = serversFor(100, 20, 20 / 3600);
    assert.equal(c, 8);
    assert.ok(meanWait(100, 20, c) <= 20 / 3600);
    assert.ok(meanWait(100, 20, c - 1) > 20 / 3600);
    assert.equal(serversFor(0, 20, 0.1), 0);
    assert.equal(serversFor(1, 20, 10), 1);
  });
});

describe('tickets', () => {
  test('every status × action as in the table; finished tickets allow nothing', () => {
    const expected: Record<string, Record<string, string>> = {
      waiting: { transfer: 'waiting', green: 'waiting' },
      called: { recall: 'called', serve: 'serving', no_show: 'no_show', transfer: 'waiting' },
      serving: { finish: 'done', transfer: 'waiting' },
      done: {}, no_show: {}, cancelled: {},
    };
    for (const s of TICKET_STATUSES) {
      for (const a of TICKET_ACTIONS) assert.equal(ticketTransition(s, a), expected[s]![a], `${s} × ${a}`);
      assert.deepEqual(ticketActionsIn(s).sort(), Object.keys(expected[s]!).sort());
    }
  });
  test('numbers carry the category prefix', () => {
    assert.equal(ticketNo('business', 1), 'A001');
    assert.equal(ticketNo('citizen', 42), 'B042');
    assert.equal(ticketNo('engineering', 1234), 'C1234');
  });
  test('fair ordering: after a run of priority calls a normal ticket goes next', () => {
    assert.equal(preferPriority([], 3), true);
    assert.equal(preferPriority(['green', 'appointment'], 3), true);
    assert.equal(preferPriority(['green', 'appointment', 'green'], 3), false);
    assert.equal(preferPriority(['normal', 'green', 'green'], 3), true);
    assert.equal(preferPriority(['green'], 0), false, 'run 0: priorities are off (the service then calls in order of arrival)');
  });
});
