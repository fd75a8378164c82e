/**
 * Who may do what in supervision (电子监察). Deny by default; see platform/authz.ts.
 * The centre's supervisors (政务办) and discipline inspectors (纪检监察) see everything and handle
 * alerts; departments see their own alerts and series, explain missing numbers and register results
 * issued off the platform (which itself raises an alert); guides see their hall's metrics.
 */
import type { Policy } from '../../platform/authz.js';

export type SupervisionAbility =
  | 'supervision.read' // alerts, series and numbers, light overview
  | 'alert.handle' // investigate and close alerts
  | 'alert.comment'
  | 'docno.manage' // document-number series
  | 'docno.explain' // explain a missing number, register an off-platform result
  | 'lights.manage' // light rules, run a scan now
  | 'metrics.read'; // dashboards and the monthly report

const centre = { roles: ['supervisor', 'discipline_inspector'], scope: 'all' } as const;
const supervisor = { roles: ['supervisor'], scope: 'all' } as const;
const department = { roles: ['approver'], scope: 'department' } as const;

export const supervisionPolicy: Policy<SupervisionAbility> = {
  'supervision.read': [centre, department],
  'alert.handle': [centre],
  'alert.comment': [centre, department],
  'docno.manage': [supervisor],
  'docno.explain': [department],
  'lights.manage': [supervisor],
  'metrics.read': [centre, department, { roles: ['guide'], scope: 'site' }],
};
