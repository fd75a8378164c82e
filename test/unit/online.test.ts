/**
 * The online channel's pure parts: the pre-review light and time limit over the working-day calendar, an application
 * as the intake's body (who applies, each slot's mark, the client key), the completeness check before submission.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkingCalendar } from '../../common/working-days.js';
import { loadBuiltinDayTable } from '../../server/modules/calendar/builtin-days.js';
import type { IntakeForm } from '../../server/modules/cases/cases.schemas.js';
import { intakeBodyOf } from '../../server/modules/online/online.accept.js';
import type { ApplicationParts } from '../../server/modules/online/online.repository.js';
import { checkComplete } from '../../server/modules/online/online.service.js';
import { prereviewClock, slotsToFix } from '../../server/modules/online/online.view.js';

const cal = new WorkingCalendar(loadBuiltinDayTable());

describe('pre-review clock', () => {
  test('one working day: green on the day of submission, yellow on the last day, red after; holidays use none of it', () => {
    const due = cal.deadlineDetail('2026-09-30', 1, 'working').date; // the day before the National Day holiday
    assert.ok(due > '2026-10-07');
    assert.deepEqual(prereviewClock(cal, '2026-09-30', due, 1), { remainingDays: 1, light: 'green' });
    assert.deepEqual(prereviewClock(cal, '2026-10-03', due, 1), { remainingDays: 1, light: 'green' });
    assert.deepEqual(prereviewClock(cal, due, due, 1), { remainingDays: 0, light: 'yellow' });
    assert.deepEqual(prereviewClock(cal, cal.nextWorkday(due), due, 1), { remainingDays: -1, light: 'red' });
  });
  test('a longer limit turns yellow when fewer than 20 % of its days remain', () => {
    const due = cal.addWorkingDays('2026-11-02', 10);
    assert.equal(prereviewClock(cal, '2026-11-02', due, 10)?.light, 'green');
    assert.equal(prereviewClock(cal, cal.addWorkingDays('2026-11-02', 9), due, 10)?.light, 'yellow'); // 1 left, fewer than 2
    assert.equal(prereviewClock(cal, cal.addWorkingDays('2026-11-02', 8), due, 10)?.light, 'green'); // 2 left
  });
  test('a day outside the calendar gives no light rather than a wrong one', () => {
    assert.equal(prereviewClock(cal, '2026-12-01', '2199-01-05', 1), null);
  });
});

const line = (materialId: number, lineNo: number, more: Partial<IntakeForm['subItems'][number]['lines'][number]> = {}) => ({
  lineNo, materialId, materialName: `材料${materialId}`, form: 'original' as const, copies: 1, required: true, allowMissing: false, allowCommitment: false, condition: '', reviewPoints: '', ...more,
});
const FORM = {
  bundle: null, today: '2026-12-07',
  materials: [1, 2, 3, 4].map((id) => ({ materialId: id, materialName: `材料${id}`, subItemIds: [10] })),
  subItems: [{ subItemId: 10, subItemName: '某事项（变更）', lines: [line(1, 1), line(2, 2, { allowCommitment: true }), line(3, 3, { allowMissing: true }), line(4, 4, { required: false })] }],
} as unknown as IntakeForm;

function parts(over: Partial<ApplicationParts> = {}): ApplicationParts {
  const at = new Date('2026-12-07T02:00:00Z');
  return {
    app: { id: 7, no: 'WS202612070001', status: 'submitted', round: 1, form: FORM, caseIds: [] } as unknown as ApplicationParts['app'],
    siteName: '示范区政务服务中心',
    person: { realName: '林网办', idNumber: '440103199003070016', phone: '13900002001', verifiedBy: 'self' },
    entity: null,
    slots: [
      { applicationId: 7, materialId: 1, mode: 'upload', dueDate: null, signedName: null, signedAt: null, licenseId: null, changedRound: 1 },
      { applicationId: 7, materialId: 2, mode: 'commitment', dueDate: null, signedName: '林网办', signedAt: at, licenseId: null, changedRound: 1 },
      { applicationId: 7, materialId: 3, mode: 'missing', dueDate: '2026-12-20', signedName: null, signedAt: null, licenseId: null, changedRound: 1 },
      { applicationId: 7, materialId: 4, mode: 'upload', dueDate: null, signedName: null, signedAt: null, licenseId: null, changedRound: 0 },
    ],
    files: [
      { id: 1, applicationId: 7, materialId: 1, sha256: 'a'.repeat(64), name: '旧.pdf', mediaType: 'application/pdf', size: 10, addedRound: 1, removedRound: 2, addedAt: at },
      { id: 2, applicationId: 7, materialId: 1, sha256: 'b'.repeat(64), name: '新.jpg', mediaType: 'image/jpeg', size: 10, addedRound: 2, removedRound: null, addedAt: at },
    ],
    marks: [], rounds: [],
    ...over,
  };
}

describe('an application as the intake body', () => {
  test('online: scans received in electronic form (the live ones become the case’s files), commitment and 容缺 as signed, an optional empty slot not applicable', () => {
    const body = intakeBodyOf(parts(), {});
    assert.equal(body.clientKey, 'ws:WS202612070001');
    assert.equal(body.channel, 'online');
    assert.deepEqual(body.applicant, { name: '林网办', idNo: '440103199003070016', phone: '13900002001' });
    assert.deepEqual(body.materials, [
      { materialId: 1, status: 'received', form: 'electronic', copies: 1, files: [{ sha256: 'b'.repeat(64), name: '新.jpg', source: 'online' }] },
      { materialId: 2, status: 'commitment' },
      { materialId: 3, status: 'missing', dueDate: '2026-12-20' },
      { materialId: 4, status: 'not_applicable' },
    ]);
  });
  test('at the window: the form the clerk checked each original in; an unchecked original refuses', () => {
    const body = intakeBodyOf(parts(), { windowId: 3, ticketId: 9, originals: [{ materialId: 1, form: 'original_and_copy', copies: 2 }] });
    assert.deepEqual(body.materials[0], { materialId: 1, status: 'received', form: 'original_and_copy', copies: 2, files: [{ sha256: 'b'.repeat(64), name: '新.jpg', source: 'online' }] });
    assert.equal(body.ticketId, 9);
    assert.throws(() => intakeBodyOf(parts(), { originals: [] }), /ONLINE_ORIGINALS_UNCHECKED/);
  });
  test('电子证照: the slot is the line\'s license mark with the license (no scan, no original at the window)', () => {
    const p = parts({ entity: { id: 1, name: '示范区好味道餐饮有限公司', uscc: '91350100M000100Y43' } });
    p.slots[0] = { ...p.slots[0]!, mode: 'license', licenseId: 42 };
    assert.deepEqual(intakeBodyOf(p, {}).materials[0], { materialId: 1, status: 'license', licenseId: 42 });
    assert.deepEqual(intakeBodyOf(p, { originals: [] }).materials[0], { materialId: 1, status: 'license', licenseId: 42 }, 'no original to check');
    assert.doesNotThrow(() => checkComplete({ ...p, files: [] }, '2026-12-07'), 'complete without a scan');
    const none = parts();
    none.slots[0] = { ...none.slots[0]!, mode: 'license', licenseId: null };
    assert.throws(() => checkComplete(none, '2026-12-07'), /ONLINE_LICENSE_REQUIRED/);
  });
  test('for a legal person: the entity applies, the account is its agent', () => {
    const body = intakeBodyOf(parts({ entity: { id: 1, name: '示范区好味道餐饮有限公司', uscc: '91350100M000100Y43' } }), {});
    assert.equal(body.applicantType, 'entity');
    assert.equal(body.applicant.idNo, '91350100M000100Y43');
    assert.equal(body.agent?.name, '林网办');
  });
});

describe('before submission', () => {
  test('a required scan, a signature for a commitment', () => {
    assert.doesNotThrow(() => checkComplete(parts(), '2026-12-07'));
    assert.throws(() => checkComplete(parts({ files: [] }), '2026-12-07'), /ONLINE_SLOT_EMPTY/);
    const unsigned = parts();
    unsigned.slots[1] = { ...unsigned.slots[1]!, signedName: null, signedAt: null };
    assert.throws(() => checkComplete(unsigned, '2026-12-07'), /ONLINE_SLOT_UNSIGNED/);
  });
  test('while fixing, only the materials the last decided round marked fix may change', () => {
    const at = new Date();
    const p = parts({
      app: { ...parts().app, status: 'fix_requested' },
      rounds: [{ applicationId: 7, round: 1, submittedAt: at, submittedOn: '2026-12-07', dueOn: '2026-12-08', outcome: 'fix', decidedAt: at, clerkId: 2, clerkName: '李慧敏' }],
      marks: [
        { applicationId: 7, round: 1, materialId: 1, verdict: 'fix', note: '不清晰', clerkId: 2, clerkName: '李慧敏', markedAt: at },
        { applicationId: 7, round: 1, materialId: 2, verdict: 'pass', note: '', clerkId: 2, clerkName: '李慧敏', markedAt: at },
      ],
    });
    assert.deepEqual([...slotsToFix(p)], [1]);
  });
});
