/** Audit event kinds of the auth module's throttle and second factor, with their labels (merged into AUDIT_KINDS). */
export const AUTH_AUDIT_LABELS = {
  'auth.throttled': '登录受限：同一地址失败过多',
  'auth.mfa_failed': '动态口令错误',
  'auth.mfa_enrolment_started': '开始绑定动态口令',
  'auth.mfa_enrolled': '绑定动态口令',
  'user.mfa_reset': '重置动态口令',
} as const satisfies Record<string, string>;
