/** A read model of the cases module for the licenses module's 免提交 rate (issue 17). */
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db.js';
import { catalogRepo } from '../catalog/catalog.repository.js';
import { identityRepo } from '../identity/identity.repository.js';

/**
 * 免提交 (issue 17): per department and item, of the cases received in [from, to], the checklist lines (not 不适用, not
 * taken by a linked case), those whose material maps to a license type, and those satisfied by an electronic license.
 * `departmentIds` null: every department.
 */
export function licenseLineCounts(ex: Executor, from: string, to: string, departmentIds: number[] | null) {
  const dept = departmentIds === null ? sql`true` : departmentIds.length ? sql`c.department_id in (${sql.join(departmentIds.map((x) => sql`${x}`), sql`, `)})` : sql`false`;
  return rows<{ departmentId: number; departmentName: string; itemId: number; itemName: string; lines: number; replaceable: number; byLicense: number }>(ex, sql`
    select c.department_id as "departmentId", d.name as "departmentName", c.item_id as "itemId", i.name as "itemName",
           count(*)::int as lines, count(*) filter (where m.license_type is not null)::int as replaceable,
           count(*) filter (where cm.status = 'license')::int as "byLicense"
    from case_materials cm join cases c on c.id = cm.case_id
    join ${catalogRepo.materialsAs('m')} on m.id = cm.material_id
    join ${identityRepo.departmentsAs('d')} on d.id = c.department_id
    join ${catalogRepo.itemsAs('i')} on i.id = c.item_id
    where c.received_on between ${from}::date and ${to}::date
      and cm.status not in ('not_applicable', 'shared') and ${dept}
    group by 1, 2, 3, 4 order by 2, 4`);
}
