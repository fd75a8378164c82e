/**
 * What each case action changes, given the locked case, the body and today's calendar. Pure apart
 * from the side tables it writes through `tx` (materials, inspections, special procedures, notices);
 * the service wraps every handler in the fixed recipe (scoped load → policy → workflow guard →
 * handler → one transaction with the event, audit and outbox rows).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { NODE_CODES, type CaseAction } from '../../../common/cases.js';
import { normaliseDocNo } from '../../../common/supervision.js';
import type { ActionBodies, MaterialInput } from './cases.schemas.js';
import { normaliseCitizenId, validateCitizenId } from '../../../common/validators.js';
import type { WorkingCalendar } from '../../../common/working-days.js';
import { actorId, actorName, type Actor } from '../../platform/authz.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { acceptanceDeadlines, dueDates, extendDeadlines, pausedWorkingDays, shiftDeadlines, storedDeadlines, type CurrentDeadlines } from './cases.clock.js';
import type { CaseSmsTemplate } from './cases.sms.js';
import { caseInspections, caseMaterials, caseNotices, cases, caseSpecialProcedures } from './cases.tables.js';
import { checkLineMark, nextNoticeNo } from './intake.service.js';
import type { LineRow } from '../catalog/catalog.repository.js';
import { identityRepo } from '../identity/identity.repository.js';
import type { DocumentNumberHook, LicenseHook } from './case-hooks.js';

export type CaseRecord = typeof cases.$inferSelect;
export type PinnedLine = LineRow & { materialName: string };

export interface ActionContext<A extends CaseAction> {
  tx: Tx;
  actor: Actor;
  c: CaseRecord;
  body: ActionBodies[A];
  cal: WorkingCalendar;
  /** the service clock's instant and China date, read once per action (ADR 0016) */
  now: Date;
  today: string;
  siteCode: string;
  /** The voucher number of an accept / refuse, taken before the transaction (CaseService.noticeNoFor). */
  noticeNo: string | null;
  lines: () => Promise<PinnedLine[]>;
  /** supervision's document-number series check (体外运行 detection) */
  docNos?: DocumentNumberHook;
  /** 电子证照: an approval of an issuing sub-item issues (changes, renews, reissues, cancels) the holder's license */
  licenses?: LicenseHook;
  /** the case's inspection not yet recorded, read (under the case's lock) only for record_inspection, where the guard needs it */
  openInspection?: Awaited<ReturnType<typeof openInspection>>;
}

export interface ActionOutcome {
  set?: Partial<CaseRecord>;
  note: string;
  nodeCodes?: number[];
  /** internal steps are not shown on the public progress page */
  internal?: boolean;
  sms?: { template: CaseSmsTemplate; extra?: Record<string, unknown> };
  audit?: Record<string, unknown>;
}

const required = (value: string | undefined, what: string) => {
  const v = (value ?? '').trim();
  if (!v) throw new AppError('CASE_REASON_REQUIRED', { what });
  return v;
};
const documentNo = (value: string) => {
  const v = value.trim();
  if (!v || v.length > 60) throw new AppError('CASE_DOCUMENT_NO_INVALID');
  return v;
};

