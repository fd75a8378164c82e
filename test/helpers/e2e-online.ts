/** Online applications in browser tests: a sub-item the district centre offers online, found through the staff API. */
import type { ApiSession } from './e2e-api.js';

/**
 * A sub-item for citizens handled online in `mode` at the site, whose checklist in force has a required line;
 * `departments`: only items of these departments (e.g. those with an approver among the demo's users).
 */
export async function onlineSubItem(staff: ApiSession, siteId: number, mode: 'full' | 'prereview', departments?: Set<number>): Promise<{ id: number; name: string }> {
  type Item = { id: number; departmentId: number; subjectType: string; enabledSiteIds: number[]; active: boolean };
  const items = (await staff.get<{ items: Item[] }>('/api/catalog/items?pageSize=200')).items.filter(
    (i) => i.active && (!departments || departments.has(i.departmentId)) && i.subjectType !== 'legal_person' && (i.enabledSiteIds.length === 0 || i.enabledSiteIds.includes(siteId)),
  );
  for (const item of items) {
    const detail = await staff.get<{ subItems: { id: number; name: string; active: boolean; onlineMode: string }[] }>(`/api/catalog/items/${item.id}`);
    for (const s of detail.subItems.filter((x) => x.active && x.onlineMode === mode)) {
      try {
        const form = await staff.get<{ subItems: { lines: { required: boolean }[] }[] }>(`/api/cases/intake-form?subItemIds=${s.id}`);
        if (form.subItems[0]?.lines.some((l) => l.required)) return s;
      } catch {
        // no checklist in force: the next one
      }
    }
  }
  throw new Error(`no ${mode} sub-item for citizens at site ${siteId}`);
}
