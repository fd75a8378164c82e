/**
 * Intake (综合受理) in the demo history: the clerk fills the intake form by the checklist — accepted, a
 * correction notice (补正) listing what is missing, or refused (不予受理) —, the case gets its plan, and
 * an applicant under a correction notice comes back (or withdraws, or never returns).
 */
import type { IntakeBody, IntakeForm, MaterialInput } from '../../modules/cases/cases.schemas.js';
import { addDays } from '../../../common/working-days.js';
import type { UserActor } from '../../platform/authz.js';
import type { Random } from './random.js';
import type { HallWindow, SubItem } from './setup.js';
import type { CasePlan, CaseState, DeskCalls, Hall, Visit, World } from './world.js';

export class Intake implements DeskCalls {
  /** the intake form of a sub-item is the same all day (the clerk's screen caches it too) */
  private readonly forms = new Map<string, IntakeForm>();
  /** businesses whose 营业执照 (issued before the platform) is in the license library */
  private readonly licensed = new Set<string>();
  private readonly rLic: Random;

  constructor(private readonly world: World) {
    this.rLic = world.r.fork('licenses');
  }

  /** An application that came in online or by post, accepted by a clerk of the hall. */
  async remoteIntake(hall: Hall, channel: 'online' | 'mail'): Promise<void> {
    const v = this.world.hall.newVisit(hall);
    if (v.kind !== 'case' || v.bundle) return;
    if (v.outcome === 'refuse' && this.world.rHall.chance(0.5)) v.outcome = 'accept';
    const clerk = this.world.rHall.pick(hall.windows.filter((w) => w.open)).clerk;
    await this.intake(null, v, null, clerk, channel);
  }

  async intake(w: HallWindow | null, v: Visit, ticketId: number | null, clerk = w!.clerk, channel: 'window' | 'online' | 'mail' = 'window'): Promise<void> {
    // the intake form of a sub-item is the same all day (the clerk's screen caches it too)
    const formKey = `${this.world.today()}:${v.hall.siteId}:${v.bundle?.id ?? ''}:${v.subItems.map((s) => s.id).join(',')}`;
    let form = this.forms.get(formKey);
    if (!form) {
      form = await this.world.s.intake.form(clerk, { subItemIds: v.subItems.map((s) => s.id), bundleId: v.bundle?.id ?? null });
      this.forms.set(formKey, form);
    }
    const { materials, defects } = this.marks(form, v.outcome);
    const a = v.applicant;
    if (a.type === 'entity' && v.outcome !== 'refuse') await this.useBusinessLicense(clerk, form, a.who, materials);
    const body: IntakeBody = {
      clientKey: this.world.key('visit'), ...(w ? { windowId: w.id } : {}), ...(ticketId ? { ticketId } : {}), channel, applicantType: a.type,
      applicant: { name: a.who.name, idNo: a.who.idNo, phone: a.who.phone },
      agent: a.agent ? { name: a.agent.name, idNo: a.agent.idNo, phone: a.agent.phone } : null,
      subItemIds: v.subItems.map((s) => s.id), bundleId: v.bundle?.id ?? null, materials,
      outcome: v.outcome === 'correct' ? (defects.length ? 'correct' : 'accept') : v.outcome,
      ...(defects.length ? { defects } : {}),
      ...(v.outcome === 'refuse' ? { refusal: this.refusal(v.subItems[0]!) } : {}),
    };
    const res = await this.world.s.intake.intake(clerk, body);
    for (const c of res.cases) {
      const sub = v.subItems.find((s) => s.name === c.subItemName) ?? v.subItems[0]!;
      const state = this.track(c.id, c.caseNo, v, sub, c.status);
      if (c.status === 'accepted') this.world.office.onAccepted(state);
      else if (c.status === 'correction') this.onCorrection(state);
    }
    // the window device asks the applicant at the desk for a rating
    if (w) this.world.tl.at(this.world.now + this.world.rRate.int(20, 70) * 1000, 'rating:device', () => this.world.ratings.deviceRating(w, v.hall));
  }

