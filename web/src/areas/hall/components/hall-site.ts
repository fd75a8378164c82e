import { computed, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useCentreStore } from '@/shared/stores/centre';
import { useSessionStore } from '@/shared/stores/session';

/**
 * The site a public hall screen (kiosk, board) serves: `?site=<id>` when given, else the signed-in
 * staff member's site, else the district centre. The choice is written back into the URL so the
 * screen can be bookmarked on the hall's PC.
 */
export function useHallSite() {
  const route = useRoute();
  const router = useRouter();
  const centre = useCentreStore();
  const session = useSessionStore();
  const siteId = ref<number | null>(null);
  const error = ref('');
  const site = computed(() => centre.sites.find((s) => s.id === siteId.value) ?? null);

  async function resolve(): Promise<number | null> {
    try {
      await centre.load();
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err);
      return null;
    }
    const known = (id: number | null | undefined) => (id && centre.sites.some((s) => s.id === id) ? id : null);
    siteId.value = known(Number(route.query.site)) ?? known(session.user?.site?.id) ?? centre.districtCentre?.id ?? null;
    if (siteId.value !== null && String(siteId.value) !== route.query.site) {
      await router.replace({ query: { ...route.query, site: String(siteId.value) } });
    }
    return siteId.value;
  }

  return { siteId, site, sites: computed(() => centre.sites), error, resolve };
}
