/** Departments, sites, windows and users (system administration). */
import { client, data, fromForm, type ApiAnswer, type ApiBody, type ApiQuery, type FormQuery } from './http';

export type DepartmentView = ApiAnswer<'/api/departments/{id}', 'patch'>;
export type SiteView = ApiAnswer<'/api/sites/{id}', 'patch'>;
export type WindowView = ApiAnswer<'/api/windows/{id}', 'patch'>;
export type UserView = ApiAnswer<'/api/users/{id}'>;

export type DepartmentInput = ApiBody<'/api/departments'>;
export type SiteInput = ApiBody<'/api/sites'>;
export type WindowInput = ApiBody<'/api/windows'>;
export type UserCreateInput = ApiBody<'/api/users'>;
export type UserPatch = ApiBody<'/api/users/{id}', 'patch'>;
/** the users list's filters ('' or null: any) */
export type UserQuery = FormQuery<ApiQuery<'/api/users'>> & { page: number; pageSize: number };

export const orgApi = {
  departments: () => data(client.GET('/api/departments')),
  createDepartment: (input: DepartmentInput) => data(client.POST('/api/departments', { body: input })),
  updateDepartment: (id: number, patch: ApiBody<'/api/departments/{id}', 'patch'>) =>
    data(client.PATCH('/api/departments/{id}', { params: { path: { id } }, body: patch })),

  sites: () => data(client.GET('/api/sites')),
  createSite: (input: SiteInput) => data(client.POST('/api/sites', { body: input })),
  updateSite: (id: number, patch: ApiBody<'/api/sites/{id}', 'patch'>) =>
    data(client.PATCH('/api/sites/{id}', { params: { path: { id } }, body: patch })),

  windows: (siteId?: number | null) => data(client.GET('/api/windows', { params: { query: { siteId: siteId ?? undefined } } })),
  createWindow: (input: WindowInput) => data(client.POST('/api/windows', { body: input })),
  /** a window stays at its site: the server does not move windows between sites */
  updateWindow: (id: number, patch: ApiBody<'/api/windows/{id}', 'patch'>) =>
    data(client.PATCH('/api/windows/{id}', { params: { path: { id } }, body: patch })),

  users: (query: UserQuery) => data(client.GET('/api/users', { params: { query: fromForm<ApiQuery<'/api/users'>>(query) } })),
  user: (id: number) => data(client.GET('/api/users/{id}', { params: { path: { id } } })),
  createUser: (input: UserCreateInput) => data(client.POST('/api/users', { body: input })),
  updateUser: (id: number, patch: UserPatch) => data(client.PATCH('/api/users/{id}', { params: { path: { id } }, body: patch })),
  resetPassword: (id: number, newPassword: string) =>
    data(client.POST('/api/users/{id}/reset-password', { params: { path: { id } }, body: { newPassword } })),
  unlockUser: (id: number) => data(client.POST('/api/users/{id}/unlock', { params: { path: { id } } })),
  resetMfa: (id: number) => data(client.POST('/api/users/{id}/reset-mfa', { params: { path: { id } } })),
};
