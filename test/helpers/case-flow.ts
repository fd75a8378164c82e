/**
 * Case journeys through the HTTP API for tests that need cases in a given state (supervision,
 * metrics): intake with every material received, handover + signature, review steps, decision.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { IntakeForm } from '../../server/modules/cases/cases.schemas.js';
import type { Client } from './app.js';

export const USCC = '91350100M000100Y43';
export const PERSON_ID = '11010519491231002X';

export async function subItemIdOf(c: Client, q: string, name: string): Promise<number> {
  const r = await c.get(`/api/catalog/search?q=${encodeURIComponent(q)}&limit=50`);
  const hit = r.body.items.find((h: { name: string }) => h.name === name);
  assert.ok(hit, `sub-item ${name} not found`);
  return hit.subItemId;
}

/** Accepts one case at the window with every material received; returns its id and number. */
export async function acceptCase(clerk: Client, subItemId: number, extra: Record<string, unknown> = {}): Promise<{ id: number; caseNo: string; visitId: number }> {
  const form = (await clerk.get(`/api/cases/intake-form?subItemIds=${subItemId}`)).body as IntakeForm;
  const materials = form.materials.map((m) => {
    const line = form.subItems.flatMap((s) => s.lines).find((l) => l.materialId === m.materialId)!;
    return { materialId: m.materialId, status: 'received' as const, form: line.form, copies: line.copies };
  });
  const res = await clerk.post('/api/cases', {
    clientKey: randomUUID(), channel: 'window', applicantType: 'entity',
    applicant: { name: '示范区好味道餐饮有限公司', idNo: USCC, phone: '13912345678' },
    agent: { name: '王小明', idNo: PERSON_ID, phone: '13800138000' },
    subItemIds: [subItemId], materials, outcome: 'accept', ...extra,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.cases[0].id, caseNo: res.body.cases[0].caseNo, visitId: res.body.visitId };
}

/** Hands the case over and has the department sign it; then passes every step before the decision. */
export async function toDecision(clerk: Client, approver: Client, caseId: number): Promise<void> {
  const c = (await clerk.get(`/api/cases/${caseId}`)).body;
  const h = await clerk.post('/api/handovers', { departmentId: c.departmentId, caseIds: [caseId], clientKey: randomUUID() });
  assert.equal(h.status, 200, JSON.stringify(h.body));
  const signed = await approver.post(`/api/handovers/${h.body.id}/sign`, {
    items: h.body.cases.map((x: { id: number; materialCount: number }) => ({ caseId: x.id, receivedCount: x.materialCount })),
  });
  assert.equal(signed.status, 200, JSON.stringify(signed.body));
  const d = (await approver.get(`/api/cases/${caseId}`)).body;
  for (let step = d.step; step < d.approvalSteps; step++) {
    const r = await approver.post(`/api/cases/${caseId}/actions/pass_step`, { opinion: `第${step}环节同意` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
}

/** A case accepted, handed over, signed and decided with `documentNo`; returns the decision's response. */
export async function decidedCase(clerk: Client, approver: Client, subItemId: number, documentNo: string) {
  const c = await acceptCase(clerk, subItemId);
  await toDecision(clerk, approver, c.id);
  const res = await approver.post(`/api/cases/${c.id}/actions/approve`, { opinion: '符合条件，准予许可', documentNo });
  return { ...c, res };
}
