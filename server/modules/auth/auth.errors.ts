/** Error codes of the auth module's second factor and address throttling (merged into ERROR_CATALOG; add codes here). */
export const AUTH_ERRORS = {} as const;
