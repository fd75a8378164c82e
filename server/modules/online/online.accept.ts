/**
 * An online application as the intake's body (ADR 0027): the same lawful intake as at the window, with the
 * applicant's account as who applies (for a legal person: the entity, the account as its agent), every slot as a
 * material mark, and the client key `ws:<申办流水号>` so a retried acceptance answers the same cases.
 * Scans are received in electronic form (全程网办); at the window, in the form the clerk checked the original in. A
 * slot answered by 电子证照 is the line's `license` mark with the license: no scan, no original.
 */
import { AppError } from '../../platform/errors.js';
import type { IntakeBody, MaterialInput } from '../cases/cases.schemas.js';
import type { ApplicationParts } from './online.repository.js';
import type { WindowAcceptInput } from './online.schemas.js';
import { linesOf, materialNameOf } from './online.view.js';

export function intakeBodyOf(p: ApplicationParts, at: { windowId?: number; ticketId?: number; originals?: WindowAcceptInput['originals'] }): IntakeBody {
  const { app, person, entity } = p;
  const scans = scansOf(p);
  if (!person.realName || !person.idNumber) throw new AppError('APPLICANT_REAL_NAME_REQUIRED');
  const self = { name: person.realName, idNo: person.idNumber, phone: person.phone };
  const materials: MaterialInput[] = p.slots.map((s) => {
    const live = p.files.filter((f) => f.materialId === s.materialId && f.removedRound === null);
    if (s.mode === 'commitment') return { materialId: s.materialId, status: 'commitment' };
    if (s.mode === 'missing') return { materialId: s.materialId, status: 'missing', dueDate: s.dueDate ?? undefined };
    if (s.mode === 'not_applicable') return { materialId: s.materialId, status: 'not_applicable' };
    // 电子证照: the intake checks the license again (the holder's, of the line's type, valid today) and logs the use
    if (s.mode === 'license') return { materialId: s.materialId, status: 'license', licenseId: s.licenseId! };
    if (!live.length) return { materialId: s.materialId, status: linesOf(app.form, s.materialId).some((l) => l.required && !l.condition) ? 'absent' : 'not_applicable' };
    // the scans become the case's files of the material (source online: no staff member added them)
    const files = (scans.get(s.materialId) ?? []).map((f) => ({ ...f, source: 'online' as const }));
    if (!at.originals) return { materialId: s.materialId, status: 'received', form: 'electronic', copies: live.length, files };
    const checked = at.originals.find((o) => o.materialId === s.materialId);
    if (!checked) throw new AppError('ONLINE_ORIGINALS_UNCHECKED', { name: materialNameOf(app.form, s.materialId) });
    return { materialId: s.materialId, status: 'received', form: checked.form, copies: checked.copies, files };
  });
  return {
    clientKey: `ws:${app.no}`,
    ...(at.windowId ? { windowId: at.windowId } : {}),
    ...(at.ticketId ? { ticketId: at.ticketId } : {}),
    channel: 'online',
    applicantType: entity ? 'entity' : 'person',
    applicant: entity ? { name: entity.name, idNo: entity.uscc, phone: person.phone } : self,
    agent: entity ? self : null,
    subItemIds: app.form.subItems.map((s) => s.subItemId),
    bundleId: app.form.bundle?.id ?? null,
    materials,
    outcome: 'accept',
  };
}

/** The live scans of each material, for the case's files (passed to the intake with the marks). */
export function scansOf(p: ApplicationParts): Map<number, { sha256: string; name: string }[]> {
  const out = new Map<number, { sha256: string; name: string }[]>();
  for (const f of p.files) {
    if (f.removedRound !== null) continue;
    out.set(f.materialId, [...(out.get(f.materialId) ?? []), { sha256: f.sha256, name: f.name }]);
  }
  return out;
}
