/**
 * Deny-by-default authorization. Each module declares a policy: ability → grants, each grant a set
 * of roles and the scope it reaches (everything, the actor's department, or the actor's site).
 * An ability nobody granted is refused. Scopes become SQL filters in repositories, so a record
 * outside the actor's scope is simply not found (404), never "forbidden".
 */
import type { Role } from '../../common/roles.js';
import { AppError } from './errors.js';

export interface UserActor {
  kind: 'user';
  userId: number;
  username: string;
  displayName: string;
  roles: Role[];
  departmentId: number | null;
  siteId: number | null;
  /** set by an admin's reset or account creation: only password change and logout until done */
  mustChangePassword: boolean;
  sessionId: string | null;
  requestId: string | null;
  ip: string | null;
}
export interface SystemActor {
  kind: 'system';
  name: string; // e.g. 'demo-loader', 'worker', 'cli'
  requestId: string | null;
  ip: string | null;
}
export type Actor = UserActor | SystemActor;

/**
 * An applicant (公众用户) signed in on the portal. Not an `Actor`: staff policies never see one — what an applicant
 * may touch is decided by ownership (their own applications, the entities they act for), in the applicants module.
 */
export interface ApplicantActor {
  kind: 'applicant';
  applicantId: number;
  /** the real name once given, else null */
  realName: string | null;
  phone: string;
  sessionId: string | null;
  requestId: string | null;
  ip: string | null;
}
/** Whoever may be named as the author of an audited action. */
export type Recorder = Actor | ApplicantActor;

export const systemActor = (name: string): SystemActor => ({ kind: 'system', name, requestId: null, ip: null });

/** How a system actor is named in timelines (case events, alert events); others as 系统（name）. */
const SYSTEM_ACTOR_NAMES: Record<string, string> = { 'supervision-scan': '系统巡检' };
/** The name an action is recorded under: a user's display name, or the system job's. */
export const actorName = (actor: Actor) => (actor.kind === 'user' ? actor.displayName : SYSTEM_ACTOR_NAMES[actor.name] ?? `系统（${actor.name}）`);
/** The user who acted, or null for the system. */
export const actorId = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);

export type ScopeKind = 'all' | 'department' | 'site' | 'self';
export interface Grant {
  roles: readonly Role[];
  scope: ScopeKind;
}
export type Policy<A extends string> = Record<A, readonly Grant[]>;

export type Scope =
  | { all: true }
  | { all: false; departmentIds: number[]; siteIds: number[]; userIds: number[] };

export function scopeOf(actor: Actor, grants: readonly Grant[]): Scope | null {
  if (actor.kind === 'system') return { all: true };
  let granted = false;
  const scope = { all: false as const, departmentIds: [] as number[], siteIds: [] as number[], userIds: [] as number[] };
  for (const g of grants) {
    if (!g.roles.some((r) => actor.roles.includes(r))) continue;
    granted = true;
    if (g.scope === 'all') return { all: true };
    if (g.scope === 'department' && actor.departmentId !== null) scope.departmentIds.push(actor.departmentId);
    if (g.scope === 'site' && actor.siteId !== null) scope.siteIds.push(actor.siteId);
    if (g.scope === 'self') scope.userIds.push(actor.userId);
  }
  return granted ? scope : null;
}

/**
 * Does the scope reach a record with this site, department or user? The one in-memory form of a scope (its SQL
 * form is `scopeSql`, platform/db): all reaches everything; otherwise any of the record's site, department or user
 * among the scope's. null (no grant at all) reaches nothing.
 */
export function reaches(scope: Scope | null, rec: { siteId?: number | null; departmentId?: number | null; userId?: number | null }): boolean {
  if (!scope) return false;
  if (scope.all) return true;
  return (rec.siteId != null && scope.siteIds.includes(rec.siteId))
    || (rec.departmentId != null && scope.departmentIds.includes(rec.departmentId))
    || (rec.userId != null && scope.userIds.includes(rec.userId));
}

/** May the actor use this ability at all (in some scope)? */
export function can<A extends string>(actor: Actor, policy: Policy<A>, ability: A): boolean {
  return scopeOf(actor, policy[ability]) !== null;
}

/** The actor's scope for the ability, or FORBIDDEN when no grant reaches the actor's roles. */
export function authorize<A extends string>(actor: Actor, policy: Policy<A>, ability: A): Scope {
  const scope = scopeOf(actor, policy[ability]);
  if (!scope) throw new AppError('FORBIDDEN');
  return scope;
}

/** Abilities the actor holds, sent to the UI (the server checks again on every call). */
export function abilitiesOf<A extends string>(actor: Actor, policy: Policy<A>): A[] {
  return (Object.keys(policy) as A[]).filter((a) => can(actor, policy, a));
}



