/** Metrics screens (统计分析 desk view, 数据可视化 big screen). */
import type { RouteRecordRaw } from 'vue-router';

/** children of the staff layout */
export const staffRoutes: RouteRecordRaw[] = [
  {
    path: 'metrics',
    name: 'metrics',
    component: () => import('@/views/metrics/MetricsView.vue'),
    meta: { titleKey: 'metrics.nav.desk', ability: 'metrics.read', nav: { group: 'supervision', icon: 'DataAnalysis', order: 18 } },
  },
];

/** top-level routes (big screens, public pages) */
export const topLevelRoutes: RouteRecordRaw[] = [
  // ---- staff only, full screen without the layout (opened in a new tab from 统计分析)
  {
    path: '/screen/dashboard',
    name: 'metrics-screen',
    component: () => import('@/views/metrics/ScreenView.vue'),
    meta: { titleKey: 'metrics.nav.screen', requiresAuth: true, ability: 'metrics.read' },
  },
];
