import { computed, ref, shallowRef, watch } from 'vue';
import type { WindowView } from '@/shared/api/org';
import { orgApi } from '@/shared/api/org';
import { showError } from '@/shared/utils/errors';

/**
 * The intake window the clerk sits at (收件窗口 of the clerk's site). The choice is remembered in
 * this browser per site, so a clerk picks it once per desk.
 */
export function useIntakeWindow(siteId: () => number | null) {
  const windows = shallowRef<WindowView[]>([]);
  const windowId = ref<number | null>(null);
  const storageKey = computed(() => `yichuang.intake.window.${siteId() ?? 'none'}`);

  function remembered(): number | null {
    try {
      const v = Number(localStorage.getItem(storageKey.value));
      return Number.isInteger(v) && v > 0 ? v : null;
    } catch {
      return null;
    }
  }

  async function load(): Promise<void> {
    const site = siteId();
    if (site === null) return;
    try {
      windows.value = (await orgApi.windows(site)).items.filter((w) => w.active && w.kind !== 'delivery');
    } catch (err) {
      showError(err);
      return;
    }
    const saved = remembered();
    windowId.value = saved !== null && windows.value.some((w) => w.id === saved) ? saved : null;
  }

  watch(windowId, (id) => {
    try {
      if (id === null) localStorage.removeItem(storageKey.value);
      else localStorage.setItem(storageKey.value, String(id));
    } catch {
      // storage unavailable: the choice holds for this page only
    }
  });

  return { windows, windowId, load };
}
