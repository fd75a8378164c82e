/**
 * The back office of the demo history: the front desk hands cases over in batches, departments sign
 * for them and work through the approval steps (inspections, special procedures, extensions, a case
 * returned to the front desk), decide with a document number; the delivery window registers the
 * result and the applicant collects it or has it mailed.
 */
import { OPEN_STATUSES, type CaseStatus } from '../../../common/cases.js';
import { addDays } from '../../../common/working-days.js';
import { sql } from 'drizzle-orm';
import type { UserActor } from '../../platform/authz.js';
import { chinaDate } from '../../platform/clock.js';
import { rows } from '../../platform/db.js';
import type { Department } from './setup.js';
import { MINUTE, cst, minuteOfDay } from './timeline.js';
import { HOUR, TERMINAL, type CaseState, type Hall, type OfficeCalls, type World } from './world.js';

export class BackOffice implements OfficeCalls {
  /** instant cases (即办件) handed over on their own, left out of the handover rounds */
  private readonly instantReserved = new Set<number>();
  private readonly signedBatches = new Set<number>();
  /** departments with a batch waiting to be signed for */
  private readonly toSign = new Set<number>();

  constructor(private readonly world: World) {}

  onAccepted(state: CaseState): void {
    const r = this.world.rCase;
    state.acceptedOn ??= this.world.today();
    state.decideOn ??= this.world.addWD(state.acceptedOn, state.plan.decideAfter);
    if (state.plan.instant && state.plan.fate === 'withdraw') state.plan.fate = 'approve';
    if (state.plan.fate === 'withdraw') {
      const day = this.world.cal.nextWorkday(this.world.today());
      this.world.tl.at(this.world.workTime(day, r, 9 * 60, 11 * 60), 'case:withdraw', async () => {
        if (OPEN_STATUSES.includes(state.status as CaseStatus)) await this.world.act(state, this.world.rHall.pick(state.hall.clerks), 'withdraw', { reason: '申请人书面申请撤回' });
      });
    }
    if (state.plan.instant) {
      // 即办件: handed over at once, signed and decided while the applicant waits
      this.instantReserved.add(state.id);
      this.world.tl.at(this.world.now + r.int(2, 5) * MINUTE, 'instant:handover', async () => {
        this.instantReserved.delete(state.id);
        if (state.status !== 'accepted') return;
        const clerk = this.world.rHall.pick(state.hall.clerks);
        const h = await this.world.s.handovers.create(clerk, { departmentId: state.dept.id, caseIds: [state.id], clientKey: this.world.key('handover') });
        state.status = 'handed_over';
        this.toSign.add(state.dept.id); // should the quick signature not happen, the next round signs it
        this.world.tl.at(this.world.now + r.int(8, 35) * MINUTE, 'instant:sign', () => this.signBatch(r.pick(state.dept.approvers), h.id));
      });
    }
  }

  async handoverRound(hall: Hall): Promise<void> {
    const clerk = hall.clerks[hall.handoverTurn++ % hall.clerks.length]!;
    for (const g of await this.world.s.handovers.pending(clerk)) {
      const ids = g.cases.map((c) => c.id).filter((id) => !this.instantReserved.has(id));
      if (!ids.length) continue;
      await this.world.s.handovers.create(clerk, { departmentId: g.departmentId, caseIds: ids, clientKey: this.world.key('handover') });
      this.toSign.add(g.departmentId);
      for (const id of ids) {
        const st = this.world.cases.get(id);
        if (st) st.status = 'handed_over';
      }
    }
  }

  async signRound(d: Department): Promise<void> {
    if (!this.toSign.has(d.id)) return; // nothing on the 待签收 badge
    this.toSign.delete(d.id);
    const approver = this.world.r.pick(d.approvers);
    const page = await this.world.s.handovers.list(approver, { direction: 'in', status: 'sent', pageSize: 100 });
    for (const h of [...page.items].reverse()) await this.signBatch(approver, h.id);
  }

