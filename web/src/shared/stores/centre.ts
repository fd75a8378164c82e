import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { SiteView } from '@/shared/api/org';
import { publicApi } from '@/shared/api/ops';

/** Public list of service sites; the district centre (root site) names the whole deployment. */
export const useCentreStore = defineStore('centre', () => {
  const sites = ref<SiteView[]>([]);
  const loaded = ref(false);
  let pending: Promise<void> | null = null;

  const districtCentre = computed(
    () => sites.value.find((s) => s.level === 'district' && s.parentId === null) ?? sites.value.find((s) => s.level === 'district') ?? null,
  );
  const centreName = computed(() => districtCentre.value?.name ?? '');

  function load(force = false): Promise<void> {
    if (loaded.value && !force) return Promise.resolve();
    pending ??= publicApi
      .sites()
      .then((r) => {
        sites.value = r.items;
        loaded.value = true;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  return { sites, loaded, districtCentre, centreName, load };
});
