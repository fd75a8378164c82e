/**
 * E-license rows of the authorization matrix (test/integration/authz-matrix): the library is read by the front desk,
 * the centre, the departments and the administrators (a department's staff only what their department issued or
 * used: unknown ids 404); offers are the intake clerks'; revocation is the supervisors' and the departments'
 * approvers'; the catalogue, keys and imports are the administrators'; 我的证照 needs a portal session; the
 * verification page is public.
 */
import type { Role } from '../../common/roles.js';

const READ: Role[] = ['intake_clerk', 'approver', 'inspector', 'delivery_clerk', 'supervisor', 'discipline_inspector', 'catalog_admin', 'system_admin'];
const MANAGE: Role[] = ['catalog_admin', 'system_admin'];
const STATS: Role[] = ['approver', 'supervisor', 'discipline_inspector', 'catalog_admin', 'system_admin'];

export const LICENSE_MATRIX: { method: string; url: string; body?: unknown; allowed: readonly Role[] | 'applicant' | 'public' }[] = [
  { method: 'GET', url: '/api/licenses', allowed: READ },
  { method: 'GET', url: '/api/licenses/999999', allowed: READ },
  { method: 'GET', url: '/api/licenses/999999/pdf', allowed: READ },
  { method: 'GET', url: '/api/licenses/offers?holderIdNo=91350100M000100Y43&materialIds=999999', allowed: ['intake_clerk'] },
  { method: 'GET', url: '/api/licenses/stats?from=2026-01-01&to=2026-01-31', allowed: STATS },
  { method: 'POST', url: '/api/licenses/999999/revoke', body: { reason: '矩阵' }, allowed: ['approver', 'supervisor'] },
  // an empty file: nothing imported
  { method: 'POST', url: '/api/licenses/import', body: { csv: '证照编号' }, allowed: MANAGE },
  { method: 'GET', url: '/api/license-types', allowed: READ },
  { method: 'PATCH', url: '/api/license-types/999999', body: {}, allowed: MANAGE },
  { method: 'GET', url: '/api/seal-keys', allowed: MANAGE },
  { method: 'POST', url: '/api/seal-keys/999999/rotate', allowed: MANAGE },
  { method: 'GET', url: '/api/portal/licenses', allowed: 'applicant' },
  { method: 'GET', url: '/api/portal/licenses/999999', allowed: 'applicant' },
  { method: 'GET', url: '/api/portal/licenses/999999/pdf', allowed: 'applicant' },
  { method: 'GET', url: '/api/public/licenses/matrixnotacode', allowed: 'public' },
  { method: 'POST', url: '/api/public/licenses/matrixnotacode/check', body: { contentBase64: 'JVBERi0xLjQK' }, allowed: 'public' },
];
