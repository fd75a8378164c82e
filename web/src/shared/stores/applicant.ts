import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { applicantApi, type ApplicantEntity, type ApplicantProfile, type PortalSession, type RealNameInput } from '@/shared/api/applicants';
import { ApiError, setPortalCsrfToken } from '@/shared/api/http';

/**
 * The applicant signed in on the portal (公众用户), apart from the staff session (stores/session.ts): its own
 * cookie, CSRF token and store. `GET /api/portal/me` answers 401 when nobody is signed in; it is asked once per
 * page load (by the portal's header or the router guard of an applicant-only page) and kept here.
 */
export const useApplicantStore = defineStore('applicant', () => {
  const applicant = ref<ApplicantProfile | null>(null);
  const entities = ref<ApplicantEntity[]>([]);
  const loaded = ref(false);
  let pending: Promise<void> | null = null;

  const signedIn = computed(() => applicant.value !== null);
  /** The name shown in the header: the real name once given, else the masked phone. */
  const displayName = computed(() => applicant.value?.realName || applicant.value?.phone || '');

  function apply(session: PortalSession | null): void {
    applicant.value = session?.applicant ?? null;
    entities.value = session?.entities ?? [];
    setPortalCsrfToken(session?.csrfToken ?? null);
    loaded.value = true;
  }

  /** Reads the session from the server (again, when `force`); a 401 means signed out. */
  function ensureLoaded(force = false): Promise<void> {
    if (loaded.value && !force) return Promise.resolve();
    pending ??= applicantApi
      .me()
      .then(apply)
      .catch((err: unknown) => {
        if (!(err instanceof ApiError) || err.status !== 401) console.warn('portal session check failed', err);
        apply(null);
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  async function signIn(phone: string, code: string): Promise<void> {
    apply(await applicantApi.signIn(phone, code));
  }

  async function signOut(): Promise<void> {
    try {
      await applicantApi.signOut();
    } catch (err) {
      // already signed out on the server (401): forgetting it here is all that is left to do
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
    }
    apply(null);
  }

  async function setRealName(input: RealNameInput): Promise<void> {
    applicant.value = await applicantApi.setRealName(input);
  }

  /** Forget the session here (the server answered 401 to a signed-in call). */
  function clear(): void {
    apply(null);
  }

  return { applicant, entities, loaded, signedIn, displayName, ensureLoaded, signIn, signOut, setRealName, clear };
});
