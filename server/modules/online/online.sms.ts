/**
 * The SMS of an online application (through the outbox, after commit), each with the link to the application on
 * the portal (PUBLIC_BASE_URL + path; the path alone when no base is configured).
 */
import { SMS_TOPIC } from '../notifications/sms.js';
import type { OutboxMessage } from '../outbox/outbox.service.js';
import type { ApplicationRecord } from './online.repository.js';

export type OnlineSmsTemplate = 'submitted' | 'resubmitted' | 'fix' | 'passed' | 'accepted';

export interface OnlineSmsExtra {
  round: number;
  dueOn?: string;
  /** the fix list: material and what is wrong */
  fixes?: { materialName: string; note: string }[];
  siteName?: string;
  caseNos?: string[];
}

export const applicationPath = (id: number) => `/portal/applications/${id}`;

export function onlineSms(
  ctx: { centreName: string; publicBaseUrl: string },
  app: Pick<ApplicationRecord, 'id' | 'no'>,
  template: OnlineSmsTemplate,
  phone: string,
  x: OnlineSmsExtra,
): OutboxMessage {
  const link = `${ctx.publicBaseUrl}${applicationPath(app.id)}`;
  const head = `【${ctx.centreName}】您的网上申办（申办流水号${app.no}）`;
  const body = {
    submitted: `${head}已提交，我们将于${x.dueOn ?? ''}前完成预审。查看：${link}`,
    resubmitted: `${head}补正材料已提交，我们将于${x.dueOn ?? ''}前完成预审。查看：${link}`,
    fix: `${head}需补正${x.fixes?.length ?? 0}项材料：${(x.fixes ?? []).map((f, i) => `${i + 1}.${f.materialName}：${f.note}`).join('；')}。请一次补齐后重新提交：${link}`,
    passed: `${head}已通过预审。请预约后携带原件到${x.siteName ?? '大厅'}办理，只需跑一次。预约和查看：${link}`,
    accepted: `${head}已受理，办件编号${(x.caseNos ?? []).join('、')}。电子受理回执和进度：${link}`,
  }[template];
  return { topic: SMS_TOPIC, idempotencyKey: `online:${app.id}:${x.round}:${template}`, payload: { phone, template: `online.${template}`, body } };
}
