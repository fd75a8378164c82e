/**
 * 电子证照 in 网上申办 (issue 17.4): a slot whose material maps to a license type may name the holder's license
 * instead of scans — the holder being who applies (the applicant's real-name ID, or the entity's USCC when filed for
 * one). The licenses module is handed in at composition; it answers the offers, the chosen licenses as they stand
 * today, and the same check the intake makes (LICENSE_NOT_USABLE with the reason).
 */
import type { Executor } from '../../platform/db.js';
import type { LicenseHook } from '../cases/case-hooks.js';
import type { OfferedLicense, OfferList } from '../licenses/licenses.schemas.js';
import type { ApplicationParts } from './online.repository.js';
import { materialNameOf, NO_SLOT_LICENSES, type SlotLicenses } from './online.view.js';

export interface OnlineLicenses {
  /** the holder's licenses for each material that maps to a license type (every such material listed, even with none) */
  offersFor(holderIdNo: string, materialIds: number[], holderPhone: string | null): Promise<OfferList>;
  /** the licenses chosen for materials as they stand today (another holder's left out) */
  chosenFor(holderIdNo: string, choices: { materialId: number; licenseId: number }[], holderPhone: string | null): Promise<Map<number, OfferedLicense>>;
  /** the license type a material maps to, or null (read with the caller's executor: inside its transaction) */
  licenseTypeOf(ex: Executor, materialId: number): Promise<string | null>;
  /** the intake's check: each license the holder's, of the type, valid today; throws LICENSE_NOT_USABLE */
  checkUses: LicenseHook['checkUses'];
}


/** Whose licenses stand for the application's materials: the entity's (USCC) when filed for one, else the applicant's. */
export const holderOf = (p: ApplicationParts): string | null => p.entity?.uscc ?? p.person.idNumber ?? null;

/**
 * The phone a license must carry to be offered (the holder's phone on record = the account's): a declared real name or
 * entity proves nothing by itself (applicants' `holdersOf`); null when the identity service verified the account.
 */
export const holderPhoneOf = (p: ApplicationParts): string | null => (p.person.verifiedBy === 'oidc' ? null : p.person.phone);

/** The slots' licenses, read outside any transaction (the licenses module reads with its own connection). */
export async function slotLicenses(licenses: OnlineLicenses, p: ApplicationParts): Promise<SlotLicenses> {
  const holder = holderOf(p);
  if (!holder) return NO_SLOT_LICENSES;
  const chosen = p.slots.filter((s) => s.mode === 'license' && s.licenseId !== null).map((s) => ({ materialId: s.materialId, licenseId: s.licenseId! }));
  const [offers, picked] = await Promise.all([licenses.offersFor(holder, p.slots.map((s) => s.materialId), holderPhoneOf(p)), licenses.chosenFor(holder, chosen, holderPhoneOf(p))]);
  return {
    types: new Map(offers.items.map((i) => [i.materialId, i.licenseType])),
    offers: new Map(offers.items.map((i) => [i.materialId, i.licenses])),
    chosen: picked,
  };
}

/**
 * The licenses chosen for the given slots, each still usable by the holder today (LICENSE_NOT_USABLE otherwise) —
 * checked with the caller's executor (inside its transaction).
 */
export async function checkChosen(ex: Executor, licenses: OnlineLicenses, p: ApplicationParts, materialIds: Set<number> | null, today: string): Promise<void> {
  const slots = p.slots.filter((s) => s.mode === 'license' && s.licenseId !== null && (materialIds === null || materialIds.has(s.materialId)));
  if (!slots.length) return;
  const holder = holderOf(p) ?? '';
  const uses = [];
  for (const s of slots) {
    uses.push({ materialId: s.materialId, materialName: materialNameOf(p.app.form, s.materialId), licenseType: (await licenses.licenseTypeOf(ex, s.materialId)) ?? '', licenseId: s.licenseId! });
  }
  await licenses.checkUses(ex, holder, uses, today, holderPhoneOf(p));
}
