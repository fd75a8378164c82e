/**
 * 电子证照 on the portal: 我的证照 under the applicant's portal session (`portalClient`: its own CSRF token, a 401 is
 * "signed out"), and the public verification a license's QR code opens (`anonymousClient`: nobody signs in there).
 */
import { anonymousClient, data, portalClient, type ApiAnswer } from '@/shared/api/http';

export type MyLicense = ApiAnswer<'/api/portal/licenses'>['items'][number];
export type MyLicenseDetail = ApiAnswer<'/api/portal/licenses/{id}'>;
export type LicenseStatus = MyLicense['status'];
export type PublicLicense = ApiAnswer<'/api/public/licenses/{code}'>;
export type LicenseCheck = ApiAnswer<'/api/public/licenses/{code}/check', 'post'>;

/** The largest file the verification page sends (the server reads license files up to 10 MB). */
export const MAX_CHECK_BYTES = 10 * 1024 * 1024;

export const licensePortalApi = {
  mine: () => data(portalClient.GET('/api/portal/licenses')).then((r) => r.items),
  detail: (id: number) => data(portalClient.GET('/api/portal/licenses/{id}', { params: { path: { id } } })),
  /** the PDF is a plain GET with the portal cookie: a link the browser downloads */
  pdfUrl: (id: number) => `/api/portal/licenses/${id}/pdf`,
  verify: (code: string) => data(anonymousClient.GET('/api/public/licenses/{code}', { params: { path: { code } } })),
  check: (code: string, contentBase64: string) =>
    data(anonymousClient.POST('/api/public/licenses/{code}/check', { params: { path: { code } }, body: { contentBase64 } })),
};

/** The verification code at the end of a license's verifyUrl (…/verify/{code}). */
export function verifyCodeOf(verifyUrl: string): string {
  return verifyUrl.slice(verifyUrl.lastIndexOf('/') + 1);
}

/** A file's bytes as base64 (FileReader's data URL without its `data:…;base64,` head). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? '');
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** The tag colour of a status: valid green, changed amber, revoked and expired red. */
export const STATUS_TAG: Record<LicenseStatus, 'success' | 'warning' | 'danger'> = { valid: 'success', changed: 'warning', revoked: 'danger', expired: 'danger' };
