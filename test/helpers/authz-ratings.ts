/** 好差评 rows of the authorization matrix and its public routes (test/integration/authz-matrix, platform). */
import type { Role } from '../../common/roles.js';

export const RATINGS_MATRIX: { method: string; url: string; body?: unknown; allowed: readonly Role[] }[] = [];

/** `METHOD /path/{param}` of the public 好差评 routes (no login) */
export const RATINGS_PUBLIC: string[] = [];
