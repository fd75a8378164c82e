/**
 * 电子证照 (issue 17; ADR 0028). Licenses are issued from decisions in the decision's own transaction (the cases
 * module's LicenseHook): the holder is the applicant, the number the decision's document number (or the type's
 * series), the fields from the case, the validity from the type's rule; the PDF is rendered, stored and signed with
 * the department's seal key there and then. A 变更/延续/补发 makes the next version (the previous one `changed`),
 * a 注销 revokes. At intake a line whose material maps to a license type may be satisfied by the applicant's valid
 * license of that type, recorded with its version (用证记录). The supervision scan expires licenses and reminds
 * holders before they expire. Public verification by the code in the QR: status, signature, and the uploaded file's
 * digest against the library's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { parseString } from 'fast-csv';
import { maskCitizenId, maskName } from '../../../common/masking.js';
import { normaliseCitizenId, normaliseUscc, validateCitizenId, validateUscc } from '../../../common/validators.js';
import { actorId, actorName, authorize, systemActor, type Actor, type ApplicantActor, type Scope } from '../../platform/authz.js';
import { chinaDate, type Clock } from '../../platform/clock.js';
import { insertRows, num, rows, type Database, type Executor, type Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { ReceiptConfig } from '../../config.js';
import type { AuditService } from '../audit/audit.service.js';
import type { FileService } from '../files/files.service.js';
import { MEDIA_TYPES } from '../files/files.types.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import { SMS_TOPIC } from '../notifications/sms.js';
import { catalogRepo } from '../catalog/catalog.repository.js';
import { identityRepo } from '../identity/identity.repository.js';
import type { LicensedCase, LicenseHook } from '../cases/case-hooks.js';
import { casesRepo } from '../cases/cases.repository.js';
import { licensesPolicy } from './licenses.policy.js';
import {
  LICENSE_STATUS_LABELS, type LicenseAction, type LicenseDetail, type LicenseStats, type LicenseStatus, type LicenseSummary, type LicenseTypeView,
  type OfferList, type PublicLicense,
} from './licenses.schemas.js';
import { licenseCounters, licenseEvents, licenses, licenseTypes, licenseTypeSubItems, licenseUses, sealKeys } from './licenses.tables.js';
import { generateSealKey, newKeyId, openPrivateKey, sealPrivateKey, SEAL_ALGORITHM, sign, verify, type SignedFacts } from './seal.js';

export interface LicenseDeps {
  database: Database;
  clock: Clock;
  audit: AuditService;
  outbox: OutboxService;
  files: FileService;
  centreName: string;
  /** the server secret the seal keys are sealed under */
  secret: () => string;
  config: { font: ReceiptConfig; expiryNoticeDays: number; verifyBaseUrl: string };
  /** the ID numbers a signed-in applicant holds licenses under: their own (real name given) and the entities they act for */
  holderIdsOf: (actor: ApplicantActor) => Promise<string[]>;
}

type LicenseRow = typeof licenses.$inferSelect;
type TypeRow = typeof licenseTypes.$inferSelect;

const ACTION_WORDS: Record<LicenseAction, string> = { issue: '签发', change: '变更', renew: '延续', reissue: '补发', cancel: '注销' };
const AUDIT_OF: Record<Exclude<LicenseAction, 'cancel'>, 'license.issued' | 'license.changed' | 'license.renewed' | 'license.reissued'> = {
  issue: 'license.issued', change: 'license.changed', renew: 'license.renewed', reissue: 'license.reissued',
};
/** a license file is a PDF of the platform's own making; uploads to check are read up to this size */
const PDF_POLICY = { types: [MEDIA_TYPES.pdf], maxBytes: 10 * 1024 * 1024, maxPages: 20 };

export const verifyPath = (code: string) => `/verify/${code}`;

function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // the day before the same date `years` later (a 5-year license from 2026-12-08 runs to 2031-12-07)
  const end = new Date(Date.UTC(y + years, m - 1, d));
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The library's holder codes: persons' citizen numbers masked (personal data), entities' codes as they are. */
const shownIdNo = (kind: string, idNo: string) => (kind === 'person' ? maskCitizenId(idNo) : idNo);

export class LicenseService implements LicenseHook {
  constructor(private readonly d: LicenseDeps) {}

  // ---- the cases module's hook ---------------------------------------------------------------------------------

  async checkUses(ex: Executor, holderIdNo: string, uses: { materialId: number; materialName: string; licenseType: string; licenseId: number }[], today: string) {
    const out = new Map<number, { licenseId: number; version: number }>();
    for (const u of uses) {
      const [l] = await rows<LicenseRow & { typeName: string }>(ex, sql`
        select l.id, l.version, l.status, l.holder_id_no as "holderIdNo", l.valid_until as "validUntil", t.name as "typeName"
        from licenses l join license_types t on t.id = l.type_id where l.id = ${u.licenseId}`);
      const reason = unusable(l ?? null, u.licenseType, holderIdNo, today);
      if (reason) throw new AppError('LICENSE_NOT_USABLE', { name: u.materialName, reason });
      out.set(u.materialId, { licenseId: Number(l!.id), version: Number(l!.version) });
    }
    return out;
  }

