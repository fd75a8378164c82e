/**
 * System administration (系统管理): users, departments, sites, windows, the working-day calendar, the
 * outbox and the SMS outbox; the audit trail (under 电子监察 in the navigation). Pages of the staff layout.
 */
import type { RouteRecordRaw } from 'vue-router';

/** children of the staff layout */
export const layoutRoutes: RouteRecordRaw[] = [
  {
    path: 'admin/users',
    name: 'admin-users',
    component: () => import('./users/UsersView.vue'),
    meta: { titleKey: 'nav.users', ability: 'user.manage', nav: { group: 'system', icon: 'User', order: 10 } },
  },
  {
    path: 'admin/departments',
    name: 'admin-departments',
    component: () => import('./org/DepartmentsView.vue'),
    meta: { titleKey: 'nav.departments', ability: 'department.manage', nav: { group: 'system', icon: 'OfficeBuilding', order: 11 } },
  },
  {
    path: 'admin/sites',
    name: 'admin-sites',
    component: () => import('./org/SitesView.vue'),
    meta: { titleKey: 'nav.sites', ability: 'site.manage', nav: { group: 'system', icon: 'Location', order: 12 } },
  },
  {
    path: 'admin/windows',
    name: 'admin-windows',
    component: () => import('./org/WindowsView.vue'),
    meta: { titleKey: 'nav.windows', ability: 'window.manage', nav: { group: 'system', icon: 'Postcard', order: 13 } },
  },
  {
    path: 'admin/calendar',
    name: 'admin-calendar',
    component: () => import('./calendar/CalendarView.vue'),
    meta: { titleKey: 'nav.calendar', ability: 'calendar.manage', nav: { group: 'system', icon: 'Calendar', order: 14 } },
  },
  {
    path: 'admin/outbox',
    name: 'admin-outbox',
    component: () => import('./outbox/OutboxView.vue'),
    meta: { titleKey: 'nav.outbox', ability: 'outbox.read', nav: { group: 'system', icon: 'Message', order: 15 } },
  },
  {
    path: 'admin/sms',
    name: 'admin-sms',
    component: () => import('./outbox/SmsView.vue'),
    meta: { titleKey: 'nav.sms', ability: 'sms.read', nav: { group: 'system', icon: 'ChatLineSquare', order: 16 } },
  },
  {
    path: 'admin/audit',
    name: 'admin-audit',
    component: () => import('./audit/AuditView.vue'),
    meta: { titleKey: 'nav.audit', ability: 'audit.read', nav: { group: 'supervision', icon: 'Stamp', order: 20 } },
  },
];
