/** Error codes of the supervision module (merged into ERROR_CATALOG; add codes here, not in platform/errors.ts). */
export const SUPERVISION_ERRORS = {
} satisfies Record<string, { status: number; zh: string; en: string }>;
