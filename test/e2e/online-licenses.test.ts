/**
 * 电子证照 in 网上申办 in the browser (issue 17.4): a company's representative (portal API: SMS sign-in, real name, the
 * company registered; its 营业执照 imported into the library by catalog1) opens an application for 有限责任公司注销登记
 * on a phone; the 营业执照 slot offers 「使用电子证照（免提交）」, one tap takes the company's only usable license (the
 * revoked one shown, not choosable) and nothing is uploaded there; 提交预审 on the page. The clerk's pre-review shows
 * the slot as 电子证照 with the license number, and the pass accepts it online with the license as the case's material.
 * Run: node --import tsx --test test/e2e/online-licenses.test.ts
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { citizenIdCheckChar, usccCheckChar } from '../../common/validators.js';
import { apiSession, sentSmsCode, type ApiSession } from '../helpers/e2e-api.js';
import { launchBrowser, login, newPage, screenshot, startServer, type E2eServer } from '../helpers/e2e-server.js';
import { pdfOf } from '../helpers/files.js';

const PHONE = '13900003171';
const REAL_NAME = '周证照';
const ID17 = '44010319800101317';
const USCC17 = '91440103MA5LXE2E1';
const USCC = USCC17 + usccCheckChar(USCC17);
const COMPANY = '示范区电子证照网办测试有限公司';

let server: E2eServer;
let browser: Browser;
let admin: ApiSession;
let clerk: ApiSession;

interface Offered { id: number; licenseNo: string; usable: boolean }
interface Slot { materialId: number; materialName: string; mode: string; licenseType: string | null; licenseId: number | null; licenses: Offered[] }
interface Application { id: number; no: string | null; status: string; slots: Slot[]; cases: { id: number; caseNo: string }[] }

/** The representative on the portal's API (cookie and CSRF token), real name verified. */
async function representative() {
  const url = (p: string) => `${server.baseUrl}${p}`;
  const json = { 'content-type': 'application/json' };
  assert.equal((await fetch(url('/api/portal/auth/code'), { method: 'POST', headers: json, body: JSON.stringify({ phone: PHONE }) })).status, 200);
  const res = await fetch(url('/api/portal/auth/login'), { method: 'POST', headers: json, body: JSON.stringify({ phone: PHONE, code: (await sentSmsCode(admin, PHONE)).code }) });
  assert.equal(res.status, 200, await res.clone().text());
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('yc_applicant='))!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const send = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const r = await fetch(url(p), { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : json) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    assert.ok(r.ok, `${method} ${p}: ${r.status} ${text}`);
    return JSON.parse(text) as T;
  };
  await send('PUT', '/api/portal/me/real-name', { realName: REAL_NAME, idNumber: ID17 + citizenIdCheckChar(ID17) });
  const entity = await send<{ id: number }>('POST', '/api/portal/entities', { uscc: USCC, name: COMPANY, legalRepName: REAL_NAME });
  const [name, ...rest] = cookie.split('=');
  return { send, entityId: entity.id, cookie: { name: name!, value: rest.join('='), url: server.baseUrl } };
}

