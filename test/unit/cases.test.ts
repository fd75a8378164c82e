/** Pure rules of the case lifecycle: the workflow table, guards, deadline maths, intake checks, SMS. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CASE_ACTIONS, CASE_STATUSES, CASE_WORKFLOW, DEPARTMENT_STATUSES, OPEN_STATUSES, TERMINAL_STATUSES, actionsIn, renderCaseNo, transitionOf,
  validCaseNoPattern, yellowThreshold, type CaseAction, type CaseStatus,
} from '../../common/cases.js';
import { WorkingCalendar } from '../../common/working-days.js';
import { loadBuiltinDayTable } from '../../server/modules/calendar/builtin-days.js';
import { guardAllows, guardError, type CaseRecord } from '../../server/modules/cases/cases.actions.js';
import { acceptanceDeadlines, extendDeadlines, pausedWorkingDays, shiftDeadlines } from '../../server/modules/cases/cases.clock.js';
import { workingDaysBefore, yellowFrom } from '../helpers/light-oracle.js';
import { smsBody, type CaseSmsTemplate } from '../../server/modules/cases/cases.sms.js';
import { checkLineMark, planOutcome } from '../../server/modules/cases/intake.service.js';
import type { UserActor } from '../../server/platform/authz.js';

const cal = new WorkingCalendar(loadBuiltinDayTable());

/** The expected table, written out independently of CASE_WORKFLOW: status → action → next status (null: stays). */
const EXPECTED: Record<CaseStatus, Partial<Record<CaseAction, CaseStatus | null>>> = {
  correction: { accept: 'accepted', refuse: 'refused', withdraw: 'withdrawn' },
  refused: {},
  accepted: { handover: 'handed_over', withdraw: 'withdrawn' },
  handed_over: { sign: 'in_review', withdraw: 'withdrawn' },
  in_review: {
    pass_step: null, approve: 'approved', deny: 'denied', assign_inspection: 'inspecting', start_special: 'suspended', request_extension: null,
    approve_extension: null, reject_extension: null, return_to_front: 'returned', withdraw: 'withdrawn',
  },
  inspecting: { record_inspection: 'in_review', withdraw: 'withdrawn' },
  suspended: { end_special: 'in_review', withdraw: 'withdrawn' },
  returned: { supplement: 'accepted', withdraw: 'withdrawn' },
  approved: { register_result: 'ready' },
  denied: { register_result: 'ready' },
  ready: { collect: 'closed', mail: 'closed' },
  closed: {},
  withdrawn: {},
};

describe('case workflow table', () => {
  test('every status × action is allowed exactly as expected, with its next status', () => {
    for (const status of CASE_STATUSES) {
      for (const action of CASE_ACTIONS) {
        const t = transitionOf(status, action);
        const expected = EXPECTED[status][action];
        if (expected === undefined) assert.equal(t, undefined, `${status} × ${action} must be refused`);
        else assert.equal(t?.to ?? null, expected, `${status} × ${action}`);
      }
      assert.deepEqual(actionsIn(status).sort(), Object.keys(EXPECTED[status]).sort());
    }
  });

  test('terminal statuses allow nothing; every other status has a way forward', () => {
    for (const s of CASE_STATUSES) assert.equal(actionsIn(s).length === 0, TERMINAL_STATUSES.includes(s), s);
  });

  test('withdrawal is possible before a decision and never after', () => {
    for (const s of CASE_STATUSES) {
      const beforeDecision = ['correction', ...OPEN_STATUSES].includes(s);
      assert.equal(!!transitionOf(s, 'withdraw'), beforeDecision, s);
    }
  });

  test('each action needs one ability in every status; the department holds exactly its inbox statuses', () => {
    for (const a of CASE_ACTIONS) {
      const abilities = new Set(CASE_STATUSES.map((s) => transitionOf(s, a)?.ability).filter(Boolean));
      assert.equal(abilities.size, 1, a);
    }
    for (const s of DEPARTMENT_STATUSES) assert.ok(Object.values(CASE_WORKFLOW[s]).some((t) => t.ability === 'case.review' || t.ability === 'case.inspect'), s);
  });
});

