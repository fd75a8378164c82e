/**
 * 查看完整个人信息: the audited "view full" of an applicant's or agent's ID number or phone, masked
 * everywhere else (DOMAIN.md). The staff member states why; the value and the audit record (kind,
 * case, field, reason — never the value) come from one transaction, so nobody sees a value that was
 * not recorded.
 */
import { sql } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/authz.js';
import { rows, type Database } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { casesPolicy } from './cases.policy.js';
import { caseScopeSql } from './cases.repository.js';

export const REVEAL_FIELDS = ['applicantIdNo', 'applicantPhone', 'agentIdNo', 'agentPhone'] as const;
export type RevealField = (typeof REVEAL_FIELDS)[number];

const COLUMN: Record<RevealField, 'applicant_id_no' | 'applicant_phone' | 'agent_id_no' | 'agent_phone'> = {
  applicantIdNo: 'applicant_id_no',
  applicantPhone: 'applicant_phone',
  agentIdNo: 'agent_id_no',
  agentPhone: 'agent_phone',
};

export async function revealCaseField(
  deps: { database: Database; audit: AuditService },
  actor: Actor,
  caseId: number,
  input: { field: RevealField; reason: string },
): Promise<{ field: RevealField; value: string }> {
  const scope = authorize(actor, casesPolicy, 'case.reveal'); // deny by default, before anything is loaded
  const reason = input.reason.trim();
  if (reason.length < 2) throw new AppError('CASE_REASON_REQUIRED', { what: '查看原因' });
  return deps.database.tx(async (tx) => {
    const [c] = await rows<{ case_no: string; value: string | null }>(
      tx,
      sql`select c.case_no, c.${sql.raw(COLUMN[input.field])} as value from cases c where c.id = ${caseId} and ${caseScopeSql(scope)}`,
    );
    if (!c || !c.value) throw new AppError('NOT_FOUND'); // outside the scope, or a case without an agent
    await deps.audit.record(tx, actor, { kind: 'case.pii_revealed', aggregateType: 'case', aggregateId: caseId, data: { caseNo: c.case_no, field: input.field, reason } });
    return { field: input.field, value: c.value };
  });
}
