/** Error codes of the cases module added since the module catalogs (registered at composition, server/error-codes.ts). */
import type { ErrorSpec } from '../../platform/errors.js';

export const CASE_ERRORS = {
  // 503, not 500: the server is set up wrongly (RECEIPT_FONT), the request is fine and will work once it is fixed
  CASE_RECEIPT_FONT_MISSING: {
    status: 503,
    zh: '暂时无法生成电子受理回执：服务器缺少回执所用的中文字体，请联系系统管理员（安装 fonts-wqy-microhei 或设置 RECEIPT_FONT）',
    en: 'The electronic receipt cannot be made: the server lacks its Chinese font; ask the administrator (install fonts-wqy-microhei or set RECEIPT_FONT)',
  },
} satisfies Record<string, ErrorSpec>;

declare module '../../platform/errors.js' {
  interface ModuleErrors extends Record<keyof typeof CASE_ERRORS, ErrorSpec> {}
}
