/** Every module's policy in one place, to tell the UI what a user may do. */
import { abilitiesOf, type Actor } from '../../platform/authz.js';
import { auditPolicy } from '../audit/audit.policy.js';
import { calendarPolicy } from '../calendar/calendar.policy.js';
import { casesPolicy } from '../cases/cases.policy.js';
import { queuePolicy } from '../queue/queue.policy.js';
import { ratingsPolicy } from '../ratings/ratings.policy.js';
import { supervisionPolicy } from '../supervision/supervision.policy.js';
import { catalogPolicy } from '../catalog/catalog.policy.js';
import { identityPolicy } from '../identity/identity.policy.js';
import { outboxPolicy } from '../outbox/outbox.policy.js';

export function allAbilities(actor: Actor): string[] {
  return [
    ...abilitiesOf(actor, identityPolicy),
    ...abilitiesOf(actor, calendarPolicy),
    ...abilitiesOf(actor, auditPolicy),
    ...abilitiesOf(actor, outboxPolicy),
    ...abilitiesOf(actor, catalogPolicy),
    ...abilitiesOf(actor, casesPolicy),
    ...abilitiesOf(actor, queuePolicy),
    ...abilitiesOf(actor, ratingsPolicy),
    ...abilitiesOf(actor, supervisionPolicy),
  ];
}
