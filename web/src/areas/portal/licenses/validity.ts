/** 有效期 as a line: 「2026-12-08 至 2031-12-07」, or 「2026-12-08 起长期有效」 when the license has no last day. */
import { i18n } from '@/shared/i18n';

export function validityText(validFrom: string, validUntil: string | null): string {
  const t = i18n.global.t;
  return validUntil ? t('applicant.licenses.until', { from: validFrom, until: validUntil }) : t('applicant.licenses.from', { from: validFrom });
}