  async recordUses(tx: Tx, actor: Actor, c: { caseId: number; caseNo: string; channel: string; siteId: number; departmentId: number; holderIdNo: string }, uses: { licenseId: number; lineNo: number; materialName: string }[], now: Date) {
    const today = chinaDate(now);
    for (const u of uses) {
      // checked again under a lock: a license revoked since the form was checked is refused here
      const [l] = await rows<LicenseRow & { typeName: string }>(tx, sql`
        select l.id, l.lineage_id as "lineageId", l.version, l.status, l.holder_id_no as "holderIdNo", l.valid_until as "validUntil", t.name as "typeName"
        from licenses l join license_types t on t.id = l.type_id where l.id = ${u.licenseId} for share of l`);
      const reason = unusable(l ?? null, l?.typeName ?? '', c.holderIdNo, today);
      if (reason) throw new AppError('LICENSE_NOT_USABLE', { name: u.materialName, reason });
      await insertRows(tx, licenseUses, [{
        licenseId: u.licenseId, lineageId: Number(l!.lineageId), caseId: c.caseId, caseNo: c.caseNo, lineNo: u.lineNo, materialName: u.materialName,
        channel: c.channel, usedBy: actorId(actor), usedByName: actorName(actor), siteId: c.siteId, departmentId: c.departmentId, usedAt: now,
      }]);
      await this.d.audit.record(tx, actor, { kind: 'license.used', aggregateType: 'license', aggregateId: Number(l!.lineageId), data: { licenseId: u.licenseId, version: l!.version, caseNo: c.caseNo, lineNo: u.lineNo } });
    }
  }

  async onApproved(tx: Tx, actor: Actor, c: LicensedCase, documentNo: string, now: Date, today: string): Promise<void> {
    const [m] = await tx.select({ action: licenseTypeSubItems.action, type: licenseTypes }).from(licenseTypeSubItems)
      .innerJoin(licenseTypes, eq(licenseTypes.id, licenseTypeSubItems.typeId))
      .where(and(eq(licenseTypeSubItems.subItemId, c.subItemId), eq(licenseTypes.active, true)));
    if (!m) return;
    const action = m.action as LicenseAction;
    const [current] = await tx.select().from(licenses)
      .where(and(eq(licenses.typeId, m.type.id), eq(licenses.holderIdNo, c.applicantIdNo), eq(licenses.status, 'valid')))
      .orderBy(sql`${licenses.id} desc`).limit(1).for('update');
    const facts = await this.caseFacts(tx, c, documentNo);
    if (action === 'cancel') {
      if (current) await this.end(tx, actor, current, 'revoked', `注销（${facts.subItemName}，文号 ${documentNo}）`, now, c.id);
      return;
    }
    if (action !== 'issue' && current) {
      await this.issue(tx, actor, m.type, c, facts, documentNo, now, today, action, current);
    } else {
      await this.issue(tx, actor, m.type, c, facts, documentNo, now, today, 'issue', null);
    }
  }

  // ---- issuing ---------------------------------------------------------------------------------------------------

  private async caseFacts(tx: Tx, c: LicensedCase, documentNo: string) {
    const [f] = await rows<{ subItemName: string; itemName: string; departmentName: string }>(tx, sql`
      select s.name as "subItemName", i.name as "itemName", d.name as "departmentName"
      from ${catalogRepo.subItemsAs('s')} join ${catalogRepo.itemsAs('i')} on i.id = s.item_id
      join ${identityRepo.departmentsAs('d')} on d.id = ${c.departmentId} where s.id = ${c.subItemId}`);
    return { ...f!, documentNo, caseNo: c.caseNo };
  }

  /** The active seal key of a department (made on its first license), with its private key opened. */
  private async activeKey(tx: Tx, departmentId: number, now: Date): Promise<{ id: string; privateKey: string }> {
    const [k] = await tx.select().from(sealKeys).where(and(eq(sealKeys.departmentId, departmentId), sql`${sealKeys.retiredAt} is null`));
    if (k) {
      try {
        return { id: k.id, privateKey: openPrivateKey(k.sealedPrivateKey, this.d.secret()) };
      } catch {
        // sealed under another server secret (SESSION_SECRET changed): the key cannot sign any more; it still verifies
        await tx.update(sealKeys).set({ retiredAt: now }).where(eq(sealKeys.id, k.id));
      }
    }
    return this.newKey(tx, departmentId, now);
  }

  private async newKey(tx: Tx, departmentId: number, now: Date) {
    const dep = await identityRepo.findDepartment(tx, departmentId);
    const pair = generateSealKey();
    const id = newKeyId(dep?.code ?? `D${departmentId}`, chinaDate(now));
    await tx.insert(sealKeys).values({ id, departmentId, algorithm: SEAL_ALGORITHM, publicKey: pair.publicKey, sealedPrivateKey: sealPrivateKey(pair.privateKey, this.d.secret()), createdAt: now });
    return { id, privateKey: pair.privateKey };
  }

  private async seriesNo(tx: Tx, t: TypeRow, today: string): Promise<string> {
    const key = `${t.code}:${today.slice(0, 4)}`;
    const [r] = await tx.insert(licenseCounters).values({ key, value: 1 })
      .onConflictDoUpdate({ target: licenseCounters.key, set: { value: sql`${licenseCounters.value} + 1` } }).returning({ value: licenseCounters.value });
    return `${t.numberPrefix}${today.slice(0, 4)}${String(r!.value).padStart(6, '0')}`;
  }

