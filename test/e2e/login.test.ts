/**
 * Browser journey: every demo role logs in, lands on its own workbench and sees only its own
 * navigation; language switch; wrong password; logout and the login guard.
 * Run: node --import tsx --test test/e2e/login.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { answerSecondFactor, launchBrowser, login, logout, newPage, screenshot, startServer, type E2eServer } from '../helpers/e2e-server.js';

// Every staff member browses the catalog (事项目录, 标准材料库, 一件事); reviewers and editors also have 待审核.
const COMMON_NAV = [
  'nav-home', 'nav-hall-windows', 'nav-hall-kiosk', 'nav-hall-board', 'nav-hall-lights', 'nav-rating-device-pick', 'nav-portal', 'nav-catalog-items',
  'nav-catalog-materials', 'nav-catalog-bundles',
];
const CATALOG_WORK_NAV = ['nav-catalog-review'];
const ADMIN_NAV = [
  'nav-admin-users',
  'nav-admin-departments',
  'nav-admin-sites',
  'nav-admin-windows',
  'nav-admin-calendar',
  'nav-admin-outbox',
  'nav-admin-sms',
  'nav-admin-audit',
];
const AUDIT_NAV = ['nav-admin-audit'];
const CASE_SEARCH = ['nav-case-search'];
// 网上预审: the intake clerks of a site work the queue; supervisors read it
const PREREVIEW_NAV = ['nav-prereviews'];
const INTAKE_NAV = ['nav-case-intake', 'nav-case-handover', 'nav-queue-console', ...PREREVIEW_NAV, ...CASE_SEARCH];
const APPROVER_NAV = ['nav-case-inbox', 'nav-case-handover-in', ...CASE_SEARCH];
const INSPECTOR_NAV = ['nav-case-inbox', ...CASE_SEARCH];
const DELIVERY_NAV = ['nav-case-delivery', 'nav-queue-console', ...CASE_SEARCH];
const GUIDE_NAV = ['nav-queue-tickets', 'nav-queue-slots', 'nav-queue-stats', ...CASE_SEARCH];
const HALL_STATS = ['nav-queue-stats'];
const SUPERVISION_READ = ['nav-supervision-alerts', 'nav-supervision-series', 'nav-supervision-lights'];
const METRICS = ['nav-metrics'];
const RATINGS_READ = ['nav-rectifications', 'nav-ratings', 'nav-rating-satisfaction'];
const MY_RATINGS = ['nav-my-ratings'];
// 电子证照: the library and the catalogue for everyone who reads licenses (not the guide, not the department's
// checklist editor); the 免提交率 for the centre, the department's approvers and the administrators
const LICENSES = ['nav-licenses', 'nav-license-catalog'];
const LICENSE_STATS = ['nav-license-stats'];

interface DemoAccount {
  username: string;
  workbench: string;
  nav: string[];
  /** a home card only this kind of role gets */
  card?: string;
}

const ACCOUNTS: DemoAccount[] = [
  { username: 'admin', workbench: '系统管理员工作台', nav: [...COMMON_NAV, ...ADMIN_NAV, ...LICENSES, ...LICENSE_STATS], card: 'system-card' },
  { username: 'guide1', workbench: '导办员工作台', nav: [...COMMON_NAV, ...GUIDE_NAV, ...METRICS, ...RATINGS_READ], card: 'site-windows-card' },
  { username: 'clerk1', workbench: '综合受理员工作台', nav: [...COMMON_NAV, ...INTAKE_NAV, ...MY_RATINGS, ...LICENSES], card: 'case-card' },
  { username: 'approver_scjg', workbench: '审批人员工作台', nav: [...COMMON_NAV, ...APPROVER_NAV, ...SUPERVISION_READ, ...METRICS, ...RATINGS_READ, ...LICENSES, ...LICENSE_STATS], card: 'case-card' },
  { username: 'inspector_scjg', workbench: '勘查人员工作台', nav: [...COMMON_NAV, ...INSPECTOR_NAV, ...LICENSES], card: 'department-card' },
  { username: 'delivery1', workbench: '出件员工作台', nav: [...COMMON_NAV, ...DELIVERY_NAV, ...MY_RATINGS, ...LICENSES], card: 'case-card' },
  { username: 'supervisor1', workbench: '政务办监督员工作台', nav: [...COMMON_NAV, ...AUDIT_NAV, ...CASE_SEARCH, ...PREREVIEW_NAV, ...HALL_STATS, ...SUPERVISION_READ, 'nav-supervision-light-rules', ...METRICS, ...RATINGS_READ, ...LICENSES, ...LICENSE_STATS], card: 'audit-card' },
  { username: 'jijian1', workbench: '纪检监察员工作台', nav: [...COMMON_NAV, ...AUDIT_NAV, ...CASE_SEARCH, ...HALL_STATS, ...SUPERVISION_READ, ...METRICS, ...RATINGS_READ, ...LICENSES, ...LICENSE_STATS], card: 'audit-card' },
  { username: 'catalog1', workbench: '事项管理员工作台', nav: [...COMMON_NAV, ...CATALOG_WORK_NAV, ...LICENSES, ...LICENSE_STATS] },
  { username: 'editor_scjg', workbench: '部门清单员工作台', nav: [...COMMON_NAV, ...CATALOG_WORK_NAV], card: 'department-card' },
];

