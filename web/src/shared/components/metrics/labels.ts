/** Number formats of the metrics screens: rates as percentages, missing values as —. */
import { useI18n } from 'vue-i18n';
import type { MetricDimension } from '@common/supervision';

/** 0.8734 → "87.3%", 1 → "100.0%"; null → "—" */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** A rate as a percentage number for charts (one decimal), null kept. */
export function ratePercent(rate: number | null | undefined): number | null {
  return rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;
}

/** 3.456 → "3.5"; null → "—" */
export function formatDays(days: number | null | undefined): string {
  return days === null || days === undefined ? '—' : String(Math.round(days * 10) / 10);
}

export function useMetricLabels() {
  const { t } = useI18n();
  return {
    dimension: (d: MetricDimension) => t(`metrics.dimensions.${d}`),
    dimensionName: (d: MetricDimension) => t(`metrics.dimensionNames.${d}`),
    rate: formatRate,
    days: formatDays,
    workingDays: (d: number | null) => (d === null ? '—' : t('metrics.workingDays', { n: formatDays(d) })),
  };
}