  private track(id: number, caseNo: string, v: Visit, sub: SubItem, status: string): CaseState {
    const r = this.world.rCase;
    const L = sub.promisedLimit;
    const lateness = r.weighted([['on_time', 0.885], ['late', 0.07], ['stuck', 0.045]] as const);
    const k = L === 0 ? 0
      : lateness === 'late' ? L + r.int(1, 4)
      : lateness === 'stuck' ? L + r.int(10, 25)
      // on time: most well ahead of the promise, a good share in its last days (the yellow light)
      : Math.max(1, Math.round(L * (r.chance(0.6) ? r.between(0.2, 0.6) : r.between(0.7, 1))));
    const dept = this.world.departments.find((d) => d.id === sub.departmentId)!;
    const plan: CasePlan = {
      fate: r.weighted([['approve', 0.945], ['deny', 0.045], ['withdraw', 0.01]] as const),
      decideAfter: k,
      instant: L === 0,
      returnOnce: L >= 3 && r.chance(0.025),
      inspection: sub.inspectionNeeded && dept.inspectors.length > 0 && L > 0,
      special: L >= 5 && r.chance(0.06) ? r.int(3, 9) : 0,
      extension: L >= 10 && dept.approvers.length >= 2 && r.chance(0.2), // a second approver decides it (not the one who asked)
      delivery: r.weighted([['collect', v.applicant.type === 'entity' ? 0.66 : 0.84], ['mail', v.applicant.type === 'entity' ? 0.3 : 0.1], ['never', 0.045]] as const),
      collectAfter: r.weighted([[0, 0.25], [1, 0.3], [2, 0.18], [3, 0.1], [4, 0.07], [6, 0.05], [9, 0.05]] as const),
      smsRating: r.chance(0.24),
      correction: r.weighted([['accept', 0.74], ['refuse', 0.06], ['withdraw', 0.05], ['never', 0.15]] as const),
    };
    const state: CaseState = {
      id, caseNo, hall: v.hall, sub, dept, applicant: v.applicant, status, plan, acceptedOn: null, decideOn: null, stepsPassed: 0,
      done: new Set(), documentNo: null, busy: false,
    };
    this.world.cases.set(id, state);
    return state;
  }

  /**
   * 免证办: a business applying holds its 营业执照 — issued before the platform, entered into the library by import the
   * first time the business comes — and the clerk most times takes the electronic license in place of the paper.
   */
  private async useBusinessLicense(clerk: UserActor, form: IntakeForm, who: { name: string; idNo: string; phone: string }, materials: MaterialInput[]): Promise<void> {
    const m = form.materials.find((x) => x.materialName === '营业执照');
    const at = m ? materials.findIndex((x) => x.materialId === m.materialId && x.status === 'received') : -1;
    if (!m || at < 0 || !this.rLic.chance(0.7)) return;
    if (!this.licensed.has(who.idNo)) {
      const issued = addDays(this.world.today(), -this.rLic.int(200, 3000));
      const csv = `证照类型名称,证照编号,持证主体名称,持证主体代码,颁证日期,联系电话\n营业执照,${who.idNo},${who.name},${who.idNo},${issued},${who.phone}`;
      await this.world.s.licenseAdmin.importCsv(this.world.actor('catalog1'), csv);
      this.licensed.add(who.idNo);
    }
    const offer = await this.world.s.licenseLibrary.offers(clerk, who.idNo, [m.materialId]);
    const lic = offer.items[0]?.licenses.find((l) => l.usable);
    if (lic) materials[at] = { materialId: m.materialId, status: 'license', licenseId: lic.id };
  }

