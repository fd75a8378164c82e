/** Error codes of stored files (registered at composition, server/error-codes.ts). */
import type { ErrorSpec } from '../../platform/errors.js';

export const FILE_ERRORS = {
  FILE_EMPTY: { status: 400, zh: '文件是空的，请重新选择', en: 'The file is empty' },
  FILE_TOO_LARGE: { status: 413, zh: '文件超过 {max} MB，请压缩或分页后再上传', en: 'The file is larger than {max} MB' },
  FILE_TYPE: { status: 415, zh: '文件内容不是可接受的类型（按文件内容识别，不看扩展名）：只接受 {allowed}', en: 'The file content is not an accepted type (read from its bytes, not its name): {allowed} only' },
  FILE_UNREADABLE: { status: 400, zh: '无法读取该 PDF 文件，请重新导出或扫描后再上传', en: 'This PDF cannot be read; export or scan it again' },
  FILE_TOO_MANY_PAGES: { status: 400, zh: '该 PDF 有 {pages} 页，超过上限 {max} 页，请分开上传', en: 'This PDF has {pages} pages, more than {max}' },
} satisfies Record<string, ErrorSpec>;

declare module '../../platform/errors.js' {
  interface ModuleErrors extends Record<keyof typeof FILE_ERRORS, ErrorSpec> {}
}
