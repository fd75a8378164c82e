import type { Policy } from '../../platform/authz.js';

export type AuditAbility = 'audit.read' | 'audit.verify';

/** The audit trail is for supervision (政务办, 纪检监察) and the system admin. */
const supervision = { roles: ['supervisor', 'discipline_inspector', 'system_admin'], scope: 'all' } as const;
export const auditPolicy: Policy<AuditAbility> = {
  'audit.read': [supervision],
  'audit.verify': [supervision],
};
