/** Who may read and manage the organisation (deny by default; see platform/authz.ts). */
import { ROLES } from '../../../common/roles.js';
import type { Policy } from '../../platform/authz.js';

const everyone = { roles: ROLES, scope: 'all' } as const;
const admin = { roles: ['system_admin'], scope: 'all' } as const;

export type IdentityAbility =
  | 'department.read'
  | 'department.manage'
  | 'site.read'
  | 'site.manage'
  | 'window.read'
  | 'window.manage'
  | 'user.read'
  | 'user.manage';

export const identityPolicy: Policy<IdentityAbility> = {
  'department.read': [everyone],
  'department.manage': [admin],
  'site.read': [everyone],
  'site.manage': [admin],
  'window.read': [everyone],
  'window.manage': [admin],
  // Staff lists: the whole organisation for admins and supervision; colleagues of one's own
  // department for department roles; colleagues of one's own site for hall roles.
  'user.read': [
    { roles: ['system_admin', 'supervisor', 'discipline_inspector'], scope: 'all' },
    { roles: ['approver', 'inspector', 'dept_catalog_editor'], scope: 'department' },
    { roles: ['guide', 'intake_clerk', 'delivery_clerk'], scope: 'site' },
    { roles: ['catalog_admin'], scope: 'self' },
  ],
  'user.manage': [admin],
};
