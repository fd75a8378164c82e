import type { HomeSummaryView, SessionView } from '@common/dto';
import { http } from './http';

export const authApi = {
  me: () => http.get<SessionView>('/api/auth/me', undefined, { redirectOn401: false }),
  login: (username: string, password: string) =>
    http.post<SessionView>('/api/auth/login', { username, password }, { redirectOn401: false }),
  logout: () => http.post('/api/auth/logout', undefined, { redirectOn401: false }),
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post('/api/auth/password', { currentPassword, newPassword }),
  homeSummary: () => http.get<HomeSummaryView>('/api/home/summary'),
};