  /** The marks of every material of the form; for a correction notice, one or two required materials are missing. */
  private marks(form: IntakeForm, outcome: Visit['outcome']): { materials: MaterialInput[]; defects: { subItemId: number; lineNo: number; note: string }[] } {
    const r = this.world.rHall;
    const lines = form.subItems.flatMap((s) => s.lines.map((l) => ({ ...l, subItemId: s.subItemId, due: s.promisedDueIfToday })));
    const absent = new Set<number>();
    if (outcome === 'correct') {
      const required = [...new Set(lines.filter((l) => l.required && !l.condition).map((l) => l.materialId))];
      const n = Math.min(required.length, r.chance(0.7) ? 1 : 2);
      for (let i = 0; i < n; i++) absent.add(required.splice(r.int(0, required.length - 1), 1)[0]!);
    }
    const useMissing = r.chance(0.45);
    const useCommitment = r.chance(0.4);
    const materials: MaterialInput[] = form.materials.map((m) => {
      const mine = lines.filter((l) => l.materialId === m.materialId);
      const l = mine[0]!;
      if (absent.has(m.materialId)) return { materialId: m.materialId, status: 'absent' };
      const mandatory = mine.some((x) => x.required && !x.condition);
      if (outcome !== 'refuse' && useMissing && mine.every((x) => x.allowMissing)) {
        const dues = mine.map((x) => x.due).filter((d): d is string => !!d).sort();
        const latest = dues[0];
        if (latest && latest > form.today) {
          const span = this.world.cal.workingDaysBetween(form.today, latest);
          const due = this.world.addWD(form.today, Math.max(1, Math.min(span, r.int(2, 5))));
          if (due > form.today && due <= latest) return { materialId: m.materialId, status: 'missing', dueDate: due };
        }
      }
      if (useCommitment && mine.every((x) => x.allowCommitment)) return { materialId: m.materialId, status: 'commitment' };
      if (mandatory || r.chance(0.55)) return { materialId: m.materialId, status: 'received', form: l.form, copies: l.copies };
      return { materialId: m.materialId, status: 'not_applicable' };
    });
    const NOTES = ['未提交该材料，请补齐后一并提交', '复印件不清晰，请提交清晰的复印件并携带原件核验', '材料未加盖公章，请加盖公章', '填写内容与营业执照不一致，请更正后签字确认', '材料已过有效期，请提供有效期内的材料'];
    const defects = lines.filter((l) => absent.has(l.materialId)).map((l) => ({ subItemId: l.subItemId, lineNo: l.lineNo, note: r.pick(NOTES) }));
    return { materials, defects };
  }

  private refusal(sub: SubItem): { reasons: string; redirect: string } {
    const r = this.world.rHall;
    return r.pick([
      { reasons: '申请事项依法不需要取得行政许可', redirect: `如有疑问可向${this.world.departments.find((d) => d.id === sub.departmentId)?.name ?? '相关部门'}咨询` },
      { reasons: '申请事项不属于本中心受理范围（属市级事权）', redirect: '请向市政务服务中心相关窗口申请' },
      { reasons: '申请人不具备申请资格：经营场所不在本区辖区内', redirect: '请向经营场所所在区政务服务中心申请' },
      { reasons: '同一事项已有在办申请，不得重复申请', redirect: '可凭原受理回执查询办理进度' },
    ]);
  }

  private onCorrection(state: CaseState): void {
    const r = this.world.rCase;
    const p = state.plan.correction;
    if (p === 'never') return;
    const day = this.world.addWD(addDays(this.world.today(), 1), r.int(0, 5));
    if (p === 'withdraw') {
      this.world.tl.at(this.world.workTime(this.world.addWD(day, 2), r), 'case:withdraw', async () => {
        if (state.status === 'correction') await this.world.act(state, this.world.rHall.pick(state.hall.clerks), 'withdraw', { reason: '申请人来电表示放弃本次申请' });
      });
      return;
    }
    // the applicant comes back to the hall with the missing materials
    const at = this.world.workTime(day, r, 9 * 60, 16 * 60 + 30);
    this.world.tl.at(at, 'hall:arrive', async () => {
      if (state.status !== 'correction') return;
      const v: Visit = {
        kind: 'return', hall: state.hall, category: state.sub.category, noShow: false, elderly: false, idNo: null,
        serviceMinutes: this.world.rHall.logNormal(6, 0.3), subItems: [state.sub], bundle: null, outcome: p === 'refuse' ? 'refuse' : 'accept',
        applicant: state.applicant, returning: state,
      };
      await this.world.hall.arrive(v);
    });
  }

  /** 补正后受理 (or 不予受理) at the window. */
  async returnVisit(w: HallWindow, v: Visit): Promise<void> {
    const state = v.returning!;
    if (state.status !== 'correction') return;
    if (v.outcome === 'refuse') {
      await this.world.act(state, w.clerk, 'refuse', { reasons: '补正材料仍不符合法定形式，申请人不具备申请条件', redirect: '申请人可在具备条件后重新申请' });
      return;
    }
    const detail = await this.world.s.cases.get(w.clerk, state.id);
    const materials: MaterialInput[] = detail.materials
      .filter((m) => m.status === 'absent')
      .map((m) => ({ materialId: m.materialId, status: 'received' as const }));
    await this.world.act(state, w.clerk, 'accept', { materials });
    if ((state.status as string) === 'accepted') this.world.office.onAccepted(state);
  }
}
