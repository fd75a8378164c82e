/**
 * 移交/签收: paper files travel from a site's front desk to a department in numbered batches (交接单)
 * with material counts; the department signs for them, recording any discrepancy, and the cases
 * enter its inbox (部门受理). Both sides are audited.
 */
import { sql } from 'drizzle-orm';
import { NODE_CODES, type CaseStatus } from '../../../common/cases.js';
import type { HandoverDetail, HandoverRow, PendingHandover, SignHandoverBody } from './cases.schemas.js';
import { maskName } from '../../../common/masking.js';
import { actorId, actorName, authorize, reaches, scopeOf, type Actor, type Scope } from '../../platform/authz.js';
import { chinaDate } from '../../platform/clock.js';
import { atSql, inList, insertRows, isoOrNull, num, rows, scopeSql, type Executor } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { catalogRepo } from '../catalog/catalog.repository.js';
import { identityRepo } from '../identity/identity.repository.js';
import { casesPolicy } from './cases.policy.js';
import { casesRepo as repo } from './cases.repository.js';
import { caseEvents, caseHandoverItems, caseHandovers } from './cases.tables.js';
import type { CaseDeps } from './intake.service.js';

/** Paper a case carries: copies of the materials received on it (shared ones travel with their holder). */
const MATERIAL_COUNT = sql`(select coalesce(sum(m.copies), 0)::int from case_materials m where m.case_id = c.id and m.status = 'received')`;

function handoverScopeSql(scope: Scope | null, side: 'site' | 'department'): SQL {
  if (!scope) return sql`false`;
  return scopeSql(scope, side === 'site' ? { site: sql`h.site_id` } : { department: sql`h.department_id` });
}
type SQL = ReturnType<typeof sql>;

const HANDOVER_COLUMNS = sql`
  h.id::int as id, h.batch_no as "batchNo", h.department_id as "departmentId", d.name as "departmentName", st.name as "siteName", h.status,
  h.case_count as "caseCount", h.material_count as "materialCount", h.received_count as "receivedCount", su.display_name as "sentBy", h.sent_at as "sentAt",
  gu.display_name as "signedBy", h.signed_at as "signedAt", h.discrepancy`;
const HANDOVER_JOINS = sql`
  from case_handovers h join ${identityRepo.departmentsAs('d')} on d.id = h.department_id join ${identityRepo.sitesAs('st')} on st.id = h.site_id
  join ${identityRepo.usersAs('su')} on su.id = h.sent_by left join ${identityRepo.usersAs('gu')} on gu.id = h.signed_by`;

function presentHandover(r: Record<string, unknown>): HandoverRow {
  return { ...(r as unknown as HandoverRow), sentAt: isoOrNull(r.sentAt)!, signedAt: isoOrNull(r.signedAt) };
}

export class HandoverService {
  constructor(private readonly d: CaseDeps) {}

  async pending(actor: Actor): Promise<PendingHandover[]> {
    const scope = authorize(actor, casesPolicy, 'case.intake');
    const siteCond = scopeSql(scope, { site: sql`c.site_id` });
    const found = await rows<{ id: number; caseNo: string; subItemName: string; applicantName: string; applicantType: string; acceptedOn: string | null; materialCount: number; departmentId: number; departmentName: string }>(
      this.d.database.db,
      sql`select c.id::int as id, c.case_no as "caseNo", s.name as "subItemName", c.applicant_name as "applicantName", c.applicant_type as "applicantType",
                 c.accepted_on::text as "acceptedOn", ${MATERIAL_COUNT} as "materialCount", c.department_id as "departmentId", d.name as "departmentName"
          from cases c join ${catalogRepo.subItemsAs('s')} on s.id = c.sub_item_id join ${identityRepo.departmentsAs('d')} on d.id = c.department_id
          where c.status = 'accepted' and ${siteCond} order by d.name, c.id limit 2000`,
    );
    const groups = new Map<number, PendingHandover>();
    for (const r of found) {
      const g = groups.get(r.departmentId) ?? { departmentId: r.departmentId, departmentName: r.departmentName, cases: [] };
      g.cases.push({
        id: r.id, caseNo: r.caseNo, subItemName: r.subItemName, acceptedOn: r.acceptedOn, materialCount: r.materialCount,
        applicantName: r.applicantType === 'entity' ? r.applicantName : maskName(r.applicantName),
      });
      groups.set(r.departmentId, g);
    }
    return [...groups.values()];
  }

