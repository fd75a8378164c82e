/**
 * The online channel end to end, in the browser on both sides (issue 16 acceptance):
 *  1. 全程网办 on a phone (390×844): a citizen opens a guide, signs in on the portal with the code from the SMS sink,
 *     completes the real name, applies with a scan per material; the clerk (desktop) asks for one fix; the citizen
 *     replaces that scan; the clerk passes it and the case is accepted online; the citizen downloads the 电子受理回执
 *     and finds the case in 我的办件; the department's approver sees the scans in the case detail.
 *  2. 网上预审 + 窗口一次办结: a pre-reviewed application passed, the applicant books from the application page (the
 *     booking carries the 申办流水号), checks in at the kiosk on the day, and the clerk at the window console calls the
 *     ticket, opens the same application from it and accepts it with the originals checked — nothing retyped.
 * The server runs on a shifted clock (a preload, as queue-ops.test.ts) so that the booked day can come.
 * Run: node --import tsx --test test/e2e/online-journey.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { citizenIdCheckChar } from '../../common/validators.js';
import { chooseOption, launchBrowser, login, newPage, screenshot, waitForPage, type E2eServer } from '../helpers/e2e-server.js';
import { HOUR, startShiftedServer, type ShiftedServer } from '../helpers/e2e-clock.js';
import { onlineSubItem } from '../helpers/e2e-online.js';
import { apiSession, sentSmsCode, type ApiSession } from '../helpers/e2e-api.js';
import { pdfOf } from '../helpers/files.js';

const CITIZEN = { phone: '13900004101', name: '林一网', id17: '44010319900307021' };
const BOOKER = { phone: '13900004102', name: '王一次', id17: '44010319900307022' };
const APPROVER_OF: Record<string, string> = { SCJGJ: 'approver_scjg', WJJ: 'approver_wjj', ZJJ: 'approver_zjj', RSJ: 'approver_rsj', MZJ: 'approver_mzj' };

let server: E2eServer;
let browser: Browser;
let phone: BrowserContext;
let citizenPage: Page;
let admin: ApiSession;
let clerkApi: ApiSession;
let shifted: ShiftedServer;
let clockDir = '';
const files = { first: '', second: '' };
let siteId = 0;

const serverChinaDate = () => shifted.china().date;

async function settle(p: Page) {
  await p.waitForLoadState('networkidle');
  await p.waitForTimeout(300);
}

/** A sub-item for citizens handled online in `mode` at the district centre, of a department with an approver. */
async function subItemFor(mode: 'full' | 'prereview'): Promise<{ id: number }> {
  // the journey ends in the approver's case detail: a department with an approver among the demo's users
  const departments = (await clerkApi.get<{ items: { id: number; code: string }[] }>('/api/departments')).items;
  return onlineSubItem(clerkApi, siteId, mode, new Set(departments.filter((d) => APPROVER_OF[d.code]).map((d) => d.id)));
}

/** Marks a material in the open round in the clerk's pre-review page: 通过, or 需补正 with the note. */
async function mark(page: Page, materialId: number, verdict: 'pass' | 'fix', note = '') {
  const id = `slot-${materialId}-verdict`;
  await page.getByTestId(`${id}-${verdict}`).click();
  if (verdict === 'fix') {
    await page.getByTestId(`${id}-note`).fill(note);
    await page.getByTestId(`${id}-save`).click();
  }
  await page.locator(`[data-testid="${id}"][data-verdict="${verdict}"]`).waitFor();
}

const confirmBox = (page: Page) => page.locator('.el-message-box__btns .el-button--primary').click();

