/**
 * Online channel rows of the authorization matrix (test/integration/authz-matrix): 网上申办 needs a portal session
 * (unknown applications answer 404 to their applicant, bodies refused 400); 网上预审 is the intake clerks' (their
 * site; unknown applications 404), the queue and a detail readable by the centre's supervisors too.
 */
import type { Role } from '../../common/roles.js';

const INTAKE: Role[] = ['intake_clerk'];
const READ: Role[] = ['intake_clerk', 'supervisor'];

export const ONLINE_MATRIX: { method: string; url: string; body?: unknown; allowed: readonly Role[] | 'applicant' }[] = [
  { method: 'GET', url: '/api/portal/applications', allowed: 'applicant' },
  { method: 'GET', url: '/api/portal/cases', allowed: 'applicant' },
  { method: 'GET', url: '/api/portal/cases/999999', allowed: 'applicant' },
  // a body its schema refuses (400): nothing started
  { method: 'POST', url: '/api/portal/applications', body: { clientKey: 'x', subItemIds: [], siteId: 999999 }, allowed: 'applicant' },
  { method: 'GET', url: '/api/portal/applications/999999', allowed: 'applicant' },
  { method: 'GET', url: '/api/portal/applications/999999/files/999999', allowed: 'applicant' },
  { method: 'GET', url: '/api/portal/applications/999999/cases/999999/receipt.pdf', allowed: 'applicant' },
  { method: 'POST', url: '/api/portal/applications/999999/materials/999999/files', body: { fileName: 'm.pdf', contentBase64: 'JVBERi0xLjQK' }, allowed: 'applicant' },
  { method: 'DELETE', url: '/api/portal/applications/999999/materials/999999/files/999999', allowed: 'applicant' },
  { method: 'PUT', url: '/api/portal/applications/999999/materials/999999', body: { mode: 'upload' }, allowed: 'applicant' },
  { method: 'POST', url: '/api/portal/applications/999999/sign-code', allowed: 'applicant' },
  { method: 'POST', url: '/api/portal/applications/999999/materials/999999/commitment', body: { signedName: '矩阵', code: '000000' }, allowed: 'applicant' },
  { method: 'POST', url: '/api/portal/applications/999999/submit', allowed: 'applicant' },
  { method: 'POST', url: '/api/portal/applications/999999/withdraw', allowed: 'applicant' },
  { method: 'GET', url: '/api/prereviews', allowed: READ },
  { method: 'GET', url: '/api/prereviews/lookup?no=WS202601010001', allowed: INTAKE },
  { method: 'GET', url: '/api/prereviews/999999', allowed: READ },
  { method: 'GET', url: '/api/prereviews/999999/files/999999', allowed: READ },
  { method: 'PUT', url: '/api/prereviews/999999/marks/999999', body: { verdict: 'pass', note: '' }, allowed: INTAKE },
  { method: 'POST', url: '/api/prereviews/999999/fix-list', allowed: INTAKE },
  { method: 'POST', url: '/api/prereviews/999999/pass', allowed: INTAKE },
  { method: 'POST', url: '/api/prereviews/999999/accept', body: { originals: [] }, allowed: INTAKE },
];
