/**
 * 好差评 in the browser: clerk1 serves an applicant at window 6 (through the API), the window's
 * tablet (评价器) prompts 「请对本次服务进行评价」 and takes a 差评 with reasons; guide1 finds it as a
 * 整改工单 (without the rater), verifies and rectifies; supervisor1 sees the rater masked and closes
 * it with the revisit. Another visit is rated from the SMS link on a phone, a third on the progress
 * page; clerk1 reads their own ratings (no rater anywhere); the supervisor reads the monthly report.
 * Run: node --import tsx --test test/e2e/ratings.test.ts
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { IntakeForm } from '../../server/modules/cases/cases.schemas.js';
import { orgCodeCheckChar, usccCheckChar } from '../../common/validators.js';
import { launchBrowser, login, logout, newPage, screenshot, startServer, type E2eServer } from '../helpers/e2e-server.js';
import { apiSession as openApiSession } from '../helpers/e2e-api.js';

const SUB_ITEM = '食品经营许可（新办）';
const AGENT = { name: '欧阳志远', idNo: '11010519491231002X', phone: '13800138066' };

function uscc(seed: number): string {
  const body = `MA${String(seed).padStart(6, '0')}`;
  const first17 = `91440101${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}

let server: E2eServer;
let browser: Browser;
let page: Page;
let context: BrowserContext;
const state = { windowId: 0, subItemId: 0, rectId: 0 };

/** A logged-in API session of the running server (test/helpers/e2e-api.ts). */
const apiSession = (username: string) => openApiSession(server.baseUrl, username);
type Api = Awaited<ReturnType<typeof apiSession>>;

/** clerk1 accepts a 食品经营许可 application at window 6; returns the case. */
async function serve(clerk: Api, seed: number): Promise<{ caseNo: string; phone: string }> {
  const form = await clerk.get<IntakeForm>(`/api/cases/intake-form?subItemIds=${state.subItemId}`);
  const materials = form.materials.map((m) => {
    const line = form.subItems.flatMap((s) => s.lines).find((l) => l.materialId === m.materialId)!;
    return { materialId: m.materialId, status: 'received', form: line.form, copies: line.copies };
  });
  const phone = `139123${String(seed).padStart(5, '0')}`;
  const res = await clerk.post<{ cases: { caseNo: string }[] }>('/api/cases', {
    clientKey: randomUUID(), channel: 'window', applicantType: 'entity', windowId: state.windowId,
    applicant: { name: `示范区评价测试餐饮${seed}号店`, idNo: uscc(seed), phone }, agent: AGENT,
    subItemIds: [state.subItemId], materials, outcome: 'accept',
  });
  return { caseNo: res.cases[0]!.caseNo, phone };
}

