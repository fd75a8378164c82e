/** Audit event kinds of the ratings module with their labels (merged into AUDIT_KINDS). */
export const RATING_AUDIT_LABELS = {
} as const satisfies Record<string, string>;
