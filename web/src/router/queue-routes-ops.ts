/** Queue screens (hall operations: appointments portal, slots, statistics and planner). */
import type { RouteRecordRaw } from 'vue-router';

/** children of the staff layout */
export const staffRoutes: RouteRecordRaw[] = [];
/** top-level routes (kiosk, board, public pages) */
export const topLevelRoutes: RouteRecordRaw[] = [];
