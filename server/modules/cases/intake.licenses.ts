/** 电子证照 at intake (issue 17): the license marks checked before the intake's transaction, their uses recorded in it. */
import type { InferInsertModel } from 'drizzle-orm';
import type { Actor } from '../../platform/authz.js';
import type { Executor, Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { LicenseHook } from './case-hooks.js';
import type { MaterialInput } from './cases.schemas.js';
import type { caseMaterials } from './cases.tables.js';
import type { CheckedApplication, Pinned, VisitPlan } from './intake.steps.js';

/** Each line marked `license` names a valid license of the applicant of the line's type (the licenses hook). */
export async function checkLicenseMarks(hook: LicenseHook | undefined, ex: Executor, app: CheckedApplication, marks: Map<number, MaterialInput>): Promise<VisitPlan['licenses']> {
  const uses = [...marks.values()].filter((m) => m.status === 'license').map((m) => {
    const line = app.pinned.flatMap((p) => p.lines).find((l) => l.materialId === m.materialId)!;
    return { materialId: m.materialId, materialName: line.materialName, licenseType: line.licenseType!, licenseId: m.licenseId! };
  });
  if (!uses.length) return new Map();
  if (!hook) throw new AppError('CASE_MATERIAL_STATUS_NOT_ALLOWED', { name: uses[0]!.materialName, status: '电子证照' });
  return hook.checkUses(ex, app.applicant.idNo, uses, app.today);
}

/** In the intake's transaction: the case's lines satisfied by licenses, logged on the licenses (用证记录). */
export async function recordLicenseUses(
  hook: LicenseHook | undefined, tx: Tx, actor: Actor, c: Parameters<LicenseHook['recordUses']>[2],
  materials: InferInsertModel<typeof caseMaterials>[], p: Pinned, now: Date,
): Promise<void> {
  const used = materials.filter((m) => m.status === 'license');
  if (!used.length) return;
  await hook!.recordUses(tx, actor, c, used.map((m) => ({
    licenseId: m.licenseId!, lineNo: m.lineNo, materialName: p.lines.find((l) => l.lineNo === m.lineNo)!.materialName,
  })), now);
}
