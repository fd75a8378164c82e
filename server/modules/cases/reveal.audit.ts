/** Audit event kinds of 查看完整个人信息 (the audited "view full" of a masked ID number or phone). */
export const REVEAL_AUDIT_LABELS = {
  'case.pii_revealed': '查看完整个人信息',
} as const satisfies Record<string, string>;

const FIELD_LABELS: Record<string, string> = { applicantIdNo: '申请人证件号码', applicantPhone: '申请人联系电话', agentIdNo: '代理人证件号码', agentPhone: '代理人电话' };

/** The audit log's one-line summary of a 查看完整 record: what was looked at and why (never the value). */
export function revealSummary(data: unknown): string {
  const d = (data ?? {}) as { field?: string; reason?: string; caseNo?: string };
  return `${REVEAL_AUDIT_LABELS['case.pii_revealed']}：${d.caseNo ?? ''} ${FIELD_LABELS[d.field ?? ''] ?? d.field ?? ''}，原因：${d.reason ?? ''}`;
}
