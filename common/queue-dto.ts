/**
 * The message of the hall board's event stream (GET /api/public/queue/stream, text/event-stream; each `data:` line is
 * one BoardEvent as JSON). It stays here, shared by the server (QueueService.eventsAfter writes it) and the web (the
 * board reads it), because the OpenAPI document describes the stream only as text: no schema, so no generated type.
 * Every JSON answer of the queue API is typed from its schema (server/modules/queue/queue.schemas.ts; the web's
 * @/shared/api/queue).
 */
import type { WindowCategory } from './roles.js';

export interface BoardEvent {
  id: number;
  kind: 'issued' | 'called' | 'recalled' | 'no_show' | 'transferred' | 'serving' | 'done';
  ticketNo: string;
  category: WindowCategory;
  windowCode: string | null;
  windowName: string | null;
  at: string;
  waiting: Record<WindowCategory, number>;
}
