/**
 * SMS templates of a case (短信模板, zh-CN). Sent through the outbox after commit. They name the case
 * number and the matter, never an ID number (nor a full name: the phone's owner knows who they are).
 */
import { SPECIAL_PROCEDURE_LABELS, type SpecialProcedureKind } from '../../../common/cases.js';
import { SMS_TOPIC } from '../notifications/sms.js';
import type { OutboxMessage } from '../outbox/outbox.service.js';

export type CaseSmsTemplate =
  | 'case.accepted'
  | 'case.correction'
  | 'case.refused'
  | 'case.special_started'
  | 'case.decided'
  | 'case.ready'
  | 'case.mailed'
  | 'case.collected'
  | 'case.returned'
  | 'case.deadline_changed';

export interface SmsContext {
  centre: string;
  caseNo: string;
  subItemName: string;
  siteName: string;
  siteAddress: string;
  siteHours: string;
  /** the public site's address (PUBLIC_BASE_URL); empty: the message carries the path only */
  baseUrl?: string;
}

/** The public progress page of a case (web/src/areas/portal/routes.ts: /progress, the case number prefilled): every case SMS and the 受理回执 link to it. */
export function progressUrl(base: string, caseNo: string): string {
  return `${base.replace(/\/+$/, '')}/progress?caseNo=${encodeURIComponent(caseNo)}`;
}

type Extra = {
  promisedDue?: string | null;
  /** 暂定: the promised date rests on a year whose holiday arrangement is not confirmed */
  promisedProvisional?: boolean;
  previousDue?: string;
  kind?: SpecialProcedureKind;
  expectedDays?: number;
  decision?: 'approved' | 'denied';
  carrier?: string;
  trackingNo?: string;
  date?: string;
};

const PROVISIONAL_NOTE = '（暂定，以国家节假日安排公布后为准）';

/** The message with the link to the case's progress page at the end. */
export function smsBody(template: CaseSmsTemplate, c: SmsContext, x: Extra = {}): string {
  return `${templateBody(template, c, x)}查看：${progressUrl(c.baseUrl ?? '', c.caseNo)}`;
}

function templateBody(template: CaseSmsTemplate, c: SmsContext, x: Extra = {}): string {
  const head = `【${c.centre}】`;
  const progress = '可凭办件编号和手机号后四位查询进度。';
  switch (template) {
    case 'case.accepted':
      return `${head}您申请的“${c.subItemName}”已受理，办件编号${c.caseNo}${x.promisedDue ? `，承诺于${x.promisedDue}前办结${x.promisedProvisional ? PROVISIONAL_NOTE : ''}` : ''}。${progress}`;
    case 'case.correction':
      return `${head}您申请的“${c.subItemName}”（编号${c.caseNo}）材料需要补正，请按补正告知书一次性补齐后到${c.siteName}办理。`;
    case 'case.refused':
      return `${head}您申请的“${c.subItemName}”（编号${c.caseNo}）不予受理，理由及可申请的机关见不予受理通知书。`;
    case 'case.special_started':
      return `${head}您的办件${c.caseNo}进入${SPECIAL_PROCEDURE_LABELS[x.kind ?? 'other']}程序，预计${x.expectedDays ?? 0}个工作日，所需时间不计入办理时限。`;
    case 'case.decided':
      return `${head}您的办件${c.caseNo}已作出${x.decision === 'denied' ? '不予许可' : '准予许可'}决定，结果送达出件窗口后将通知您领取。`;
    case 'case.ready':
      return `${head}您的办件${c.caseNo}办理结果已可领取，请携带本人身份证件到${c.siteName}统一出件窗口领取（${c.siteAddress}，${c.siteHours}）；他人代领须持授权委托书。`;
    case 'case.mailed':
      return `${head}您的办件${c.caseNo}办理结果已由${x.carrier ?? ''}寄出，运单号${x.trackingNo ?? ''}。`;
    case 'case.collected':
      return `${head}您的办件${c.caseNo}办理结果已于${x.date ?? ''}领取，办件已办结。欢迎对本次服务作出评价。`;
    case 'case.deadline_changed':
      return `${head}国家节假日安排已公布，您的办件${c.caseNo}承诺办结日由${x.previousDue ?? ''}调整为${x.promisedDue ?? ''}${x.promisedProvisional ? PROVISIONAL_NOTE : ''}。${progress}`;
    case 'case.returned':
      return `${head}您的办件${c.caseNo}部分材料需按受理清单补齐，工作人员将与您联系，也可到${c.siteName}咨询。`;
  }
}

export function caseSms(caseId: number, eventId: number, phone: string, template: CaseSmsTemplate, c: SmsContext, x?: Extra): OutboxMessage {
  return {
    topic: SMS_TOPIC,
    idempotencyKey: `case:${caseId}:${eventId}:${template}`,
    payload: { phone, template, body: smsBody(template, c, x) },
  };
}
