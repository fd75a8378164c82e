/**
 * The files an intake attaches to its received materials (issue 16.6): checked before the intake's transaction (each
 * a stored file of a material's type, only on a received material), written in it for the case that holds the
 * material (`materialRows`' `heldBy`: a material several cases of the visit share is held by the first that received
 * it; the others show the holder's files). No I/O but `FileService.stat`.
 */
import type { InferInsertModel } from 'drizzle-orm';
import type { Channel } from '../../../common/cases.js';
import { AppError } from '../../platform/errors.js';
import type { FileService } from '../files/files.service.js';
import { MATERIAL_TYPES } from '../files/files.types.js';
import type { FileSource } from './case-files.schemas.js';
import type { IntakeMaterialInput } from './cases.schemas.js';
import type { caseMaterialFiles } from './cases.tables.js';

export interface CheckedMaterialFile {
  sha256: string;
  name: string;
  source: FileSource;
  mediaType: string;
  size: number;
}
/** material id → its checked files */
export type MaterialFiles = Map<number, CheckedMaterialFile[]>;

/**
 * Each file named by the intake: on a received material only, stored, and of a material's type. A file's source is
 * the one it states, else the channel's (`online` for an online application, `window` otherwise).
 */
export async function checkIntakeFiles(
  files: FileService, materials: IntakeMaterialInput[], channel: Channel, pinned: readonly { lines: readonly { materialId: number; materialName: string }[] }[],
): Promise<MaterialFiles> {
  const names = new Map(pinned.flatMap((p) => p.lines.map((l) => [l.materialId, l.materialName] as const)));
  const out: MaterialFiles = new Map();
  const fallback: FileSource = channel === 'online' ? 'online' : 'window';
  for (const m of materials) {
    if (!m.files?.length) continue;
    if (m.status !== 'received') throw new AppError('CASE_FILES_NOT_RECEIVED', { name: names.get(m.materialId) ?? `#${m.materialId}` });
    const checked: CheckedMaterialFile[] = [];
    for (const f of m.files) {
      const stored = await files.stat(f.sha256);
      if (!stored || !MATERIAL_TYPES.includes(stored.mediaType)) throw new AppError('CASE_FILE_UNKNOWN', { name: f.name });
      checked.push({ sha256: f.sha256, name: f.name.trim() || f.sha256.slice(0, 12), source: f.source ?? fallback, mediaType: stored.mediaType, size: stored.size });
    }
    out.set(m.materialId, checked);
  }
  return out;
}

/**
 * The file rows of one case: the files of each material this case holds (`heldBy`, as `materialRows` left it),
 * under the case's line of that material. `filed` keeps a material's files from being written twice.
 */
export function materialFileRows(
  caseId: number, p: { lines: readonly { lineNo: number; materialId: number }[] }, checked: MaterialFiles, heldBy: Map<number, number>, filed: Set<number>, addedBy: number | null, now: Date,
): InferInsertModel<typeof caseMaterialFiles>[] {
  const rows: InferInsertModel<typeof caseMaterialFiles>[] = [];
  for (const l of p.lines) {
    const files = checked.get(l.materialId);
    if (!files || filed.has(l.materialId) || heldBy.get(l.materialId) !== caseId) continue;
    filed.add(l.materialId);
    for (const f of files) {
      // an online upload is the applicant's: no staff member added it
      rows.push({ caseId, lineNo: l.lineNo, materialId: l.materialId, sha256: f.sha256, fileName: f.name, mediaType: f.mediaType, size: f.size, source: f.source, addedBy: f.source === 'online' ? null : addedBy, addedAt: now });
    }
  }
  return rows;
}
