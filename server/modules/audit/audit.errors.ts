/** Error codes of the audit module (merged into ERROR_CATALOG; add codes here, not in platform/errors.ts). */
export const AUDIT_ERRORS = {} as const;
