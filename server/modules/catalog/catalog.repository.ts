/** SQL of the catalog module. Takes the executor; returns rows. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { num, relationAlias, rows, type Executor } from '../../platform/db.js';
import { identityRepo } from '../identity/identity.repository.js';
import {
  catalogBundleItems, catalogBundles, catalogItems, catalogMaterials, catalogSubItems, checklistLines, checklistVersions,
} from './catalog.tables.js';

export type ItemRow = typeof catalogItems.$inferSelect;
export type SubItemRow = typeof catalogSubItems.$inferSelect;
export type MaterialRow = typeof catalogMaterials.$inferSelect;
export type VersionRow = typeof checklistVersions.$inferSelect;
export type LineRow = typeof checklistLines.$inferSelect & { materialName: string; materialCode: string; licenseType: string | null };
export type BundleRow = typeof catalogBundles.$inferSelect;

export interface VersionContext {
  version: VersionRow;
  subItem: SubItemRow;
  item: ItemRow;
}

/**
 * The checklist version in force on a date (DOMAIN.md): the published one effective by then with the latest
 * effective date (then the highest number). As SQL so that other modules' single statements apply the same rule.
 */
export const versionInForce = {
  /** `checklist_versions` rows of the sub-item (an id or an outer column) that may be in force on the date */
  where: (subItem: SQL | number, onDate: string): SQL =>
    sql`${checklistVersions.subItemId} = ${subItem} and ${checklistVersions.status} = 'published' and ${checklistVersions.effectiveFrom} <= ${onDate}`,
  /** first row = the one in force */
  order: [desc(checklistVersions.effectiveFrom), desc(checklistVersions.versionNo)] as const,
};

/** A version's lines with their materials as one JSON array of LineRow (for a caller's single statement). */
/** The checklist version in force on a date for a sub-item (an id or an outer column): `id`, `version_no`, at most one row (for a lateral join). */
export function versionInForceSql(subItem: SQL | number, onDate: string): SQL {
  return sql`select ${checklistVersions.id} as id, ${checklistVersions.versionNo} as version_no from ${checklistVersions}
    where ${versionInForce.where(subItem, onDate)} order by ${sql.join([...versionInForce.order], sql`, `)} limit 1`;
}

/** A sub-item's name as SQL, for other modules' statements: the catalog's tables stay its own. */
export function subItemNameSql(subItemId: SQL): SQL {
  return sql`(select rm_s.name from catalog_sub_items rm_s where rm_s.id = ${subItemId})`;
}

export function linesJsonSql(versionId: SQL): SQL {
  return sql`coalesce((select json_agg(json_build_object('id', rm_l.id, 'versionId', rm_l.version_id, 'lineNo', rm_l.line_no, 'materialId', rm_l.material_id,
      'form', rm_l.form, 'copies', rm_l.copies, 'required', rm_l.required, 'allowMissing', rm_l.allow_missing, 'allowCommitment', rm_l.allow_commitment,
      'condition', rm_l.condition, 'reviewPoints', rm_l.review_points, 'materialName', rm_m.name, 'materialCode', rm_m.code, 'licenseType', rm_m.license_type) order by rm_l.line_no)
    from checklist_lines rm_l join catalog_materials rm_m on rm_m.id = rm_l.material_id where rm_l.version_id = ${versionId}), '[]')`;
}

/** A checklist version's number as SQL (the version an id or an outer column). */
export function versionNoSql(versionId: SQL): SQL {
  return sql`(select rm_v.version_no from checklist_versions rm_v where rm_v.id = ${versionId})`;
}
/** The sub-items of a bundle in its order, each with the bundle's name and whether it is active (one statement). */
export function bundleMembers(ex: Executor, bundleId: number) {
  return rows<{ subItemId: number; name: string; active: boolean }>(
    ex,
    sql`select bi.sub_item_id as "subItemId", b.name, b.active from catalog_bundle_items bi join catalog_bundles b on b.id = bi.bundle_id
        where bi.bundle_id = ${bundleId} order by bi.seq`,
  );
}

