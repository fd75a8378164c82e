/** Queue screens (kiosk, ticket page, display board, window console). */
import type { RouteRecordRaw } from 'vue-router';

/** children of the staff layout */
export const staffRoutes: RouteRecordRaw[] = [];
/** top-level routes (kiosk, board, public pages) */
export const topLevelRoutes: RouteRecordRaw[] = [];