  private async signBatch(approver: UserActor, batchId: number): Promise<void> {
    if (this.signedBatches.has(batchId)) return;
    const h = await this.world.s.handovers.get(approver, batchId);
    if (h.status !== 'sent') return;
    const short = h.cases.length > 3 && this.world.r.chance(0.04) ? h.cases[this.world.r.int(0, h.cases.length - 1)]! : null;
    await this.world.s.handovers.sign(approver, batchId, {
      items: h.cases.map((c) => ({ caseId: c.id, receivedCount: c === short ? Math.max(0, c.materialCount - 1) : c.materialCount })),
      ...(short ? { note: `${short.caseNo} 少一份复印件，已电话告知前台补送` } : {}),
    });
    this.signedBatches.add(batchId);
    for (const c of h.cases) {
      const st = this.world.cases.get(c.id);
      if (st && st.status === 'handed_over') {
        st.status = 'in_review';
        st.stepsPassed = 0;
        this.onSigned(st, approver);
      }
    }
  }

  /** The department's work on a signed case, step by step, each scheduled after the one before. */
  private onSigned(state: CaseState, signer: UserActor): void {
    const r = this.world.rCase;
    const today = this.world.today();
    if (state.plan.instant) {
      this.world.tl.at(this.world.now + r.int(5, 25) * MINUTE, 'review', () => this.nextStep(state, signer));
      return;
    }
    if (state.plan.returnOnce && !state.done.has('returned')) {
      this.world.tl.at(this.world.workTime(this.world.addWD(today, r.int(0, 1)), r, 9 * 60, 17 * 60, this.world.now + 20 * MINUTE), 'case:return', () => this.returnToFront(state));
      return;
    }
    let first = this.world.addWD(today, r.chance(0.6) ? 0 : 1);
    if (state.decideOn && first > state.decideOn) first = this.world.addWD(today, 0);
    this.world.tl.at(this.world.workTime(first, r, 9 * 60, 17 * 60, this.world.now + 15 * MINUTE), 'review', () => this.nextStep(state, r.pick(state.dept.approvers)));
  }

