import type { RouteComponent, RouteRecordRaw } from 'vue-router';

/**
 * The route of a page anyone may open (the hall's screens, the portal): its title, and for the ones staff
 * open from 公共服务 in their navigation, the entry there (icon, order); those carry the ability
 * `public.open` every member holds, the others need none.
 */
export function publicRoute(
  path: string,
  name: string,
  component: () => Promise<RouteComponent>,
  titleKey: string,
  nav?: { icon: string; order: number },
): RouteRecordRaw {
  return { path, name, component, meta: nav ? { titleKey, ability: 'public.open', nav: { group: 'public', ...nav } } : { titleKey } };
}

/**
 * A portal page only a signed-in applicant (公众用户) opens: public as far as staff sessions go, but the router
 * sends a signed-out visitor to /portal/sign-in and back here afterwards.
 */
export function applicantRoute(path: string, name: string, component: () => Promise<RouteComponent>, titleKey: string): RouteRecordRaw {
  return { path, name, component, meta: { titleKey, applicant: true } };
}
