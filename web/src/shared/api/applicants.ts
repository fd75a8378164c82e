/**
 * The applicant's account on the portal (公众用户, issue 16.1): SMS-code sign-in, 统一身份认证's start address, the
 * account with its real-name details, legal persons (法人) and their agents. Calls go through `portalClient`: the
 * portal session's own CSRF token, and a 401 answers "signed out" instead of sending anyone to the staff login.
 */
import { data, portalClient, type ApiAnswer, type ApiBody } from './http';

export type PortalSession = ApiAnswer<'/api/portal/me'>;
export type ApplicantProfile = PortalSession['applicant'];
export type ApplicantEntity = PortalSession['entities'][number];
export type EntityMember = ApiAnswer<'/api/portal/entities/{id}/members'>[number];
export type SignInOptions = ApiAnswer<'/api/portal/auth/options'>;
export type RealNameInput = ApiBody<'/api/portal/me/real-name', 'put'>;
export type EntityInput = ApiBody<'/api/portal/entities'>;

/** Where the browser goes for 统一身份认证 (a redirect, not a JSON call); it comes back to `returnTo`. */
export function oidcStartUrl(returnTo: string): string {
  return `/api/portal/auth/oidc/start?${new URLSearchParams({ returnTo }).toString()}`;
}

export type MyCase = ApiAnswer<'/api/portal/cases'>['items'][number];

export const applicantApi = {
  /** 我的办件: the cases in the applicant's verified name or an entity's they act for, and one case's progress */
  myCases: () => data(portalClient.GET('/api/portal/cases')).then((r) => r.items),
  myCase: (id: number) => data(portalClient.GET('/api/portal/cases/{id}', { params: { path: { id } } })),
  options: () => data(portalClient.GET('/api/portal/auth/options')),
  sendCode: (phone: string) => data(portalClient.POST('/api/portal/auth/code', { body: { phone } })),
  signIn: (phone: string, code: string) => data(portalClient.POST('/api/portal/auth/login', { body: { phone, code } })),
  signOut: () => data(portalClient.POST('/api/portal/auth/logout')),
  me: () => data(portalClient.GET('/api/portal/me')),
  setRealName: (body: RealNameInput) => data(portalClient.PUT('/api/portal/me/real-name', { body })),
  registerEntity: (body: EntityInput) => data(portalClient.POST('/api/portal/entities', { body })),
  members: (entityId: number) => data(portalClient.GET('/api/portal/entities/{id}/members', { params: { path: { id: entityId } } })),
  grantAgent: (entityId: number, phone: string) =>
    data(portalClient.POST('/api/portal/entities/{id}/agents', { params: { path: { id: entityId } }, body: { phone } })),
  revokeAgent: (entityId: number, applicantId: number) =>
    data(portalClient.DELETE('/api/portal/entities/{id}/agents/{applicantId}', { params: { path: { id: entityId, applicantId } } })),
};