  async create(actor: Actor, input: { departmentId: number; caseIds: number[]; clientKey: string }): Promise<HandoverDetail> {
    const scope = authorize(actor, casesPolicy, 'case.intake');
    if (actor.kind !== 'user' || actor.siteId === null) throw new AppError('FORBIDDEN');
    const siteId = actor.siteId;
    const ids = [...new Set(input.caseIds)];
    if (!ids.length) throw new AppError('HANDOVER_EMPTY');
    const now = this.d.clock.now();
    const today = chinaDate(now);
    // The batch number comes from the site's daily counter in its own short transaction before the
    // handover's (as intake's case numbers): a counter row locked until the handover commits would make
    // every handover at the site wait for the one before it. A replayed request takes none; a failed one
    // leaves a gap in batch numbers.
    const db = this.d.database.db;
    const [replay] = await rows<{ id: number }>(db, sql`select id::int as id from case_handovers where client_key = ${input.clientKey}`);
    const site = (await repo.site(db, siteId))!;
    const head = `YJ${site.code}${today.replaceAll('-', '')}`;
    const batchNo = replay ? null : `${head}${String(await repo.nextSeq(db, `handover:${head}`)).padStart(3, '0')}`;
    const id = await this.d.database.tx(async (tx) => {
      const [existing] = await rows<{ id: number; sentBy: number }>(tx, sql`select id::int as id, sent_by as "sentBy" from case_handovers where client_key = ${input.clientKey}`);
      if (existing) {
        if (existing.sentBy !== actorId(actor)) throw new AppError('CASE_CLIENT_KEY_REUSED');
        return existing.id;
      }
      const locked = await rows<{ id: number; caseNo: string; status: string; departmentId: number; siteId: number; materialCount: number }>(
        tx,
        sql`select c.id::int as id, c.case_no as "caseNo", c.status, c.department_id as "departmentId", c.site_id as "siteId", ${MATERIAL_COUNT} as "materialCount"
            from cases c where c.id in (${inList(ids)}) order by c.id for update`,
      );
      for (const cid of ids) {
        const c = locked.find((x) => x.id === cid);
        const inScope = c && reaches(scope, { siteId: c.siteId }) && c.siteId === siteId;
        if (!c || !inScope || c.status !== 'accepted' || c.departmentId !== input.departmentId) {
          throw new AppError('HANDOVER_CASE_INVALID', { caseNo: c && inScope ? c.caseNo : `#${cid}` });
        }
      }
      if (!batchNo) throw new AppError('CONFLICT'); // the replayed batch disappeared: batches are never deleted
      const materialCount = locked.reduce((n, c) => n + c.materialCount, 0);
      const [h] = (await insertRows<typeof caseHandovers, { id: unknown }>(
        tx, caseHandovers, [{ batchNo, clientKey: input.clientKey, siteId, departmentId: input.departmentId, caseCount: ids.length, materialCount, sentBy: actorId(actor)!, sentAt: now }],
        'returning id',
      )).map((r) => ({ id: num(r.id) }));
      await insertRows(tx, caseHandoverItems, locked.map((c) => ({ handoverId: h!.id, caseId: c.id, materialCount: c.materialCount })));
      await tx.execute(sql`update cases set status = 'handed_over', handover_id = ${h!.id}, version = version + 1, updated_at = ${atSql(now)} where id in (${inList(ids)})`);
      await insertRows(tx, caseEvents, locked.map((c) => ({
        caseId: c.id, action: 'handed_over', fromStatus: 'accepted', toStatus: 'handed_over', actorId: actorId(actor), actorName: actorName(actor), siteId,
        note: `交接单 ${batchNo}，材料 ${c.materialCount} 份`, at: now,
      })));
      for (const c of locked) {
        await this.d.audit.record(tx, actor, { kind: 'case.handover', aggregateType: 'case', aggregateId: c.id, data: { caseNo: c.caseNo, batchNo } });
      }
      await this.d.audit.record(tx, actor, { kind: 'handover.sent', aggregateType: 'handover', aggregateId: h!.id, data: { batchNo, departmentId: input.departmentId, cases: ids.length, materialCount } });
      return h!.id;
    });
    return this.get(actor, id);
  }

  async list(actor: Actor, q: { direction: 'out' | 'in'; status?: 'sent' | 'signed'; page?: number; pageSize?: number }) {
    const cond =
      q.direction === 'out'
        ? handoverScopeSql(scopeOf(actor, casesPolicy['case.intake']), 'site')
        : handoverScopeSql(scopeOf(actor, casesPolicy['case.review']), 'department');
    if (!scopeOf(actor, casesPolicy[q.direction === 'out' ? 'case.intake' : 'case.review'])) throw new AppError('FORBIDDEN');
    const where = q.status ? sql`${cond} and h.status = ${q.status}` : cond;
    const pageSize = q.pageSize ?? 20;
    const db = this.d.database.db;
    const [items, total] = await Promise.all([
      rows<Record<string, unknown>>(db, sql`select ${HANDOVER_COLUMNS} ${HANDOVER_JOINS} where ${where} order by h.id desc limit ${pageSize} offset ${((q.page ?? 1) - 1) * pageSize}`),
      rows<{ n: number }>(db, sql`select count(*)::int as n from case_handovers h where ${where}`),
    ]);
    return { items: items.map(presentHandover), total: total[0]?.n ?? 0 };
  }

