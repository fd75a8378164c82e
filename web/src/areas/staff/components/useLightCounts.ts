import { ref } from 'vue';
import { LIGHTS, type Light } from '@common/cases';

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
