/** Pure rules of 好差评: levels, the rectification table, lights, deadlines, satisfaction maths and the SMS. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  RATING_LEVELS, RATING_LEVEL_LABELS, RECTIFICATION_ACTIONS, RECTIFICATION_STATUSES, RECTIFICATION_WORKFLOW, WEEKDAY_CALENDAR,
  abilityOfRectificationAction, badRatingExplained, isBadRating, isSatisfied, monthRange, nextRectificationStatus, rectificationActionsIn,
  rectificationDeadlines, rectificationLight, satisfactionOf,
} from '../../common/ratings.js';
import { WorkingCalendar } from '../../common/working-days.js';
import { loadBuiltinDayTable } from '../../server/modules/calendar/builtin-days.js';
import { ratingInviteSms, ratingLink, ratingReplySms } from '../../server/modules/ratings/ratings.sms.js';

const cal = new WorkingCalendar(loadBuiltinDayTable());

describe('levels (DOMAIN.md code list: 1 非常满意 … 5 非常不满意)', () => {
  test('4 and 5 are 差评, 1–3 are satisfied, nothing is both', () => {
    assert.deepEqual(RATING_LEVELS.filter(isBadRating), [4, 5]);
    assert.deepEqual(RATING_LEVELS.filter(isSatisfied), [1, 2, 3]);
    assert.equal(isBadRating(0) || isBadRating(6) || isSatisfied(0), false);
    assert.equal(RATING_LEVEL_LABELS[1].zh, '非常满意');
    assert.equal(RATING_LEVEL_LABELS[5].zh, '非常不满意');
  });
  test('a 差评 needs a reason or a comment; a good rating needs neither', () => {
    assert.equal(badRatingExplained(4, [], ''), false);
    assert.equal(badRatingExplained(5, [], '   '), false);
    assert.equal(badRatingExplained(5, ['attitude'], ''), true);
    assert.equal(badRatingExplained(4, [], '等了两个小时'), true);
    assert.equal(badRatingExplained(1, [], ''), true);
    assert.equal(badRatingExplained(3, [], ''), true);
  });
});

describe('rectification workflow table', () => {
  test('verify → rectify → revisit closes; an appeal from verifying or rectifying; nothing after closed', () => {
    let s = nextRectificationStatus('verifying', 'verify')!;
    assert.equal(s, 'rectifying');
    s = nextRectificationStatus(s, 'rectify')!;
    assert.equal(s, 'replied');
    assert.equal(nextRectificationStatus(s, 'revisit'), 'closed');
    assert.deepEqual(rectificationActionsIn('verifying'), ['verify', 'appeal']);
    assert.deepEqual(rectificationActionsIn('rectifying'), ['rectify', 'appeal']);
    assert.deepEqual(rectificationActionsIn('replied'), ['revisit']);
    assert.deepEqual(rectificationActionsIn('closed'), []);
    assert.equal(nextRectificationStatus('replied', 'appeal'), null, 'no appeal after the reply');
    assert.equal(nextRectificationStatus('verifying', 'rectify'), null, 'verify first');
  });
  test('an appeal decision: upheld closes, rejected goes back to rectifying, none is not a decision', () => {
    assert.equal(nextRectificationStatus('appealing', 'decide_appeal', 'upheld'), 'closed');
    assert.equal(nextRectificationStatus('appealing', 'decide_appeal', 'rejected'), 'rectifying');
    assert.equal(nextRectificationStatus('appealing', 'decide_appeal'), null);
    assert.equal(nextRectificationStatus('appealing', 'verify'), null);
  });
  test('the hall or the department verifies, rectifies and appeals; the supervisors revisit and decide', () => {
    assert.deepEqual(
      Object.fromEntries(RECTIFICATION_ACTIONS.map((a) => [a, abilityOfRectificationAction(a)])),
      { verify: 'rating.rectify', rectify: 'rating.rectify', appeal: 'rating.rectify', revisit: 'rating.revisit', decide_appeal: 'rating.revisit' },
    );
    // every status is in the table and every action is reachable from some status
    assert.deepEqual(Object.keys(RECTIFICATION_WORKFLOW).sort(), [...RECTIFICATION_STATUSES].sort());
    for (const a of RECTIFICATION_ACTIONS) assert.ok(RECTIFICATION_STATUSES.some((s) => rectificationActionsIn(s).includes(a)), a);
  });
});

describe('deadline and light', () => {
  test('due 5 working days after the opening day; yellow on the working day before', () => {
    // Fri 2026-09-18 → Sun 20 (调休, a working day), Mon 21, Tue 22, Wed 23, Thu 24
    assert.deepEqual(rectificationDeadlines(cal, '2026-09-18', 5), { dueOn: '2026-09-24', yellowFrom: '2026-09-23' });
    // Mon 09-28 → 29, 30, (10-01…10-07 off) 10-08, 10-09
    assert.deepEqual(rectificationDeadlines(cal, '2026-09-28', 4), { dueOn: '2026-10-09', yellowFrom: '2026-10-08' });
    // due right after the Mid-Autumn break (09-25…09-27): yellow on the last working day before it
    assert.deepEqual(rectificationDeadlines(cal, '2026-09-23', 2), { dueOn: '2026-09-28', yellowFrom: '2026-09-24' });
    // the default 5 days from a Sunday in November
    assert.deepEqual(rectificationDeadlines(cal, '2026-11-22', 5), { dueOn: '2026-11-27', yellowFrom: '2026-11-26' });
  });
  test('the Monday–Friday estimate beyond the loaded calendar', () => {
    assert.deepEqual(rectificationDeadlines(WEEKDAY_CALENDAR, '2027-01-08', 5), { dueOn: '2027-01-15', yellowFrom: '2027-01-14' });
    assert.equal(WEEKDAY_CALENDAR.addWorkingDays('2027-01-09', 0), '2027-01-11');
  });
  test('green, yellow from the day before, red after the due day; no light once replied', () => {
    const r = { status: 'verifying' as const, dueOn: '2026-11-27', yellowFrom: '2026-11-26' };
    assert.equal(rectificationLight(r, '2026-11-23'), 'green');
    assert.equal(rectificationLight(r, '2026-11-26'), 'yellow');
    assert.equal(rectificationLight(r, '2026-11-27'), 'yellow');
    assert.equal(rectificationLight(r, '2026-11-28'), 'red');
    assert.equal(rectificationLight({ ...r, status: 'rectifying' }, '2026-12-01'), 'red');
    for (const status of ['replied', 'appealing', 'closed'] as const) assert.equal(rectificationLight({ ...r, status }, '2026-12-01'), null);
  });
});

describe('satisfaction maths', () => {
  test('satisfied = levels 1–3 over all counted ratings', () => {
    const s = satisfactionOf([10, 5, 3, 1, 1]);
    assert.deepEqual(s, { total: 20, levels: [10, 5, 3, 1, 1], satisfied: 18, bad: 2, rate: 0.9 });
    assert.equal(satisfactionOf([1, 0, 0, 0, 2]).rate, 0.3333, 'rounded to 4 decimals');
    assert.equal(satisfactionOf([0, 0, 3, 0, 0]).rate, 1, 'defaults (基本满意) count as satisfied');
  });
  test('no ratings: no rate rather than 0% or 100%', () => {
    assert.deepEqual(satisfactionOf([]), { total: 0, levels: [0, 0, 0, 0, 0], satisfied: 0, bad: 0, rate: null });
  });
  test('months', () => {
    assert.deepEqual(monthRange('2026-02'), { from: '2026-02-01', to: '2026-02-28' });
    assert.deepEqual(monthRange('2028-02'), { from: '2028-02-01', to: '2028-02-29' });
    assert.deepEqual(monthRange('2026-12'), { from: '2026-12-01', to: '2026-12-31' });
    assert.equal(monthRange('2026-13'), null);
    assert.equal(monthRange('2026-1'), null);
  });
});

describe('SMS', () => {
  const x = { centre: '示范区政务服务中心', stage: 'acceptance' as const, siteName: '示范区政务服务中心', subject: '食品经营许可', days: 7 };
  test('the invitation carries the link (path only without a public base URL) and the default rule', () => {
    assert.equal(ratingLink('', 'abc'), '/rate/abc');
    assert.equal(ratingLink('https://zwfw.example.gov.cn', 'abc'), 'https://zwfw.example.gov.cn/rate/abc');
    const m = ratingInviteSms(7, '13800138000', { ...x, link: ratingLink('', 'tok') });
    assert.equal(m.idempotencyKey, 'rating:7:invite');
    assert.equal(m.payload.phone, '13800138000');
    const body = String(m.payload.body);
    assert.ok(body.startsWith('【示范区政务服务中心】'));
    assert.ok(body.includes('/rate/tok') && body.includes('食品经营许可') && body.includes('7日内'));
    assert.match(String(ratingInviteSms(7, '1', { ...x, stage: 'completion', link: '/rate/t' }).payload.body), /已办结/);
  });
  test('the reply is clipped and keyed per event', () => {
    const m = ratingReplySms(3, 9, '13800138000', { centre: 'C', subject: '食品经营许可', reply: '很'.repeat(500) });
    assert.equal(m.idempotencyKey, 'rectification:3:9:reply');
    assert.ok(String(m.payload.body).length < 300);
  });
});
