/**
 * Who may do what with cases (办件). Deny by default; see platform/authz.ts.
 * Front desk and delivery work at their site; approvers and inspectors see their department only;
 * the centre's supervisors and discipline inspectors read everything (they act in the supervision module).
 */
import type { CaseAbility } from '../../../common/cases.js';
import type { Policy } from '../../platform/authz.js';

export type CasesAbility = CaseAbility | 'case.read' | 'case.reveal';

const site = (...roles: ('intake_clerk' | 'delivery_clerk' | 'guide')[]) => ({ roles, scope: 'site' }) as const;
const department = (...roles: ('approver' | 'inspector')[]) => ({ roles, scope: 'department' }) as const;
const centre = { roles: ['supervisor', 'discipline_inspector'], scope: 'all' } as const;

export const casesPolicy: Policy<CasesAbility> = {
  'case.read': [site('intake_clerk', 'delivery_clerk', 'guide'), department('approver', 'inspector'), centre],
  'case.intake': [site('intake_clerk')], // 综合受理、补正、撤件、移交
  'case.review': [department('approver')], // 签收、承办/审核、勘查指派、特别程序、延期申请、退回
  'case.decide': [department('approver')], // 准予/不予许可、延期批准
  'case.inspect': [department('inspector')], // 登记勘查结果（指派给本人的）
  'case.deliver': [site('delivery_clerk')], // 结果登记、取件、邮寄
  // 查看完整证件号/手机号 (audited, with a reason): the staff who call or identify applicants — the front desk
  // and delivery at their site, the department's approvers and inspectors (on-site visits are arranged by phone).
  'case.reveal': [site('intake_clerk', 'delivery_clerk'), department('approver', 'inspector')],
};
