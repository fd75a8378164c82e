import { ref, shallowRef } from 'vue';
import { showError } from '@/shared/utils/errors';

/** One page of a list as the API answers it (`items` of the page, `total` of the whole list). */
export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * A server-paged table: `load()` fetches the current page; `search()` goes back to page 1. `answers()`, read when a
 * request is made, names what it asks for (a tab, a search text); `shown` is that name for the rows on screen — a
 * stable hook for tests and for views that must not act on rows of another tab.
 */
export function usePaged<T>(fetchPage: (page: number, pageSize: number) => Promise<Page<T>>, initialPageSize = 20, answers?: () => string) {
  const items = shallowRef<T[]>([]);
  const total = ref(0);
  const page = ref(1);
  const pageSize = ref(initialPageSize);
  const loading = ref(false);
  const shown = ref<string | null>(null);
  let asked = 0;

  /** The newest request wins: an older answer that lands late (a tab clicked twice quickly) is dropped. */
  async function load(): Promise<void> {
    const mine = ++asked;
    const name = answers?.() ?? null;
    loading.value = true;
    try {
      const result = await fetchPage(page.value, pageSize.value);
      if (mine !== asked) return;
      items.value = result.items;
      total.value = result.total;
      shown.value = name;
    } catch (err) {
      if (mine === asked) showError(err);
    } finally {
      if (mine === asked) loading.value = false;
    }
  }

  function search(): Promise<void> {
    page.value = 1;
    return load();
  }

  return { items, total, page, pageSize, loading, shown, load, search };
}

/** What `usePaged` gives: hand it whole to `PagedTable`'s `paged`. */
export type Paged<T = unknown> = ReturnType<typeof usePaged<T>>;
