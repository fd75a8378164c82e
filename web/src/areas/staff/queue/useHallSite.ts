/**
 * The hall a staff queue page looks at: the user's own site for hall staff (guides, clerks), a
 * choice of all sites for the centre's supervisors and administrators. The server checks scope.
 */
import { computed, ref } from 'vue';
import { SITE_ROLES } from '@common/roles';
import { useCentreStore } from '@/shared/stores/centre';
import { useSessionStore } from '@/shared/stores/session';
import { showError } from '@/shared/utils/errors';

export function useHallSite() {
  const session = useSessionStore();
  const centre = useCentreStore();
  const siteId = ref<number | null>(session.user?.site?.id ?? null);
  /** hall staff work at one site: no picker */
  const canPick = computed(() => !(session.user?.site && session.hasAnyRole(SITE_ROLES)));
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
