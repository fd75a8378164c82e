import { ref } from 'vue';
import { LIGHTS, type Light } from '@common/cases';
import { usePaged, type Page } from '@/shared/composables/usePaged';

/**
 * How many rows of the current filter are red / yellow / green (the counts on LightChips): one
 * one-row page per light, a failed one shown as unknown (null).
 */
export function useLightCounts(total: (light: Light) => Promise<number>) {
  const counts = ref<Record<Light, number | null>>({ red: null, yellow: null, green: null });
  async function loadCounts(): Promise<void> {
    const answers = await Promise.allSettled(LIGHTS.map((light) => total(light)));
    const next: Record<Light, number | null> = { red: null, yellow: null, green: null };
    LIGHTS.forEach((light, i) => {
      const a = answers[i];
      next[light] = a?.status === 'fulfilled' ? a.value : null;
    });
    counts.value = next;
  }
  return { counts, loadCounts };
}

/**
 * A list filtered by light chips: `paged`, the rows of the light `chosen()` (every light when none),
 * and `lightCounts`, how many rows each light has under the same filter; `refresh` reloads both.
 * `fetchPage` asks for one page of one light (or of all).
 */
export function useLightPaged<T>(fetchPage: (light: Light | undefined, page: number, pageSize: number) => Promise<Page<T>>, chosen: () => Light | '') {
  const paged = usePaged((p, size) => fetchPage(chosen() || undefined, p, size));
  const { counts: lightCounts, loadCounts } = useLightCounts(async (light) => (await fetchPage(light, 1, 1)).total);
  function refresh(): void {
    void paged.search();
    void loadCounts();
  }
  return { paged, lightCounts, refresh };
}
