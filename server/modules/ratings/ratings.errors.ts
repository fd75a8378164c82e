/** Error codes of the ratings module (registered at composition, server/error-codes.ts; add codes here, not in platform/errors.ts). */
import type { ErrorSpec } from '../../platform/errors.js';

export const RATING_ERRORS = {
  RATING_INVITATION_NOT_FOUND: { status: 404, zh: '评价链接无效，请核对短信中的链接', en: 'Unknown rating link' },
  RATING_ALREADY_RATED: { status: 409, zh: '该次服务已经评价过了（每次服务只能评价一次）', en: 'This service has already been rated (one rating per service)' },
  RATING_REASON_REQUIRED: { status: 400, zh: '选择“不满意”或“非常不满意”时，请至少选择一项原因或填写意见', en: 'A dissatisfied rating needs a reason or a comment' },
  RATING_WINDOW_NOT_FOUND: { status: 404, zh: '该窗口不存在或已停用', en: 'No such window, or it is inactive' },
  RATING_NOTE_REQUIRED: { status: 400, zh: '请填写{what}', en: 'Please fill in the {what}' },
  RATING_TRANSITION_NOT_ALLOWED: {
    status: 409,
    zh: '整改工单当前为「{status}」，不能执行「{action}」（当前可执行：{allowed}）',
    en: 'The rectification is {status}; {action} is not allowed (allowed: {allowed})',
  },
} satisfies Record<string, ErrorSpec>;

declare module '../../platform/errors.js' {
  interface ModuleErrors extends Record<keyof typeof RATING_ERRORS, ErrorSpec> {}
}
