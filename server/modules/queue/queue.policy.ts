/** Who may do what in the hall queue (取号叫号). Deny by default; see platform/authz.ts. */
import type { Policy } from '../../platform/authz.js';

export type QueueAbility = 'queue.call' | 'queue.manage' | 'queue.stats';

export const queuePolicy: Policy<QueueAbility> = {
  // window clerks call, serve, recall, mark no-shows and transfer at their own site
  'queue.call': [{ roles: ['intake_clerk', 'delivery_clerk'], scope: 'site' }],
  // guides (导办员) run the hall: green channel, transfers of waiting tickets, appointment capacity
  'queue.manage': [{ roles: ['guide'], scope: 'site' }],
  'queue.stats': [{ roles: ['guide'], scope: 'site' }, { roles: ['supervisor', 'discipline_inspector'], scope: 'all' }],
};
