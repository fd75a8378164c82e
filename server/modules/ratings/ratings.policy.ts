/**
 * Who may do what with 好差评. Deny by default; see platform/authz.ts.
 * The rated staff (window clerks) see their own ratings without the rater; guides (the hall) and
 * approvers (their department) verify, rectify, reply and appeal; the centre's supervisors revisit
 * (回访) and decide appeals; discipline inspectors read everything. Only the centre's supervisors
 * and discipline inspectors see who rated (masked; `rating.rater`) — never the rated staff nor
 * their hall or department; supervisors reach the full contact for the revisit by an audited action.
 */
import type { Policy } from '../../platform/authz.js';

export type RatingAbility = 'rating.own' | 'rating.read' | 'rating.rectify' | 'rating.revisit' | 'rating.rater';

const centre = { roles: ['supervisor', 'discipline_inspector'], scope: 'all' } as const;

export const ratingsPolicy: Policy<RatingAbility> = {
  'rating.own': [{ roles: ['intake_clerk', 'delivery_clerk'], scope: 'self' }],
  'rating.read': [{ roles: ['guide'], scope: 'site' }, { roles: ['approver'], scope: 'department' }, centre],
  'rating.rectify': [{ roles: ['guide'], scope: 'site' }, { roles: ['approver'], scope: 'department' }],
  'rating.revisit': [{ roles: ['supervisor'], scope: 'all' }],
  'rating.rater': [centre],
};
