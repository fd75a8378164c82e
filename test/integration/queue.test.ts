/**
 * The hall queue through HTTP on PGlite and PostgreSQL: kiosk tickets, calling with the fair
 * priority rule, recall / no-show / transfer / serve, the link from ticket to case, the board's
 * event stream, appointments with check-in, and the statistics with the Erlang C planner.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { IntakeForm } from '../../server/modules/cases/cases.schemas.js';
import { rows } from '../../server/platform/db.js';
import { forEachDatabase, type Client } from '../helpers/app.js';
import { operationsOf } from '../helpers/openapi-answers.js';

const PERSON_ID = '11010519491231002X';

forEachDatabase('queue: tickets, calling, board, appointments', (ctx) => {
  let clerk: Client;
  let clerk2: Client;
  let guide: Client;
  let siteId = 0;
  const win: Record<string, number> = {};
  const take = (body: Record<string, unknown>) => ctx.anonymous().post('/api/public/queue/tickets', { siteId, clientKey: randomUUID(), ...body });

  test('the kiosk issues numbered tickets per category; a retried tap returns the same ticket', async () => {
    clerk = await ctx.client('clerk1');
    clerk2 = await ctx.client('clerk2');
    guide = await ctx.client('guide1');
    const sites = (await ctx.anonymous().get('/api/public/sites')).body.items as { id: number; code: string }[];
    siteId = sites.find((s) => s.code === 'QZX')!.id;
    for (const w of await rows<{ id: number; code: string }>(ctx.services.database.db, sql`select id, code from windows where site_id = ${siteId}`)) win[w.code] = w.id;
    const kiosk = (await ctx.anonymous().get(`/api/public/queue/kiosk?siteId=${siteId}`)).body;
    assert.ok(kiosk.categories.find((c: { category: string }) => c.category === 'business').openWindows >= 3);
    const key = randomUUID();
    const a = await ctx.anonymous().post('/api/public/queue/tickets', { siteId, clientKey: key, category: 'business', idNo: PERSON_ID });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.body.ticketNo, 'A001');
    const again = await ctx.anonymous().post('/api/public/queue/tickets', { siteId, clientKey: key, category: 'business' });
    assert.equal(again.body.id, a.body.id);
    assert.equal((await take({ category: 'business' })).body.ticketNo, 'A002');
    assert.equal((await take({ category: 'citizen' })).body.ticketNo, 'B001');
    const food = (await ctx.anonymous().get(`/api/catalog/search?q=${encodeURIComponent('食品经营许可')}`)).body.items[0];
    const routed = await take({ subItemId: food.subItemId });
    assert.equal(routed.body.category, 'business', 'an item searched at the kiosk goes to its category');
    assert.equal((await take({ category: 'business', idNo: '110105194912310021' })).body.code, 'CASE_ID_INVALID');
    assert.equal((await take({})).body.code, 'QUEUE_CATEGORY_REQUIRED');
    const place = (await ctx.anonymous().get(`/api/public/queue/tickets/${routed.body.token}`)).body;
    assert.equal(place.status, 'waiting');
    assert.equal(place.ahead, 2);
  });

  test('a window calls the next ticket of its categories; the board stream shows the call within a second', async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (ctx.app.server.address() as AddressInfo).port;
    const board = (await ctx.anonymous().get(`/api/public/queue/board?siteId=${siteId}`)).body;
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/public/queue/stream?siteId=${siteId}&after=${board.lastEventId}`, { signal: controller.signal });
    assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    let text = '';
    let latency = 0;
    try {
      const t0 = Date.now();
      const called = await clerk.post(`/api/queue/windows/${win.A03}/call-next`);
      assert.equal(called.status, 200, JSON.stringify(called.body));
      assert.equal(called.body.current.ticketNo, 'A001');
      assert.equal(called.body.current.idNo, '110105********002X', 'masked in the console');
      while (!text.includes('"kind":"called"')) text += new TextDecoder().decode((await reader.read()).value);
      latency = Date.now() - t0;
    } finally {
      controller.abort();
    }
    assert.ok(latency < 1000, `board event after ${latency} ms`);
    assert.match(text, /"ticketNo":"A001".*"windowName":"3号窗口"/);
    // a window of another category never gets it; an open call blocks the next one
    assert.equal((await clerk.post(`/api/queue/windows/${win.A03}/call-next`)).body.code, 'QUEUE_CURRENT_OPEN');
  });

  test('recall, no-show only after the recalls, serve hands the ID to the clerk, and the case links to the ticket', async () => {
    let con = (await clerk.get(`/api/queue/windows/${win.A03}`)).body;
    const ticketId = con.current.id;
    assert.ok(!con.current.allowedActions.includes('no_show'));
    assert.equal((await clerk2.post(`/api/queue/tickets/${ticketId}/actions/serve`, {})).body.code, 'QUEUE_NOT_YOUR_TICKET');
    con = (await clerk.post(`/api/queue/tickets/${ticketId}/actions/recall`, {})).body;
    assert.equal(con.current.recalls, 1);
    con = (await clerk.post(`/api/queue/tickets/${ticketId}/actions/serve`, {})).body;
    assert.equal(con.current.status, 'serving');
    assert.equal(con.applicantIdNo, PERSON_ID, 'the serving clerk gets the full ID for the intake form');

    const food = (await clerk.get(`/api/catalog/search?q=${encodeURIComponent('食品经营许可')}`)).body.items.find((h: { name: string }) => h.name === '食品经营许可（新办）');
    const form = (await clerk.get(`/api/cases/intake-form?subItemIds=${food.subItemId}`)).body as IntakeForm;
    const res = await clerk.post('/api/cases', {
      clientKey: randomUUID(), ticketId, channel: 'window', applicantType: 'entity',
      applicant: { name: '示范区叫号餐饮有限公司', idNo: '91350100M000100Y43', phone: '13912345678' }, agent: { name: '张三', idNo: PERSON_ID, phone: '13800138000' },
      subItemIds: [food.subItemId], materials: form.materials.map((m) => ({ materialId: m.materialId, status: 'received' })), outcome: 'accept',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const detail = (await clerk.get(`/api/cases/${res.body.cases[0].id}`)).body;
    assert.equal(detail.ticketNo, 'A001');
    con = (await clerk.get(`/api/queue/windows/${win.A03}`)).body;
    assert.deepEqual(con.current.caseNos, [res.body.cases[0].caseNo]);

    // the next call finishes the served ticket; A002 does not come to the window, recalls, then no-show
    con = (await clerk.post(`/api/queue/windows/${win.A03}/call-next`)).body;
    const next = con.current;
    assert.equal(next.ticketNo, 'A002');
    assert.equal((await clerk.post(`/api/queue/tickets/${next.id}/actions/no_show`, {})).body.code, 'QUEUE_NO_SHOW_TOO_EARLY');
    await clerk.post(`/api/queue/tickets/${next.id}/actions/recall`, {});
    await clerk.post(`/api/queue/tickets/${next.id}/actions/recall`, {});
    con = (await clerk.post(`/api/queue/tickets/${next.id}/actions/no_show`, {})).body;
    assert.equal(con.current, null);
    const served = await rows<{ status: string }>(ctx.services.database.db, sql`select status from queue_tickets where id = ${ticketId}`);
    assert.equal(served[0]!.status, 'done');
  });

  test('transfer keeps the place and only the target window calls it; green channel by a guide; fair ordering', async () => {
    const t = (await take({ category: 'citizen' })).body; // B002
    let con = (await clerk.post(`/api/queue/windows/${win.A06}/call-next`)).body; // citizen window: B001
    assert.equal(con.current.ticketNo, 'B001');
    const moved = await clerk.post(`/api/queue/tickets/${con.current.id}/actions/transfer`, { windowId: win.A04 });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    con = moved.body;
    assert.equal(con.current, null);
    const other = await clerk2.post(`/api/queue/windows/${win.A05}/call-next`);
    assert.notEqual(other.body.current?.ticketNo, 'B001', 'another window does not get a ticket sent to A04');
    if (other.status === 200) await clerk2.post(`/api/queue/tickets/${other.body.current.id}/actions/serve`, {});
    const mine = (await clerk2.post(`/api/queue/windows/${win.A04}/call-next`)).body;
    assert.equal(mine.current.ticketNo, 'B001');
    await clerk2.post(`/api/queue/tickets/${mine.current.id}/actions/serve`, {});

    // a waiting ticket is the guide's to move (导办员), not a window clerk's
    const notMine = await clerk.post(`/api/queue/tickets/${t.id}/actions/transfer`, { category: 'business' });
    assert.deepEqual([notMine.status, notMine.body.code], [403, 'FORBIDDEN']);
    const guided = await guide.post(`/api/queue/tickets/${t.id}/actions/transfer`, { category: 'business', note: '咨询后改办企业业务' });
    assert.equal(guided.status, 200, JSON.stringify(guided.body));
    assert.deepEqual([guided.body.status, guided.body.category, guided.body.issuedAt], ['waiting', 'business', t.issuedAt], 'keeps its place');

    // clear the business queue, then: 4 green tickets and 2 normal ones, priority run 3
    await ctx.services.database.db.execute(sql`update queue_tickets set status = 'cancelled' where site_id = ${siteId} and status = 'waiting'`);
    const normal1 = (await take({ category: 'business' })).body;
    const normal2 = (await take({ category: 'business' })).body;
    const greens: string[] = [];
    for (let i = 0; i < 4; i++) {
      const g = (await take({ category: 'business' })).body;
      assert.equal((await clerk.post(`/api/queue/tickets/${g.id}/actions/green`, { reason: '老年人' })).status, 403, 'clerks do not set green channel');
      const r = await guide.post(`/api/queue/tickets/${g.id}/actions/green`, { reason: '老年人' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.priority, 'green');
      greens.push(g.ticketNo);
    }
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const c = (await clerk.post(`/api/queue/windows/${win.A03}/call-next`)).body.current;
      order.push(c.ticketNo);
      await clerk.post(`/api/queue/tickets/${c.id}/actions/serve`, {});
    }
    assert.deepEqual(order, [greens[0], greens[1], greens[2], normal1.ticketNo, greens[3], normal2.ticketNo]);
    void t;
  });

  test('appointments: book, no double booking, capacity, cancel, check-in gives a priority ticket', async () => {
    const pub = ctx.anonymous();
    const days = (await pub.get(`/api/public/appointments/days?siteId=${siteId}`)).body.days as string[];
    assert.ok(days.length >= 1);
    const slots = (await pub.get(`/api/public/appointments/slots?siteId=${siteId}&category=citizen&day=${days[0]}`)).body;
    assert.equal(slots.length, 6);
    const book = (idNo: string, slotId = slots[0].id) => pub.post('/api/public/appointments', { slotId, name: '王五', idNo, phone: '13912340000', clientKey: randomUUID() });
    const a = await book(PERSON_ID);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.match(a.body.code, /^\d{6}$/);
    assert.equal(a.body.name, '王*');
    assert.equal((await book(PERSON_ID, slots[1].id)).body.code, 'APPOINTMENT_DUPLICATE');
    // capacity: the guide closes the slot
    assert.equal((await guide.put(`/api/queue/slots/${slots[2].id}`, { capacity: 0 })).status, 200);
    assert.equal((await book('110101199003074514', slots[2].id)).body.code, 'APPOINTMENT_FULL');
    const cancelled = await pub.post('/api/public/appointments/cancel', { code: a.body.code, idNo: PERSON_ID });
    assert.equal(cancelled.body.status, 'cancelled');
    // check-in: an appointment for today (bookings start tomorrow: moved in the database) gives a priority ticket
    const b = await book(PERSON_ID);
    await ctx.services.database.db.execute(sql`update appointment_slots set day = ${ctx.clock.today()}
      where id = (select slot_id from appointments where code = ${b.body.code})`);
    const ticket = await take({ appointmentCode: b.body.code });
    assert.equal(ticket.status, 200, JSON.stringify(ticket.body));
    assert.equal(ticket.body.priority, 'appointment');
    assert.equal(ticket.body.category, 'citizen');
    assert.equal((await take({ appointmentCode: b.body.code })).body.code, 'APPOINTMENT_CODE_INVALID', 'a code checks in once');
  });

  test('statistics: waits, service times, journey and the Erlang C planner', async () => {
    const supervisor = await ctx.client('supervisor1');
    const s = await supervisor.get(`/api/queue/stats?siteId=${siteId}&targetWaitMinutes=5`);
    assert.equal(s.status, 200, JSON.stringify(s.body));
    assert.ok(s.body.totals.tickets >= 10);
    assert.ok(s.body.totals.noShows >= 1);
    assert.ok(s.body.byHour.length >= 1);
    assert.ok(s.body.byClerk.some((c: { clerkName: string }) => c.clerkName === '李慧敏'));
    assert.equal(s.body.journey.cases, 1);
    for (const h of s.body.planner.hours) assert.ok(h.recommendedWindows >= 1 || h.avgServiceMinutes === null);
    assert.equal((await clerk.get(`/api/queue/stats?siteId=${siteId}`)).status, 403);
  });

  test('the OpenAPI document describes the answer of every queue and appointment operation', async () => {
    const ops = operationsOf((await ctx.anonymous().get('/api/openapi.json')).body, /^\/api\/(public\/)?(queue|appointments)(\/|$)/);
    assert.equal(ops.length, 21);
    assert.deepEqual(ops.filter((o) => !o.described).map((o) => o.op), []);
  });
});
