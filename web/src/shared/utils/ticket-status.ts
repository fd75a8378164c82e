import type { TicketStatus } from '@common/queue';

/** The colour of a queue ticket's status tag: called red, serving green, waiting blue, the rest grey. */
export function ticketStatusTagType(status: TicketStatus | undefined): 'danger' | 'success' | 'primary' | 'info' {
  if (status === 'called') return 'danger';
  if (status === 'serving') return 'success';
  if (status === 'waiting') return 'primary';
  return 'info';
}
