/**
 * The calls of 网上申办 under the applicant's portal session (cookie yc_applicant) through `portalClient`: the portal
 * session's CSRF token on every write, and a 401 answers "signed out" (the pages send the visitor to the portal
 * sign-in) instead of the staff login. An upload goes through XMLHttpRequest, which reports its progress.
 */
import { ApiError, data, getPortalCsrfToken, portalClient, type ApiAnswer, type ApiBody } from '@/shared/api/http';
import { currentLocale, i18n } from '@/shared/i18n';

export type Application = ApiAnswer<'/api/portal/applications/{id}'>;
export type ApplicationSlot = Application['slots'][number];
export type ApplicationRow = ApiAnswer<'/api/portal/applications'>['items'][number];
export type StartInput = ApiBody<'/api/portal/applications'>;
export type SlotInput = ApiBody<'/api/portal/applications/{id}/materials/{materialId}', 'put'>;

const base = (id: number) => `/api/portal/applications/${id}`;
const app = (id: number) => ({ params: { path: { id } } });
const slot = (id: number, materialId: number) => ({ params: { path: { id, materialId } } });

/** POST …/materials/{materialId}/files with upload progress (fetch reports none); errors as the typed client's. */
function upload(id: number, materialId: number, body: { fileName: string; contentBase64: string }, onProgress: (pct: number) => void): Promise<Application> {
  return new Promise((resolve, reject) => {
    const r = new XMLHttpRequest();
    r.open('POST', `${base(id)}/materials/${materialId}/files`);
    r.setRequestHeader('content-type', 'application/json');
    r.setRequestHeader('accept', 'application/json');
    r.setRequestHeader('accept-language', currentLocale());
    const token = getPortalCsrfToken();
    if (token) r.setRequestHeader('x-csrf-token', token);
    r.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    r.onload = () => {
      let answer: { code?: string; message?: string; requestId?: string } | undefined;
      try {
        answer = r.responseText ? JSON.parse(r.responseText) : undefined;
      } catch {
        answer = undefined;
      }
      if (r.status >= 200 && r.status < 300) return resolve(answer as unknown as Application);
      reject(new ApiError(r.status, answer?.code ?? `HTTP_${r.status}`, answer?.message ?? i18n.global.t('common.serverError', { status: r.status }), answer?.requestId ?? null));
    };
    r.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', i18n.global.t('common.networkError')));
    r.send(JSON.stringify(body));
  });
}

export const onlineApi = {
  list: () => data(portalClient.GET('/api/portal/applications')),
  start: (body: StartInput) => data(portalClient.POST('/api/portal/applications', { body })),
  get: (id: number) => data(portalClient.GET('/api/portal/applications/{id}', app(id))),
  upload,
  removeFile: (id: number, materialId: number, fileId: number) =>
    data(portalClient.DELETE('/api/portal/applications/{id}/materials/{materialId}/files/{fileId}', { params: { path: { id, materialId, fileId } } })),
  setSlot: (id: number, materialId: number, body: SlotInput) => data(portalClient.PUT('/api/portal/applications/{id}/materials/{materialId}', { ...slot(id, materialId), body })),
  signCode: (id: number) => data(portalClient.POST('/api/portal/applications/{id}/sign-code', app(id))),
  sign: (id: number, materialId: number, body: { signedName: string; code: string }) =>
    data(portalClient.POST('/api/portal/applications/{id}/materials/{materialId}/commitment', { ...slot(id, materialId), body })),
  submit: (id: number) => data(portalClient.POST('/api/portal/applications/{id}/submit', app(id))),
  withdraw: (id: number) => data(portalClient.POST('/api/portal/applications/{id}/withdraw', app(id))),
  fileUrl: (id: number, fileId: number) => `${base(id)}/files/${fileId}`,
  receiptUrl: (id: number, caseId: number) => `${base(id)}/cases/${caseId}/receipt.pdf`,
};
