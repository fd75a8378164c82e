/** What the license services share: read models, presenters and the checks of a license's use. */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { maskCitizenId, maskName } from '../../../common/masking.js';
import { normaliseCitizenId, normaliseUscc, validateCitizenId, validateUscc } from '../../../common/validators.js';
import type { Scope } from '../../platform/authz.js';
import { insertRows, type Executor } from '../../platform/db.js';
import type { LicenseStatus, LicenseSummary } from './licenses.schemas.js';
import { licenseEvents, licenses, licenseTypes } from './licenses.tables.js';
import type { SignedFacts } from './seal.js';

export type LicenseRow = typeof licenses.$inferSelect;
export type TypeRow = typeof licenseTypes.$inferSelect;

export const verifyPath = (code: string) => `/verify/${code}`;

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The library's holder codes: persons' citizen numbers masked (personal data), entities' codes as they are. */
const shownIdNo = (kind: string, idNo: string) => (kind === 'person' ? maskCitizenId(idNo) : idNo);

/** One line of a license's history. */
export async function recordEvent(ex: Executor, l: Pick<LicenseRow, 'id' | 'lineageId'>, at: Date, action: string, actor: string, caseId: number | null, note: string) {
  await insertRows(ex, licenseEvents, [{ lineageId: l.lineageId, licenseId: l.id, at, action, actorName: actor, caseId, note }]);
}


/** Why a license cannot stand for a line today (null: it can). */
export function unusable(l: { status: string; holderIdNo: string; validUntil: string | null; typeName: string } | null, licenseType: string, holderIdNo: string, today: string): string | null {
  if (!l || l.holderIdNo !== holderIdNo) return '未找到申请人名下的该证照';
  if (l.typeName !== licenseType) return `该证照不是「${licenseType}」`;
  if (l.status === 'revoked') return '证照已注销（撤销）';
  if (l.status === 'changed') return '证照已变更，请使用最新版本';
  if (l.status === 'expired' || (l.validUntil !== null && String(l.validUntil) < today)) return '证照已过有效期';
  return null;
}

export function effectiveStatus(l: LicenseRow, today: string): LicenseStatus {
  if (l.status === 'valid' && l.validUntil !== null && l.validUntil < today) return 'expired';
  return l.status as LicenseStatus;
}

export function signedFactsOf(l: LicenseRow, typeCode: string): SignedFacts {
  return { typeCode, licenseNo: l.licenseNo, version: l.version, holderIdNo: l.holderIdNo, holderName: l.holderName, validFrom: l.validFrom, validUntil: l.validUntil, issuedOn: l.issuedOn, pdfSha256: l.pdfSha256 ?? '' };
}

/** A holder's code as typed: a valid citizen number or USCC, normalised; null for anything else (a name). */
export function holderCode(text: string): string | null {
  const c = validateCitizenId(normaliseCitizenId(text));
  if (c.ok) return c.normalised;
  const u = validateUscc(normaliseUscc(text));
  return u.ok ? u.normalised : null;
}

export function reachesLicense(scope: Scope, l: { departmentId: number | null }): boolean {
  return scope.all || (l.departmentId !== null && scope.departmentIds.includes(l.departmentId));
}

export function scopeSql(scope: Scope): SQL {
  if (scope.all) return sql`true`;
  if (!scope.departmentIds.length) return sql`false`;
  const ids = sql.join(scope.departmentIds.map((x) => sql`${x}`), sql`, `);
  return sql`(l.department_id in (${ids}) or exists (select 1 from license_uses u where u.lineage_id = l.lineage_id and u.department_id in (${ids})))`;
}

export interface SummaryRow {
  id: number; lineageId: number; version: number; typeId: number; typeName: string; licenseNo: string; holderKind: 'person' | 'entity'; holderName: string; holderIdNo: string;
  status: LicenseStatus; validFrom: string; validUntil: string | null; issuedOn: string; issuerName: string; source: LicenseSummary['source'];
  caseId: number | null; caseNo: string | null; documentNo: string | null;
}

export const SUMMARY_SELECT = sql`
  select l.id, l.lineage_id as "lineageId", l.version, l.type_id as "typeId", t.name as "typeName", l.license_no as "licenseNo", l.holder_kind as "holderKind",
         l.holder_name as "holderName", l.holder_id_no as "holderIdNo", l.status, l.valid_from::text as "validFrom", l.valid_until::text as "validUntil",
         l.issued_on::text as "issuedOn", l.issuer_name as "issuerName", l.source, l.case_id as "caseId", l.case_no as "caseNo", l.document_no as "documentNo"
  from licenses l join license_types t on t.id = l.type_id`;

export function presentSummary(r: SummaryRow, masked = true): LicenseSummary {
  return {
    id: Number(r.id), lineageId: Number(r.lineageId), version: r.version, typeId: r.typeId, typeName: r.typeName, licenseNo: r.licenseNo, holderKind: r.holderKind,
    holderName: masked && r.holderKind === 'person' ? maskName(r.holderName) : r.holderName,
    holderIdNo: masked ? shownIdNo(r.holderKind, r.holderIdNo) : r.holderIdNo,
    status: r.status, validFrom: r.validFrom, validUntil: r.validUntil, issuedOn: r.issuedOn, issuerName: r.issuerName, source: r.source,
    caseId: r.caseId === null ? null : Number(r.caseId), caseNo: r.caseNo ?? null, documentNo: r.documentNo,
  };
}
