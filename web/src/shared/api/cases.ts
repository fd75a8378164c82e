/**
 * The case API (办件): intake, search, inbox, detail, actions, handover batches and the public
 * progress lookup. Shapes are in `@common/case-dto`; personal data arrives masked.
 */
import type {
  ActionBodies, CaseDetail, CaseRow, CaseSearchQuery, HandoverDetail, HandoverRow, IntakeBody, IntakeForm, IntakeResult,
  Page, PendingHandover, PublicProgress, SignHandoverBody,
} from '@common/case-dto';
import type { CaseAction, CaseStatus, Light } from '@common/cases';
import { http } from './http';

export type { CaseDetail, CaseRow, HandoverDetail, HandoverRow, IntakeForm, IntakeResult, PendingHandover, PublicProgress };

export const casesApi = {
  intakeForm: (q: { subItemIds?: number[]; bundleId?: number }) =>
    http.get<IntakeForm>('/api/cases/intake-form', { subItemIds: q.subItemIds?.join(','), bundleId: q.bundleId }),
  intake: (body: IntakeBody) => http.post<IntakeResult>('/api/cases', body),
  search: (q: CaseSearchQuery) => http.get<Page<CaseRow>>('/api/cases', { ...q }),
  inbox: (q: { status?: CaseStatus; light?: Light; step?: number; q?: string; page?: number; pageSize?: number }) =>
    http.get<Page<CaseRow>>('/api/cases/inbox', { ...q }),
  get: (id: number) => http.get<CaseDetail>(`/api/cases/${id}`),
  act: <A extends Exclude<CaseAction, 'handover' | 'sign'>>(id: number, action: A, body: ActionBodies[A]) =>
    http.post<CaseDetail>(`/api/cases/${id}/actions/${action}`, body),
  inspectors: (id: number) => http.get<{ id: number; name: string }[]>(`/api/cases/${id}/inspectors`),

  pendingHandovers: () => http.get<PendingHandover[]>('/api/handovers/pending'),
  createHandover: (body: { departmentId: number; caseIds: number[]; clientKey: string }) => http.post<HandoverDetail>('/api/handovers', body),
  handovers: (q: { direction: 'out' | 'in'; status?: 'sent' | 'signed'; page?: number; pageSize?: number }) =>
    http.get<Page<HandoverRow>>('/api/handovers', { ...q }),
  handover: (id: number) => http.get<HandoverDetail>(`/api/handovers/${id}`),
  signHandover: (id: number, body: SignHandoverBody) => http.post<HandoverDetail>(`/api/handovers/${id}/sign`, body),

  progress: (caseNo: string, phone4: string) =>
    http.get<PublicProgress>(`/api/public/progress/${encodeURIComponent(caseNo)}`, { phone4 }, { redirectOn401: false }),
};
