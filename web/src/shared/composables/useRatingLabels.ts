/** Labels of the 好差评 code lists (common/ratings.ts) in the UI language. */
import { useSafeT, type TagType } from '@/shared/composables/useSafeT';
import type {
  RatingChannel, RatingLevel, RatingReason, RatingStage, RectificationAction, RectificationLight, RectificationStatus,
} from '@common/ratings';
import { formatDateTime } from '@/shared/utils/format';


const STATUS_TAG: Record<RectificationStatus, TagType> = {
  verifying: 'danger',
  rectifying: 'warning',
  replied: 'primary',
  appealing: 'info',
  closed: 'success',
};

export function useRatingLabels() {
  const { t, safe } = useSafeT();
  return {
    level: (l: RatingLevel | number) => safe(`ratings.levels.l${l}`, String(l)),
    stage: (s: RatingStage) => t(`ratings.stages.${s}`),
    channel: (c: RatingChannel) => t(`ratings.channels.${c}`),
    reason: (r: RatingReason | string) => safe(`ratings.reasons.${r}`, r),
    reasons: (rs: readonly string[]) => rs.map((r) => safe(`ratings.reasons.${r}`, r)).join('、'),
    status: (s: RectificationStatus) => t(`ratings.statuses.${s}`),
    statusTag: (s: RectificationStatus): TagType => STATUS_TAG[s] ?? 'info',
    action: (a: RectificationAction | 'opened') => t(`ratings.actions.${a}`),
    light: (l: RectificationLight) => t(`ratings.lights.${l}`),
    dateTime: (v: string | null | undefined) => formatDateTime(v),
    /** 93.3% (one decimal) or a dash without ratings */
    percent: (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`),
  };
}
export type RatingLabels = ReturnType<typeof useRatingLabels>;
