import { ref, shallowRef } from 'vue';
import type { Page } from '@common/dto';
import { showError } from '@/utils/errors';

/** A server-paged table: `load()` fetches the current page; `search()` goes back to page 1. */
export function usePaged<T>(fetchPage: (page: number, pageSize: number) => Promise<Page<T>>, initialPageSize = 20) {
  const items = shallowRef<T[]>([]);
  const total = ref(0);
  const page = ref(1);
  const pageSize = ref(initialPageSize);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const result = await fetchPage(page.value, pageSize.value);
      items.value = result.items;
      total.value = result.total;
    } catch (err) {
      showError(err);
    } finally {
      loading.value = false;
    }
  }

  function search(): Promise<void> {
    page.value = 1;
    return load();
  }

  return { items, total, page, pageSize, loading, load, search };
}