export const catalogRepo = {
  async findItem(ex: Executor, id: number): Promise<ItemRow | undefined> {
    return (await ex.select().from(catalogItems).where(eq(catalogItems.id, id)))[0];
  },
  async findSubItem(ex: Executor, id: number): Promise<{ subItem: SubItemRow; item: ItemRow } | undefined> {
    const [r] = await ex
      .select({ subItem: catalogSubItems, item: catalogItems })
      .from(catalogSubItems)
      .innerJoin(catalogItems, eq(catalogItems.id, catalogSubItems.itemId))
      .where(eq(catalogSubItems.id, id));
    return r;
  },
  async listSubItems(ex: Executor, itemId: number): Promise<SubItemRow[]> {
    return ex.select().from(catalogSubItems).where(eq(catalogSubItems.itemId, itemId)).orderBy(asc(catalogSubItems.code));
  },
  async listItems(ex: Executor, where: SQL | undefined, page: { limit: number; offset: number }) {
    const [items, total] = await Promise.all([
      ex
        .select({
          item: catalogItems,
          departmentName: sql<string>`${identityRepo.departmentNameSql(sql`${catalogItems.departmentId}`)}`,
          // the table named outright: in a one-table select drizzle writes a bare "id", which inside this subquery is s.id
          subItems: sql<number>`(select count(*) from catalog_sub_items s where s.item_id = catalog_items.id)`,
        })
        .from(catalogItems)
        .where(where)
        .orderBy(asc(catalogItems.batch), asc(catalogItems.implCode))
        .limit(page.limit)
        .offset(page.offset),
      ex.$count(catalogItems, where),
    ]);
    return { items: items.map((r) => ({ ...r, subItems: num(r.subItems) })), total: num(total) };
  },

  async findVersion(ex: Executor, id: number): Promise<VersionContext | undefined> {
    const [r] = await ex
      .select({ version: checklistVersions, subItem: catalogSubItems, item: catalogItems })
      .from(checklistVersions)
      .innerJoin(catalogSubItems, eq(catalogSubItems.id, checklistVersions.subItemId))
      .innerJoin(catalogItems, eq(catalogItems.id, catalogSubItems.itemId))
      .where(eq(checklistVersions.id, id));
    return r;
  },
  async lockVersion(ex: Executor, id: number): Promise<VersionRow | undefined> {
    return (await ex.select().from(checklistVersions).where(eq(checklistVersions.id, id)).for('update'))[0];
  },
  async versionsOf(ex: Executor, subItemId: number): Promise<VersionRow[]> {
    return ex.select().from(checklistVersions).where(eq(checklistVersions.subItemId, subItemId)).orderBy(desc(checklistVersions.versionNo));
  },
  async openVersionOf(ex: Executor, subItemId: number): Promise<VersionRow | undefined> {
    return (
      await ex
        .select()
        .from(checklistVersions)
        .where(and(eq(checklistVersions.subItemId, subItemId), sql`${checklistVersions.status} in ('draft', 'submitted', 'returned')`))
    )[0];
  },
  /** The version in force on a date: the latest published one effective by then. */
  async effectiveVersion(ex: Executor, subItemId: number, onDate: string): Promise<VersionRow | undefined> {
    return (
      await ex
        .select()
        .from(checklistVersions)
        .where(versionInForce.where(subItemId, onDate))
        .orderBy(...versionInForce.order)
        .limit(1)
    )[0];
  },
  async latestPublished(ex: Executor, subItemId: number): Promise<VersionRow | undefined> {
    return (
      await ex
        .select()
        .from(checklistVersions)
        .where(and(eq(checklistVersions.subItemId, subItemId), eq(checklistVersions.status, 'published')))
        .orderBy(desc(checklistVersions.versionNo))
        .limit(1)
    )[0];
  },
  async nextVersionNo(ex: Executor, subItemId: number): Promise<number> {
    const [r] = await rows<{ n: unknown }>(ex, sql`select coalesce(max(version_no), 0) + 1 as n from checklist_versions where sub_item_id = ${subItemId}`);
    return num(r?.n);
  },
  async linesOf(ex: Executor, versionIds: number[]): Promise<LineRow[]> {
    if (!versionIds.length) return [];
    return ex
      .select({
        id: checklistLines.id, versionId: checklistLines.versionId, lineNo: checklistLines.lineNo, materialId: checklistLines.materialId,
        form: checklistLines.form, copies: checklistLines.copies, required: checklistLines.required, allowMissing: checklistLines.allowMissing,
        allowCommitment: checklistLines.allowCommitment, condition: checklistLines.condition, reviewPoints: checklistLines.reviewPoints,
        materialName: catalogMaterials.name, materialCode: catalogMaterials.code, licenseType: catalogMaterials.licenseType,
      })
      .from(checklistLines)
      .innerJoin(catalogMaterials, eq(catalogMaterials.id, checklistLines.materialId))
      .where(inArray(checklistLines.versionId, versionIds))
      .orderBy(asc(checklistLines.versionId), asc(checklistLines.lineNo));
  },
  async materialsByIds(ex: Executor, ids: number[]): Promise<MaterialRow[]> {
    if (!ids.length) return [];
    return ex.select().from(catalogMaterials).where(inArray(catalogMaterials.id, ids));
  },
  /** Display names of staff who acted on catalog records (identity's read model). */
  userNames: (ex: Executor, ids: number[]) => identityRepo.userNames(ex, ids),
  async bundlesOfSubItem(ex: Executor, subItemId: number): Promise<BundleRow[]> {
    return ex
      .select({ b: catalogBundles })
      .from(catalogBundleItems)
      .innerJoin(catalogBundles, eq(catalogBundles.id, catalogBundleItems.bundleId))
      .where(and(eq(catalogBundleItems.subItemId, subItemId), eq(catalogBundles.active, true)))
      .then((r) => r.map((x) => x.b));
  },

  // ---- relations for a join: one read model per table, `(select <the stated columns> from <table> rm_x) <as>`, a
  // derived table the caller joins like the table itself (as identity's `sitesAs`). The columns are the contract: a
  // caller names no other (add one here first). PostgreSQL pulls a plain projection like this up into the caller's
  // join, so the plan is the one a join with the table has: a list or a hot lookup pays nothing for the wall.

  /**
   * Items: id, name, active, impl_code, department_id, subject_type, case_type, promised_limit, promised_unit,
   * statutory_limit, statutory_unit, approval_steps, enabled_site_ids — what a case pins at intake, and the item's name
   * and department for case lists, the progress page, the light board and rules, the supervision scan, rating facts.
   */
  itemsAs(as: string): SQL {
    return sql`(select rm_i.id, rm_i.name, rm_i.active, rm_i.impl_code, rm_i.department_id, rm_i.subject_type, rm_i.case_type,
      rm_i.promised_limit, rm_i.promised_unit, rm_i.statutory_limit, rm_i.statutory_unit, rm_i.approval_steps, rm_i.enabled_site_ids
      from catalog_items rm_i) ${relationAlias(as)}`;
  },
  /** Sub-items: id, item_id, code, name, active — for case lists and details, the progress page, the intake, handovers. */
  subItemsAs(as: string): SQL {
    return sql`(select rm_s.id, rm_s.item_id, rm_s.code, rm_s.name, rm_s.online_mode, rm_s.active from catalog_sub_items rm_s) ${relationAlias(as)}`;
  },
  /** Materials: id, code, name, license_type — for a case's materials in its detail, the license types (电子证照) a material maps to. */
  materialsAs(as: string): SQL {
    return sql`(select rm_m.id, rm_m.code, rm_m.name, rm_m.license_type from catalog_materials rm_m) ${relationAlias(as)}`;
  },
  /** Checklist lines: version_id, line_no, required, review_points — for a case's materials in its detail. */
  checklistLinesAs(as: string): SQL {
    return sql`(select rm_l.version_id, rm_l.line_no, rm_l.required, rm_l.review_points from checklist_lines rm_l) ${relationAlias(as)}`;
  },
  /** Bundles (一件事): id, name — the bundle of a case's visit, in its detail. */
  bundlesAs(as: string): SQL {
    return sql`(select rm_b.id, rm_b.name from catalog_bundles rm_b) ${relationAlias(as)}`;
  },

  // read models for ratings / supervision / queue

  /** An item's name as SQL, for other modules' rows and reports. */
  itemNameSql(itemId: SQL): SQL {
    return sql`(select rm_i.name from catalog_items rm_i where rm_i.id = ${itemId})`;
  },
  /** The ids of a department's items, as a subquery for `in (…)`. */
  itemIdsOfDepartmentSql(departmentId: number): SQL {
    return sql`select rm_i.id from catalog_items rm_i where rm_i.department_id = ${departmentId}`;
  },
  /**
   * 承诺压缩率: the mean share by which active items' promised limits undercut their statutory ones (items whose two
   * limits are in the same unit), over every item or a department's; null without such items.
   */
  async promiseCompression(ex: Executor, departmentId: number | null): Promise<number | null> {
    const [r] = await rows<{ c: number | null }>(ex, sql`select avg((statutory_limit - promised_limit)::numeric / statutory_limit)::float8 as c from catalog_items
      where active and statutory_limit > 0 and statutory_unit = promised_unit
      ${departmentId !== null ? sql`and department_id = ${departmentId}` : sql``}`);
    return r?.c === null || r?.c === undefined ? null : Number(r.c);
  },
};
