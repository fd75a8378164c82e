/** Queue screens (hall operations: appointments portal, today's tickets, slots, statistics and planner). */
import type { RouteRecordRaw } from 'vue-router';

/** children of the staff layout */
export const staffRoutes: RouteRecordRaw[] = [
  {
    path: 'queue/tickets',
    name: 'queue-tickets',
    component: () => import('@/views/queue/TicketsView.vue'),
    meta: { titleKey: 'queueOps.nav.tickets', ability: 'queue.manage', nav: { group: 'workbench', icon: 'Tickets', order: 6 } },
  },
  {
    path: 'queue/slots',
    name: 'queue-slots',
    component: () => import('@/views/queue/SlotsView.vue'),
    meta: { titleKey: 'queueOps.nav.slots', ability: 'queue.manage', nav: { group: 'workbench', icon: 'Calendar', order: 7 } },
  },
  {
    path: 'queue/stats',
    name: 'queue-stats',
    component: () => import('@/views/queue/StatsView.vue'),
    meta: { titleKey: 'queueOps.nav.stats', ability: 'queue.stats', nav: { group: 'supervision', icon: 'Monitor', order: 19 } },
  },
];

/** top-level routes (kiosk, board, public pages) */
export const topLevelRoutes: RouteRecordRaw[] = [
  // ---- public (no login)
  {
    path: '/portal/appointments',
    name: 'portal-appointments',
    component: () => import('@/views/queue/AppointmentsView.vue'),
    meta: { titleKey: 'queueOps.book.title' },
  },
];
