import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Me, SessionView } from '@/shared/api/auth';
import { authApi, type MfaChallenge } from '@/shared/api/auth';
import { ApiError, setCsrfToken } from '@/shared/api/http';

/** How far an ability reaches: every site and department, one department, one site (widest first). */
export type Reach = 'all' | 'department' | 'site';
const REACHES: readonly Reach[] = ['all', 'department', 'site'];

/** The logged-in staff member. `GET /api/auth/me` is asked once per page load by the router guard. */
export const useSessionStore = defineStore('session', () => {
  const user = ref<Me | null>(null);
  const loaded = ref(false);
  let pending: Promise<void> | null = null;

  const loggedIn = computed(() => user.value !== null);

  function apply(session: SessionView | null): void {
    user.value = session?.user ?? null;
    setCsrfToken(session?.csrfToken ?? null);
  }

  /** Loads the session once; later calls reuse the answer. */
  function ensureLoaded(): Promise<void> {
    if (loaded.value) return Promise.resolve();
    pending ??= authApi
      .me()
      .then(apply)
      .catch((err: unknown) => {
        if (!(err instanceof ApiError) || err.status !== 401) console.warn('session check failed', err);
        apply(null);
      })
      .finally(() => {
        loaded.value = true;
        pending = null;
      });
    return pending;
  }

  /** The password step: the user, or the second-factor challenge (动态口令) to answer first. */
  async function login(username: string, password: string): Promise<{ user: Me } | { mfa: MfaChallenge }> {
    const res = await authApi.login(username, password);
    if ('mfa' in res) return { mfa: res.mfa };
    return { user: signedIn(res) };
  }

  /** A session from the second step (code or enrolment). */
  function signedIn(session: SessionView): Me {
    apply(session);
    loaded.value = true;
    return session.user;
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout();
    } finally {
      clear();
    }
  }

  /** Forget the session locally (after logout or when the server answered 401). */
  function clear(): void {
    apply(null);
    loaded.value = true;
  }

  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await authApi.changePassword(currentPassword, newPassword);
    if (user.value) user.value = { ...user.value, mustChangePassword: false };
  }

  const { can, reach, allows } = abilityChecks(() => user.value?.abilities ?? []);

  return { user, loaded, loggedIn, ensureLoaded, login, signedIn, logout, clear, changePassword, can, reach, allows };
});

/**
 * What the user may do, from the abilities the server sent (server/modules/home/abilities.ts): the UI never decides
 * from roles.
 */
function abilityChecks(abilities: () => readonly string[]) {
  /** Does the user hold a server ability (or any one of a list)? */
  function can(ability: string | readonly string[]): boolean {
    const mine = abilities();
    return typeof ability === 'string' ? mine.includes(ability) : ability.some((a) => mine.includes(a));
  }

  /** How far an ability reaches for the user (its widest grant, sent as `<ability>:<reach>`), or null. */
  function reach(ability: string): Reach | null {
    return REACHES.find((r) => can(`${ability}:${r}`)) ?? null;
  }

  /** May the user open a route? Deny by default: only with the server ability it names. */
  function allows(meta: { ability?: string | readonly string[] }): boolean {
    return meta.ability !== undefined && can(meta.ability);
  }

  return { can, reach, allows };
}