before(async () => {
  clockDir = mkdtempSync(path.join(tmpdir(), 'yc-online-journey-'));
  // the hall's day on the server's clock, to 16:00 at the latest (the journey's work fits before it closes)
  shifted = await startShiftedServer({
    QUEUE_PUBLIC_RATE_PER_MINUTE: '10000',
    // the preload shifts the server's Date; second factors check real time (ADR 0020) and have their own test
    MFA_REQUIRED_ROLES: 'none',
  }, 16);
  server = shifted.server;
  browser = await launchBrowser();
  admin = await apiSession(server.baseUrl, 'admin');
  clerkApi = await apiSession(server.baseUrl, 'clerk1');
  const sites = await clerkApi.get<{ items: { id: number; code: string }[] }>('/api/public/sites');
  siteId = sites.items.find((s) => s.code === 'QZX')!.id;
  files.first = path.join(clockDir, '身份证扫描件.pdf');
  files.second = path.join(clockDir, '重新扫描.pdf');
  writeFileSync(files.first, await pdfOf(1));
  writeFileSync(files.second, await pdfOf(2));
  phone = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  citizenPage = await phone.newPage();
  citizenPage.setDefaultTimeout(20_000);
});

after(async () => {
  await phone?.close();
  await browser?.close();
  await shifted?.stop();
  if (clockDir) rmSync(clockDir, { recursive: true, force: true });
});

