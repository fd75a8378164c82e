/**
 * 电子证照 (issue 17; ADR 0028): licenses issued from decisions in the decision's own transaction (the cases module's
 * LicenseHook): the holder is the applicant, the number the decision's document number (or the type's series), the
 * fields from the case, the validity from the type's rule; the PDF is rendered, stored and signed with the
 * department's seal key there and then. A 变更/延续/补发 makes the next version (the previous one `changed`), a 注销
 * revokes. At intake a line whose material maps to a license type may be satisfied by the applicant's valid license
 * of that type, recorded with its version (用证记录). The supervision scan expires licenses and reminds holders.
 * The library, 我的证照 and verification: licenses.library.ts; the catalogue, keys, imports, statistics: licenses.admin.ts.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { actorId, actorName, authorize, systemActor, type Actor, type ApplicantActor } from '../../platform/authz.js';
import { chinaDate, type Clock } from '../../platform/clock.js';
import { insertRows, rows, type Database, type Executor, type Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { ReceiptConfig } from '../../config.js';
import type { PortalHolders } from '../applicants/applicants.entities.js';
import type { AuditService } from '../audit/audit.service.js';
import type { FileService } from '../files/files.service.js';
import { MEDIA_TYPES } from '../files/files.types.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import { SMS_TOPIC } from '../notifications/sms.js';
import { catalogRepo } from '../catalog/catalog.repository.js';
import { identityRepo } from '../identity/identity.repository.js';
import type { LicensedCase, LicenseHook } from '../cases/case-hooks.js';
import { licensesPolicy } from './licenses.policy.js';
import { LICENSE_STATUS_LABELS, type LicenseAction, type LicenseStatus } from './licenses.schemas.js';
import { licenseCounters, licenses, licenseTypes, licenseTypeSubItems, licenseUses } from './licenses.tables.js';
import { reachesLicense, recordEvent, unusable, verifyPath, type LicenseRow, type TypeRow } from './licenses.read.js';
import { activeKey } from './seal-keys.js';
import { SEAL_ALGORITHM, sign, type SignedFacts } from './seal.js';

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
  /** whose licenses a signed-in applicant sees (applicants module: own ID, entities acted for; the phone on record unless verified) */
  holdersOf: (actor: ApplicantActor) => Promise<PortalHolders>;
}


const ACTION_WORDS: Record<LicenseAction, string> = { issue: '签发', change: '变更', renew: '延续', reissue: '补发', cancel: '注销' };
const AUDIT_OF: Record<Exclude<LicenseAction, 'cancel'>, 'license.issued' | 'license.changed' | 'license.renewed' | 'license.reissued'> = {
  issue: 'license.issued', change: 'license.changed', renew: 'license.renewed', reissue: 'license.reissued',
};
/** a license file is a PDF of the platform's own making; uploads to check are read up to this size */
const PDF_POLICY = { types: [MEDIA_TYPES.pdf], maxBytes: 10 * 1024 * 1024, maxPages: 20 };

export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // the day before the same date `years` later (a 5-year license from 2026-12-08 runs to 2031-12-07; from 29 February, the last day of February)
  const end = new Date(Date.UTC(y + years, m - 1, d));
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}


export class LicenseService implements LicenseHook {
  constructor(private readonly d: LicenseDeps) {}

  // ---- the cases module's hook ---------------------------------------------------------------------------------

  async checkUses(ex: Executor, holderIdNo: string, uses: { materialId: number; materialName: string; licenseType: string; licenseId: number }[], today: string, holderPhone: string | null = null) {
    const out = new Map<number, { licenseId: number; version: number }>();
    for (const u of uses) {
      const [l] = await rows<LicenseRow & { typeName: string }>(ex, sql`
        select l.id, l.version, l.status, l.holder_id_no as "holderIdNo", l.holder_phone as "holderPhone", l.valid_until as "validUntil", t.name as "typeName"
        from licenses l join license_types t on t.id = l.type_id where l.id = ${u.licenseId}`);
      const reason = holderPhone !== null && l && l.holderPhone !== holderPhone ? '未找到申请人名下的该证照' : unusable(l ?? null, u.licenseType, holderIdNo, today);
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
      if (current) await this.end(tx, actor, current, 'revoked', `注销：${facts.subItemName}，文号 ${documentNo}`, now, c.id);
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
    const key = await activeKey(tx, departmentId, now, this.d.secret());
    if (key.replaced) {
      // audited as a rotation: the old key verifies what it signed, the new one signs from now on
      await this.d.audit.record(tx, actor, { kind: 'license.key_rotated', aggregateType: 'department', aggregateId: departmentId, data: { retired: [key.replaced], active: key.id, reason: '密钥以另一服务器密钥（SESSION_SECRET）封存，无法启用，已自动停用并换发新密钥' } });
    }
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
    await recordEvent(tx, lic, now, action, actorName(actor), c.id, `${ACTION_WORDS[action]}第 ${version} 版，文号 ${documentNo}`);
    await this.d.audit.record(tx, actor, { kind: AUDIT_OF[action], aggregateType: 'license', aggregateId: lic.lineageId, data: { licenseId: lic.id, version, licenseNo, caseNo: c.caseNo, documentNo, keyId: key.id, pdfSha256: stored.sha256 } });
    return lic;
  }

  private async end(tx: Tx, actor: Actor, l: LicenseRow, status: 'revoked' | 'expired', reason: string, now: Date, caseId: number | null) {
    await tx.update(licenses).set({ status, statusReason: reason, statusAt: now }).where(eq(licenses.id, l.id));
    await recordEvent(tx, l, now, status === 'revoked' ? 'revoke' : 'expire', actorName(actor), caseId, reason);
    await this.d.audit.record(tx, actor, { kind: status === 'revoked' ? 'license.revoked' : 'license.expired', aggregateType: 'license', aggregateId: l.lineageId, data: { licenseId: l.id, version: l.version, licenseNo: l.licenseNo, reason } });
  }

  /**
   * 注销/撤销 by staff (e.g. after a false 告知承诺): the license's valid version is revoked with the reason. Also the
   * entry point of other modules' revocations (`revokeIn`, in their transaction).
   */
  async revoke(actor: Actor, id: number, reason: string): Promise<void> {
    const scope = authorize(actor, licensesPolicy, 'license.revoke');
    const text = reason.trim();
    if (!text) throw new AppError('CASE_REASON_REQUIRED', { what: '注销（撤销）的理由' });
    await this.d.database.tx(async (tx) => {
      const [l] = await tx.select().from(licenses).where(eq(licenses.id, id)).for('update');
      if (!l || !reachesLicense(scope, l)) throw new AppError('NOT_FOUND');
      await this.revokeIn(tx, actor, l, text);
    });
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
        await recordEvent(tx, { id: Number(l.id), lineageId: Number(l.lineageId) }, now, 'remind', actorName(actor), null, `到期提醒短信（有效期至 ${l.validUntil}）`);
        await this.d.outbox.enqueue(tx, {
          topic: SMS_TOPIC, idempotencyKey: `license:${l.id}:expiry`,
          payload: { phone: l.holderPhone, template: 'license.expiring', body: `【${this.d.centreName}】您的${l.typeName}（编号${l.licenseNo}）将于${l.validUntil}到期，请及时办理延续。核验：${this.d.config.verifyBaseUrl}${verifyPath(l.verifyCode)}` },
        });
      }
      return { expired: ended.length, reminded: due.length };
    });
  }

}
