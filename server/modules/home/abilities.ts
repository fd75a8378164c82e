/**
 * Every module's policy in one place, to tell the UI what a user may do. The web app derives its
 * navigation and buttons from these strings alone (never from roles); the server checks again on
 * every call.
 */
import { onlinePolicy } from '../online/online.policy.js';
import { licensesPolicy } from '../licenses/licenses.policy.js';
import { ROLES } from '../../../common/roles.js';
import { abilitiesOf, scopeOf, type Actor, type Grant, type Policy } from '../../platform/authz.js';
import { auditPolicy } from '../audit/audit.policy.js';
import { calendarPolicy } from '../calendar/calendar.policy.js';
import { casesPolicy } from '../cases/cases.policy.js';
import { queuePolicy } from '../queue/queue.policy.js';
import { ratingsPolicy } from '../ratings/ratings.policy.js';
import { supervisionPolicy } from '../supervision/supervision.policy.js';
import { catalogPolicy } from '../catalog/catalog.policy.js';
import { identityPolicy } from '../identity/identity.policy.js';
import { outboxPolicy } from '../outbox/outbox.policy.js';

export type HomeAbility = 'workbench.open' | 'public.open';

/**
 * What every staff member has, whatever else they do: the workbench (工作台: GET /api/home/summary,
 * which any session may read) with the own password page, and the public pages — the portal and the
 * hall's screens — as entries of the staff navigation (the pages themselves need no login).
 */
const staff = { roles: ROLES, scope: 'self' } as const;
export const homePolicy: Policy<HomeAbility> = {
  'workbench.open': [staff],
  'public.open': [staff],
};

/** How far an ability reaches: every site and department, one department, one site. */
export type Reach = 'all' | 'department' | 'site';

/**
 * The abilities whose reach the screens show: the hall pages offer a site picker only to whom
 * `queue.manage` / `queue.stats` reach every site; the metrics screens offer the dimensions of
 * `metrics.read`'s reach (the metrics service reads its scope the same way: all, else the
 * department, else the site).
 */
const REACH_SHOWN: ReadonlyArray<readonly [string, readonly Grant[]]> = [
  ['queue.manage', queuePolicy['queue.manage']],
  ['queue.stats', queuePolicy['queue.stats']],
  ['metrics.read', supervisionPolicy['metrics.read']],
];

/** The widest reach of the actor's grants, or null when none reaches anything. */
function reachOf(actor: Actor, grants: readonly Grant[]): Reach | null {
  const scope = scopeOf(actor, grants);
  if (!scope) return null;
  if (scope.all) return 'all';
  if (scope.departmentIds.length) return 'department';
  if (scope.siteIds.length) return 'site';
  return null;
}

/** `<ability>:<reach>` for each ability of REACH_SHOWN the actor holds (e.g. 'metrics.read:department'). */
function reaches(actor: Actor): string[] {
  return REACH_SHOWN.flatMap(([ability, grants]) => {
    const reach = reachOf(actor, grants);
    return reach ? [`${ability}:${reach}`] : [];
  });
}

export function allAbilities(actor: Actor): string[] {
  return [
    ...abilitiesOf(actor, homePolicy),
    ...abilitiesOf(actor, identityPolicy),
    ...abilitiesOf(actor, calendarPolicy),
    ...abilitiesOf(actor, auditPolicy),
    ...abilitiesOf(actor, outboxPolicy),
    ...abilitiesOf(actor, catalogPolicy),
    ...abilitiesOf(actor, casesPolicy),
    ...abilitiesOf(actor, onlinePolicy),
    ...abilitiesOf(actor, licensesPolicy),
    ...abilitiesOf(actor, queuePolicy),
    ...abilitiesOf(actor, ratingsPolicy),
    ...abilitiesOf(actor, supervisionPolicy),
    ...reaches(actor),
  ];
}