describe('per-case guards', () => {
  const actor = { kind: 'user', userId: 7 } as UserActor;
  const c = (x: Partial<CaseRecord>) => ({ step: 1, approvalSteps: 3, extensionStatus: null, extensionRequestedBy: null, ...x }) as CaseRecord;
  test('steps: pass until the last step, decide only at the last', () => {
    assert.equal(guardAllows('pass_step', c({ step: 2 }), actor, null), true);
    assert.equal(guardAllows('approve', c({ step: 2 }), actor, null), false);
    assert.equal(guardAllows('pass_step', c({ step: 3 }), actor, null), false);
    assert.equal(guardAllows('deny', c({ step: 3 }), actor, null), true);
    assert.equal(guardAllows('approve', c({ step: 1, approvalSteps: 1 }), actor, null), true);
  });
  test('extension: once; decided by someone other than the requester; blocks the decision meanwhile', () => {
    assert.equal(guardAllows('request_extension', c({ extensionStatus: 'rejected' }), actor, null), false);
    assert.equal(guardAllows('approve_extension', c({ extensionStatus: 'requested', extensionRequestedBy: 7 }), actor, null), false);
    assert.equal(guardAllows('approve_extension', c({ extensionStatus: 'requested', extensionRequestedBy: 8 }), actor, null), true);
    assert.equal(guardAllows('approve', c({ step: 3, extensionStatus: 'requested' }), actor, null), false);
  });
  test('only the assigned inspector records the inspection; batches are not single-case actions', () => {
    assert.equal(guardAllows('record_inspection', c({}), actor, 7), true);
    assert.equal(guardAllows('record_inspection', c({}), actor, 8), false);
    assert.equal(guardAllows('handover', c({}), actor, null), false);
  });
  test('act meets the same guards as errors, with their codes', () => {
    const code = (a: CaseAction, x: Partial<CaseRecord>, insp: number | null = null) => guardError(a, { c: c(x), actor, openInspectorId: insp })?.code ?? null;
    assert.equal(code('approve', { step: 2 }), 'CASE_NOT_FINAL_STEP');
    assert.equal(code('approve', { step: 3, extensionStatus: 'requested' }), 'CASE_DECISION_BLOCKED');
    assert.equal(code('pass_step', { step: 3 }), 'CASE_FINAL_STEP');
    assert.equal(code('request_extension', { extensionStatus: 'approved' }), 'CASE_EXTENSION_USED');
    assert.equal(code('reject_extension', {}), 'CASE_EXTENSION_NOT_REQUESTED');
    assert.equal(code('approve_extension', { extensionStatus: 'requested', extensionRequestedBy: 7 }), 'CASE_EXTENSION_SELF_APPROVAL');
    assert.equal(code('record_inspection', {}, 8), 'CASE_INSPECTION_NOT_YOURS');
    assert.equal(code('pass_step', { step: 1 }), null);
  });
});

