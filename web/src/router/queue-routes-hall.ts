/** Queue screens (kiosk, ticket page, display board, window console). */
import type { RouteRecordRaw } from 'vue-router';
import { ROLES } from '@common/roles';

/** children of the staff layout */
export const staffRoutes: RouteRecordRaw[] = [
  {
    path: 'queue/console',
    name: 'queue-console',
    component: () => import('@/views/hall/queue/WindowConsoleView.vue'),
    meta: { titleKey: 'queueHall.nav.console', ability: 'queue.call', nav: { group: 'workbench', icon: 'Monitor', order: 1.5 } },
  },
];

/** top-level routes (kiosk, board, public pages) */
export const topLevelRoutes: RouteRecordRaw[] = [
  // ---- public, full screen, no login. Staff find the kiosk and the board under 公共服务 (new tab).
  {
    path: '/hall/kiosk',
    name: 'hall-kiosk',
    component: () => import('@/views/hall/queue/KioskView.vue'),
    meta: { titleKey: 'queueHall.nav.kiosk', roles: ROLES, nav: { group: 'public', icon: 'Tickets', order: 92 } },
  },
  {
    path: '/hall/board',
    name: 'hall-board',
    component: () => import('@/views/hall/queue/BoardView.vue'),
    meta: { titleKey: 'queueHall.nav.board', roles: ROLES, nav: { group: 'public', icon: 'Monitor', order: 93 } },
  },
  {
    path: '/hall/ticket/:token',
    name: 'hall-ticket',
    component: () => import('@/views/hall/queue/TicketPlaceView.vue'),
    meta: { titleKey: 'queueHall.place.title' },
  },
];