  /** Which step comes next, done now, and the one after it scheduled. */
  private async nextStep(state: CaseState, approver: UserActor): Promise<void> {
    if (TERMINAL.has(state.status) || state.status === 'withdrawn') return;
    const r = this.world.rCase;
    const p = state.plan;
    const today = this.world.today();
    const left = Math.max(0, this.world.cal.workingDaysBetween(today, state.decideOn!));
    const soon = (frac: number, min = 0) => this.world.workTime(this.world.addWD(today, Math.max(min, Math.round(left * frac))), r, 9 * 60, 17 * 60, this.world.now + 10 * MINUTE);
    const then = (at: number) => this.world.tl.at(at, 'review', () => this.nextStep(state, r.pick(state.dept.approvers)));

    if (p.instant) {
      if (state.stepsPassed < state.sub.approvalSteps - 1) {
        await this.world.act(state, approver, 'pass_step', { opinion: '材料齐全，符合条件' });
        state.stepsPassed++;
        this.world.tl.at(this.world.now + r.int(3, 12) * MINUTE, 'review', () => this.nextStep(state, approver));
        return;
      }
      await this.decide(state, approver);
      return;
    }
    if (p.inspection && !state.done.has('inspection')) {
      if (state.status === 'in_review') {
        const inspector = r.pick(state.dept.inspectors);
        await this.world.act(state, approver, 'assign_inspection', { inspectorId: inspector.userId, note: '请核查经营场所布局与申请材料是否一致' });
        this.world.tl.at(this.world.workTime(this.world.addWD(today, r.int(1, Math.min(3, Math.max(1, left)))), r, 9 * 60 + 30, 16 * 60 + 30, this.world.now + HOUR), 'case:inspect', async () => {
          const passed = r.chance(0.93);
          await this.world.act(state, inspector, 'record_inspection', {
            passed, result: passed ? '现场布局、设施设备与申请材料一致，符合要求' : '现场实际经营面积与申请材料不符，需申请人说明',
          });
          state.done.add('inspection');
          then(this.world.now + r.int(30, 200) * MINUTE);
        });
      }
      return;
    }
    if (p.special > 0 && !state.done.has('special')) {
      const kind = r.weighted([['expert_review', 0.4], ['testing', 0.3], ['hearing', 0.15], ['appraisal', 0.15]] as const);
      await this.world.act(state, approver, 'start_special', { kind, reason: { expert_review: '需组织专家评审', testing: '需对样品进行检验检测', hearing: '涉及重大利益关系人，依法组织听证', appraisal: '需委托第三方鉴定' }[kind], expectedDays: p.special });
      state.done.add('special');
      const endDay = this.world.addWD(today, p.special + r.int(-1, 1));
      state.decideOn = this.world.addWD(state.decideOn!, this.world.cal.workingDaysBetween(today, endDay));
      this.world.tl.at(this.world.workTime(endDay, r), 'case:end-special', async () => {
        await this.world.act(state, approver, 'end_special', { result: '特别程序已完成，结论：符合要求' });
        then(this.world.now + r.int(30, 300) * MINUTE);
      });
      return;
    }
    if (state.stepsPassed < state.sub.approvalSteps - 1) {
      await this.world.act(state, approver, 'pass_step', { opinion: state.stepsPassed === 0 ? '经审查，材料齐全，符合法定形式，拟同意' : '同意承办意见' });
      state.stepsPassed++;
      const remaining = state.sub.approvalSteps - 1 - state.stepsPassed;
      then(soon(remaining > 0 ? 0.45 : 0.8, 0));
      return;
    }
    if (p.extension && !state.done.has('extension')) {
      const [first, second] = r.chance(0.5) ? [state.dept.approvers[0]!, state.dept.approvers[1]!] : [state.dept.approvers[1]!, state.dept.approvers[0]!];
      await this.world.act(state, first, 'request_extension', { reason: '案情复杂，需进一步核实申请人提交的技术资料，申请延长十个工作日' });
      state.done.add('extension');
      this.world.tl.at(this.world.workTime(this.world.addWD(today, 1), r), 'case:extension', async () => {
        await this.world.act(state, second, 'approve_extension', { opinion: '同意延期' });
        state.decideOn = this.world.addWD(this.world.today(), r.int(3, 8));
        then(this.world.workTime(state.decideOn, r));
      });
      return;
    }
    if (today < state.decideOn!) {
      then(this.world.workTime(state.decideOn!, r));
      return;
    }
    await this.decide(state, approver);
  }

  private async returnToFront(state: CaseState): Promise<void> {
    if (state.status !== 'in_review') return;
    const r = this.world.rCase;
    const approver = r.pick(state.dept.approvers);
    const detail = await this.world.s.cases.get(approver, state.id);
    const received = detail.materials.filter((m) => m.status === 'received' && m.required);
    if (!received.length) {
      state.done.add('returned');
      this.onSigned(state, approver);
      return;
    }
    const m = r.pick(received);
    await this.world.act(state, approver, 'return_to_front', { lines: [{ lineNo: m.lineNo, note: r.pick(['复印件与原件不一致，请前台核对原件后重新提交', '材料缺少申请人签字，请按清单要求补签', '材料页数不全，请按清单要求补齐']) }] });
    state.done.add('returned');
    // the applicant brings the material again; the front desk supplements and the case goes back in the next batch
    this.world.tl.at(this.world.workTime(this.world.addWD(this.world.today(), r.int(1, 3)), r), 'case:supplement', async () => {
      await this.world.act(state, this.world.rHall.pick(state.hall.clerks), 'supplement', { materials: [{ materialId: m.materialId, status: 'received' }] });
    });
  }

