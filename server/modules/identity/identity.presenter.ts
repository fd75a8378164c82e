import { maskPhone } from '../../../common/masking.js';
import type { Role, SiteLevel, WindowCategory, WindowKind } from '../../../common/roles.js';
import type { DepartmentView, SiteView, UserView, WindowView } from '../../platform/schemas.js';
import type { DepartmentRow, SiteRow, UserListRow, WindowRow } from './identity.repository.js';

export const presentDepartment = (d: DepartmentRow): DepartmentView => ({ id: d.id, code: d.code, name: d.name, shortName: d.shortName, active: d.active });

export const presentSite = (s: SiteRow): SiteView => ({
  id: s.id, code: s.code, name: s.name, level: s.level as SiteLevel, parentId: s.parentId, address: s.address, phone: s.phone, hours: s.hours, active: s.active,
});

export const presentWindow = (w: WindowRow): WindowView => ({
  id: w.id, siteId: w.siteId, siteName: w.siteName, code: w.code, name: w.name, kind: w.kind as WindowKind, categories: w.categories as WindowCategory[], active: w.active,
});

/** Staff records leave the server with the phone masked (DOMAIN.md: masking on the server). */
export const presentUser = (u: UserListRow, now: Date): UserView => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  roles: u.roles as Role[],
  departmentId: u.departmentId,
  departmentName: u.departmentName,
  siteId: u.siteId,
  siteName: u.siteName,
  phone: maskPhone(u.phone),
  active: u.active,
  lockedUntil: u.lockedUntil && u.lockedUntil > now ? u.lockedUntil.toISOString() : null,
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  mfaEnrolled: !!u.mfaEnrolled,
});
