/** Labels and tag colours of 电子证照 (status, source, event, validity). */
import { useI18n } from 'vue-i18n';
import type { LicenseStatus } from '@/shared/api/license-library';

type TagType = 'success' | 'info' | 'warning' | 'danger' | 'primary';
const STATUS_TAG: Record<LicenseStatus, TagType> = { valid: 'success', changed: 'info', revoked: 'danger', expired: 'warning' };

export function useLicenseLabels() {
  const { t, te } = useI18n();
  const safe = (key: string, fallback: string) => (te(key) ? t(key) : fallback);
  return {
    status: (s: LicenseStatus) => t(`licenses.status.${s}`),
    statusTag: (s: LicenseStatus): TagType => STATUS_TAG[s] ?? 'info',
    source: (s: string) => safe(`licenses.source.${s}`, s),
    action: (a: string) => safe(`licenses.actions.${a}`, a),
    channel: (c: string) => safe(`casesBack.channels.${c}`, c),
    /** 「2026-12-08 至 2031-12-07」 or 「2026-12-08 至 长期」 */
    validity: (l: { validFrom: string; validUntil: string | null }) =>
      t('licenses.validRange', { from: l.validFrom, until: l.validUntil ?? t('licenses.longTerm') }),
    version: (n: number) => t('licenses.versionNo', { n }),
  };
}
