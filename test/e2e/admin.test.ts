/**
 * Browser journey of the system administrator: create a department, a user bound to it, a window
 * and a calendar override; each appears in its table; the new user logs in.
 * Run: node --import tsx --test test/e2e/admin.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Browser, Page } from 'playwright-core';
import {
  chooseOption,
  launchBrowser,
  login,
  logout,
  newPage,
  screenshot,
  startServer,
  type E2eServer,
} from '../helpers/e2e-server.js';

const DEPT = { code: 'E2ETEST', name: '示范区端到端测试局', shortName: '测试局' };
const USER = { username: 'e2e_approver', displayName: '测试审批员', phone: '13912345678', password: 'E2e@Pass2026' };
const NEW_PASSWORD = 'E2e@Changed2026';
const WINDOW = { code: 'Z99', name: '测试综合窗口' };

let server: E2eServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser, server.baseUrl));
  await login(page, 'admin');
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

/** Opens a page from the left navigation and waits for its title. */
async function openFromNav(testId: string, title: string) {
  await page.getByTestId(testId).click();
  await page.getByTestId('page-title').filter({ hasText: title }).waitFor();
}

describe('system administration', () => {
  test('creates a department', async () => {
    await openFromNav('nav-admin-departments', '部门管理');
    await page.getByTestId('department-create').click();
    await page.getByTestId('department-form-code').fill(DEPT.code);
    await page.getByTestId('department-form-name').fill(DEPT.name);
    await page.getByTestId('department-form-short-name').fill(DEPT.shortName);
    await page.getByTestId('department-form-submit').click();
    const row = page.getByTestId(`department-row-${DEPT.code}`);
    await row.waitFor();
    const tr = page.locator('tr', { has: row });
    assert.match((await tr.textContent()) ?? '', new RegExp(DEPT.name));
    await screenshot(page, 'admin-departments');
  });

  test('creates a user bound to the new department', async () => {
    await openFromNav('nav-admin-users', '用户管理');
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-form-username').fill(USER.username);
    await page.getByTestId('user-form-display-name').fill(USER.displayName);
    await chooseOption(page, 'user-form-roles', '审批人员');
    await page.keyboard.press('Escape'); // close the multi-select, not the dialog
    await chooseOption(page, 'user-form-department', DEPT.name);
    await page.getByTestId('user-form-phone').fill(USER.phone);
    await page.getByTestId('user-form-password').fill(USER.password);
    await screenshot(page, 'admin-user-dialog');
    await page.getByTestId('user-form-submit').click();
    await page.locator('.el-dialog').filter({ hasText: '新增用户' }).waitFor({ state: 'hidden' });

    await page.getByTestId('user-search').fill(USER.username);
    await page.getByTestId('user-search-submit').click();
    const row = page.getByTestId(`user-row-${USER.username}`);
    await row.waitFor();
    const text = (await page.locator('tr', { has: row }).textContent()) ?? '';
    assert.match(text, new RegExp(USER.displayName));
    assert.match(text, new RegExp(DEPT.name));
    assert.match(text, /139\*{4}5678/, 'the phone is shown masked');
    await screenshot(page, 'admin-users');
  });

  test('creates a window at the district centre', async () => {
    await openFromNav('nav-admin-windows', '窗口管理');
    await page.getByTestId('window-row-A01').waitFor(); // the district centre is preselected
    await page.getByTestId('window-create').click();
    await page.getByTestId('window-form-code').fill(WINDOW.code);
    await page.getByTestId('window-form-name').fill(WINDOW.name);
    await page.getByTestId('window-form-kind-both').click();
    await page.getByTestId('window-form-category-business').click();
    await page.getByTestId('window-form-category-citizen').click();
    await page.getByTestId('window-form-submit').click();
    const row = page.getByTestId(`window-row-${WINDOW.code}`);
    await row.waitFor();
    const text = (await page.locator('tr', { has: row }).textContent()) ?? '';
    assert.match(text, /收件\+出件/);
    assert.match(text, /经营类/);
    assert.match(text, /公民类/);

    // editing keeps the window at its site
    await page.getByTestId(`window-edit-${WINDOW.code}`).click();
    await page.getByTestId('window-form-name').fill(`${WINDOW.name}（改）`);
    await page.getByTestId('window-form-submit').click();
    await page.locator('tr', { has: row }).filter({ hasText: `${WINDOW.name}（改）` }).waitFor();
    await screenshot(page, 'admin-windows');
  });

  test('the hall screen shows the new window', async () => {
    const hall = await context.newPage();
    try {
      await hall.goto('/hall/windows');
      await hall.getByTestId(`hall-window-${WINDOW.code}`).waitFor();
      await screenshot(hall, 'hall-windows');
    } finally {
      await hall.close();
    }
  });

  test('sets, shows and removes a calendar override', async () => {
    await openFromNav('nav-admin-calendar', '工作日历');
    await page.getByTestId('calendar-status').waitFor();
    // Turn the last working day of the displayed month into a holiday.
    const workdays = page.locator('[data-testid^="calendar-day-"][data-kind="workday"]');
    await workdays.first().waitFor();
    const cell = workdays.last();
    const testId = (await cell.getAttribute('data-testid')) ?? '';
    const date = testId.replace('calendar-day-', '');
    await cell.click();
    await page.getByTestId('override-form-kind-holiday').click();
    await page.getByTestId('override-form-note').fill('端到端测试：临时闭厅');
    await page.getByTestId('override-form-submit').click();

    const row = page.getByTestId(`override-row-${date}`);
    await row.waitFor();
    assert.match((await page.locator('tr', { has: row }).textContent()) ?? '', /端到端测试：临时闭厅/);
    await page.locator(`[data-testid="calendar-day-${date}"][data-kind="holiday"]`).waitFor();
    await screenshot(page, 'admin-calendar');

    await page.getByTestId(`override-delete-${date}`).click();
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await row.waitFor({ state: 'detached' });
    await page.locator(`[data-testid="calendar-day-${date}"][data-kind="workday"]`).waitFor();
  });

  test('the audit log lists events and the chain verifies', async () => {
    await openFromNav('nav-admin-audit', '审计日志');
    await page.locator('[data-testid="audit-table"] [data-testid^="audit-row-"]').first().waitFor();
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-verify-ok').waitFor();
    await screenshot(page, 'admin-audit');
  });

  test('the message queue and SMS outbox open', async () => {
    await openFromNav('nav-admin-outbox', '消息队列');
    await page.getByTestId('outbox-table').waitFor();
    await screenshot(page, 'admin-outbox');
    await openFromNav('nav-admin-sms', '短信发件箱');
    await page.getByTestId('sms-table').waitFor();
    await openFromNav('nav-admin-sites', '场所管理');
    await page.getByTestId('sites-table').waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'admin-sites');
  });

  test('the new user logs in and sees the approver workbench of the new department', async () => {
    await logout(page);
    await login(page, USER.username, USER.password);
    if (new URL(page.url()).pathname === '/staff/password') {
      // an account created by an administrator must choose its own password first
      await page.getByTestId('must-change-password').waitFor();
      await screenshot(page, 'new-user-must-change-password');
      await page.getByTestId('password-current').fill(USER.password);
      await page.getByTestId('password-new').fill(NEW_PASSWORD);
      await page.getByTestId('password-confirm').fill(NEW_PASSWORD);
      await page.getByTestId('password-submit').click();
      await page.waitForURL('**/staff/home');
    }
    const title = page.getByTestId('home-title');
    await title.waitFor();
    assert.match((await title.textContent()) ?? '', /审批人员工作台/);
    assert.equal(await page.getByTestId('welcome-department').textContent(), DEPT.name);
    assert.equal(await page.getByTestId('nav-admin-users').count(), 0);
    await screenshot(page, 'new-user-home');
  });
});
