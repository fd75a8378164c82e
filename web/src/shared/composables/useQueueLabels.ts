/** Labels and tag colours of the queue's categories, priorities and statuses in the UI language. */
import { useI18n } from 'vue-i18n';
import type { Priority, TicketStatus } from '@common/queue';
import type { WindowCategory } from '@common/roles';
import { formatDateTime, isoWeekdayIndex } from '@/shared/utils/format';
import type { TagType } from '@/shared/composables/useSafeT';

const STATUS_TAG: Record<TicketStatus, TagType> = {
  waiting: 'warning',
  called: 'primary',
  serving: 'primary',
  done: 'success',
  no_show: 'danger',
  cancelled: 'info',
};
const PRIORITY_TAG: Record<Priority, TagType> = { normal: 'info', appointment: 'primary', green: 'success' };

export function useQueueLabels() {
  const { t } = useI18n();
  return {
    category: (c: WindowCategory) => t(`windowCategories.${c}`),
    priority: (p: Priority) => t(`queueOps.priority.${p}`),
    priorityTag: (p: Priority): TagType => PRIORITY_TAG[p],
    status: (s: TicketStatus) => t(`queueOps.status.${s}`),
    statusTag: (s: TicketStatus): TagType => STATUS_TAG[s],
    /** 2026-11-23 → 11月23日 周一 */
    day: (date: string) => t('queueOps.day', { month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)), weekday: t(`queueOps.weekdays.${isoWeekdayIndex(date)}`) }),
    hour: (h: number) => `${String(h).padStart(2, '0')}:00`,
    minutes: (m: number | null) => (m === null ? t('common.dash') : t('queueOps.minutes', { n: formatNumber(m) })),
    days: (d: number | null) => (d === null ? t('common.dash') : t('queueOps.workingDays', { n: formatNumber(d) })),
    time: (iso: string | null) => (iso ? formatDateTime(iso).slice(11, 16) : t('common.dash')),
    number: formatNumber,
  };
}

/** One decimal at most: 7 → "7", 7.25 → "7.3". */
export function formatNumber(n: number): string {
  return String(Math.round(n * 10) / 10);
}
