/**
 * 我的证照 as the list shows them: the server's order (valid first, newest first), without the versions a later one of
 * the same license has replaced (the detail lists those).
 */
import { computed, ref, shallowRef } from 'vue';
import { ApiError } from '@/shared/api/http';
import { i18n } from '@/shared/i18n';
import { licensePortalApi, type MyLicense } from './api';

export function current(items: MyLicense[]): MyLicense[] {
  const latest = new Map<number, number>();
  for (const l of items) latest.set(l.lineageId, Math.max(latest.get(l.lineageId) ?? 0, l.version));
  return items.filter((l) => l.version === latest.get(l.lineageId));
}

export function useMyLicenses() {
  const all = shallowRef<MyLicense[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref('');
  const licenses = computed(() => current(all.value));
  async function load() {
    loading.value = true;
    error.value = '';
    try {
      all.value = await licensePortalApi.mine();
      loaded.value = true;
    } catch (err) {
      error.value = err instanceof ApiError ? err.message : i18n.global.t('applicant.licenses.failed');
    } finally {
      loading.value = false;
    }
  }
  return { licenses, loading, loaded, error, load };
}
