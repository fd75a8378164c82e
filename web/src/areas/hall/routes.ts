/**
 * Screens shown in the hall (大厅): full screen, without the staff layout. The kiosk, the calling
 * board, the light board, the window screens and the rating device are public (no login, no personal
 * data on them); staff open them under 公共服务 in their navigation (new tab). The ticket page is the
 * applicant's own (a QR code on the slip). The data big screen (数据可视化) is for staff only.
 */
import type { RouteRecordRaw } from 'vue-router';

export const hallRoutes: RouteRecordRaw[] = [
  // ---- window screens
  {
    path: '/hall/windows',
    name: 'hall-windows',
    component: () => import('./windows/HallWindowsView.vue'),
    meta: { titleKey: 'nav.hallWindows', ability: 'public.open', nav: { group: 'public', icon: 'Monitor', order: 90 } },
  },
  {
    path: '/hall/rate',
    name: 'rating-device-pick',
    component: () => import('./windows/RateDevicePickView.vue'),
    meta: { titleKey: 'ratings.nav.device', ability: 'public.open', nav: { group: 'public', icon: 'Postcard', order: 95 } },
  },
  {
    path: '/hall/rate/:windowId(\\d+)',
    name: 'rating-device',
    component: () => import('./windows/RateDeviceView.vue'),
    meta: { titleKey: 'ratings.device.title' },
  },
  // ---- queue (取号叫号)
  {
    path: '/hall/kiosk',
    name: 'hall-kiosk',
    component: () => import('./queue/KioskView.vue'),
    meta: { titleKey: 'queueHall.nav.kiosk', ability: 'public.open', nav: { group: 'public', icon: 'Tickets', order: 92 } },
  },
  {
    path: '/hall/board',
    name: 'hall-board',
    component: () => import('./queue/BoardView.vue'),
    meta: { titleKey: 'queueHall.nav.board', ability: 'public.open', nav: { group: 'public', icon: 'Monitor', order: 93 } },
  },
  {
    path: '/hall/ticket/:token',
    name: 'hall-ticket',
    component: () => import('./queue/TicketPlaceView.vue'),
    meta: { titleKey: 'queueHall.place.title' },
  },
  // ---- light board (红黄绿灯)
  {
    path: '/hall/lights',
    name: 'hall-lights',
    component: () => import('./lights/LightBoardView.vue'),
    meta: { titleKey: 'supervision.nav.lightBoard', ability: 'public.open', nav: { group: 'public', icon: 'Odometer', order: 94 } },
  },
  // ---- data big screen: staff only (opened in a new tab from 统计分析)
  {
    path: '/screen/dashboard',
    name: 'metrics-screen',
    component: () => import('./big-screen/ScreenView.vue'),
    meta: { titleKey: 'metrics.nav.screen', requiresAuth: true, ability: 'metrics.read' },
  },
];
