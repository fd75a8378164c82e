/**
 * Browser journeys of 网上预审 and the window acceptance of online applications (issue 16.4–16.5): applicants apply
 * through the portal's API (SMS sign-in, real name, a PDF per material, submit); the intake clerk opens the pre-review
 * queue, sees the row with its light, reads a scan in the page's viewer, marks one material 需补正 and the rest 通过,
 * and sends the one fix list; after the applicant replaces that scan the next round shows 「本轮已修改」, and the pass
 * of a 全程网办 application accepts it online into a case. A pre-review-only application passes in the browser and is
 * then opened at the intake window by its 申办流水号 and accepted with the originals checked.
 * Run: node --import tsx --test test/e2e/prereview.test.ts
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { citizenIdCheckChar } from '../../common/validators.js';
import { launchBrowser, login, newPage, screenshot, startServer, type E2eServer } from '../helpers/e2e-server.js';
import { apiSession, sentSmsCode, type ApiSession } from '../helpers/e2e-api.js';
import { pdfOf } from '../helpers/files.js';
import { onlineSubItem } from '../helpers/e2e-online.js';

let server: E2eServer;
let browser: Browser;
let admin: ApiSession;
let clerk: ApiSession;

interface Slot { materialId: number; materialName: string; files: { id: number; removedRound: number | null }[] }
interface Application { id: number; no: string; status: string; round: number; slots: Slot[] }

/** An applicant on the portal's API: the yc_applicant cookie and the session's CSRF token. */
interface Portal { send<T>(method: string, path: string, body?: unknown): Promise<T> }

const b64 = (b: Buffer) => b.toString('base64');

/** A citizen signed in on the portal by SMS code, with a verified real name. */
async function citizen(phone: string, realName: string, id17: string): Promise<Portal> {
  const url = (path: string) => `${server.baseUrl}${path}`;
  const json = { 'content-type': 'application/json' };
  const sent = await fetch(url('/api/portal/auth/code'), { method: 'POST', headers: json, body: JSON.stringify({ phone }) });
  assert.equal(sent.status, 200, await sent.text());
  const res = await fetch(url('/api/portal/auth/login'), { method: 'POST', headers: json, body: JSON.stringify({ phone, code: (await sentSmsCode(admin, phone)).code }) });
  assert.equal(res.status, 200, await res.clone().text());
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('yc_applicant='))!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const portal: Portal = {
    async send<T>(method: string, path: string, body?: unknown) {
      const r = await fetch(url(path), { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : json) }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.text();
      assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
      return JSON.parse(text) as T;
    },
  };
  await portal.send('PUT', '/api/portal/me/real-name', { realName, idNumber: id17 + citizenIdCheckChar(id17) });
  return portal;
}

/** A sub-item for citizens at the district centre (QZX) with a published checklist, handled online in `mode`. */
const subItemFor = (mode: 'full' | 'prereview', siteId: number) => onlineSubItem(clerk, siteId, mode);

/** Starts an application at QZX with a one-page PDF in every material and submits it. */
async function submitted(portal: Portal, subItemId: number, siteId: number): Promise<Application> {
  let app = await portal.send<Application>('POST', '/api/portal/applications', { clientKey: randomUUID(), subItemIds: [subItemId], siteId });
  for (const slot of app.slots) {
    app = await portal.send<Application>('POST', `/api/portal/applications/${app.id}/materials/${slot.materialId}/files`, { fileName: `${slot.materialName}.pdf`, contentBase64: b64(await pdfOf(1)) });
  }
  return portal.send<Application>('POST', `/api/portal/applications/${app.id}/submit`);
}

/** Before a screenshot: the list has loaded and Element Plus' transitions are over. */
async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
}

/**
 * Before a screenshot of a page with scans in frames: the browser's PDF viewer may keep the network busy (networkidle
 * is not a signal there), so give it time to draw.
 */
const drawn = (page: Page) => page.waitForTimeout(1500);

