/**
 * The route table is also the navigation: a route with `meta.nav` appears in the left menu for
 * users who hold its `meta.ability` (sent by the server from its policies) or, for pages every
 * staff member has, one of `meta.roles`. Deny by default: every staff route names one or the other.
 */
import type { RouteRecordRaw } from 'vue-router';
import { ROLES, type Role } from '@common/roles';
import * as caseBack from './case-routes-back';
import * as caseFront from './case-routes-front';
import * as queueHall from './queue-routes-hall';
import * as queueOps from './queue-routes-ops';
import * as supervision from './supervision-routes';
import * as metrics from './metrics-routes';
import * as ratings from './ratings-routes';

const ALL_STAFF: readonly Role[] = ROLES;

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { titleKey: 'login.title' } },
  {
    path: '/portal',
    name: 'portal',
    component: () => import('@/views/portal/PortalView.vue'),
    meta: { titleKey: 'nav.portal', roles: ALL_STAFF, nav: { group: 'public', icon: 'Promotion', order: 91 } },
  },
  // ---- public catalog (办事指南): no login
  {
    path: '/portal/search',
    name: 'portal-search',
    component: () => import('@/views/portal/PortalSearchView.vue'),
    meta: { titleKey: 'portal.search.title' },
  },
  {
    path: '/portal/guide/:id(\\d+)',
    name: 'portal-guide',
    component: () => import('@/views/portal/GuideView.vue'),
    meta: { titleKey: 'guide.title' },
  },
  {
    path: '/portal/guide/:id(\\d+)/checklist',
    name: 'portal-guide-checklist',
    component: () => import('@/views/portal/ChecklistPrintView.vue'),
    meta: { titleKey: 'guide.checklistTitle' },
  },
  {
    path: '/portal/bundles/:id(\\d+)',
    name: 'portal-bundle',
    component: () => import('@/views/portal/PortalBundleView.vue'),
    meta: { titleKey: 'portal.bundle.title' },
  },
  {
    path: '/hall/windows',
    name: 'hall-windows',
    component: () => import('@/views/hall/HallWindowsView.vue'),
    meta: { titleKey: 'nav.hallWindows', roles: ALL_STAFF, nav: { group: 'public', icon: 'Monitor', order: 90 } },
  },
  {
    // Staff area. `/` itself is redirected by the guard (home when logged in, else the portal).
    path: '/',
    component: () => import('@/layouts/StaffLayout.vue'),
    meta: { requiresAuth: true },
    children: [
      ...caseFront.staffRoutes,
      ...caseBack.staffRoutes,
      ...queueHall.staffRoutes,
      ...queueOps.staffRoutes,
      ...supervision.staffRoutes,
      ...metrics.staffRoutes,
      ...ratings.staffRoutes,
      {
        path: 'staff/home',
        name: 'home',
        component: () => import('@/views/staff/HomeView.vue'),
        meta: { titleKey: 'nav.home', roles: ALL_STAFF, nav: { group: 'workbench', icon: 'HomeFilled', order: 1 } },
      },
      {
        path: 'staff/password',
        name: 'password',
        component: () => import('@/views/staff/PasswordView.vue'),
        meta: { titleKey: 'nav.password', roles: ALL_STAFF },
      },
      // ---- 事项清单 (catalog)
      {
        path: 'catalog/items',
        name: 'catalog-items',
        component: () => import('@/views/catalog/ItemsView.vue'),
        meta: { titleKey: 'nav.catalogItems', ability: 'catalog.browse', nav: { group: 'catalog', icon: 'Tickets', order: 30 } },
      },
      {
        path: 'catalog/items/new',
        name: 'catalog-item-new',
        component: () => import('@/views/catalog/ItemView.vue'),
        meta: { titleKey: 'catalog.item.createTitle', ability: 'item.create', activeNav: '/catalog/items' },
      },
      {
        path: 'catalog/items/:id(\\d+)',
        name: 'catalog-item',
        component: () => import('@/views/catalog/ItemView.vue'),
        meta: { titleKey: 'catalog.item.title', ability: 'catalog.browse', activeNav: '/catalog/items' },
      },
      {
        path: 'catalog/sub-items/:id(\\d+)/versions',
        name: 'catalog-versions',
        component: () => import('@/views/catalog/VersionsView.vue'),
        meta: { titleKey: 'catalog.versions.title', ability: 'catalog.browse', activeNav: '/catalog/items' },
      },
      {
        path: 'catalog/versions/:id(\\d+)',
        name: 'catalog-version',
        component: () => import('@/views/catalog/VersionView.vue'),
        meta: { titleKey: 'catalog.version.title', ability: 'catalog.browse', activeNav: '/catalog/items' },
      },
      {
        path: 'catalog/review',
        name: 'catalog-review',
        component: () => import('@/views/catalog/ReviewQueueView.vue'),
        meta: {
          titleKey: 'nav.catalogReview',
          ability: ['checklist.review', 'checklist.draft'],
          nav: { group: 'catalog', icon: 'Stamp', order: 31 },
        },
      },
      {
        path: 'catalog/materials',
        name: 'catalog-materials',
        component: () => import('@/views/catalog/MaterialsView.vue'),
        meta: { titleKey: 'nav.catalogMaterials', ability: 'catalog.browse', nav: { group: 'catalog', icon: 'Files', order: 32 } },
      },
      {
        path: 'catalog/bundles',
        name: 'catalog-bundles',
        component: () => import('@/views/catalog/BundlesView.vue'),
        meta: { titleKey: 'nav.catalogBundles', ability: 'catalog.browse', nav: { group: 'catalog', icon: 'Connection', order: 33 } },
      },
      {
        path: 'catalog/bundles/new',
        name: 'catalog-bundle-new',
        component: () => import('@/views/catalog/BundleView.vue'),
        meta: { titleKey: 'catalog.bundle.createTitle', ability: 'bundle.manage', activeNav: '/catalog/bundles' },
      },
      {
        path: 'catalog/bundles/:id(\\d+)',
        name: 'catalog-bundle',
        component: () => import('@/views/catalog/BundleView.vue'),
        meta: { titleKey: 'catalog.bundle.title', ability: 'catalog.browse', activeNav: '/catalog/bundles' },
      },
      {
        path: 'admin/users',
        name: 'admin-users',
        component: () => import('@/views/admin/UsersView.vue'),
        meta: { titleKey: 'nav.users', ability: 'user.manage', nav: { group: 'system', icon: 'User', order: 10 } },
      },
      {
        path: 'admin/departments',
        name: 'admin-departments',
        component: () => import('@/views/admin/DepartmentsView.vue'),
        meta: { titleKey: 'nav.departments', ability: 'department.manage', nav: { group: 'system', icon: 'OfficeBuilding', order: 11 } },
      },
      {
        path: 'admin/sites',
        name: 'admin-sites',
        component: () => import('@/views/admin/SitesView.vue'),
        meta: { titleKey: 'nav.sites', ability: 'site.manage', nav: { group: 'system', icon: 'Location', order: 12 } },
      },
      {
        path: 'admin/windows',
        name: 'admin-windows',
        component: () => import('@/views/admin/WindowsView.vue'),
        meta: { titleKey: 'nav.windows', ability: 'window.manage', nav: { group: 'system', icon: 'Postcard', order: 13 } },
      },
      {
        path: 'admin/calendar',
        name: 'admin-calendar',
        component: () => import('@/views/admin/CalendarView.vue'),
        meta: { titleKey: 'nav.calendar', ability: 'calendar.manage', nav: { group: 'system', icon: 'Calendar', order: 14 } },
      },
      {
        path: 'admin/outbox',
        name: 'admin-outbox',
        component: () => import('@/views/admin/OutboxView.vue'),
        meta: { titleKey: 'nav.outbox', ability: 'outbox.read', nav: { group: 'system', icon: 'Message', order: 15 } },
      },
      {
        path: 'admin/sms',
        name: 'admin-sms',
        component: () => import('@/views/admin/SmsView.vue'),
        meta: { titleKey: 'nav.sms', ability: 'sms.read', nav: { group: 'system', icon: 'ChatLineSquare', order: 16 } },
      },
      {
        path: 'admin/audit',
        name: 'admin-audit',
        component: () => import('@/views/admin/AuditView.vue'),
        meta: { titleKey: 'nav.audit', ability: 'audit.read', nav: { group: 'supervision', icon: 'Stamp', order: 20 } },
      },
    ],
  },
  ...caseFront.topLevelRoutes,
  ...caseBack.topLevelRoutes,
  ...queueHall.topLevelRoutes,
  ...queueOps.topLevelRoutes,
  ...supervision.topLevelRoutes,
  ...metrics.topLevelRoutes,
  ...ratings.topLevelRoutes,
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { titleKey: 'notFound.title' } },
];
