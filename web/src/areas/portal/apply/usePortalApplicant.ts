/**
 * The signed-in applicant on the portal, as the 网上申办 screens need it: who (real name done?), their entities, and
 * the portal CSRF token for writes. A small stand-in named for the portal's applicant-session store (being built on
 * h/portal): when that store lands, this composable becomes a thin wrapper over it (or goes away).
 */
import { ref, shallowRef } from 'vue';
import type { RouteLocationRaw } from 'vue-router';
import { isApiError } from '@/shared/utils/errors';
import { onlineApi, setPortalCsrf, type PortalMe } from './api';

const me = shallowRef<PortalMe | null>(null);
const checked = ref(false);

/** The portal sign-in page, coming back to `path` afterwards. */
export function signInRoute(path: string): RouteLocationRaw {
  return { path: '/portal/sign-in', query: { redirect: path } };
}

export function usePortalApplicant() {
  /** Loads the session once (or again with `force`); null when signed out. Other failures throw. */
  async function load(force = false): Promise<PortalMe | null> {
    if (checked.value && !force) return me.value;
    try {
      me.value = await onlineApi.me();
      setPortalCsrf(me.value.csrfToken);
    } catch (err) {
      if (!isApiError(err) || err.status !== 401) throw err;
      me.value = null;
      setPortalCsrf(null);
    }
    checked.value = true;
    return me.value;
  }
  return { me, checked, load };
}
