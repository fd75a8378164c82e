/** Error codes of the audit module (registered at composition, server/error-codes.ts; add codes here, not in platform/errors.ts). */
import type { ErrorSpec } from '../../platform/errors.js';

export const AUDIT_ERRORS = {} as const satisfies Record<string, ErrorSpec>;

declare module '../../platform/errors.js' {
  interface ModuleErrors extends Record<keyof typeof AUDIT_ERRORS, ErrorSpec> {}
}
