/** Error codes of applicant accounts (registered at composition, server/error-codes.ts). */
import type { ErrorSpec } from '../../platform/errors.js';

export const APPLICANT_ERRORS = {
  APPLICANT_PHONE_INVALID: { status: 400, zh: '请输入正确的 11 位手机号码', en: 'Enter an 11-digit mainland mobile number' },
  APPLICANT_CODE_TOO_SOON: { status: 429, zh: '验证码已发送，请 {seconds} 秒后再重新获取', en: 'A code was just sent; ask again in {seconds} s' },
  APPLICANT_CODE_DAILY_LIMIT: { status: 429, zh: '该手机号今天获取验证码次数过多，请明天再试', en: 'Too many codes for this number today; try tomorrow' },
  APPLICANT_CODE_INVALID: { status: 400, zh: '验证码错误或已过期，请重新获取', en: 'Wrong or expired code; ask for a new one' },
  APPLICANT_SESSION_REQUIRED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  APPLICANT_ID_INVALID: { status: 400, zh: '身份证号码不正确（{reason}），请核对', en: 'The citizen ID number is not valid ({reason})' },
  APPLICANT_ID_TAKEN: { status: 409, zh: '该身份证号码已绑定另一个账号，如有疑问请到大厅咨询', en: 'This ID number belongs to another account' },
  APPLICANT_REAL_NAME_LOCKED: { status: 409, zh: '已通过统一身份认证实名，不能自行修改', en: 'Verified by the unified identity service; cannot be changed here' },
  APPLICANT_REAL_NAME_REQUIRED: { status: 403, zh: '请先完成实名认证', en: 'Complete your real-name details first' },
  ENTITY_USCC_INVALID: { status: 400, zh: '统一社会信用代码不正确（{reason}），请核对', en: 'The unified social credit code is not valid ({reason})' },
  ENTITY_NOT_LEGAL_REP: { status: 403, zh: '只有法定代表人本人可以登记该法人（实名姓名须与法定代表人一致）', en: 'Only the legal representative may register the entity (names must match)' },
  ENTITY_MEMBER_SELF: { status: 400, zh: '不能对自己授权或撤销', en: 'You cannot authorise or revoke yourself' },
  OIDC_NOT_CONFIGURED: { status: 404, zh: '未接入统一身份认证，请使用手机验证码登录', en: 'The unified identity service is not configured; sign in with an SMS code' },
  OIDC_FAILED: { status: 400, zh: '统一身份认证登录未完成（{reason}），请重新登录', en: 'Unified identity sign-in did not complete ({reason})' },
} satisfies Record<string, ErrorSpec>;

declare module '../../platform/errors.js' {
  interface ModuleErrors extends Record<keyof typeof APPLICANT_ERRORS, ErrorSpec> {}
}
