import { useRoute, useRouter } from 'vue-router';
import { useApplicantStore } from '@/shared/stores/applicant';
import { sessionGone } from './account-errors';

/**
 * For the signed-in pages' calls: when the server answers 401 (the portal session expired or was ended), forget
 * it here and go to the sign-in page, coming back to this page afterwards. True when it did.
 */
export function useSessionExpiry() {
  const applicant = useApplicantStore();
  const router = useRouter();
  const route = useRoute();
  return (err: unknown): boolean => {
    if (!sessionGone(err)) return false;
    applicant.clear();
    void router.replace({ name: 'portal-sign-in', query: { redirect: route.fullPath, error: 'APPLICANT_SESSION_REQUIRED' } });
    return true;
  };
}
