/** Audit event kinds of 查看完整个人信息 (the audited "view full" of a masked ID number or phone). */
export const REVEAL_AUDIT_LABELS = {
  'case.pii_revealed': '查看完整个人信息',
} as const satisfies Record<string, string>;
