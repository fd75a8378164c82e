/**
 * Who may do what with 好差评. Deny by default; see platform/authz.ts.
 * The rated staff (window clerks) see their own ratings without the rater; guides (the hall) and
 * approvers (their department) verify, rectify, reply and appeal; the centre's supervisors revisit
 * (回访) and decide appeals; discipline inspectors read everything.
 */
import type { Policy } from '../../platform/authz.js';

export type RatingAbility = 'rating.own' | 'rating.read' | 'rating.rectify' | 'rating.revisit';

const centre = { roles: ['supervisor', 'discipline_inspector'], scope: 'all' } as const;

export const ratingsPolicy: Policy<RatingAbility> = {
  'rating.own': [{ roles: ['intake_clerk', 'delivery_clerk'], scope: 'self' }],
  'rating.read': [{ roles: ['guide'], scope: 'site' }, { roles: ['approver'], scope: 'department' }, centre],
  'rating.rectify': [{ roles: ['guide'], scope: 'site' }, { roles: ['approver'], scope: 'department' }],
  'rating.revisit': [{ roles: ['supervisor'], scope: 'all' }],
};
