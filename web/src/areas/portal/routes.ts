/**
 * The public portal (政务服务网): no login. Guides and search (办事指南), the progress lookup, booking an
 * appointment, the rating page an SMS links to, the printable checklist. Staff find the portal's
 * front page under 公共服务 in their navigation (new tab).
 */
import type { RouteRecordRaw } from 'vue-router';

export const portalRoutes: RouteRecordRaw[] = [
  // ---- guides (办事指南)
  {
    path: '/portal',
    name: 'portal',
    component: () => import('./guides/PortalView.vue'),
    meta: { titleKey: 'nav.portal', ability: 'public.open', nav: { group: 'public', icon: 'Promotion', order: 91 } },
  },
  {
    path: '/portal/search',
    name: 'portal-search',
    component: () => import('./guides/PortalSearchView.vue'),
    meta: { titleKey: 'portal.search.title' },
  },
  {
    path: '/portal/guide/:id(\\d+)',
    name: 'portal-guide',
    component: () => import('./guides/GuideView.vue'),
    meta: { titleKey: 'guide.title' },
  },
  {
    path: '/portal/guide/:id(\\d+)/checklist',
    name: 'portal-guide-checklist',
    component: () => import('./guides/ChecklistPrintView.vue'),
    meta: { titleKey: 'guide.checklistTitle' },
  },
  {
    path: '/portal/bundles/:id(\\d+)',
    name: 'portal-bundle',
    component: () => import('./guides/PortalBundleView.vue'),
    meta: { titleKey: 'portal.bundle.title' },
  },
  // ---- booking (预约取号)
  {
    path: '/portal/appointments',
    name: 'portal-appointments',
    component: () => import('./booking/AppointmentsView.vue'),
    meta: { titleKey: 'queueOps.book.title' },
  },
  // ---- progress lookup (办件进度)
  {
    path: '/progress',
    name: 'public-progress',
    component: () => import('./progress/ProgressView.vue'),
    meta: { titleKey: 'casesFront.progress.title' },
  },
  // ---- the rating page an SMS links to (好差评)
  {
    path: '/rate/:token',
    name: 'rate-link',
    component: () => import('./rating/RateLinkView.vue'),
    meta: { titleKey: 'ratings.link.title' },
  },
];
