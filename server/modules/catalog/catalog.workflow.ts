/**
 * Checklist versions as a table (受理清单版本流转): a department drafts and submits (盖章确认),
 * the centre publishes from a date or returns it with comments; a published version never
 * changes. Pure: no database, no HTTP.
 */
import type { VersionStatus } from '../../../common/catalog.js';
import { AppError } from '../../platform/errors.js';
import { actionsOf, type Workflow } from '../../../common/workflow.js';

export type VersionAction = 'edit' | 'submit' | 'discard' | 'publish' | 'return';

/** A draft is edited (stays), submitted, or discarded (deleted: no status after it); the centre publishes or returns it. */
export const VERSION_WORKFLOW = {
  draft: { edit: { to: null }, submit: { to: 'submitted' }, discard: { to: null } },
  returned: { edit: { to: null }, submit: { to: 'submitted' }, discard: { to: null } },
  submitted: { publish: { to: 'published' }, return: { to: 'returned' } },
  published: {},
} as const satisfies Workflow<VersionStatus, VersionAction>;

export const VERSION_STATUS_LABELS: Record<VersionStatus, string> = {
  draft: '草稿',
  submitted: '已报送待审核',
  returned: '已退回',
  published: '已发布',
};

export function allowedVersionActions(status: VersionStatus): readonly VersionAction[] {
  return actionsOf<VersionStatus, VersionAction>(VERSION_WORKFLOW, status);
}

/** 409 naming the status and what is allowed in it. */
export function assertVersionAction(status: VersionStatus, action: VersionAction): void {
  const allowed = allowedVersionActions(status);
  if (!(allowed as readonly string[]).includes(action)) {
    throw new AppError('CHECKLIST_TRANSITION_NOT_ALLOWED', {
      status: VERSION_STATUS_LABELS[status],
      allowed: allowed.length ? allowed.join(', ') : '无',
    }, { status, action, allowed });
  }
}

export interface LineFields {
  materialId: number;
  materialName?: string;
  form: string;
  copies: number;
  required: boolean;
  allowMissing: boolean;
  allowCommitment: boolean;
  condition: string;
  reviewPoints: string;
}

export const COMPARED_FIELDS = ['form', 'copies', 'required', 'allowMissing', 'allowCommitment', 'condition', 'reviewPoints'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export type DiffEntry<L extends LineFields = LineFields> =
  | { kind: 'added'; line: L }
  | { kind: 'removed'; line: L }
  | { kind: 'changed'; before: L; after: L; fields: ComparedField[] }
  | { kind: 'unchanged'; line: L };

/** Line-by-line comparison keyed by material: what the centre reviews before publishing. */
export function diffChecklists<L extends LineFields>(base: readonly L[], next: readonly L[]): DiffEntry<L>[] {
  const before = new Map(base.map((l) => [l.materialId, l]));
  const out: DiffEntry<L>[] = [];
  for (const line of next) {
    const old = before.get(line.materialId);
    if (!old) {
      out.push({ kind: 'added', line });
      continue;
    }
    before.delete(line.materialId);
    const fields = COMPARED_FIELDS.filter((f) => old[f] !== line[f]);
    out.push(fields.length ? { kind: 'changed', before: old, after: line, fields } : { kind: 'unchanged', line });
  }
  for (const line of before.values()) out.push({ kind: 'removed', line });
  return out;
}
