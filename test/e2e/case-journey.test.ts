/**
 * The Liwan flow end to end in the browser, with the three roles a new user would play and no API
 * shortcuts: the intake clerk accepts a 食品经营许可 case at the window and hands it over; the
 * 市场监管 approver signs for the batch, takes the case through its steps, approves it and enters the
 * document number; the delivery clerk registers the result; the applicant's progress page shows it
 * ready; the delivery clerk hands it over after the ID check and the case closes; the administrator's
 * SMS outbox holds a message for each stage.
 * Run: node --import tsx --test test/e2e/case-journey.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { orgCodeCheckChar, usccCheckChar } from '../../common/validators.js';
import { launchBrowser, login, logout, newPage, screenshot, startServer, type E2eServer } from '../helpers/e2e-server.js';

const SUB_ITEM = '食品经营许可（新办）';
const DEPARTMENT = '示范区市场监督管理局';
const AGENT = { name: '周立新', idNo: '11010519491231002X', phone: '13800138011' };
const DOCUMENT_NO = '示市监食许〔2026〕0301';

function uscc(seed: number): string {
  const body = `MA${String(seed).padStart(6, '0')}`;
  const first17 = `91440101${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}
const APPLICANT = { name: '示范区一窗小馆餐饮有限公司', idNo: uscc(301), phone: '13912340301' };

let server: E2eServer;
let browser: Browser;
let page: Page;
let closeContext: () => Promise<void>;
const state = { caseId: 0, caseNo: '' };

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const ctx = await newPage(browser, server.baseUrl);
  page = ctx.page;
  closeContext = () => ctx.context.close();
});

after(async () => {
  await closeContext?.();
  await browser?.close();
  await server?.stop();
});

async function settle() {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
}

/** Opens an action's dialog on the case page, fills it and submits it. */
async function act(action: string, fill: () => Promise<void> = async () => undefined) {
  await page.getByTestId(`action-${action}`).click();
  const submit = page.getByTestId('action-submit');
  await submit.waitFor();
  await fill();
  await submit.click();
  await submit.waitFor({ state: 'hidden' });
}

async function caseStatus(status: string) {
  await page.locator(`[data-testid="case-status"][data-status="${status}"]`).waitFor();
}

