/**
 * Browser journey of issue 14.6: a supervisor binds the second factor at the first login (QR code
 * and key), logs in later with a code; the admin sees and resets it; a clerk views an applicant's
 * full phone with a reason on the case page, and the supervisor finds the record in the audit log.
 * Run: npm run build:web && node --import tsx --test test/e2e/mfa.test.ts
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { IntakeForm, IntakeResult } from '../../server/modules/cases/cases.schemas.js';
import { apiSession } from '../helpers/e2e-api.js';
import { DEMO_PASSWORD, launchBrowser, login, logout, newPage, screenshot, startServer, type E2eServer } from '../helpers/e2e-server.js';
import { e2eAuthenticator } from '../helpers/totp.js';

let server: E2eServer;
let browser: Browser;
let caseId = 0;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const clerk = await apiSession(server.baseUrl, 'clerk1');
  const hits = await clerk.get<{ items: { subItemId: number; name: string }[] }>(`/api/catalog/search?q=${encodeURIComponent('食品经营许可')}&limit=20`);
  const hit = hits.items.find((h) => h.name === '食品经营许可（新办）')!;
  const form = await clerk.get<IntakeForm>(`/api/cases/intake-form?subItemIds=${hit.subItemId}`);
  const intake = await clerk.post<IntakeResult>('/api/cases', {
    clientKey: randomUUID(), channel: 'window', applicantType: 'entity',
    applicant: { name: '示范区小梅餐饮店', idNo: '91350100M000100Y43', phone: '13912345678' },
    agent: { name: '陈小梅', idNo: '11010519491231002X', phone: '13800138000' },
    subItemIds: [hit.subItemId],
    materials: form.subItems[0]!.lines.map((l) => ({ materialId: l.materialId, status: 'received', form: l.form, copies: l.copies })),
    outcome: 'accept',
  });
  caseId = intake.cases[0]!.id;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('second factor and view full', () => {
  test('a supervisor binds the authenticator at the first login, then logs in with a code', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto('/login');
      await page.getByTestId('login-username').fill('supervisor1');
      await page.getByTestId('login-password').fill(DEMO_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('mfa-qr').waitFor();
      assert.equal(await page.getByTestId('page-title').textContent(), '绑定动态口令');
      const secret = (await page.getByTestId('mfa-secret').getAttribute('data-secret'))!;
      assert.match(secret, /^[A-Z2-7]{32}$/);
      assert.equal((await page.getByTestId('mfa-secret').textContent())!.replace(/\s/g, ''), secret);
      assert.match((await page.getByTestId('mfa-qr').getAttribute('src'))!, /^data:image\/png;base64,/);
      await screenshot(page, 'mfa-enrol');

      await page.getByTestId('mfa-enrol-code').fill('000000');
      await page.getByTestId('mfa-enrol-submit').click();
      await page.getByTestId('mfa-error').waitFor();
      assert.match((await page.getByTestId('mfa-error').textContent())!, /动态口令不正确/);

      const key = `${server.baseUrl}|supervisor1`;
      e2eAuthenticator.remember(key, secret);
      await page.getByTestId('mfa-enrol-code').fill(await e2eAuthenticator.code(key));
      await page.getByTestId('mfa-enrol-submit').click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      await page.getByTestId('user-menu').waitFor();
      await logout(page);

      await page.getByTestId('login-username').fill('supervisor1');
      await page.getByTestId('login-password').fill(DEMO_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('mfa-code').waitFor();
      assert.equal(await page.getByTestId('page-title').textContent(), '动态口令验证');
      assert.equal(await page.getByTestId('mfa-secret').count(), 0, 'the key is never shown again');
      await page.getByTestId('mfa-code').fill(await e2eAuthenticator.code(key));
      await screenshot(page, 'mfa-code');
      await page.getByTestId('mfa-code-submit').click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      await page.getByTestId('user-menu').waitFor();
    } finally {
      await context.close();
    }
  });

  test('the admin sees who has a second factor and resets it', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'admin'); // binds admin's own factor through the helper
      await page.goto('/admin/users');
      await page.getByTestId('user-mfa-admin').waitFor();
      await page.getByTestId('user-search').fill('s');
      await page.getByTestId('user-search-submit').click();
      await page.getByTestId('user-mfa-supervisor1').waitFor();
      await screenshot(page, 'mfa-users');
      await page.getByTestId('user-reset-mfa-supervisor1').click();
      await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click();
      await page.getByTestId('user-mfa-supervisor1').waitFor({ state: 'detached' });
      const api = await apiSession(server.baseUrl, 'admin');
      const audit = await api.get<{ items: { summary: string }[] }>('/api/audit/events?kind=user.mfa_reset');
      assert.equal(audit.items.length, 1);
    } finally {
      await context.close();
    }
  });

  test('a clerk views the full phone with a reason; the supervisor reads the record in the audit log', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'clerk1');
      await page.goto(`/cases/${caseId}`);
      await page.getByTestId('fact-applicant-phone').waitFor();
      assert.equal(await page.getByTestId('fact-applicant-phone').textContent(), '139****5678');
      await page.getByTestId('fact-applicant-phone-reveal').click();
      await page.getByTestId('reveal-reason').waitFor();
      await page.getByTestId('reveal-submit').click();
      await page.getByTestId('reveal-error').waitFor();
      await page.getByTestId('reveal-reason').fill('电话通知申请人领取结果');
      await screenshot(page, 'reveal-dialog');
      await page.getByTestId('reveal-submit').click();
      await page.getByTestId('fact-applicant-phone').filter({ hasText: '13912345678' }).waitFor();
      assert.equal(await page.getByTestId('fact-agent-id').textContent(), '110105********002X', 'only the field asked for is shown');
      await screenshot(page, 'reveal-case');
    } finally {
      await context.close();
    }
    const sup = await newPage(browser, server.baseUrl);
    try {
      await login(sup.page, 'supervisor1'); // enrols again after the admin's reset
      await sup.page.goto('/admin/audit');
      await sup.page.getByTestId('audit-kind').fill('case.pii_revealed');
      await sup.page.getByTestId('audit-kind').press('Enter');
      const row = sup.page.getByTestId('audit-table').locator('tr', { hasText: '电话通知申请人领取结果' });
      await row.waitFor();
      assert.match((await row.textContent())!, /查看完整个人信息：.*申请人联系电话，原因：电话通知申请人领取结果/);
      assert.ok(!(await row.textContent())!.includes('13912345678'));
      await screenshot(sup.page, 'reveal-audit');
    } finally {
      await sup.context.close();
    }
  });

  test('a guide sees masked values without the view-full button', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'guide1');
      await page.goto(`/cases/${caseId}`);
      await page.getByTestId('fact-applicant-phone').waitFor();
      assert.equal(await page.getByTestId('fact-applicant-phone-reveal').count(), 0);
    } finally {
      await context.close();
    }
  });
});