  private async decide(state: CaseState, approver: UserActor): Promise<void> {
    if (state.plan.fate === 'withdraw') return; // the applicant withdraws it (scheduled at acceptance)
    const deny = state.plan.fate === 'deny';
    const documentNo = this.world.supervision.documentNo(state, deny ? 'deny' : 'approve');
    await this.world.act(state, approver, deny ? 'deny' : 'approve', deny
      ? { opinion: this.world.rCase.pick(['经审查，申请人不符合法定条件，不予许可', '现场核查不符合要求，且申请人未能在规定期限内整改，不予许可', '申请材料存在虚假内容，依法不予许可']), documentNo }
      : { opinion: '经审查，申请人符合法定条件，准予许可', documentNo });
    state.documentNo = documentNo;
    const r = this.world.rCase;
    const m = minuteOfDay(this.world.now);
    const at = state.plan.instant ? this.world.now + r.int(5, 15) * MINUTE
      : m < 15 * 60 ? this.world.workTime(this.world.today(), r, 15 * 60 + 10, 16 * 60 + 50, this.world.now)
      : this.world.workTime(this.world.cal.nextWorkday(this.world.today()), r, 9 * 60 + 10, 11 * 60 + 30);
    this.world.tl.at(at, 'delivery:register', () => this.registerResult(state));
  }

  private async registerResult(state: CaseState): Promise<void> {
    const r = this.world.rCase;
    const clerk = r.pick(state.hall.deliverers);
    await this.world.act(state, clerk, 'register_result', { documentNo: state.documentNo! });
    const p = state.plan;
    if (p.delivery === 'never') return;
    if (p.delivery === 'mail') {
      this.world.tl.at(this.world.now + r.int(20, 100) * MINUTE, 'delivery:mail', () => this.world.act(state, r.pick(state.hall.deliverers), 'mail', {
        carrier: r.pick(['中国邮政 EMS', '顺丰速运']), trackingNo: `${r.pick(['11', '10', 'SF'])}${String(r.int(0, 999_999_999)).padStart(9, '0')}${r.int(1000, 9999)}`,
        address: state.applicant.who.address,
      }).then(() => this.afterCompletion(state)));
      return;
    }
    const at = p.instant ? this.world.now + r.int(3, 10) * MINUTE : this.world.workTime(this.world.addWD(addDays(this.world.today(), 1), p.collectAfter), r, 9 * 60, 17 * 60);
    this.world.tl.at(at, 'delivery:collect', async () => {
      const a = state.applicant;
      await this.world.act(state, r.pick(state.hall.deliverers), 'collect', a.type === 'person'
        ? { collectorType: 'applicant', collectorName: a.who.name, collectorIdNo: a.who.idNo }
        : { collectorType: 'agent', collectorName: a.agent!.name, collectorIdNo: a.agent!.idNo });
      await this.afterCompletion(state);
    });
  }

  /** A 承诺件's completion invitation goes out by SMS; some applicants follow the link. */
  private async afterCompletion(state: CaseState): Promise<void> {
    if (!state.plan.smsRating || state.sub.caseType !== 'promised') return;
    const r = this.world.rRate;
    const at = this.world.now + r.int(20, 60 * 60) * MINUTE;
    this.world.tl.at(Math.min(at, cst(chinaDate(new Date(at)), 22, 0).getTime()), 'rating:sms', async () => {
      const [inv] = await rows<{ token: string }>(this.world.s.database.db, sql`select token from rating_invitations where case_id = ${state.id} and stage = 'completion' and rated_at is null`);
      if (!inv) return;
      const level = this.world.ratings.level(true, true);
      await this.world.s.ratings.rate({ token: inv.token, level, channel: r.chance(0.85) ? 'sms' : 'portal', ...this.world.ratings.why(level, true) }, { requestId: null, ip: null });
    });
  }
}
