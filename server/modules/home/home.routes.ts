import { DEPARTMENT_ROLES, SITE_ROLES } from '../../../common/roles.js';
import { can } from '../../platform/authz.js';
import { actorOf, langOf } from '../../platform/http.js';
import type { RoutePlugin } from '../../services.js';
import { Type, type Static } from 'typebox';
import { Nullable, WindowSchema, errorResponses } from '../../platform/schemas.js';
import { CalendarStatusSchema } from '../calendar/calendar.routes.js';
import { auditPolicy } from '../audit/audit.policy.js';
import { identityPolicy } from '../identity/identity.policy.js';
import { presentWindow } from '../identity/identity.presenter.js';
import { outboxPolicy } from '../outbox/outbox.policy.js';

/** GET /api/home/summary: each part only for the roles that see it */
const HomeSummary = Type.Object({
  calendar: CalendarStatusSchema,
  counts: Type.Optional(Type.Object({ users: Type.Integer(), departments: Type.Integer(), sites: Type.Integer(), windows: Type.Integer() })),
  outbox: Type.Optional(Type.Object({ pending: Type.Integer(), dead: Type.Integer() })),
  audit: Type.Optional(Type.Object({ records: Type.Integer(), lastSealAt: Nullable(Type.String()) })),
  siteWindows: Type.Optional(Type.Array(WindowSchema)),
  departmentStaff: Type.Optional(Type.Integer()),
  caseWork: Type.Optional(Type.Object({ byStatus: Type.Record(Type.String(), Type.Integer()), red: Type.Integer(), yellow: Type.Integer(), handoversToSign: Type.Integer() })),
  alerts: Type.Optional(Type.Object({ open: Type.Integer(), investigating: Type.Integer() })),
});
type HomeSummaryView = Static<typeof HomeSummary>;

/** What each role's home page (工作台) shows, gathered in one call. */
export const homeRoutes: RoutePlugin = async (app, { services }) => {
  app.get('/api/home/summary', { schema: { tags: ['工作台'], summary: '工作台概览（按角色）', response: { 200: HomeSummary, ...errorResponses } } }, async (req): Promise<HomeSummaryView> => {
    const actor = actorOf(req);
    const out: HomeSummaryView = { calendar: await services.calendar.status(actor, langOf(req)) };
    if (can(actor, identityPolicy, 'user.manage')) out.counts = await services.identity.counts();
    if (can(actor, outboxPolicy, 'outbox.read')) out.outbox = await services.outbox.stats();
    if (can(actor, auditPolicy, 'audit.read')) {
      const s = await services.audit.stats();
      out.audit = { records: s.records, lastSealAt: s.lastSealAt?.toISOString() ?? null };
    }
    if (actor.siteId && actor.roles.some((r) => SITE_ROLES.includes(r))) {
      out.siteWindows = (await services.identity.listWindows(actor, { siteId: actor.siteId })).filter((w) => w.active).map(presentWindow);
    }
    if (actor.departmentId && actor.roles.some((r) => DEPARTMENT_ROLES.includes(r))) {
      out.departmentStaff = await services.identity.departmentStaff(actor.departmentId);
    }
    const work = await services.cases.workCounts(actor);
    if (work) out.caseWork = work;
    const alerts = await services.alerts.counts(actor);
    if (alerts) out.alerts = { open: alerts.open, investigating: alerts.investigating };
    return out;
  });
};
