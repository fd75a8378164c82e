/** Error codes of the ratings module (merged into ERROR_CATALOG; add codes here, not in platform/errors.ts). */
export const RATING_ERRORS = {
} satisfies Record<string, { status: number; zh: string; en: string }>;
