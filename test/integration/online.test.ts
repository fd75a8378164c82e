/**
 * 网上申办 and 网上预审 (issue 16.3–16.5) through HTTP on both engines: a citizen applies with scans, the front desk
 * asks for one fix list a round citing checklist materials only, the citizen replaces only that scan, the pass
 * accepts a 全程网办 application online into a case; a pre-review-only application is accepted at the window from the
 * booking's ticket or its number with the originals checked and nothing retyped. Another applicant's application is
 * 404; a renamed executable is refused; the pre-review's time limit and light follow the calendar.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { citizenIdCheckChar } from '../../common/validators.js';
import { rows } from '../../server/platform/db.js';
import type { Client, TestContext } from '../helpers/app.js';
import { forEachDatabase } from '../helpers/app.js';
import { applicantClient } from '../helpers/applicants.js';
import { exe, pdfOf, photo } from '../helpers/files.js';

const idOf = (first17: string) => first17 + citizenIdCheckChar(first17);
const b64 = (b: Buffer) => b.toString('base64');

/** A sub-item for citizens offered at the district centre with a published checklist, handled online in `mode`. */
async function subItemFor(ctx: TestContext, mode: 'full' | 'prereview'): Promise<{ id: number; name: string; departmentCode: string }> {
  const [s] = await rows<{ id: number; name: string; departmentCode: string }>(ctx.services.database.db, sql`
    select s.id, s.name, d.code as "departmentCode" from catalog_sub_items s join catalog_items i on i.id = s.item_id join departments d on d.id = i.department_id
    where s.online_mode = ${mode} and s.active and i.active and i.subject_type in ('citizen', 'both')
      and (cardinality(i.enabled_site_ids) = 0 or (select id from sites where code = 'QZX') = any(i.enabled_site_ids))
      and exists (select 1 from checklist_versions v join checklist_lines l on l.version_id = v.id where v.sub_item_id = s.id and v.status = 'published' and l.required)
    order by s.id limit 1`);
  assert.ok(s, `a ${mode} sub-item`);
  return { ...s, id: Number(s.id) };
}

async function siteId(ctx: TestContext, code = 'QZX'): Promise<number> {
  const [s] = await rows<{ id: number }>(ctx.services.database.db, sql`select id from sites where code = ${code}`);
  return Number(s!.id);
}