/** Re-marks a case's materials (after a correction notice or a return) and checks completeness. */
async function remark(ctx: ActionContext<'accept' | 'supplement'>, materials: MaterialInput[], promisedDue: string | null) {
  const lines = await ctx.lines();
  const byMaterial = new Map(materials.map((m) => [m.materialId, m]));
  for (const m of materials) if (!lines.some((l) => l.materialId === m.materialId)) throw new AppError('CASE_MATERIAL_UNKNOWN', { id: m.materialId });
  const current = await ctx.tx.select().from(caseMaterials).where(eq(caseMaterials.caseId, ctx.c.id));
  let withMissing = false;
  for (const l of lines) {
    const m = byMaterial.get(l.materialId);
    const row = current.find((r) => r.lineNo === l.lineNo);
    if (!m) {
      if (row && row.status !== 'absent') continue; // unchanged
      if (l.required && !l.condition) throw new AppError('CASE_MATERIALS_INCOMPLETE', { name: l.materialName });
      continue;
    }
    checkLineMark(l, m, promisedDue ?? ctx.today, ctx.today);
    if (m.status === 'absent' && l.required && !l.condition) throw new AppError('CASE_MATERIALS_INCOMPLETE', { name: l.materialName });
    if (m.status === 'missing') withMissing = true;
    await ctx.tx
      .update(caseMaterials)
      .set({
        status: m.status, form: m.status === 'received' ? (m.form ?? l.form) : null, copies: m.status === 'received' ? (m.copies ?? l.copies) : 0,
        dueDate: m.status === 'missing' ? (m.dueDate ?? null) : null, sharedCaseId: null,
      })
      .where(and(eq(caseMaterials.caseId, ctx.c.id), eq(caseMaterials.lineNo, l.lineNo)));
  }
  return withMissing || current.some((r) => r.status === 'missing' && byMaterial.get(r.materialId) === undefined);
}

function currentDeadlines(ctx: ActionContext<CaseAction>): CurrentDeadlines {
  const c = ctx.c;
  if (!c.acceptedOn || !c.promisedDue || !c.statutoryDue) throw new AppError('CONFLICT');
  return storedDeadlines(ctx.cal, c.acceptedOn, c.promisedDue, c.statutoryDue);
}

type Handlers = { [A in Exclude<CaseAction, 'handover' | 'sign'>]: (ctx: ActionContext<A>) => Promise<ActionOutcome> };

