import { MATERIAL_STATUSES, type MaterialStatus } from '@common/cases';
import type { MaterialForm } from '@common/catalog';
import type { CaseDetail, MaterialInput } from '@/shared/api/cases';

/**
 * The line tables of the case action dialog: the materials a clerk marks on 受理 and 补正 (each line
 * received, missing with a due date, or …), and the lines a department cites when it returns a case.
 */
export type InputStatus = Exclude<MaterialStatus, 'shared'>;
export const INPUT_STATUSES = MATERIAL_STATUSES.filter((s): s is InputStatus => s !== 'shared');

export interface MaterialRow {
  lineNo: number;
  materialId: number;
  materialName: string;
  required: boolean;
  status: InputStatus;
  form: MaterialForm;
  copies: number;
  dueDate: string;
}
export interface ReturnRow {
  lineNo: number;
  materialName: string;
  picked: boolean;
  note: string;
}

/** The case's materials as the clerk starts marking them (shared ones are not marked). */
export function materialRowsOf(d: CaseDetail): MaterialRow[] {
  return d.materials
    .filter((m) => m.status !== 'shared')
    .map((m) => ({
      lineNo: m.lineNo,
      materialId: m.materialId,
      materialName: m.materialName,
      required: m.required,
      status: m.status as InputStatus,
      form: m.form ?? 'original',
      copies: m.status === 'received' ? m.copies : 1,
      dueDate: m.dueDate ?? '',
    }));
}

/** Every line of the case to pick from, with the note the department gave when it cited the line before. */
export function returnRowsOf(d: CaseDetail): ReturnRow[] {
  const cited = new Map(d.returnedLines.map((l) => [l.lineNo, l.note]));
  return d.materials.map((m) => ({ lineNo: m.lineNo, materialName: m.materialName, picked: false, note: cited.get(m.lineNo) ?? '' }));
}

/** The marked materials as the action posts them, or the name of the first missing one without a due date. */
export function materialInputs(rows: MaterialRow[]): { list: MaterialInput[] } | { noDueDate: string } {
  const list: MaterialInput[] = [];
  for (const m of rows) {
    if (m.status === 'received') list.push({ materialId: m.materialId, status: m.status, form: m.form, copies: m.copies });
    else if (m.status === 'missing') {
      if (!m.dueDate) return { noDueDate: m.materialName };
      list.push({ materialId: m.materialId, status: m.status, dueDate: m.dueDate });
    } else list.push({ materialId: m.materialId, status: m.status });
  }
  return { list };
}

/** The picked lines with their notes, or what is wanting: a line, or a note on each picked line. */
export function returnLines(rows: ReturnRow[]): { lines: { lineNo: number; note: string }[] } | { wanting: 'returnNeedLine' | 'returnNeedNote' } {
  const picked = rows.filter((r) => r.picked);
  if (!picked.length) return { wanting: 'returnNeedLine' };
  if (picked.some((r) => !r.note.trim())) return { wanting: 'returnNeedNote' };
  return { lines: picked.map((r) => ({ lineNo: r.lineNo, note: r.note.trim() })) };
}
