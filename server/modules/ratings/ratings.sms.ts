/**
 * SMS of 好差评 (短信模板, zh-CN), written to the outbox in the caller's transaction. They name the
 * service and carry the rating link; never an ID number, never a staff member's name.
 */
import { SMS_TOPIC } from '../notifications/sms.js';
import type { OutboxMessage } from '../outbox/outbox.service.js';

export type RatingSmsTemplate = 'rating.invite' | 'rating.reply';

/** The rating page of an invitation: absolute when the public base URL is configured, else the path. */
export function ratingLink(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/rate/${token}`;
}

const clip = (s: string, max: number) => (Array.from(s).length > max ? `${Array.from(s).slice(0, max - 1).join('')}…` : s);

export function ratingInviteSms(
  invitationId: number,
  phone: string,
  x: { centre: string; stage: 'acceptance' | 'completion'; siteName: string; subject: string; link: string; days: number },
): OutboxMessage {
  const subject = clip(x.subject, 40);
  const body =
    x.stage === 'acceptance'
      ? `【${x.centre}】感谢您到${x.siteName}办理“${subject}”。请对本次窗口服务进行评价：${x.link} （${x.days}日内未评价的视为默认评价）`
      : `【${x.centre}】您办理的“${subject}”已办结。欢迎对办理结果和服务进行评价：${x.link} （${x.days}日内未评价的视为默认评价）`;
  return { topic: SMS_TOPIC, idempotencyKey: `rating:${invitationId}:invite`, payload: { phone, template: 'rating.invite', body } };
}

/** The answer to a 差评 after rectification (答复), before the supervisors' revisit. */
export function ratingReplySms(rectificationId: number, eventId: number, phone: string, x: { centre: string; subject: string; reply: string }): OutboxMessage {
  const body = `【${x.centre}】您对“${clip(x.subject, 30)}”的评价意见已核实并整改。答复：${clip(x.reply, 200)} 中心工作人员将对您进行回访，感谢您的监督。`;
  return { topic: SMS_TOPIC, idempotencyKey: `rectification:${rectificationId}:${eventId}:reply`, payload: { phone, template: 'rating.reply', body } };
}
