/** Audit event kinds of the supervision module with their labels (merged into AUDIT_KINDS). */
export const SUPERVISION_AUDIT_LABELS = {
} as const satisfies Record<string, string>;
