import type { HomeSummaryView, SessionView } from '@common/dto';
import { http } from './http';

/** The password step's answer when a second factor (动态口令) is needed: a 5-minute ticket for step 2. */
export interface MfaChallenge {
  stage: 'code' | 'enrol';
  ticket: string;
  expiresInSeconds: number;
}
/** A new authenticator key, shown once: the otpauth:// URI for the QR code and the key as text. */
export interface MfaEnrolment {
  secret: string;
  uri: string;
  issuer: string;
  account: string;
}
export interface MfaStatus {
  enrolled: boolean;
  required: boolean;
  enrolledAt: string | null;
}

const step2 = { redirectOn401: false };

export const authApi = {
  me: () => http.get<SessionView>('/api/auth/me', undefined, { redirectOn401: false }),
  login: (username: string, password: string) =>
    http.post<SessionView | { mfa: MfaChallenge }>('/api/auth/login', { username, password }, { redirectOn401: false }),
  loginWithCode: (ticket: string, code: string) => http.post<SessionView>('/api/auth/login/code', { ticket, code }, step2),
  startLoginEnrolment: (ticket: string) => http.post<MfaEnrolment>('/api/auth/login/enrolment', { ticket }, step2),
  confirmLoginEnrolment: (ticket: string, code: string) => http.post<SessionView>('/api/auth/login/enrolment/confirm', { ticket, code }, step2),
  mfaStatus: () => http.get<MfaStatus>('/api/auth/mfa'),
  startEnrolment: () => http.post<MfaEnrolment>('/api/auth/mfa/enrolment'),
  confirmEnrolment: (code: string) => http.post('/api/auth/mfa/enrolment/confirm', { code }),
  logout: () => http.post('/api/auth/logout', undefined, { redirectOn401: false }),
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post('/api/auth/password', { currentPassword, newPassword }),
  homeSummary: () => http.get<HomeSummaryView>('/api/home/summary'),
};
