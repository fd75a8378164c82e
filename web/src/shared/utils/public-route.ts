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
