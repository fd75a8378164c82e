/**
 * Hall operations in the browser: an applicant books an appointment on the portal and gets a
 * check-in code, another booking is cancelled with its code and ID; a morning of tickets is served
 * by three clerks through the API; the guide gives a waiting ticket the 绿色通道 and it is called
 * first; the guide raises a slot's capacity; the supervisor reads the statistics and the window
 * planner (Erlang C); on the appointment day the kiosk check-in with the code gives a priority ticket.
 *
 * The server runs on a test clock (a preload shifts Date and so PGlite's now()): waits and service
 * times are real minutes of server time, and the last test moves the server to the booked day.
 * Run: node --import tsx --test test/e2e/queue-ops.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { citizenIdCheckChar } from '../../common/validators.js';
import type { AppointmentView, SlotView, TicketIssued, WindowConsole } from '../../server/modules/queue/queue.schemas.js';
import type { SiteView, WindowView } from '../../server/platform/schemas.js';
import { launchBrowser, login, logout, newPage, screenshot, type E2eServer } from '../helpers/e2e-server.js';
import { HOUR, MINUTE, startShiftedServer, type ShiftedServer } from '../helpers/e2e-clock.js';
import { apiSession as openApiSession } from '../helpers/e2e-api.js';


/** the part of a browser canvas the test reads (the test runs without the DOM types) */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}


/** A valid citizen ID (GB 11643) born 1950-01-01 with sequence `seq`. */
function citizenId(seq: number): string {
  const first17 = `11010519500101${String(seq).padStart(3, '0')}`;
  return first17 + citizenIdCheckChar(first17);
}

const BOOKER = { name: '刘桂兰', idNo: citizenId(101), phone: '13912340101' };
const OTHER = { name: '何建国', idNo: citizenId(102), phone: '13912340102' };

let server: E2eServer;
let browser: Browser;
let page: Page;
let closeContext: () => Promise<void>;
let shifted: ShiftedServer;
const state = {
  siteId: 0,
  windows: new Map<string, number>(),
  code: '',
  day: '',
  hour: 0,
};

const advance = (ms: number) => shifted.advance(ms);
const serverChina = () => shifted.china();

