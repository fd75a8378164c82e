/// <reference types="vite/client" />
/// <reference types="element-plus/global" />

import 'vue-router';

export type NavGroup = 'workbench' | 'catalog' | 'system' | 'supervision' | 'public';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title (also the nav label) */
    titleKey?: string;
    /** only logged-in staff; set on the layout route and inherited by its children */
    requiresAuth?: boolean;
    /** a portal page for a signed-in applicant (公众用户, not staff): signed out, it sends to /portal/sign-in */
    applicant?: boolean;
    /** the server ability the page needs (from /api/auth/me `abilities`), or a list of which any one
     * suffices: the server's policies decide. Deny by default: a staff route without one is shown to
     * nobody and opens for nobody. */
    ability?: string | readonly string[];
    /** the navigation entry to highlight on a page that is not itself in the navigation */
    activeNav?: string;
    /** present when the route appears in the left navigation */
    nav?: { group: NavGroup; icon: string; order: number };
  }
}