async function settle(p: Page = page) {
  await p.waitForLoadState('networkidle');
  await p.waitForTimeout(300);
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser, server.baseUrl));
  const windows = (await (await fetch(`${server.baseUrl}/api/public/windows`)).json()) as { items: { id: number; code: string; siteName: string }[] };
  state.windowId = windows.items.find((w) => w.code === 'A06' && w.siteName === '示范区政务服务中心')!.id;
  const hits = (await (await fetch(`${server.baseUrl}/api/catalog/search?q=${encodeURIComponent('食品经营许可')}&limit=20`)).json()) as { items: { name: string; subItemId: number }[] };
  state.subItemId = hits.items.find((h) => h.name === SUB_ITEM)!.subItemId;
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('好差评: the window device, the rectification of a 差评, the SMS link, the progress page, the reports', () => {
  test('the window tablet prompts after clerk1 serves, and takes a 差评 with reasons', async () => {
    const tablet = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const device = await tablet.newPage();
    device.setDefaultTimeout(15_000);
    // staff set the tablet up from 公共服务 → 窗口评价器
    await device.goto('/hall/rate');
    await device.getByTestId('device-pick-A06').waitFor();
    await settle(device);
    await screenshot(device, 'ratings-0-device-pick');
    await device.getByTestId('device-pick-A06').click();
    await device.waitForURL(`**/hall/rate/${state.windowId}`);
    await device.getByTestId('device-idle').waitFor();
    await device.getByTestId('device-window').filter({ hasText: '6号窗口' }).waitFor(); // the first answer of the server names the window
    await settle(device);
    await screenshot(device, 'ratings-1-device-idle');

    await serve(await apiSession('clerk1'), 601);
    await device.getByTestId('device-prompt').waitFor({ timeout: 10_000 }); // the tablet asks every 3 s
    assert.equal((await device.getByTestId('device-prompt-title').innerText()).trim(), '请对本次服务进行评价');
    assert.match(await device.getByTestId('device-subject').innerText(), /食品经营许可/);
    await settle(device);
    await screenshot(device, 'ratings-2-device-prompt');

    await device.getByTestId('rate-level-4').click();
    await device.getByTestId('rate-reasons').waitFor();
    await device.getByTestId('rate-submit').click();
    await device.getByTestId('rate-error').waitFor(); // a 差评 needs a reason or a comment
    await device.getByTestId('rate-reason-waiting').click();
    await device.getByTestId('rate-reason-unclear_notice').click();
    await device.getByTestId('rate-comment').fill('等候一个多小时，窗口说明材料要求不清楚');
    await screenshot(device, 'ratings-3-device-bad');
    await device.getByTestId('rate-submit').click();
    await device.getByTestId('device-thanks').waitFor();
    await screenshot(device, 'ratings-4-device-thanks');
    await device.getByTestId('device-idle').waitFor({ timeout: 15_000 }); // back to idle, nothing left to rate
    await tablet.close();
  });

  test('guide1 finds the 整改工单 without the rater, verifies and rectifies', async () => {
    await login(page, 'guide1');
    await page.getByTestId('nav-rectifications').click();
    await page.getByTestId('rect-table').waitFor();
    const link = page.locator('[data-testid^="rect-row-"]').first();
    await link.waitFor();
    state.rectId = Number((await link.getAttribute('data-testid'))!.replace('rect-row-', ''));
    assert.equal((await page.getByTestId(`rect-status-${state.rectId}`).innerText()).trim(), '待核实');
    await page.getByTestId('rect-light-green').filter({ hasText: /1$/ }).waitFor(); // the light counts come in after the list
    await settle();
    await screenshot(page, 'ratings-5-guide-list');

    await link.click();
    await page.getByTestId('rect-bar').waitFor();
    assert.match(await page.getByTestId('rect-reasons').innerText(), /等候时间长.*告知不清楚/);
    await page.getByTestId('rect-rater-hidden').waitFor();
    const body = await page.locator('body').innerText();
    assert.ok(!body.includes(AGENT.name) && !body.includes('欧*远') && !body.includes('8066'), 'the guide never sees the rater');

    await page.getByTestId('rect-action-verify').click();
    await page.getByTestId('rect-note').fill('调阅窗口录像：当日 10 时至 11 时经营类等候超过 1 小时，窗口对材料要求解释不充分，情况属实。');
    await page.getByTestId('rect-submit').click();
    await page.getByTestId('rect-dialog').waitFor({ state: 'hidden' });
    assert.equal((await page.getByTestId('rect-detail-status').innerText()).trim(), '整改中');

    await page.getByTestId('rect-action-rectify').click();
    await page.getByTestId('rect-measures').fill('高峰时段增开 1 个经营类窗口；窗口人员按受理清单一次性告知材料要求。');
    await page.getByTestId('rect-reply').fill('您反映的等候时间长、告知不清问题属实，中心已在高峰时段增开窗口并加强一次性告知，感谢您的监督。');
    await page.getByTestId('rect-submit').click();
    await page.getByTestId('rect-dialog').waitFor({ state: 'hidden' });
    assert.equal((await page.getByTestId('rect-detail-status').innerText()).trim(), '已答复待回访');
    await page.getByTestId('rect-no-actions').waitFor();
    await settle();
    await screenshot(page, 'ratings-6-guide-replied');
    await logout(page);
  });

  test('supervisor1 sees the rater masked, reveals the contact for the revisit and closes the task', async () => {
    await login(page, 'supervisor1');
    await page.goto(`/ratings/rectifications/${state.rectId}`);
    await page.getByTestId('rect-bar').waitFor();
    assert.equal((await page.getByTestId('rect-rater').innerText()).trim(), '欧**远 138****8066');
    await page.getByTestId('rect-reveal').click();
    await page.getByTestId('rect-rater').filter({ hasText: AGENT.phone }).waitFor();
    await page.getByTestId('rect-action-revisit').click();
    await page.getByTestId('rect-satisfied-yes').click();
    await page.getByTestId('rect-note').fill('电话回访：申请人对增开窗口和一次性告知的整改表示满意。');
    await page.getByTestId('rect-submit').click();
    await page.getByTestId('rect-dialog').waitFor({ state: 'hidden' });
    assert.equal((await page.getByTestId('rect-detail-status').innerText()).trim(), '已办结');
    assert.equal(await page.getByTestId('rect-events').locator('.el-timeline-item').count(), 4);
    await settle();
    await screenshot(page, 'ratings-7-supervisor-closed');
    await logout(page);
  });

  test('the applicant rates another visit from the SMS link on a phone, and a third on the progress page', async () => {
    const clerk = await apiSession('clerk1');
    const second = await serve(clerk, 602);
    const third = await serve(clerk, 603);
    const [invitation] = ((await (await fetch(`${server.baseUrl}/api/public/progress/${second.caseNo}?phone4=${second.phone.slice(-4)}`)).json()) as { ratings: { token: string }[] }).ratings;
    const link = `/rate/${invitation!.token}`;
    // the worker delivers the invitation SMS after commit: the administrator's outbox shows it with the link
    const admin = await apiSession('admin');
    let sms: { phone: string; template: string; body: string } | undefined;
    for (let i = 0; i < 40 && !sms; i++) {
      sms = (await admin.get<{ items: { phone: string; template: string; body: string }[] }>('/api/admin/sms?pageSize=50')).items.find((m) => m.body.includes(link));
      if (!sms) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(sms, 'an invitation SMS with the link');
    assert.equal(sms.template, 'rating.invite');
    assert.equal(sms.phone, '138****8066', 'sent to the agent who came to the window (masked in the outbox view)');
    assert.ok(!sms.body.includes(AGENT.idNo) && !sms.body.includes(second.caseNo), sms.body);

    const phoneCtx = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
    const phone = await phoneCtx.newPage();
    await phone.goto(link);
    await phone.getByTestId('rating-form').waitFor();
    await phone.getByTestId('rate-level-1').click();
    await phone.getByTestId('rate-comment').fill('一次就办好了，窗口很耐心');
    const [scrollWidth, innerWidth] = (await phone.evaluate('[document.scrollingElement.scrollWidth, innerWidth]')) as [number, number];
    assert.ok(scrollWidth <= innerWidth, `the rating page is ${scrollWidth}px wide on a ${innerWidth}px phone`);
    await screenshot(phone, 'ratings-8-sms-page');
    await phone.getByTestId('rate-submit').click();
    await phone.getByTestId('rate-link-done').waitFor();
    assert.match(await phone.getByTestId('rate-link-done').innerText(), /感谢您的评价/);
    await phone.reload();
    await phone.getByTestId('rate-link-done').waitFor();
    assert.match(await phone.getByTestId('rate-link-done').innerText(), /已评价/, 'one rating per service');
    await phoneCtx.close();

    const progress = await browser.newPage({ baseURL: server.baseUrl });
    await progress.goto(`/progress?caseNo=${encodeURIComponent(third.caseNo)}`);
    await progress.getByTestId('progress-phone4').fill(third.phone.slice(-4));
    await progress.getByTestId('progress-submit').click();
    await progress.getByTestId('progress-ratings').waitFor();
    const widget = progress.getByTestId('progress-rating-acceptance');
    await widget.getByTestId('rate-level-2').click();
    await widget.getByTestId('rate-submit').click();
    await widget.getByTestId('progress-rating-done').waitFor();
    assert.match(await widget.innerText(), /满意/);
    await settle(progress);
    await screenshot(progress, 'ratings-9-progress');
    await progress.close();
  });

  test('clerk1 reads their own ratings without any rater; the supervisor reads the monthly report', async () => {
    await login(page, 'clerk1');
    await page.getByTestId('nav-my-ratings').click();
    await page.getByTestId('mine-table').waitFor();
    await page.getByTestId('mine-table').locator('.el-table__row').nth(2).waitFor();
    const text = await page.locator('body').innerText();
    assert.match(text, /等候一个多小时/);
    for (const s of [AGENT.name, '欧**远', AGENT.phone, '138****8066']) assert.ok(!text.includes(s), `clerk1 sees ${s}`);
    assert.equal((await page.getByTestId('mine-total').innerText()).trim(), '3');
    await settle();
    await screenshot(page, 'ratings-10-mine');
    await logout(page);

    await login(page, 'supervisor1');
    await page.getByTestId('nav-rating-satisfaction').click();
    await page.getByTestId('report-chart').waitFor();
    assert.equal((await page.getByTestId('report-total').innerText()).trim(), '3');
    assert.equal((await page.getByTestId('report-rate').innerText()).trim(), '66.7%');
    await settle();
    await screenshot(page, 'ratings-11-report-window');
    await page.getByTestId('report-dimension-clerk').click();
    await page.getByTestId('report-table').getByText('李慧敏').waitFor();
    await page.getByTestId('nav-ratings').click();
    await page.getByTestId('ratings-table').locator('.el-table__row').nth(2).waitFor();
    assert.match(await page.getByTestId('ratings-table').innerText(), /欧\*\*远/, 'the centre sees the rater masked');
    await settle();
    await screenshot(page, 'ratings-12-ratings-list');

    // the second locale
    await page.getByTestId('lang-en').click();
    await page.getByTestId('nav-rectifications').click();
    await page.getByTestId('rect-open').click(); // closed ones too
    await page.getByTestId('rect-search').click();
    await page.getByTestId(`rect-status-${state.rectId}`).filter({ hasText: 'Closed' }).waitFor();
    await page.getByTestId(`rect-row-${state.rectId}`).click();
    await page.getByTestId('rect-bar').waitFor();
    assert.match(await page.getByTestId('rect-events').innerText(), /Revisit/);
    await settle();
    await screenshot(page, 'ratings-13-detail-en');
    await page.getByTestId('lang-zh-CN').click();
  });
});