  /** A batch is visible to its site's front desk and to its department. */
  private async visible(ex: Executor, actor: Actor, id: number): Promise<HandoverRow> {
    const read = authorize(actor, casesPolicy, 'case.read');
    const cond = read.all ? sql`true` : sql`(${handoverScopeSql(read, 'site')} or ${handoverScopeSql(read, 'department')})`;
    const [r] = await rows<Record<string, unknown>>(ex, sql`select ${HANDOVER_COLUMNS} ${HANDOVER_JOINS} where h.id = ${id} and ${cond}`);
    if (!r) throw new AppError('NOT_FOUND');
    return presentHandover(r);
  }

  async get(actor: Actor, id: number): Promise<HandoverDetail> {
    const db = this.d.database.db;
    const h = await this.visible(db, actor, id);
    const items = await rows<{ id: number; caseNo: string; subItemName: string; applicantName: string; applicantType: string; materialCount: number; receivedCount: number | null; status: CaseStatus }>(
      db,
      sql`select c.id::int as id, c.case_no as "caseNo", s.name as "subItemName", c.applicant_name as "applicantName", c.applicant_type as "applicantType",
                 i.material_count as "materialCount", i.received_count as "receivedCount", c.status
          from case_handover_items i join cases c on c.id = i.case_id join ${catalogRepo.subItemsAs('s')} on s.id = c.sub_item_id
          where i.handover_id = ${id} order by c.id`,
    );
    return {
      ...h,
      cases: items.map(({ applicantType, ...r }) => ({ ...r, applicantName: applicantType === 'entity' ? r.applicantName : maskName(r.applicantName) })),
    };
  }

  async sign(actor: Actor, id: number, body: SignHandoverBody): Promise<HandoverDetail> {
    const scope = authorize(actor, casesPolicy, 'case.review');
    const now = this.d.clock.now();
    await this.d.database.tx(async (tx) => {
      const [h] = await rows<{ id: number; batchNo: string; departmentId: number; status: string }>(
        tx,
        sql`select id::int as id, batch_no as "batchNo", department_id as "departmentId", status from case_handovers h where h.id = ${id} and ${handoverScopeSql(scope, 'department')} for update`,
      );
      if (!h) throw new AppError('NOT_FOUND');
      if (h.status !== 'sent') throw new AppError('HANDOVER_ALREADY_SIGNED');
      const items = await rows<{ caseId: number; caseNo: string; materialCount: number; status: string }>(
        tx,
        sql`select i.case_id::int as "caseId", c.case_no as "caseNo", i.material_count as "materialCount", c.status
            from case_handover_items i join cases c on c.id = i.case_id where i.handover_id = ${id} order by c.id for update of c`,
      );
      const given = new Map(body.items.map((x) => [x.caseId, x.receivedCount]));
      if (given.size !== items.length || items.some((i) => !given.has(i.caseId))) throw new AppError('HANDOVER_ITEMS_MISMATCH');
      const gaps: string[] = [];
      let received = 0;
      for (const i of items) {
        const n = given.get(i.caseId)!;
        received += n;
        if (n !== i.materialCount) gaps.push(`${i.caseNo} 应收 ${i.materialCount} 份、实收 ${n} 份`);
        await tx.execute(sql`update case_handover_items set received_count = ${n} where handover_id = ${id} and case_id = ${i.caseId}`);
      }
      const note = body.note?.trim() ?? '';
      const discrepancy = [...gaps, note].filter(Boolean).join('；');
      await tx.execute(sql`update case_handovers set status = 'signed', signed_by = ${actorId(actor)}, signed_at = ${atSql(now)}, received_count = ${received}, discrepancy = ${discrepancy} where id = ${id}`);
      // Cases withdrawn meanwhile stay withdrawn; the rest enter the department's review (部门受理).
      const signing = items.filter((i) => i.status === 'handed_over');
      if (signing.length) {
        await tx.execute(sql`update cases set status = 'in_review', step = 1, version = version + 1, updated_at = ${atSql(now)} where id in (${inList(signing.map((i) => i.caseId))})`);
      }
      if (signing.length) {
        await insertRows(tx, caseEvents, signing.map((i) => ({
          caseId: i.caseId, action: 'signed', fromStatus: 'handed_over', toStatus: 'in_review', nodeCode: NODE_CODES.departmentAccepted,
          actorId: actorId(actor), actorName: actorName(actor), note: `签收交接单 ${h.batchNo}${given.get(i.caseId) !== i.materialCount ? `（实收 ${given.get(i.caseId)} 份）` : ''}`, at: now,
        })));
      }
      for (const i of signing) {
        await this.d.audit.record(tx, actor, { kind: 'case.sign', aggregateType: 'case', aggregateId: i.caseId, data: { caseNo: i.caseNo, batchNo: h.batchNo, received: given.get(i.caseId) } });
      }
      await this.d.audit.record(tx, actor, { kind: 'handover.signed', aggregateType: 'handover', aggregateId: id, data: { batchNo: h.batchNo, received, discrepancy } });
    });
    return this.get(actor, id);
  }
}
