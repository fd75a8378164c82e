/** What the 好差评 services are given at composition (one object, shared by the service, its lists and rectifications). */
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { OutboxService } from '../outbox/outbox.service.js';

export interface RatingDeps {
  database: Database;
  /** the service clock: invitation, rating and rectification times and days (ADR 0016) */
  clock: Clock;
  audit: AuditService;
  outbox: OutboxService;
  calendar: CalendarService;
  centreName: string;
  /** for links in SMS; '' → the message carries the path only */
  publicBaseUrl: string;
  config: { defaultDays: number; defaultLevel: number; rectifyDays: number };
}
