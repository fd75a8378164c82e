/**
 * Who may do what with online applications on the staff side: the front desk of the application's site pre-reviews
 * and accepts them (the intake clerk's work); the centre's supervisors read them. Applicants reach only their own
 * applications, by ownership (online.service.ts), never through this policy.
 */
import type { Policy } from '../../platform/authz.js';

export type OnlineAbility = 'online.read' | 'online.prereview';

export const onlinePolicy: Policy<OnlineAbility> = {
  'online.read': [{ roles: ['intake_clerk'], scope: 'site' }, { roles: ['supervisor'], scope: 'all' }],
  'online.prereview': [{ roles: ['intake_clerk'], scope: 'site' }],
};
