/**
 * 网上申办 on a phone (390×844; issue 16.3, 16.7, 16.8): an applicant signed in through the portal API (the cookie set
 * on the browser) with a completed real name starts 在线申办 from a 全程网办 sub-item's guide, uploads a PDF per
 * material, submits and sees the 申办流水号; clerk1 (API) asks for one fix → the page shows the fix list with only
 * that material editable, the scan is replaced and resubmitted; clerk1 passes → the page shows the case number and
 * the 电子受理回执 answers a PDF; 我的网上申办 lists it. A signed-out visitor of an application's link signs in on the
 * portal's sign-in page and comes back to it. No page scrolls sideways at 390 px.
 * Run: node --import tsx --test test/e2e/apply.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { citizenIdCheckChar } from '../../common/validators.js';
import { apiSession, sentSmsCode, type ApiSession } from '../helpers/e2e-api.js';
import { launchBrowser, screenshot, startServer, waitForPage, type E2eServer } from '../helpers/e2e-server.js';
import { pdfOf } from '../helpers/files.js';

const PHONE = '13900003161';
const REAL_NAME = '林网办';
const ID_NO = '44010319900307005';

let server: E2eServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let clerk: ApiSession;
let admin: ApiSession;
const state = { subItemId: 0, appId: 0, pdf: '', pdf2: '' };
/** the applicant's portal session for the API (cookie and CSRF token) */
const portal = { cookie: '', csrf: '' };
const shots: string[] = [];

const lastSmsId = async () =>
  Math.max(0, ...(await admin.get<{ items: { id: number }[] }>('/api/admin/sms?pageSize=1')).items.map((m) => m.id));
const loginCode = async (since: number) => (await sentSmsCode(admin, PHONE, since)).code;

/** The applicant's portal session through the API: code by SMS, login, real name. */
async function applicantCookie(): Promise<{ name: string; value: string }> {
  const api = (p: string, init: RequestInit = {}) => fetch(`${server.baseUrl}${p}`, init);
  const json = { 'content-type': 'application/json' };
  const since = await lastSmsId();
  const sent = await api('/api/portal/auth/code', { method: 'POST', headers: json, body: JSON.stringify({ phone: PHONE }) });
  assert.equal(sent.status, 200, await sent.text());
  const code = await loginCode(since);
  const login = await api('/api/portal/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ phone: PHONE, code }) });
  assert.equal(login.status, 200);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('yc_applicant='));
  assert.ok(cookie, 'a portal session cookie');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const realName = await api('/api/portal/me/real-name', {
    method: 'PUT', headers: { ...json, cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ realName: REAL_NAME, idNumber: ID_NO + citizenIdCheckChar(ID_NO) }),
  });
  assert.equal(realName.status, 200, await realName.text());
  Object.assign(portal, { cookie, csrf: csrfToken });
  const [name, ...rest] = cookie.split('=');
  return { name: name!, value: rest.join('=') };
}

/** A sub-item for citizens handled online in `mode`, with a guide (a checklist in force), offered at the district centre. */
async function onlineSubItem(mode: 'full' | 'prereview'): Promise<number> {
  for (const q of mode === 'full' ? ['变更', '补证', '延续', '注销', '补办'] : ['新办', '设立', '许可', '登记', '']) {
    const hits = (await (await fetch(`${server.baseUrl}/api/catalog/search?q=${encodeURIComponent(q)}&limit=50`)).json()) as { items: { subItemId: number; subjectType: string }[] };
    for (const h of hits.items.filter((i) => i.subjectType !== 'legal_person')) {
      const res = await fetch(`${server.baseUrl}/api/public/guide/${h.subItemId}`);
      if (res.status !== 200) continue;
      const g = (await res.json()) as { subItem: { onlineMode: string }; sites: { name: string }[]; lines: { required: boolean }[] };
      if (g.subItem.onlineMode === mode && g.lines.some((l) => l.required) && (!g.sites.length || g.sites.some((s) => s.name.includes('区政务服务中心')))) return h.subItemId;
    }
  }
  throw new Error(`no ${mode} sub-item for citizens in the demo catalog`);
}

