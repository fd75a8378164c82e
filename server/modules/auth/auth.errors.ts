/** Error codes of the auth module's second factor and address throttling (registered at composition, server/error-codes.ts; add codes here). */
import type { ErrorSpec } from '../../platform/errors.js';

export const AUTH_ERRORS = {
  MFA_CODE_INVALID: { status: 401, zh: '动态口令不正确或已使用过，请输入验证器中当前的 6 位口令', en: 'The one-time code is wrong or was already used; enter the current 6-digit code' },
  MFA_TICKET_INVALID: { status: 401, zh: '登录步骤无效或已超时，请重新输入用户名和密码', en: 'The login step is invalid or expired; enter your username and password again' },
  MFA_ALREADY_ENROLLED: { status: 409, zh: '已绑定动态口令；如需更换手机，请联系系统管理员重置', en: 'A second factor is already bound; ask an administrator to reset it' },
  MFA_ENROLMENT_NOT_STARTED: { status: 409, zh: '请先生成绑定密钥并在验证器中添加', en: 'Start the enrolment first' },
} as const satisfies Record<string, ErrorSpec>;

declare module '../../platform/errors.js' {
  interface ModuleErrors extends Record<keyof typeof AUTH_ERRORS, ErrorSpec> {}
}
