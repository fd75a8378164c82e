/**
 * Hall queue and appointment API shapes (取号叫号、预约), shared by server and web.
 * Public (no login; rate-limited where they write):
 *   GET  /api/public/queue/kiosk?siteId=                     KioskView
 *   POST /api/public/queue/tickets                           TakeTicketBody → TicketIssued (取号)
 *   GET  /api/public/queue/tickets/{token}                   TicketPlace ("my place in the queue")
 *   GET  /api/public/queue/board?siteId=                     BoardView (叫号屏 initial state)
 *   GET  /api/public/queue/stream?siteId=&after=             text/event-stream of BoardEvent (data: JSON), ~1 s
 *   GET  /api/public/appointments/days?siteId=               { days: string[] } next bookable working days
 *   GET  /api/public/appointments/slots?siteId=&category=&day=   SlotView[]
 *   POST /api/public/appointments                            BookBody → AppointmentView (with the check-in code)
 *   POST /api/public/appointments/cancel                     { code, idNo } → AppointmentView
 * Staff (login):
 *   GET  /api/queue/windows/{windowId}                       WindowConsole (clerks of the window's site)
 *   POST /api/queue/windows/{windowId}/call-next             → WindowConsole (409 QUEUE_EMPTY when nobody waits)
 *   POST /api/queue/tickets/{id}/actions/{action}            TicketActionBodies[action] → WindowConsole | TicketStaffView
 *   GET  /api/queue/tickets?siteId=&status=                  Page<TicketStaffView> today's tickets (guides)
 *   GET  /api/queue/slots?siteId=&day=                       SlotView[] (guides: capacities)
 *   PUT  /api/queue/slots/{id}                               { capacity } → SlotView
 *   GET  /api/queue/stats?siteId=&from=&to=&targetWaitMinutes=   QueueStats
 */
import type { AppointmentStatus, Priority, TicketAction, TicketStatus } from './queue.js';
import type { WindowCategory } from './roles.js';

export interface KioskView {
  site: { id: number; code: string; name: string };
  categories: { category: WindowCategory; label: string; prefix: string; waiting: number; openWindows: number }[];
  today: string;
}

export interface TakeTicketBody {
  siteId: number;
  clientKey: string; // a retried tap on the kiosk returns the same ticket
  category?: WindowCategory; // or:
  subItemId?: number; // an item searched at the kiosk: routed to its category
  idNo?: string; // optional citizen ID (validated, GB 11643)
  appointmentCode?: string; // check-in: the ticket takes the appointment's category and priority
}

export interface TicketIssued {
  id: number;
  token: string; // for the "my place" page and the QR code
  ticketNo: string; // A001
  category: WindowCategory;
  priority: Priority;
  issuedAt: string;
  ahead: number; // tickets before it in its queue
  siteName: string;
  subItemName: string | null;
}

export interface TicketPlace {
  ticketNo: string;
  status: TicketStatus;
  statusLabel: string;
  category: WindowCategory;
  priority: Priority;
  ahead: number;
  windowName: string | null; // when called: go to this window
  issuedAt: string;
  calledAt: string | null;
  siteName: string;
}

export interface BoardCall {
  ticketNo: string;
  windowCode: string;
  windowName: string; // 3号窗口
  calledAt: string;
  recall: boolean;
}

export interface BoardView {
  site: { id: number; name: string };
  calls: BoardCall[]; // latest first, at most 12
  waiting: Record<WindowCategory, number>;
  lastEventId: number;
}

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

export interface TicketStaffView {
  id: number;
  ticketNo: string;
  category: WindowCategory;
  priority: Priority;
  /** why a guide gave it the green channel */
  priorityReason: string | null;
  status: TicketStatus;
  idNo: string | null; // masked
  subItemId: number | null;
  subItemName: string | null;
  issuedAt: string;
  calledAt: string | null;
  serveStartedAt: string | null;
  recalls: number;
  windowName: string | null;
  caseNos: string[]; // cases accepted on this ticket
  allowedActions: TicketAction[];
}

export interface WindowConsole {
  window: { id: number; code: string; name: string; categories: WindowCategory[]; siteId: number };
  current: TicketStaffView | null;
  waiting: Record<WindowCategory, number>;
  /** recalls before a no-show may be recorded */
  noShowAfterRecalls: number;
  /** after `serve`: the applicant's full ID for the intake form (audited) */
  applicantIdNo?: string | null;
}

export interface TicketActionBodies {
  recall: Record<string, never>;
  serve: Record<string, never>;
  no_show: Record<string, never>;
  transfer: { category?: WindowCategory; windowId?: number; note?: string };
  finish: Record<string, never>;
  green: { reason: string }; // 绿色通道: set by a guide
}

export interface SlotView {
  id: number;
  siteId: number;
  category: WindowCategory;
  day: string;
  start: string; // HH:MM
  end: string;
  capacity: number;
  booked: number;
}

export interface BookBody {
  slotId: number;
  name: string;
  idNo: string;
  phone: string;
  clientKey: string;
}

export interface AppointmentView {
  id: number;
  code: string; // 6-digit check-in code (shown once to the applicant; by SMS too)
  status: AppointmentStatus;
  siteName: string;
  category: WindowCategory;
  day: string;
  start: string;
  end: string;
  name: string; // masked
}

export interface QueueStats {
  from: string;
  to: string;
  totals: { tickets: number; served: number; noShows: number; avgWaitMinutes: number | null; avgServiceMinutes: number | null };
  byHour: { hour: number; tickets: number; noShows: number; avgWaitMinutes: number | null; avgServiceMinutes: number | null }[];
  byCategory: { category: WindowCategory; tickets: number; noShows: number; avgWaitMinutes: number | null; avgServiceMinutes: number | null }[];
  byWindow: { windowId: number; windowName: string; served: number; noShows: number; avgServiceMinutes: number | null }[];
  byClerk: { clerkId: number; clerkName: string; served: number; noShows: number; avgServiceMinutes: number | null }[];
  /** appointments of the period: booked (still to come), checked in, cancelled, and no-shows (booked, day passed) */
  appointments: { booked: number; checkedIn: number; cancelled: number; noShows: number };
  /** ticket → acceptance → decision → collection, mean minutes / working days over linked cases */
  journey: { cases: number; ticketToAcceptMinutes: number | null; acceptToDecisionDays: number | null; decisionToCollectDays: number | null };
  /** Erlang C: windows needed per hour for the target mean wait, from observed arrivals and service times */
  planner: { targetWaitMinutes: number; hours: { hour: number; arrivalsPerHour: number; avgServiceMinutes: number | null; recommendedWindows: number; expectedWaitMinutes: number | null; observedWindows: number }[] };
}
