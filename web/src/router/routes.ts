/**
 * The route table is also the navigation: a route with `meta.nav` appears in the left menu for
 * users who hold its `meta.ability` (sent by the server from its policies) or, for pages every
 * staff member has, one of `meta.roles`. Deny by default: every staff route names one or the other.
 */
import type { RouteRecordRaw } from 'vue-router';
import { ROLES, type Role } from '@common/roles';

const ALL_STAFF: readonly Role[] = ROLES;

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { titleKey: 'login.title' } },
  {
    path: '/portal',
    name: 'portal',
    component: () => import('@/views/portal/PortalView.vue'),
    meta: { titleKey: 'nav.portal', roles: ALL_STAFF, nav: { group: 'public', icon: 'Promotion', order: 91 } },
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
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { titleKey: 'notFound.title' } },
];
