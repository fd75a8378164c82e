/** Case screens of the front desk (intake, handover out, delivery, prints, public progress). */
import type { RouteRecordRaw } from 'vue-router';

/** children of the staff layout */
export const staffRoutes: RouteRecordRaw[] = [
  {
    path: 'cases/intake',
    name: 'case-intake',
    component: () => import('@/views/cases/front/IntakeView.vue'),
    meta: { titleKey: 'casesFront.nav.intake', ability: 'case.intake', nav: { group: 'workbench', icon: 'Tickets', order: 2 } },
  },
  {
    path: 'cases/handover',
    name: 'case-handover',
    component: () => import('@/views/cases/front/HandoverView.vue'),
    meta: { titleKey: 'casesFront.nav.handover', ability: 'case.intake', nav: { group: 'workbench', icon: 'Files', order: 3 } },
  },
  {
    path: 'cases/delivery',
    name: 'case-delivery',
    component: () => import('@/views/cases/front/DeliveryView.vue'),
    meta: { titleKey: 'casesFront.nav.delivery', ability: 'case.deliver', nav: { group: 'workbench', icon: 'Postcard', order: 4 } },
  },
];

/** top-level routes (print pages, public pages) */
export const topLevelRoutes: RouteRecordRaw[] = [
  // ---- printed vouchers: staff only, A4, no layout (`?more=2,3` prints further cases of the same visit)
  {
    path: '/cases/:id(\\d+)/print/receipt',
    name: 'case-print-receipt',
    component: () => import('@/views/cases/front/ReceiptPrintView.vue'),
    meta: { titleKey: 'casesFront.vouchers.receipt', requiresAuth: true, ability: 'case.read' },
  },
  {
    path: '/cases/:id(\\d+)/print/correction',
    name: 'case-print-correction',
    component: () => import('@/views/cases/front/CorrectionPrintView.vue'),
    meta: { titleKey: 'casesFront.vouchers.correction', requiresAuth: true, ability: 'case.read' },
  },
  {
    path: '/cases/:id(\\d+)/print/refusal',
    name: 'case-print-refusal',
    component: () => import('@/views/cases/front/RefusalPrintView.vue'),
    meta: { titleKey: 'casesFront.vouchers.refusal', requiresAuth: true, ability: 'case.read' },
  },
  {
    path: '/handovers/:id(\\d+)/print',
    name: 'handover-print',
    component: () => import('@/views/cases/front/HandoverPrintView.vue'),
    meta: { titleKey: 'casesFront.handoverSheet.title', requiresAuth: true, ability: 'case.read' },
  },
  // ---- public (no login)
  {
    path: '/progress',
    name: 'public-progress',
    component: () => import('@/views/cases/front/ProgressView.vue'),
    meta: { titleKey: 'casesFront.progress.title' },
  },
];
