/** Error codes of the supervision module (registered at composition, server/error-codes.ts; add codes here, not in platform/errors.ts). */
import type { ErrorSpec } from '../../platform/errors.js';

export const SUPERVISION_ERRORS = {
  DOCNO_DUPLICATE: { status: 409, zh: '文号 {documentNo} 已登记过，不能重复使用（已向监察人员预警）', en: 'Document number {documentNo} was already registered (an alert was raised)' },
  DOCNO_NOT_IN_SERIES: { status: 400, zh: '文号不符合本部门的文号规则（{patterns}），请核对', en: 'The document number matches none of the department\'s series ({patterns})' },
  DOCNO_NO_SERIES: { status: 400, zh: '本部门尚未设置文号序列，请先由中心设置', en: 'The department has no document-number series yet' },
  DOCNO_GAP_TOO_LARGE: { status: 400, zh: '文号 {documentNo} 比已登记的最大号 {highest} 大 {n} 个号，请核对是否输入有误；确属跳号请联系中心', en: 'Number {documentNo} skips {n} numbers after {highest}; check it' },
  DOCNO_PATTERN_INVALID: { status: 400, zh: '文号规则不正确：{detail}', en: 'Invalid number pattern: {detail}' },
  DOCNO_SERIES_IN_USE: { status: 409, zh: '该序列已登记过文号，不能再修改规则、部门或起始号（可停用后新建）', en: 'The series has numbers; its pattern, department and start cannot change' },
  DOCNO_REASON_REQUIRED: { status: 400, zh: '请填写事由和说明', en: 'A reason is required' },
  DOCNO_GAP_NOT_MISSING: { status: 409, zh: '{documentNo} 已补登或已说明，无需再说明', en: '{documentNo} is already filled or explained' },
  ALERT_TRANSITION_NOT_ALLOWED: { status: 409, zh: '该预警当前为「{status}」，不能执行此操作', en: 'The alert is {status}; this action is not allowed' },
  ALERT_NOTE_REQUIRED: { status: 400, zh: '请填写处理意见或核查结论', en: 'A note is required' },
  ALERT_CONCLUSION_REQUIRED: { status: 400, zh: '办结预警须选择结论', en: 'Choose a conclusion to close the alert' },
  ALERT_GAPS_UNEXPLAINED: { status: 409, zh: '尚有 {n} 个缺号未补登或说明，不能以「已作合理说明」办结', en: '{n} missing numbers are unexplained; cannot close as explained' },
  LIGHT_RULE_INVALID: { status: 400, zh: '亮灯规则不正确：{detail}', en: 'Invalid light rule: {detail}' },
  METRICS_DIMENSION_NOT_ALLOWED: { status: 400, zh: '您只能按{allowed}查看统计', en: 'You may view metrics by {allowed} only' },
  METRICS_PERIOD_INVALID: { status: 400, zh: '统计期间不正确：{detail}', en: 'Invalid period: {detail}' },
} satisfies Record<string, ErrorSpec>;

declare module '../../platform/errors.js' {
  interface ModuleErrors extends Record<keyof typeof SUPERVISION_ERRORS, ErrorSpec> {}
}
