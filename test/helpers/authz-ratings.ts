/** 好差评 rows of the authorization matrix and its public routes (test/integration/authz-matrix, platform). */
import type { Role } from '../../common/roles.js';

const READ: Role[] = ['guide', 'approver', 'supervisor', 'discipline_inspector'];
const OWN: Role[] = ['intake_clerk', 'delivery_clerk'];
const RECTIFY: Role[] = ['guide', 'approver'];
const REVISIT: Role[] = ['supervisor'];

export const RATINGS_MATRIX: { method: string; url: string; body?: unknown; allowed: readonly Role[] }[] = [
  { method: 'GET', url: '/api/ratings', allowed: READ },
  { method: 'GET', url: '/api/ratings?bad=true&from=2026-01-01&to=2026-12-31', allowed: READ },
  { method: 'GET', url: '/api/ratings/mine', allowed: OWN },
  { method: 'GET', url: '/api/ratings/rectifications', allowed: READ },
  { method: 'GET', url: '/api/ratings/rectifications?light=red&open=true', allowed: READ },
  { method: 'GET', url: '/api/ratings/rectifications/999999', allowed: READ },
  { method: 'POST', url: '/api/ratings/rectifications/999999/actions/verify', body: { note: '已核实' }, allowed: RECTIFY },
  { method: 'POST', url: '/api/ratings/rectifications/999999/actions/rectify', body: { measures: '整改', reply: '答复' }, allowed: RECTIFY },
  { method: 'POST', url: '/api/ratings/rectifications/999999/actions/appeal', body: { reason: '恶意差评' }, allowed: RECTIFY },
  { method: 'POST', url: '/api/ratings/rectifications/999999/actions/revisit', body: { note: '已回访', satisfied: true }, allowed: REVISIT },
  { method: 'POST', url: '/api/ratings/rectifications/999999/actions/decide_appeal', body: { decision: 'rejected', note: '不成立' }, allowed: REVISIT },
  { method: 'POST', url: '/api/ratings/rectifications/999999/rater', allowed: REVISIT },
  { method: 'GET', url: '/api/ratings/satisfaction?month=2026-11&dimension=window', allowed: READ },
  { method: 'GET', url: '/api/ratings/satisfaction?month=2026-11&dimension=department', allowed: READ },
];

/** `METHOD /path/{param}` of the public 好差评 routes (no login) */
export const RATINGS_PUBLIC: string[] = [
  'GET /api/public/ratings/{token}',
  'POST /api/public/ratings',
  'GET /api/public/ratings/window/{windowId}',
];
