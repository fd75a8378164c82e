/** Error codes of online applications (registered at composition, server/error-codes.ts). */
import type { ErrorSpec } from '../../platform/errors.js';

export const ONLINE_ERRORS = {
  ONLINE_NOT_OFFERED: { status: 400, zh: '「{name}」不支持网上申办，请到大厅窗口办理', en: '"{name}" cannot be applied for online; apply at a window' },
  ONLINE_SITE_UNKNOWN: { status: 400, zh: '请选择办理该事项的政务服务中心', en: 'Choose a service centre that offers the item' },
  ONLINE_SUBJECT_MISMATCH: { status: 400, zh: '「{name}」只受理{type}的申请', en: '"{name}" is only for {type}' },
  ONLINE_STATUS: { status: 409, zh: '申办当前为「{status}」，不能{action}', en: 'The application is "{status}"; cannot {action}' },
  ONLINE_SLOT_UNKNOWN: { status: 400, zh: '该材料不在本次申办的受理清单上', en: 'That material is not on the checklist of this application' },
  ONLINE_SLOT_LOCKED: { status: 409, zh: '「{name}」预审已通过，补正时只能修改需补正的材料', en: '"{name}" passed pre-review; only the materials to fix may change' },
  ONLINE_SLOT_MODE: { status: 400, zh: '「{name}」不允许{mode}', en: '"{name}" does not allow {mode}' },
  ONLINE_SLOT_EMPTY: { status: 400, zh: '请上传「{name}」的扫描件，或按清单选择其他方式', en: 'Upload a scan of "{name}" or choose another way the checklist allows' },
  ONLINE_SLOT_UNSIGNED: { status: 400, zh: '「{name}」选择了告知承诺，请签署承诺后再提交', en: 'Sign the commitment for "{name}" before submitting' },
  ONLINE_DUE_INVALID: { status: 400, zh: '「{name}」的容缺后补日期须晚于今天，且不晚于今天受理时的承诺办结日（{latest}）', en: 'The due date for "{name}" must be after today and no later than the promised date if accepted today ({latest})' },
  ONLINE_LICENSE_REQUIRED: { status: 400, zh: '「{name}」选择了电子证照，请选择要使用的证照', en: 'Choose the e-license to use for "{name}"' },
  ONLINE_TOO_MANY_FILES: { status: 400, zh: '每项材料最多上传 {max} 个文件', en: 'At most {max} files per material' },
  ONLINE_SIGN_NAME: { status: 400, zh: '签署姓名须与实名信息一致', en: 'The signed name must be your real name' },
  ONLINE_FIX_NOT_ADDRESSED: { status: 400, zh: '请先按补正告知修改「{name}」再提交', en: 'Change "{name}" as the fix list asks before submitting' },
  ONLINE_MARKS_INCOMPLETE: { status: 400, zh: '还有材料未预审：「{name}」', en: '"{name}" has not been reviewed yet' },
  ONLINE_NO_FIX: { status: 400, zh: '没有需补正的材料：全部通过请点「预审通过」', en: 'No material to fix; pass the application instead' },
  ONLINE_HAS_FIX: { status: 400, zh: '「{name}」标记为需补正，不能预审通过', en: '"{name}" is marked to fix; cannot pass' },
  ONLINE_FIX_LIST_SENT: { status: 409, zh: '本轮补正告知已发送（一次性告知），请等待申请人补正', en: 'This round\'s fix list was already sent' },
  ONLINE_ORIGINALS_UNCHECKED: { status: 400, zh: '请核对「{name}」的原件', en: 'Check the original of "{name}"' },
  ONLINE_NOT_AT_SITE: { status: 404, zh: '没有找到本中心的该网上申办', en: 'No such online application at this site' },
} satisfies Record<string, ErrorSpec>;

declare module '../../platform/errors.js' {
  interface ModuleErrors extends Record<keyof typeof ONLINE_ERRORS, ErrorSpec> {}
}
