/** Supervision rows of the authorization matrix and its public routes (test/integration/authz-matrix, platform). */
import type { Role } from '../../common/roles.js';

export const SUPERVISION_MATRIX: { method: string; url: string; body?: unknown; allowed: readonly Role[] }[] = [];

/** `METHOD /path/{param}` of the public supervision routes (no login) */
export const SUPERVISION_PUBLIC: string[] = [];