describe('deadlines (时限)', () => {
  const limits = { promisedLimit: 10, promisedUnit: 'working', statutoryLimit: 20, statutoryUnit: 'working' } as const;
  test('counted from the day after acceptance, over National Day 2026 and its make-up Saturday', () => {
    // Accepted Wed 2026-09-30: 10/1–10/7 off, Sat 10/10 is a working day.
    const d = acceptanceDeadlines(cal, '2026-09-30', limits);
    // working days: 10/8, 10/9, 10/10, 10/12, 10/13, 10/14, 10/15, 10/16, 10/19, 10/20 → 10th = 10/20
    assert.equal(d.promisedDue, '2026-10-20');
    assert.equal(d.statutoryDue, cal.addWorkingDays('2026-09-30', 20));
    assert.equal(yellowFrom(cal, d.promisedDue, 10), '2026-10-16'); // max(1, 20% of 10) = 2 working days before
  });
  test('natural-day limits landing on a holiday move to the next working day', () => {
    const d = acceptanceDeadlines(cal, '2026-09-24', { ...limits, promisedLimit: 7, promisedUnit: 'natural' });
    assert.equal(d.promisedDue, '2026-10-08');
  });
  test('yellow threshold is max(1, 20%)', () => {
    assert.deepEqual([1, 4, 5, 10, 20, 60].map(yellowThreshold), [1, 1, 1, 2, 4, 12]);
    assert.equal(yellowFrom(cal, '2026-10-20', 20), workingDaysBefore(cal, '2026-10-20', 4));
    assert.equal(workingDaysBefore(cal, '2026-10-08', 1), '2026-09-30');
    assert.equal(workingDaysBefore(cal, '2026-10-12', 1), '2026-10-10');
  });
  test('a special procedure moves both deadlines by exactly the paused working days', () => {
    // paused Tue 9/29 → Fri 10/9: working days in (9/29, 10/9] = 9/30, 10/8, 10/9 = 3
    const paused = pausedWorkingDays(cal, '2026-09-29', '2026-10-09');
    assert.equal(paused, 3);
    const d = shiftDeadlines(cal, { promisedDue: '2026-10-20', statutoryDue: '2026-11-03', promisedProvisional: false, statutoryProvisional: false }, paused);
    assert.equal(d.promisedDue, cal.addWorkingDays('2026-10-20', 3));
    assert.equal(cal.workingDaysBetween('2026-10-20', d.promisedDue), 3);
    assert.equal(cal.workingDaysBetween('2026-11-03', d.statutoryDue), 3);
    assert.equal(pausedWorkingDays(cal, '2026-10-09', '2026-10-09'), 0);
  });
  test('an extension adds ten working days to both deadlines', () => {
    const d = extendDeadlines(cal, { promisedDue: '2026-09-25', statutoryDue: '2026-09-30', promisedProvisional: false, statutoryProvisional: false });
    assert.equal(cal.workingDaysBetween('2026-09-25', d.promisedDue), 10);
    assert.equal(cal.workingDaysBetween('2026-09-30', d.statutoryDue), 10);
  });
  test('beyond the loaded calendar the computation refuses instead of guessing', () => {
    assert.throws(() => acceptanceDeadlines(cal, '2026-12-20', { ...limits, promisedLimit: 30 }), /does not cover 2027/);
  });
});

describe('intake checks', () => {
  const line = (x: Record<string, unknown> = {}) => ({
    id: 1, versionId: 1, lineNo: 1, materialId: 1, form: 'copy', copies: 1, required: true, allowMissing: false, allowCommitment: false,
    condition: '', reviewPoints: '', materialName: '营业执照', materialCode: 'M1', licenseType: null, ...x,
  });
  test('a material may be replaced by commitment or left missing only where the checklist allows it', () => {
    assert.throws(() => checkLineMark(line(), { materialId: 1, status: 'commitment' }, '2026-10-20', '2026-10-09'), /CASE_MATERIAL_STATUS_NOT_ALLOWED/);
    assert.doesNotThrow(() => checkLineMark(line({ allowCommitment: true }), { materialId: 1, status: 'commitment' }, '2026-10-20', '2026-10-09'));
    assert.throws(() => checkLineMark(line(), { materialId: 1, status: 'missing', dueDate: '2026-10-12' }, '2026-10-20', '2026-10-09'), /NOT_ALLOWED/);
    assert.throws(() => checkLineMark(line({ allowMissing: true }), { materialId: 1, status: 'missing', dueDate: '2026-10-21' }, '2026-10-20', '2026-10-09'), /CASE_MISSING_DUE_INVALID/);
    assert.doesNotThrow(() => checkLineMark(line({ allowMissing: true }), { materialId: 1, status: 'missing', dueDate: '2026-10-20' }, '2026-10-20', '2026-10-09'));
    assert.throws(() => checkLineMark(line(), { materialId: 1, status: 'not_applicable' }, '2026-10-20', '2026-10-09'), /NOT_ALLOWED/);
  });
  test('a correction notice must cite checklist lines and list every absent required material at once', () => {
    const pinned = [{ subItemId: 5, subItemName: '食品经营许可（新办）', lines: [line(), line({ lineNo: 2, materialId: 2, materialName: '场所证明' })] as never }];
    const marks = new Map([[1, { materialId: 1, status: 'absent' as const }], [2, { materialId: 2, status: 'absent' as const }]]);
    assert.throws(() => planOutcome({ outcome: 'accept' }, pinned, marks), /CASE_MATERIALS_INCOMPLETE/);
    assert.throws(() => planOutcome({ outcome: 'correct', defects: [] }, pinned, marks), /CASE_DEFECTS_REQUIRED/);
    assert.throws(() => planOutcome({ outcome: 'correct', defects: [{ subItemId: 5, lineNo: 1, note: '' }] }, pinned, marks), /CASE_DEFECTS_INCOMPLETE/);
    assert.throws(() => planOutcome({ outcome: 'correct', defects: [{ subItemId: 5, lineNo: 3, note: '' }] }, pinned, marks), /CASE_DEFECT_NOT_ON_CHECKLIST/);
    const plan = planOutcome({ outcome: 'correct', defects: [{ subItemId: 5, lineNo: 1, note: '缺' }, { subItemId: 5, lineNo: 2, note: '缺' }] }, pinned, marks);
    assert.equal(plan.get(5)!.kind, 'correct');
    assert.throws(() => planOutcome({ outcome: 'refuse', refusal: { reasons: '不属于本机关', redirect: ' ' } }, pinned, marks), /CASE_REASON_REQUIRED/);
  });
});

