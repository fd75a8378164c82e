/**
 * Labels of the supervision code lists in the UI language: alert kinds, statuses, conclusions and
 * gap explanations come from common/supervision.ts (one source for server and web); severities,
 * gap statuses and event names from the `supervision` messages.
 */
import { useI18n } from 'vue-i18n';
import {
  ALERT_CONCLUSION_LABELS, ALERT_KIND_LABELS, ALERT_STATUS_LABELS, GAP_EXPLANATION_LABELS,
  type AlertKind, type AlertSeverity, type AlertStatus,
} from '@common/supervision';
import { formatDateTime } from '@/shared/utils/format';
import { useSafeT, type TagType } from '@/shared/composables/useSafeT';

export type { TagType } from '@/shared/composables/useSafeT';

const STATUS_TAG: Record<AlertStatus, TagType> = { open: 'danger', investigating: 'warning', closed: 'success' };
const SEVERITY_TAG: Record<AlertSeverity, TagType> = { info: 'info', warning: 'warning', serious: 'danger' };
const GAP_TAG: Record<string, TagType> = { missing: 'danger', filled: 'success', explained: 'info' };
const KIND_TAG: Record<AlertKind, TagType> = {
  docno_gap: 'danger',
  docno_duplicate: 'danger',
  docno_irregular: 'warning',
  off_platform: 'danger',
  case_overdue: 'danger',
  case_escalated: 'danger',
  step_overdue: 'warning',
  volume_drop: 'info',
};

/** the light colours of the whole app (LightBadge uses the same) */
export const LIGHT_COLORS = { green: '#2e9d5b', yellow: '#d9a400', red: '#d64040', paused: '#909399' } as const;

export function useSupervisionLabels() {
  const { locale } = useI18n();
  const { t, safe } = useSafeT();
  const pick = (l: { zh: string; en: string } | undefined, fallback: string) => (l ? (locale.value === 'en' ? l.en : l.zh) : fallback);

  return {
    kind: (k: string) => pick(ALERT_KIND_LABELS[k as AlertKind], k),
    kindTag: (k: string): TagType => KIND_TAG[k as AlertKind] ?? 'info',
    status: (s: string) => pick(ALERT_STATUS_LABELS[s as AlertStatus], s),
    statusTag: (s: string): TagType => STATUS_TAG[s as AlertStatus] ?? 'info',
    severity: (s: string) => safe(`supervision.severity.${s}`, s),
    severityTag: (s: string): TagType => SEVERITY_TAG[s as AlertSeverity] ?? 'info',
    conclusion: (c: string | null) => (c ? pick(ALERT_CONCLUSION_LABELS[c as keyof typeof ALERT_CONCLUSION_LABELS], c) : '—'),
    explanation: (e: string | null) => (e ? pick(GAP_EXPLANATION_LABELS[e as keyof typeof GAP_EXPLANATION_LABELS], e) : '—'),
    gapStatus: (s: string) => safe(`supervision.gapStatus.${s}`, s),
    gapTag: (s: string): TagType => GAP_TAG[s] ?? 'info',
    event: (action: string) => safe(`supervision.events.${action}`, action),
    action: (a: string) => safe(`supervision.actions.${a}`, a),
    source: (s: string) => safe(`supervision.source.${s}`, s),
    flag: (f: string) => safe(`supervision.seriesDetail.flags.${f}`, f),
    detailKey: (k: string) => safe(`supervision.detailKeys.${k}`, k),
    dateTime: (v: string | null | undefined) => formatDateTime(v),
  };
}
export type SupervisionLabels = ReturnType<typeof useSupervisionLabels>;
