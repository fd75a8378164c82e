/**
 * Which dimensions a user's figures come in. The server decides (supervision policy `metrics.read`
 * and the metrics service): the centre's supervisors and inspectors see every dimension; a
 * department's approvers their department and its items; a hall's guides their site, its windows
 * and its clerks — other dimensions answer METRICS_DIMENSION_NOT_ALLOWED. The screens offer only
 * what will answer, in the same order of precedence as the server (centre, department, site).
 */
import { METRIC_DIMENSIONS, type MetricDimension } from '@common/supervision-dto';
import type { Role } from '@common/roles';

export type MetricsScope = 'centre' | 'department' | 'site';

export const SCOPE_DIMENSIONS: Record<MetricsScope, readonly MetricDimension[]> = {
  centre: METRIC_DIMENSIONS,
  department: ['department', 'item'],
  site: ['site', 'window', 'clerk'],
};

export function metricsScope(roles: readonly Role[]): MetricsScope {
  if (roles.includes('supervisor') || roles.includes('discipline_inspector')) return 'centre';
  if (roles.includes('approver')) return 'department';
  return 'site';
}
