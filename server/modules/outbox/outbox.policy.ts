import type { Policy } from '../../platform/authz.js';

export type OutboxAbility = 'outbox.read' | 'outbox.retry' | 'sms.read';

const admin = { roles: ['system_admin'], scope: 'all' } as const;
export const outboxPolicy: Policy<OutboxAbility> = {
  'outbox.read': [admin],
  'outbox.retry': [admin],
  'sms.read': [admin],
};
