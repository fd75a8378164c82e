/** Case screens of the back office (inbox, case detail, handover in, search). */
import type { RouteRecordRaw } from 'vue-router';

/** children of the staff layout */
export const staffRoutes: RouteRecordRaw[] = [
  {
    path: 'cases/inbox',
    name: 'case-inbox',
    component: () => import('@/views/cases/back/InboxView.vue'),
    meta: { titleKey: 'casesBack.nav.inbox', ability: ['case.review', 'case.inspect'], nav: { group: 'workbench', icon: 'Stamp', order: 20 } },
  },
  {
    path: 'cases/handover-in',
    name: 'case-handover-in',
    component: () => import('@/views/cases/back/HandoverInView.vue'),
    meta: { titleKey: 'casesBack.nav.handoverIn', ability: 'case.review', nav: { group: 'workbench', icon: 'Files', order: 21 } },
  },
  {
    path: 'cases/search',
    name: 'case-search',
    component: () => import('@/views/cases/back/CaseSearchView.vue'),
    meta: { titleKey: 'casesBack.nav.search', ability: 'case.read', nav: { group: 'workbench', icon: 'Tickets', order: 29 } },
  },
  {
    path: 'cases/:id(\\d+)',
    name: 'case-detail',
    component: () => import('@/views/cases/back/CaseDetailView.vue'),
    meta: { titleKey: 'casesBack.nav.detail', ability: 'case.read', activeNav: '/cases/search' },
  },
];
/** top-level routes (print pages, public pages) */
export const topLevelRoutes: RouteRecordRaw[] = [];