  private async issue(
    tx: Tx, actor: Actor, t: TypeRow, c: LicensedCase, f: Awaited<ReturnType<LicenseService['caseFacts']>>, documentNo: string, now: Date, today: string,
    action: Exclude<LicenseAction, 'cancel'>, previous: LicenseRow | null,
  ): Promise<LicenseRow> {
    const departmentId = t.departmentId ?? c.departmentId;
    const issuerName = t.issuerName || f.departmentName;
    const licenseNo = previous ? previous.licenseNo : t.numberSource === 'series' ? await this.seriesNo(tx, t, today) : documentNo;
    const keepValidity = previous && (action === 'change' || action === 'reissue');
    const validFrom = keepValidity ? previous.validFrom : today;
    const validUntil = keepValidity ? previous.validUntil : t.validityYears ? addYears(today, t.validityYears) : null;
    const version = previous ? previous.version + 1 : 1;
    const holderKind = c.applicantType === 'entity' ? 'entity' : 'person';
    const values: Record<string, string> = { subItem: f.subItemName, item: f.itemName, documentNo, caseNo: f.caseNo, department: f.departmentName };
    const fields = t.fields.map((x) => ({ label: x.label, value: values[x.key] ?? '' })).filter((x) => x.value);
    const key = await this.activeKey(tx, departmentId, now);
    const verifyCode = randomBytes(9).toString('base64url');
    const { renderLicense } = await import('./license.pdf.js');
    const pdf = await renderLicense({
      typeName: t.name, licenseNo, version, holderName: c.applicantName, holderIdNo: c.applicantIdNo, holderKind, fields, validFrom, validUntil,
      issuedOn: today, issuedAt: now, issuerName, keyId: key.id, algorithm: SEAL_ALGORITHM, verifyUrl: `${this.d.config.verifyBaseUrl}${verifyPath(verifyCode)}`,
    }, this.d.config.font);
    const stored = await this.d.files.put(Buffer.from(pdf), PDF_POLICY, `${t.name}.pdf`, tx);
    const signed: SignedFacts = { typeCode: t.code, licenseNo, version, holderIdNo: c.applicantIdNo, holderName: c.applicantName, validFrom, validUntil, issuedOn: today, pdfSha256: stored.sha256 };
    if (previous) {
      await tx.update(licenses).set({ status: 'changed', statusReason: `${ACTION_WORDS[action]}为第 ${version} 版（文号 ${documentNo}）`, statusAt: now }).where(eq(licenses.id, previous.id));
    }
    const [row] = await tx.insert(licenses).values({
      lineageId: previous?.lineageId ?? 0, version, typeId: t.id, licenseNo, holderKind, holderName: c.applicantName, holderIdNo: c.applicantIdNo, holderPhone: c.applicantPhone,
      fields, issuedOn: today, validFrom, validUntil, status: 'valid', source: 'platform', issuerName, departmentId, caseId: c.id, caseNo: c.caseNo, documentNo,
      pdfSha256: stored.sha256, keyId: key.id, signature: sign(signed, key.privateKey), verifyCode, createdAt: now,
    }).returning();
    let lic = row!;
    if (!previous) {
      [lic] = await tx.update(licenses).set({ lineageId: lic.id }).where(eq(licenses.id, lic.id)).returning() as [LicenseRow];
    }
    await this.event(tx, lic, now, action, actorName(actor), c.id, `${ACTION_WORDS[action]}第 ${version} 版，文号 ${documentNo}`);
    await this.d.audit.record(tx, actor, { kind: AUDIT_OF[action], aggregateType: 'license', aggregateId: lic.lineageId, data: { licenseId: lic.id, version, licenseNo, caseNo: c.caseNo, documentNo, keyId: key.id, pdfSha256: stored.sha256 } });
    return lic;
  }

  private async event(ex: Executor, l: Pick<LicenseRow, 'id' | 'lineageId'>, at: Date, action: string, actor: string, caseId: number | null, note: string) {
    await insertRows(ex, licenseEvents, [{ lineageId: l.lineageId, licenseId: l.id, at, action, actorName: actor, caseId, note }]);
  }

  private async end(tx: Tx, actor: Actor, l: LicenseRow, status: 'revoked' | 'expired', reason: string, now: Date, caseId: number | null) {
    await tx.update(licenses).set({ status, statusReason: reason, statusAt: now }).where(eq(licenses.id, l.id));
    await this.event(tx, l, now, status === 'revoked' ? 'revoke' : 'expire', actorName(actor), caseId, reason);
    await this.d.audit.record(tx, actor, { kind: status === 'revoked' ? 'license.revoked' : 'license.expired', aggregateType: 'license', aggregateId: l.lineageId, data: { licenseId: l.id, version: l.version, licenseNo: l.licenseNo, reason } });
  }

  /**
   * 注销/撤销 by staff (e.g. after a false 告知承诺): the license's valid version is revoked with the reason. Also the
   * entry point of other modules' revocations (`revokeIn`, in their transaction).
   */
  async revoke(actor: Actor, id: number, reason: string): Promise<LicenseDetail> {
    const scope = authorize(actor, licensesPolicy, 'license.revoke');
    const text = reason.trim();
    if (!text) throw new AppError('CASE_REASON_REQUIRED', { what: '注销（撤销）的理由' });
    await this.d.database.tx(async (tx) => {
      const [l] = await tx.select().from(licenses).where(eq(licenses.id, id)).for('update');
      if (!l || !reachesLicense(scope, l)) throw new AppError('NOT_FOUND');
      await this.revokeIn(tx, actor, l, text);
    });
    return this.detail(actor, id);
  }

  async revokeIn(tx: Tx, actor: Actor, l: LicenseRow, reason: string): Promise<void> {
    if (l.status !== 'valid') throw new AppError('LICENSE_ALREADY_ENDED', { status: LICENSE_STATUS_LABELS[l.status as LicenseStatus] });
    await this.end(tx, actor, l, 'revoked', reason, this.d.clock.now(), null);
  }

  // ---- the supervision scan ----------------------------------------------------------------------------------------

