/**
 * Who may do what with electronic licenses. Deny by default. The front desk and the centre read the whole library
 * (the clerk offers a holder's licenses at intake); a department's approvers and inspectors read the licenses their
 * department issued or that were used in its cases, and revoke their department's; the catalogue, the seal keys and
 * imports belong to the centre's catalog and system administrators.
 */
import type { Policy } from '../../platform/authz.js';

export type LicenseAbility =
  | 'license.read' // the library, a license's history, its PDF
  | 'license.offer' // a holder's licenses offered for the lines of an intake form
  | 'license.revoke' // 注销/撤销 a license
  | 'license.manage' // the catalogue, seal keys, imports
  | 'license.stats'; // 免提交 rate

const centre = { roles: ['supervisor', 'discipline_inspector'], scope: 'all' } as const;
const desk = { roles: ['intake_clerk', 'delivery_clerk'], scope: 'all' } as const;
const department = { roles: ['approver', 'inspector'], scope: 'department' } as const;
const admins = { roles: ['catalog_admin', 'system_admin'], scope: 'all' } as const;

export const licensesPolicy: Policy<LicenseAbility> = {
  'license.read': [centre, desk, department, admins],
  'license.offer': [{ roles: ['intake_clerk'], scope: 'all' }],
  'license.revoke': [{ roles: ['supervisor'], scope: 'all' }, { roles: ['approver'], scope: 'department' }],
  'license.manage': [admins],
  'license.stats': [centre, { roles: ['approver'], scope: 'department' }, admins],
};
