/**
 * The hall a staff queue page looks at: the user's own site, or a choice of all sites for whom the
 * page's ability reaches every site (the centre's supervisors: `queue.stats:all` from the server).
 * The server checks scope.
 */
import { computed, ref } from 'vue';
import { useCentreStore } from '@/shared/stores/centre';
import { useSessionStore } from '@/shared/stores/session';
import { showError } from '@/shared/utils/errors';

export function useHallSite(ability: 'queue.manage' | 'queue.stats') {
  const session = useSessionStore();
  const centre = useCentreStore();
  const siteId = ref<number | null>(session.user?.site?.id ?? null);
  /** hall staff work at one site: no picker */
  const canPick = computed(() => session.reach(ability) === 'all');
  const sites = computed(() => centre.sites.filter((s) => s.active));

  async function init(): Promise<void> {
    try {
      await centre.load();
    } catch (err) {
      showError(err);
    }
    siteId.value ??= centre.districtCentre?.id ?? sites.value[0]?.id ?? null;
  }

  return { siteId, canPick, sites, init };
}
