/**
 * The hall queue and appointment API (取号叫号、预约).
 */
import type { BoardEvent } from '@common/queue-dto';
import { anonymousClient, client, data, type ApiAnswer, type ApiBody, type ApiQuery } from './http';
import type { paths } from './openapi.gen';

/** The event stream's messages (text/event-stream, outside the OpenAPI document's JSON answers: common/queue-dto.ts). */
export type { BoardEvent };
export type KioskView = ApiAnswer<'/api/public/queue/kiosk'>;
export type TakeTicketBody = ApiBody<'/api/public/queue/tickets'>;
export type TicketIssued = ApiAnswer<'/api/public/queue/tickets', 'post'>;
export type TicketPlace = ApiAnswer<'/api/public/queue/tickets/{token}'>;
export type BoardView = ApiAnswer<'/api/public/queue/board'>;
export type BoardCall = BoardView['calls'][number];
export type SlotView = ApiAnswer<'/api/queue/slots'>[number];
export type AppointmentView = ApiAnswer<'/api/public/appointments', 'post'>;
export type WindowConsole = ApiAnswer<'/api/queue/windows/{id}'>;
export type TicketStaffView = ApiAnswer<'/api/queue/tickets'>['items'][number];
export type QueueStats = ApiAnswer<'/api/queue/stats'>;

type TicketActionPath = Extract<keyof paths, `/api/queue/tickets/{id}/actions/${string}`>;
export type TicketActionName = TicketActionPath extends `/api/queue/tickets/{id}/actions/${infer A}` ? A : never;
export type TicketActionBodies = { [A in TicketActionName]: ApiBody<`/api/queue/tickets/{id}/actions/${A}`> };

export const queuePublicApi = {
  kiosk: (siteId: number) => data(anonymousClient.GET('/api/public/queue/kiosk', { params: { query: { siteId } } })),
  takeTicket: (body: ApiBody<'/api/public/queue/tickets'>) => data(anonymousClient.POST('/api/public/queue/tickets', { body })),
  place: (token: string) => data(anonymousClient.GET('/api/public/queue/tickets/{token}', { params: { path: { token } } })),
  board: (siteId: number) => data(anonymousClient.GET('/api/public/queue/board', { params: { query: { siteId } } })),
  /** Server-sent board events; the browser reconnects by itself (Last-Event-ID). EventSource, not the JSON client. */
  stream: (siteId: number, after: number, onEvent: (e: BoardEvent) => void): EventSource => {
    const es = new EventSource(`/api/public/queue/stream?siteId=${siteId}&after=${after}`);
    es.onmessage = (m) => onEvent(JSON.parse(m.data) as BoardEvent);
    return es;
  },
  days: (siteId: number) => data(anonymousClient.GET('/api/public/appointments/days', { params: { query: { siteId } } })),
  slots: (query: ApiQuery<'/api/public/appointments/slots'>) => data(anonymousClient.GET('/api/public/appointments/slots', { params: { query } })),
  book: (body: ApiBody<'/api/public/appointments'>) => data(anonymousClient.POST('/api/public/appointments', { body })),
  cancel: (body: ApiBody<'/api/public/appointments/cancel'>) => data(anonymousClient.POST('/api/public/appointments/cancel', { body })),
};

export const queueApi = {
  console: (windowId: number) => data(client.GET('/api/queue/windows/{id}', { params: { path: { id: windowId } } })),
  callNext: (windowId: number) => data(client.POST('/api/queue/windows/{id}/call-next', { params: { path: { id: windowId } } })),
  act: <A extends TicketActionName>(ticketId: number, action: A, body: TicketActionBodies[A]) =>
    data(client.POST(`/api/queue/tickets/{id}/actions/${action}` as TicketActionPath, { params: { path: { id: ticketId } }, body })),
  tickets: (query: ApiQuery<'/api/queue/tickets'>) => data(client.GET('/api/queue/tickets', { params: { query } })),
  slots: (query: ApiQuery<'/api/queue/slots'>) => data(client.GET('/api/queue/slots', { params: { query } })),
  setCapacity: (slotId: number, capacity: number) =>
    data(client.PUT('/api/queue/slots/{id}', { params: { path: { id: slotId } }, body: { capacity } })),
  stats: (query: ApiQuery<'/api/queue/stats'>) => data(client.GET('/api/queue/stats', { params: { query } })),
};
