/**
 * Which dimensions a user's figures come in. The server decides (supervision policy `metrics.read`
 * and the metrics service): the centre's supervisors and inspectors see every dimension; a
 * department's approvers their department and its items; a hall's guides their site, its windows
 * and its clerks — other dimensions answer METRICS_DIMENSION_NOT_ALLOWED. The screens offer only
 * what will answer, in the same order of precedence as the server (centre, department, site).
 */
import { METRIC_DIMENSIONS, type MetricDimension } from '@common/supervision';
import type { Reach } from '@/shared/stores/session';

export type MetricsScope = 'centre' | 'department' | 'site';

export const SCOPE_DIMENSIONS: Record<MetricsScope, readonly MetricDimension[]> = {
  centre: METRIC_DIMENSIONS,
  department: ['department', 'item'],
  site: ['site', 'window', 'clerk'],
};

/** The scope of the figures from the reach of the user's `metrics.read` (sent by the server). */
export function metricsScope(reach: Reach | null): MetricsScope {
  if (reach === 'all') return 'centre';
  if (reach === 'department') return 'department';
  return 'site';
}
