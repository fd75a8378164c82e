/**
 * What the history simulation needs to know about the demo district before it starts: the staff
 * as actors (the same UserActor a session would give them), the halls with their windows, the
 * departments that have approvers, and the sub-items the front desk accepts for them.
 */
import { sql } from 'drizzle-orm';
import type { WindowCategory } from '../../../common/roles.js';
import type { UserActor } from '../../platform/authz.js';
import { rows, type Executor } from '../../platform/db.js';

export interface SubItem {
  id: number;
  name: string;
  itemId: number;
  itemName: string;
  departmentId: number;
  departmentCode: string;
  category: WindowCategory;
  subjectType: 'citizen' | 'legal_person' | 'both';
  caseType: 'instant' | 'promised';
  promisedLimit: number;
  approvalSteps: number;
  inspectionNeeded: boolean;
  batch: number;
  enabledSiteIds: number[];
  /** a line of its checklist allows 容缺 / 告知承诺 */
  hasMissing: boolean;
  hasCommitment: boolean;
}

export interface Department {
  id: number;
  code: string;
  name: string;
  shortName: string;
  approvers: UserActor[];
  inspectors: UserActor[];
}

export interface HallWindow {
  id: number;
  code: string;
  categories: WindowCategory[];
  /** the clerk at the window today */
  clerk: UserActor;
  /** staffed today */
  open: boolean;
  state: 'idle' | 'calling' | 'busy';
}

export interface Bundle {
  id: number;
  name: string;
  subItemIds: number[];
}

export async function loadActors(ex: Executor): Promise<Map<string, UserActor>> {
  const users = await rows<{ id: number; username: string; displayName: string; roles: UserActor['roles']; departmentId: number | null; siteId: number | null }>(ex, sql`
    select id, username, display_name as "displayName", roles, department_id as "departmentId", site_id as "siteId" from users where active order by id`);
  return new Map(users.map((u) => [u.username, {
    kind: 'user', userId: Number(u.id), username: u.username, displayName: u.displayName, roles: u.roles, departmentId: u.departmentId, siteId: u.siteId,
    mustChangePassword: false, sessionId: null, requestId: null, ip: null,
  } satisfies UserActor]));
}

export async function loadSites(ex: Executor): Promise<Map<string, number>> {
  const list = await rows<{ id: number; code: string }>(ex, sql`select id, code from sites`);
  return new Map(list.map((s) => [s.code, Number(s.id)]));
}

export async function loadWindows(ex: Executor, siteId: number): Promise<{ id: number; code: string; kind: string; categories: WindowCategory[] }[]> {
  return rows(ex, sql`select id, code, kind, categories from windows where site_id = ${siteId} and active order by code`);
}

/** Departments with at least one approver among the staff: the ones whose cases can be decided. */
export function departmentsWithApprovers(all: { id: number; code: string; name: string; shortName: string }[], actors: Map<string, UserActor>): Department[] {
  const staff = [...actors.values()];
  return all
    .map((d) => ({
      ...d,
      approvers: staff.filter((u) => u.departmentId === d.id && u.roles.includes('approver')),
      inspectors: staff.filter((u) => u.departmentId === d.id && u.roles.includes('inspector')),
    }))
    .filter((d) => d.approvers.length > 0);
}

export async function loadDepartments(ex: Executor) {
  return rows<{ id: number; code: string; name: string; shortName: string }>(ex, sql`select id, code, name, short_name as "shortName" from departments order by id`);
}

/** Active sub-items of these departments with their checklist version in force on `day`. */
export async function loadSubItems(ex: Executor, departmentIds: number[], day: string): Promise<SubItem[]> {
  if (!departmentIds.length) return [];
  const list = await rows<SubItem>(ex, sql`
    select s.id, s.name, i.id as "itemId", i.name as "itemName", i.department_id as "departmentId", d.code as "departmentCode", i.category,
           i.subject_type as "subjectType", i.case_type as "caseType", i.promised_limit as "promisedLimit", i.approval_steps as "approvalSteps",
           i.inspection_needed as "inspectionNeeded", i.batch, i.enabled_site_ids as "enabledSiteIds",
           coalesce(bool_or(l.allow_missing), false) as "hasMissing", coalesce(bool_or(l.allow_commitment), false) as "hasCommitment"
    from catalog_sub_items s join catalog_items i on i.id = s.item_id join departments d on d.id = i.department_id
    join checklist_versions v on v.sub_item_id = s.id and v.status = 'published' and v.effective_from <= ${day}::date
    left join checklist_lines l on l.version_id = v.id
    where s.active and i.active and i.department_id in (${sql.join(departmentIds.map((id) => sql`${id}`), sql`, `)})
      and i.promised_unit = 'working' and i.statutory_unit = 'working'
    group by s.id, i.id, d.code order by s.id`);
  return list.map((s) => ({ ...s, id: Number(s.id), itemId: Number(s.itemId) }));
}

/** 一件事 bundles all of whose sub-items belong to the given departments. */
export async function loadBundles(ex: Executor, departmentIds: number[]): Promise<Bundle[]> {
  const list = await rows<{ id: number; name: string; subItemIds: number[]; departments: number[] }>(ex, sql`
    select b.id, b.name, array_agg(bi.sub_item_id order by bi.seq) as "subItemIds", array_agg(distinct i.department_id) as departments
    from catalog_bundles b join catalog_bundle_items bi on bi.bundle_id = b.id join catalog_sub_items s on s.id = bi.sub_item_id
    join catalog_items i on i.id = s.item_id where b.active group by b.id order by b.id`);
  return list
    .filter((b) => b.departments.every((d) => departmentIds.includes(Number(d))))
    .map((b) => ({ id: Number(b.id), name: b.name, subItemIds: b.subItemIds.map(Number) }));
}

/** The first day a published checklist is in force (nothing can be accepted before it). */
export async function firstChecklistDay(ex: Executor): Promise<string | null> {
  const [r] = await rows<{ d: string | null }>(ex, sql`select min(effective_from)::text as d from checklist_versions where status = 'published'`);
  return r?.d ?? null;
}
