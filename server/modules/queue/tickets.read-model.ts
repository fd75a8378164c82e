/** What other modules may read of the hall's tickets, as SQL for their own statements: the queue's tables stay its own. */
import { sql, type SQL } from 'drizzle-orm';

// read models for the cases module

/** A ticket's number (A012…) as SQL, the ticket an id or an outer column (null for none): a case's visit names its ticket. */
export function ticketNoSql(ticketId: SQL): SQL {
  return sql`(select rm_t.ticket_no from queue_tickets rm_t where rm_t.id = ${ticketId})`;
}
