/**
 * The catalog (事项清单): items and their sub-items, the standard material library, bundles
 * (一件事), guides (办事指南) and the files attached to items and materials. Checklist versions
 * live in checklist.service.ts, search in search.service.ts.
 */
import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import type { OnlineMode } from '../../../common/online.js';
import type { CaseType, FlowStep, ItemCategory, LimitUnit, SubItemKind, SubjectType, TongbanScope } from '../../../common/catalog.js';
import { authorize, reaches, scopeOf, type Actor } from '../../platform/authz.js';
import type { Clock } from '../../platform/clock.js';
import { assertUnique, inList, num, rows, type Database, type Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { identityRepo } from '../identity/identity.repository.js';
import { catalogPolicy } from './catalog.policy.js';
import { catalogRepo as repo } from './catalog.repository.js';
import { catalogBundleItems, catalogBundles, catalogFiles, catalogItems, catalogMaterials, catalogSubItems } from './catalog.tables.js';
import { CATALOG_FILE_POLICY, type FileKind } from './catalog.files.js';
import type { FileService } from '../files/files.service.js';

export interface ItemInput {
  baseCode: string; implCode: string; name: string; departmentId: number; subjectType: SubjectType; category: ItemCategory;
  itemType: string; level: number; legalBasis: string; conditions: string; statutoryLimit: number; statutoryUnit: LimitUnit;
  promisedLimit: number; promisedUnit: LimitUnit; caseType: CaseType; fees: string; location: string; hours: string; phones: string;
  inspectionNeeded: boolean; approvalSteps: number; batch: number; enabledSiteIds: number[]; tongbanScope: TongbanScope;
  flowSteps: FlowStep[]; keywords: string[]; lifeEvents: string[]; active?: boolean;
}
export interface MaterialInput { code: string; name: string; description: string; sampleNote: string; licenseType: string | null; source: 'applicant' | 'government' }
export interface BundleInput { code: string; name: string; description: string; lifeEvent: string; kind: 'bundle' | 'chain'; subItemIds: number[]; active?: boolean }

export class CatalogService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly files: FileService,
    /** items or sub-items changed: the search index is stale (CatalogSearchService.touch) */
    private readonly onChanged: () => void,
  ) {}

  // ---- files (表格下载 / 填写示例 / 材料样本) ------------------------------------------------------
  async listFiles(ownerType: 'item' | 'material', ownerIds: number[]) {
    if (!ownerIds.length) return [];
    return this.database.db
      .select({ id: catalogFiles.id, ownerType: catalogFiles.ownerType, ownerId: catalogFiles.ownerId, kind: catalogFiles.kind, title: catalogFiles.title, fileName: catalogFiles.fileName, mimeType: catalogFiles.mimeType, size: catalogFiles.size, createdAt: catalogFiles.createdAt })
      .from(catalogFiles)
      .where(and(eq(catalogFiles.ownerType, ownerType), sql`${catalogFiles.ownerId} in (${inList(ownerIds)})`))
      .orderBy(asc(catalogFiles.kind), asc(catalogFiles.id));
  }

  async addFile(actor: Actor, input: { ownerType: 'item' | 'material'; ownerId: number; kind: FileKind; title: string; fileName: string; mimeType: string; data: Buffer }) {
    await this.assertMayEditOwner(actor, input.ownerType, input.ownerId);
    // the file and its row commit together: a failed insert leaves no stored file behind
    return this.database.tx(async (tx) => {
      const stored = await this.files.put(input.data, CATALOG_FILE_POLICY, input.mimeType, tx);
      const [row] = await tx
        .insert(catalogFiles)
        .values({ ownerType: input.ownerType, ownerId: input.ownerId, kind: input.kind, title: input.title, fileName: input.fileName, mimeType: stored.mediaType, size: stored.size, contentSha256: stored.sha256 })
        .returning({ id: catalogFiles.id });
      await this.audit.record(tx, actor, { kind: 'catalog_file.added', aggregateType: input.ownerType, aggregateId: input.ownerId, data: { fileId: row!.id, kind: input.kind, title: input.title, fileName: input.fileName, size: stored.size, sha256: stored.sha256 } });
      return row!.id;
    });
  }

  async removeFile(actor: Actor, id: number) {
    // deny by default before anything is read: only who may edit items or materials removes their files
    if (!scopeOf(actor, catalogPolicy['item.edit']) && !scopeOf(actor, catalogPolicy['material.manage'])) authorize(actor, catalogPolicy, 'item.edit');
    const [file] = await this.database.db.select().from(catalogFiles).where(eq(catalogFiles.id, id));
    if (!file) throw new AppError('NOT_FOUND');
    await this.assertMayEditOwner(actor, file.ownerType as 'item' | 'material', file.ownerId);
    await this.database.tx(async (tx) => {
      await tx.delete(catalogFiles).where(eq(catalogFiles.id, id));
      await this.audit.record(tx, actor, { kind: 'catalog_file.removed', aggregateType: file.ownerType, aggregateId: file.ownerId, data: { fileId: id, title: file.title, fileName: file.fileName } });
    });
  }

  /** A file for download: form templates and samples are part of the public guide. */
  async openFile(id: number) {
    const [file] = await this.database.db.select().from(catalogFiles).where(eq(catalogFiles.id, id));
    const stored = file?.contentSha256 ? await this.files.stat(file.contentSha256) : null;
    if (!file || !stored) throw new AppError('NOT_FOUND'); // (an upload lost from an old node's disk is not found either)
    return { file, stream: this.files.open(stored) };
  }

  private async assertMayEditOwner(actor: Actor, ownerType: 'item' | 'material', ownerId: number) {
    if (ownerType === 'material') {
      authorize(actor, catalogPolicy, 'material.manage');
      const [m] = await this.database.db.select({ id: catalogMaterials.id }).from(catalogMaterials).where(eq(catalogMaterials.id, ownerId));
      if (!m) throw new AppError('NOT_FOUND');
      return;
    }
    const scope = authorize(actor, catalogPolicy, 'item.edit');
    const item = await repo.findItem(this.database.db, ownerId);
    if (!item || !reaches(scope, { departmentId: item.departmentId })) throw new AppError('NOT_FOUND');
  }

  // ---- items -------------------------------------------------------------------------------
  async listItems(actor: Actor, q: { q?: string; departmentId?: number; category?: ItemCategory; batch?: number; page: number; pageSize: number }) {
    authorize(actor, catalogPolicy, 'catalog.browse');
    const like = q.q ? `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const where = and(
      like ? or(ilike(catalogItems.name, like), ilike(catalogItems.implCode, like), ilike(catalogItems.baseCode, like)) : undefined,
      q.departmentId ? eq(catalogItems.departmentId, q.departmentId) : undefined,
      q.category ? eq(catalogItems.category, q.category) : undefined,
      q.batch ? eq(catalogItems.batch, q.batch) : undefined,
    );
    return repo.listItems(this.database.db, where, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  }

  async getItem(actor: Actor, id: number) {
    authorize(actor, catalogPolicy, 'catalog.browse');
    const item = await repo.findItem(this.database.db, id);
    if (!item) throw new AppError('NOT_FOUND');
    const [subItems, dept] = await Promise.all([
      repo.listSubItems(this.database.db, id),
      identityRepo.findDepartment(this.database.db, item.departmentId),
    ]);
    const editScope = scopeOf(actor, catalogPolicy['item.edit']);
    const files = await this.listFiles('item', [id]);
    return { item, departmentName: dept?.name ?? '', subItems, files, canEdit: !!editScope && reaches(editScope, { departmentId: item.departmentId }) };
  }

  async createItem(actor: Actor, input: ItemInput) {
    authorize(actor, catalogPolicy, 'item.create');
    checkLimits(input);
    return this.database.tx(async (tx) => {
      await this.assertDepartment(tx, input.departmentId);
      await assertUnique(tx, sql`select 1 from catalog_items where impl_code = ${input.implCode}`, '实施编码');
      const [row] = await tx.insert(catalogItems).values(input).returning();
      await this.audit.record(tx, actor, { kind: 'item.created', aggregateType: 'item', aggregateId: row!.id, data: { name: input.name, implCode: input.implCode } });
      this.onChanged();
      return row!;
    });
  }

  async updateItem(actor: Actor, id: number, patch: Partial<ItemInput>) {
    const scope = authorize(actor, catalogPolicy, 'item.edit');
    return this.database.tx(async (tx) => {
      const before = await repo.findItem(tx, id);
      if (!before || !reaches(scope, { departmentId: before.departmentId })) throw new AppError('NOT_FOUND');
      // Moving an item to another department, or re-coding it, is the centre's decision.
      if ((patch.departmentId !== undefined && patch.departmentId !== before.departmentId) || (patch.implCode && patch.implCode !== before.implCode)) {
        authorize(actor, catalogPolicy, 'item.create');
      }
      checkLimits({ ...before, ...patch } as ItemInput);
      if (patch.departmentId !== undefined) await this.assertDepartment(tx, patch.departmentId);
      if (patch.implCode && patch.implCode !== before.implCode) {
        await assertUnique(tx, sql`select 1 from catalog_items where impl_code = ${patch.implCode} and id <> ${id}`, '实施编码');
      }
      const [row] = await tx.update(catalogItems).set({ ...patch, updatedAt: new Date() }).where(eq(catalogItems.id, id)).returning();
      const changed = Object.keys(patch).filter((k) => JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify((patch as Record<string, unknown>)[k]));
      await this.audit.record(tx, actor, {
        kind: 'item.updated', aggregateType: 'item', aggregateId: id,
        data: { changed, before: Object.fromEntries(changed.map((k) => [k, (before as Record<string, unknown>)[k]])), after: Object.fromEntries(changed.map((k) => [k, (patch as Record<string, unknown>)[k]])) },
      });
      this.onChanged();
      return row!;
    });
  }

  async createSubItem(actor: Actor, itemId: number, input: { code: string; name: string; kind: SubItemKind; onlineMode?: OnlineMode }) {
    const scope = authorize(actor, catalogPolicy, 'item.edit');
    return this.database.tx(async (tx) => {
      const item = await repo.findItem(tx, itemId);
      if (!item || !reaches(scope, { departmentId: item.departmentId })) throw new AppError('NOT_FOUND');
      await assertUnique(tx, sql`select 1 from catalog_sub_items where code = ${input.code}`, '办理项编码');
      const [row] = await tx.insert(catalogSubItems).values({ ...input, itemId }).returning();
      await this.audit.record(tx, actor, { kind: 'sub_item.created', aggregateType: 'item', aggregateId: itemId, data: { subItemId: row!.id, ...input } });
      this.onChanged();
      return row!;
    });
  }

  async updateSubItem(actor: Actor, id: number, patch: { name?: string; kind?: SubItemKind; onlineMode?: OnlineMode; active?: boolean }) {
    const scope = authorize(actor, catalogPolicy, 'item.edit');
    return this.database.tx(async (tx) => {
      const found = await repo.findSubItem(tx, id);
      if (!found || !reaches(scope, { departmentId: found.item.departmentId })) throw new AppError('NOT_FOUND');
      const [row] = await tx.update(catalogSubItems).set({ ...patch, updatedAt: new Date() }).where(eq(catalogSubItems.id, id)).returning();
      await this.audit.record(tx, actor, { kind: 'sub_item.updated', aggregateType: 'item', aggregateId: found.item.id, data: { subItemId: id, before: { name: found.subItem.name, kind: found.subItem.kind, onlineMode: found.subItem.onlineMode, active: found.subItem.active }, after: patch } });
      this.onChanged();
      return row!;
    });
  }

  // ---- materials ---------------------------------------------------------------------------
  async listMaterials(actor: Actor, q: { q?: string }) {
    authorize(actor, catalogPolicy, 'catalog.browse');
    const like = q.q ? `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const res = await rows<{ id: number; usage: unknown }>(this.database.db, sql`select material_id as id, count(distinct v.sub_item_id) as usage
      from checklist_lines l join checklist_versions v on v.id = l.version_id where v.status = 'published' group by material_id`);
    const usage = new Map(res.map((r) => [num(r.id), num(r.usage)]));
    const list = await this.database.db
      .select()
      .from(catalogMaterials)
      .where(like ? or(ilike(catalogMaterials.name, like), ilike(catalogMaterials.code, like)) : undefined)
      .orderBy(asc(catalogMaterials.code));
    return list.map((m) => ({ ...m, usedBy: usage.get(m.id) ?? 0 }));
  }

  async createMaterial(actor: Actor, input: MaterialInput) {
    authorize(actor, catalogPolicy, 'material.manage');
    return this.database.tx(async (tx) => {
      await assertUnique(tx, sql`select 1 from catalog_materials where code = ${input.code} or name = ${input.name}`, '材料编码或名称');
      const [row] = await tx.insert(catalogMaterials).values(input).returning();
      await this.audit.record(tx, actor, { kind: 'material.created', aggregateType: 'material', aggregateId: row!.id, data: { ...input } });
      return row!;
    });
  }

  async updateMaterial(actor: Actor, id: number, patch: Partial<Omit<MaterialInput, 'code'>>) {
    authorize(actor, catalogPolicy, 'material.manage');
    return this.database.tx(async (tx) => {
      const [before] = await tx.select().from(catalogMaterials).where(eq(catalogMaterials.id, id));
      if (!before) throw new AppError('NOT_FOUND');
      if (patch.name && patch.name !== before.name) await assertUnique(tx, sql`select 1 from catalog_materials where name = ${patch.name} and id <> ${id}`, '材料名称');
      // only the editable fields: the code, the id and the timestamps are not the client's to change
      const { name, description, sampleNote, licenseType, source } = patch;
      const editable = Object.fromEntries(Object.entries({ name, description, sampleNote, licenseType, source }).filter(([, v]) => v !== undefined));
      const [row] = await tx.update(catalogMaterials).set({ ...editable, updatedAt: new Date() }).where(eq(catalogMaterials.id, id)).returning();
      await this.audit.record(tx, actor, { kind: 'material.updated', aggregateType: 'material', aggregateId: id, data: { before: { name: before.name, description: before.description, licenseType: before.licenseType }, after: editable } });
      return row!;
    });
  }

  // ---- bundles (一件事) ---------------------------------------------------------------------
  async listBundles(actor: Actor | null) {
    if (actor) authorize(actor, catalogPolicy, 'catalog.browse');
    const list = await this.database.db.select().from(catalogBundles).where(actor ? undefined : eq(catalogBundles.active, true)).orderBy(asc(catalogBundles.code));
    const counts = await rows<{ bundle_id: number; n: unknown }>(this.database.db, sql`select bundle_id, count(*) as n from catalog_bundle_items group by bundle_id`);
    return list.map((b) => ({ ...b, items: num(counts.find((c) => num(c.bundle_id) === b.id)?.n ?? 0) }));
  }

  /** A bundle with its sub-items in order and one merged material list (duplicates collected once). */
  async getBundle(actor: Actor | null, id: number) {
    if (actor) authorize(actor, catalogPolicy, 'catalog.browse');
    const db = this.database.db;
    const [bundle] = await db.select().from(catalogBundles).where(eq(catalogBundles.id, id));
    if (!bundle || (!actor && !bundle.active)) throw new AppError('NOT_FOUND');
    const members = await db
      .select({
        seq: catalogBundleItems.seq, subItem: catalogSubItems, item: catalogItems,
        departmentName: sql<string>`${identityRepo.departmentNameSql(sql`${catalogItems.departmentId}`)}`,
      })
      .from(catalogBundleItems)
      .innerJoin(catalogSubItems, eq(catalogSubItems.id, catalogBundleItems.subItemId))
      .innerJoin(catalogItems, eq(catalogItems.id, catalogSubItems.itemId))
      .where(eq(catalogBundleItems.bundleId, id))
      .orderBy(asc(catalogBundleItems.seq));
    const today = this.clock.today();
    const versions = await Promise.all(members.map((m) => repo.effectiveVersion(db, m.subItem.id, today)));
    const lines = await repo.linesOf(db, versions.filter((v) => !!v).map((v) => v!.id));
    const merged = new Map<number, { materialId: number; materialName: string; licenseType: string | null; requiredBy: string[]; form: string; copies: number; required: boolean }>();
    members.forEach((m, i) => {
      for (const l of lines.filter((x) => x.versionId === versions[i]?.id)) {
        const cur = merged.get(l.materialId);
        if (cur) {
          cur.requiredBy.push(m.subItem.name);
          cur.copies = Math.max(cur.copies, l.copies);
          cur.required ||= l.required;
          if (cur.form !== l.form) cur.form = 'original_and_copy';
        } else {
          merged.set(l.materialId, { materialId: l.materialId, materialName: l.materialName, licenseType: l.licenseType, requiredBy: [m.subItem.name], form: l.form, copies: l.copies, required: l.required });
        }
      }
    });
    return {
      bundle,
      members: members.map((m, i) => ({ seq: m.seq, subItem: m.subItem, itemName: m.item.name, departmentName: m.departmentName, promisedLimit: m.item.promisedLimit, promisedUnit: m.item.promisedUnit, caseType: m.item.caseType, versionId: versions[i]?.id ?? null })),
      materials: [...merged.values()],
      totalLines: lines.length,
    };
  }

  async saveBundle(actor: Actor, id: number | null, input: BundleInput) {
    authorize(actor, catalogPolicy, 'bundle.manage');
    return this.database.tx(async (tx) => {
      const ids = [...new Set(input.subItemIds)];
      if (ids.length) {
        const found = await rows<{ id: number }>(tx, sql`select id from catalog_sub_items where id in (${inList(ids)})`);
        if (found.length !== ids.length) throw new AppError('CATALOG_REFERENCE_INVALID', { what: '办理项' });
      }
      const { subItemIds: _ids, ...fields } = input;
      let bundleId = id;
      if (bundleId === null) {
        await assertUnique(tx, sql`select 1 from catalog_bundles where code = ${input.code}`, '一件事编码');
        const [row] = await tx.insert(catalogBundles).values(fields).returning({ id: catalogBundles.id });
        bundleId = row!.id;
      } else {
        // the code stays unique on update too (another bundle's code is a 409 like on create, not a unique-violation 500)
        await assertUnique(tx, sql`select 1 from catalog_bundles where code = ${input.code} and id <> ${bundleId}`, '一件事编码');
        const [row] = await tx.update(catalogBundles).set({ ...fields, updatedAt: new Date() }).where(eq(catalogBundles.id, bundleId)).returning({ id: catalogBundles.id });
        if (!row) throw new AppError('NOT_FOUND');
        await tx.delete(catalogBundleItems).where(eq(catalogBundleItems.bundleId, bundleId));
      }
      if (ids.length) await tx.insert(catalogBundleItems).values(ids.map((subItemId, i) => ({ bundleId: bundleId!, subItemId, seq: i + 1 })));
      await this.audit.record(tx, actor, { kind: id === null ? 'bundle.created' : 'bundle.updated', aggregateType: 'bundle', aggregateId: bundleId, data: { ...input } });
      return bundleId;
    });
  }

  // ---- guide (办事指南) ---------------------------------------------------------------------
  /** Everything the guide page of a sub-item shows, from the checklist version in force. */
  async guide(subItemId: number, audience: 'public' | 'staff' = 'public') {
    const db = this.database.db;
    const found = await repo.findSubItem(db, subItemId);
    if (!found || !found.subItem.active || !found.item.active) throw new AppError('NOT_FOUND');
    const version = await repo.effectiveVersion(db, subItemId, this.clock.today());
    if (!version) throw new AppError('NOT_FOUND');
    const [lines, dept, bundles, siblings, sites] = await Promise.all([
      repo.linesOf(db, [version.id]),
      identityRepo.findDepartment(db, found.item.departmentId),
      repo.bundlesOfSubItem(db, subItemId),
      repo.listSubItems(db, found.item.id),
      found.item.enabledSiteIds.length
        ? identityRepo.siteRefs(db, found.item.enabledSiteIds)
        : Promise.resolve([]),
    ]);
    const materials = await repo.materialsByIds(db, lines.map((l) => l.materialId));
    const [itemFiles, materialFiles] = await Promise.all([this.listFiles('item', [found.item.id]), this.listFiles('material', lines.map((l) => l.materialId))]);
    return {
      files: [...itemFiles, ...materialFiles],
      item: found.item,
      subItem: found.subItem,
      departmentName: dept?.name ?? '',
      // what a guide says of its checklist: which version, in force since when (not who drafted or reviewed it)
      version: { id: version.id, versionNo: version.versionNo, effectiveFrom: version.effectiveFrom, publishedAt: version.publishedAt },
      // 审核要点 are the clerks' instructions: staff only.
      lines: lines.map((l) => ({
        ...l,
        reviewPoints: audience === 'staff' ? l.reviewPoints : '',
        description: materials.find((m) => m.id === l.materialId)?.description ?? '',
      })),
      bundles,
      siblings: siblings.filter((s) => s.active),
      sites,
    };
  }

  private async assertDepartment(tx: Tx, id: number) {
    const d = await identityRepo.findDepartment(tx, id);
    if (!d) throw new AppError('CATALOG_REFERENCE_INVALID', { what: '部门' });
  }
}

function checkLimits(i: Pick<ItemInput, 'promisedLimit' | 'statutoryLimit' | 'promisedUnit' | 'statutoryUnit'>) {
  if (i.promisedUnit === i.statutoryUnit && i.promisedLimit > i.statutoryLimit) throw new AppError('CATALOG_LIMIT_INVALID');
}

