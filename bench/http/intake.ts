/**
 * The intake the HTTP benches send: a 市场监管 sub-item of the demo catalog with a published checklist
 * closest to 6 lines and at least 2 approval steps (the first by id), every material received.
 */
import type pg from 'pg';
import { expect, type HttpClient } from './client.js';

export interface TypicalSubItem { id: number; name: string; lines: number; steps: number; department_id: number }

export async function typicalSubItem(db: pg.Client): Promise<TypicalSubItem> {
  const { rows } = await db.query<TypicalSubItem>(`
    select s.id, s.name, i.approval_steps as steps, i.department_id, count(l.*)::int as lines
    from catalog_sub_items s join catalog_items i on i.id = s.item_id join departments d on d.id = i.department_id
    join lateral (select v.id from checklist_versions v where v.sub_item_id = s.id and v.status = 'published' order by v.effective_from desc, v.id desc limit 1) v on true
    join checklist_lines l on l.version_id = v.id
    where d.code = 'SCJGJ' and s.active and i.active and i.approval_steps >= 2
    group by s.id, s.name, i.approval_steps, i.department_id
    order by abs(count(l.*) - 6), s.id limit 1`);
  if (!rows[0]) throw new Error('no 市场监管 sub-item with a published checklist in the demo catalog');
  return rows[0];
}

/** The intake body of one case of `subItemId` with every material received (from the intake form), per client key. */
export async function intakeBodyFor(clerk: HttpClient, subItemId: number): Promise<{ materials: unknown[]; body: (clientKey: string) => Record<string, unknown> }> {
  const form = expect(await clerk.get(`/api/cases/intake-form?subItemIds=${subItemId}`), 200, 'intake form').body;
  const materials = form.materials.map((m: { materialId: number }) => {
    const line = form.subItems.flatMap((s: { lines: { materialId: number; form: string; copies: number }[] }) => s.lines).find((l: { materialId: number }) => l.materialId === m.materialId)!;
    return { materialId: m.materialId, status: 'received', form: line.form, copies: line.copies };
  });
  const body = (clientKey: string) => ({
    clientKey, channel: 'window', applicantType: 'entity',
    applicant: { name: '示范区好味道餐饮有限公司', idNo: '91350100M000100Y43', phone: '13912345678' },
    agent: { name: '王小明', idNo: '11010519491231002X', phone: '13800138000' },
    subItemIds: [subItemId], materials, outcome: 'accept',
  });
  return { materials, body };
}