describe('电子证照 in 网上申办', () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await apiSession(server.baseUrl, 'admin');
    clerk = await apiSession(server.baseUrl, 'clerk1');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the applicant takes the company\'s 营业执照 with one tap (no upload); the pre-review shows its number; accepted with the license', async () => {
    const catalog = await apiSession(server.baseUrl, 'catalog1');
    const supervisor = await apiSession(server.baseUrl, 'supervisor1');
    // the company's mobile on record is the representative's own (what an account not verified by the identity service needs)
    const csv = ['证照类型名称,证照编号,持证主体名称,持证主体代码,颁证日期,颁证单位,联系电话',
      `营业执照,YZ-E2E-0001,${COMPANY},${USCC},2021-06-01,示范区市场监督管理局,${PHONE}`,
      `营业执照,YZ-E2E-0002,${COMPANY},${USCC},2021-06-02,示范区市场监督管理局,${PHONE}`].join('\n');
    assert.equal((await catalog.post<{ imported: number }>('/api/licenses/import', { csv })).imported, 2);
    const revoked = (await supervisor.get<{ items: { id: number }[] }>('/api/licenses?no=YZ-E2E-0002')).items[0]!.id;
    await supervisor.post(`/api/licenses/${revoked}/revoke`, { reason: '依法撤销' });

    const rep = await representative();
    const sites = await clerk.get<{ id: number; code: string }[] | { items: { id: number; code: string }[] }>('/api/public/sites');
    const siteId = (Array.isArray(sites) ? sites : sites.items).find((s) => s.code === 'QZX')!.id;
    const found = await clerk.get<{ items: { subItemId: number; name: string }[] }>(`/api/catalog/search?q=${encodeURIComponent('有限责任公司注销登记')}&limit=20`);
    const subItemId = found.items.find((i) => i.name === '有限责任公司注销登记')!.subItemId;
    let app = await rep.send<Application>('POST', '/api/portal/applications', { clientKey: randomUUID(), subItemIds: [subItemId], siteId, entityId: rep.entityId });
    const yz = app.slots.find((s) => s.licenseType === '营业执照')!;
    assert.ok(yz, 'a 营业执照 slot');
    for (const s of app.slots.filter((x) => x.materialId !== yz.materialId)) {
      app = await rep.send<Application>('POST', `/api/portal/applications/${app.id}/materials/${s.materialId}/files`, { fileName: `${s.materialName}.pdf`, contentBase64: (await pdfOf(1)).toString('base64') });
    }

    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    try {
      await context.addCookies([rep.cookie]);
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(`/portal/applications/${app.id}`);
      const slot = page.locator(`[data-testid="apply-slot"][data-material="${yz.materialName}"]`);
      await slot.waitFor();
      const mode = slot.getByTestId('apply-mode-license');
      assert.equal((await mode.textContent())?.trim(), '使用电子证照（免提交）');
      await mode.click();
      await slot.locator('[data-testid="apply-license-YZ-E2E-0001"][aria-checked="true"]').waitFor();
      assert.equal(await slot.getByTestId('apply-license-YZ-E2E-0002').isDisabled(), true, 'a revoked license is shown, not choosable');
      assert.match((await slot.getByTestId('apply-license-YZ-E2E-0002').textContent()) ?? '', /已注销/);
      assert.equal(await slot.getByTestId('apply-choose').count(), 0, 'nothing to upload');
      await page.getByTestId('apply-summary').scrollIntoViewIfNeeded();
      await slot.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await screenshot(page, 'online-license-1-slot');
      await page.getByTestId('apply-submit').click();
      await page.getByTestId('apply-no').waitFor();
    } finally {
      await context.close();
    }
    const sent = await rep.send<Application>('GET', `/api/portal/applications/${app.id}`);
    assert.equal(sent.status, 'submitted');
    assert.deepEqual([sent.slots.find((s) => s.materialId === yz.materialId)!.mode], ['license']);

    const { context: staff, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'clerk1');
      await page.goto(`/prereviews/${app.id}`);
      await page.locator('[data-testid="prereview-detail"][data-status="submitted"]').waitFor();
      const fact = page.getByTestId(`slot-${yz.materialId}`).getByTestId('slot-license');
      assert.equal(await fact.getAttribute('data-license-no'), 'YZ-E2E-0001');
      assert.match((await fact.textContent()) ?? '', /营业执照 YZ-E2E-0001/);
      assert.equal(await page.getByTestId(`slot-${yz.materialId}`).getByTestId('scan-frame').count(), 0, 'no scan to read');
      await fact.evaluate((e) => e.scrollIntoView({ block: 'center' }));
      await page.waitForTimeout(400);
      await screenshot(page, 'online-license-2-prereview');
    } finally {
      await staff.close();
    }
    for (const s of app.slots) await clerk.put(`/api/prereviews/${app.id}/marks/${s.materialId}`, { verdict: 'pass', note: '' });
    const passed = await clerk.post<Application>(`/api/prereviews/${app.id}/pass`);
    assert.equal(passed.status, 'accepted');
    const theCase = await clerk.get<{ materials: { materialId: number; status: string }[] }>(`/api/cases/${passed.cases[0]!.id}`);
    assert.equal(theCase.materials.find((m) => m.materialId === yz.materialId)?.status, 'license');
  });
});