export const ACTION_HANDLERS: Handlers = {
  async accept(ctx) {
    const dl = acceptanceDeadlines(ctx.cal, ctx.today, ctx.c as never);
    const withMissing = await remark(ctx, ctx.body.materials, dl.promisedDue);
    await ctx.tx.insert(caseNotices).values({ caseId: ctx.c.id, kind: 'receipt', noticeNo: ctx.noticeNo ?? (await nextNoticeNo(ctx.tx, 'receipt', ctx.siteCode, ctx.today)), issuedBy: actorName(ctx.actor), issuedAt: ctx.now });
    return {
      set: { acceptedAt: ctx.now, acceptedOn: ctx.today, ...dueDates(dl), withMissing },
      note: `补正材料已收齐，承诺办结日 ${dl.promisedDue}${dl.promisedProvisional ? '（暂定）' : ''}`,
      nodeCodes: [NODE_CODES.correctionEnd, NODE_CODES.windowAccepted],
      sms: { template: 'case.accepted', extra: { promisedDue: dl.promisedDue, promisedProvisional: dl.promisedProvisional } },
    };
  },

  async refuse(ctx) {
    const reasons = required(ctx.body.reasons, '不予受理的理由');
    const redirect = required(ctx.body.redirect, '申请人可以向哪个机关申请（告知去向）');
    await ctx.tx.insert(caseNotices).values({
      caseId: ctx.c.id, kind: 'refusal', noticeNo: ctx.noticeNo ?? (await nextNoticeNo(ctx.tx, 'refusal', ctx.siteCode, ctx.today)), issuedBy: actorName(ctx.actor), issuedAt: ctx.now, reasons, redirect,
    });
    return { note: reasons, nodeCodes: [NODE_CODES.correctionEnd, NODE_CODES.refused], sms: { template: 'case.refused' } };
  },

  async withdraw(ctx) {
    const reason = required(ctx.body.reason, '撤件原因');
    return { set: { closedAt: ctx.now, closedOn: ctx.today, pausedOn: null }, note: reason, nodeCodes: [NODE_CODES.withdrawn] };
  },

  async pass_step(ctx) {
    const opinion = required(ctx.body.opinion, '办理意见');
    return { set: { step: ctx.c.step + 1 }, note: opinion, internal: true, audit: { step: ctx.c.step } };
  },

  async approve(ctx) {
    return decide(ctx, 'approved');
  },

  async deny(ctx) {
    return decide(ctx, 'denied');
  },

  async assign_inspection(ctx) {
    const [inspector] = await identityRepo.inspectorsOf(ctx.tx, ctx.c.departmentId, ctx.body.inspectorId);
    if (!inspector) throw new AppError('CASE_INSPECTOR_INVALID');
    const note = ctx.body.note.trim();
    await ctx.tx.insert(caseInspections).values({ caseId: ctx.c.id, inspectorId: inspector.id, assignedBy: actorId(ctx.actor)!, note, assignedAt: ctx.now });
    return { note: `指派 ${inspector.name} 现场勘查${note ? `：${note}` : ''}`, internal: false, audit: { inspectorId: inspector.id } };
  },

  async record_inspection(ctx) {
    const open = ctx.openInspection!; // the guard saw it (CASE_INSPECTION_NOT_YOURS without one)
    const result = required(ctx.body.result, '勘查结果');
    await ctx.tx.update(caseInspections).set({ result, passed: ctx.body.passed, doneAt: ctx.now }).where(eq(caseInspections.id, open.id));
    return { note: `${ctx.body.passed ? '勘查合格' : '勘查不合格'}：${result}`, audit: { inspectionId: open.id, passed: ctx.body.passed } };
  },

  async start_special(ctx) {
    const reason = required(ctx.body.reason, '特别程序的事由');
    await ctx.tx.insert(caseSpecialProcedures).values({
      caseId: ctx.c.id, kind: ctx.body.kind, reason, expectedDays: ctx.body.expectedDays, startOn: ctx.today, startedBy: actorId(ctx.actor)!,
    });
    return {
      set: { pausedOn: ctx.today },
      note: `${reason}（预计 ${ctx.body.expectedDays} 个工作日，期间暂停计时）`,
      nodeCodes: [NODE_CODES.specialStart],
      sms: { template: 'case.special_started', extra: { kind: ctx.body.kind, expectedDays: ctx.body.expectedDays } },
      audit: { kind: ctx.body.kind, startOn: ctx.today },
    };
  },

  async end_special(ctx) {
    const result = required(ctx.body.result, '特别程序的结果');
    const [open] = await ctx.tx.select().from(caseSpecialProcedures).where(and(eq(caseSpecialProcedures.caseId, ctx.c.id), isNull(caseSpecialProcedures.endOn)));
    if (!open || !ctx.c.promisedDue || !ctx.c.statutoryDue) throw new AppError('CONFLICT');
    const paused = pausedWorkingDays(ctx.cal, open.startOn, ctx.today);
    const dl = shiftDeadlines(ctx.cal, currentDeadlines(ctx), paused);
    await ctx.tx.update(caseSpecialProcedures).set({ endOn: ctx.today, pausedDays: paused, result, endedBy: actorId(ctx.actor) }).where(eq(caseSpecialProcedures.id, open.id));
    return {
      set: { pausedOn: null, pausedDays: ctx.c.pausedDays + paused, ...dueDates(dl) },
      note: `${result}（暂停 ${paused} 个工作日，承诺办结日顺延至 ${dl.promisedDue}${dl.promisedProvisional ? "（暂定）" : ""}）`,
      nodeCodes: [NODE_CODES.specialEnd],
      audit: { pausedDays: paused, promisedDue: dl.promisedDue, statutoryDue: dl.statutoryDue },
    };
  },

  async request_extension(ctx) {
    const reason = required(ctx.body.reason, '延期理由');
    return { set: { extensionStatus: 'requested', extensionReason: reason, extensionRequestedBy: actorId(ctx.actor) }, note: reason, internal: true };
  },

  async approve_extension(ctx) {
    if (!ctx.c.promisedDue || !ctx.c.statutoryDue) throw new AppError('CONFLICT');
    const dl = extendDeadlines(ctx.cal, currentDeadlines(ctx));
    return {
      set: { extensionStatus: 'approved', extensionDecidedBy: actorId(ctx.actor), ...dueDates(dl) },
      note: `延期 10 个工作日，承诺办结日 ${dl.promisedDue}${dl.promisedProvisional ? '（暂定）' : ''}${ctx.body.opinion.trim() ? `（${ctx.body.opinion.trim()}）` : ''}`,
      audit: { promisedDue: dl.promisedDue, statutoryDue: dl.statutoryDue },
    };
  },

  async reject_extension(ctx) {
    return { set: { extensionStatus: 'rejected', extensionDecidedBy: actorId(ctx.actor) }, note: required(ctx.body.opinion, '不批准的意见'), internal: true };
  },

  async return_to_front(ctx) {
    if (!ctx.body.lines.length) throw new AppError('CASE_RETURN_LINES_REQUIRED');
    const lines = await ctx.lines();
    const cited = ctx.body.lines.map((r) => {
      const l = lines.find((x) => x.lineNo === r.lineNo);
      if (!l) throw new AppError('CASE_RETURN_NOT_ON_CHECKLIST', { lineNo: r.lineNo });
      if (!r.note.trim()) throw new AppError('CASE_RETURN_LINES_REQUIRED');
      return { lineNo: l.lineNo, note: r.note.trim(), materialName: l.materialName };
    });
    return {
      set: { returnedLines: cited.map(({ lineNo, note }) => ({ lineNo, note })), handoverId: null, step: 1 },
      note: cited.map((x) => `第${x.lineNo}项「${x.materialName}」：${x.note}`).join('；'),
      sms: { template: 'case.returned' },
      audit: { lines: cited.map((x) => x.lineNo) },
    };
  },

  async supplement(ctx) {
    await remark(ctx, ctx.body.materials, ctx.c.promisedDue);
    return { set: { returnedLines: null }, note: '退回材料已补齐，待重新移交' };
  },

  async register_result(ctx) {
    const given = normaliseDocNo(ctx.body.documentNo);
    if (given !== normaliseDocNo(ctx.c.documentNo ?? '')) throw new AppError('CASE_DOCUMENT_NO_MISMATCH', { given });
    return { set: { resultRegisteredAt: ctx.now }, note: `结果已送达出件窗口（文号 ${given}）`, sms: { template: 'case.ready' } };
  },

  async collect(ctx) {
    const b = ctx.body;
    const idNo = normaliseCitizenId(b.collectorIdNo);
    if (!validateCitizenId(idNo).ok) throw new AppError('CASE_ID_INVALID', { who: '领取人', detail: '公民身份号码不正确' });
    const name = required(b.collectorName, '领取人姓名');
    let how: string;
    if (b.collectorType === 'applicant') {
      if (ctx.c.applicantType !== 'person' || idNo !== ctx.c.applicantIdNo) throw new AppError('CASE_IDENTITY_MISMATCH', { who: '申请人' });
      how = '申请人本人领取';
    } else if (ctx.c.agentIdNo && idNo === ctx.c.agentIdNo) {
      how = '登记的代理人领取';
    } else {
      const auth = (b.authorisationNote ?? '').trim();
      if (!auth) throw new AppError('CASE_AGENT_AUTHORISATION_REQUIRED');
      how = `受托人代领（${auth}）`;
    }
    return {
      set: { deliveryMethod: 'collected', closedAt: ctx.now, closedOn: ctx.today },
      note: `${how}，领取人 ${name.slice(0, 1)}*，证件核验一致`,
      nodeCodes: [closingNode(ctx.c)],
      sms: { template: 'case.collected', extra: { date: ctx.today } },
    };
  },

  async mail(ctx) {
    const carrier = required(ctx.body.carrier, '快递公司');
    const trackingNo = required(ctx.body.trackingNo, '运单号');
    required(ctx.body.address, '邮寄地址');
    return {
      set: { deliveryMethod: 'mailed', trackingNo, closedAt: ctx.now, closedOn: ctx.today },
      note: `${carrier} 运单号 ${trackingNo}`,
      nodeCodes: [closingNode(ctx.c)],
      sms: { template: 'case.mailed', extra: { carrier, trackingNo } },
    };
  },
};

