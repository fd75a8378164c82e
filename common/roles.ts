/** Staff roles (岗位角色). Codes are stable; labels live in the i18n files and in ROLE_LABELS. */
export const ROLES = [
  'guide', // 导办员 / 大堂经理
  'intake_clerk', // 综合受理员
  'approver', // 审批人员（进驻部门）
  'inspector', // 勘查人员
  'delivery_clerk', // 出件员
  'supervisor', // 政务办监督员
  'discipline_inspector', // 纪检监察
  'catalog_admin', // 事项管理员（中心）
  'dept_catalog_editor', // 部门清单员
  'system_admin', // 系统管理员
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  guide: { zh: '导办员', en: 'Guide' },
  intake_clerk: { zh: '综合受理员', en: 'Intake clerk' },
  approver: { zh: '审批人员', en: 'Approver' },
  inspector: { zh: '勘查人员', en: 'Inspector' },
  delivery_clerk: { zh: '出件员', en: 'Delivery clerk' },
  supervisor: { zh: '政务办监督员', en: 'Supervisor' },
  discipline_inspector: { zh: '纪检监察员', en: 'Discipline inspector' },
  catalog_admin: { zh: '事项管理员', en: 'Catalog admin' },
  dept_catalog_editor: { zh: '部门清单员', en: 'Department catalog editor' },
  system_admin: { zh: '系统管理员', en: 'System admin' },
};

/** Roles whose work belongs to one department (进驻部门): they must be bound to a department. */
export const DEPARTMENT_ROLES: readonly Role[] = ['approver', 'inspector', 'dept_catalog_editor'];
/** Roles that work at a site (大厅岗位): they must be bound to a site. */
export const SITE_ROLES: readonly Role[] = ['guide', 'intake_clerk', 'delivery_clerk'];

export const SITE_LEVELS = ['district', 'street', 'community'] as const; // 区中心 / 街道 / 社区
export type SiteLevel = (typeof SITE_LEVELS)[number];

export const WINDOW_KINDS = ['intake', 'delivery', 'both'] as const; // 收件 / 出件 / 收件+出件
export type WindowKind = (typeof WINDOW_KINDS)[number];

export const WINDOW_CATEGORIES = ['engineering', 'business', 'citizen'] as const; // 工程类 / 经营类 / 公民类
export type WindowCategory = (typeof WINDOW_CATEGORIES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
