/**
 * The staff's 电子证照 API: the library (search, detail, PDF, 注销), the offers at intake, the catalogue
 * (types, seal keys, CSV import) and the 免提交 rate. The portal's 我的证照 and the public verification have
 * their own wrappers.
 */
import { client, data, type ApiAnswer, type ApiBody, type ApiQuery } from './http';

export type LicenseQuery = ApiQuery<'/api/licenses'>;
export type LicenseRow = ApiAnswer<'/api/licenses'>['items'][number];
export type LicenseDetail = ApiAnswer<'/api/licenses/{id}'>;
export type LicenseStatus = LicenseRow['status'];
export type LicenseSource = LicenseRow['source'];
export type LicenseOffers = ApiAnswer<'/api/licenses/offers'>['items'];
export type LicenseOffer = LicenseOffers[number];
export type OfferedLicense = LicenseOffer['licenses'][number];
export type LicenseType = ApiAnswer<'/api/license-types'>['items'][number];
export type LicenseTypePatch = ApiBody<'/api/license-types/{id}', 'patch'>;
export type SealKey = ApiAnswer<'/api/seal-keys'>['items'][number];
export type ImportResult = ApiAnswer<'/api/licenses/import', 'post'>;
export type LicenseStats = ApiAnswer<'/api/licenses/stats'>;

export const LICENSE_STATUSES = ['valid', 'changed', 'revoked', 'expired'] as const satisfies readonly LicenseStatus[];
export const LICENSE_SOURCES = ['platform', 'import', 'api'] as const satisfies readonly LicenseSource[];

export const licensesApi = {
  search: (query: LicenseQuery) => data(client.GET('/api/licenses', { params: { query } })),
  detail: (id: number) => data(client.GET('/api/licenses/{id}', { params: { path: { id } } })),
  revoke: (id: number, reason: string) => data(client.POST('/api/licenses/{id}/revoke', { params: { path: { id } }, body: { reason } })),
  /** the PDF (a plain link: the session cookie authorizes it; the download is recorded) */
  pdfUrl: (id: number) => `/api/licenses/${id}/pdf`,
  offers: (holderIdNo: string, materialIds: number[]) =>
    data(client.GET('/api/licenses/offers', { params: { query: { holderIdNo, materialIds: materialIds.join(',') } } })).then((r) => r.items),
  types: () => data(client.GET('/api/license-types')).then((r) => r.items),
  updateType: (id: number, body: LicenseTypePatch) => data(client.PATCH('/api/license-types/{id}', { params: { path: { id } }, body })),
  keys: () => data(client.GET('/api/seal-keys')).then((r) => r.items),
  rotateKey: (departmentId: number) => data(client.POST('/api/seal-keys/{departmentId}/rotate', { params: { path: { departmentId } } })).then((r) => r.items),
  importCsv: (csv: string) => data(client.POST('/api/licenses/import', { body: { csv } })),
  stats: (from: string, to: string) => data(client.GET('/api/licenses/stats', { params: { query: { from, to } } })),
};
