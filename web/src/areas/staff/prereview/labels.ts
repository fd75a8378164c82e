/** Small display helpers of the pre-review screens. */
type T = (key: string, named?: Record<string, unknown>) => string;

/** 「剩 2 个工作日」 / 「超期 1 个工作日」, or '' when the limit is unknown. */
export function remainingText(t: T, days: number | null | undefined): string {
  if (days === null || days === undefined) return '';
  return days < 0 ? t('prereview.overdue', { n: -days }) : t('prereview.remaining', { n: days });
}
