/**
 * Screens shown in the hall (大厅): full screen, without the staff layout. The kiosk, the calling
 * board, the light board, the window screens and the rating device are public (no login, no personal
 * data on them); staff open them under 公共服务 in their navigation (new tab). The ticket page is the
 * applicant's own (a QR code on the slip). The data big screen (数据可视化) is for staff only.
 */
import type { RouteRecordRaw } from 'vue-router';
import { publicRoute } from '@/shared/utils/public-route';

export const hallRoutes: RouteRecordRaw[] = [
  // ---- window screens
  publicRoute('/hall/windows', 'hall-windows', () => import('./windows/HallWindowsView.vue'), 'nav.hallWindows', { icon: 'Monitor', order: 90 }),
  publicRoute('/hall/rate', 'rating-device-pick', () => import('./windows/RateDevicePickView.vue'), 'ratings.nav.device', { icon: 'Postcard', order: 95 }),
  publicRoute('/hall/rate/:windowId(\\d+)', 'rating-device', () => import('./windows/RateDeviceView.vue'), 'ratings.device.title'),
  // ---- queue (取号叫号)
  publicRoute('/hall/kiosk', 'hall-kiosk', () => import('./queue/KioskView.vue'), 'queueHall.nav.kiosk', { icon: 'Tickets', order: 92 }),
  publicRoute('/hall/board', 'hall-board', () => import('./queue/BoardView.vue'), 'queueHall.nav.board', { icon: 'Monitor', order: 93 }),
  publicRoute('/hall/ticket/:token', 'hall-ticket', () => import('./queue/TicketPlaceView.vue'), 'queueHall.place.title'),
  // ---- light board (红黄绿灯)
  publicRoute('/hall/lights', 'hall-lights', () => import('./lights/LightBoardView.vue'), 'supervision.nav.lightBoard', { icon: 'Odometer', order: 94 }),
  // ---- data big screen: staff only (opened in a new tab from 统计分析)
  {
    path: '/screen/dashboard',
    name: 'metrics-screen',
    component: () => import('./big-screen/ScreenView.vue'),
    meta: { titleKey: 'metrics.nav.screen', requiresAuth: true, ability: 'metrics.read' },
  },
];
