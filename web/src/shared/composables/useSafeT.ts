import { useI18n } from 'vue-i18n';

/** The colours of an Element Plus tag. */
export type TagType = 'primary' | 'success' | 'warning' | 'info' | 'danger';

/** `t`, and `safe`: a key's text in the UI language, or `fallback` when the catalogs have none (a code the UI does not know yet). */
export function useSafeT() {
  const { t, te } = useI18n();
  const safe = (key: string, fallback: string) => (te(key) ? t(key) : fallback);
  return { t, safe };
}
