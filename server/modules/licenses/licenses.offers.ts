/**
 * Which of a holder's licenses may stand for a material (电子证照 at intake, issue 17.4; the rule is licenses.read.ts'
 * `unusable`): the offers of a holder's licenses per material (the window's intake and the slots of 网上申办), a
 * material's license type, and the licenses chosen for slots as they stand today.
 */
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db.js';
import { catalogRepo } from '../catalog/catalog.repository.js';
import { effectiveStatus, holderCode, unusable, type LicenseRow } from './licenses.read.js';
import type { LicenseStatus, OfferedLicense, OfferList } from './licenses.schemas.js';

const idList = (ids: number[]) => sql.join(ids.map((x) => sql`${x}`), sql`, `);

/**
 * For each listed material that maps to a license type: the holder's licenses of that type, with whether each can be used
 * today; with `holderPhone`, only those carrying it as the holder's phone (an applicant not verified by the identity service).
 */
export async function offersFor(ex: Executor, today: string, holderIdNo: string, materialIds: number[], holderPhone: string | null = null): Promise<OfferList> {
  const id = holderCode(holderIdNo);
  if (!id || !materialIds.length) return { items: [] };
  const found = await rows<{ materialId: number; materialName: string; licenseType: string; id: number | null; version: number; licenseNo: string; holderName: string; status: LicenseStatus; validUntil: string | null; issuerName: string; holderIdNo: string }>(ex, sql`
    select m.id as "materialId", m.name as "materialName", m.license_type as "licenseType", l.id, l.version, l.license_no as "licenseNo", l.holder_name as "holderName",
           l.status, l.valid_until::text as "validUntil", l.issuer_name as "issuerName", l.holder_id_no as "holderIdNo"
    from ${catalogRepo.materialsAs('m')}
    left join license_types t on t.name = m.license_type
    left join lateral (
      select * from licenses x where x.type_id = t.id and x.holder_id_no = ${id} and x.status in ('valid', 'revoked', 'expired')
        and (${holderPhone}::text is null or x.holder_phone = ${holderPhone})
      order by (x.status = 'valid') desc, x.id desc limit 3) l on true
    where m.id in (${idList(materialIds)}) and m.license_type is not null
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

/** The license type a material maps to (its catalogue entry), or null. */
export async function licenseTypeOf(ex: Executor, materialId: number): Promise<string | null> {
  const [m] = await rows<{ licenseType: string | null }>(ex, sql`select m.license_type as "licenseType" from ${catalogRepo.materialsAs('m')} where m.id = ${materialId}`);
  return m?.licenseType ?? null;
}

/**
 * Licenses chosen for materials (网上申办's 电子证照 slots) as they stand today: each with whether the holder may
 * still use it for the material (one revoked, changed or expired since it was chosen cannot). A license not found, or
 * another holder's, is left out (not even its number is shown).
 */
export async function chosenFor(
  ex: Executor, today: string, holderIdNo: string, choices: { materialId: number; licenseId: number }[], holderPhone: string | null = null,
): Promise<Map<number, OfferedLicense>> {
  const out = new Map<number, OfferedLicense>();
  const id = holderCode(holderIdNo);
  if (!id || !choices.length) return out;
  const [found, types] = await Promise.all([
    rows<{ id: number; version: number; licenseNo: string; holderName: string; holderIdNo: string; holderPhone: string | null; status: LicenseStatus; validUntil: string | null; issuerName: string; typeName: string }>(ex, sql`
      select l.id, l.version, l.license_no as "licenseNo", l.holder_name as "holderName", l.holder_id_no as "holderIdNo", l.holder_phone as "holderPhone", l.status, l.valid_until::text as "validUntil",
             l.issuer_name as "issuerName", t.name as "typeName"
      from licenses l join license_types t on t.id = l.type_id
      where l.id in (${idList(choices.map((c) => c.licenseId))})`),
    rows<{ id: number; licenseType: string | null }>(ex, sql`
      select m.id, m.license_type as "licenseType" from ${catalogRepo.materialsAs('m')} where m.id in (${idList(choices.map((c) => c.materialId))})`),
  ]);
  for (const c of choices) {
    const l = found.find((x) => Number(x.id) === c.licenseId);
    if (!l || l.holderIdNo !== id || (holderPhone !== null && l.holderPhone !== holderPhone)) continue;
    const reason = unusable(l, types.find((x) => Number(x.id) === c.materialId)?.licenseType ?? '', id, today) ?? '';
    out.set(c.materialId, {
      id: Number(l.id), version: l.version, licenseNo: l.licenseNo, holderName: l.holderName, status: effectiveStatus(l as unknown as LicenseRow, today),
      validUntil: l.validUntil, issuerName: l.issuerName, usable: !reason, reason,
    });
  }
  return out;
}
