/**
 * The route table, assembled from the areas' own (`areas/<audience>/routes.ts`). It is also the
 * navigation: a route with `meta.nav` appears in the left menu for users who hold its `meta.ability`
 * (sent by the server from its policies: `workbench.open` and `public.open` are every staff
 * member's). Deny by default: a staff route without an ability opens for nobody. URLs and route
 * names are stable.
 */
import type { RouteRecordRaw } from 'vue-router';
import { portalRoutes } from '@/areas/portal/routes';
import { hallRoutes } from '@/areas/hall/routes';
import * as staff from '@/areas/staff/routes';
import * as admin from '@/areas/admin/routes';

export const routes: RouteRecordRaw[] = [
  ...staff.topLevelRoutes,
  ...portalRoutes,
  ...hallRoutes,
  {
    // The staff layout (staff and administration). `/` itself is redirected by the guard (home when
    // logged in, else the portal).
    path: '/',
    component: () => import('@/shared/layout/StaffLayout.vue'),
    meta: { requiresAuth: true },
    children: [...staff.layoutRoutes, ...admin.layoutRoutes],
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/shared/layout/NotFoundView.vue'), meta: { titleKey: 'notFound.title' } },
];
