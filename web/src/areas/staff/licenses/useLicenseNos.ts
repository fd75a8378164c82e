/**
 * The numbers of the licenses that satisfied a case's 电子证照 lines (the case detail names a line's license by
 * its library id and version): fetched from the library when the user may read it; a line whose license cannot be
 * read shows its version only.
 */
import { ref, watch, type Ref } from 'vue';
import { licensesApi } from '@/shared/api/license-library';
import { useSessionStore } from '@/shared/stores/session';

export function useLicenseNos(materials: Ref<readonly { status: string; licenseId: number | null }[]>) {
  const session = useSessionStore();
  const nos = ref<Record<number, string>>({});
  watch(
    () => [...new Set(materials.value.filter((m) => m.status === 'license' && m.licenseId !== null).map((m) => m.licenseId!))],
    async (ids) => {
      if (!session.can('license.read')) return;
      for (const id of ids.filter((x) => !(x in nos.value))) {
        try {
          const l = await licensesApi.detail(id);
          nos.value = { ...nos.value, [id]: l.licenseNo };
        } catch {
          // outside the user's scope: the line shows its version only
        }
      }
    },
    { immediate: true },
  );
  return nos;
}
