/**
 * The 电子档案 of a case (issue 16.6): one zip with the materials' files in a folder per checklist line
 * (`01-身份证明/…`), an index (`目录.csv`, UTF-8 with BOM so Excel reads the Chinese) of the case's facts, its
 * materials and their files, its notices and its events (办理过程), and the entries other modules add for a case
 * (`ArchiveEntriesHook`: the 受理回执 PDF, …). Streamed by archiver: each stored file is read from the database a
 * chunk at a time while the zip is written, never the whole archive in memory.
 */
import type { Readable } from 'node:stream';
import archiver from 'archiver';
import { CASE_STATUS_LABELS, MATERIAL_STATUS_LABELS, type MaterialStatus } from '../../../common/cases.js';
import type { CaseDetail } from './cases.schemas.js';

/** An entry another module adds to every case's archive: its path inside the zip and its bytes. */
export interface ArchiveExtraEntry {
  path: string;
  bytes: Uint8Array;
}
/** Registered with `CaseFileService.addArchiveEntries`: the entries a module adds for a case (none: an empty list). */
export type ArchiveEntriesHook = (caseId: number, detail: CaseDetail) => Promise<ArchiveExtraEntry[]>;

/** A material's stored file, opened when the zip reaches it. */
export interface ArchiveFile {
  lineNo: number;
  materialName: string;
  name: string;
  open: () => Readable;
}

export interface ZipEntry {
  path: string;
  data: Uint8Array | (() => Readable);
}

const FORM_LABELS: Record<string, string> = { original: '原件', copy: '复印件', original_and_copy: '原件和复印件', electronic: '电子件' };
const NOTICE_LABELS: Record<string, string> = { receipt: '受理回执', correction: '补正告知书', refusal: '不予受理通知书' };
export const INDEX_NAME = '目录.csv';

/** A path segment safe in every unzip tool: no separators, no control or reserved characters, not empty. */
export const segment = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '_').replace(/^\.+/, '_').trim().slice(0, 80) || '_';

/** The folder of a checklist line: `01-身份证明`. */
export const lineFolder = (lineNo: number, materialName: string) => `${String(lineNo).padStart(2, '0')}-${segment(materialName)}`;

/** China time (UTC+8) as `YYYY-MM-DD HH:mm`. */
const chinaTime = (at: string | Date) => new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

const cell = (v: string | number | null | undefined) => {
  const s = String(v ?? '');
  // a cell starting with = + - @ is read as a formula by spreadsheets: quoted with a leading apostrophe
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};
const csv = (lines: (string | number | null | undefined)[][]) => `\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;

/** The materials' paths, each unique inside its folder (a second `扫描.jpg` becomes `扫描(2).jpg`). */
function materialPaths(files: ArchiveFile[]): string[] {
  const taken = new Set<string>();
  return files.map((f) => {
    const folder = lineFolder(f.lineNo, f.materialName);
    const name = segment(f.name);
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let path = `${folder}/${name}`;
    for (let n = 2; taken.has(path); n++) path = `${folder}/${stem}(${n})${ext}`;
    taken.add(path);
    return path;
  });
}

/** The index: the case's facts, each material line with its files, the notices, the events. */
export function archiveIndex(d: CaseDetail, paths: Map<number, string[]>, extra: string[]): string {
  const lines: (string | number | null)[][] = [
    ['电子档案目录'],
    ['办件编号', d.caseNo], ['事项', d.itemName], ['办理项', `${d.subItemName}（${d.subItemCode}）`], ['审批部门', d.departmentName],
    ['受理场所', d.siteName], ['申请人', d.applicantName], ['证件号码', d.applicantIdNo], ['联系电话', d.applicantPhone],
    ['代理人', d.agent ? `${d.agent.name} ${d.agent.idNo}` : ''], ['收件时间', chinaTime(d.receivedAt)], ['受理日', d.acceptedOn],
    ['承诺办结日', d.promisedDue], ['状态', CASE_STATUS_LABELS[d.status].zh], ['决定文号', d.documentNo], ['一件事', d.bundleName],
    ['受理清单版本', d.checklistVersionNo],
    [],
    ['材料', '序号', '材料名称', '收取情况', '形式', '份数', '文件'],
    ...d.materials.map((m) => [
      '', m.lineNo, m.materialName,
      `${MATERIAL_STATUS_LABELS[m.status as MaterialStatus] ?? m.status}${m.sharedCaseNo ? `（由 ${m.sharedCaseNo} 收取）` : ''}${m.dueDate ? `（补交期限 ${m.dueDate}）` : ''}`,
      m.form ? (FORM_LABELS[m.form] ?? m.form) : '', m.copies, (paths.get(m.lineNo) ?? []).join('；'),
    ]),
    [],
    ['文书', '文书编号', '类别', '出具人', '出具时间', '补正内容或不予受理理由'],
    ...d.notices.map((n) => [
      '', n.noticeNo, NOTICE_LABELS[n.kind] ?? n.kind, n.issuedBy, chinaTime(n.issuedAt),
      n.kind === 'correction' ? n.defects.map((x) => `第${x.lineNo}项 ${x.materialName}${x.note ? `：${x.note}` : ''}`).join('；') : n.kind === 'refusal' ? `${n.reasons}（告知去向：${n.redirect}）` : '',
    ]),
    [],
    ['办理过程', '时间', '环节', '经办人', '说明'],
    ...d.events.map((e) => ['', chinaTime(e.at), e.label, e.actorName, e.note]),
    ...(extra.length ? [[], ['其他文件'], ...extra.map((p) => ['', p])] : []),
  ];
  return csv(lines);
}

/** Every entry of the archive in order: the index first, then the materials' files, then the other modules' entries. */
export function archiveEntries(d: CaseDetail, files: ArchiveFile[], extra: ArchiveExtraEntry[]): ZipEntry[] {
  const paths = materialPaths(files);
  const byLine = new Map<number, string[]>();
  files.forEach((f, i) => byLine.set(f.lineNo, [...(byLine.get(f.lineNo) ?? []), paths[i]!]));
  const extraPaths = extra.map((e) => e.path.split('/').map(segment).join('/'));
  return [
    { path: INDEX_NAME, data: Buffer.from(archiveIndex(d, byLine, extraPaths), 'utf8') },
    ...files.map((f, i) => ({ path: paths[i]!, data: f.open })),
    ...extra.map((e, i) => ({ path: extraPaths[i]!, data: e.bytes })),
  ];
}

/** The zip, written as it is read. Scans (JPEG, PNG, PDF) are compressed already: stored as they are. */
export function zipStream(entries: ZipEntry[]): Readable {
  const zip = archiver('zip', { zlib: { level: 6 } });
  for (const e of entries) {
    if (typeof e.data === 'function') zip.append(e.data(), { name: e.path, store: true });
    else zip.append(Buffer.from(e.data), { name: e.path });
  }
  void zip.finalize();
  return zip;
}
