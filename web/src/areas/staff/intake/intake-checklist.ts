/**
 * The material part of the intake screen (按清单收件): the distinct materials of the pinned
 * checklists, one row each (a material shared by several sub-items of a bundle is collected once),
 * and what the clerk marked for each. The server checks every mark again; this only arranges the
 * checklist for display and builds the request body.
 */
import { computed, reactive, type ComputedRef, type Ref } from 'vue';
import type { DefectInput, IntakeForm, IntakeFormLine, IntakeFormSubItem, MaterialInput } from '@/shared/api/cases';
import type { MaterialStatus } from '@common/cases';
import type { MaterialForm } from '@common/catalog';

export type MarkStatus = Exclude<MaterialStatus, 'shared'>;

export interface MaterialUse {
  subItem: IntakeFormSubItem;
  line: IntakeFormLine;
}

/** One distinct material of the form, with every checklist line that asks for it. */
export interface MaterialRow {
  materialId: number;
  materialName: string;
  uses: MaterialUse[];
  /** required by at least one sub-item */
  required: boolean;
  /** required by a line without a condition: acceptance needs it (received, 容缺 or 告知承诺) */
  mandatory: boolean;
  /** 容缺 / 告知承诺 offered by every line that asks for it */
  allowMissing: boolean;
  allowCommitment: boolean;
  form: MaterialForm;
  copies: number;
  conditions: string[];
  reviewPoints: string[];
  /** the latest allowed 容缺 due date: the earliest promised deadline among its sub-items */
  dueMax: string | null;
}

/** A scan attached to a received material: stored already, shown by a local preview URL until the intake is sent. */
export interface ScanFile {
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
  /** an object URL of the bytes (images: the thumbnail) */
  preview: string;
}

/** 电子证照: the holder's license that satisfies a line (no paper, no scans). */
export interface UsedLicense {
  id: number;
  version: number;
  licenseNo: string;
  issuerName: string;
  validUntil: string | null;
}

export interface MaterialMark {
  status: MarkStatus;
  form: MaterialForm;
  copies: number;
  dueDate: string | null;
  files: ScanFile[];
  /** set when (and only when) the status is `license` */
  license: UsedLicense | null;
}

function distinct(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}

function earliest(dates: (string | null)[]): string | null {
  const known = dates.filter((d): d is string => !!d).sort();
  return known[0] ?? null;
}

export function materialRows(form: IntakeForm, subItemIds: readonly number[]): MaterialRow[] {
  const included = new Set(subItemIds);
  const rows: MaterialRow[] = [];
  for (const m of form.materials) {
    const uses: MaterialUse[] = [];
    for (const subItem of form.subItems) {
      if (!included.has(subItem.subItemId)) continue;
      for (const line of subItem.lines) if (line.materialId === m.materialId) uses.push({ subItem, line });
    }
    const first = uses[0];
    if (!first) continue;
    const lines = uses.map((u) => u.line);
    rows.push({
      materialId: m.materialId,
      materialName: m.materialName,
      uses,
      required: lines.some((l) => l.required),
      mandatory: lines.some((l) => l.required && !l.condition.trim()),
      allowMissing: lines.every((l) => l.allowMissing),
      allowCommitment: lines.every((l) => l.allowCommitment),
      form: first.line.form,
      copies: Math.max(...lines.map((l) => l.copies)),
      conditions: distinct(lines.map((l) => l.condition)),
      reviewPoints: distinct(lines.map((l) => l.reviewPoints)),
      dueMax: earliest(uses.map((u) => u.subItem.promisedDueIfToday)),
    });
  }
  return rows;
}

/** The statuses the clerk may pick for a row (the checklist says which ones it offers; 电子证照 is chosen from an offer). */
export function statusOptions(row: MaterialRow): MarkStatus[] {
  const out: MarkStatus[] = ['received'];
  if (row.allowCommitment) out.push('commitment');
  if (row.allowMissing) out.push('missing');
  out.push('absent');
  if (!row.mandatory) out.push('not_applicable');
  return out;
}

/** Mandatory materials start as not submitted; optional and conditional ones as not applicable. */
function initialMark(row: MaterialRow): MaterialMark {
  return { status: row.mandatory ? 'absent' : 'not_applicable', form: row.form, copies: row.copies, dueDate: row.dueMax, files: [], license: null };
}