function closingNode(c: CaseRecord): number {
  if (c.decision === 'denied') return NODE_CODES.closedDenied;
  return c.withMissing ? NODE_CODES.closedApprovedWithMissing : NODE_CODES.closedApproved;
}

/** The case's inspection not yet recorded (at most one), if any. */
export async function openInspection(tx: Tx, caseId: number) {
  const [open] = await tx.select().from(caseInspections).where(and(eq(caseInspections.caseId, caseId), isNull(caseInspections.doneAt)));
  return open;
}

async function decide(ctx: ActionContext<'approve' | 'deny'>, decision: 'approved' | 'denied'): Promise<ActionOutcome> {
  const opinion = required(ctx.body.opinion, decision === 'denied' ? '不予许可的理由' : '审批意见');
  let no = documentNo(ctx.body.documentNo);
  if (ctx.docNos) no = await ctx.docNos.registerDecision(ctx.tx, ctx.actor, ctx.c, no);
  if (decision === 'approved') await ctx.licenses?.onApproved(ctx.tx, ctx.actor, ctx.c, no, ctx.now, ctx.today);
  return {
    set: { decision, decisionReason: opinion, documentNo: no, decidedAt: ctx.now, decidedOn: ctx.today },
    note: `${decision === 'approved' ? '准予许可' : '不予许可'}，文号 ${no}`,
    sms: { template: 'case.decided', extra: { decision } },
    audit: { documentNo: no },
  };
}

