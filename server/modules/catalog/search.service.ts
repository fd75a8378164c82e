/**
 * Catalog search (办事搜索): the in-process index (catalog.search.ts) over the active sub-items with a
 * checklist in force, built on first use and rebuilt when the catalog changes — at once in the process
 * that changed it (touch), within INDEX_CHECK_MS in the others.
 */
import { sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.js';
import { num, rows, type Database } from '../../platform/db.js';
import { identityRepo } from '../identity/identity.repository.js';
import type { CatalogSearchIndex, SearchDoc, SearchFilters } from './catalog.search.js';

/** How often a process checks whether another one changed the catalog. */
const INDEX_CHECK_MS = 5_000;

export class CatalogSearchService {
  private index: CatalogSearchIndex | null = null;
  private docs = new Map<number, SearchDoc>();
  private indexKey = '';
  private indexCheckedAt = 0;
  private building: Promise<CatalogSearchIndex> | null = null;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  async search(q: string, filters: SearchFilters, limit: number) {
    const index = await this.searchIndex();
    const res = index.search(q, filters, limit);
    const hits = res.hits.flatMap((hit) => {
      const doc = this.docs.get(hit.subItemId);
      return doc ? [{ hit, doc }] : [];
    });
    return { total: res.total, hits };
  }

  /** Marks the index stale in this process (other processes notice within INDEX_CHECK_MS). */
  touch(): void {
    this.indexCheckedAt = 0;
    this.indexKey = '';
  }

  private async searchIndex(): Promise<CatalogSearchIndex> {
    if (this.index && Date.now() - this.indexCheckedAt < INDEX_CHECK_MS) return this.index;
    if (this.building) return this.building;
    this.building = (async () => {
      try {
        const key = await this.revisionKey();
        this.indexCheckedAt = Date.now();
        if (this.index && key === this.indexKey) return this.index;
        const docs = await this.searchDocs();
        // Imported on first use: the index and pinyin-pro stay out of the start-up path.
        if (!this.index) this.index = new (await import('./catalog.search.js')).CatalogSearchIndex(docs);
        else this.index.replaceAll(docs);
        this.docs = new Map(docs.map((d) => [d.subItemId, d]));
        this.indexKey = key;
        return this.index;
      } finally {
        this.building = null;
      }
    })();
    return this.building;
  }

  /**
   * Changes when anything searchable changes, or when a day passes (future versions take effect). The catalog's
   * updated_at / published_at are record metadata on real time, not the service clock, so this key only grows (ADR 0016).
   */
  private async revisionKey(): Promise<string> {
    const [r] = await rows<{ k: string }>(this.database.db, sql`select concat_ws('|',
        (select max(updated_at) from catalog_items)::text, (select max(updated_at) from catalog_sub_items)::text,
        (select count(*) from catalog_sub_items)::text, (select max(published_at) from checklist_versions)::text) as k`);
    return `${this.clock.today()}|${r?.k ?? ''}`;
  }

  /** Active sub-items with a checklist in force, as search documents. */
  private async searchDocs(): Promise<SearchDoc[]> {
    const today = this.clock.today();
    const res = await rows<{
      sub_item_id: number; item_id: number; name: string; item_name: string; keywords: string[]; code: string; impl_code: string; base_code: string;
      department_id: number; department_name: string; category: string; subject_type: string; batch: number; site_ids: number[]; life_events: string[];
    }>(
      this.database.db,
      sql`select s.id as sub_item_id, i.id as item_id, s.name, i.name as item_name, i.keywords, s.code, i.impl_code, i.base_code,
                 i.department_id, ${identityRepo.departmentNameSql(sql`i.department_id`)} as department_name, i.category, i.subject_type, i.batch,
                 i.enabled_site_ids as site_ids, i.life_events
          from catalog_sub_items s join catalog_items i on i.id = s.item_id
          where s.active and i.active and exists (select 1 from checklist_versions v where v.sub_item_id = s.id and v.status = 'published' and v.effective_from <= ${today})`,
    );
    return res.map((r) => ({
      subItemId: num(r.sub_item_id), itemId: num(r.item_id), name: r.name, itemName: r.item_name, keywords: r.keywords ?? [], code: r.code,
      implCode: r.impl_code, baseCode: r.base_code, departmentId: num(r.department_id), departmentName: r.department_name,
      category: r.category as SearchDoc['category'], subjectType: r.subject_type as SearchDoc['subjectType'], batch: num(r.batch) as 1 | 2 | 3,
      siteIds: (r.site_ids ?? []).map(num), lifeEvents: r.life_events ?? [],
    }));
  }
}
