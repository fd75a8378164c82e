import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { ElMessage } from 'element-plus';
import { i18n } from '@/shared/i18n';
import { useApplicantStore } from '@/shared/stores/applicant';
import { useSessionStore } from '@/shared/stores/session';
import { routes } from './routes';

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

/** Only same-app paths may be used as a post-login target (no open redirect). */
export function safeRedirect(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : null;
}

/** Pages whose access does not depend on who is logged in: they need not wait for the session. */
function isPublic(to: RouteLocationNormalized): boolean {
  return to.path !== '/' && to.name !== 'login' && !to.matched.some((r) => r.meta.requiresAuth);
}

/**
 * The applicant's pages on the portal (their own session, not staff's): an applicant-only page sends a signed-out
 * visitor to the sign-in page and back; the sign-in page sends a signed-in one on.
 */
async function applicantGuard(to: RouteLocationNormalized) {
  if (!to.meta.applicant && to.name !== 'portal-sign-in') return true;
  const applicant = useApplicantStore();
  await applicant.ensureLoaded();
  if (to.name === 'portal-sign-in') return applicant.signedIn ? (safeRedirect(to.query.redirect) ?? { name: 'portal-me' }) : true;
  return applicant.signedIn ? true : { name: 'portal-sign-in', query: { redirect: to.fullPath } };
}

router.beforeEach(async (to) => {
  const session = useSessionStore();
  // A public page (the portal on a phone) opens without waiting for GET /api/auth/me: its chunk
  // loads meanwhile, and what it shows to a logged-in member follows the store when it answers.
  if (isPublic(to)) {
    void session.ensureLoaded();
    return applicantGuard(to);
  }
  await session.ensureLoaded();

  if (to.path === '/') return session.loggedIn ? { name: 'home' } : { name: 'portal' };
  if (to.name === 'login') return session.loggedIn ? (safeRedirect(to.query.redirect) ?? { name: 'home' }) : true;

  if (to.matched.some((r) => r.meta.requiresAuth)) {
    const user = session.user;
    if (!user) return { name: 'login', query: { redirect: to.fullPath } };
    if (user.mustChangePassword && to.name !== 'password') return { name: 'password' };
    if (!session.allows(to.meta)) {
      ElMessage.warning(i18n.global.t('forbidden'));
      return { name: 'home' };
    }
  }
  return true;
});

router.afterEach((to) => {
  const t = i18n.global.t;
  const product = t('app.product');
  document.title = to.meta.titleKey ? `${t(to.meta.titleKey)} - ${product}` : product;
});
