/** Calendar, outbox, SMS, audit and public endpoints. */
import { anonymousClient, client, data, type ApiAnswer } from './http';

export type CalendarStatusView = ApiAnswer<'/api/calendar/status'>;
export type CalendarDayView = ApiAnswer<'/api/calendar/days'>['days'][number];
export type CalendarOverrideView = ApiAnswer<'/api/calendar/overrides'>['items'][number];
export type CalendarNoticePreview = ApiAnswer<'/api/calendar/notice/preview', 'post'>;
export type DeadlineRecomputeCounts = ApiAnswer<'/api/calendar/years/{year}/confirm', 'post'>['deadlines'];
export type OutboxMessageView = ApiAnswer<'/api/admin/outbox'>['items'][number];
export type SmsMessageView = ApiAnswer<'/api/admin/sms'>['items'][number];
export type AuditEventView = ApiAnswer<'/api/audit/events'>['items'][number];
export type AuditVerifyView = ApiAnswer<'/api/audit/verify', 'post'>;
export type OverrideKind = CalendarOverrideView['kind'];
export type OutboxStatus = OutboxMessageView['status'];

export const calendarApi = {
  status: () => data(client.GET('/api/calendar/status')),
  days: (year: number, month: number) => data(client.GET('/api/calendar/days', { params: { query: { year, month } } })),
  overrides: (year: number) => data(client.GET('/api/calendar/overrides', { params: { query: { year } } })),
  setOverride: (date: string, kind: OverrideKind, note: string) =>
    data(client.PUT('/api/calendar/overrides/{date}', { params: { path: { date } }, body: { kind, note } })),
  deleteOverride: (date: string) => data(client.DELETE('/api/calendar/overrides/{date}', { params: { path: { date } } })),
  confirmYear: (year: number) => data(client.POST('/api/calendar/years/{year}/confirm', { params: { path: { year } } })),
  previewNotice: (text: string, year: number) => data(client.POST('/api/calendar/notice/preview', { body: { text, year } })),
  applyNotice: (year: number, text: string, warningsChecked: boolean) =>
    data(client.POST('/api/calendar/years/{year}/notice', { params: { path: { year } }, body: { text, warningsChecked } })),
};

export const outboxApi = {
  /** status '' lists every status */
  list: (status: OutboxStatus | '', page: number, pageSize: number) =>
    data(client.GET('/api/admin/outbox', { params: { query: { status: status || undefined, page, pageSize } } })),
  retry: (id: number) => data(client.POST('/api/admin/outbox/{id}/retry', { params: { path: { id } } })),
};

export const smsApi = {
  list: (page: number, pageSize: number) => data(client.GET('/api/admin/sms', { params: { query: { page, pageSize } } })),
};

export const auditApi = {
  events: (page: number, pageSize: number, kind?: string, aggregate?: { type: string; id: string | number }) =>
    data(client.GET('/api/audit/events', {
      params: { query: { page, pageSize, kind, aggregateType: aggregate?.type, aggregateId: aggregate && String(aggregate.id) } },
    })),
  verify: () => data(client.POST('/api/audit/verify')),
};

export const publicApi = {
  sites: () => data(anonymousClient.GET('/api/public/sites')),
  windows: (siteId: number) => data(anonymousClient.GET('/api/public/windows', { params: { query: { siteId } } })),
};
