/**
 * The one shape of the product's state machines — 办件 (CASE_WORKFLOW), 清单版本 (VERSION_WORKFLOW), 取号票
 * (TICKET_WORKFLOW), 整改任务 (RECTIFICATION_WORKFLOW), 预警 (ALERT_WORKFLOW): status → action → the step the action
 * takes, at least the status after it (`to`; null: the status stays while something else changes). Machines whose
 * actions need different permissions carry the ability in the step too. What a status allows is the keys of its row.
 */
export interface Step<To = string | null> {
  to: To;
}

export type Workflow<S extends string, A extends string, T extends Step<unknown> = Step<S | null>> = { readonly [K in S]: Partial<Record<A, T>> };

/** The step of `action` in `status`, if the machine allows it there. */
export function stepOf<S extends string, A extends string, T extends Step<unknown>>(wf: Workflow<S, A, T>, status: S, action: A): T | undefined {
  return (wf[status] as Partial<Record<A, T>>)[action];
}

/** The actions a status allows (before permissions and per-record guards). */
export function actionsOf<S extends string, A extends string>(wf: Workflow<S, A, Step<unknown>>, status: S): A[] {
  return Object.keys(wf[status]) as A[];
}