/** 电子证照 on the marks: a line taken by the holder's license (its scans, if any, dropped), put back, and the lines so taken. */
function licenseMarks(rows: ComputedRef<MaterialRow[]>, marks: Map<number, MaterialMark>) {
  function useLicense(row: MaterialRow, license: UsedLicense): void {
    const m = marks.get(row.materialId);
    if (!m) return;
    for (const f of m.files) URL.revokeObjectURL(f.preview);
    Object.assign(m, { status: 'license', license: { ...license }, files: [] });
  }

  /** Back to the normal choices: the line as it starts (not submitted when mandatory). */
  function dropLicense(row: MaterialRow): void {
    const m = marks.get(row.materialId);
    if (m?.status === 'license') Object.assign(m, initialMark(row));
  }

  /** The lines satisfied by a license, in checklist order. */
  const licensed = computed(() =>
    rows.value.flatMap((r) => {
      const m = marks.get(r.materialId);
      return m?.status === 'license' && m.license ? [{ row: r, license: m.license }] : [];
    }),
  );
  return { useLicense, dropLicense, licensed };
}

/** Rows and marks for the current intake form; `subItemIds` are the sub-items being applied for. */
export function useIntakeChecklist(form: Ref<IntakeForm | null>, subItemIds: Ref<number[]>) {
  const marks = reactive(new Map<number, MaterialMark>());

  const rows = computed(() => (form.value ? materialRows(form.value, subItemIds.value) : []));
  const subItems = computed(() => (form.value?.subItems ?? []).filter((s) => subItemIds.value.includes(s.subItemId)));

  /** A mark for every row (new rows start as absent when required, not applicable otherwise). */
  function sync(): void {
    const keep = new Set(rows.value.map((r) => r.materialId));
    for (const id of [...marks.keys()]) if (!keep.has(id)) marks.delete(id);
    for (const r of rows.value) if (!marks.has(r.materialId)) marks.set(r.materialId, initialMark(r));
  }

  function mark(materialId: number): MaterialMark {
    const m = marks.get(materialId);
    if (!m) throw new Error(`no mark for material ${materialId}`);
    return m;
  }

  /**
   * 全部收齐: every required material received in the form and number the checklist asks.
   * Conditional lines ("only if …") stay as they are: whether they apply is the clerk's call.
   */
  function receiveAllRequired(): void {
    for (const r of rows.value) {
      if (!r.mandatory || mark(r.materialId).status === 'license') continue;
      Object.assign(mark(r.materialId), { status: 'received', form: r.form, copies: r.copies });
    }
  }

  function setStatus(row: MaterialRow, status: MarkStatus): void {
    const m = mark(row.materialId);
    m.status = status;
    if (status !== 'license') m.license = null;
    if (status === 'received' && m.copies < 1 && row.copies > 0) m.copies = row.copies;
    if (status === 'missing' && !m.dueDate) m.dueDate = row.dueMax;
  }

  const absentRequired = computed(() => rows.value.filter((r) => r.mandatory && marks.get(r.materialId)?.status === 'absent'));
  const missingWithoutDue = computed(() => rows.value.filter((r) => marks.get(r.materialId)?.status === 'missing' && !marks.get(r.materialId)?.dueDate));

  function materialsBody(): MaterialInput[] {
    return rows.value.map((r) => {
      const m = mark(r.materialId);
      const out: MaterialInput = { materialId: r.materialId, status: m.status };
      if (m.status === 'received') Object.assign(out, { form: m.form, copies: m.copies });
      if (m.status === 'received' && m.files.length) out.files = m.files.map((f) => ({ sha256: f.sha256, name: f.name }));
      if (m.status === 'missing' && m.dueDate) out.dueDate = m.dueDate;
      if (m.status === 'license' && m.license) out.licenseId = m.license.id;
      return out;
    });
  }

  /** Checklist lines that a correction notice starts with: every required line whose material is absent. */
  function defaultDefects(note: string): DefectInput[] {
    const out: DefectInput[] = [];
    for (const r of absentRequired.value) {
      for (const u of r.uses) if (u.line.required && !u.line.condition.trim()) out.push({ subItemId: u.subItem.subItemId, lineNo: u.line.lineNo, note });
    }
    return out;
  }

  function reset(): void {
    for (const m of marks.values()) for (const f of m.files) URL.revokeObjectURL(f.preview);
    marks.clear();
    sync();
  }

  return { rows, subItems, marks, sync, mark, receiveAllRequired, setStatus, ...licenseMarks(rows, marks), absentRequired, missingWithoutDue, materialsBody, defaultDefects, reset };
}
export type IntakeChecklist = ReturnType<typeof useIntakeChecklist>;