async function phoneContext(): Promise<BrowserContext> {
  return browser.newContext({ baseURL: server.baseUrl, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
}

async function settle(p: Page = page) {
  await p.waitForLoadState('networkidle');
  await p.waitForTimeout(300);
}

/** No sideways scrolling at 390 px, and the page's main buttons are at least 40 px tall. */
async function assertPhoneFit(p: Page, what: string) {
  const { scroll, width } = (await p.evaluate('({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })')) as { scroll: number; width: number };
  assert.ok(scroll <= width, `${what}: scrolls sideways (${scroll} > ${width})`);
  const small = await p.evaluate(`[...document.querySelectorAll('[data-testid^="apply-"] button, button[data-testid^="apply-"], a[data-testid^="apply-"].el-button')]
    .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height < 40).map((e) => e.dataset.testid || e.textContent.trim())`);
  assert.deepEqual(small, [], `${what}: tap targets under 40 px`);
}

const slot = (i: number) => page.getByTestId('apply-slot').nth(i);

/** A call as the signed-in applicant (API). */
async function asApplicant<T>(method: string, p: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { cookie: portal.cookie, 'x-csrf-token': portal.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const res = await fetch(`${server.baseUrl}${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${p}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

before(async () => {
  // a second sign-in code to the same phone within the test (the page's sign-in) without the 60 s wait
  server = await startServer({ env: { SMS_CODE_RESEND_SECONDS: '1' } });
  browser = await launchBrowser();
  const dir = mkdtempSync(path.join(tmpdir(), 'apply-e2e-'));
  state.pdf = path.join(dir, '扫描件.pdf');
  state.pdf2 = path.join(dir, '重新扫描.pdf');
  writeFileSync(state.pdf, await pdfOf(1));
  writeFileSync(state.pdf2, await pdfOf(2));
  admin = await apiSession(server.baseUrl, 'admin');
  clerk = await apiSession(server.baseUrl, 'clerk1');
  state.subItemId = await onlineSubItem('full');
  context = await phoneContext();
  await context.addCookies([{ ...(await applicantCookie()), url: server.baseUrl }]);
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
});

after(async () => {
  console.log(`screenshots:\n${shots.join('\n')}`);
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('网上申办 on a phone', () => {
  test('from a 全程网办 guide: 在线申办 → a draft; a PDF per material; 提交预审 → the 申办流水号', async () => {
    await page.goto(`/portal/guide/${state.subItemId}`);
    await page.getByTestId('apply-start').waitFor();
    assert.equal((await page.getByTestId('apply-online-mode').textContent())?.trim(), '全程网办');
    await settle();
    await assertPhoneFit(page, 'guide');
    await page.getByTestId('apply-start-open').click();
    await page.getByTestId('apply-start-go').click();
    await page.waitForURL(/\/portal\/applications\/\d+$/);
    state.appId = Number(/(\d+)$/.exec(page.url())![1]);
    await page.getByTestId('apply-slot').first().waitFor();
    assert.equal((await page.getByTestId('apply-status').textContent())?.trim(), '草稿');
    const n = await page.getByTestId('apply-slot').count();
    assert.ok(n > 0);
    assert.ok(await page.getByTestId('apply-missing').count() > 0, 'the summary lists what is missing');
    for (let i = 0; i < n; i++) {
      await slot(i).getByTestId('apply-file-input').setInputFiles(state.pdf);
      await slot(i).getByTestId('apply-file').first().waitFor();
    }
    assert.equal(await page.getByTestId('apply-missing').count(), 0);
    await settle();
    await assertPhoneFit(page, 'draft');
    shots.push(await screenshot(page, 'apply-1-draft-390'));
    await page.getByTestId('apply-submit').click();
    await waitForPage(page, `/^WS\\d{12}$/.test(document.querySelector('[data-testid="apply-no"]')?.textContent?.trim() ?? '')`);
    assert.equal((await page.getByTestId('apply-status').textContent())?.trim(), '待预审');
    await page.getByTestId('apply-limit').waitFor();
  });

  test('one fix from the front desk: the fix list on top, only that material editable; replaced and resubmitted', async () => {
    const seen = await clerk.get<{ slots: { materialId: number; materialName: string }[] }>(`/api/prereviews/${state.appId}`);
    const [first, ...rest] = seen.slots;
    await clerk.put(`/api/prereviews/${state.appId}/marks/${first!.materialId}`, { verdict: 'fix', note: '扫描件不清晰，请重新扫描' });
    for (const s of rest) await clerk.put(`/api/prereviews/${state.appId}/marks/${s.materialId}`, { verdict: 'pass', note: '' });
    await clerk.post(`/api/prereviews/${state.appId}/fix-list`);

    await page.reload();
    await page.getByTestId('apply-fix-list').waitFor();
    assert.equal((await page.getByTestId('apply-status').textContent())?.trim(), '待补正');
    const items = await page.getByTestId('apply-fix-item').allTextContents();
    assert.deepEqual(items.map((s) => s.trim()), [`${first!.materialName}：扫描件不清晰，请重新扫描`]);
    const editable = await page.getByTestId('apply-slot').evaluateAll((els) => els.map((e) => e.getAttribute('data-editable')));
    assert.deepEqual(editable, seen.slots.map((_, i) => String(i === 0)), 'only the material to fix is editable');
    if (rest.length) assert.equal(await slot(1).getByTestId('apply-file-input').count(), 0, 'no upload on a passed material');
    await settle();
    await assertPhoneFit(page, 'fix list');
    shots.push(await screenshot(page, 'apply-2-fix-list-390'));

    await slot(0).getByTestId('apply-file-remove').click();
    await waitForPage(page, `document.querySelectorAll('[data-testid="apply-slot"]')[0].querySelectorAll('[data-testid="apply-file"]').length === 0`);
    await slot(0).getByTestId('apply-file-input').setInputFiles(state.pdf2);
    await slot(0).getByTestId('apply-file').first().waitFor();
    await page.getByTestId('apply-submit').click();
    await waitForPage(page, `document.querySelector('[data-testid="apply-status"]')?.textContent?.trim() === '已补正待预审'`);
  });

  test('passed (全程网办 → accepted online): the case number and the e-receipt PDF; 我的网上申办 lists it', async () => {
    const seen = await clerk.get<{ slots: { materialId: number }[] }>(`/api/prereviews/${state.appId}`);
    for (const s of seen.slots) await clerk.put(`/api/prereviews/${state.appId}/marks/${s.materialId}`, { verdict: 'pass', note: '' });
    const passed = await clerk.post<{ status: string; no: string; cases: { caseNo: string }[] }>(`/api/prereviews/${state.appId}/pass`);
    assert.equal(passed.status, 'accepted');

    await page.reload();
    await page.getByTestId('apply-accepted').waitFor();
    assert.equal((await page.getByTestId('apply-case-no').first().textContent())?.trim(), passed.cases[0]!.caseNo);
    assert.equal(await page.getByTestId('apply-submit').count(), 0);
    assert.equal(await page.getByTestId('apply-withdraw').count(), 0);
    const href = await page.getByTestId('apply-receipt').first().getAttribute('href');
    const receipt = await page.request.get(href!);
    assert.equal(receipt.status(), 200);
    assert.equal(receipt.headers()['content-type'], 'application/pdf');
    assert.equal((await receipt.body()).subarray(0, 4).toString(), '%PDF');
    await settle();
    await assertPhoneFit(page, 'accepted');
    shots.push(await screenshot(page, 'apply-3-accepted-390'));

    await page.goto('/portal/applications');
    await page.getByTestId('apply-row').first().waitFor();
    const row = page.getByTestId('apply-row').first();
    assert.match((await row.textContent()) ?? '', /WS\d{12}/);
    assert.equal((await row.getByTestId('apply-row-status').textContent())?.trim(), '已受理');
    await settle();
    await assertPhoneFit(page, '我的网上申办');
    shots.push(await screenshot(page, 'apply-4-mine-390'));
    await row.click();
    await page.waitForURL(new RegExp(`/portal/applications/${state.appId}$`));

    // the booking page a pre-reviewed application links to carries its number (sent as applicationNo with the booking)
    await page.goto(`/portal/appointments?applicationNo=${passed.no}`);
    assert.match((await page.getByTestId('appointment-application-no').textContent()) ?? '', new RegExp(passed.no));
  });

  test('网上预审 passed (not 全程网办): 预约到大厅 carries the 申办流水号 to the booking page', async () => {
    const subItemId = await onlineSubItem('prereview');
    // at the district centre (clerk1's), where onlineSubItem found it offered
    const sites = (await (await fetch(`${server.baseUrl}/api/public/sites`)).json()) as { items: { id: number; level: string; parentId: number | null }[] };
    const siteId = sites.items.find((x) => x.level === 'district' && x.parentId === null)!.id;
    type App = { id: number; no: string; slots: { materialId: number }[] };
    let app = await asApplicant<App>('POST', '/api/portal/applications', { clientKey: `e2e-prereview-${Date.now()}`, subItemIds: [subItemId], siteId });
    const b64 = (await pdfOf(1)).toString('base64');
    for (const s of app.slots) app = await asApplicant<App>('POST', `/api/portal/applications/${app.id}/materials/${s.materialId}/files`, { fileName: 'scan.pdf', contentBase64: b64 });
    app = await asApplicant<App>('POST', `/api/portal/applications/${app.id}/submit`);
    for (const s of app.slots) await clerk.put(`/api/prereviews/${app.id}/marks/${s.materialId}`, { verdict: 'pass', note: '' });
    assert.equal((await clerk.post<{ status: string }>(`/api/prereviews/${app.id}/pass`)).status, 'passed');

    await page.goto(`/portal/applications/${app.id}`);
    await page.getByTestId('apply-passed').waitFor();
    assert.equal((await page.getByTestId('apply-status').textContent())?.trim(), '预审通过');
    await settle();
    await assertPhoneFit(page, 'passed');
    await page.getByTestId('apply-book').click();
    await page.waitForURL((u) => u.pathname === '/portal/appointments' && u.searchParams.get('applicationNo') === app.no);
    assert.match((await page.getByTestId('appointment-application-no').textContent()) ?? '', new RegExp(app.no));
  });

  test('the link an SMS carries, opened signed out: the portal sign-in, then back on the application', async () => {
    const other = await phoneContext();
    const p = await other.newPage();
    p.setDefaultTimeout(20_000);
    await p.goto(`/portal/applications/${state.appId}`);
    await p.waitForURL((u) => u.pathname === '/portal/sign-in');
    assert.equal(new URL(p.url()).searchParams.get('redirect'), `/portal/applications/${state.appId}`);
    await p.getByTestId('sign-in-phone').fill(PHONE);
    const since = await lastSmsId();
    await p.getByTestId('sign-in-get-code').click();
    await p.getByTestId('sign-in-code').fill(await loginCode(since));
    await p.getByTestId('sign-in-submit').click();
    await p.waitForURL(new RegExp(`/portal/applications/${state.appId}$`));
    await p.getByTestId('apply-accepted').waitFor();
    await other.close();
  });
});