  /** Licenses past their last day expire; holders of licenses expiring within the notice days get one SMS. */
  async sweep(now: Date = this.d.clock.now()): Promise<{ expired: number; reminded: number }> {
    const today = chinaDate(now);
    const actor = systemActor('supervision-scan');
    return this.d.database.tx(async (tx) => {
      const ended = await tx.select().from(licenses).where(and(eq(licenses.status, 'valid'), sql`${licenses.validUntil} < ${today}::date`)).for('update');
      for (const l of ended) await this.end(tx, actor, l, 'expired', `有效期至 ${l.validUntil} 届满`, now, null);
      const due = await rows<{ id: number; lineageId: number; licenseNo: string; validUntil: string; holderPhone: string; typeName: string; verifyCode: string }>(tx, sql`
        select l.id, l.lineage_id as "lineageId", l.license_no as "licenseNo", l.valid_until::text as "validUntil", l.holder_phone as "holderPhone", t.name as "typeName", l.verify_code as "verifyCode"
        from licenses l join license_types t on t.id = l.type_id
        where l.status = 'valid' and l.reminded_at is null and l.holder_phone is not null
          and l.valid_until between ${today}::date and ${today}::date + ${this.d.config.expiryNoticeDays}::int
        for update of l`);
      for (const l of due) {
        await tx.update(licenses).set({ remindedAt: now }).where(eq(licenses.id, Number(l.id)));
        await this.event(tx, { id: Number(l.id), lineageId: Number(l.lineageId) }, now, 'remind', actorName(actor), null, `到期提醒短信（有效期至 ${l.validUntil}）`);
        await this.d.outbox.enqueue(tx, {
          topic: SMS_TOPIC, idempotencyKey: `license:${l.id}:expiry`,
          payload: { phone: l.holderPhone, template: 'license.expiring', body: `【${this.d.centreName}】您的${l.typeName}（编号${l.licenseNo}）将于${l.validUntil}到期，请及时办理延续。核验：${this.d.config.verifyBaseUrl}${verifyPath(l.verifyCode)}` },
        });
      }
      return { expired: ended.length, reminded: due.length };
    });
  }

  // ---- intake: offers ------------------------------------------------------------------------------------------------

  /** For each listed material that maps to a license type: the holder's licenses of that type, with whether each can be used today. */
  async offers(actor: Actor, holderIdNo: string, materialIds: number[]): Promise<OfferList> {
    authorize(actor, licensesPolicy, 'license.offer');
    const id = holderCode(holderIdNo);
    if (!id) return { items: [] };
    const today = this.d.clock.today();
    const found = await rows<{ materialId: number; materialName: string; licenseType: string; id: number | null; version: number; licenseNo: string; holderName: string; status: LicenseStatus; validUntil: string | null; issuerName: string; holderIdNo: string }>(this.d.database.db, sql`
      select m.id as "materialId", m.name as "materialName", m.license_type as "licenseType", l.id, l.version, l.license_no as "licenseNo", l.holder_name as "holderName",
             l.status, l.valid_until::text as "validUntil", l.issuer_name as "issuerName", l.holder_id_no as "holderIdNo"
      from ${catalogRepo.materialsAs('m')}
      left join license_types t on t.name = m.license_type
      left join lateral (
        select * from licenses x where x.type_id = t.id and x.holder_id_no = ${id} and x.status in ('valid', 'revoked', 'expired')
        order by (x.status = 'valid') desc, x.id desc limit 3) l on true
      where m.id in (${sql.join(materialIds.map((x) => sql`${x}`), sql`, `)}) and m.license_type is not null
      order by m.id, l.id desc`);
    const byMaterial = new Map<number, OfferList['items'][number]>();
    for (const r of found) {
      const item = byMaterial.get(r.materialId) ?? { materialId: r.materialId, materialName: r.materialName, licenseType: r.licenseType, licenses: [] };
      byMaterial.set(r.materialId, item);
      if (r.id === null) continue;
      const reason = unusable({ ...r, typeName: r.licenseType } as never, r.licenseType, id, today) ?? '';
      item.licenses.push({ id: Number(r.id), version: r.version, licenseNo: r.licenseNo, holderName: r.holderName, status: r.status, validUntil: r.validUntil, issuerName: r.issuerName, usable: !reason, reason });
    }
    return { items: [...byMaterial.values()] };
  }

  // ---- the library -----------------------------------------------------------------------------------------------