describe('the online channel end to end', () => {
  const j1 = { appId: 0, no: '', caseId: 0, caseNo: '' };

  test('全程网办 on a phone: sign in with the SMS code, real name, apply with scans, submit', async () => {
    const p = citizenPage;
    const item = await subItemFor('full');
    await p.goto(`/portal/guide/${item.id}`);
    await p.getByTestId('apply-start-open').click();
    // signed out: the portal's sign-in, with the code the SMS sink received
    await p.waitForURL((u) => u.pathname === '/portal/sign-in');
    await p.getByTestId('sign-in-phone').fill(CITIZEN.phone);
    await p.getByTestId('sign-in-get-code').click();
    await p.getByTestId('sign-in-code').fill((await sentSmsCode(admin, CITIZEN.phone)).code);
    await p.getByTestId('sign-in-submit').click();
    await p.waitForURL((u) => u.pathname === `/portal/guide/${item.id}`);
    // no real name yet: 我的 first
    await p.goto('/portal/me');
    await p.getByTestId('real-name-input').fill(CITIZEN.name);
    await p.getByTestId('real-name-id-input').fill(CITIZEN.id17 + citizenIdCheckChar(CITIZEN.id17));
    await p.getByTestId('real-name-save').click();
    await p.getByTestId('real-name-facts').waitFor();

    await p.goto(`/portal/guide/${item.id}`);
    await p.getByTestId('apply-start-open').click();
    await p.getByTestId('apply-start-go').click();
    await p.waitForURL(/\/portal\/applications\/\d+$/);
    j1.appId = Number(/(\d+)$/.exec(p.url())![1]);
    const slots = p.getByTestId('apply-slot');
    await slots.first().waitFor();
    for (let i = 0; i < (await slots.count()); i++) {
      await slots.nth(i).getByTestId('apply-file-input').setInputFiles(files.first);
      await slots.nth(i).getByTestId('apply-file').first().waitFor();
    }
    await p.getByTestId('apply-submit').click();
    await waitForPage(p, `/^WS\\d{12}$/.test(document.querySelector('[data-testid="apply-no"]')?.textContent?.trim() ?? '')`);
    j1.no = (await p.getByTestId('apply-no').textContent())!.trim();
    await settle(p);
    await screenshot(p, 'online-journey-1-submitted-390');
  });

  test('the clerk asks for one fix; the citizen replaces only that scan; the clerk passes it and it is accepted online', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'clerk1');
      await page.getByTestId('nav-prereviews').click();
      await page.getByTestId(`prereview-row-${j1.appId}`).click();
      await page.locator('[data-testid="prereview-detail"][data-status="submitted"]').waitFor();
      const ids = await page.locator('[data-testid^="slot-"][data-testid$="-verdict"]').evaluateAll((els) => els.map((e) => Number(/slot-(\d+)-verdict/.exec(e.getAttribute('data-testid') ?? '')?.[1])));
      assert.ok(ids.length > 0);
      await mark(page, ids[0]!, 'fix', '扫描件不清晰，请将原件平放重新扫描');
      for (const id of ids.slice(1)) await mark(page, id, 'pass');
      await page.getByTestId('prereview-fix-list').click();
      assert.match((await page.getByTestId('prereview-fix-items').textContent()) ?? '', /扫描件不清晰/, 'the fix list as the SMS will say it');
      await page.getByTestId('prereview-fix-send').click();
      await page.locator('[data-testid="prereview-detail"][data-status="fix_requested"]').waitFor();

      // the citizen: the fix list on top, only that material open; the scan replaced and sent again
      const p = citizenPage;
      await p.reload();
      await p.getByTestId('apply-fix-list').waitFor();
      assert.match((await p.getByTestId('apply-fix-item').first().textContent()) ?? '', /扫描件不清晰/);
      const first = p.getByTestId('apply-slot').first();
      await first.getByTestId('apply-file-remove').click();
      await waitForPage(p, `document.querySelectorAll('[data-testid="apply-slot"]')[0].querySelectorAll('[data-testid="apply-file"]').length === 0`);
      await first.getByTestId('apply-file-input').setInputFiles(files.second);
      await first.getByTestId('apply-file').first().waitFor();
      await p.getByTestId('apply-submit').click();
      await waitForPage(p, `document.querySelector('[data-testid="apply-status"]')?.textContent?.trim() === '已补正待预审'`);

      // the clerk: round 2 shows what changed; all pass; accepted online
      await page.reload();
      await page.locator('[data-testid="prereview-detail"][data-status="resubmitted"]').waitFor();
      await page.getByTestId(`slot-${ids[0]}-changed`).waitFor();
      for (const id of ids) await mark(page, id, 'pass');
      await page.getByTestId('prereview-pass').click();
      await confirmBox(page);
      await page.getByTestId('prereview-case-no').first().waitFor();
      j1.caseNo = (await page.getByTestId('prereview-case-no').first().textContent())!.trim();
      await page.waitForTimeout(1500);
      await screenshot(page, 'online-journey-2-accepted-online');
    } finally {
      await context.close();
    }
  });

  test('the citizen sees the case with its 电子受理回执 and finds it in 我的办件', async () => {
    const p = citizenPage;
    await p.reload();
    await p.getByTestId('apply-accepted').waitFor();
    assert.equal((await p.getByTestId('apply-case-no').first().textContent())?.trim(), j1.caseNo);
    const receipt = await p.request.get((await p.getByTestId('apply-receipt').first().getAttribute('href'))!);
    assert.equal(receipt.status(), 200);
    assert.equal(receipt.headers()['content-type'], 'application/pdf');
    assert.equal((await receipt.body()).subarray(0, 4).toString(), '%PDF');
    await settle(p);
    await screenshot(p, 'online-journey-3-receipt-390');
    await p.goto('/portal/me');
    await p.getByTestId(`me-case-${j1.caseNo}`).click();
    await p.waitForURL(/\/portal\/cases\/\d+$/);
    j1.caseId = Number(/(\d+)$/.exec(p.url())![1]);
    assert.equal((await p.getByTestId('progress-result-case-no').textContent())?.trim(), j1.caseNo);
    await p.getByTestId('progress-timeline').waitFor();
    const [scrollWidth, innerWidth] = (await p.evaluate('[document.scrollingElement.scrollWidth, innerWidth]')) as [number, number];
    assert.ok(scrollWidth <= innerWidth, `我的办件 case page fits the phone (${scrollWidth} > ${innerWidth})`);
    await settle(p);
    await screenshot(p, 'online-journey-4-my-case-390');
  });

  test("the department's approver sees the scans in the case detail", async () => {
    const detail = await clerkApi.get<{ departmentId: number }>(`/api/cases/${j1.caseId}`);
    const departments = await clerkApi.get<{ items: { id: number; code: string }[] }>('/api/departments');
    const code = departments.items.find((d) => d.id === detail.departmentId)!.code;
    const approver = APPROVER_OF[code];
    assert.ok(approver, `an approver of ${code}`);
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, approver);
      await page.goto(`/cases/${j1.caseId}`);
      await page.getByTestId('case-materials').waitFor();
      const files = page.locator('[data-testid^="material-"][data-testid$="-file"]');
      await files.first().waitFor();
      assert.ok((await files.allTextContents()).some((t) => t.includes('重新扫描.pdf')), 'the replaced scan is the one the case holds');
      const [scan] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname.startsWith(`/api/cases/${j1.caseId}/files/`)),
        files.first().click(),
      ]);
      assert.equal(scan.status(), 200);
      await page.getByTestId('case-file-pdf').waitFor();
      await page.waitForTimeout(1500); // Chromium's PDF viewer draws after the load
      await screenshot(page, 'online-journey-5-approver-scans');
    } finally {
      await context.close();
    }
  });

  test('网上预审 + 窗口一次办结: passed, booked from the application, checked in, opened from the ticket and accepted with the originals', async () => {
    // the applicant's side up to the pass, through the API (the phone journey above drove those screens)
    const api = (p: string, init: RequestInit = {}) => fetch(`${server.baseUrl}${p}`, init);
    const json = { 'content-type': 'application/json' };
    await api('/api/portal/auth/code', { method: 'POST', headers: json, body: JSON.stringify({ phone: BOOKER.phone }) });
    const login1 = await api('/api/portal/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ phone: BOOKER.phone, code: (await sentSmsCode(admin, BOOKER.phone)).code }) });
    const cookie = login1.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('yc_applicant='))!;
    const { csrfToken } = (await login1.json()) as { csrfToken: string };
    const send = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
      const r = await api(p, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : json) }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.text();
      assert.ok(r.ok, `${method} ${p}: ${r.status} ${text}`);
      return JSON.parse(text) as T;
    };
    await send('PUT', '/api/portal/me/real-name', { realName: BOOKER.name, idNumber: BOOKER.id17 + citizenIdCheckChar(BOOKER.id17) });
    type App = { id: number; no: string; status: string; slots: { materialId: number; materialName: string }[] };
    const item = await subItemFor('prereview');
    let app = await send<App>('POST', '/api/portal/applications', { clientKey: randomUUID(), subItemIds: [item.id], siteId });
    const pdf = (await pdfOf(1)).toString('base64');
    for (const s of app.slots) app = await send<App>('POST', `/api/portal/applications/${app.id}/materials/${s.materialId}/files`, { fileName: `${s.materialName}.pdf`, contentBase64: pdf });
    app = await send<App>('POST', `/api/portal/applications/${app.id}/submit`);
    for (const s of app.slots) await clerkApi.put(`/api/prereviews/${app.id}/marks/${s.materialId}`, { verdict: 'pass', note: '' });
    assert.equal((await clerkApi.post<App>(`/api/prereviews/${app.id}/pass`)).status, 'passed');

    // the applicant books from the application page on the phone: the booking carries the 申办流水号
    const booker = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const [name, ...rest] = cookie.split('=');
    await booker.addCookies([{ name: name!, value: rest.join('='), url: server.baseUrl }]);
    const p = await booker.newPage();
    p.setDefaultTimeout(20_000);
    let code = '';
    let day = '';
    try {
      await p.goto(`/portal/applications/${app.id}`);
      await p.getByTestId('apply-book').click();
      await p.waitForURL((u) => u.pathname === '/portal/appointments' && u.searchParams.get('applicationNo') === app.no);
      await p.getByTestId('appointment-category-citizen').click();
      const slot = p.locator('[data-testid="appointment-slots"] button:not([disabled])').first();
      await slot.waitFor();
      day = (await p.locator('[data-testid="appointment-days"] .chip.on').getAttribute('data-testid'))!.replace('appointment-day-', '');
      await slot.click();
      await p.getByTestId('appointment-name').fill(BOOKER.name);
      await p.getByTestId('appointment-id-no').fill(BOOKER.id17 + citizenIdCheckChar(BOOKER.id17));
      await p.getByTestId('appointment-phone').fill(BOOKER.phone);
      await p.getByTestId('appointment-submit').click();
      code = (await p.getByTestId('appointment-code').innerText()).trim();
      assert.match(code, /^\d{6}$/);
      await settle(p);
      await screenshot(p, 'online-journey-6-booked-390');
    } finally {
      await booker.close();
    }

    // the booked day comes; the applicant checks in at the kiosk with the code
    const days = Math.round((Date.parse(day) - Date.parse(serverChinaDate())) / (24 * HOUR));
    assert.ok(days >= 1, 'bookings start the next working day');
    await shifted.advance(days * 24 * HOUR);
    assert.equal(serverChinaDate(), day);
    clerkApi = await apiSession(server.baseUrl, 'clerk1'); // the day's sessions: yesterday's ended
    const kioskContext = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1080, height: 1920 }, locale: 'zh-CN' });
    const kiosk = await kioskContext.newPage();
    const ticket = { ticketNo: '', category: 'citizen' };
    try {
      await kiosk.goto(`/hall/kiosk?site=${siteId}`);
      await kiosk.getByTestId('kiosk-checkin').click();
      await kiosk.getByTestId('kiosk-code').fill(code);
      await kiosk.getByTestId('kiosk-checkin-take').click();
      const slip = kiosk.getByTestId('ticket-slip');
      await slip.waitFor();
      ticket.ticketNo = (await slip.getAttribute('data-ticket-no'))!;
      assert.match((await kiosk.getByTestId('ticket-priority').textContent()) ?? '', /预约/);
      await screenshot(kiosk, 'online-journey-6b-kiosk-ticket');
    } finally {
      await kioskContext.close();
    }

    // the clerk at a citizen window calls it, opens the application from the ticket and accepts it with the originals
    const windows = await clerkApi.get<{ items: { id: number; code: string; name: string; kind: string; categories: string[] }[] }>(`/api/public/windows?siteId=${siteId}`);
    const window = windows.items.find((w) => w.kind !== 'delivery' && w.categories.includes(ticket.category))!;
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'clerk2');
      await page.getByTestId('nav-queue-console').click();
      await page.getByTestId('console-window').waitFor();
      await chooseOption(page, 'console-window', window.name);
      await page.getByTestId('console-call-next').click();
      await page.locator('[data-testid="console-current"][data-status="called"]').waitFor();
      assert.equal((await page.getByTestId('console-ticket-no').innerText()).trim(), ticket.ticketNo, 'the booked applicant is called first');
      await page.getByTestId('console-serve').click();
      await page.locator('[data-testid="console-current"][data-status="serving"]').waitFor();
      // the console says the ticket carries an online application and leads to it rather than a new intake
      assert.match((await page.getByTestId('console-online-hint').textContent()) ?? '', new RegExp(app.no));
      await page.waitForTimeout(400);
      await screenshot(page, 'online-journey-7a-console-online');
      await page.getByTestId('console-open-online').click();
      await page.waitForURL(new RegExp(`/prereviews/${app.id}/accept`));
      await page.getByTestId('accept-check-all').click();
      await page.waitForTimeout(1500); // the scans' PDF frames keep the network busy: no networkidle here
      await screenshot(page, 'online-journey-7-window-originals');
      await page.getByTestId('accept-submit').click();
      await page.getByTestId('prereview-case-no').first().waitFor();
      const caseNo = (await page.getByTestId('prereview-case-no').first().textContent())!.trim();
      const found = await clerkApi.get<{ items: { id: number; caseNo: string }[] }>(`/api/cases?q=${encodeURIComponent(caseNo)}`);
      const c = await clerkApi.get<{ applicantName: string; channel: string; status: string; ticketNo?: string | null }>(`/api/cases/${found.items.find((x) => x.caseNo === caseNo)!.id}`);
      assert.equal(c.status, 'accepted');
      assert.equal(c.channel, 'online');
      assert.ok(c.applicantName.startsWith('王'), 'the applicant as the application named them, nothing retyped');
      await page.waitForTimeout(800);
      await screenshot(page, 'online-journey-8-window-accepted');
    } finally {
      await context.close();
    }
  });
});
