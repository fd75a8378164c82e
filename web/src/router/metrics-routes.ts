/** metrics screens. */
import type { RouteRecordRaw } from 'vue-router';

/** children of the staff layout */
export const staffRoutes: RouteRecordRaw[] = [];

/** top-level routes (big screens, public pages) */
export const topLevelRoutes: RouteRecordRaw[] = [];
