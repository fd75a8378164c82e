/** 好差评 screens: staff lists, rectification, own ratings, monthly report; the public window device and rating page. */
import type { RouteRecordRaw } from 'vue-router';
import { ROLES } from '@common/roles';

/** children of the staff layout */
export const staffRoutes: RouteRecordRaw[] = [
  {
    path: 'ratings/rectifications',
    name: 'rectifications',
    component: () => import('@/views/ratings/RectificationsView.vue'),
    meta: { titleKey: 'ratings.nav.rectifications', ability: 'rating.read', nav: { group: 'workbench', icon: 'Warning', order: 8 } },
  },
  {
    path: 'ratings/rectifications/:id(\\d+)',
    name: 'rectification-detail',
    component: () => import('@/views/ratings/RectificationDetailView.vue'),
    meta: { titleKey: 'ratings.detail.title', ability: 'rating.read', activeNav: '/ratings/rectifications' },
  },
  {
    path: 'ratings/mine',
    name: 'my-ratings',
    component: () => import('@/views/ratings/MyRatingsView.vue'),
    meta: { titleKey: 'ratings.nav.mine', ability: 'rating.own', nav: { group: 'workbench', icon: 'Star', order: 9 } },
  },
  {
    path: 'ratings',
    name: 'ratings',
    component: () => import('@/views/ratings/RatingsView.vue'),
    meta: { titleKey: 'ratings.nav.ratings', ability: 'rating.read', nav: { group: 'supervision', icon: 'Star', order: 25 } },
  },
  {
    path: 'ratings/satisfaction',
    name: 'rating-satisfaction',
    component: () => import('@/views/ratings/SatisfactionView.vue'),
    meta: { titleKey: 'ratings.nav.satisfaction', ability: 'rating.read', nav: { group: 'supervision', icon: 'Calendar', order: 26 } },
  },
];

/** top-level routes (the window device, the SMS rating page): public, no login */
export const topLevelRoutes: RouteRecordRaw[] = [
  {
    path: '/hall/rate',
    name: 'rating-device-pick',
    component: () => import('@/views/ratings/RateDevicePickView.vue'),
    meta: { titleKey: 'ratings.nav.device', roles: ROLES, nav: { group: 'public', icon: 'Postcard', order: 95 } },
  },
  {
    path: '/hall/rate/:windowId(\\d+)',
    name: 'rating-device',
    component: () => import('@/views/ratings/RateDeviceView.vue'),
    meta: { titleKey: 'ratings.device.title' },
  },
  {
    path: '/rate/:token',
    name: 'rate-link',
    component: () => import('@/views/ratings/RateLinkView.vue'),
    meta: { titleKey: 'ratings.link.title' },
  },
];
