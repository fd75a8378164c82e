/**
 * The staff's pages: the workbench, front-desk intake and handover, delivery, back-office cases, queue
 * operations, the catalog (事项清单), supervision (电子监察), metrics and ratings. Most are children of
 * the staff layout; the login page and the printed vouchers (A4, no layout) are top-level.
 */
import type { RouteRecordRaw } from 'vue-router';

/** top-level routes: the login page and the printed vouchers */
export const topLevelRoutes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./login/LoginView.vue'), meta: { titleKey: 'login.title' } },
  // ---- printed vouchers: staff only, A4, no layout (`?more=2,3` prints further cases of the same visit)
  {
    path: '/cases/:id(\\d+)/print/receipt',
    name: 'case-print-receipt',
    component: () => import('./intake/ReceiptPrintView.vue'),
    meta: { titleKey: 'casesFront.vouchers.receipt', requiresAuth: true, ability: 'case.read' },
  },
  {
    path: '/cases/:id(\\d+)/print/correction',
    name: 'case-print-correction',
    component: () => import('./intake/CorrectionPrintView.vue'),
    meta: { titleKey: 'casesFront.vouchers.correction', requiresAuth: true, ability: 'case.read' },
  },
  {
    path: '/cases/:id(\\d+)/print/refusal',
    name: 'case-print-refusal',
    component: () => import('./intake/RefusalPrintView.vue'),
    meta: { titleKey: 'casesFront.vouchers.refusal', requiresAuth: true, ability: 'case.read' },
  },
  {
    path: '/handovers/:id(\\d+)/print',
    name: 'handover-print',
    component: () => import('./intake/HandoverPrintView.vue'),
    meta: { titleKey: 'casesFront.handoverSheet.title', requiresAuth: true, ability: 'case.read' },
  },
];

