/**
 * The public portal (政务服务网): no staff login. Guides and search (办事指南), the progress lookup, booking an
 * appointment, the rating page an SMS links to, the printable checklist; and the applicant's own sign-in (公众用户,
 * SMS code or 统一身份认证) with 我的 and 我的证照, which only a signed-in applicant opens; the verification page of an
 * electronic license (/verify/{code}, what its QR code opens). Staff find the portal's
 * front page under 公共服务 in their navigation (new tab).
 */
import type { RouteRecordRaw } from 'vue-router';
import { applicantRoute, publicRoute } from '@/shared/utils/public-route';

export const portalRoutes: RouteRecordRaw[] = [
  // ---- guides (办事指南)
  publicRoute('/portal', 'portal', () => import('./guides/PortalView.vue'), 'nav.portal', { icon: 'Promotion', order: 91 }),
  publicRoute('/portal/search', 'portal-search', () => import('./guides/PortalSearchView.vue'), 'portal.search.title'),
  publicRoute('/portal/guide/:id(\\d+)', 'portal-guide', () => import('./guides/GuideView.vue'), 'guide.title'),
  publicRoute('/portal/guide/:id(\\d+)/checklist', 'portal-guide-checklist', () => import('./guides/ChecklistPrintView.vue'), 'guide.checklistTitle'),
  publicRoute('/portal/bundles/:id(\\d+)', 'portal-bundle', () => import('./guides/PortalBundleView.vue'), 'portal.bundle.title'),
  // ---- booking (预约取号)
  publicRoute('/portal/appointments', 'portal-appointments', () => import('./booking/AppointmentsView.vue'), 'queueOps.book.title'),
  // ---- 网上申办 (the applicant's own; every SMS of an application links to its page)
  applicantRoute('/portal/applications', 'portal-applications', () => import('./apply/ApplicationsView.vue'), 'apply.list.title'),
  applicantRoute('/portal/applications/:id(\\d+)', 'portal-application', () => import('./apply/ApplicationView.vue'), 'apply.page.title'),
  // ---- progress lookup (办件进度)
  publicRoute('/progress', 'public-progress', () => import('./progress/ProgressView.vue'), 'casesFront.progress.title'),
  // ---- the applicant's account (公众用户): sign-in, 我的
  publicRoute('/portal/sign-in', 'portal-sign-in', () => import('./account/SignInView.vue'), 'applicant.signIn.title'),
  applicantRoute('/portal/me', 'portal-me', () => import('./account/MeView.vue'), 'applicant.me.title'),
  applicantRoute('/portal/cases/:id(\\d+)', 'portal-my-case', () => import('./account/MyCaseView.vue'), 'applicant.cases.title'),
  // ---- 我的证照 (the applicant's electronic licenses) and the public verification page a license's QR code opens
  applicantRoute('/portal/licenses', 'portal-licenses', () => import('./licenses/MyLicensesView.vue'), 'applicant.licenses.title'),
  applicantRoute('/portal/licenses/:id(\\d+)', 'portal-license', () => import('./licenses/MyLicenseView.vue'), 'applicant.licenses.title'),
  publicRoute('/verify/:code', 'license-verify', () => import('./licenses/VerifyView.vue'), 'applicant.verify.title'),
  // ---- the rating page an SMS links to (好差评)
  publicRoute('/rate/:token', 'rate-link', () => import('./rating/RateLinkView.vue'), 'ratings.link.title'),
];
