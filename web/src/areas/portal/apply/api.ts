/**
 * The calls of 网上申办 under the applicant's portal session (cookie yc_applicant). Not the staff client of
 * shared/api/http.ts: that one sends the staff CSRF token and treats a 401 as an expired staff session. Here the
 * portal's own CSRF token (from GET /api/portal/me) goes on every write, and a 401 means "sign in on the portal".
 * Types are the server's (openapi.gen.ts).
 */
import { ApiError, type ApiAnswer, type ApiBody } from '@/shared/api/http';
import { currentLocale, i18n } from '@/shared/i18n';

export type PortalMe = ApiAnswer<'/api/portal/me'>;
export type PortalEntity = PortalMe['entities'][number];
export type Application = ApiAnswer<'/api/portal/applications/{id}'>;
export type ApplicationSlot = Application['slots'][number];
export type ApplicationRow = ApiAnswer<'/api/portal/applications'>['items'][number];
export type StartInput = ApiBody<'/api/portal/applications'>;
export type SlotInput = ApiBody<'/api/portal/applications/{id}/materials/{materialId}', 'put'>;

let portalCsrf: string | null = null;
export function setPortalCsrf(token: string | null): void {
  portalCsrf = token;
}

async function call<T>(method: string, url: string, body?: unknown, onProgress?: (pct: number) => void): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLocale() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && portalCsrf) headers['x-csrf-token'] = portalCsrf;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const { status, text } = onProgress
    ? await xhr(method, url, headers, payload, onProgress)
    : await fetch(url, { method, headers, body: payload, credentials: 'same-origin' }).then(async (r) => ({ status: r.status, text: await r.text() }), () => ({ status: 0, text: '' }));
  if (status === 0) throw new ApiError(0, 'NETWORK_ERROR', i18n.global.t('common.networkError'));
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (status >= 200 && status < 300) return data as T;
  const err = data as { code?: string; message?: string; requestId?: string } | undefined;
  throw new ApiError(status, err?.code ?? `HTTP_${status}`, err?.message ?? i18n.global.t('common.serverError', { status }), err?.requestId ?? null);
}

/** An upload through XMLHttpRequest: fetch reports no upload progress. */
function xhr(method: string, url: string, headers: Record<string, string>, body: string | undefined, onProgress: (pct: number) => void) {
  return new Promise<{ status: number; text: string }>((resolve) => {
    const r = new XMLHttpRequest();
    r.open(method, url);
    for (const [k, v] of Object.entries(headers)) r.setRequestHeader(k, v);
    r.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    r.onload = () => resolve({ status: r.status, text: r.responseText });
    r.onerror = () => resolve({ status: 0, text: '' });
    r.send(body);
  });
}

const base = (id: number) => `/api/portal/applications/${id}`;

export const onlineApi = {
  me: () => call<PortalMe>('GET', '/api/portal/me'),
  list: () => call<ApiAnswer<'/api/portal/applications'>>('GET', '/api/portal/applications'),
  start: (body: StartInput) => call<Application>('POST', '/api/portal/applications', body),
  get: (id: number) => call<Application>('GET', base(id)),
  upload: (id: number, materialId: number, body: { fileName: string; contentBase64: string }, onProgress?: (pct: number) => void) =>
    call<Application>('POST', `${base(id)}/materials/${materialId}/files`, body, onProgress ?? (() => undefined)),
  removeFile: (id: number, materialId: number, fileId: number) => call<Application>('DELETE', `${base(id)}/materials/${materialId}/files/${fileId}`),
  setSlot: (id: number, materialId: number, body: SlotInput) => call<Application>('PUT', `${base(id)}/materials/${materialId}`, body),
  signCode: (id: number) => call<{ expiresInSeconds: number; resendAfterSeconds: number }>('POST', `${base(id)}/sign-code`),
  sign: (id: number, materialId: number, body: { signedName: string; code: string }) => call<Application>('POST', `${base(id)}/materials/${materialId}/commitment`, body),
  submit: (id: number) => call<Application>('POST', `${base(id)}/submit`),
  withdraw: (id: number) => call<Application>('POST', `${base(id)}/withdraw`),
  fileUrl: (id: number, fileId: number) => `${base(id)}/files/${fileId}`,
  receiptUrl: (id: number, caseId: number) => `${base(id)}/cases/${caseId}/receipt.pdf`,
};