/** children of the staff layout */
export const layoutRoutes: RouteRecordRaw[] = [
  // ---- workbench (工作台)
  {
    path: 'staff/home',
    name: 'home',
    component: () => import('./workbench/HomeView.vue'),
    meta: { titleKey: 'nav.home', ability: 'workbench.open', nav: { group: 'workbench', icon: 'HomeFilled', order: 1 } },
  },
  {
    path: 'staff/password',
    name: 'password',
    component: () => import('./workbench/PasswordView.vue'),
    meta: { titleKey: 'nav.password', ability: 'workbench.open' },
  },
  // ---- front desk (综合受理): intake, handover to the back office
  {
    path: 'cases/intake',
    name: 'case-intake',
    component: () => import('./intake/IntakeView.vue'),
    meta: { titleKey: 'casesFront.nav.intake', ability: 'case.intake', nav: { group: 'workbench', icon: 'Tickets', order: 2 } },
  },
  {
    path: 'cases/handover',
    name: 'case-handover',
    component: () => import('./intake/HandoverView.vue'),
    meta: { titleKey: 'casesFront.nav.handover', ability: 'case.intake', nav: { group: 'workbench', icon: 'Files', order: 3 } },
  },
  // ---- 网上预审 and the window acceptance of online applications (abilities: server/modules/online/online.policy.ts)
  {
    path: 'prereviews',
    name: 'prereviews',
    component: () => import('./prereview/PrereviewQueueView.vue'),
    meta: { titleKey: 'prereview.nav.queue', ability: 'online.read', nav: { group: 'workbench', icon: 'DocumentChecked', order: 2.5 } },
  },
  {
    path: 'prereviews/:id(\\d+)',
    name: 'prereview-detail',
    component: () => import('./prereview/PrereviewDetailView.vue'),
    meta: { titleKey: 'prereview.nav.detail', ability: 'online.read', activeNav: '/prereviews' },
  },
  {
    path: 'prereviews/:id(\\d+)/accept',
    name: 'prereview-accept',
    component: () => import('./prereview/PrereviewAcceptView.vue'),
    meta: { titleKey: 'prereview.nav.accept', ability: 'online.prereview', activeNav: '/prereviews' },
  },
  // ---- delivery (出件)
  {
    path: 'cases/delivery',
    name: 'case-delivery',
    component: () => import('./delivery/DeliveryView.vue'),
    meta: { titleKey: 'casesFront.nav.delivery', ability: 'case.deliver', nav: { group: 'workbench', icon: 'Postcard', order: 4 } },
  },
  // ---- back office (后台审批): inbox, handover in, search, case detail
  {
    path: 'cases/inbox',
    name: 'case-inbox',
    component: () => import('./cases/InboxView.vue'),
    meta: { titleKey: 'casesBack.nav.inbox', ability: ['case.review', 'case.inspect'], nav: { group: 'workbench', icon: 'Stamp', order: 20 } },
  },
  {
    path: 'cases/handover-in',
    name: 'case-handover-in',
    component: () => import('./cases/HandoverInView.vue'),
    meta: { titleKey: 'casesBack.nav.handoverIn', ability: 'case.review', nav: { group: 'workbench', icon: 'Files', order: 21 } },
  },
  {
    path: 'cases/search',
    name: 'case-search',
    component: () => import('./cases/CaseSearchView.vue'),
    meta: { titleKey: 'casesBack.nav.search', ability: 'case.read', nav: { group: 'workbench', icon: 'Tickets', order: 29 } },
  },
  {
    path: 'cases/:id(\\d+)',
    name: 'case-detail',
    component: () => import('./cases/CaseDetailView.vue'),
    meta: { titleKey: 'casesBack.nav.detail', ability: 'case.read', activeNav: '/cases/search' },
  },
  // ---- queue operations (取号叫号): the window console, today's tickets, slots, statistics
  {
    path: 'queue/console',
    name: 'queue-console',
    component: () => import('./queue/WindowConsoleView.vue'),
    meta: { titleKey: 'queueHall.nav.console', ability: 'queue.call', nav: { group: 'workbench', icon: 'Monitor', order: 1.5 } },
  },
  {
    path: 'queue/tickets',
    name: 'queue-tickets',
    component: () => import('./queue/TicketsView.vue'),
    meta: { titleKey: 'queueOps.nav.tickets', ability: 'queue.manage', nav: { group: 'workbench', icon: 'Tickets', order: 6 } },
  },
  {
    path: 'queue/slots',
    name: 'queue-slots',
    component: () => import('./queue/SlotsView.vue'),
    meta: { titleKey: 'queueOps.nav.slots', ability: 'queue.manage', nav: { group: 'workbench', icon: 'Calendar', order: 7 } },
  },
  {
    path: 'queue/stats',
    name: 'queue-stats',
    component: () => import('./queue/StatsView.vue'),
    meta: { titleKey: 'queueOps.nav.stats', ability: 'queue.stats', nav: { group: 'supervision', icon: 'Monitor', order: 19 } },
  },
  // ---- catalog (事项清单)
  {
    path: 'catalog/items',
    name: 'catalog-items',
    component: () => import('./catalog/ItemsView.vue'),
    meta: { titleKey: 'nav.catalogItems', ability: 'catalog.browse', nav: { group: 'catalog', icon: 'Tickets', order: 30 } },
  },
  {
    path: 'catalog/items/new',
    name: 'catalog-item-new',
    component: () => import('./catalog/ItemView.vue'),
    meta: { titleKey: 'catalog.item.createTitle', ability: 'item.create', activeNav: '/catalog/items' },
  },
  {
    path: 'catalog/items/:id(\\d+)',
    name: 'catalog-item',
    component: () => import('./catalog/ItemView.vue'),
    meta: { titleKey: 'catalog.item.title', ability: 'catalog.browse', activeNav: '/catalog/items' },
  },
  {
    path: 'catalog/sub-items/:id(\\d+)/versions',
    name: 'catalog-versions',
    component: () => import('./catalog/VersionsView.vue'),
    meta: { titleKey: 'catalog.versions.title', ability: 'catalog.browse', activeNav: '/catalog/items' },
  },
  {
    path: 'catalog/versions/:id(\\d+)',
    name: 'catalog-version',
    component: () => import('./catalog/VersionView.vue'),
    meta: { titleKey: 'catalog.version.title', ability: 'catalog.browse', activeNav: '/catalog/items' },
  },
  {
    path: 'catalog/review',
    name: 'catalog-review',
    component: () => import('./catalog/ReviewQueueView.vue'),
    meta: {
      titleKey: 'nav.catalogReview',
      ability: ['checklist.review', 'checklist.draft'],
      nav: { group: 'catalog', icon: 'Stamp', order: 31 },
    },
  },
  {
    path: 'catalog/materials',
    name: 'catalog-materials',
    component: () => import('./catalog/MaterialsView.vue'),
    meta: { titleKey: 'nav.catalogMaterials', ability: 'catalog.browse', nav: { group: 'catalog', icon: 'Files', order: 32 } },
  },
  {
    path: 'catalog/bundles',
    name: 'catalog-bundles',
    component: () => import('./catalog/BundlesView.vue'),
    meta: { titleKey: 'nav.catalogBundles', ability: 'catalog.browse', nav: { group: 'catalog', icon: 'Connection', order: 33 } },
  },
  {
    path: 'catalog/bundles/new',
    name: 'catalog-bundle-new',
    component: () => import('./catalog/BundleView.vue'),
    meta: { titleKey: 'catalog.bundle.createTitle', ability: 'bundle.manage', activeNav: '/catalog/bundles' },
  },
  {
    path: 'catalog/bundles/:id(\\d+)',
    name: 'catalog-bundle',
    component: () => import('./catalog/BundleView.vue'),
    meta: { titleKey: 'catalog.bundle.title', ability: 'catalog.browse', activeNav: '/catalog/bundles' },
  },
  // ---- supervision (电子监察): alerts, document-number series, lights and their rules
  // (abilities from server/modules/supervision/supervision.policy.ts)
  {
    path: 'supervision/alerts',
    name: 'supervision-alerts',
    component: () => import('./supervision/AlertsView.vue'),
    meta: { titleKey: 'supervision.nav.alerts', ability: 'supervision.read', nav: { group: 'supervision', icon: 'Bell', order: 21 } },
  },
  {
    path: 'supervision/alerts/:id(\\d+)',
    name: 'supervision-alert',
    component: () => import('./supervision/AlertDetailView.vue'),
    meta: { titleKey: 'supervision.nav.alert', ability: 'supervision.read', activeNav: '/supervision/alerts' },
  },
  {
    path: 'supervision/series',
    name: 'supervision-series',
    component: () => import('./supervision/SeriesView.vue'),
    meta: { titleKey: 'supervision.nav.series', ability: 'supervision.read', nav: { group: 'supervision', icon: 'Files', order: 22 } },
  },
  {
    path: 'supervision/series/:id(\\d+)',
    name: 'supervision-series-detail',
    component: () => import('./supervision/SeriesDetailView.vue'),
    meta: { titleKey: 'supervision.nav.seriesDetail', ability: 'supervision.read', activeNav: '/supervision/series' },
  },
  {
    path: 'supervision/lights',
    name: 'supervision-lights',
    component: () => import('./supervision/LightsView.vue'),
    meta: { titleKey: 'supervision.nav.lights', ability: 'supervision.read', nav: { group: 'supervision', icon: 'Odometer', order: 23 } },
  },
  {
    path: 'supervision/light-rules',
    name: 'supervision-light-rules',
    component: () => import('./supervision/LightRulesView.vue'),
    meta: { titleKey: 'supervision.nav.lightRules', ability: 'lights.manage', nav: { group: 'supervision', icon: 'Setting', order: 24 } },
  },
  // ---- 电子证照 (abilities: server/modules/licenses/licenses.policy.ts): the library, a license, the catalogue, 免提交率
  {
    path: 'licenses',
    name: 'licenses',
    component: () => import('./licenses/LicenseLibraryView.vue'),
    meta: { titleKey: 'licenses.nav.library', ability: 'license.read', nav: { group: 'workbench', icon: 'Postcard', order: 10 } },
  },
  {
    path: 'licenses/:id(\\d+)',
    name: 'license-detail',
    component: () => import('./licenses/LicenseDetailView.vue'),
    meta: { titleKey: 'licenses.nav.detail', ability: 'license.read', activeNav: '/licenses' },
  },
  {
    path: 'licenses/catalog',
    name: 'license-catalog',
    component: () => import('./licenses/LicenseCatalogView.vue'),
    meta: { titleKey: 'licenses.nav.catalog', ability: 'license.read', nav: { group: 'catalog', icon: 'Postcard', order: 34 } },
  },
  {
    path: 'licenses/stats',
    name: 'license-stats',
    component: () => import('./licenses/LicenseStatsView.vue'),
    meta: { titleKey: 'licenses.nav.stats', ability: 'license.stats', nav: { group: 'supervision', icon: 'DataAnalysis', order: 27 } },
  },
  // ---- metrics (统计分析); the big screen is in the hall area
  {
    path: 'metrics',
    name: 'metrics',
    component: () => import('./metrics/MetricsView.vue'),
    meta: { titleKey: 'metrics.nav.desk', ability: 'metrics.read', nav: { group: 'supervision', icon: 'DataAnalysis', order: 18 } },
  },
  // ---- ratings handled by staff (好差评): rectifications, own ratings, lists, the monthly report
  {
    path: 'ratings/rectifications',
    name: 'rectifications',
    component: () => import('./ratings/RectificationsView.vue'),
    meta: { titleKey: 'ratings.nav.rectifications', ability: 'rating.read', nav: { group: 'workbench', icon: 'Warning', order: 8 } },
  },
  {
    path: 'ratings/rectifications/:id(\\d+)',
    name: 'rectification-detail',
    component: () => import('./ratings/RectificationDetailView.vue'),
    meta: { titleKey: 'ratings.detail.title', ability: 'rating.read', activeNav: '/ratings/rectifications' },
  },
  {
    path: 'ratings/mine',
    name: 'my-ratings',
    component: () => import('./ratings/MyRatingsView.vue'),
    meta: { titleKey: 'ratings.nav.mine', ability: 'rating.own', nav: { group: 'workbench', icon: 'Star', order: 9 } },
  },
  {
    path: 'ratings',
    name: 'ratings',
    component: () => import('./ratings/RatingsView.vue'),
    meta: { titleKey: 'ratings.nav.ratings', ability: 'rating.read', nav: { group: 'supervision', icon: 'Star', order: 25 } },
  },
  {
    path: 'ratings/satisfaction',
    name: 'rating-satisfaction',
    component: () => import('./ratings/SatisfactionView.vue'),
    meta: { titleKey: 'ratings.nav.satisfaction', ability: 'rating.read', nav: { group: 'supervision', icon: 'Calendar', order: 26 } },
  },
];