describe('case numbers and SMS', () => {
  test('patterns render with a zero-padded daily sequence; invalid patterns are refused', () => {
    assert.equal(renderCaseNo('{site}{date}{seq:5}', { site: 'QZX', impl: 'I', dept: 'D', date: '2026-11-23' }, 42), 'QZX2026112300042');
    assert.equal(renderCaseNo('{impl}{date}{seq:4}', { site: 'QZX', impl: '11440103MB2C', dept: 'D', date: '2026-11-23' }, 7), '11440103MB2C202611230007');
    assert.equal(validCaseNoPattern('{site}{date}{seq:5}'), true);
    assert.equal(validCaseNoPattern('{site}{date}'), false);
    assert.equal(validCaseNoPattern('{site}{seq}{seq}'), false);
    assert.equal(validCaseNoPattern('{site}{year}{seq}'), false);
  });
  test('every template names the case and no ID number', () => {
    const ctx = { centre: '示范区政务服务中心', caseNo: 'QZX2026112300001', subItemName: '食品经营许可（新办）', siteName: '示范区政务服务中心', siteAddress: '中心大道 1 号', siteHours: '9:00–17:00' };
    const templates: CaseSmsTemplate[] = ['case.accepted', 'case.correction', 'case.refused', 'case.special_started', 'case.decided', 'case.ready', 'case.mailed', 'case.collected', 'case.returned'];
    for (const t of templates) {
      const body = smsBody(t, ctx, { promisedDue: '2026-12-07', kind: 'expert_review', expectedDays: 5, decision: 'approved', carrier: 'EMS', trackingNo: 'E1', date: '2026-12-01' });
      assert.ok(body.startsWith('【示范区政务服务中心】') && body.includes(ctx.caseNo), t);
      assert.ok(!/\d{17}[\dX]/.test(body), `${t} carries no ID number`);
    }
    assert.match(smsBody('case.accepted', ctx, { promisedDue: '2026-12-07' }), /2026-12-07前办结/);
    assert.ok(templates.every((t) => smsBody(t, ctx).endsWith('查看：/progress?caseNo=QZX2026112300001')), 'every SMS carries the link');
    assert.ok(smsBody('case.ready', { ...ctx, baseUrl: 'https://zwfw.example.gov.cn' }).endsWith('https://zwfw.example.gov.cn/progress?caseNo=QZX2026112300001'));
  });
});
