import { ROLES } from '../../../common/roles.js';
import type { Policy } from '../../platform/authz.js';

export type CalendarAbility = 'calendar.read' | 'calendar.manage';

export const calendarPolicy: Policy<CalendarAbility> = {
  'calendar.read': [{ roles: ROLES, scope: 'all' }],
  'calendar.manage': [{ roles: ['system_admin'], scope: 'all' }],
};
