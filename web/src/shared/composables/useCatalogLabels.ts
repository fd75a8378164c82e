import { useSafeT, type TagType } from '@/shared/composables/useSafeT';
import type { VersionStatus } from '@common/catalog';
import { lifeEventKey } from '@/shared/utils/catalog';


const STATUS_TAG: Record<VersionStatus, TagType> = {
  draft: 'info',
  submitted: 'warning',
  returned: 'danger',
  published: 'success',
};

/** Labels of the catalog code lists (common/catalog.ts) in the UI language. */
export function useCatalogLabels() {
  const { t, safe } = useSafeT();

  return {
    category: (c: string) => safe(`catalogCodes.category.${c}`, c),
    subjectType: (s: string) => safe(`catalogCodes.subjectType.${s}`, s),
    itemType: (code: string) => safe(`catalogCodes.itemType.t${code}`, code),
    level: (n: number) => safe(`catalogCodes.level.l${n}`, String(n)),
    unit: (u: string) => safe(`catalogCodes.unit.${u}`, u),
    /** 「20 个工作日」 */
    limit: (n: number, unit: string) => t(`catalogCodes.limit.${unit === 'natural' ? 'natural' : 'working'}`, { n }, n),
    caseType: (c: string) => safe(`catalogCodes.caseType.${c}`, c),
    subItemKind: (k: string) => safe(`catalogCodes.subItemKind.${k}`, k),
    tongban: (s: string) => safe(`catalogCodes.tongban.${s}`, s),
    form: (f: string) => safe(`catalogCodes.form.${f}`, f),
    status: (s: string) => safe(`catalogCodes.versionStatus.${s}`, s),
    statusTag: (s: string): TagType => STATUS_TAG[s as VersionStatus] ?? 'info',
    batch: (b: number) => safe(`catalogCodes.batch.b${b}`, String(b)),
    bundleKind: (k: string) => safe(`catalogCodes.bundleKind.${k}`, k),
    source: (s: string) => safe(`catalogCodes.source.${s}`, s),
    lifeEvent: (name: string) => {
      const key = lifeEventKey(name);
      return key ? safe(`catalogCodes.lifeEvent.${key}`, name) : name;
    },
    matchedBy: (m: string) => safe(`catalogCodes.matchedBy.${m}`, m),
    yesNo: (b: boolean) => (b ? t('common.yes') : t('common.no')),
  };
}
export type CatalogLabels = ReturnType<typeof useCatalogLabels>;
