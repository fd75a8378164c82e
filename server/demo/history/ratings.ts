/**
 * Ratings and rectification (好差评) in the demo history: the window device and the SMS link collect
 * ratings; guides and departments verify, rectify (or appeal) the 差评, the supervisor revisits.
 */
import type { RatingLevel, RatingReason } from '../../../common/ratings.js';
import type { HallWindow } from './setup.js';
import type { Hall, RatingCalls, World } from './world.js';

export class Ratings implements RatingCalls {
  private readonly rectTouched = new Map<number, string>();
  private appealDone = false;

  constructor(private readonly world: World) {}

  level(badAllowed: boolean, completion = false): RatingLevel {
    const r = this.world.rRate;
    const l = r.weighted([[1, 0.62], [2, 0.265], [3, 0.085], [4, completion ? 0.02 : 0.02], [5, 0.01]] as const);
    return (!badAllowed && l >= 4 ? 3 : l) as RatingLevel;
  }

  why(level: RatingLevel, completion: boolean): { reasons: RatingReason[]; comment: string } {
    if (level < 4) return { reasons: [], comment: this.world.rRate.chance(0.1) ? this.world.rRate.pick(['办事效率高，态度好', '窗口人员讲解耐心细致', '一次就办好了，点赞']) : '' };
    const r = this.world.rRate;
    const reasons = completion ? [r.pick(['efficiency', 'repeat_trips', 'unclear_notice'] as const)] : [r.pick(['waiting', 'attitude', 'unclear_notice', 'extra_materials'] as const)];
    const comment = {
      waiting: '排队等了一个多小时，窗口开得太少', attitude: '工作人员说话不耐烦', unclear_notice: '第一次来没有说清楚要带什么材料，白跑一趟',
      extra_materials: '要求提供清单以外的证明', efficiency: '承诺时间内没有办好，也没有人通知', repeat_trips: '来回跑了三趟才办完', environment: '', other: '',
    }[reasons[0]!];
    return { reasons, comment };
  }

  async deviceRating(w: HallWindow, hall: Hall): Promise<void> {
    if (!this.world.rRate.chance(0.5)) return; // about half the applicants press a key on the device
    const { invitation } = await this.world.s.ratings.forWindow(w.id);
    if (!invitation || invitation.rated) return;
    const level = this.level(hall.guides.length > 0);
    await this.world.s.ratings.rate({ token: invitation.token, level, channel: 'device', ...this.why(level, false) }, { requestId: null, ip: null });
  }

  /** Guides (the hall's 差评) and approvers (their department's) work through their open rectifications. */
  async rectificationRound(role: 'guide' | 'approver'): Promise<void> {
    const r = this.world.rRate;
    const staff = role === 'guide' ? this.world.halls.flatMap((h) => h.guides.slice(0, 1)) : this.world.departments.map((d) => d.approvers[0]!);
    const today = this.world.today();
    for (const who of staff) {
      const page = await this.world.s.ratings.lists.rectificationList(who, { open: true, pageSize: 100 });
      for (const x of page.items) {
        const touched = this.rectTouched.get(x.id);
        if (touched === today) continue;
        if (x.status === 'verifying' && (x.openedOn < today || r.chance(0.3))) {
          if (!this.appealDone && x.level === 5 && role === 'guide') {
            this.appealDone = true;
            await this.world.s.ratings.rectifications.act(who, x.id, 'appeal', { reason: '经调取窗口录像核实，评价人当日未在本窗口办理业务，评价内容与事实不符，属恶意评价' });
          } else {
            await this.world.s.ratings.rectifications.act(who, x.id, 'verify', { note: x.stage === 'completion' ? '经核查承办科室办理记录，反映情况属实' : '经调取窗口录像和取号记录核实，反映情况基本属实' });
          }
          this.rectTouched.set(x.id, today);
        } else if (x.status === 'rectifying' && touched && touched < today && r.chance(0.55)) {
          await this.world.s.ratings.rectifications.act(who, x.id, 'rectify', {
            measures: x.stage === 'completion' ? '已督促承办科室建立办理进度提醒机制，超期前两个工作日逐件提醒' : '已对窗口人员进行服务规范再培训，高峰时段增开窗口并安排导办员分流',
            reply: '感谢您的监督，您反映的问题已核实并整改，如仍有意见请致电 12345。',
          });
          this.rectTouched.set(x.id, today);
        }
      }
    }
  }

  /** The supervisor calls raters back (回访) and decides appeals. */
  async revisitRound(): Promise<void> {
    const r = this.world.rRate;
    const sup = this.world.actor('supervisor1');
    const today = this.world.today();
    for (const status of ['replied', 'appealing'] as const) {
      const page = await this.world.s.ratings.lists.rectificationList(sup, { status, pageSize: 100 });
      for (const x of page.items) {
        const touched = this.rectTouched.get(x.id);
        if (!touched || touched >= today || !r.chance(0.6)) continue;
        if (status === 'replied') {
          const satisfied = r.chance(0.85);
          await this.world.s.ratings.rectifications.act(sup, x.id, 'revisit', { satisfied, note: satisfied ? '电话回访，评价人对整改结果表示满意' : '电话回访，评价人表示仍不满意，已记录并转业务科室跟进' });
        } else {
          await this.world.s.ratings.rectifications.act(sup, x.id, 'decide_appeal', { decision: 'upheld', note: '经核实取号记录和录像，申诉理由成立，该评价不计入满意度' });
        }
        this.rectTouched.set(x.id, today);
      }
    }
  }
}
