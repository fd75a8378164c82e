/** Supervision rows of the authorization matrix and its public routes (test/integration/authz-matrix, platform). */
import type { Role } from '../../common/roles.js';
import { DEFAULT_LIGHT_RULE } from '../../common/supervision.js';

const CENTRE: Role[] = ['supervisor', 'discipline_inspector'];
const READ: Role[] = ['supervisor', 'discipline_inspector', 'approver'];
const SUPERVISOR: Role[] = ['supervisor'];
const DEPARTMENT: Role[] = ['approver'];
const RULE = { ...DEFAULT_LIGHT_RULE };
const SERIES = { departmentId: 999999, name: '矩阵', pattern: '矩阵〔{year}〕{seq:3}', startYear: 2026, startSeq: 1, allowDuplicates: false, active: true };

export const SUPERVISION_MATRIX: { method: string; url: string; body?: unknown; allowed: readonly Role[]; succeeds?: string }[] = [
  { method: 'GET', url: '/api/supervision/series', allowed: READ },
  { method: 'POST', url: '/api/supervision/series', body: SERIES, allowed: SUPERVISOR },
  { method: 'PUT', url: '/api/supervision/series/999999', body: SERIES, allowed: SUPERVISOR },
  { method: 'GET', url: '/api/supervision/series/999999/numbers?year=2026', allowed: READ },
  { method: 'POST', url: '/api/supervision/gaps/999999/explain', body: { kind: 'voided', reason: '矩阵' }, allowed: DEPARTMENT },
  { method: 'GET', url: '/api/supervision/gaps/999999/attachment', allowed: READ },
  { method: 'POST', url: '/api/supervision/off-platform', body: { departmentId: 999999, documentNo: 'X1', subject: '矩阵', reason: '矩阵' }, allowed: DEPARTMENT },
  { method: 'GET', url: '/api/supervision/alerts', allowed: READ },
  { method: 'GET', url: '/api/supervision/alerts/999999', allowed: READ },
  { method: 'POST', url: '/api/supervision/alerts/999999/actions/investigate', body: { note: '矩阵' }, allowed: CENTRE },
  { method: 'POST', url: '/api/supervision/alerts/999999/actions/comment', body: { note: '矩阵' }, allowed: READ },
  { method: 'POST', url: '/api/supervision/alerts/999999/actions/close', body: { note: '矩阵', conclusion: 'false_alarm' }, allowed: CENTRE },
  { method: 'GET', url: '/api/supervision/light-rules', allowed: READ },
  // the schema admits only valid rules: the supervisor's call succeeds, with the values in force anyway
  { method: 'PUT', url: '/api/supervision/light-rules/centre', body: RULE, allowed: SUPERVISOR, succeeds: 'sets the centre rule to the default rule (DEFAULT_LIGHT_RULE): the rule in force stays the same' },
  { method: 'PUT', url: '/api/supervision/light-rules/items/999999', body: RULE, allowed: SUPERVISOR },
  { method: 'DELETE', url: '/api/supervision/light-rules/items/999999', allowed: SUPERVISOR },
  { method: 'GET', url: '/api/supervision/lights', allowed: READ },
  { method: 'GET', url: '/api/supervision/dashboard?from=2026-11-01&to=2026-11-30&dimension=department', allowed: [...READ, 'guide'] },
  { method: 'GET', url: '/api/supervision/reports/monthly?month=2099-12', allowed: [...READ, 'guide'] },
];

/** `METHOD /path/{param}` of the public supervision routes (no login) */
export const SUPERVISION_PUBLIC: string[] = ['GET /api/public/lights/board'];
