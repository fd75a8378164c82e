/** Case screens of the front desk (intake, handover out, delivery, prints, public progress). */
import type { RouteRecordRaw } from 'vue-router';

/** children of the staff layout */
export const staffRoutes: RouteRecordRaw[] = [];
/** top-level routes (print pages, public pages) */
export const topLevelRoutes: RouteRecordRaw[] = [];
