/**
 * Checklist versions (受理清单): a department editor drafts a version from the one in force,
 * edits it and submits it; the centre catalog admin reviews the line-by-line diff and publishes
 * it from a date, or returns it with comments. Published versions are immutable (also enforced
 * by database triggers). Every change is audited in its transaction.
 */
import { eq, sql } from 'drizzle-orm';
import type { MaterialForm, VersionStatus } from '../../../common/catalog.js';
import { authorize, reaches, scopeOf, type Actor, type Scope } from '../../platform/authz.js';
import type { Clock } from '../../platform/clock.js';
import { isoOrNull, rows, type Database, type Executor, type Tx } from '../../platform/db.js';
import { identityRepo } from '../identity/identity.repository.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { catalogPolicy } from './catalog.policy.js';
import { catalogRepo as repo, type LineRow, type VersionContext, type VersionRow } from './catalog.repository.js';
import { checklistLines, checklistVersions } from './catalog.tables.js';
import { allowedVersionActions, assertVersionAction, diffChecklists, type LineFields, type VersionAction } from './catalog.workflow.js';

export interface LineInput extends LineFields {
  form: MaterialForm;
}

/** A row of the review queue, as the raw query reads it (timestamps: Date on PGlite, PostgreSQL's text on pg). */
export interface ReviewQueueRow {
  id: number; versionNo: number; status: VersionStatus; submittedAt: string | null; createdAt: string; reviewComment: string | null;
  subItemId: number; subItemName: string; subItemCode: string; itemId: number; departmentId: number; departmentName: string;
}

