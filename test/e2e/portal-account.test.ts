/**
 * The applicant's account on the portal, on a phone (390×844, issue 16.1 web): signing in with the SMS code (the
 * server's wait between two codes shown with its own message), 实名信息 (the server's refusal under its field),
 * registering a legal person and authorising / revoking an agent, signing out from the header; the sign-in page's
 * report of a failed 统一身份认证; and no portal page scrolls sideways at 390 px.
 * Run: node --import tsx --test test/e2e/portal-account.test.ts
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { citizenIdCheckChar, orgCodeCheckChar, usccCheckChar } from '../../common/validators.js';
import { RESULTS_DIR, launchBrowser, screenshot, startServer, waitForPage, type E2eServer } from '../helpers/e2e-server.js';
import { apiSession, sentSmsCode, type ApiSession } from '../helpers/e2e-api.js';

const PHONE = '13900162001';
const AGENT_PHONE = '13900162002';
const NAME = '林晓明';
const ID_FIRST17 = '44010319850315123';
const ID = ID_FIRST17 + citizenIdCheckChar(ID_FIRST17);
/** the same number with a wrong check character: the server refuses it (校验位不对) */
const BAD_ID = ID_FIRST17 + (ID.endsWith('1') ? '2' : '1');
const ORG = 'MA5D0162';
const USCC_FIRST17 = `91440103${ORG}${orgCodeCheckChar(ORG)}`;
const USCC = USCC_FIRST17 + usccCheckChar(USCC_FIRST17);
const ENTITY = '广州市示范区晓明餐饮有限公司';

let server: E2eServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let admin: ApiSession;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  admin = await apiSession(server.baseUrl, 'admin');
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

async function settle(p: Page = page) {
  await p.waitForLoadState('networkidle');
  await p.waitForTimeout(300);
}

/** The whole page, and what the phone shows first (`<name>-screen.png`), without the passing notices. */
async function shoot(name: string) {
  await waitForPage(page, `!document.querySelector('.el-message')`, 10_000);
  await screenshot(page, name);
  await page.screenshot({ path: path.join(RESULTS_DIR, `${name}-screen.png`) });
}

/** No sideways scrolling: the page is as wide as the phone's screen. */
async function assertFitsPhone(where: string) {
  const [scrollWidth, innerWidth] = (await page.evaluate('[document.scrollingElement.scrollWidth, innerWidth]')) as [number, number];
  assert.ok(scrollWidth <= innerWidth, `${where}: the page is ${scrollWidth}px wide on a ${innerWidth}px screen`);
}

