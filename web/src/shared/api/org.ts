/** Departments, sites, windows and users (system administration). */
import type { DepartmentView, Page, SiteView, UserView, WindowView } from '@common/dto';
import type { Role, SiteLevel, WindowCategory, WindowKind } from '@common/roles';
import { http } from './http';

export interface DepartmentInput {
  code: string;
  name: string;
  shortName: string;
}
export interface SiteInput {
  code: string;
  name: string;
  level: SiteLevel;
  parentId: number | null;
  address: string;
  phone: string;
  hours: string;
}
export interface WindowInput {
  siteId: number;
  code: string;
  name: string;
  kind: WindowKind;
  categories: WindowCategory[];
}
export interface UserCreateInput {
  username: string;
  displayName: string;
  roles: Role[];
  departmentId: number | null;
  siteId: number | null;
  phone: string | null;
  password: string;
}
export interface UserPatch {
  displayName?: string;
  roles?: Role[];
  departmentId?: number | null;
  siteId?: number | null;
  phone?: string | null;
  active?: boolean;
}
export interface UserQuery {
  q?: string;
  role?: Role | '';
  departmentId?: number | null;
  siteId?: number | null;
  page: number;
  pageSize: number;
}

export const orgApi = {
  departments: () => http.get<{ items: DepartmentView[] }>('/api/departments'),
  createDepartment: (input: DepartmentInput) => http.post<DepartmentView>('/api/departments', input),
  updateDepartment: (id: number, patch: Partial<Omit<DepartmentInput, 'code'>> & { active?: boolean }) =>
    http.patch<DepartmentView>(`/api/departments/${id}`, patch),

  sites: () => http.get<{ items: SiteView[] }>('/api/sites'),
  createSite: (input: SiteInput) => http.post<SiteView>('/api/sites', input),
  updateSite: (id: number, patch: Partial<SiteInput> & { active?: boolean }) => http.patch<SiteView>(`/api/sites/${id}`, patch),

  windows: (siteId?: number | null) => http.get<{ items: WindowView[] }>('/api/windows', { siteId }),
  createWindow: (input: WindowInput) => http.post<WindowView>('/api/windows', input),
  /** a window stays at its site: the server does not move windows between sites */
  updateWindow: (id: number, patch: Partial<Omit<WindowInput, 'siteId'>> & { active?: boolean }) =>
    http.patch<WindowView>(`/api/windows/${id}`, patch),

  users: (query: UserQuery) => http.get<Page<UserView>>('/api/users', { ...query }),
  user: (id: number) => http.get<UserView>(`/api/users/${id}`),
  createUser: (input: UserCreateInput) => http.post<UserView>('/api/users', input),
  updateUser: (id: number, patch: UserPatch) => http.patch<UserView>(`/api/users/${id}`, patch),
  resetPassword: (id: number, newPassword: string) => http.post(`/api/users/${id}/reset-password`, { newPassword }),
  unlockUser: (id: number) => http.post(`/api/users/${id}/unlock`),
  resetMfa: (id: number) => http.post(`/api/users/${id}/reset-mfa`),
};