export class ChecklistService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly onPublished: (subItemId: number) => void,
  ) {}

  /** A version the actor may see: published ones for all staff, others within draft scope. */
  private async visible(ex: Executor, actor: Actor, versionId: number): Promise<VersionContext> {
    authorize(actor, catalogPolicy, 'catalog.browse');
    const ctx = await repo.findVersion(ex, versionId);
    if (!ctx) throw new AppError('NOT_FOUND');
    if (ctx.version.status !== 'published' && !reaches(scopeOf(actor, catalogPolicy['checklist.view_drafts']), { departmentId: ctx.item.departmentId })) {
      throw new AppError('NOT_FOUND');
    }
    return ctx;
  }

  /** Which actions the actor may take on this version now (sent to the UI). */
  actionsFor(actor: Actor, ctx: VersionContext): VersionAction[] {
    const draft = reaches(scopeOf(actor, catalogPolicy['checklist.draft']), { departmentId: ctx.item.departmentId });
    const review = reaches(scopeOf(actor, catalogPolicy['checklist.review']), { departmentId: ctx.item.departmentId });
    return allowedVersionActions(ctx.version.status as VersionStatus).filter((a) =>
      a === 'publish' || a === 'return' ? review : draft,
    );
  }

  async getVersion(actor: Actor, versionId: number) {
    const ctx = await this.visible(this.database.db, actor, versionId);
    const lines = await repo.linesOf(this.database.db, [versionId]);
    const [version] = await this.withNames([ctx.version]);
    return { ...ctx, version: version!, lines, actions: this.actionsFor(actor, ctx) };
  }

  /** Who drafted, confirmed and reviewed each version, by name (the record of responsibility). */
  private async withNames(versions: VersionRow[]) {
    const ids = [...new Set(versions.flatMap((v) => [v.createdBy, v.submittedBy, v.reviewedBy]).filter((x): x is number => x !== null))];
    const names = new Map((await repo.userNames(this.database.db, ids)).map((u) => [u.id, u.name]));
    const name = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
    return versions.map((v) => ({ ...v, createdByName: name(v.createdBy), submittedByName: name(v.submittedBy), reviewedByName: name(v.reviewedBy) }));
  }

  async history(actor: Actor, subItemId: number) {
    authorize(actor, catalogPolicy, 'catalog.browse');
    const found = await repo.findSubItem(this.database.db, subItemId);
    if (!found) throw new AppError('NOT_FOUND');
    const drafts = reaches(scopeOf(actor, catalogPolicy['checklist.view_drafts']), { departmentId: found.item.departmentId });
    const versions = (await repo.versionsOf(this.database.db, subItemId)).filter((v) => drafts || v.status === 'published');
    const effective = await repo.effectiveVersion(this.database.db, subItemId, this.clock.today());
    return { ...found, versions: await this.withNames(versions), effectiveVersionId: effective?.id ?? null };
  }

  /** The version a case pins: exactly as published, whatever came later. */
  async effectiveVersion(subItemId: number, onDate = this.clock.today()): Promise<{ version: VersionRow; lines: LineRow[] } | null> {
    const version = await repo.effectiveVersion(this.database.db, subItemId, onDate);
    if (!version) return null;
    return { version, lines: await repo.linesOf(this.database.db, [version.id]) };
  }

  async createDraft(actor: Actor, subItemId: number): Promise<number> {
    const scope = authorize(actor, catalogPolicy, 'checklist.draft');
    return this.database.tx(async (tx) => {
      const found = await repo.findSubItem(tx, subItemId);
      if (!found || !reaches(scope, { departmentId: found.item.departmentId })) throw new AppError('NOT_FOUND');
      if (await repo.openVersionOf(tx, subItemId)) throw new AppError('CHECKLIST_DRAFT_EXISTS');
      const base = (await repo.effectiveVersion(tx, subItemId, this.clock.today())) ?? (await repo.latestPublished(tx, subItemId));
      const [v] = await tx
        .insert(checklistVersions)
        .values({ subItemId, versionNo: await repo.nextVersionNo(tx, subItemId), status: 'draft', basedOnId: base?.id ?? null, createdBy: userId(actor) })
        .returning({ id: checklistVersions.id, versionNo: checklistVersions.versionNo });
      if (base) {
        const lines = await repo.linesOf(tx, [base.id]);
        if (lines.length) await tx.insert(checklistLines).values(lines.map((l) => ({ ...lineValues(l), versionId: v!.id, lineNo: l.lineNo })));
      }
      await this.audit.record(tx, actor, {
        kind: 'checklist.drafted', aggregateType: 'checklist', aggregateId: subItemId,
        data: { versionId: v!.id, versionNo: v!.versionNo, basedOn: base?.id ?? null },
      });
      return v!.id;
    });
  }

  async saveLines(actor: Actor, versionId: number, input: { lines: LineInput[]; note?: string }) {
    const scope = authorize(actor, catalogPolicy, 'checklist.draft');
    await this.database.tx(async (tx) => {
      const ctx = await this.lockInScope(tx, versionId, scope);
      assertVersionAction(ctx.version.status as VersionStatus, 'edit');
      if (!input.lines.length) throw new AppError('CHECKLIST_EMPTY');
      const materials = await repo.materialsByIds(tx, [...new Set(input.lines.map((l) => l.materialId))]);
      const seen = new Set<number>();
      for (const l of input.lines) {
        const m = materials.find((x) => x.id === l.materialId);
        if (!m) throw new AppError('CATALOG_REFERENCE_INVALID', { what: `材料 #${l.materialId}` });
        if (seen.has(l.materialId)) throw new AppError('CHECKLIST_DUPLICATE_MATERIAL', { name: m.name });
        seen.add(l.materialId);
      }
      const before = await repo.linesOf(tx, [versionId]);
      await tx.delete(checklistLines).where(eq(checklistLines.versionId, versionId));
      await tx.insert(checklistLines).values(input.lines.map((l, i) => ({ ...lineValues(l), versionId, lineNo: i + 1 })));
      if (input.note !== undefined) await tx.update(checklistVersions).set({ note: input.note }).where(eq(checklistVersions.id, versionId));
      const diff = diffChecklists<LineFields>(before, input.lines);
      await this.audit.record(tx, actor, {
        kind: 'checklist.edited', aggregateType: 'checklist', aggregateId: ctx.version.subItemId,
        data: {
          versionId,
          added: diff.filter((d) => d.kind === 'added').length,
          removed: diff.filter((d) => d.kind === 'removed').length,
          changed: diff.filter((d) => d.kind === 'changed').length,
        },
      });
    });
  }

  async submit(actor: Actor, versionId: number) {
    const scope = authorize(actor, catalogPolicy, 'checklist.draft');
    await this.transition(actor, versionId, scope, 'submit', 'checklist.submitted', { status: 'submitted', submittedBy: userId(actor), submittedAt: new Date() });
  }

  async discard(actor: Actor, versionId: number) {
    const scope = authorize(actor, catalogPolicy, 'checklist.draft');
    await this.database.tx(async (tx) => {
      const ctx = await this.lockInScope(tx, versionId, scope);
      assertVersionAction(ctx.version.status as VersionStatus, 'discard');
      await tx.delete(checklistLines).where(eq(checklistLines.versionId, versionId));
      await tx.delete(checklistVersions).where(eq(checklistVersions.id, versionId));
      await this.audit.record(tx, actor, { kind: 'checklist.discarded', aggregateType: 'checklist', aggregateId: ctx.version.subItemId, data: { versionId, versionNo: ctx.version.versionNo } });
    });
  }

  async returnVersion(actor: Actor, versionId: number, comment: string) {
    const scope = authorize(actor, catalogPolicy, 'checklist.review');
    if (!comment.trim()) throw new AppError('CHECKLIST_RETURN_REASON_REQUIRED');
    await this.transition(actor, versionId, scope, 'return', 'checklist.returned', { status: 'returned', reviewedBy: userId(actor), reviewedAt: new Date(), reviewComment: comment.trim() });
  }

  async publish(actor: Actor, versionId: number, effectiveFrom: string) {
    const scope = authorize(actor, catalogPolicy, 'checklist.review');
    if (effectiveFrom < this.clock.today()) throw new AppError('CHECKLIST_EFFECTIVE_DATE_PAST');
    const subItemId = await this.transition(actor, versionId, scope, 'publish', 'checklist.published', {
      status: 'published', reviewedBy: userId(actor), reviewedAt: new Date(), publishedAt: new Date(), effectiveFrom,
    });
    this.onPublished(subItemId);
  }

  /** Line-by-line comparison with the version it replaces (or the one in force). */
  async diff(actor: Actor, versionId: number) {
    const ctx = await this.visible(this.database.db, actor, versionId);
    const base =
      (ctx.version.basedOnId ? (await repo.findVersion(this.database.db, ctx.version.basedOnId))?.version : undefined) ??
      (await repo.effectiveVersion(this.database.db, ctx.version.subItemId, this.clock.today()));
    const baseId = base && base.id !== versionId ? base.id : null;
    const lines = await repo.linesOf(this.database.db, baseId ? [baseId, versionId] : [versionId]);
    const entries = diffChecklists(lines.filter((l) => l.versionId === baseId), lines.filter((l) => l.versionId === versionId));
    return { version: ctx.version, base: baseId ? base! : null, entries };
  }

  /** Versions waiting for the actor: submitted ones for reviewers, open drafts for department editors. */
  async queue(actor: Actor): Promise<ReviewQueueRow[]> {
    authorize(actor, catalogPolicy, 'catalog.browse');
    const review = scopeOf(actor, catalogPolicy['checklist.review']);
    const drafts = scopeOf(actor, catalogPolicy['checklist.draft']);
    const conds: ReturnType<typeof sql>[] = [];
    if (review?.all) conds.push(sql`v.status = 'submitted'`);
    if (drafts && !drafts.all && drafts.departmentIds.length) {
      conds.push(sql`(v.status in ('draft', 'returned', 'submitted') and i.department_id in (${sql.join(drafts.departmentIds.map((d) => sql`${d}`), sql`, `)}))`);
    }
    if (!conds.length) return [];
    const list = await rows<ReviewQueueRow>(this.database.db, sql`
      select v.id, v.version_no as "versionNo", v.status, v.submitted_at as "submittedAt", v.created_at as "createdAt",
             v.review_comment as "reviewComment", s.id as "subItemId", s.name as "subItemName", s.code as "subItemCode",
             i.id as "itemId", i.department_id as "departmentId", ${identityRepo.departmentNameSql(sql`i.department_id`)} as "departmentName"
      from checklist_versions v join catalog_sub_items s on s.id = v.sub_item_id join catalog_items i on i.id = s.item_id
      where ${sql.join(conds, sql` or `)}
      order by coalesce(v.submitted_at, v.created_at) desc limit 200`);
    // ISO instants on both engines (PostgreSQL's text form is not JavaScript's)
    return list.map((r) => ({ ...r, submittedAt: isoOrNull(r.submittedAt), createdAt: isoOrNull(r.createdAt)! }));
  }

  private async lockInScope(tx: Tx, versionId: number, scope: Scope): Promise<VersionContext> {
    const ctx = await repo.findVersion(tx, versionId);
    if (!ctx || !reaches(scope, { departmentId: ctx.item.departmentId })) throw new AppError('NOT_FOUND');
    const locked = await repo.lockVersion(tx, versionId);
    if (!locked) throw new AppError('NOT_FOUND');
    return { ...ctx, version: locked };
  }

  private async transition(
    actor: Actor, versionId: number, scope: Scope, action: VersionAction, kind: 'checklist.submitted' | 'checklist.returned' | 'checklist.published',
    set: Partial<typeof checklistVersions.$inferInsert>,
  ): Promise<number> {
    return this.database.tx(async (tx) => {
      const ctx = await this.lockInScope(tx, versionId, scope);
      assertVersionAction(ctx.version.status as VersionStatus, action);
      if (action === 'submit' && !(await repo.linesOf(tx, [versionId])).length) throw new AppError('CHECKLIST_EMPTY');
      await tx.update(checklistVersions).set(set).where(eq(checklistVersions.id, versionId));
      // record metadata on the database clock: it is the search index's revision key, which must only grow (ADR 0016)
      await tx.execute(sql`update catalog_sub_items set updated_at = now() where id = ${ctx.version.subItemId}`);
      await this.audit.record(tx, actor, {
        kind, aggregateType: 'checklist', aggregateId: ctx.version.subItemId,
        data: { versionId, versionNo: ctx.version.versionNo, from: ctx.version.status, to: set.status, effectiveFrom: set.effectiveFrom, comment: set.reviewComment },
      });
      return ctx.version.subItemId;
    });
  }
}

const userId = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);

function lineValues(l: LineInput | LineRow) {
  return {
    materialId: l.materialId, form: l.form, copies: l.copies, required: l.required, allowMissing: l.allowMissing,
    allowCommitment: l.allowCommitment, condition: l.condition, reviewPoints: l.reviewPoints,
  };
}
