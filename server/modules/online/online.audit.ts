/** Audit event kinds of online applications, with their labels (merged into AUDIT_KINDS). */
export const ONLINE_AUDIT_LABELS = {
  'online.started': '申请人开始网上申办',
  'online.submitted': '申请人提交网上申办',
  'online.resubmitted': '申请人补正后重新提交',
  'online.withdrawn': '申请人撤回网上申办',
  'online.commitment_signed': '申请人签署告知承诺',
  'online.marked': '网上预审：逐项审核',
  'online.fix_sent': '网上预审：一次性告知补正',
  'online.passed': '网上预审通过',
  'online.accepted': '网上申办已受理',
} as const satisfies Record<string, string>;
