/**
 * Domain errors with stable codes. The HTTP layer maps them to `{code, message, requestId}`,
 * choosing the message language from Accept-Language. The platform imports no module: a module declares
 * its codes in its own `*.errors.ts` (adding them to `ModuleErrors` for the compiler) and the composition
 * root registers them (`server/error-codes.ts` → `registerErrors`).
 */

export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

const PLATFORM_ERRORS = {
  // platform
  VALIDATION_FAILED: { status: 400, zh: '请求参数不正确：{detail}', en: 'Invalid request: {detail}' },
  MALFORMED_JSON: { status: 400, zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'Request body too large' },
  HEADERS_TOO_LARGE: { status: 431, zh: '请求头或网址过长', en: 'Request headers or URL too large' },
  REQUEST_TIMEOUT: { status: 408, zh: '请求超时，请重试', en: 'Request timed out' },
  BAD_REQUEST: { status: 400, zh: '请求格式不正确', en: 'Malformed request' },
  NOT_FOUND: { status: 404, zh: '记录不存在或无权查看', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests, try again later' },
  CONFLICT: { status: 409, zh: '数据已被修改，请刷新后重试', en: 'The record changed; reload and try again' },
  DUPLICATE: { status: 409, zh: '{field}已存在', en: '{field} already exists' },
  REFERENCE_IN_USE: { status: 409, zh: '该记录仍被引用，无法操作', en: 'The record is still referenced' },
  INTERNAL_ERROR: { status: 500, zh: '服务器内部错误，请联系管理员（请求编号 {requestId}）', en: 'Internal error (request {requestId})' },
  DATABASE_UNAVAILABLE: { status: 503, zh: '数据库暂不可用，请稍后重试', en: 'The database is unavailable; try again shortly' },
  DATABASE_NOT_MIGRATED: { status: 503, zh: '数据库尚未升级到本版本，请稍后重试', en: 'The database is not yet migrated to this version; try again shortly' },
  // auth
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Please log in' },
  AUTH_SESSION_EXPIRED: { status: 401, zh: '登录已超时，请重新登录', en: 'Your session has expired; please log in again' },
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  AUTH_ACCOUNT_LOCKED: { status: 423, zh: '密码或动态口令连续错误次数过多，账号已锁定，请 {minutes} 分钟后再试', en: 'Too many wrong passwords or codes; the account is locked for {minutes} minutes' },
  AUTH_ACCOUNT_DISABLED: { status: 403, zh: '账号已停用，请联系系统管理员', en: 'The account is disabled' },
  AUTH_WRONG_PASSWORD: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  PASSWORD_POLICY: { status: 400, zh: '密码至少 8 位，且须包含大写字母、小写字母、数字、符号中的三类', en: 'Passwords need at least 8 characters from three of: upper case, lower case, digits, symbols' },
  PASSWORD_REUSED: { status: 400, zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
  CSRF_INVALID: { status: 403, zh: '页面已过期，请刷新后重试（CSRF 校验失败）', en: 'The page expired; reload and try again (CSRF check failed)' },
  FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'You may not do this' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '请先修改初始密码后再继续操作', en: 'Change your initial password first' },
  // identity
  USER_SCOPE_REQUIRED: { status: 400, zh: '{role}必须绑定{scope}', en: '{role} must be bound to a {scope}' },
  SITE_PARENT_INVALID: { status: 400, zh: '上级场所不正确：{detail}', en: 'Invalid parent site: {detail}' },
  CANNOT_DISABLE_SELF: { status: 400, zh: '不能停用自己的账号或移除自己的管理员角色', en: 'You cannot disable yourself or drop your own admin role' },
  // calendar
  CALENDAR_NOT_COVERED: { status: 422, zh: '{year} 年超出日历可计算的范围，无法计算工作日', en: 'Working days cannot be computed for {year}' },
  CALENDAR_NOTICE_UNREADABLE: { status: 422, zh: '无法识别通知内容：{detail}', en: 'The notice could not be read: {detail}' },
  CALENDAR_NOTICE_WARNINGS_UNCHECKED: { status: 409, zh: '通知解析有 {n} 条提示，请逐条对照通知原文核对后再确认', en: 'The notice has {n} warnings; check them against the text before confirming' },
  CALENDAR_YEAR_EMPTY: { status: 409, zh: '{year} 年还没有录入任何节假日，不能确认（请先录入放假和调休日期）', en: 'No holidays entered for {year} yet; enter them before confirming the year' },
  CALENDAR_DATE_INVALID: { status: 400, zh: '日期不正确：{date}', en: 'Invalid date: {date}' },
  // catalog
  CHECKLIST_TRANSITION_NOT_ALLOWED: { status: 409, zh: '清单版本当前为「{status}」，不能执行此操作（可执行：{allowed}）', en: 'The checklist version is {status}; allowed: {allowed}' },
  CHECKLIST_DRAFT_EXISTS: { status: 409, zh: '该办理项已有未发布的清单版本，请继续编辑该版本', en: 'This sub-item already has an unpublished checklist version' },
  CHECKLIST_EMPTY: { status: 400, zh: '清单至少需要一项材料', en: 'A checklist needs at least one material' },
  CHECKLIST_DUPLICATE_MATERIAL: { status: 400, zh: '同一材料在清单中重复出现：{name}', en: 'Material listed twice: {name}' },
  CHECKLIST_EFFECTIVE_DATE_PAST: { status: 400, zh: '生效日期不能早于今天', en: 'The effective date cannot be in the past' },
  CHECKLIST_RETURN_REASON_REQUIRED: { status: 400, zh: '退回须填写意见', en: 'A return needs comments' },
  CATALOG_REFERENCE_INVALID: { status: 400, zh: '{what}不存在', en: '{what} does not exist' },
  CATALOG_FILE_TYPE: { status: 400, zh: '不支持的文件类型或文件内容与类型不符（{type}），请上传 PDF、PNG、JPEG 或 Word/Excel 文件', en: 'Unsupported file type or content ({type})' },
  CATALOG_FILE_SIZE: { status: 400, zh: '文件为空或超过 {max} MB', en: 'The file is empty or larger than {max} MB' },
  CATALOG_LIMIT_INVALID: { status: 400, zh: '承诺时限不能超过法定时限', en: 'The promised limit cannot exceed the statutory limit' },
  // cases
  CASE_TRANSITION_NOT_ALLOWED: { status: 409, zh: '办件当前状态为「{status}」，不能执行「{action}」（当前可执行：{allowed}）', en: 'The case is {status}; {action} is not allowed (allowed: {allowed})' },
  CASE_ID_INVALID: { status: 400, zh: '{who}证件号码不正确：{detail}', en: 'Invalid ID number of the {who}: {detail}' },
  CASE_PHONE_INVALID: { status: 400, zh: '{who}手机号码不正确（须为 11 位手机号）', en: 'Invalid mobile number of the {who}' },
  CASE_SUB_ITEM_INVALID: { status: 400, zh: '办理项 #{id} 不存在、已停用或不在本场所办理', en: 'Sub-item #{id} does not exist, is inactive or not handled at this site' },
  CASE_SUBJECT_MISMATCH: { status: 400, zh: '「{name}」不受理{type}的申请', en: '{name} does not accept applications from a {type}' },
  CASE_NO_CHECKLIST: { status: 422, zh: '「{name}」没有生效的受理清单，暂不能受理', en: '{name} has no checklist in force' },
  CASE_BUNDLE_INVALID: { status: 400, zh: '一件事 #{id} 不存在或不包含所选办理项', en: 'Bundle #{id} does not exist or does not contain the chosen sub-items' },
  CASE_MATERIAL_UNKNOWN: { status: 400, zh: '材料 #{id} 不在所选办理项的受理清单中（清单外的材料不得要求申请人提交）', en: 'Material #{id} is not on the checklists of the chosen sub-items' },
  CASE_MATERIAL_UNMARKED: { status: 400, zh: '材料「{name}」尚未标记收取情况', en: 'Material {name} has not been marked' },
  CASE_MATERIAL_STATUS_NOT_ALLOWED: { status: 422, zh: '材料「{name}」不允许「{status}」', en: 'Material {name} does not allow {status}' },
  CASE_MATERIALS_INCOMPLETE: { status: 422, zh: '必需材料「{name}」尚未收齐，不能受理（请出具补正告知或标记容缺/告知承诺）', en: 'Required material {name} is missing; issue a correction notice instead' },
  CASE_MISSING_DUE_INVALID: { status: 422, zh: '材料「{name}」容缺补交日期须晚于今天且不晚于承诺办结日 {due}', en: 'The supplement date for {name} must be after today and no later than {due}' },
  CASE_DEFECTS_REQUIRED: { status: 422, zh: '补正告知须列明需要补正的材料', en: 'A correction notice must list the defects' },
  CASE_DEFECTS_INCOMPLETE: { status: 422, zh: '补正告知须一次性告知全部内容：未收取的必需材料「{name}」没有列入', en: 'A correction notice must list every defect at once: {name} is missing from it' },
  CASE_DEFECT_NOT_ON_CHECKLIST: { status: 422, zh: '补正内容须引用受理清单条目：「{subItem}」的清单没有第 {lineNo} 项', en: 'Defects must cite checklist lines: {subItem} has no line {lineNo}' },
  CASE_RETURN_NOT_ON_CHECKLIST: { status: 422, zh: '退回前台须引用本件受理清单的条目：清单没有第 {lineNo} 项（清单以外的理由不予退回）', en: 'A return must cite lines of the pinned checklist: there is no line {lineNo}' },
  CASE_RETURN_LINES_REQUIRED: { status: 422, zh: '退回前台须至少引用一项受理清单条目并说明问题', en: 'A return must cite at least one checklist line with a note' },
  CASE_REASON_REQUIRED: { status: 400, zh: '请填写{what}', en: 'Please fill in the {what}' },
  CASE_NOT_FINAL_STEP: { status: 409, zh: '当前为「{step}」环节，须逐级提交至批准环节后才能作出决定', en: 'The case is at step {step}; pass it to the final step before deciding' },
  CASE_FINAL_STEP: { status: 409, zh: '已是批准环节，请作出准予或不予许可的决定', en: 'This is the final step; approve or deny' },
  CASE_DECISION_BLOCKED: { status: 409, zh: '{reason}，暂不能作出决定', en: 'Cannot decide yet: {reason}' },
  CASE_EXTENSION_USED: { status: 409, zh: '延期只能申请一次', en: 'An extension can be requested once' },
  CASE_EXTENSION_NOT_REQUESTED: { status: 409, zh: '没有待批准的延期申请', en: 'No extension is waiting for approval' },
  CASE_EXTENSION_SELF_APPROVAL: { status: 409, zh: '延期须由申请人以外的审批人员批准', en: 'Another approver must decide on the extension' },
  CASE_INSPECTOR_INVALID: { status: 400, zh: '勘查人员须为本部门在岗的勘查人员', en: 'The inspector must be an active inspector of the department' },
  CASE_INSPECTION_NOT_YOURS: { status: 403, zh: '该勘查任务未指派给您', en: 'This inspection is not assigned to you' },
  CASE_DOCUMENT_NO_INVALID: { status: 400, zh: '文号不能为空，且不超过 60 个字符', en: 'The document number is required (at most 60 characters)' },
  CASE_DOCUMENT_NO_MISMATCH: { status: 409, zh: '登记的文号「{given}」与部门决定的文号不一致，请核对纸质结果', en: 'The document number {given} does not match the department\'s decision' },
  CASE_IDENTITY_MISMATCH: { status: 422, zh: '领取人证件号码与{who}登记的证件号码不一致，不能领取', en: 'The collector\'s ID number does not match the {who}' },
  CASE_AGENT_AUTHORISATION_REQUIRED: { status: 422, zh: '他人代领须出示申请人的书面授权委托书（请登记委托书情况）', en: 'Collection by another person needs the applicant\'s written authorisation' },
  CASE_FILE_UNKNOWN: { status: 400, zh: '文件「{name}」未上传成功或不是材料可接受的类型（PDF、JPG、PNG），请重新扫描或上传', en: 'The file {name} was not uploaded or is not a material type (PDF, JPG, PNG)' },
  CASE_FILES_NOT_RECEIVED: { status: 422, zh: '材料「{name}」未标记为收取，不能附扫描件', en: 'Material {name} is not marked received; it cannot have files' },
  CASE_CLIENT_KEY_REUSED: { status: 409, zh: '该提交编号已用于另一次提交，请刷新页面后重试', en: 'This client key was used for a different submission' },
  HANDOVER_EMPTY: { status: 400, zh: '请选择要移交的办件', en: 'Choose the cases to hand over' },
  HANDOVER_CASE_INVALID: { status: 409, zh: '办件 {caseNo} 不在待移交状态或不属于该部门', en: 'Case {caseNo} is not waiting for handover to this department' },
  HANDOVER_ALREADY_SIGNED: { status: 409, zh: '该交接单已签收', en: 'This batch has been signed for' },
  HANDOVER_ITEMS_MISMATCH: { status: 400, zh: '签收清单须与交接单的办件一一对应', en: 'The signed items must match the batch' },
  PROGRESS_NOT_FOUND: { status: 404, zh: '未找到该办件，请核对办件编号和手机号后四位', en: 'No case found; check the case number and the last four digits of the phone' },
  // queue
  QUEUE_SITE_INVALID: { status: 404, zh: '该服务场所不存在或未开放取号', en: 'No such site, or it issues no tickets' },
  QUEUE_CATEGORY_REQUIRED: { status: 400, zh: '请选择业务类别或办理事项', en: 'Choose a category or an item' },
  QUEUE_EMPTY: { status: 409, zh: '当前没有等候的号', en: 'Nobody is waiting' },
  QUEUE_CURRENT_OPEN: { status: 409, zh: '请先处理当前的 {ticketNo} 号（开始办理、重呼或过号）', en: 'Deal with ticket {ticketNo} first' },
  QUEUE_TRANSITION_NOT_ALLOWED: { status: 409, zh: '该号当前为「{status}」，不能执行此操作（可执行：{allowed}）', en: 'The ticket is {status}; allowed: {allowed}' },
  QUEUE_NOT_YOUR_TICKET: { status: 403, zh: '该号由其他窗口叫号，只能由该窗口处理', en: 'Another window called this ticket' },
  QUEUE_NO_SHOW_TOO_EARLY: { status: 409, zh: '须重呼 {n} 次仍未到场才能过号', en: 'Recall {n} times before recording a no-show' },
  QUEUE_TRANSFER_TARGET: { status: 400, zh: '请选择转移到的业务类别或同一场所的窗口', en: 'Choose a category or a window of the same site' },
  QUEUE_TICKET_INVALID: { status: 409, zh: '该号不是本场所今天正在办理的号', en: 'The ticket is not being served at this site today' },
  APPOINTMENT_CODE_INVALID: { status: 404, zh: '预约码无效，或不是今天在本场所的预约', en: 'Unknown code, or not an appointment here today' },
  APPOINTMENT_DAY_INVALID: { status: 400, zh: '只能预约今后 {days} 个工作日内的号', en: 'Appointments only for the next {days} working days' },
  APPOINTMENT_FULL: { status: 409, zh: '该时段已约满，请选择其他时段', en: 'This slot is full' },
  APPOINTMENT_DUPLICATE: { status: 409, zh: '您当天在该场所已有预约（预约码尾号 {tail}），请勿重复预约', en: 'You already have an appointment that day' },
  APPOINTMENT_NOT_FOUND: { status: 404, zh: '未找到该预约，请核对预约码和身份证号', en: 'No such appointment' },
  // outbox
  OUTBOX_NOT_DEAD: { status: 409, zh: '只有失败停止的消息可以重试', en: 'Only dead messages can be retried' },
} satisfies Record<string, ErrorSpec>;

/**
 * The codes modules add, for the compiler: each module's `*.errors.ts` augments this interface
 * (`declare module '…/platform/errors.js' { interface ModuleErrors extends Record<keyof typeof X_ERRORS, ErrorSpec> {} }`).
 */
export interface ModuleErrors {}

export type ErrorCode = keyof typeof PLATFORM_ERRORS | keyof ModuleErrors;

const catalog: Record<string, ErrorSpec> = { ...PLATFORM_ERRORS };

/** Every code and its status and messages: the platform's and those registered by the modules. */
export const ERROR_CATALOG: Readonly<Record<ErrorCode, ErrorSpec>> = catalog as Record<ErrorCode, ErrorSpec>;

/** Adds a module's codes (at composition). A code already registered with another meaning is a programming error. */
export function registerErrors(codes: Record<string, ErrorSpec>): void {
  for (const [code, spec] of Object.entries(codes)) {
    const had = catalog[code];
    if (had && (had.status !== spec.status || had.zh !== spec.zh || had.en !== spec.en)) throw new Error(`error code ${code} registered twice with different meanings`);
    catalog[code] = spec;
  }
}

/** A code's entry; a code nobody registered answers as an internal error (and the catalog test names it). */
function specOf(code: ErrorCode): ErrorSpec {
  return catalog[code] ?? PLATFORM_ERRORS.INTERNAL_ERROR;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly details?: unknown,
  ) {
    super(code);
  }

  get status(): number {
    return specOf(this.code).status;
  }
}

export function errorMessage(code: ErrorCode, params: Record<string, string | number>, lang: 'zh' | 'en'): string {
  const template = specOf(code)[lang];
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] !== undefined ? String(params[k]) : ''));
}

export const notFound = () => new AppError('NOT_FOUND');
export const forbidden = () => new AppError('FORBIDDEN');