/** Marks a material in the open round: 通过, or 需补正 with the note. */
async function mark(page: Page, materialId: number, verdict: 'pass' | 'fix', note = '') {
  const id = `slot-${materialId}-verdict`;
  await page.getByTestId(`${id}-${verdict}`).click();
  if (verdict === 'fix') {
    await page.getByTestId(`${id}-note`).fill(note);
    await page.getByTestId(`${id}-save`).click();
  }
  await page.locator(`[data-testid="${id}"][data-verdict="${verdict}"]`).waitFor();
}

/** Answers the confirmation box (ElMessageBox) with its confirm button. */
async function confirmBox(page: Page) {
  await page.locator('.el-message-box__btns .el-button--primary').click();
}

/** From the queue (待预审) to an application's pre-review. */
async function openFromQueue(page: Page, app: Application) {
  await page.getByTestId('nav-prereviews').click();
  const row = page.getByTestId(`prereview-row-${app.id}`);
  await row.waitFor();
  await row.click();
  await page.locator(`[data-testid="prereview-detail"][data-status="${app.status}"]`).waitFor();
}

describe('网上预审 and window acceptance of online applications', () => {
  let siteId: number;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await apiSession(server.baseUrl, 'admin');
    clerk = await apiSession(server.baseUrl, 'clerk1');
    const sites = await clerk.get<{ id: number; code: string }[] | { items: { id: number; code: string }[] }>('/api/public/sites');
    siteId = (Array.isArray(sites) ? sites : sites.items).find((s) => s.code === 'QZX')!.id;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('全程网办: queue with its light, a scan in the viewer, one fix list, 本轮已修改, pass and accept online', async () => {
    const item = await subItemFor('full', siteId);
    const portal = await citizen('13900003101', '林网办', '44010319900307011');
    const app = await submitted(portal, item.id, siteId);
    assert.equal(app.status, 'submitted');
    const [first, ...rest] = app.slots;
    assert.ok(first);

    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'clerk1');
      await page.getByTestId('nav-prereviews').click();
      const light = page.getByTestId(`prereview-light-${app.id}`);
      await light.waitFor();
      assert.ok(['green', 'yellow'].includes((await light.getAttribute('data-light')) ?? ''), 'the row shows its light');
      assert.equal(await page.getByTestId(`prereview-row-${app.id}`).getAttribute('data-no'), app.no);
      await settle(page);
      await screenshot(page, 'prereview-1-queue');

      const scan = page.waitForResponse((r) => r.url().includes(`/api/prereviews/${app.id}/files/${first.files[0]!.id}`) && r.status() === 200);
      await page.getByTestId(`prereview-row-${app.id}`).click();
      await page.locator('[data-testid="prereview-detail"][data-status="submitted"]').waitFor();
      await scan;
      assert.equal(await page.getByTestId(`slot-${first.materialId}`).getByTestId('scan-frame').count(), 1, 'the PDF in the page\'s viewer');
      await drawn(page);
      await screenshot(page, 'prereview-2-detail-scan');

      const note = '扫描件不清晰，请重新扫描';
      await mark(page, first.materialId, 'fix', note);
      for (const s of rest) await mark(page, s.materialId, 'pass');
      await page.getByTestId('prereview-fix-list').click();
      const items = page.getByTestId('prereview-fix-items');
      await items.waitFor();
      assert.equal((await items.locator('li').allTextContents()).join('|'), `1.${first.materialName}：${note}`, 'the fix list as the SMS will read');
      await page.waitForTimeout(400);
      await screenshot(page, 'prereview-2b-fix-list');
      await page.getByTestId('prereview-fix-send').click();
      await page.locator('[data-testid="prereview-detail"][data-status="fix_requested"]').waitFor();
      await page.getByTestId('prereview-notice').waitFor();

      // the applicant replaces that scan and resubmits
      const old = first.files[0]!.id;
      await portal.send('DELETE', `/api/portal/applications/${app.id}/materials/${first.materialId}/files/${old}`);
      await portal.send('POST', `/api/portal/applications/${app.id}/materials/${first.materialId}/files`, { fileName: '重新扫描.pdf', contentBase64: b64(await pdfOf(2)) });
      const again = await portal.send<Application>('POST', `/api/portal/applications/${app.id}/submit`);
      assert.equal(again.status, 'resubmitted');

      await page.reload();
      await page.locator('[data-testid="prereview-detail"][data-status="resubmitted"][data-round="2"]').waitFor();
      await page.getByTestId(`slot-${first.materialId}-changed`).waitFor();
      assert.match((await page.getByTestId(`slot-${first.materialId}-previous`).textContent()) ?? '', new RegExp(note));
      assert.equal(await page.locator(`[data-testid="scan-file-${old}"][data-removed="true"]`).count(), 1, 'the replaced scan struck through');
      for (const s of rest) assert.equal(await page.getByTestId(`slot-${s.materialId}-changed`).count(), 0, 'unchanged materials are not flagged');
      await page.getByTestId(`slot-${first.materialId}`).scrollIntoViewIfNeeded();
      await drawn(page);
      await screenshot(page, 'prereview-3-round2');

      for (const s of app.slots) await mark(page, s.materialId, 'pass');
      const pass = page.getByTestId('prereview-pass');
      assert.equal((await pass.textContent())?.trim(), '预审通过并网上受理');
      await pass.click();
      await confirmBox(page);
      const caseNo = page.getByTestId('prereview-case-no');
      await caseNo.waitFor();
      const caseId = Number(await page.getByTestId('prereview-case').getAttribute('data-case-id'));
      const theCase = await clerk.get<{ caseNo: string; channel: string; status: string }>(`/api/cases/${caseId}`);
      assert.equal((await caseNo.textContent())?.trim(), theCase.caseNo);
      assert.equal(theCase.channel, 'online');
      assert.equal(await page.getByTestId('prereview-receipt-pdf').getAttribute('href'), `/api/cases/${caseId}/receipt.pdf`);
      await drawn(page);
      await screenshot(page, 'prereview-4-accepted-online');
    } finally {
      await context.close();
    }
  });

  test('预审后窗口一次办结: passed in the browser, opened at the intake window by its number, accepted with the originals checked', async () => {
    const item = await subItemFor('prereview', siteId);
    const portal = await citizen('13900003102', '王一次', '44010319900307012');
    const app = await submitted(portal, item.id, siteId);

    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'clerk1');
      await openFromQueue(page, app);
      for (const s of app.slots) await mark(page, s.materialId, 'pass');
      const pass = page.getByTestId('prereview-pass');
      assert.equal((await pass.textContent())?.trim(), '预审通过');
      await pass.click();
      await confirmBox(page);
      await page.locator('[data-testid="prereview-detail"][data-status="passed"]').waitFor();
      await page.getByTestId('prereview-to-window').waitFor();

      // at the window: 调取网上申办 by the 申办流水号 the applicant shows
      await page.getByTestId('nav-case-intake').click();
      await page.getByTestId('applicant-form').waitFor();
      await page.getByTestId('retrieve-online').click();
      await page.getByTestId('retrieve-online-no').fill(app.no.toLowerCase());
      await page.getByTestId('retrieve-online-go').click();
      await page.waitForURL(`**/prereviews/${app.id}/accept`);
      await page.locator('[data-testid="accept-view"][data-status="passed"]').waitFor();
      assert.equal(await page.getByTestId('accept-submit').isDisabled(), true, 'not before the originals are checked');
      for (const s of app.slots) await page.getByTestId(`accept-slot-${s.materialId}-checked`).click();
      await page.getByTestId('prereview-facts').scrollIntoViewIfNeeded();
      await drawn(page);
      await screenshot(page, 'prereview-5-window-accept');

      await page.getByTestId('accept-submit').click();
      const caseNo = page.getByTestId('prereview-case-no');
      await caseNo.waitFor();
      const caseId = Number(await page.getByTestId('prereview-case').getAttribute('data-case-id'));
      const theCase = await clerk.get<{ caseNo: string; status: string; materials: { status: string; form: string | null }[] }>(`/api/cases/${caseId}`);
      assert.equal((await caseNo.textContent())?.trim(), theCase.caseNo);
      assert.ok(theCase.materials.every((m) => m.status !== 'received' || m.form !== 'electronic'), 'received in the form the clerk checked the original in');
      await page.locator('[data-testid="accept-view"][data-status="accepted"]').waitFor();
      await drawn(page);
      await screenshot(page, 'prereview-6-window-accepted');
    } finally {
      await context.close();
    }
  });
});