async function publicCall<T>(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: T }> {
  const r = await fetch(`${server.baseUrl}${urlPath}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as T };
}

/** A logged-in API session of the running server (test/helpers/e2e-api.ts). */
const apiSession = (username: string) => openApiSession(server.baseUrl, username);

let ticketSeq = 0;
async function takeTicket(body: { category?: string; appointmentCode?: string }): Promise<{ status: number; body: TicketIssued & { message?: string } }> {
  return publicCall('POST', '/api/public/queue/tickets', { siteId: state.siteId, clientKey: `e2e-queue-ops-${++ticketSeq}`, ...body });
}

async function slotsOf(category: string, day: string): Promise<SlotView[]> {
  const r = await publicCall<SlotView[]>('GET', `/api/public/appointments/slots?siteId=${state.siteId}&category=${category}&day=${day}`);
  assert.equal(r.status, 200);
  return r.body;
}

async function settle(p: Page = page) {
  await p.waitForLoadState('networkidle');
  await p.waitForTimeout(300);
}

before(async () => {
  shifted = await startShiftedServer({
    QUEUE_PUBLIC_RATE_PER_MINUTE: '10000',
    // the preload shifts the process's Date, and the second factor checks codes on real time (ADR 0020): the
    // supervisor's authenticator (the test) cannot follow the shifted server; the factor has its own browser test
    MFA_REQUIRED_ROLES: 'none',
  });
  server = shifted.server;
  browser = await launchBrowser();
  const ctx = await newPage(browser, server.baseUrl);
  page = ctx.page;
  closeContext = () => ctx.context.close();

  const sites = await publicCall<{ items: SiteView[] }>('GET', '/api/public/sites');
  state.siteId = sites.body.items.find((s) => s.code === 'QZX')!.id;
  const windows = await publicCall<{ items: WindowView[] }>('GET', `/api/public/windows?siteId=${state.siteId}`);
  for (const w of windows.body.items) state.windows.set(w.code, w.id);
  state.hour = serverChina().hour;
});

after(async () => {
  await closeContext?.();
  await browser?.close();
  await shifted?.stop();
});

describe('appointments, green channel, slots and the window planner', () => {
  test('an applicant books an appointment on the portal and is shown the check-in code', async () => {
    await page.goto('/portal');
    await page.getByTestId('portal-appointments-link').click();
    await page.getByTestId('appointment-form').waitFor();
    await page.getByTestId('appointment-category-business').click();
    const slot = page.locator('[data-testid="appointment-slots"] button:not([disabled])').first();
    await slot.waitFor();
    const chosen = await page.locator('[data-testid="appointment-days"] .chip.on').getAttribute('data-testid');
    state.day = chosen!.replace('appointment-day-', '');
    const start = (await slot.getAttribute('data-testid'))!.replace('appointment-slot-', '');
    await slot.click();
    await page.getByTestId('appointment-name').fill(BOOKER.name);
    await page.getByTestId('appointment-id-no').fill(BOOKER.idNo);
    await page.getByTestId('appointment-phone').fill(BOOKER.phone);
    await page.getByTestId('appointment-submit').click();

    const code = (await page.getByTestId('appointment-code').innerText()).trim();
    assert.match(code, /^\d{6}$/);
    assert.match(await page.getByTestId('receipt-when').innerText(), new RegExp(start));
    assert.match(await page.getByTestId('receipt-site').innerText(), /示范区政务服务中心/);
    state.code = code;
    const after = (await slotsOf('business', state.day)).find((s) => s.start === start)!;
    assert.equal(after.booked, 1);
    await settle();
    await screenshot(page, 'queue-ops-1-booked');
  });

  test('another booking is cancelled with its code and ID number on the same page', async () => {
    const [slot] = await slotsOf('citizen', state.day);
    const booked = await publicCall<AppointmentView>('POST', '/api/public/appointments', {
      slotId: slot!.id, name: OTHER.name, idNo: OTHER.idNo, phone: OTHER.phone, clientKey: 'e2e-queue-ops-other',
    });
    assert.equal(booked.status, 200);
    assert.equal((await slotsOf('citizen', state.day))[0]!.booked, 1);

    const cancel = page.getByTestId('appointment-cancel');
    await cancel.getByTestId('cancel-code').fill(booked.body.code);
    await cancel.getByTestId('cancel-id-no').fill(OTHER.idNo);
    await cancel.getByTestId('cancel-submit').click();
    await page.locator('.el-message-box').getByRole('button', { name: '取消预约' }).click();
    await cancel.getByTestId('cancel-done').waitFor();
    assert.equal((await slotsOf('citizen', state.day))[0]!.booked, 0);
    // the booking on screen is untouched
    assert.equal(await page.getByTestId('appointment-receipt').getAttribute('data-status'), 'booked');
    await settle();
    await screenshot(page, 'queue-ops-2-cancelled');

    // a second cancellation: the server's message is shown
    await cancel.getByTestId('cancel-code').fill(booked.body.code);
    await cancel.getByTestId('cancel-id-no').fill(OTHER.idNo);
    await cancel.getByTestId('cancel-submit').click();
    await page.locator('.el-message-box').getByRole('button', { name: '取消预约' }).click();
    await cancel.getByTestId('cancel-error').waitFor();
    assert.match(await cancel.getByTestId('cancel-error').innerText(), /预约/);
  });

  test('a morning at the windows; the guide gives a waiting ticket the green channel and it is called first', async () => {
    // 12 tickets at the top of the hour, 4 rounds of 8-minute services at windows 3 (经营) and 6 (公民), one more 经营 ticket a round
    for (const category of ['business', 'citizen', 'business', 'citizen', 'business', 'citizen', 'business', 'citizen', 'business', 'citizen', 'business', 'citizen']) {
      assert.equal((await takeTicket({ category })).status, 200);
    }
    const clerk1 = await apiSession('clerk1');
    const clerk2 = await apiSession('clerk2');
    const business = state.windows.get('A03')!;
    const citizen = state.windows.get('A06')!;
    for (let round = 0; round < 4; round++) {
      await advance(2 * MINUTE);
      const a = await clerk1.post<WindowConsole>(`/api/queue/windows/${business}/call-next`);
      const b = await clerk2.post<WindowConsole>(`/api/queue/windows/${citizen}/call-next`);
      await clerk1.post(`/api/queue/tickets/${a.current!.id}/actions/serve`);
      await clerk2.post(`/api/queue/tickets/${b.current!.id}/actions/serve`);
      assert.equal((await takeTicket({ category: 'business' })).status, 200);
      await advance(8 * MINUTE);
      await clerk1.post(`/api/queue/tickets/${a.current!.id}/actions/finish`);
      await clerk2.post(`/api/queue/tickets/${b.current!.id}/actions/finish`);
    }
    // window 4: an applicant who does not answer two recalls
    const clerk3 = await apiSession('clerk3');
    const w4 = state.windows.get('A04')!;
    const called = await clerk3.post<WindowConsole>(`/api/queue/windows/${w4}/call-next`);
    for (let i = 0; i < called.noShowAfterRecalls; i++) {
      await advance(MINUTE);
      await clerk3.post(`/api/queue/tickets/${called.current!.id}/actions/recall`);
    }
    await clerk3.post(`/api/queue/tickets/${called.current!.id}/actions/no_show`);

    await login(page, 'guide1');
    await page.getByTestId('nav-queue-tickets').click();
    await page.getByTestId('tickets-table').waitFor();
    await page.getByTestId('tickets-status-waiting').click();
    await settle();
    // B005 and B006 wait for window 6; the guide moves B006 (an elderly applicant) ahead
    assert.equal(await page.getByTestId('ticket-row-B006').getAttribute('data-priority'), 'normal');
    await page.getByTestId('ticket-green-B006').click();
    const dialog = page.getByTestId('green-dialog');
    await dialog.getByTestId('green-reason-elderly').click();
    await dialog.getByTestId('green-submit').click();
    await page.locator('.el-message', { hasText: 'B006' }).first().waitFor();
    await page.locator('[data-testid="ticket-row-B006"][data-priority="green"]').waitFor();
    assert.equal(await page.getByTestId('ticket-green-B006').count(), 0, 'no second green channel');
    await settle();
    await screenshot(page, 'queue-ops-3-green-channel');

    await advance(MINUTE);
    const next = await clerk2.post<WindowConsole>(`/api/queue/windows/${citizen}/call-next`);
    assert.equal(next.current!.ticketNo, 'B006');
    assert.equal(next.current!.priority, 'green');
    await clerk2.post(`/api/queue/tickets/${next.current!.id}/actions/serve`);
    await advance(6 * MINUTE);
    await clerk2.post(`/api/queue/tickets/${next.current!.id}/actions/finish`);
  });

  test('the guide raises the capacity of an appointment slot', async () => {
    await page.getByTestId('nav-queue-slots').click();
    // the page opens on the first bookable day: let its slots answer before asking for another day
    await page.locator('[data-testid="slots-table"][data-day]').waitFor();
    await page.getByTestId(`slots-day-${state.day}`).click();
    // the cell of the booked day, not of the day shown before (the table carries the day of its slots)
    const cell = page.locator(`[data-testid="slots-table"][data-day="${state.day}"]`).getByTestId('slot-capacity-business-10:00');
    await cell.waitFor();
    const before = (await slotsOf('business', state.day)).find((s) => s.start === '10:00')!;
    await cell.locator('input').fill(String(before.capacity + 3));
    await cell.locator('input').press('Enter');
    await page.locator('.el-message--success').first().waitFor();
    const after = (await slotsOf('business', state.day)).find((s) => s.start === '10:00')!;
    assert.equal(after.capacity, before.capacity + 3);
    await settle();
    await screenshot(page, 'queue-ops-4-slots');
    await logout(page);
  });

  test('the supervisor reads the hall statistics and the window planner', async () => {
    await login(page, 'supervisor1');
    await page.getByTestId('nav-queue-stats').click();
    await page.getByTestId('stats-kpis').waitFor();
    assert.equal(Number(await page.getByTestId('kpi-tickets').innerText()), 16);
    assert.equal(Number(await page.getByTestId('kpi-served').innerText()), 9);
    assert.equal(Number(await page.getByTestId('kpi-no-shows').innerText()), 1);
    assert.match(await page.getByTestId('kpi-avg-service').innerText(), /^7\.[6-9] 分钟$/);
    // tickets handled by window and by clerk: clerk1 and clerk2 served, clerk3 only recorded a no-show
    assert.equal(await page.getByTestId('stats-by-window').locator('.el-table__body tr').count(), 3);
    const clerks = page.getByTestId('stats-by-clerk').locator('.el-table__body tr');
    assert.equal(await clerks.count(), 3);
    const noShowRow = (await clerks.allInnerTexts()).map((r) => r.split(/\s+/)).find((cells) => cells[1] === '0');
    assert.ok(noShowRow && noShowRow[2] === '1', `one clerk served none and recorded the no-show: ${JSON.stringify(noShowRow)}`);

    for (const chart of ['stats-hourly-chart', 'stats-planner-chart']) {
      const canvas = page.getByTestId(chart).locator('canvas').first();
      await canvas.waitFor();
      const box = await canvas.boundingBox();
      assert.ok(box && box.width > 300 && box.height > 200, `${chart} has a sized canvas`);
      const painted = await canvas.evaluate((c: CanvasLike) => {
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
        return n;
      });
      assert.ok(painted > 2000, `${chart} is drawn (${painted} pixels)`);
    }

    const planner = page.getByTestId('planner-table');
    await planner.getByTestId(`planner-hour-${state.hour}`).waitFor();
    const row = planner.locator('tr', { has: page.getByTestId(`planner-hour-${state.hour}`) });
    const cells = await row.locator('td').allInnerTexts();
    // 16 arrivals in the hour, ~7.8 minutes of service: Erlang C asks for 3 windows to keep the mean wait within 10 minutes; 3 were calling
    assert.equal(Number(cells[1]), 16, 'arrivals per hour');
    assert.equal(Number(cells[3]), 3, 'recommended windows');
    assert.equal(Number(cells[4]), 3, 'observed windows');
    assert.equal(await page.getByTestId(`planner-balance-${state.hour}`).count(), 0, 'balanced at a 10-minute target');
    assert.match(await page.getByTestId('planner-explain').innerText(), /10 分钟/);
    await settle();
    await screenshot(page, 'queue-ops-5-stats');

    // a stricter target: one window short in that hour (忙)
    await page.getByTestId('stats-target').locator('input').fill('3');
    await page.getByTestId('stats-submit').click();
    await page.getByTestId('planner-explain').filter({ hasText: '3 分钟' }).waitFor();
    const strict = await planner.locator('tr', { has: page.getByTestId(`planner-hour-${state.hour}`) }).locator('td').allInnerTexts();
    assert.equal(Number(strict[3]), 4, 'a 3-minute target needs a fourth window');
    assert.match(await page.getByTestId(`planner-balance-${state.hour}`).innerText(), /偏忙/);
    await page.getByTestId('stats-planner').scrollIntoViewIfNeeded();
    await settle();
    await screenshot(page, 'queue-ops-5b-planner-strict');
    await logout(page);
  });

  test('on the appointment day the kiosk check-in with the code gives a priority ticket', async () => {
    const today = serverChina().date;
    const days = Math.round((Date.parse(state.day) - Date.parse(today)) / (24 * HOUR));
    assert.ok(days >= 1, 'bookings start the next working day');
    await advance(days * 24 * HOUR);
    assert.equal(serverChina().date, state.day);

    const ticket = await takeTicket({ appointmentCode: state.code });
    assert.equal(ticket.status, 200, JSON.stringify(ticket.body));
    assert.equal(ticket.body.priority, 'appointment');
    assert.equal(ticket.body.category, 'business');
    const again = await takeTicket({ appointmentCode: state.code });
    assert.notEqual(again.status, 200, 'a code checks in once');

    await login(page, 'guide1');
    await page.getByTestId('nav-queue-tickets').click();
    await page.locator(`[data-testid="ticket-row-${ticket.body.ticketNo}"][data-priority="appointment"]`).waitFor();
    await settle();
    await screenshot(page, 'queue-ops-6-checked-in');
  });
});
