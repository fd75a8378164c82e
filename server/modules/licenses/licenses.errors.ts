/** Error codes of electronic licenses (registered at composition, server/error-codes.ts). */
import type { ErrorSpec } from '../../platform/errors.js';

export const LICENSE_ERRORS = {
  LICENSE_NOT_USABLE: { status: 409, zh: '「{name}」不能以电子证照替代：{reason}', en: '"{name}" cannot be satisfied by the e-license: {reason}' },
  LICENSE_ALREADY_ENDED: { status: 409, zh: '该证照当前为「{status}」，不能再注销', en: 'The license is {status}; it cannot be revoked' },
  LICENSE_IMPORT_INVALID: { status: 400, zh: '导入文件不正确：{detail}', en: 'Invalid import file: {detail}' },
  LICENSE_FILE_INVALID: { status: 400, zh: '请上传证照 PDF 文件', en: 'Upload the license PDF' },
  LICENSE_STATS_PERIOD: { status: 400, zh: '统计期间不正确：起始日不能晚于截止日，且不超过 366 天', en: 'Invalid period' },
} satisfies Record<string, ErrorSpec>;

declare module '../../platform/errors.js' {
  interface ModuleErrors extends Record<keyof typeof LICENSE_ERRORS, ErrorSpec> {}
}