describe('公众用户 on a phone: sign-in, 实名, 法人, sign-out', () => {
  test('我的 sends a signed-out visitor to the sign-in page; the code is sent, and asked again too soon the server says how long to wait', async () => {
    await page.goto('/portal/me');
    await page.waitForURL((url) => url.pathname === '/portal/sign-in' && url.searchParams.get('redirect') === '/portal/me');
    await page.getByTestId('sign-in-title').waitFor();
    assert.equal(await page.getByTestId('sign-in-oidc').count(), 0, 'no 统一身份认证 button when the district has none');
    await page.getByTestId('sign-in-phone').fill('1390016');
    await page.getByTestId('sign-in-get-code').click();
    await page.getByText('请输入正确的 11 位手机号码').waitFor();

    await page.getByTestId('sign-in-phone').fill(PHONE);
    await page.getByTestId('sign-in-get-code').click();
    await page.getByTestId('sign-in-code-sent').waitFor();
    assert.match(await page.getByTestId('sign-in-get-code').innerText(), /\d+ 秒后重新获取/);
    assert.ok(await page.getByTestId('sign-in-get-code').isDisabled(), 'no second code while the countdown runs');
    await settle();
    await shoot('portal-account-1-sign-in');

    // a reload forgets the countdown; the server still refuses a second code within the minute, with its message
    await page.reload();
    await page.getByTestId('sign-in-phone').fill(PHONE);
    await page.getByTestId('sign-in-get-code').click();
    const phoneItem = page.locator('.el-form-item', { has: page.getByTestId('sign-in-phone') });
    await phoneItem.locator('.el-form-item__error').filter({ hasText: /验证码已发送，请 \d+ 秒后再重新获取/ }).waitFor();
    assert.match(await page.getByTestId('sign-in-get-code').innerText(), /\d+ 秒后重新获取/, 'the button counts the server’s wait down');
    await assertFitsPhone('sign-in');
  });

  test('a wrong code is refused under its field; the right one signs in and goes back to 我的', async () => {
    const { code } = await sentSmsCode(admin, PHONE);
    await page.getByTestId('sign-in-code').fill(code === '000000' ? '111111' : '000000');
    await page.getByTestId('sign-in-submit').click();
    const codeItem = page.locator('.el-form-item', { has: page.getByTestId('sign-in-code') });
    await codeItem.locator('.el-form-item__error').filter({ hasText: '验证码错误或已过期，请重新获取' }).waitFor();
    await page.getByTestId('sign-in-code').fill(code);
    await page.getByTestId('sign-in-submit').click();
    await page.waitForURL((url) => url.pathname === '/portal/me');
    await page.getByTestId('me-account').waitFor();
    assert.equal((await page.getByTestId('me-phone').innerText()).trim(), '139****2001', 'the phone as the server shows it, masked');
    assert.equal((await page.getByTestId('portal-account-name').innerText()).trim(), '139****2001');
    await page.getByTestId('portal-account-me').waitFor();
    assert.match(await page.getByTestId('me-verified').innerText(), /未实名/);
    await page.getByTestId('me-cases-title').filter({ hasText: '我的办件' }).waitFor();
    assert.equal(await page.getByTestId('me-cases-progress').getAttribute('href'), '/progress');
  });

  test('实名信息: a wrong check digit is refused under 公民身份号码; the right number is kept, masked', async () => {
    await page.getByTestId('real-name-input').fill(NAME);
    await page.getByTestId('real-name-id-input').fill(BAD_ID);
    await page.getByTestId('real-name-save').click();
    const idItem = page.locator('.el-form-item', { has: page.getByTestId('real-name-id-input') });
    await idItem.locator('.el-form-item__error').filter({ hasText: '身份证号码不正确（校验位不对）' }).waitFor();
    await page.getByTestId('real-name-id-input').fill(ID);
    await page.getByTestId('real-name-save').click();
    await page.getByTestId('real-name-facts').waitFor();
    assert.equal((await page.getByTestId('real-name-name').innerText()).trim(), NAME);
    const shown = (await page.getByTestId('real-name-id').innerText()).trim();
    assert.notEqual(shown, ID, 'the ID number comes back masked');
    assert.ok(shown.includes('*') && shown.startsWith(ID.slice(0, 2)), shown);
    assert.match(await page.getByTestId('me-verified').innerText(), /已实名/);
    assert.equal((await page.getByTestId('portal-account-name').innerText()).trim(), NAME, 'the header shows the real name now');
  });

  test('法人: registered by its representative, an agent authorised by phone and revoked', async () => {
    await page.getByTestId('entity-register').click();
    await page.getByTestId('entity-uscc').fill(USCC.slice(0, 17) + (USCC.endsWith('0') ? '1' : '0'));
    await page.getByTestId('entity-name').fill(ENTITY);
    assert.equal(await page.getByTestId('entity-legal-rep').inputValue(), NAME, 'the representative is the verified name');
    await page.getByTestId('entity-submit').click();
    const usccItem = page.locator('.el-form-item', { has: page.getByTestId('entity-uscc') });
    await usccItem.locator('.el-form-item__error').filter({ hasText: '统一社会信用代码不正确' }).waitFor();
    await page.getByTestId('entity-uscc').fill(USCC);
    await page.getByTestId('entity-submit').click();
    const entity = page.getByTestId(`entity-${USCC}`);
    await entity.waitFor();
    assert.match(await entity.innerText(), new RegExp(ENTITY));
    assert.equal((await entity.getByTestId('entity-role').innerText()).trim(), '法定代表人');

    await entity.getByTestId('entity-agent-phone').fill(AGENT_PHONE);
    await entity.getByTestId('entity-agent-grant').click();
    const agent = entity.getByTestId('entity-agent');
    await agent.filter({ hasText: '139****2002' }).waitFor();
    await settle();
    await assertFitsPhone('我的');
    await shoot('portal-account-2-me');
    await agent.getByTestId('entity-agent-revoke').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await agent.filter({ hasText: '已撤销' }).waitFor();
    assert.equal(await agent.getByTestId('entity-agent-revoke').count(), 0);
  });

  test('退出 in the header signs out; 我的 then asks for a sign-in again', async () => {
    await page.getByTestId('portal-account-sign-out').click();
    await page.waitForURL((url) => url.pathname === '/portal');
    assert.equal(await page.getByTestId('portal-account-name').count(), 0);
    await page.getByTestId('portal-account-sign-in').click();
    await page.waitForURL((url) => url.pathname === '/portal/sign-in' && url.searchParams.get('redirect') === '/portal');
    await page.goto('/portal/me');
    await page.waitForURL((url) => url.pathname === '/portal/sign-in');
  });

  test('a 统一身份认证 that did not finish is reported plainly on the sign-in page', async () => {
    await page.goto(`/portal/sign-in?error=OIDC_FAILED&reason=${encodeURIComponent('认证服务未提供已核验的手机号码')}`);
    const alert = page.getByTestId('sign-in-callback-error');
    await alert.waitFor();
    assert.match(await alert.innerText(), /统一身份认证登录未完成（认证服务未提供已核验的手机号码），请重新登录/);
  });
});

describe('the portal at 390 px: no sideways scrolling', () => {
  test('home, search, guide, 一件事, booking, progress, rating, sign-in', async () => {
    const hits = (await (await fetch(`${server.baseUrl}/api/catalog/search?q=${encodeURIComponent('食品经营许可')}&limit=20`)).json()) as { items: { subItemId: number }[] };
    const bundles = (await (await fetch(`${server.baseUrl}/api/public/bundles`)).json()) as { items: { id: number }[] };
    const pages: Array<[string, string, string?]> = [
      ['/portal', 'portal-categories', 'portal-account-3-home'],
      [`/portal/search?q=${encodeURIComponent('营业执照')}`, 'search-summary'],
      [`/portal/guide/${hits.items[0]!.subItemId}`, 'guide', 'portal-account-4-guide'],
      [`/portal/bundles/${bundles.items[0]!.id}`, 'portal-bundle'],
      ['/portal/appointments', 'appointment-form'],
      ['/progress', 'progress-title'],
      ['/rate/unknown-link', 'rate-link'],
      ['/portal/sign-in', 'sign-in-title'],
    ];
    for (const [path, testId, shot] of pages) {
      await page.goto(path);
      await page.getByTestId(testId).first().waitFor();
      await settle();
      await assertFitsPhone(path);
      if (shot) await shoot(shot);
    }
    await page.goto('/portal');
    await page.getByTestId('portal-progress-link').click();
    await waitForPage(page, `location.pathname === '/progress'`);
  });
});
