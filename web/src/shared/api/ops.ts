/** Calendar, outbox, SMS, audit and public endpoints. */
import type {
  AuditEventView,
  AuditVerifyView,
  CalendarDayView,
  CalendarNoticePreview,
  CalendarOverrideView,
  CalendarStatusView,
  DeadlineRecomputeCounts,
  OutboxMessageView,
  Page,
  SiteView,
  SmsMessageView,
  WindowView,
} from '@common/dto';
import { http } from './http';

export type OverrideKind = CalendarOverrideView['kind'];
export type OutboxStatus = OutboxMessageView['status'];

export const calendarApi = {
  status: () => http.get<CalendarStatusView>('/api/calendar/status'),
  days: (year: number, month: number) => http.get<{ days: CalendarDayView[] }>('/api/calendar/days', { year, month }),
  overrides: (year: number) => http.get<{ items: CalendarOverrideView[] }>('/api/calendar/overrides', { year }),
  setOverride: (date: string, kind: OverrideKind, note: string) =>
    http.put<void>(`/api/calendar/overrides/${date}`, { kind, note }),
  deleteOverride: (date: string) => http.del(`/api/calendar/overrides/${date}`),
  confirmYear: (year: number) => http.post<{ year: number; deadlines: DeadlineRecomputeCounts }>(`/api/calendar/years/${year}/confirm`),
  previewNotice: (text: string, year: number) => http.post<CalendarNoticePreview>('/api/calendar/notice/preview', { text, year }),
  applyNotice: (year: number, text: string, warningsChecked: boolean) =>
    http.post<{ year: number; days: number; deadlines: DeadlineRecomputeCounts }>(`/api/calendar/years/${year}/notice`, { text, warningsChecked }),
};

export const outboxApi = {
  list: (status: OutboxStatus | '', page: number, pageSize: number) =>
    http.get<Page<OutboxMessageView>>('/api/admin/outbox', { status, page, pageSize }),
  retry: (id: number) => http.post(`/api/admin/outbox/${id}/retry`),
};

export const smsApi = {
  list: (page: number, pageSize: number) => http.get<Page<SmsMessageView>>('/api/admin/sms', { page, pageSize }),
};

export const auditApi = {
  events: (page: number, pageSize: number, kind?: string, aggregate?: { type: string; id: string | number }) =>
    http.get<Page<AuditEventView>>('/api/audit/events', { page, pageSize, kind, aggregateType: aggregate?.type, aggregateId: aggregate?.id }),
  verify: () => http.post<AuditVerifyView>('/api/audit/verify'),
};

export const publicApi = {
  sites: () => http.get<{ items: SiteView[] }>('/api/public/sites', undefined, { redirectOn401: false }),
  windows: (siteId: number) =>
    http.get<{ items: WindowView[] }>('/api/public/windows', { siteId }, { redirectOn401: false }),
};