describe('one case through the front desk, the department and the delivery window', () => {
  test('the intake clerk accepts the application by its checklist and hands it over', async () => {
    await login(page, 'clerk1');
    await page.getByTestId('nav-case-intake').click();
    await page.getByTestId('applicant-form').waitFor();
    await page.getByTestId('applicant-type-entity').click();
    await page.getByTestId('applicant-name').fill(APPLICANT.name);
    await page.getByTestId('applicant-id').fill(APPLICANT.idNo);
    await page.getByTestId('applicant-phone').fill(APPLICANT.phone);
    await page.getByTestId('applicant-has-agent').click();
    await page.getByTestId('agent-name').fill(AGENT.name);
    await page.getByTestId('agent-id').fill(AGENT.idNo);
    await page.getByTestId('agent-phone').fill(AGENT.phone);
    // a new clerk types what the applicant says: "开饭店要办什么"
    await page.getByTestId('sub-item-search').fill('开饭店');
    await page.locator('.yc-subitem-suggest:visible [data-testid="sub-item-hit"]', { hasText: SUB_ITEM }).first().click();
    await page.getByTestId('intake-materials').waitFor();
    await page.getByTestId('receive-all').click();
    await page.getByTestId('outcome-accept').click();
    await page.getByTestId('intake-result').waitFor();
    const row = page.getByTestId('intake-result-case').first();
    state.caseId = Number(await row.getAttribute('data-case-id'));
    state.caseNo = (await row.getByTestId('case-no').innerText()).trim();
    assert.match(state.caseNo, /^QZX\d{13}$/);
    await settle();
    await screenshot(page, 'journey-1-accepted');

    await page.getByTestId('nav-case-handover').click();
    const group = page.locator(`[data-testid="handover-group"][data-department="${DEPARTMENT}"]`);
    await group.waitFor();
    assert.match(await group.innerText(), new RegExp(state.caseNo));
    await group.getByTestId('handover-create').click();
    await page.getByTestId('handover-created').waitFor();
    await settle();
    await screenshot(page, 'journey-2-handed-over');
    await logout(page);
  });

  test('the 市场监管 approver signs for the batch, passes the steps, approves and enters the document number', async () => {
    await login(page, 'approver_scjg');
    await page.getByTestId('nav-case-handover-in').click();
    await page.getByTestId('handover-table').waitFor();
    await page.getByTestId('handover-table').locator('tr', { hasText: '待签收' }).first().click();
    await page.getByTestId(`handover-received-${state.caseId}`).waitFor();
    await page.getByTestId('handover-sign').click();
    const box = page.locator('.el-message-box');
    await box.waitFor();
    await box.getByRole('button', { name: /确定|签收/ }).last().click();
    await page.getByTestId('handover-signed').waitFor();
    await settle();
    await screenshot(page, 'journey-3-signed');

    await page.getByTestId('handover-go-inbox').click();
    await page.getByTestId(`inbox-row-${state.caseId}`).click();
    await page.getByTestId('case-bar').waitFor();
    await caseStatus('in_review');
    // 承办 → 审核 → 批准: the decision comes at the last step
    for (let i = 0; i < 3 && (await page.getByTestId('action-pass_step').count()); i++) {
      await act('pass_step', () => page.getByTestId('action-opinion').fill('材料齐全，符合法定条件，同意。'));
    }
    await act('approve', async () => {
      await page.getByTestId('action-opinion').fill('符合法定条件，准予许可。');
      await page.getByTestId('action-document-no').fill(DOCUMENT_NO);
    });
    await caseStatus('approved');
    assert.equal((await page.getByTestId('fact-document-no').innerText()).trim(), DOCUMENT_NO);
    await settle();
    await screenshot(page, 'journey-4-approved');
    await logout(page);
  });

  test('the delivery clerk registers the result; the progress page shows it ready; collection closes the case', async () => {
    await login(page, 'delivery1');
    await page.getByTestId('nav-case-delivery').click();
    const table = page.getByTestId('delivery-table');
    const row = table.locator('tr', { hasText: state.caseNo });
    await row.getByTestId('delivery-register').click();
    const register = page.getByTestId('register-dialog');
    await register.getByTestId('register-document-no').fill(DOCUMENT_NO);
    await register.getByTestId('register-submit').click();
    await register.waitFor({ state: 'hidden' });
    await settle();
    await screenshot(page, 'journey-5-registered');

    // the applicant, from the receipt's QR code
    const progress = await browser.newPage({ baseURL: server.baseUrl });
    await progress.goto(`/progress?caseNo=${encodeURIComponent(state.caseNo)}`);
    await progress.getByTestId('progress-phone4').fill(APPLICANT.phone.slice(-4));
    await progress.getByTestId('progress-submit').click();
    await progress.getByTestId('progress-result').waitFor();
    assert.equal(await progress.getByTestId('progress-status').getAttribute('data-status'), 'ready');
    assert.equal((await progress.getByTestId('progress-document-no').innerText()).trim(), DOCUMENT_NO);
    await progress.getByTestId('progress-pickup').waitFor();
    await progress.waitForLoadState('networkidle');
    await screenshot(progress, 'journey-6-progress-ready');
    await progress.close();

    await page.getByTestId('delivery-tab-ready').click();
    const ready = page.getByTestId('delivery-table').locator('tr', { hasText: state.caseNo });
    await ready.getByTestId('delivery-collect').click();
    const collect = page.getByTestId('collect-dialog');
    await collect.getByTestId('collect-name').fill(AGENT.name);
    await collect.getByTestId('collect-id').fill(AGENT.idNo);
    await collect.getByTestId('collect-submit').click();
    await collect.waitFor({ state: 'hidden' });

    await page.goto(`/cases/${state.caseId}`);
    await caseStatus('closed');
    await settle();
    await screenshot(page, 'journey-7-closed');
    await logout(page);
  });

  test('the SMS outbox shows a message for each stage', async () => {
    await login(page, 'admin');
    const expected = [/已受理/, /作出准予许可决定/, /已可领取/, /已于.*领取/];
    const deadline = Date.now() + 20_000; // the worker delivers after commit
    let text = '';
    while (Date.now() < deadline) {
      await page.goto('/admin/sms');
      await page.waitForLoadState('networkidle');
      text = (await page.locator('.el-table').first().innerText()).replace(/\s+/g, '');
      if (expected.every((re) => re.test(text)) && text.includes(state.caseNo)) break;
      await page.waitForTimeout(500);
    }
    for (const re of expected) assert.match(text, re);
    assert.ok(!text.includes(APPLICANT.idNo) && !text.includes(AGENT.idNo), 'no ID numbers in any SMS');
    await screenshot(page, 'journey-8-sms');
  });
});
