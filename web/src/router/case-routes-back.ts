/** Case screens of the back office (inbox, case detail, handover in, search). */
import type { RouteRecordRaw } from 'vue-router';

/** children of the staff layout */
export const staffRoutes: RouteRecordRaw[] = [];
/** top-level routes (print pages, public pages) */
export const topLevelRoutes: RouteRecordRaw[] = [];
