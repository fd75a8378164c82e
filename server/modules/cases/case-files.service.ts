/**
 * Files of case materials (issue 16.6): the clerk's scan uploaded at the window before the intake names it, one
 * file of a case read by whoever may read the case (role, department, site scope), and the case's 电子档案 — one
 * zip of the materials' files, an index and what other modules add through `addArchiveEntries`.
 */
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/authz.js';
import { rows, type Database } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { FilePolicy } from '../files/files.check.js';
import type { FileService, StoredFile } from '../files/files.service.js';
import { archiveEntries, zipStream, type ArchiveEntriesHook, type ArchiveFile } from './case-archive.js';
import type { UploadedScan } from './case-files.schemas.js';
import type { CaseService } from './cases.service.js';
import type { ReceiptService } from './receipt.service.js';
import { casesPolicy } from './cases.policy.js';
import { caseScopeSql } from './cases.repository.js';

export interface CaseFileDeps {
  database: Database;
  audit: AuditService;
  files: FileService;
  cases: CaseService;
  /** what a material's scan may be (files module's materialPolicy of the configured limits) */
  policy: FilePolicy;
}

export class CaseFileService {
  private readonly archiveHooks: ArchiveEntriesHook[] = [];

  constructor(private readonly d: CaseFileDeps) {}

  /** the largest scan accepted, in bytes (the upload route stops reading past it) */
  get maxBytes(): number {
    return this.d.policy.maxBytes;
  }

  /** Another module's entries of every case's 电子档案 (the 受理回执 PDF, …), added after the materials and the index. */
  addArchiveEntries(hook: ArchiveEntriesHook): void {
    this.archiveHooks.push(hook);
  }

  /** A scan made at the window, checked by the material policy (PDF, JPEG, PNG by their bytes; size, pages) and stored. */
  async upload(actor: Actor, read: () => Promise<Buffer>, name: string): Promise<UploadedScan> {
    authorize(actor, casesPolicy, 'case.intake'); // before a byte of the body is read
    const stored = await this.d.files.put(await read(), this.d.policy);
    return { sha256: stored.sha256, name, mediaType: stored.mediaType, size: stored.size, pages: stored.pages ?? 1 };
  }

  /**
   * One file of a case: its own material's, or the holder's of a material this case shares. Outside the actor's
   * scope, or not a file of this case: not found.
   */
  async open(actor: Actor, caseId: number, fileId: number): Promise<{ name: string; mediaType: string; size: number; stream: Readable }> {
    const scope = authorize(actor, casesPolicy, 'case.read');
    const [f] = await rows<{ name: string; sha256: string }>(this.d.database.db, sql`
      select f.file_name as name, f.sha256 from cases c join case_material_files f on f.id = ${fileId}
      where c.id = ${caseId} and ${caseScopeSql(scope)}
        and (f.case_id = c.id or exists (select 1 from case_materials m where m.case_id = c.id and m.shared_case_id = f.case_id and m.material_id = f.material_id))`);
    const stored = f ? await this.d.files.stat(f.sha256) : null;
    if (!f || !stored) throw new AppError('NOT_FOUND');
    return { name: f.name, mediaType: stored.mediaType, size: stored.size, stream: this.d.files.open(stored) };
  }

  /**
   * The case's 电子档案 as a zip stream: the detail read as the actor may read it (its scope; personal data masked as
   * on the screen), the download audited, then each entry streamed from the store in turn.
   */
  async archive(actor: Actor, caseId: number): Promise<{ fileName: string; stream: Readable }> {
    const detail = await this.d.cases.get(actor, caseId);
    const ids = detail.materials.flatMap((m) => m.files.map((f) => f.id));
    const hashes = new Map(ids.length
      ? (await rows<{ id: number; sha256: string }>(this.d.database.db, sql`select id::int as id, sha256 from case_material_files where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`)).map((r) => [Number(r.id), r.sha256])
      : []);
    const extra = (await Promise.all(this.archiveHooks.map((hook) => hook(caseId, detail)))).flat();
    const files: ArchiveFile[] = [];
    for (const m of detail.materials) {
      for (const f of m.files) {
        const stored = await this.d.files.stat(hashes.get(f.id) ?? '');
        if (stored) files.push({ lineNo: m.lineNo, materialName: m.materialName, name: f.name, open: () => this.d.files.open(stored as StoredFile) });
      }
    }
    const entries = archiveEntries(detail, files, extra);
    await this.d.database.tx((tx) => this.d.audit.record(tx, actor, {
      kind: 'case.archive_downloaded', aggregateType: 'case', aggregateId: caseId,
      data: { caseNo: detail.caseNo, files: files.length, entries: entries.length },
    }));
    return { fileName: `${detail.caseNo}-电子档案.zip`, stream: zipStream(entries) };
  }
}

/** The 电子档案's 受理回执 (`受理回执-<case number>.pdf`) of a case that was accepted; none for one never accepted. */
export const receiptArchiveEntries = (receipts: Pick<ReceiptService, 'pdf'>): ArchiveEntriesHook => async (caseId, detail) => {
  if (!detail.notices.some((n) => n.kind === 'receipt')) return [];
  const r = await receipts.pdf(caseId);
  return [{ path: r.fileName, bytes: r.bytes }];
};
