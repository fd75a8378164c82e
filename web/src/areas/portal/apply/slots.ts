/** What the 申办 page works out of an application's slots: the modes a slot may take, what is still missing. */
import type { SlotMode } from '@common/online';
import type { Application, ApplicationSlot } from './api';

/**
 * As the server allows (online.service setSlot): every line of the slot must allow the mode; 电子证照 where the
 * material maps to a license type (offered first: nothing to upload).
 */
export function allowedModes(slot: ApplicationSlot): SlotMode[] {
  const out: SlotMode[] = slot.licenseType ? ['license', 'upload'] : ['upload'];
  if (slot.lines.every((l) => l.allowCommitment)) out.push('commitment');
  if (slot.lines.every((l) => l.allowMissing)) out.push('missing');
  if (slot.lines.every((l) => !l.required || !!l.condition)) out.push('not_applicable');
  return out;
}

/** The slots not yet provided (as the server's checkComplete): no scan for a required line, unsigned, no date, no license. */
export function missingSlots(app: Application): ApplicationSlot[] {
  return app.slots.filter((s) => {
    if (!s.editable) return false;
    const live = s.files.filter((f) => f.removedRound === null).length;
    const required = s.lines.some((l) => l.required && !l.condition);
    if (s.mode === 'upload') return required && live === 0;
    if (s.mode === 'commitment') return !s.signedAt;
    if (s.mode === 'missing') return !s.dueDate;
    if (s.mode === 'license') return s.licenseId === null;
    return false;
  });
}

/** The slots the last decided round asked to fix (一次性告知), with the clerk's note. */
export const fixSlots = (app: Application) => app.slots.filter((s) => s.mark?.verdict === 'fix');

/** A catalog file (表格下载 / 填写示例 / 材料样本) of a material, from the guide. */
export interface MaterialFile {
  id: number;
  title: string;
  kind: string;
}