/** What a per-case guard looks at: the case (locked, in `act`), the actor, and who holds its open inspection. */
export interface GuardFacts {
  c: CaseRecord;
  actor: Actor;
  openInspectorId: number | null;
}

const decisionGuard = ({ c }: GuardFacts): AppError | null =>
  c.step < c.approvalSteps ? new AppError('CASE_NOT_FINAL_STEP', { step: c.step === 1 ? '承办' : '审核' })
    : c.extensionStatus === 'requested' ? new AppError('CASE_DECISION_BLOCKED', { reason: '延期申请尚待批准' }) : null;

const extensionGuard = ({ c, actor }: GuardFacts): AppError | null =>
  c.extensionStatus !== 'requested' ? new AppError('CASE_EXTENSION_NOT_REQUESTED')
    : c.extensionRequestedBy === actorId(actor) ? new AppError('CASE_EXTENSION_SELF_APPROVAL') : null;

/**
 * The per-case guards beyond status and scope, once: the error an action meets now, or none. `act` throws it
 * before the handler runs; `allowedActions` leaves the action out.
 */
const CASE_GUARDS: { [A in CaseAction]?: (f: GuardFacts) => AppError | null } = {
  pass_step: ({ c }) => (c.step >= c.approvalSteps ? new AppError('CASE_FINAL_STEP') : null),
  approve: decisionGuard,
  deny: decisionGuard,
  request_extension: ({ c }) => (c.extensionStatus ? new AppError('CASE_EXTENSION_USED') : null),
  approve_extension: extensionGuard,
  reject_extension: extensionGuard,
  record_inspection: ({ actor, openInspectorId }) =>
    (openInspectorId === null || openInspectorId !== actorId(actor) ? new AppError('CASE_INSPECTION_NOT_YOURS') : null),
};

/** Actions taken on batches (交接单), never on one case: `act` refuses them and no case offers them. */
export const BATCH_ACTIONS: readonly CaseAction[] = ['handover', 'sign'];

export function guardError(action: CaseAction, facts: GuardFacts): AppError | null {
  return CASE_GUARDS[action]?.(facts) ?? null;
}

/** Whether the case offers the action to this actor now, as far as the guards go (for allowedActions). */
export function guardAllows(action: CaseAction, c: CaseRecord, actor: Actor, openInspectorId: number | null): boolean {
  return !BATCH_ACTIONS.includes(action) && guardError(action, { c, actor, openInspectorId }) === null;
}
