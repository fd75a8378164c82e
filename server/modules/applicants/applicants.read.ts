/** The applicants module's read models for other modules' joins (the online channel names who applies). */
import { sql, type SQL } from 'drizzle-orm';
import { relationAlias } from '../../platform/db.js';

export const applicantsRepo = {
  /** Accounts: id, phone, real_name, id_number, verified_by (self / oidc). */
  applicantsAs(as: string): SQL {
    return sql`(select rm_a.id, rm_a.phone, rm_a.real_name, rm_a.id_number, rm_a.verified_by from applicants rm_a) ${relationAlias(as)}`;
  },
  /** Legal persons: id, uscc, name. */
  entitiesAs(as: string): SQL {
    return sql`(select rm_e.id, rm_e.uscc, rm_e.name from legal_entities rm_e) ${relationAlias(as)}`;
  },
};