  async search(actor: Actor, q: { holder?: string; typeId?: number; no?: string; status?: LicenseStatus; source?: string; page?: number; pageSize?: number }) {
    const scope = authorize(actor, licensesPolicy, 'license.read');
    const where: SQL[] = [scopeSql(scope)];
    const holder = q.holder?.trim();
    if (holder) {
      const code = holderCode(holder);
      where.push(code ? sql`l.holder_id_no = ${code}` : sql`l.holder_name like ${`%${holder.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
    }
    if (q.typeId) where.push(sql`l.type_id = ${q.typeId}`);
    if (q.no?.trim()) where.push(sql`l.license_no = ${q.no.trim()}`);
    if (q.status) where.push(sql`l.status = ${q.status}`);
    if (q.source) where.push(sql`l.source = ${q.source}`);
    const size = q.pageSize ?? 20;
    const offset = ((q.page ?? 1) - 1) * size;
    const cond = sql.join(where, sql` and `);
    const [items, [count]] = await Promise.all([
      rows<SummaryRow>(this.d.database.db, sql`${SUMMARY_SELECT} where ${cond} order by l.id desc limit ${size} offset ${offset}`),
      rows<{ n: number }>(this.d.database.db, sql`select count(*)::int as n from licenses l where ${cond}`),
    ]);
    return { items: items.map((r) => presentSummary(r)), total: num(count?.n ?? 0) };
  }

  async detail(actor: Actor, id: number): Promise<LicenseDetail> {
    const scope = authorize(actor, licensesPolicy, 'license.read');
    return this.detailOf(id, (l) => reachesLicense(scope, l) || (scope.all === false && scope.departmentIds.length > 0 && this.usedBy(l.lineageId, scope.departmentIds)));
  }

  private async usedBy(lineageId: number, departmentIds: number[]): Promise<boolean> {
    const [u] = await rows(this.d.database.db, sql`select 1 from license_uses where lineage_id = ${lineageId} and department_id in (${sql.join(departmentIds.map((x) => sql`${x}`), sql`, `)}) limit 1`);
    return !!u;
  }

  private async detailOf(id: number, allowed: (l: LicenseRow) => boolean | Promise<boolean>, masked = true): Promise<LicenseDetail> {
    const [l] = await this.d.database.db.select().from(licenses).where(eq(licenses.id, id));
    if (!l || !(await allowed(l))) throw new AppError('NOT_FOUND');
    const [versions, events, uses, [type], [key]] = await Promise.all([
      rows<SummaryRow>(this.d.database.db, sql`${SUMMARY_SELECT} where l.lineage_id = ${l.lineageId} order by l.version desc`),
      rows<{ at: Date; version: number; action: string; actorName: string; note: string; caseNo: string | null }>(this.d.database.db, sql`
        select e.at, v.version, e.action, e.actor_name as "actorName", e.note, u.case_no as "caseNo"
        from license_events e join licenses v on v.id = e.license_id
        left join lateral (select x.case_no from license_uses x where x.case_id = e.case_id limit 1) u on true
        where e.lineage_id = ${l.lineageId} order by e.id`),
      rows<{ id: number; version: number; caseId: number; caseNo: string; materialName: string; channel: string; usedByName: string; usedAt: Date }>(this.d.database.db, sql`
        select u.id, v.version, u.case_id as "caseId", u.case_no as "caseNo", u.material_name as "materialName", u.channel, u.used_by_name as "usedByName", u.used_at as "usedAt"
        from license_uses u join licenses v on v.id = u.license_id where u.lineage_id = ${l.lineageId} order by u.id desc`),
      this.d.database.db.select({ code: licenseTypes.code }).from(licenseTypes).where(eq(licenseTypes.id, l.typeId)),
      l.keyId ? this.d.database.db.select().from(sealKeys).where(eq(sealKeys.id, l.keyId)) : Promise.resolve([]),
    ]);
    const summary = presentSummary((await rows<SummaryRow>(this.d.database.db, sql`${SUMMARY_SELECT} where l.id = ${id}`))[0]!, masked);
    return {
      ...summary,
      fields: l.fields, statusReason: l.statusReason, keyId: l.keyId, algorithm: key?.algorithm ?? null,
      signatureValid: l.signature && key ? verify(signedFactsOf(l, type!.code), l.signature, key.publicKey) : null,
      pdfSha256: l.pdfSha256, verifyUrl: `${this.d.config.verifyBaseUrl}${verifyPath(l.verifyCode)}`, hasPdf: !!l.pdfSha256,
      versions: versions.map((v) => presentSummary(v, masked)),
      events: events.map((e) => ({ ...e, at: (e.at as Date).toISOString?.() ?? String(e.at) })),
      uses: uses.map((u) => ({ ...u, id: Number(u.id), caseId: Number(u.caseId), usedAt: (u.usedAt as Date).toISOString?.() ?? String(u.usedAt) })),
    };
  }

  /** The signed PDF of a version (staff; audited). */
  async pdf(actor: Actor, id: number) {
    const scope = authorize(actor, licensesPolicy, 'license.read');
    const [l] = await this.d.database.db.select().from(licenses).where(eq(licenses.id, id));
    if (!l || !(reachesLicense(scope, l) || (scope.all === false && (await this.usedBy(l.lineageId, scope.departmentIds))))) throw new AppError('NOT_FOUND');
    const out = await this.pdfOf(l);
    await this.d.database.tx((tx) => this.d.audit.record(tx, actor, { kind: 'license.downloaded', aggregateType: 'license', aggregateId: l.lineageId, data: { licenseId: l.id, version: l.version } }));
    return out;
  }

  private async pdfOf(l: LicenseRow) {
    if (!l.pdfSha256) throw new AppError('NOT_FOUND');
    const file = await this.d.files.stat(l.pdfSha256);
    if (!file) throw new AppError('NOT_FOUND');
    const [t] = await this.d.database.db.select({ name: licenseTypes.name }).from(licenseTypes).where(eq(licenseTypes.id, l.typeId));
    return { name: `${t!.name}-${l.licenseNo}-v${l.version}.pdf`, file, stream: this.d.files.open(file) };
  }

  // ---- 我的证照 (portal) -------------------------------------------------------------------------------------------

  async mine(actor: ApplicantActor): Promise<{ items: LicenseSummary[] }> {
    const ids = await this.d.holderIdsOf(actor);
    if (!ids.length) return { items: [] };
    const found = await rows<SummaryRow>(this.d.database.db, sql`${SUMMARY_SELECT} where l.holder_id_no in (${sql.join(ids.map((x) => sql`${x}`), sql`, `)}) order by (l.status = 'valid') desc, l.id desc limit 500`);
    return { items: found.map((r) => presentSummary(r, false)) };
  }

  async myDetail(actor: ApplicantActor, id: number): Promise<LicenseDetail> {
    const ids = await this.d.holderIdsOf(actor);
    return this.detailOf(id, (l) => ids.includes(l.holderIdNo), false);
  }

  async myPdf(actor: ApplicantActor, id: number) {
    const ids = await this.d.holderIdsOf(actor);
    const [l] = await this.d.database.db.select().from(licenses).where(eq(licenses.id, id));
    if (!l || !ids.includes(l.holderIdNo)) throw new AppError('NOT_FOUND');
    const out = await this.pdfOf(l);
    await this.d.database.tx((tx) => this.d.audit.record(tx, actor, { kind: 'license.downloaded', aggregateType: 'license', aggregateId: l.lineageId, data: { licenseId: l.id, version: l.version, by: 'holder' } }));
    return out;
  }

  // ---- public verification ---------------------------------------------------------------------------------------

  private async byCode(code: string) {
    const [l] = await this.d.database.db.select().from(licenses).where(eq(licenses.verifyCode, code));
    if (!l) throw new AppError('NOT_FOUND');
    const [[t], [key], [latest]] = await Promise.all([
      this.d.database.db.select().from(licenseTypes).where(eq(licenseTypes.id, l.typeId)),
      l.keyId ? this.d.database.db.select().from(sealKeys).where(eq(sealKeys.id, l.keyId)) : Promise.resolve([]),
      rows<{ v: number }>(this.d.database.db, sql`select max(version)::int as v from licenses where lineage_id = ${l.lineageId}`),
    ]);
    const signatureValid = !!(l.signature && key && verify(signedFactsOf(l, t!.code), l.signature, key.publicKey));
    return { l, t: t!, key: key ?? null, latest: latest?.v ?? l.version, signatureValid };
  }

  async publicView(code: string): Promise<PublicLicense> {
    const { l, t, key, latest, signatureValid } = await this.byCode(code);
    return {
      typeName: t.name, licenseNo: l.licenseNo, version: l.version, latestVersion: latest,
      holderName: l.holderKind === 'person' ? maskName(l.holderName) : l.holderName,
      holderIdNo: l.holderKind === 'person' ? maskCitizenId(l.holderIdNo) : l.holderIdNo.slice(0, 8) + '*'.repeat(Math.max(0, l.holderIdNo.length - 12)) + l.holderIdNo.slice(-4),
      issuerName: l.issuerName, issuedOn: l.issuedOn, validFrom: l.validFrom, validUntil: l.validUntil,
      status: effectiveStatus(l, this.d.clock.today()), statusReason: l.statusReason, source: l.source as PublicLicense['source'],
      signature: { present: !!l.signature, valid: signatureValid, algorithm: key?.algorithm ?? null, keyId: l.keyId },
      pdfSha256: l.pdfSha256,
    };
  }

  /** A file uploaded (or scanned) on the verification page: is it byte for byte the document the library signed? */
  async publicCheck(code: string, contentBase64: string) {
    const { l, signatureValid } = await this.byCode(code);
    const bytes = Buffer.from(contentBase64.replace(/\s+/g, ''), 'base64');
    if (!bytes.length || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError('LICENSE_FILE_INVALID');
    const digest = sha256(bytes);
    return { matches: !!l.pdfSha256 && digest === l.pdfSha256, sha256: digest, expectedSha256: l.pdfSha256, signatureValid, status: effectiveStatus(l, this.d.clock.today()) };
  }

  // ---- the catalogue, keys, imports, statistics --------------------------------------------------------------------

  async types(actor: Actor): Promise<LicenseTypeView[]> {
    authorize(actor, licensesPolicy, 'license.read');
    const found = await rows<LicenseTypeView>(this.d.database.db, sql`
      select t.id, t.code, t.name, t.department_id as "departmentId", coalesce(nullif(t.issuer_name, ''), d.name, '') as "issuerName", t.holder_kind as "holderKind",
             t.validity_years as "validityYears", t.number_source as "numberSource", t.number_prefix as "numberPrefix", t.fields, t.active,
             coalesce((select jsonb_agg(jsonb_build_object('subItemId', s.id, 'subItemName', s.name, 'itemName', i.name, 'action', x.action) order by s.id)
                       from license_type_sub_items x join ${catalogRepo.subItemsAs('s')} on s.id = x.sub_item_id join ${catalogRepo.itemsAs('i')} on i.id = s.item_id
                       where x.type_id = t.id), '[]'::jsonb) as "subItems",
             coalesce((select jsonb_agg(jsonb_build_object('id', m.id, 'code', m.code, 'name', m.name) order by m.code)
                       from ${catalogRepo.materialsAs('m')} where m.license_type = t.name), '[]'::jsonb) as materials,
             (select count(*)::int from licenses l where l.type_id = t.id and l.status = 'valid') as issued
      from license_types t left join ${identityRepo.departmentsAs('d')} on d.id = t.department_id
      order by t.code`);
    return found;
  }

  async updateType(actor: Actor, id: number, patch: Partial<Pick<TypeRow, 'validityYears' | 'holderKind' | 'numberSource' | 'numberPrefix' | 'issuerName' | 'active'>>) {
    authorize(actor, licensesPolicy, 'license.manage');
    await this.d.database.tx(async (tx) => {
      const [before] = await tx.select().from(licenseTypes).where(eq(licenseTypes.id, id)).for('update');
      if (!before) throw new AppError('NOT_FOUND');
      const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      if (Object.keys(set).length) await tx.update(licenseTypes).set(set).where(eq(licenseTypes.id, id));
      await this.d.audit.record(tx, actor, { kind: 'license.type_updated', aggregateType: 'license_type', aggregateId: id, data: { before: { validityYears: before.validityYears, holderKind: before.holderKind, numberSource: before.numberSource, active: before.active }, after: set } });
    });
    return (await this.types(actor)).find((t) => t.id === id)!;
  }

  async keys(actor: Actor) {
    authorize(actor, licensesPolicy, 'license.manage');
    return rows<{ id: string; departmentId: number; departmentName: string; algorithm: string; publicKey: string; createdAt: Date; retiredAt: Date | null; signed: number }>(this.d.database.db, sql`
      select k.id, k.department_id as "departmentId", d.name as "departmentName", k.algorithm, k.public_key as "publicKey", k.created_at as "createdAt", k.retired_at as "retiredAt",
             (select count(*)::int from licenses l where l.key_id = k.id) as signed
      from seal_keys k join ${identityRepo.departmentsAs('d')} on d.id = k.department_id order by k.department_id, k.created_at desc`);
  }

  /** 密钥轮换: the department's active key retires (still verifying what it signed) and a new one signs from now on. */
  async rotateKey(actor: Actor, departmentId: number) {
    authorize(actor, licensesPolicy, 'license.manage');
    const now = this.d.clock.now();
    await this.d.database.tx(async (tx) => {
      if (!(await identityRepo.findDepartment(tx, departmentId))) throw new AppError('NOT_FOUND');
      const retired = await tx.update(sealKeys).set({ retiredAt: now }).where(and(eq(sealKeys.departmentId, departmentId), sql`${sealKeys.retiredAt} is null`)).returning({ id: sealKeys.id });
      const k = await this.newKey(tx, departmentId, now);
      await this.d.audit.record(tx, actor, { kind: 'license.key_rotated', aggregateType: 'department', aggregateId: departmentId, data: { retired: retired.map((r) => r.id), active: k.id } });
    });
    return this.keys(actor);
  }

  /**
   * Licenses issued outside the platform (docs/license-import.md): one CSV row a license, entered as version 1 with
   * source `import`, unsigned by the platform (the verification page says so). A row with the type, number and holder
   * of a license already in the library is skipped, so a file imported twice adds nothing.
   */
  async importCsv(actor: Actor, csv: string, source: 'import' | 'api' = 'import') {
    authorize(actor, licensesPolicy, 'license.manage');
    const records = await parseCsv(csv);
    if (!records.length) throw new AppError('LICENSE_IMPORT_INVALID', { detail: '文件中没有证照（首行为列名，其后每行一个证照）' });
    const now = this.d.clock.now();
    const types = await this.d.database.db.select().from(licenseTypes);
    const skipped: { row: number; reason: string }[] = [];
    let imported = 0;
    await this.d.database.tx(async (tx) => {
      for (const [i, r] of records.entries()) {
        const row = i + 2; // the header is row 1
        const t = types.find((x) => x.code === r['证照类型代码'] || x.name === r['证照类型名称']);
        const reason = !t ? '证照类型不存在' : checkImportRow(r);
        if (reason) { skipped.push({ row, reason }); continue; }
        const kind = (r['持证主体类别'] ?? '').trim() === '法人' || validateUscc(normaliseUscc(r['持证主体代码'] ?? '')).ok ? 'entity' : 'person';
        const idNo = kind === 'entity' ? normaliseUscc(r['持证主体代码']!) : normaliseCitizenId(r['持证主体代码']!);
        const licenseNo = r['证照编号']!.trim();
        const [dup] = await tx.select({ id: licenses.id }).from(licenses).where(and(eq(licenses.typeId, t!.id), eq(licenses.licenseNo, licenseNo), eq(licenses.holderIdNo, idNo)));
        if (dup) { skipped.push({ row, reason: '库中已有该证照' }); continue; }
        const until = (r['有效期截止'] ?? '').trim() || null;
        const today = chinaDate(now);
        const status = (r['状态'] ?? '').trim() === '注销' ? 'revoked' : until && until < today ? 'expired' : 'valid';
        const [ins] = await tx.insert(licenses).values({
          lineageId: 0, version: 1, typeId: t!.id, licenseNo, holderKind: kind, holderName: r['持证主体名称']!.trim(), holderIdNo: idNo, holderPhone: (r['联系电话'] ?? '').trim() || null,
          fields: [], issuedOn: r['颁证日期']!.trim(), validFrom: (r['有效期起始'] ?? '').trim() || r['颁证日期']!.trim(), validUntil: until, status,
          statusReason: status === 'revoked' ? '导入时已注销' : '', statusAt: status === 'valid' ? null : now,
          source, issuerName: (r['颁证单位'] ?? '').trim() || t!.issuerName || '外部发证机关', departmentId: t!.departmentId, verifyCode: randomBytes(9).toString('base64url'), createdAt: now,
        }).returning({ id: licenses.id });
        const id = Number(ins!.id);
        await tx.update(licenses).set({ lineageId: id }).where(eq(licenses.id, id));
        await this.event(tx, { id, lineageId: id }, now, 'import', actorName(actor), null, `导入（${source === 'api' ? '接口' : 'CSV'}），证照编号 ${licenseNo}`);
        imported += 1;
      }
      await this.d.audit.record(tx, actor, { kind: 'license.imported', aggregateType: 'license_import', aggregateId: 0, data: { rows: records.length, imported, skipped: skipped.length, source } });
    });
    return { imported, skipped };
  }

  /** 免提交率: of the checklist lines (of cases received in the period) whose material maps to a license type, those satisfied by a license. */
  async stats(actor: Actor, from: string, to: string): Promise<LicenseStats> {
    const scope = authorize(actor, licensesPolicy, 'license.stats');
    if (from > to || (Date.parse(to) - Date.parse(from)) / 86_400_000 > 366) throw new AppError('LICENSE_STATS_PERIOD');
    const found = await casesRepo.licenseLineCounts(this.d.database.db, from, to, scope.all ? null : scope.departmentIds);
    const rate = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : 0);
    const depts = new Map<number, { departmentId: number; departmentName: string; lines: number; byLicense: number }>();
    for (const r of found) {
      const x = depts.get(r.departmentId) ?? { departmentId: r.departmentId, departmentName: r.departmentName, lines: 0, byLicense: 0 };
      x.lines += r.lines;
      x.byLicense += r.byLicense;
      depts.set(r.departmentId, x);
    }
    const total = found.reduce((t, r) => ({ lines: t.lines + r.lines, byLicense: t.byLicense + r.byLicense }), { lines: 0, byLicense: 0 });
    return {
      from, to,
      rows: found.map((r) => ({ ...r, rate: rate(r.byLicense, r.lines) })),
      departments: [...depts.values()].map((x) => ({ ...x, rate: rate(x.byLicense, x.lines) })),
      total: { ...total, rate: rate(total.byLicense, total.lines) },
    };
  }
}

// ---- helpers -----------------------------------------------------------------------------------------------------

/** Why a license cannot stand for a line today (null: it can). */
function unusable(l: { status: string; holderIdNo: string; validUntil: string | null; typeName: string } | null, licenseType: string, holderIdNo: string, today: string): string | null {
  if (!l || l.holderIdNo !== holderIdNo) return '未找到申请人名下的该证照';
  if (l.typeName !== licenseType) return `该证照不是「${licenseType}」`;
  if (l.status === 'revoked') return '证照已注销（撤销）';
  if (l.status === 'changed') return '证照已变更，请使用最新版本';
  if (l.status === 'expired' || (l.validUntil !== null && String(l.validUntil) < today)) return '证照已过有效期';
  return null;
}

function effectiveStatus(l: LicenseRow, today: string): LicenseStatus {
  if (l.status === 'valid' && l.validUntil !== null && l.validUntil < today) return 'expired';
  return l.status as LicenseStatus;
}

function signedFactsOf(l: LicenseRow, typeCode: string): SignedFacts {
  return { typeCode, licenseNo: l.licenseNo, version: l.version, holderIdNo: l.holderIdNo, holderName: l.holderName, validFrom: l.validFrom, validUntil: l.validUntil, issuedOn: l.issuedOn, pdfSha256: l.pdfSha256 ?? '' };
}

/** A holder's code as typed: a valid citizen number or USCC, normalised; null for anything else (a name). */
function holderCode(text: string): string | null {
  const c = validateCitizenId(normaliseCitizenId(text));
  if (c.ok) return c.normalised;
  const u = validateUscc(normaliseUscc(text));
  return u.ok ? u.normalised : null;
}

function reachesLicense(scope: Scope, l: { departmentId: number | null }): boolean {
  return scope.all || (l.departmentId !== null && scope.departmentIds.includes(l.departmentId));
}

function scopeSql(scope: Scope): SQL {
  if (scope.all) return sql`true`;
  if (!scope.departmentIds.length) return sql`false`;
  const ids = sql.join(scope.departmentIds.map((x) => sql`${x}`), sql`, `);
  return sql`(l.department_id in (${ids}) or exists (select 1 from license_uses u where u.lineage_id = l.lineage_id and u.department_id in (${ids})))`;
}

interface SummaryRow {
  id: number; lineageId: number; version: number; typeId: number; typeName: string; licenseNo: string; holderKind: 'person' | 'entity'; holderName: string; holderIdNo: string;
  status: LicenseStatus; validFrom: string; validUntil: string | null; issuedOn: string; issuerName: string; source: LicenseSummary['source'];
  caseId: number | null; caseNo: string | null; documentNo: string | null;
}

const SUMMARY_SELECT = sql`
  select l.id, l.lineage_id as "lineageId", l.version, l.type_id as "typeId", t.name as "typeName", l.license_no as "licenseNo", l.holder_kind as "holderKind",
         l.holder_name as "holderName", l.holder_id_no as "holderIdNo", l.status, l.valid_from::text as "validFrom", l.valid_until::text as "validUntil",
         l.issued_on::text as "issuedOn", l.issuer_name as "issuerName", l.source, l.case_id as "caseId", l.case_no as "caseNo", l.document_no as "documentNo"
  from licenses l join license_types t on t.id = l.type_id`;

function presentSummary(r: SummaryRow, masked = true): LicenseSummary {
  return {
    id: Number(r.id), lineageId: Number(r.lineageId), version: r.version, typeId: r.typeId, typeName: r.typeName, licenseNo: r.licenseNo, holderKind: r.holderKind,
    holderName: masked && r.holderKind === 'person' ? maskName(r.holderName) : r.holderName,
    holderIdNo: masked ? shownIdNo(r.holderKind, r.holderIdNo) : r.holderIdNo,
    status: r.status, validFrom: r.validFrom, validUntil: r.validUntil, issuedOn: r.issuedOn, issuerName: r.issuerName, source: r.source,
    caseId: r.caseId === null ? null : Number(r.caseId), caseNo: r.caseNo ?? null, documentNo: r.documentNo,
  };
}

const REQUIRED_COLUMNS = ['证照编号', '持证主体名称', '持证主体代码', '颁证日期'] as const;

function checkImportRow(r: Record<string, string>): string | null {
  for (const c of REQUIRED_COLUMNS) if (!(r[c] ?? '').trim()) return `缺少「${c}」`;
  const code = r['持证主体代码']!;
  if (!validateUscc(normaliseUscc(code)).ok && !validateCitizenId(normaliseCitizenId(code)).ok) return '持证主体代码不是有效的公民身份号码或统一社会信用代码';
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!day.test(r['颁证日期']!.trim())) return '颁证日期格式应为 YYYY-MM-DD';
  for (const c of ['有效期起始', '有效期截止']) if ((r[c] ?? '').trim() && !day.test(r[c]!.trim())) return `${c}格式应为 YYYY-MM-DD`;
  return null;
}

function parseCsv(text: string): Promise<Record<string, string>[]> {
  return new Promise((resolve, reject) => {
    const out: Record<string, string>[] = [];
    parseString(text.replace(/^\uFEFF/, ''), { headers: true, ignoreEmpty: true, trim: true, strictColumnHandling: false })
      .on('error', (e) => reject(new AppError('LICENSE_IMPORT_INVALID', { detail: e.message.slice(0, 100) })))
      .on('data', (r: Record<string, string>) => { if (out.length < 20_000) out.push(r); })
      .on('end', () => {
        if (out.length && !('证照编号' in out[0]!)) reject(new AppError('LICENSE_IMPORT_INVALID', { detail: '首行须为列名（见 docs/license-import.md）' }));
        else resolve(out);
      });
  });
}
