/** Audit event kinds of the files of case materials (issue 16.6). */
export const CASE_FILE_AUDIT_LABELS = {
  'case.archive_downloaded': '下载电子档案',
} as const satisfies Record<string, string>;