let server: E2eServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('login and role homes', () => {
  for (const account of ACCOUNTS) {
    test(`${account.username} sees ${account.workbench} and only its navigation`, async () => {
      const { context, page } = await newPage(browser, server.baseUrl);
      try {
        await login(page, account.username);
        assert.equal(new URL(page.url()).pathname, '/staff/home');
        const title = page.getByTestId('home-title');
        await title.waitFor();
        assert.match((await title.textContent()) ?? '', new RegExp(account.workbench));

        const navIds = await page
          .locator('[data-testid="nav"] [data-testid^="nav-"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
        assert.deepEqual([...navIds].sort(), [...account.nav].sort(), `navigation of ${account.username}`);

        if (account.card) await page.getByTestId(account.card).waitFor();
        await page.waitForLoadState('networkidle');
        await screenshot(page, `home-${account.username}`);
      } finally {
        await context.close();
      }
    });
  }

  test('an approver may not open user management, not even by URL', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'approver_scjg');
      await page.goto('/admin/users');
      await page.waitForURL('**/staff/home');
      // count once the workbench and its navigation are drawn (before, nothing is there to count)
      await page.getByTestId('home-title').waitFor();
      await page.getByTestId('nav-home').waitFor();
      assert.equal(await page.getByTestId('nav-admin-users').count(), 0);
      assert.equal(await page.getByText('用户管理').count(), 0);
    } finally {
      await context.close();
    }
  });

  test('the supervisor verifies the audit chain from the workbench', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'supervisor1');
      await page.getByTestId('audit-card').getByTestId('audit-verify').click();
      await page.getByTestId('audit-verify-ok').waitFor();
      await screenshot(page, 'home-supervisor1-verified');
    } finally {
      await context.close();
    }
  });
});

describe('login page', () => {
  test('a wrong password shows 用户名或密码错误', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto('/login');
      await page.getByTestId('login-username').fill('clerk1');
      await page.getByTestId('login-password').fill('wrong-password');
      await page.getByTestId('login-submit').click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      assert.match((await error.textContent()) ?? '', /用户名或密码错误/);
      assert.equal(new URL(page.url()).pathname, '/login');
      await screenshot(page, 'login-wrong-password');
    } finally {
      await context.close();
    }
  });

  test('switching to English changes the UI, survives a reload, and switches back', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto('/login');
      await page.getByTestId('page-title').waitFor();
      assert.match((await page.getByTestId('page-title').textContent()) ?? '', /工作人员登录/);
      await screenshot(page, 'login-zh');

      await page.getByTestId('lang-en').click();
      await page.getByText('Staff login', { exact: true }).waitFor();
      assert.match((await page.getByTestId('login-submit').textContent()) ?? '', /Log in/);
      await screenshot(page, 'login-en');

      await login(page, 'admin');
      const title = page.getByTestId('home-title');
      await title.waitFor();
      assert.match((await title.textContent()) ?? '', /System admin workbench/);
      assert.match((await page.getByTestId('nav-admin-users').textContent()) ?? '', /Users/);
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'home-admin-en');

      await page.reload();
      await page.getByText('System admin workbench').waitFor();

      await page.getByTestId('lang-zh-CN').click();
      await page.getByText('系统管理员工作台').waitFor();
      assert.match((await page.getByTestId('nav-admin-users').textContent()) ?? '', /用户管理/);
    } finally {
      await context.close();
    }
  });

  test('the login guard keeps the target page, and logout ends the session', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto('/admin/departments');
      await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.has('redirect'));
      assert.equal(new URL(page.url()).searchParams.get('redirect'), '/admin/departments');

      await page.getByTestId('login-username').fill('admin');
      await page.getByTestId('login-password').fill('Demo@2026');
      await page.getByTestId('login-submit').click();
      await answerSecondFactor(page, 'admin');
      await page.waitForURL('**/admin/departments');
      await page.getByTestId('departments-table').waitFor();

      await logout(page);
      await page.goto('/staff/home');
      await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.has('redirect'));
      const me = await page.request.get('/api/auth/me');
      assert.equal(me.status(), 401);
    } finally {
      await context.close();
    }
  });

  test('an expired session sends the clerk back to login, keeping the page', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'admin');
      await page.getByTestId('system-card').waitFor(); // the workbench has finished loading
      await context.clearCookies(); // the server-side session is gone for the browser
      await page.getByTestId('nav-admin-users').click();
      await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/admin/users');
    } finally {
      await context.close();
    }
  });

  test('the portal lists the service sites on a phone-sized screen', async () => {
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
    const page = await context.newPage();
    try {
      await page.goto('/portal');
      await page.getByTestId('portal-level-district').waitFor();
      await page.getByTestId('portal-level-street').waitFor();
      const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
      assert.ok(width <= 390, `no horizontal scrolling on a phone (page is ${width}px wide)`);
      await screenshot(page, 'portal-mobile');
    } finally {
      await context.close();
    }
  });

  test('the root path sends visitors to the portal', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto('/');
      await page.waitForURL('**/portal');
      await page.getByTestId('portal-title').waitFor();
      assert.match((await page.getByTestId('portal-title').textContent()) ?? '', /政务服务网/);
      await page.getByTestId('portal-staff-login').click();
      await page.waitForURL('**/login');
    } finally {
      await context.close();
    }
  });
});
