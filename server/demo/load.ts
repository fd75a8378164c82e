/** Loads the demo district into an empty database (first start) or after `npm run demo:reset`. */
import { systemActor } from '../platform/authz.js';
import { hashPassword } from '../platform/passwords.js';
import { departments, sites, users, windows } from '../modules/identity/identity.tables.js';
import type { Services } from '../services.js';
import { DEMO_DEPARTMENTS, DEMO_PASSWORD, DEMO_SITES, DEMO_USERS, DEMO_WINDOWS } from './organisation.js';
import { loadDemoCatalog } from './catalog.js';
import { loadDemoLicenseTypes } from './licenses.js';

export async function loadDemo(services: Services): Promise<void> {
  const actor = systemActor('demo-loader');
  // One hash per user (each with its own salt), computed before the transaction.
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  await services.database.tx(async (tx) => {
    const deptRows = await tx.insert(departments).values(DEMO_DEPARTMENTS).returning();
    const deptId = new Map(deptRows.map((d) => [d.code, d.id]));
    const siteId = new Map<string, number>();
    for (const s of DEMO_SITES) {
      const [row] = await tx
        .insert(sites)
        .values({ code: s.code, name: s.name, level: s.level, parentId: s.parent ? siteId.get(s.parent)! : null, address: s.address, phone: s.phone, hours: s.hours })
        .returning({ id: sites.id });
      siteId.set(s.code, row!.id);
    }
    await tx.insert(windows).values(DEMO_WINDOWS.map((w) => ({ siteId: siteId.get(w.site)!, code: w.code, name: w.name, kind: w.kind, categories: w.categories })));
    await tx.insert(users).values(
      DEMO_USERS.map((u, i) => ({
        username: u.username,
        displayName: u.displayName,
        roles: u.roles,
        departmentId: u.department ? deptId.get(u.department)! : null,
        siteId: u.site ? siteId.get(u.site)! : null,
        phone: u.phone,
        passwordHash: hashes[i]!,
      })),
    );
    const catalog = await loadDemoCatalog(tx, { departmentIdByCode: deptId, siteIdByCode: siteId });
    const licenseCatalogue = await loadDemoLicenseTypes(tx);
    await services.audit.record(tx, actor, {
      kind: 'demo.loaded',
      aggregateType: 'system',
      aggregateId: 'demo',
      data: { departments: DEMO_DEPARTMENTS.length, sites: DEMO_SITES.length, windows: DEMO_WINDOWS.length, users: DEMO_USERS.length, catalog, licenseCatalogue },
    });
  });
}
