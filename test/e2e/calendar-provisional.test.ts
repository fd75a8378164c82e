/**
 * Browser journey of issue 13 on a fixed clock (2026-12-21, before 2027's holiday arrangement is
 * published): the intake form shows the deadlines of 食品经营许可（新办） as 暂定 before the clerk
 * submits; the accepted case shows 暂定 on its detail page and on the public progress page; the
 * administrator sees 2027's statutory holidays as provisional in the calendar, pastes the notice
 * (a test fixture), checks the parsed preview, enters and confirms the year — and the case's
 * promised date is recomputed and no longer provisional.
 * Run: node --import tsx --test test/e2e/calendar-provisional.test.ts
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, login, logout, newPage, screenshot, startServer, type E2eServer } from '../helpers/e2e-server.js';
import { apiSession } from '../helpers/e2e-api.js';

const SUB_ITEM = '食品经营许可（新办）';
const NOTICE_2027 = readFileSync(new URL('../fixtures/notices/test-2027.txt', import.meta.url), 'utf8');
const PHONE = '13912345678';

let server: E2eServer;
let browser: Browser;
let page: Page;
let caseId = 0;
let caseNo = '';

describe('provisional deadlines and the State Council notice', () => {
  before(async () => {
    server = await startServer({ env: { CLOCK_START: '2026-12-21T10:00:00+08:00' } });
    browser = await launchBrowser();
    page = (await newPage(browser, server.baseUrl)).page;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the intake form shows 暂定 before the clerk submits; the case and the progress page carry it', async () => {
    await login(page, 'clerk1');
    await page.getByTestId('nav-case-intake').click();
    await page.getByTestId('applicant-form').waitFor();
    await page.getByTestId('sub-item-search').fill('食品经营许可');
    await page.locator('.yc-subitem-suggest:visible [data-testid="sub-item-hit"]', { hasText: SUB_ITEM }).first().click();
    await page.getByTestId('intake-materials').waitFor();
    const due = page.getByTestId('due-if-today');
    await due.waitFor();
    // 12-22…12-31: 8 working days; 2027-01-01 元旦 (statutory, provisional); 01-04 the 9th, 01-05 the 10th.
    assert.equal((await due.textContent())?.trim(), '2027-01-05');
    const row = page.locator('tr', { has: due });
    assert.equal(await row.getByTestId('provisional').count(), 2, 'both the promised and the statutory deadline are 暂定');
    await screenshot(page, 'intake-provisional');

    // Accepted (through the API, as the same clerk would): the case detail says 暂定.
    const clerk = await apiSession(server.baseUrl, 'clerk1');
    const hits = await clerk.get<{ items: { subItemId: number; name: string }[] }>(`/api/catalog/search?q=${encodeURIComponent('食品经营许可')}&limit=20`);
    const subItemId = hits.items.find((h) => h.name === SUB_ITEM)!.subItemId;
    const form = await clerk.get<{ materials: { materialId: number }[]; subItems: { lines: { materialId: number; form: string; copies: number }[] }[] }>(`/api/cases/intake-form?subItemIds=${subItemId}`);
    const materials = form.materials.map((m) => {
      const line = form.subItems.flatMap((s) => s.lines).find((l) => l.materialId === m.materialId)!;
      return { materialId: m.materialId, status: 'received', form: line.form, copies: line.copies };
    });
    const made = await clerk.post<{ cases: { id: number; caseNo: string }[] }>('/api/cases', {
      clientKey: `e2e-provisional-${Date.now()}`, channel: 'window', applicantType: 'entity',
      applicant: { name: '示范区好味道餐饮有限公司', idNo: '91350100M000100Y43', phone: PHONE },
      subItemIds: [subItemId], materials, outcome: 'accept',
    });
    caseId = made.cases[0]!.id;
    caseNo = made.cases[0]!.caseNo;
    await page.goto(`/cases/${caseId}`);
    const fact = page.getByTestId('fact-promised-due');
    await fact.waitFor();
    assert.equal((await fact.textContent())?.trim(), '2027-01-05');
    await page.locator('.el-descriptions__cell', { has: fact }).getByTestId('provisional').waitFor();
    await screenshot(page, 'case-provisional');
    // the receipt carries both deadlines, each marked 暂定
    await page.goto(`/cases/${caseId}/print/receipt`);
    await page.getByTestId('receipt-statutory-provisional').waitFor();
    await page.getByTestId('receipt-provisional').waitFor();
    assert.match((await page.getByTestId('receipt-statutory-due').textContent()) ?? '', /2027年0?1月\d+日/);
    await screenshot(page, 'receipt-provisional');
    await page.goto(`/cases/${caseId}`);
    await fact.waitFor();
    await logout(page);

    await page.goto(`/progress?caseNo=${caseNo}`);
    await page.getByTestId('progress-phone4').fill(PHONE.slice(-4));
    await page.getByTestId('progress-phone4').press('Enter');
    const progressDue = page.getByTestId('progress-due');
    await progressDue.waitFor();
    assert.equal((await progressDue.textContent())?.trim(), '2027-01-05');
    await page.locator('.el-descriptions__cell', { has: progressDue }).getByTestId('provisional').waitFor();
    await screenshot(page, 'progress-provisional');
  });

  test('the administrator enters the notice from its text; the case is recomputed', async () => {
    await page.goto('/login');
    await login(page, 'admin');
    await page.getByTestId('nav-admin-calendar').click();
    await page.getByTestId('calendar-status').waitFor();
    // The clock says 2026-12-21: two months on is February 2027.
    await page.locator('[data-testid="calendar-day-2026-12-21"]').waitFor();
    await page.getByTestId('calendar-next').click();
    await page.locator('[data-testid="calendar-day-2027-01-04"]').waitFor();
    await page.getByTestId('calendar-next').click();
    await page.getByTestId('calendar-provisional-year').waitFor();
    // 除夕 2027-02-05 is a statutory holiday, shown as provisional.
    await page.locator('[data-testid="calendar-day-2027-02-05"][data-source="provisional"][data-kind="holiday"]').waitFor();

    await page.getByTestId('calendar-notice').click();
    // Text that is not a notice: the reason is shown in the dialog, nothing can be applied.
    await page.getByTestId('notice-text').fill('放假安排另行通知');
    await page.getByTestId('notice-preview').click();
    await page.getByTestId('notice-unreadable').filter({ hasText: '无法识别通知内容' }).waitFor();
    assert.equal(await page.getByTestId('notice-apply').isDisabled(), true);
    await page.getByTestId('notice-text').fill(NOTICE_2027);
    assert.equal(await page.getByTestId('notice-unreadable').count(), 0, 'the message goes with the text it was about');
    await page.getByTestId('notice-preview').click();
    const rows = page.locator('[data-testid="notice-days"] .el-table__body tr');
    await page.locator('[data-testid="notice-days"][data-year="2027"]').waitFor();
    assert.equal(await rows.count(), 21); // the fixture's 13 and, kept by law, the 8 statutory days of the festivals it leaves out
    assert.match((await page.getByTestId('notice-summary').textContent()) ?? '', /放假 19 天，调休上班 2 天/);
    // the festivals the fixture leaves out are named; applying waits until the admin has checked them
    await page.getByTestId('notice-warnings').filter({ hasText: '通知中没有「国庆节」一节' }).waitFor();
    assert.equal(await page.getByTestId('notice-apply').isDisabled(), true);
    await screenshot(page, 'calendar-notice-preview');
    await page.getByTestId('notice-warnings-checked').click();
    await page.getByTestId('notice-apply').click();
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await page.locator('.el-message', { hasText: /已录入 21 个日期并确认 2027 年；\d+ 件在途办件的期限已重算/ }).first().waitFor();
    await page.getByTestId('calendar-year-confirmed').waitFor();
    // 2027-01-04 is now a holiday entered from the notice.
    await page.getByTestId('calendar-prev').click();
    await page.locator('[data-testid="calendar-day-2027-01-04"][data-kind="holiday"][data-source="override"]').waitFor();
    await screenshot(page, 'calendar-notice-applied');

    await logout(page);
    await login(page, 'clerk1');
    await page.goto(`/cases/${caseId}`);
    await page.locator('[data-testid="fact-promised-due"]', { hasText: '2027-01-06' }).waitFor();
    const fact = page.getByTestId('fact-promised-due');
    assert.equal(await page.locator('.el-descriptions__cell', { has: fact }).getByTestId('provisional').count(), 0);
  });
});
