/**
 * The hall queue and appointment API (取号叫号、预约). Shapes are in `@common/queue-dto`.
 */
import type {
  AppointmentView, BoardEvent, BoardView, BookBody, KioskView, QueueStats, SlotView, TakeTicketBody, TicketActionBodies, TicketIssued,
  TicketPlace, TicketStaffView, WindowConsole,
} from '@common/queue-dto';
import type { TicketAction, TicketStatus } from '@common/queue';
import type { WindowCategory } from '@common/roles';
import { http } from './http';

export type { AppointmentView, BoardEvent, BoardView, KioskView, QueueStats, SlotView, TicketIssued, TicketPlace, TicketStaffView, WindowConsole };

export const queuePublicApi = {
  kiosk: (siteId: number) => http.get<KioskView>('/api/public/queue/kiosk', { siteId }, { redirectOn401: false }),
  takeTicket: (body: TakeTicketBody) => http.post<TicketIssued>('/api/public/queue/tickets', body, { redirectOn401: false }),
  place: (token: string) => http.get<TicketPlace>(`/api/public/queue/tickets/${encodeURIComponent(token)}`, undefined, { redirectOn401: false }),
  board: (siteId: number) => http.get<BoardView>('/api/public/queue/board', { siteId }, { redirectOn401: false }),
  /** Server-sent board events; the browser reconnects by itself (Last-Event-ID). */
  stream: (siteId: number, after: number, onEvent: (e: BoardEvent) => void): EventSource => {
    const es = new EventSource(`/api/public/queue/stream?siteId=${siteId}&after=${after}`);
    es.onmessage = (m) => onEvent(JSON.parse(m.data) as BoardEvent);
    return es;
  },
  days: (siteId: number) => http.get<{ days: string[] }>('/api/public/appointments/days', { siteId }, { redirectOn401: false }),
  slots: (q: { siteId: number; category: WindowCategory; day: string }) =>
    http.get<SlotView[]>('/api/public/appointments/slots', { ...q }, { redirectOn401: false }),
  book: (body: BookBody) => http.post<AppointmentView>('/api/public/appointments', body, { redirectOn401: false }),
  cancel: (body: { code: string; idNo: string }) => http.post<AppointmentView>('/api/public/appointments/cancel', body, { redirectOn401: false }),
};

export const queueApi = {
  console: (windowId: number) => http.get<WindowConsole>(`/api/queue/windows/${windowId}`),
  callNext: (windowId: number) => http.post<WindowConsole>(`/api/queue/windows/${windowId}/call-next`, {}),
  act: <A extends TicketAction>(ticketId: number, action: A, body: TicketActionBodies[A]) =>
    http.post<WindowConsole>(`/api/queue/tickets/${ticketId}/actions/${action}`, body),
  tickets: (q: { siteId?: number; status?: TicketStatus; page?: number; pageSize?: number }) =>
    http.get<{ items: TicketStaffView[]; total: number }>('/api/queue/tickets', { ...q }),
  slots: (q: { siteId: number; day: string }) => http.get<SlotView[]>('/api/queue/slots', { ...q }),
  setCapacity: (slotId: number, capacity: number) => http.put<SlotView>(`/api/queue/slots/${slotId}`, { capacity }),
  stats: (q: { siteId: number; from: string; to: string; targetWaitMinutes?: number }) => http.get<QueueStats>('/api/queue/stats', { ...q }),
};
