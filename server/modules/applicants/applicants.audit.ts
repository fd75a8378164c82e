/** Audit event kinds of applicant accounts, with their labels (merged into AUDIT_KINDS). */
export const APPLICANT_AUDIT_LABELS = {
  'applicant.signed_in': '申请人登录',
  'applicant.sign_in_failed': '申请人登录失败（验证码错误）',
  'applicant.signed_out': '申请人退出登录',
  'applicant.real_name_set': '申请人完成实名信息',
  'entity.registered': '登记法人',
  'entity.agent_granted': '法人授权经办人',
  'entity.agent_revoked': '法人撤销经办人授权',
} as const satisfies Record<string, string>;
