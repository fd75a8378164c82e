import { computed, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { DepartmentView, SiteView } from '@/shared/api/org';
import { orgApi } from '@/shared/api/org';
import { showError } from '@/shared/utils/errors';

/** Departments and sites for filters and selects in the admin pages. */
export function useOrgOptions() {
  const { t } = useI18n();
  const departments = shallowRef<DepartmentView[]>([]);
  const sites = shallowRef<SiteView[]>([]);

  async function loadDepartments(): Promise<void> {
    try {
      departments.value = (await orgApi.departments()).items;
    } catch (err) {
      showError(err);
    }
  }
  async function loadSites(): Promise<void> {
    try {
      sites.value = (await orgApi.sites()).items;
    } catch (err) {
      showError(err);
    }
  }

  /** Sites in tree order (district → street → community), labelled with their level. */
  const siteOptions = computed(() => {
    const byParent = new Map<number | null, SiteView[]>();
    for (const s of sites.value) {
      const list = byParent.get(s.parentId) ?? [];
      list.push(s);
      byParent.set(s.parentId, list);
    }
    const known = new Set(sites.value.map((s) => s.id));
    const out: { value: number; label: string; depth: number; site: SiteView }[] = [];
    const walk = (parentId: number | null, depth: number) => {
      for (const s of byParent.get(parentId) ?? []) {
        out.push({ value: s.id, label: `${s.name}（${t(`siteLevels.${s.level}`)}）`, depth, site: s });
        walk(s.id, depth + 1);
      }
    };
    walk(null, 0);
    // sites whose parent is not in the list (should not happen) still appear
    const orphanParents = new Set(sites.value.filter((s) => s.parentId !== null && !known.has(s.parentId)).map((s) => s.parentId));
    for (const parentId of orphanParents) walk(parentId, 0);
    return out;
  });

  return { departments, sites, siteOptions, loadDepartments, loadSites };
}
