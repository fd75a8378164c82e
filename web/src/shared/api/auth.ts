/** Sign-in (password, then 动态口令 when needed), the second factor, the password and the home summary. */
import { anonymousClient, client, data, type ApiAnswer } from './http';

export type SessionView = ApiAnswer<'/api/auth/me'>;
export type Me = SessionView['user'];
/** The password step's answer when a second factor (动态口令) is needed: a 5-minute ticket for step 2. */
export type MfaChallenge = Extract<ApiAnswer<'/api/auth/login', 'post'>, { mfa: unknown }>['mfa'];
/** A new authenticator key, shown once: the otpauth:// URI for the QR code and the key as text. */
export type MfaEnrolment = ApiAnswer<'/api/auth/mfa/enrolment', 'post'>;
export type MfaStatus = ApiAnswer<'/api/auth/mfa'>;
export type HomeSummary = ApiAnswer<'/api/home/summary'>;

export const authApi = {
  me: () => data(anonymousClient.GET('/api/auth/me')),
  login: (username: string, password: string) => data(anonymousClient.POST('/api/auth/login', { body: { username, password } })),
  // step 2 of the sign-in: a 401 (the ticket expired) is an answer for the login page, not a lost session
  loginWithCode: (ticket: string, code: string) => data(anonymousClient.POST('/api/auth/login/code', { body: { ticket, code } })),
  startLoginEnrolment: (ticket: string) => data(anonymousClient.POST('/api/auth/login/enrolment', { body: { ticket } })),
  confirmLoginEnrolment: (ticket: string, code: string) =>
    data(anonymousClient.POST('/api/auth/login/enrolment/confirm', { body: { ticket, code } })),
  mfaStatus: () => data(client.GET('/api/auth/mfa')),
  startEnrolment: () => data(client.POST('/api/auth/mfa/enrolment')),
  confirmEnrolment: (code: string) => data(client.POST('/api/auth/mfa/enrolment/confirm', { body: { code } })),
  logout: () => data(anonymousClient.POST('/api/auth/logout')),
  changePassword: (currentPassword: string, newPassword: string) =>
    data(client.POST('/api/auth/password', { body: { currentPassword, newPassword } })),
  homeSummary: () => data(client.GET('/api/home/summary')),
};
