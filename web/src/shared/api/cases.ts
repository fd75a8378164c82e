/**
 * The case API (办件): intake, search, inbox, detail, actions, handover batches and the public
 * progress lookup. Personal data arrives masked.
 */
import { anonymousClient, client, data, type ApiAnswer, type ApiBody, type ApiQuery } from './http';
import type { paths } from './openapi.gen';
import type { WithRatingLevels } from './ratings';

export type IntakeForm = ApiAnswer<'/api/cases/intake-form'>;
export type IntakeFormSubItem = IntakeForm['subItems'][number];
export type IntakeFormLine = IntakeFormSubItem['lines'][number];
export type IntakeBody = ApiBody<'/api/cases'>;
export type PersonInput = IntakeBody['applicant'];
export type MaterialInput = IntakeBody['materials'][number];
export type DefectInput = NonNullable<IntakeBody['defects']>[number];
export type IntakeResult = ApiAnswer<'/api/cases', 'post'>;
export type CaseSearchQuery = ApiQuery<'/api/cases'>;
export type CaseRow = ApiAnswer<'/api/cases'>['items'][number];
export type CaseDetail = ApiAnswer<'/api/cases/{id}'>;
export type NoticeView = CaseDetail['notices'][number];
/** a file of a case material (for a shared line: the holding case's) */
export type CaseFile = CaseDetail['materials'][number]['files'][number];
/** a scan stored at the window, to be named in the intake body's `files` */
export type UploadedScan = ApiAnswer<'/api/cases/scans', 'post'>;
export type PendingHandover = ApiAnswer<'/api/handovers/pending'>[number];
export type HandoverRow = ApiAnswer<'/api/handovers'>['items'][number];
export type HandoverDetail = ApiAnswer<'/api/handovers/{id}'>;
export type SignHandoverBody = ApiBody<'/api/handovers/{id}/sign'>;
/** with the services the applicant may rate (好差评), their levels read as in ratings.ts */
export type PublicProgress = WithRatingLevels<ApiAnswer<'/api/public/progress/{caseNo}'>>;

type CaseActionPath = Extract<keyof paths, `/api/cases/{id}/actions/${string}`>;
/** The case actions with an operation of their own (handover and sign go through /api/handovers). */
export type CaseActionName = CaseActionPath extends `/api/cases/{id}/actions/${infer A}` ? A : never;
export type ActionBodies = { [A in CaseActionName]: ApiBody<`/api/cases/{id}/actions/${A}`> };

export const casesApi = {
  intakeForm: (q: { subItemIds?: number[]; bundleId?: number }) =>
    data(client.GET('/api/cases/intake-form', { params: { query: { subItemIds: q.subItemIds?.join(','), bundleId: q.bundleId } } })),
  intake: (body: IntakeBody) => data(client.POST('/api/cases', { body })),
  search: (query: CaseSearchQuery) => data(client.GET('/api/cases', { params: { query } })),
  inbox: (query: ApiQuery<'/api/cases/inbox'>) => data(client.GET('/api/cases/inbox', { params: { query } })),
  get: (id: number) => data(client.GET('/api/cases/{id}', { params: { path: { id } } })),
  act: <A extends CaseActionName>(id: number, action: A, body: ActionBodies[A]) =>
    data(client.POST(`/api/cases/{id}/actions/${action}` as CaseActionPath, { params: { path: { id } }, body })),
  /** One scan or photo as its raw bytes (the server reads the type from them); the answer goes in the intake's `files`. */
  uploadScan: (file: Blob, name: string) =>
    data(client.POST('/api/cases/scans', {
      params: { query: { name } }, body: file as never, bodySerializer: (b: unknown) => b as Blob,
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
    })) as Promise<UploadedScan>,
  /** a file of a case, shown in the page (same-origin URL: the session cookie goes with it) */
  fileUrl: (caseId: number, fileId: number) => `/api/cases/${caseId}/files/${fileId}`,
  /** the case's 电子档案 (zip) */
  archiveUrl: (caseId: number) => `/api/cases/${caseId}/archive.zip`,
  inspectors: (id: number) => data(client.GET('/api/cases/{id}/inspectors', { params: { path: { id } } })),

  pendingHandovers: () => data(client.GET('/api/handovers/pending')),
  createHandover: (body: ApiBody<'/api/handovers'>) => data(client.POST('/api/handovers', { body })),
  handovers: (query: ApiQuery<'/api/handovers'>) => data(client.GET('/api/handovers', { params: { query } })),
  handover: (id: number) => data(client.GET('/api/handovers/{id}', { params: { path: { id } } })),
  signHandover: (id: number, body: SignHandoverBody) => data(client.POST('/api/handovers/{id}/sign', { params: { path: { id } }, body })),

  progress: (caseNo: string, phone4: string) =>
    data(anonymousClient.GET('/api/public/progress/{caseNo}', { params: { path: { caseNo }, query: { phone4 } } })) as Promise<PublicProgress>,
};
