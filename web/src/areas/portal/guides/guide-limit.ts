import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Guide } from '@/shared/api/catalog';
import { useCatalogLabels } from '@/shared/composables/useCatalogLabels';

/** The promised time limit a guide states: 即办 for an instant matter, else the days and their kind. */
export function useGuideLimitText(guide: Ref<Guide | null>) {
  const { t } = useI18n();
  const L = useCatalogLabels();
  return computed(() => {
    const i = guide.value?.item;
    if (!i) return '';
    return i.caseType === 'instant' ? t('guide.instant') : L.limit(i.promisedLimit, i.promisedUnit);
  });
}