async function citizen(ctx: TestContext, phone: string, name: string, id17: string): Promise<Client> {
  const c = await applicantClient(ctx, phone);
  const r = await c.request('PUT', '/api/portal/me/real-name', { realName: name, idNumber: idOf(id17) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return c;
}

async function lastSms(ctx: TestContext, phone: string): Promise<string> {
  const [m] = await rows<{ body: string }>(ctx.services.database.db, sql`select payload->>'body' as body from outbox where topic = 'sms.send' and payload->>'phone' = ${phone} order by id desc limit 1`);
  return m?.body ?? '';
}

/** A draft with a scan in every slot that needs one (upload mode). */
async function filledDraft(ctx: TestContext, c: Client, subItemId: number) {
  const start = await c.post('/api/portal/applications', { clientKey: randomUUID(), subItemIds: [subItemId], siteId: await siteId(ctx) });
  assert.equal(start.status, 200, JSON.stringify(start.body));
  let app = start.body;
  for (const slot of app.slots) {
    const r = await c.post(`/api/portal/applications/${app.id}/materials/${slot.materialId}/files`, { fileName: `${slot.materialName}.pdf`, contentBase64: b64(await pdfOf(2)) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    app = r.body;
  }
  return app;
}

forEachDatabase('online applications', (ctx) => {
  test('全程网办: apply with scans, one fix list, replace that scan, pass, accepted online into a case the approver reads', async () => {
    const item = await subItemFor(ctx, 'full');
    const c = await citizen(ctx, '13900002001', '林网办', '44010319900307001');
    const draft = await filledDraft(ctx, c, item.id);
    assert.equal(draft.status, 'draft');
    assert.equal(draft.fullOnline, true);
    assert.ok(draft.slots.every((s: { lines: unknown[] }) => s.lines.length > 0), 'each slot cites its checklist lines');

    // bytes decide the type: a renamed executable is refused; so is one over the page limit? (limits in files tests)
    const bad = await c.post(`/api/portal/applications/${draft.id}/materials/${draft.slots[0].materialId}/files`, { fileName: '身份证.pdf', contentBase64: b64(exe()) });
    assert.equal(bad.status, 415);
    assert.equal(bad.body.code, 'FILE_TYPE');
    // the limits of a material's scan (UPLOAD_MAX_MB 10, UPLOAD_MAX_PAGES 50): refused with the files module's codes
    const slotUrl = `/api/portal/applications/${draft.id}/materials/${draft.slots[0].materialId}/files`;
    const big = await c.post(slotUrl, { fileName: '过大.jpg', contentBase64: b64(photo(10 * 1024 * 1024 + 1)) });
    assert.equal(big.status, 413);
    assert.equal(big.body.code, 'FILE_TOO_LARGE');
    assert.match(big.body.message, /10/);
    const long = await c.post(slotUrl, { fileName: '太多页.pdf', contentBase64: b64(await pdfOf(51)) });
    assert.equal(long.body.code, 'FILE_TOO_MANY_PAGES');

    assert.equal((await c.post('/api/portal/applications', { clientKey: randomUUID(), subItemIds: [item.id], siteId: 999999 })).body.code, 'ONLINE_SITE_UNKNOWN');
    const unverified = await applicantClient(ctx, '13900002009');
    assert.equal((await unverified.post('/api/portal/applications', { clientKey: randomUUID(), subItemIds: [item.id], siteId: await siteId(ctx) })).body.code, 'APPLICANT_REAL_NAME_REQUIRED');

    // another applicant does not see it
    const other = await citizen(ctx, '13900002002', '陈旁人', '44010319900307002');
    assert.equal((await other.get(`/api/portal/applications/${draft.id}`)).status, 404);
    assert.equal((await other.get(`/api/portal/applications/${draft.id}/files/${draft.slots[0].files[0].id}`)).status, 404);

    const sub = await c.post(`/api/portal/applications/${draft.id}/submit`);
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    assert.match(sub.body.no, /^WS\d{12}$/);
    assert.equal(sub.body.status, 'submitted');
    assert.match(await lastSms(ctx, '13900002001'), new RegExp(`${sub.body.no}.*\\/portal\\/applications\\/${draft.id}`));

    const clerk = await ctx.client('clerk1');
    const queue = await clerk.get('/api/prereviews?status=waiting');
    const row = queue.body.items.find((i: { id: number }) => i.id === draft.id);
    assert.ok(row, 'in the site queue');
    assert.ok(['green', 'yellow'].includes(row.light));
    assert.equal(row.applicantName, '林*办', 'masked on the server');

    const seen = await clerk.get(`/api/prereviews/${draft.id}`);
    assert.equal(seen.status, 200);
    const [first, ...rest] = seen.body.slots as { materialId: number; materialName: string; files: { id: number }[] }[];
    const scan = await clerk.get(`/api/prereviews/${draft.id}/files/${first!.files[0]!.id}`);
    assert.equal(scan.status, 200);
    assert.equal(scan.headers['content-type'], 'application/pdf');
    assert.match(String(scan.headers['content-security-policy']), /frame-ancestors 'self'/, 'the app\'s own viewer may frame a scan; no other site');
    assert.equal(scan.headers['x-frame-options'], 'SAMEORIGIN');

    assert.equal((await clerk.post(`/api/prereviews/${draft.id}/fix-list`)).body.code, 'ONLINE_MARKS_INCOMPLETE');
    assert.equal((await clerk.request('PUT', `/api/prereviews/${draft.id}/marks/${first!.materialId}`, { verdict: 'fix', note: '' })).status, 400, 'a fix says what is wrong');
    assert.equal((await clerk.request('PUT', `/api/prereviews/${draft.id}/marks/999999`, { verdict: 'pass', note: '' })).body.code, 'ONLINE_SLOT_UNKNOWN', 'only checklist materials');
    await clerk.request('PUT', `/api/prereviews/${draft.id}/marks/${first!.materialId}`, { verdict: 'fix', note: '扫描件不清晰，请重新扫描' });
    for (const s of rest) await clerk.request('PUT', `/api/prereviews/${draft.id}/marks/${s.materialId}`, { verdict: 'pass', note: '' });
    const sent = await clerk.post(`/api/prereviews/${draft.id}/fix-list`);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.status, 'fix_requested');
    const again = await clerk.post(`/api/prereviews/${draft.id}/fix-list`);
    assert.equal(again.status, 409, 'one fix list a round');
    const sms = await lastSms(ctx, '13900002001');
    assert.match(sms, new RegExp(`需补正1项材料：1\\.${first!.materialName}：扫描件不清晰`));

    // the applicant sees the fix list; only that material may change
    const mine = (await c.get(`/api/portal/applications/${draft.id}`)).body;
    const fixSlot = mine.slots.find((s: { materialId: number }) => s.materialId === first!.materialId);
    assert.equal(fixSlot.mark.verdict, 'fix');
    assert.equal(fixSlot.editable, true);
    if (rest[0]) {
      const locked = await c.post(`/api/portal/applications/${draft.id}/materials/${rest[0].materialId}/files`, { fileName: 'x.jpg', contentBase64: b64(photo(2000)) });
      assert.equal(locked.body.code, 'ONLINE_SLOT_LOCKED');
    }
    assert.equal((await c.post(`/api/portal/applications/${draft.id}/submit`)).body.code, 'ONLINE_FIX_NOT_ADDRESSED');
    const oldFile = fixSlot.files[0].id;
    await c.request('DELETE', `/api/portal/applications/${draft.id}/materials/${first!.materialId}/files/${oldFile}`);
    const replaced = await c.post(`/api/portal/applications/${draft.id}/materials/${first!.materialId}/files`, { fileName: '重新扫描.jpg', contentBase64: b64(photo(3000)) });
    assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
    // a submission when the calendar's cache has expired (a citizen takes minutes over the scans) reloads the calendar
    // outside the transaction: on the embedded database's one connection a reload inside it would wait forever
    (ctx.services.calendar as unknown as { cached?: unknown }).cached = undefined;
    const re = await c.post(`/api/portal/applications/${draft.id}/submit`);
    assert.equal(re.body.status, 'resubmitted');
    assert.equal(re.body.round, 2);

    // the second round shows what changed
    const round2 = (await clerk.get(`/api/prereviews/${draft.id}`)).body;
    const changed = round2.slots.find((s: { materialId: number }) => s.materialId === first!.materialId);
    assert.equal(changed.changedRound, 2);
    assert.equal(changed.previousMark.verdict, 'fix');
    assert.deepEqual(changed.files.map((f: { removedRound: number | null; addedRound: number }) => [f.addedRound, f.removedRound]), [[1, 2], [2, null]]);
    // what passed in round 1 stays passed in round 2; only the resubmitted material waits for a verdict
    assert.deepEqual(
      round2.slots.map((s: { materialId: number; mark: { verdict: string } | null }) => [s.materialId, s.mark?.verdict ?? null]),
      round2.slots.map((s: { materialId: number }) => [s.materialId, s.materialId === first!.materialId ? null : 'pass']),
    );
    // a pass before every material has its verdict is refused before any case number is taken
    assert.equal((await clerk.post(`/api/prereviews/${draft.id}/pass`)).body.code, 'ONLINE_MARKS_INCOMPLETE');
    await clerk.request('PUT', `/api/prereviews/${draft.id}/marks/${first!.materialId}`, { verdict: 'pass', note: '' });
    const passed = await clerk.post(`/api/prereviews/${draft.id}/pass`);
    assert.equal(passed.status, 200, JSON.stringify(passed.body));
    assert.equal(passed.body.status, 'accepted');
    assert.equal(passed.body.cases.length, 1);
    assert.match(passed.body.cases[0].caseNo, /00001$/, 'the first case of the day: the refused pass took no number');
    const caseId = passed.body.cases[0].id;
    assert.match(await lastSms(ctx, '13900002001'), /已受理，办件编号/);

    const theCase = (await clerk.get(`/api/cases/${caseId}`)).body;
    assert.equal(theCase.channel, 'online');
    assert.equal(theCase.status, 'accepted');
    assert.ok(theCase.materials.every((m: { status: string; form: string | null }) => m.status !== 'received' || m.form === 'electronic'));
    // the scans are the case's files: the department's approver reads them, the replaced one is not among them
    const received = theCase.materials.filter((m: { status: string }) => m.status === 'received');
    assert.ok(received.length > 0 && received.every((m: { files: unknown[] }) => m.files.length > 0), 'every received material has its scans');
    const names = received.flatMap((m: { files: { name: string }[] }) => m.files.map((f) => f.name));
    assert.ok(names.includes('重新扫描.jpg') && !names.includes(`${first!.materialName}.pdf`), names.join(', '));
    const approverName = { SCJGJ: 'approver_scjg', WJJ: 'approver_wjj', ZJJ: 'approver_zjj', RSJ: 'approver_rsj', MZJ: 'approver_mzj' }[item.departmentCode];
    if (approverName) {
      const approver = await ctx.client(approverName);
      const f = received[0].files[0];
      const read = await approver.get(`/api/cases/${caseId}/files/${f.id}`);
      assert.equal(read.status, 200, 'the approver sees the scan');
    }
    const audit = await rows<{ kind: string; actorName: string }>(ctx.services.database.db, sql`select kind, actor_name as "actorName" from audit_log where aggregate_type = 'online_application' and aggregate_id = ${String(draft.id)} order by id`);
    assert.ok(audit.some((a) => a.kind === 'online.marked' && a.actorName.startsWith('李慧敏')), 'pre-review marks audited with the clerk\'s name');
    assert.deepEqual(audit.slice(-2).map((a) => a.kind), ['online.passed', 'online.accepted']);
    assert.equal((await c.get(`/api/portal/applications/${draft.id}`)).body.cases[0].caseNo, passed.body.cases[0].caseNo);
    const myCases = (await c.get('/api/portal/cases')).body.items;
    assert.ok(myCases.some((x: { id: number; channel: string }) => x.id === caseId && x.channel === 'online'), '我的办件 lists the case');
    const progress = await c.get(`/api/portal/cases/${caseId}`);
    assert.equal(progress.status, 200);
    assert.equal(progress.body.caseNo, passed.body.cases[0].caseNo);
    assert.ok(progress.body.timeline.length >= 2);
    assert.deepEqual(progress.body.timeline.map((e: { label: string }) => e.label), ['网上收件', '网上受理'], 'accepted online, not at a window');
    assert.equal((await other.get(`/api/portal/cases/${caseId}`)).status, 404, "another applicant's case is not theirs");
    const receipt = await c.get(`/api/portal/applications/${draft.id}/cases/${caseId}/receipt.pdf`);
    assert.equal(receipt.status, 200);
    assert.equal(receipt.headers['content-type'], 'application/pdf');
    assert.equal((await other.get(`/api/portal/applications/${draft.id}/cases/${caseId}/receipt.pdf`)).status, 404, 'only its applicant');
  });

  test('预审后窗口一次办结: passed, booked with the number, the window opens it from the ticket and accepts with the originals', async () => {
    const item = await subItemFor(ctx, 'prereview');
    const c = await citizen(ctx, '13900002003', '王一次', '44010319900307003');
    const draft = await filledDraft(ctx, c, item.id);
    const sub = (await c.post(`/api/portal/applications/${draft.id}/submit`)).body;
    const clerk = await ctx.client('clerk2');
    for (const s of draft.slots) await clerk.request('PUT', `/api/prereviews/${draft.id}/marks/${s.materialId}`, { verdict: 'pass', note: '' });
    const passed = await clerk.post(`/api/prereviews/${draft.id}/pass`);
    assert.equal(passed.body.status, 'passed');
    assert.match(await lastSms(ctx, '13900002003'), /已通过预审.*预约/);

    // another centre's clerk cannot open it
    const street = await ctx.client('clerk_dh');
    assert.equal((await street.get(`/api/prereviews/lookup?no=${sub.no}`)).status, 404);

    const byNo = await clerk.get(`/api/prereviews/lookup?no=${sub.no}`);
    assert.equal(byNo.status, 200);
    assert.equal(byNo.body.id, draft.id);

    // the applicant books with the number, checks in at the kiosk; the window opens the application from the ticket
    const pub = ctx.anonymous();
    const site = await siteId(ctx);
    const days = (await pub.get(`/api/public/appointments/days?siteId=${site}`)).body.days as string[];
    const slots = (await pub.get(`/api/public/appointments/slots?siteId=${site}&category=citizen&day=${days[0]}`)).body;
    const booked = await pub.post('/api/public/appointments', { slotId: slots[0].id, name: '王一次', idNo: idOf('44010319900307003'), phone: '13900002003', clientKey: randomUUID(), applicationNo: sub.no });
    assert.equal(booked.status, 200, JSON.stringify(booked.body));
    await ctx.services.database.db.execute(sql`update appointment_slots set day = ${ctx.clock.today()} where id = (select slot_id from appointments where code = ${booked.body.code})`);
    const ticket = await pub.post('/api/public/queue/tickets', { siteId: site, clientKey: randomUUID(), appointmentCode: booked.body.code });
    assert.equal(ticket.status, 200, JSON.stringify(ticket.body));
    const byTicket = await clerk.get(`/api/prereviews/lookup?ticketId=${ticket.body.id}`);
    assert.equal(byTicket.status, 200, JSON.stringify(byTicket.body));
    assert.equal(byTicket.body.id, draft.id);
    const unchecked = await clerk.post(`/api/prereviews/${draft.id}/accept`, { originals: [] });
    assert.equal(unchecked.body.code, 'ONLINE_ORIGINALS_UNCHECKED');
    const originals = byNo.body.slots.map((s: { materialId: number; lines: { form: string; copies: number }[] }) => ({ materialId: s.materialId, form: s.lines[0]!.form, copies: s.lines[0]!.copies }));
    const accepted = await clerk.post(`/api/prereviews/${draft.id}/accept`, { originals });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.status, 'accepted');
    const theCase = (await clerk.get(`/api/cases/${accepted.body.cases[0].id}`)).body;
    assert.equal(theCase.applicantName.startsWith('王'), true);
    assert.equal((await clerk.post(`/api/prereviews/${draft.id}/accept`, { originals })).body.code, 'ONLINE_STATUS', 'accepted once');
  });

  test('the pre-review time limit and light follow the working-day calendar', async () => {
    const item = await subItemFor(ctx, 'prereview');
    ctx.clock.set('2026-09-30T02:00:00Z'); // Wednesday before the National Day holiday
    try {
      const c = await citizen(ctx, '13900002004', '赵节前', '44010319900307004');
      const draft = await filledDraft(ctx, c, item.id);
      const sub = (await c.post(`/api/portal/applications/${draft.id}/submit`)).body;
      const cal = await ctx.services.calendar.calendar();
      const due = sub.rounds[0].dueOn;
      assert.equal(due, cal.addWorkingDays('2026-09-30', 1));
      assert.ok(due > '2026-10-07', `one working day after 9-30 is after the holiday (${due})`);
      const clerk = await ctx.client('clerk3');
      const lightOn = async (day: string) => {
        ctx.clock.set(`${day}T02:00:00Z`);
        return (await clerk.get(`/api/prereviews/${draft.id}`)).body.light;
      };
      assert.equal(await lightOn('2026-10-05'), 'green', 'a holiday uses none of the limit');
      assert.equal(await lightOn(due), 'yellow', 'the last day');
      assert.equal(await lightOn(cal.nextWorkday(due)), 'red');
    } finally {
      ctx.clock.set(new Date());
    }
  });
});

forEachDatabase('online applications: 告知承诺 and 容缺', (ctx) => {
  test('a commitment is signed with the real name and an SMS code; 容缺 needs a later date; only what the lines allow', async () => {
    // a 全程网办 or pre-reviewed sub-item for citizens whose checklist allows both a commitment and 容缺 on some lines
    const [s] = await rows<{ id: number; commitment: number; missing: number; required: number }>(ctx.services.database.db, sql`
      select s.id,
             (select min(l.material_id) from checklist_lines l where l.version_id = v.id and l.allow_commitment and not l.allow_missing) as commitment,
             (select min(l.material_id) from checklist_lines l where l.version_id = v.id and l.allow_missing and not l.allow_commitment) as missing,
             (select min(l.material_id) from checklist_lines l where l.version_id = v.id and l.required and l.condition = '' and not l.allow_missing and not l.allow_commitment) as required
      from catalog_sub_items s join catalog_items i on i.id = s.item_id
      join checklist_versions v on v.sub_item_id = s.id and v.status = 'published'
      where s.online_mode <> 'none' and s.active and i.active and i.subject_type in ('citizen', 'both')
        and (cardinality(i.enabled_site_ids) = 0 or (select id from sites where code = 'QZX') = any(i.enabled_site_ids))
        and exists (select 1 from checklist_lines l where l.version_id = v.id and l.allow_commitment and not l.allow_missing)
        and exists (select 1 from checklist_lines l where l.version_id = v.id and l.allow_missing and not l.allow_commitment)
      order by s.id limit 1`);
    assert.ok(s, 'a sub-item with a commitment line and a 容缺 line');
    const c = await citizen(ctx, '13900002101', '郑承诺', '44010319900307101');
    const start = await c.post('/api/portal/applications', { clientKey: randomUUID(), subItemIds: [Number(s.id)], siteId: await siteId(ctx) });
    assert.equal(start.status, 200, JSON.stringify(start.body));
    const id = start.body.id;
    const slot = (m: number) => `/api/portal/applications/${id}/materials/${m}`;

    assert.equal((await c.request('PUT', slot(s.required), { mode: 'commitment' })).body.code, 'ONLINE_SLOT_MODE', 'only where the line allows it');
    assert.equal((await c.request('PUT', slot(s.required), { mode: 'not_applicable' })).body.code, 'ONLINE_SLOT_MODE');
    assert.equal((await c.request('PUT', slot(s.commitment), { mode: 'commitment' })).status, 200);
    assert.equal((await c.post(`${slot(s.commitment)}/commitment`, { signedName: '郑承诺', code: '000000' })).body.code, 'APPLICANT_CODE_INVALID', 'a code is needed');
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 61_000)); // a minute after the sign-in code: another may be sent
    assert.equal((await c.post(`/api/portal/applications/${id}/sign-code`)).status, 200);
    const code = await smsCodeOf(ctx, '13900002101');
    assert.equal((await c.post(`${slot(s.commitment)}/commitment`, { signedName: '别人', code })).body.code, 'ONLINE_SIGN_NAME');
    const signed = await c.post(`${slot(s.commitment)}/commitment`, { signedName: '郑承诺', code });
    assert.equal(signed.status, 200, JSON.stringify(signed.body));
    const cs = signed.body.slots.find((x: { materialId: number }) => x.materialId === s.commitment);
    assert.equal(cs.signedName, '郑承诺');
    assert.ok(cs.signedAt);

    const today = ctx.clock.today();
    assert.equal((await c.request('PUT', slot(s.missing), { mode: 'missing', dueDate: today })).body.code, 'ONLINE_DUE_INVALID');
    // no later than the promised date were it accepted today (the intake's rule, told to the applicant here)
    const limitOf = start.body.subItems[0] as { promisedLimit: number; promisedUnit: 'working' | 'natural' };
    const cal = await ctx.services.calendar.calendar();
    const latest = cal.deadlineDetail(today, limitOf.promisedLimit, limitOf.promisedUnit).date;
    const tooLate = await c.request('PUT', slot(s.missing), { mode: 'missing', dueDate: cal.addWorkingDays(latest, 1) });
    assert.equal(tooLate.body.code, 'ONLINE_DUE_INVALID');
    assert.match(tooLate.body.message, new RegExp(latest));
    const later = latest > today ? latest : today;
    const set = await c.request('PUT', slot(s.missing), { mode: 'missing', dueDate: later });
    if (latest <= today) {
      assert.equal(set.body.code, 'ONLINE_DUE_INVALID', 'an item due the same day allows no 容缺');
      await c.request('PUT', slot(s.missing), { mode: 'upload' });
    } else assert.equal(set.status, 200);

    // the rest scanned; submitted; the intake body carries the commitment and the 容缺 date
    let app = (await c.get(`/api/portal/applications/${id}`)).body;
    for (const x of app.slots.filter((y: { mode: string }) => y.mode === 'upload')) {
      app = (await c.post(`${slot(x.materialId)}/files`, { fileName: 'scan.pdf', contentBase64: b64(await pdfOf(1)) })).body;
    }
    const sub = await c.post(`/api/portal/applications/${id}/submit`);
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    const clerk = await ctx.client('clerk1');
    for (const x of sub.body.slots) await clerk.request('PUT', `/api/prereviews/${id}/marks/${x.materialId}`, { verdict: 'pass', note: '' });
    const passed = await clerk.post(`/api/prereviews/${id}/pass`);
    assert.equal(passed.status, 200, JSON.stringify(passed.body));
    const done = passed.body.status === 'accepted'
      ? passed.body
      : (await clerk.post(`/api/prereviews/${id}/accept`, { originals: sub.body.slots.filter((x: { mode: string }) => x.mode === 'upload').map((x: { materialId: number; lines: { form: string; copies: number }[] }) => ({ materialId: x.materialId, form: x.lines[0]!.form, copies: x.lines[0]!.copies })) })).body;
    assert.equal(done.status, 'accepted', JSON.stringify(done));
    const theCase = (await clerk.get(`/api/cases/${done.cases[0].id}`)).body;
    const byMaterial = (m: number) => theCase.materials.find((x: { materialId: number }) => x.materialId === m);
    assert.equal(byMaterial(s.commitment).status, 'commitment');
    if (latest > today) {
      assert.equal(byMaterial(s.missing).status, 'missing');
      assert.equal(byMaterial(s.missing).dueDate, later);
    }
  });
});

/** The code of the last SMS to the phone (a sign code too). */
async function smsCodeOf(ctx: TestContext, phone: string): Promise<string> {
  const code = /验证码为 (\d{6})/.exec(await lastSms(ctx, phone))?.[1];
  assert.ok(code, `no code sent to ${phone}`);
  return code;
}
