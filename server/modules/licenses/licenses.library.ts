/**
 * The license library (证照库) for staff, 我的证照 for applicants, the offers at intake, and the public verification
 * by the code in a license's QR: status, signature, and the uploaded file's digest against the library's (ADR 0028).
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { maskCitizenId, maskName, maskUscc } from '../../../common/masking.js';
import { authorize, type Actor, type ApplicantActor } from '../../platform/authz.js';
import { num, rows, type Executor } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { catalogRepo } from '../catalog/catalog.repository.js';
import type { PortalHolders } from '../applicants/applicants.entities.js';
import type { LicenseDeps } from './licenses.service.js';
import { licensesPolicy } from './licenses.policy.js';
import type { LicenseDetail, LicenseStatus, LicenseSummary, OfferedLicense, OfferList, PublicLicense } from './licenses.schemas.js';
import { chosenFor, licenseTypeOf, offersFor } from './licenses.offers.js';
import { licenses, licenseTypes, sealKeys } from './licenses.tables.js';
import {
  effectiveStatus, holderCode, presentSummary, reachesLicense, scopeSql, sha256, signedFactsOf, SUMMARY_SELECT, unusable, verifyPath,
  type LicenseRow, type SummaryRow,
} from './licenses.read.js';
import { verify } from './seal.js';

export class LicenseLibrary {
  constructor(private readonly d: LicenseDeps) {}

  // ---- intake: offers ------------------------------------------------------------------------------------------------

  /** For each listed material that maps to a license type: the holder's licenses of that type, with whether each can be used today. */
  async offers(actor: Actor, holderIdNo: string, materialIds: number[]): Promise<OfferList> {
    authorize(actor, licensesPolicy, 'license.offer');
    return this.offersFor(holderIdNo, materialIds);
  }

  /** The offers with no staff actor, for the holder's own side (网上申办: the caller answers for who the holder is). */
  offersFor(holderIdNo: string, materialIds: number[], holderPhone: string | null = null): Promise<OfferList> {
    return offersFor(this.d.database.db, this.d.clock.today(), holderIdNo, materialIds, holderPhone);
  }

  /** Licenses chosen for materials (网上申办's 电子证照 slots) as they stand today, with whether each may still be used. */
  chosenFor(holderIdNo: string, choices: { materialId: number; licenseId: number }[], holderPhone: string | null = null): Promise<Map<number, OfferedLicense>> {
    return chosenFor(this.d.database.db, this.d.clock.today(), holderIdNo, choices, holderPhone);
  }

  /** The license type a material maps to, or null — with the caller's executor (inside its transaction). */
  licenseTypeOf(ex: Executor, materialId: number): Promise<string | null> {
    return licenseTypeOf(ex, materialId);
  }

  // ---- the library -----------------------------------------------------------------------------------------------

  async search(actor: Actor, q: { holder?: string; typeId?: number; no?: string; status?: LicenseStatus; source?: string; caseId?: number; page?: number; pageSize?: number }) {
    const scope = authorize(actor, licensesPolicy, 'license.read');
    const where: SQL[] = [scopeSql(scope)];
    const holder = q.holder?.trim();
    if (holder) {
      const code = holderCode(holder);
      where.push(code ? sql`l.holder_id_no = ${code}` : sql`l.holder_name like ${`%${holder.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
    }
    if (q.typeId) where.push(sql`l.type_id = ${q.typeId}`);
    if (q.no?.trim()) where.push(sql`l.license_no like ${`%${q.no.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`); // any part of the number: 0696, 〔2026〕
    if (q.status) where.push(sql`l.status = ${q.status}`);
    if (q.source) where.push(sql`l.source = ${q.source}`);
    if (q.caseId) where.push(sql`l.case_id = ${q.caseId}`);
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
    const h = await this.d.holdersOf(actor);
    if (!h.idNos.length) return { items: [] };
    const found = await rows<SummaryRow>(this.d.database.db, sql`${SUMMARY_SELECT}
      where l.holder_id_no in (${sql.join(h.idNos.map((x) => sql`${x}`), sql`, `)}) and (${h.phone}::text is null or l.holder_phone = ${h.phone})
      order by (l.status = 'valid') desc, l.id desc limit 500`);
    return { items: found.map((r) => presentSummary(r, false)) };
  }

  async myDetail(actor: ApplicantActor, id: number): Promise<LicenseDetail> {
    const h = await this.d.holdersOf(actor);
    return this.detailOf(id, (l) => holds(h, l), false);
  }

  async myPdf(actor: ApplicantActor, id: number) {
    const h = await this.d.holdersOf(actor);
    const [l] = await this.d.database.db.select().from(licenses).where(eq(licenses.id, id));
    if (!l || !holds(h, l)) throw new AppError('NOT_FOUND');
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
      rows<{ v: number; status: LicenseRow['status']; validUntil: string | null }>(this.d.database.db, sql`
        select version as v, status, valid_until::text as "validUntil" from licenses where lineage_id = ${l.lineageId} order by version desc limit 1`),
    ]);
    const signatureValid = !!(l.signature && key && verify(signedFactsOf(l, t!.code), l.signature, key.publicKey));
    return { l, t: t!, key: key ?? null, latest: latest?.v ?? l.version, latestStatus: latest ? effectiveStatus({ ...l, status: latest.status, validUntil: latest.validUntil }, this.d.clock.today()) : effectiveStatus(l, this.d.clock.today()), signatureValid };
  }

  async publicView(code: string): Promise<PublicLicense> {
    const { l, t, key, latest, latestStatus, signatureValid } = await this.byCode(code);
    return {
      typeName: t.name, licenseNo: l.licenseNo, version: l.version, latestVersion: latest, latestStatus,
      holderName: l.holderKind === 'person' ? maskName(l.holderName) : l.holderName,
      holderIdNo: l.holderKind === 'person' ? maskCitizenId(l.holderIdNo) : maskUscc(l.holderIdNo),
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

}

/** 我的证照: a license of one of the account's holders, carrying the account's phone unless the account is verified. */
function holds(h: PortalHolders, l: LicenseRow): boolean {
  return h.idNos.includes(l.holderIdNo) && (h.phone === null || l.holderPhone === h.phone);
}
