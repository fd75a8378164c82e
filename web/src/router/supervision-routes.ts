/**
 * Supervision screens (电子监察): alerts, document-number series, light monitoring and rules, and
 * the hall's light board. Abilities come from server/modules/supervision/supervision.policy.ts.
 */
import type { RouteRecordRaw } from 'vue-router';
import { ROLES } from '@common/roles';

/** children of the staff layout */
export const staffRoutes: RouteRecordRaw[] = [
  {
    path: 'supervision/alerts',
    name: 'supervision-alerts',
    component: () => import('@/views/supervision/AlertsView.vue'),
    meta: { titleKey: 'supervision.nav.alerts', ability: 'supervision.read', nav: { group: 'supervision', icon: 'Bell', order: 21 } },
  },
  {
    path: 'supervision/alerts/:id(\\d+)',
    name: 'supervision-alert',
    component: () => import('@/views/supervision/AlertDetailView.vue'),
    meta: { titleKey: 'supervision.nav.alert', ability: 'supervision.read', activeNav: '/supervision/alerts' },
  },
  {
    path: 'supervision/series',
    name: 'supervision-series',
    component: () => import('@/views/supervision/SeriesView.vue'),
    meta: { titleKey: 'supervision.nav.series', ability: 'supervision.read', nav: { group: 'supervision', icon: 'Files', order: 22 } },
  },
  {
    path: 'supervision/series/:id(\\d+)',
    name: 'supervision-series-detail',
    component: () => import('@/views/supervision/SeriesDetailView.vue'),
    meta: { titleKey: 'supervision.nav.seriesDetail', ability: 'supervision.read', activeNav: '/supervision/series' },
  },
  {
    path: 'supervision/lights',
    name: 'supervision-lights',
    component: () => import('@/views/supervision/LightsView.vue'),
    meta: { titleKey: 'supervision.nav.lights', ability: 'supervision.read', nav: { group: 'supervision', icon: 'Odometer', order: 23 } },
  },
  {
    path: 'supervision/light-rules',
    name: 'supervision-light-rules',
    component: () => import('@/views/supervision/LightRulesView.vue'),
    meta: { titleKey: 'supervision.nav.lightRules', ability: 'lights.manage', nav: { group: 'supervision', icon: 'Setting', order: 24 } },
  },
];

/** top-level routes (big screens, public pages) */
export const topLevelRoutes: RouteRecordRaw[] = [
  // ---- public, full screen, no login (no personal data on it). Staff open it under 公共服务 (new tab).
  {
    path: '/hall/lights',
    name: 'hall-lights',
    component: () => import('@/views/supervision/LightBoardView.vue'),
    meta: { titleKey: 'supervision.nav.lightBoard', roles: ROLES, nav: { group: 'public', icon: 'Odometer', order: 94 } },
  },
];
