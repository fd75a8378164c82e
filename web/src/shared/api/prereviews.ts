/**
 * 网上预审 and 窗口受理 of online applications (the front desk's side of /api/prereviews): the queue, one application
 * with its scans, checklist lines and verdicts, the verdicts, the round's fix list, the pass, and the acceptance at
 * the window. Personal data arrives masked.
 */
import { client, data, type ApiAnswer, type ApiBody, type ApiQuery } from './http';

export type PrereviewQuery = ApiQuery<'/api/prereviews'>;
export type PrereviewRow = ApiAnswer<'/api/prereviews'>['items'][number];
export type PrereviewDetail = ApiAnswer<'/api/prereviews/{id}'>;
export type PrereviewSlot = PrereviewDetail['slots'][number];
export type PrereviewLine = PrereviewSlot['lines'][number];
export type PrereviewFile = PrereviewSlot['files'][number];
export type PrereviewMark = NonNullable<PrereviewSlot['mark']>;
export type PrereviewRound = PrereviewDetail['rounds'][number];
export type PrereviewCase = PrereviewDetail['cases'][number];
export type MarkBody = ApiBody<'/api/prereviews/{id}/marks/{materialId}', 'put'>;
export type WindowAcceptBody = ApiBody<'/api/prereviews/{id}/accept'>;
export type OriginalInput = WindowAcceptBody['originals'][number];

/** Where a scan is read inline (a PDF in a frame, an image in <img>). */
export const scanUrl = (id: number, fileId: number) => `/api/prereviews/${id}/files/${fileId}`;
/** The electronic 受理回执 (PDF) of a case. */
export const receiptPdfUrl = (caseId: number) => `/api/cases/${caseId}/receipt.pdf`;

export const prereviewsApi = {
  queue: (query: PrereviewQuery) => data(client.GET('/api/prereviews', { params: { query } })),
  lookup: (query: ApiQuery<'/api/prereviews/lookup'>) => data(client.GET('/api/prereviews/lookup', { params: { query } })),
  get: (id: number) => data(client.GET('/api/prereviews/{id}', { params: { path: { id } } })),
  mark: (id: number, materialId: number, body: MarkBody) =>
    data(client.PUT('/api/prereviews/{id}/marks/{materialId}', { params: { path: { id, materialId } }, body })),
  sendFixList: (id: number) => data(client.POST('/api/prereviews/{id}/fix-list', { params: { path: { id } } })),
  pass: (id: number) => data(client.POST('/api/prereviews/{id}/pass', { params: { path: { id } } })),
  accept: (id: number, body: WindowAcceptBody) => data(client.POST('/api/prereviews/{id}/accept', { params: { path: { id } }, body })),
};
