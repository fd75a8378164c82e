/**
 * Supervision in the demo history: 市场监管局's decisions are numbered in a document-number series with
 * one gap (文号缺号), explained and commented on; a stricter light rule for one item; the supervisor's
 * daily round of the alert centre.
 */
import { chinaDate } from '../../platform/clock.js';
import { TERMINAL, type CaseState, type SupervisionCalls, type World } from './world.js';

/** document-number prefixes of the departments' decisions (市场监管局 has series, the others are not watched) */
const DOC_PREFIX: Record<string, string> = { SCJGJ: '示市监', WJJ: '示卫健', ZJJ: '示住建', RSJ: '示人社', MZJ: '示民政' };

export class Supervision implements SupervisionCalls {
  private readonly docCounters = new Map<string, number>();
  private seriesIds: { approve: number; deny: number } | null = null;
  /** the day 市场监管局's series skips three numbers */
  gapDay = '';
  private gapDone = false;

  constructor(private readonly world: World) {}

  documentNo(state: CaseState, decision: 'approve' | 'deny'): string {
    const code = state.dept.code;
    const year = Number(this.world.today().slice(0, 4));
    const key = `${code}:${decision}:${year}`;
    // a watched series starts a new year at 1; other departments' numbers run on from the year so far
    const start = this.docCounters.get(key) ?? (code === 'SCJGJ' ? 0 : decision === 'approve' ? this.world.r.int(380, 620) : this.world.r.int(8, 30));
    let seq = start + 1;
    if (code === 'SCJGJ' && decision === 'approve' && !this.gapDone && this.world.today() >= this.gapDay) {
      // three decisions issued outside the platform: the next number on it skips them (文号缺号)
      seq += 3;
      this.gapDone = true;
      this.world.tl.at(this.world.workTime(this.world.addWD(this.world.today(), 2), this.world.r), 'docno:explain', () => this.explainGap(year));
    }
    this.docCounters.set(key, seq);
    const prefix = DOC_PREFIX[code] ?? '示';
    if (code === 'SCJGJ') return decision === 'approve' ? `${prefix}许〔${year}〕${String(seq).padStart(4, '0')}号` : `${prefix}不许〔${year}〕${String(seq).padStart(3, '0')}号`;
    return `${prefix}${decision === 'approve' ? '许' : '不许'}〔${year}〕${seq}号`;
  }

  async createSeries(): Promise<void> {
    const scjg = this.world.departments.find((d) => d.code === 'SCJGJ');
    if (!scjg) return;
    const sup = this.world.actor('supervisor1');
    const year = Number(this.world.today().slice(0, 4));
    const approve = this.world.r.int(380, 620);
    const deny = this.world.r.int(8, 30);
    this.docCounters.set(`SCJGJ:approve:${year}`, approve);
    this.docCounters.set(`SCJGJ:deny:${year}`, deny);
    const a = await this.world.s.docNos.createSeries(sup, { departmentId: scjg.id, name: '行政许可决定书', pattern: '示市监许〔{year}〕{seq:4}号', startYear: year, startSeq: approve + 1, allowDuplicates: false, active: true });
    const d = await this.world.s.docNos.createSeries(sup, { departmentId: scjg.id, name: '不予行政许可决定书', pattern: '示市监不许〔{year}〕{seq:3}号', startYear: year, startSeq: deny + 1, allowDuplicates: false, active: true });
    this.seriesIds = { approve: a.id, deny: d.id };
  }

  async lightRule(): Promise<void> {
    // 食品经营许可: yellow a little earlier than the centre's default
    const food = this.world.subItems.find((s) => s.itemName.startsWith('食品经营许可'));
    if (!food) return;
    await this.world.s.lights.setRule(this.world.actor('supervisor1'), food.itemId, { yellowPercent: 30, yellowMinDays: 2, escalateAfterDays: 2, handoverDays: 1, signDays: 1, stepDays: 4 });
  }

  private async explainGap(year: number): Promise<void> {
    if (!this.seriesIds) return;
    const approver = this.world.actor('approver_scjg');
    const { gaps } = await this.world.s.docNos.numbers(approver, this.seriesIds.approve, year);
    const missing = gaps.filter((g) => g.status === 'missing');
    if (!missing.length) return;
    await this.world.s.docNos.explainGap(approver, missing[0]!.id, { kind: 'voided', reason: '制证时打印错误，该号已作废，原件加盖作废章留存备查' });
    this.world.tl.at(this.world.workTime(this.world.addWD(this.world.today(), 1), this.world.r), 'docno:comment', async () => {
      const sup = this.world.actor('jijian1');
      const alert = (await this.world.s.alerts.list(sup, { kind: 'docno_gap', pageSize: 5 })).items[0];
      if (alert) await this.world.s.alerts.act(sup, alert.id, 'comment', { note: '其余两个缺号请市场监管局三个工作日内书面说明' });
    });
  }

  /** The supervisor goes through the alert centre once a day. */
  async alertRound(): Promise<void> {
    const r = this.world.r;
    const sup = this.world.actor('supervisor1');
    const today = this.world.today();
    for (const status of ['open', 'investigating'] as const) {
      const page = await this.world.s.alerts.list(sup, { status, pageSize: 200 });
      for (const a of page.items) {
        const c = a.caseId ? this.world.cases.get(a.caseId) : undefined;
        const age = this.world.cal.workingDaysBetween(chinaDate(new Date(a.openedAt)), today);
        const settled = !!c && (c.status === 'approved' || c.status === 'denied' || c.status === 'ready' || TERMINAL.has(c.status));
        if (a.kind === 'docno_gap' || a.kind === 'docno_duplicate' || a.kind === 'docno_irregular') {
          if (status === 'open' && age >= 1) await this.world.s.alerts.act(sup, a.id, 'investigate', { note: '已调阅市场监管局许可台账及作废登记，核对缺号情况' });
        } else if (a.kind === 'case_escalated') {
          if (settled && r.chance(0.7)) await this.world.s.alerts.act(sup, a.id, 'close', { conclusion: 'resolved', note: '已电话督办，承办科室已作出决定，纳入月度考核通报' });
          else if (status === 'open') await this.world.s.alerts.act(sup, a.id, 'investigate', { note: '已电话督办承办科室负责人，要求两个工作日内办结' });
        } else if (a.kind === 'case_overdue') {
          if (settled && age >= 1 && r.chance(0.6)) await this.world.s.alerts.act(sup, a.id, 'close', { conclusion: 'resolved', note: '该件已办结，超期原因已由承办科室说明' });
        } else if (a.kind === 'step_overdue') {
          if (age >= 2 && r.chance(0.5)) await this.world.s.alerts.act(sup, a.id, 'close', { conclusion: settled ? 'resolved' : 'explained', note: '已提醒承办人，环节已推进' });
        } else if (status === 'open' && age >= 1) {
          await this.world.s.alerts.act(sup, a.id, 'investigate', { note: '已转相关部门核实' });
        }
      }
    }
  }
}
