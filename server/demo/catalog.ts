/**
 * Loads the demo catalog (server/demo/catalog-data.ts) into an empty catalog inside the caller's
 * transaction: standard materials, items, sub-items, one published checklist version per
 * sub-item with its lines, and bundles. Multi-row inserts of at most 1000 rows per statement;
 * codes are mapped to ids through `returning`.
 *
 * Speed: with Drizzle's `insert().values()` every value is a bound parameter (≈ 90 000 for the
 * whole catalog); building and binding them made the load about 1.6 times slower on PGlite. The
 * four big tables (items, sub-items, versions, lines) are therefore inserted with
 * `insert … select … from json_to_recordset($1)`: the same multi-row statements of ≤ 1000 rows,
 * but one parameter each. Column names and types come from the Drizzle table definitions, so the
 * statements follow the schema. What remains is PostgreSQL's own per-row work: foreign-key checks,
 * the immutability trigger on checklist lines and the unique indexes.
 *
 * Published versions are immutable in the database (no line may be added to them), so versions
 * are inserted as drafts, their lines added, and then all of them published in one update.
 */
import { getTableColumns, getTableName, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { rows, type Tx } from '../platform/db.js';
import {
  catalogBundleItems, catalogBundles, catalogItems, catalogMaterials, catalogSubItems, checklistLines, checklistVersions,
} from '../modules/catalog/catalog.tables.js';

const CHUNK = 1000;
const EFFECTIVE_FROM = '2026-01-01';
const SUBMITTED_AT = new Date('2025-12-20T10:00:00+08:00');
const REVIEWED_AT = new Date('2025-12-26T09:00:00+08:00');
const PUBLISHED_AT = new Date('2025-12-26T09:00:00+08:00');
const NOTE = '首次发布（演示数据）';

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function need<K, V>(map: Map<K, V>, key: K, what: string): V {
  const v = map.get(key);
  if (v === undefined) throw new Error(`demo catalog: unknown ${what} ${String(key)}`);
  return v;
}

/**
 * `insert into <table> (<columns>) select <columns> from json_to_recordset($1) … [returning …]`,
 * ≤ 1000 rows per statement. All rows must have the same keys (Drizzle property names);
 * `returning` maps result aliases to column names.
 */
async function bulkInsert<T extends PgTable, R extends Record<string, unknown>>(
  tx: Tx,
  table: T,
  values: T['$inferInsert'][],
  returning: Record<keyof R & string, string> | null,
): Promise<R[]> {
  if (!values.length) return [];
  const columns = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const keys = Object.keys(values[0]!);
  const cols = keys.map((k) => {
    const col = columns[k];
    if (!col) throw new Error(`bulkInsert: ${getTableName(table)} has no column ${k}`);
    return col;
  });
  // short keys in the JSON (c0, c1 …) keep the payload small: PGlite copies it into the WASM heap
  const names = sql.raw(cols.map((c) => `"${c.name}"`).join(', '));
  const aliases = sql.raw(cols.map((_, i) => `c${i}`).join(', '));
  const record = sql.raw(cols.map((c, i) => `c${i} ${c.getSQLType()}`).join(', '));
  const back = returning
    ? sql.raw(` returning ${Object.entries(returning).map(([alias, column]) => `"${column}" as "${alias}"`).join(', ')}`)
    : sql.raw('');
  const out: R[] = [];
  for (const chunk of chunks(values)) {
    const json = JSON.stringify(chunk.map((v) => Object.fromEntries(keys.map((k, i) => [`c${i}`, (v as Record<string, unknown>)[k] ?? null]))));
    const query: SQL = sql`insert into ${table} (${names}) select ${aliases} from json_to_recordset(${json}::json) as x(${record})${back}`;
    if (returning) out.push(...(await rows<R>(tx, query)));
    else await tx.execute(query);
  }
  return out;
}

type DemoCatalog = (typeof import('./catalog-data.js'))['DEMO_CATALOG'];
type DemoRefs = { departmentIdByCode: Map<string, number>; siteIdByCode: Map<string, number> };

export async function loadDemoCatalog(tx: Tx, refs: DemoRefs): Promise<{ items: number; subItems: number; materials: number; bundles: number }> {
  // generated on first use, not when the server starts (≈ 50 ms)
  const catalog = (await import('./catalog-data.js')).DEMO_CATALOG;
  const materialId = await insertMaterials(tx, catalog);
  const itemId = await insertItems(tx, catalog, refs);
  const { subItemId, subItems } = await insertChecklists(tx, catalog, itemId, materialId);
  const bundles = await insertBundles(tx, catalog, subItemId);
  return { items: itemId.size, subItems, materials: materialId.size, bundles };
}

/** 材料标准化定义库: material code → id. */
async function insertMaterials(tx: Tx, catalog: DemoCatalog): Promise<Map<string, number>> {
  const materialRows: { id: number; code: string }[] = [];
  for (const chunk of chunks(catalog.materials)) {
    materialRows.push(...(await tx.insert(catalogMaterials).values(chunk).returning({ id: catalogMaterials.id, code: catalogMaterials.code })));
  }
  return new Map(materialRows.map((r) => [r.code, r.id]));
}

/** 事项: implementation code → id. */
async function insertItems(tx: Tx, catalog: DemoCatalog, refs: DemoRefs): Promise<Map<string, number>> {
  const itemRows = await bulkInsert<typeof catalogItems, { id: number; implCode: string }>(
    tx,
    catalogItems,
    catalog.items.map((it) => ({
      baseCode: it.baseCode,
      implCode: it.implCode,
      name: it.name,
      departmentId: need(refs.departmentIdByCode, it.departmentCode, 'department'),
      subjectType: it.subjectType,
      category: it.category,
      itemType: it.itemType,
      level: it.level,
      legalBasis: it.legalBasis,
      conditions: it.conditions,
      statutoryLimit: it.statutoryLimit,
      statutoryUnit: it.statutoryUnit,
      promisedLimit: it.promisedLimit,
      promisedUnit: it.promisedUnit,
      caseType: it.caseType,
      fees: it.fees,
      location: it.location,
      hours: it.hours,
      phones: it.phones,
      inspectionNeeded: it.inspectionNeeded,
      approvalSteps: it.approvalSteps,
      batch: it.batch,
      enabledSiteIds: it.enabledSiteCodes.map((c) => need(refs.siteIdByCode, c, 'site')),
      tongbanScope: it.tongbanScope,
      flowSteps: it.flowSteps,
      keywords: it.keywords,
      lifeEvents: it.lifeEvents,
    })),
    { id: 'id', implCode: 'impl_code' },
  );
  return new Map(itemRows.map((r) => [r.implCode, r.id]));
}

/**
 * How the demo's sub-items may be handled online: changes, renewals, cancellations and reissues 全程网办 (the record
 * exists; scans suffice), first applications pre-reviewed online and finished at a window in one visit with the
 * originals, the rest at a window — the split the provincial 一网通办 lists show for district items.
 */
export function demoOnlineMode(kind: string): 'none' | 'prereview' | 'full' {
  if (kind === 'new') return 'prereview';
  return kind === 'other' ? 'none' : 'full';
}

/** 办理项 and version 1 of each one's 受理清单 (drafts first: lines cannot be added to a published version), then published. */
async function insertChecklists(tx: Tx, catalog: DemoCatalog, itemId: Map<string, number>, materialId: Map<string, number>) {
  const subItems = catalog.items.flatMap((it) => it.subItems.map((s) => ({ ...s, itemId: need(itemId, it.implCode, 'item') })));
  const subRows = await bulkInsert<typeof catalogSubItems, { id: number; code: string }>(
    tx,
    catalogSubItems,
    subItems.map((s) => ({ itemId: s.itemId, code: s.code, name: s.name, kind: s.kind, onlineMode: demoOnlineMode(s.kind) })),
    { id: 'id', code: 'code' },
  );
  const subItemId = new Map(subRows.map((r) => [r.code, r.id]));

  const versionRows = await bulkInsert<typeof checklistVersions, { id: number; subItemId: number }>(
    tx,
    checklistVersions,
    subItems.map((s) => ({
      subItemId: need(subItemId, s.code, 'sub-item'),
      versionNo: 1,
      status: 'draft',
      note: NOTE,
      submittedAt: SUBMITTED_AT,
      reviewedAt: REVIEWED_AT,
      reviewComment: '演示数据，审核通过',
      effectiveFrom: EFFECTIVE_FROM,
    })),
    { id: 'id', subItemId: 'sub_item_id' },
  );
  const versionBySubItem = new Map(versionRows.map((r) => [r.subItemId, r.id]));

  await bulkInsert<typeof checklistLines, Record<string, never>>(
    tx,
    checklistLines,
    subItems.flatMap((s) => {
      const versionId = need(versionBySubItem, need(subItemId, s.code, 'sub-item'), 'version');
      return s.checklist.map((l) => ({
        versionId,
        lineNo: l.lineNo,
        materialId: need(materialId, l.materialCode, 'material'),
        form: l.form,
        copies: l.copies,
        required: l.required,
        allowMissing: l.allowMissing,
        allowCommitment: l.allowCommitment,
        condition: l.condition,
        reviewPoints: l.reviewPoints,
      }));
    }),
    null,
  );

  for (const chunk of chunks(versionRows.map((r) => r.id))) {
    await tx.update(checklistVersions).set({ status: 'published', publishedAt: PUBLISHED_AT }).where(inArray(checklistVersions.id, chunk));
  }
  return { subItemId, subItems: subRows.length };
}

/** 一件事 / 链条式 with their sub-items in order. */
async function insertBundles(tx: Tx, catalog: DemoCatalog, subItemId: Map<string, number>): Promise<number> {
  const bundleRows = await tx
    .insert(catalogBundles)
    .values(catalog.bundles.map((b) => ({ code: b.code, name: b.name, description: b.description, lifeEvent: b.lifeEvent, kind: b.kind })))
    .returning({ id: catalogBundles.id, code: catalogBundles.code });
  const bundleId = new Map(bundleRows.map((r) => [r.code, r.id]));
  const bundleItems = catalog.bundles.flatMap((b) =>
    b.subItemCodes.map((code, i) => ({ bundleId: need(bundleId, b.code, 'bundle'), subItemId: need(subItemId, code, 'sub-item'), seq: i + 1 })),
  );
  for (const chunk of chunks(bundleItems)) await tx.insert(catalogBundleItems).values(chunk);
  return bundleRows.length;
}
