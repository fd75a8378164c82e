/**
 * Browser journeys of the front desk (前台): the intake clerk accepts 食品经营许可（新办） by its
 * checklist and prints the receipt with its QR code; issues a correction notice listing two defects
 * at once and a refusal with where to apply instead, each printed; accepts a 一件事 bundle (several
 * linked cases, shared materials collected once); hands the cases over to the department on a
 * numbered 交接单. After the department decides (through the API as the approver), the delivery
 * window registers the results (a wrong document number is refused with the server's message),
 * hands one to the agent (identity checked by the server) and mails the other; the public progress
 * page finds a case by number and the phone's last four digits.
 * Run: node --import tsx --test test/e2e/frontdesk.test.ts
 * (E2E_BASE_URL=http://… runs against a server already running instead of starting one.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CaseDetail, HandoverDetail } from '../../server/modules/cases/cases.schemas.js';
import { citizenIdCheckChar, orgCodeCheckChar, usccCheckChar } from '../../common/validators.js';
import { chooseOption, launchBrowser, login, newPage, screenshot, startServer, type E2eServer } from '../helpers/e2e-server.js';
import { apiSession as openApiSession } from '../helpers/e2e-api.js';
import { printToPdf } from './print-helpers.js';

const SUB_ITEM = '食品经营许可（新办）';
const DEPARTMENT = '示范区市场监督管理局';
const BUNDLE = '开办餐馆一件事';
const COMPANY_SUB_ITEM = '有限责任公司设立登记';
const AGENT = { name: '陈小明', idNo: '11010519491231002X', phone: '13800138000' };
const DOCUMENT_NO = '示市监食许〔2026〕0101';
const COMPANY_DOCUMENT_NO = '示市监登字〔2026〕0102';

let server: E2eServer;
let browser: Browser;

/** A valid unified social credit code (GB 32100, with a valid GB 11714 organisation code) per seed. */
function uscc(seed: number): string {
  const body = `MA${String(seed).padStart(6, '0')}`;
  const first17 = `91440101${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}

/** A logged-in API session of the running server (test/helpers/e2e-api.ts). */
const apiSession = (username: string) => openApiSession(server.baseUrl, username);

/** Lets Element Plus finish its entry transitions (tags zoom in) before a screenshot. */
async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
}

async function toast(page: Page, text: string | RegExp) {
  await page.locator('.el-message', { hasText: text }).first().waitFor();
}

/** Opens the intake screen from the navigation. */
async function openIntake(page: Page) {
  await page.getByTestId('nav-case-intake').click();
  await page.getByTestId('applicant-form').waitFor();
}

/** Fills in an organisation applicant (and, optionally, the person attending for it). */
async function fillEntity(page: Page, a: { name: string; idNo: string; phone: string }, agent?: typeof AGENT) {
  await page.getByTestId('applicant-type-entity').click();
  await page.getByTestId('applicant-name').fill(a.name);
  await page.getByTestId('applicant-id').fill(a.idNo);
  await page.getByTestId('applicant-phone').fill(a.phone);
  if (agent) {
    await page.getByTestId('applicant-has-agent').click();
    await page.getByTestId('agent-name').fill(agent.name);
    await page.getByTestId('agent-id').fill(agent.idNo);
    await page.getByTestId('agent-phone').fill(agent.phone);
  }
}

/** Picks a sub-item by live search and waits for its pinned checklist. */
async function pickSubItem(page: Page, query: string, name: string) {
  await page.getByTestId('sub-item-search').fill(query);
  await page.locator('.yc-subitem-suggest:visible [data-testid="sub-item-hit"]', { hasText: name }).first().click();
  await page.getByTestId('intake-materials').waitFor();
  await page.waitForLoadState('networkidle');
}

/** The delivery table while its rows answer `tab` (a click on another tab may still be on its way). */
function deliveryTable(page: Page, tab: 'approved' | 'denied' | 'ready') {
  return page.locator(`[data-testid="delivery-table"][data-tab="${tab}"]`);
}

function materialRow(page: Page, name: string) {
  return page.locator(`[data-testid="intake-material"][data-material="${name}"]`);
}

/** Case numbers and ids shown after a submission. */
async function resultCases(page: Page): Promise<{ id: number; caseNo: string }[]> {
  await page.getByTestId('intake-result').waitFor();
  const rows = page.getByTestId('intake-result-case');
  const out: { id: number; caseNo: string }[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    out.push({ id: Number(await row.getAttribute('data-case-id')), caseNo: (await row.getByTestId('case-no').innerText()).trim() });
  }
  return out;
}

/** Opens the print page a result link points to, in the same tab. */
async function openPrint(page: Page, testId: string, nth = 0) {
  const href = await page.getByTestId(testId).nth(nth).getAttribute('href');
  assert.ok(href, `${testId} has a link`);
  await page.goto(href);
  // the button is enabled once every case of the page has loaded and is drawn
  await page.locator('[data-testid="print-button"]:not([disabled])').waitFor();
  await page.waitForLoadState('networkidle');
  return href;
}

const state = {
  food: { id: 0, caseNo: '', phone: '13912340001', idNo: uscc(101), name: '示范区味道餐饮管理有限公司' },
  company: { id: 0, caseNo: '', phone: '13912340004' },
  bundleCaseNos: [] as string[],
  handoverId: 0,
};

before(async () => {
  const external = process.env.E2E_BASE_URL;
  server = external
    ? { baseUrl: external, port: Number(new URL(external).port), pid: 0, output: () => '', stop: async () => undefined }
    : await startServer();
  browser = await launchBrowser();
  const res = await fetch(`${server.baseUrl}/api/catalog/search?q=spjy`);
  const body = (await res.json()) as { total: number };
  assert.ok(body.total > 0, 'the demo catalog is not loaded (GET /api/catalog/search?q=spjy found nothing)');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('front desk: intake → vouchers → handover → delivery → progress', () => {
  test('clerk1 accepts 食品经营许可（新办） with every material received and prints the receipt with a QR code', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'clerk1');
      await openIntake(page);

      // the window choice is offered and remembered in this browser
      await chooseOption(page, 'intake-window', '3号窗口');

      // a natural person applies for an item of legal persons: the server refuses, in Chinese
      await page.getByTestId('applicant-type-person').click();
      await page.getByTestId('applicant-name').fill('张三');
      await page.getByTestId('applicant-id').fill(AGENT.idNo);
      await page.getByTestId('applicant-phone').fill(state.food.phone);
      await pickSubItem(page, '食品经营许可', SUB_ITEM);
      const sub = page.getByTestId('intake-sub-item').first();
      assert.match(await sub.innerText(), new RegExp(DEPARTMENT));
      assert.match(await sub.innerText(), /第 \d+ 版/);
      await page.getByTestId('due-if-today').first().waitFor();
      assert.ok((await page.getByTestId('review-points').count()) > 0, 'review points (审核要点) are shown');

      // nothing received yet: 受理 is blocked with the reason
      assert.equal(await page.getByTestId('outcome-accept').isDisabled(), true);
      await page.getByTestId('accept-blocked').waitFor();
      await screenshot(page, 'front-intake-empty');
      await page.getByTestId('receive-all').click();
      assert.equal(await page.getByTestId('outcome-accept').isDisabled(), false, 'accept is enabled once every required material is received');
      assert.equal(await page.locator('[data-testid="intake-material"][data-status="absent"]').count(), 0);
      await page.getByTestId('outcome-accept').click();
      await page.getByTestId('intake-error').waitFor();
      assert.match(await page.getByTestId('intake-error').innerText(), /不受理自然人的申请/);
      await screenshot(page, 'front-intake-server-error');

      // a wrong credit code is caught as the clerk leaves the field
      await page.getByTestId('applicant-type-entity').click();
      await page.getByTestId('applicant-id').fill('91350100M000100Y44');
      await page.getByTestId('applicant-phone').click();
      await page.locator('.el-form-item__error', { hasText: '统一社会信用代码校验位不正确' }).waitFor();
      await fillEntity(page, state.food, AGENT);
      await screenshot(page, 'front-intake-filled');

      // a double click submits once: one client key per form
      await page.getByTestId('outcome-accept').dblclick();
      const cases = await resultCases(page);
      assert.equal(cases.length, 1);
      state.food.id = cases[0]!.id;
      state.food.caseNo = cases[0]!.caseNo;
      await settle(page);
      await screenshot(page, 'front-intake-accepted');
      const clerk = await apiSession('clerk1');
      const same = await clerk.get<{ total: number }>(`/api/cases?q=${state.food.idNo}`);
      assert.equal(same.total, 1, 'the double click created one case');

      await openPrint(page, 'print-receipt');
      const sheet = page.getByTestId('receipt-sheet');
      await sheet.waitFor();
      assert.equal((await page.getByTestId('receipt-case-no').innerText()).trim(), state.food.caseNo);
      const qr = page.getByTestId('receipt-qr');
      await qr.waitFor();
      assert.match((await qr.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
      assert.ok((await page.getByTestId('receipt-material').count()) > 0, 'the materials received are listed');
      assert.match(await sheet.innerText(), /（盖章）/);
      assert.match(await sheet.innerText(), new RegExp(DEPARTMENT));
      await screenshot(page, 'front-receipt');
      const printed = await printToPdf(page, 'front-receipt');
      assert.equal(printed.pages, 1, 'the receipt prints on one A4 page');

      // the window choice survived
      await page.goto('/cases/intake');
      await page.getByTestId('applicant-form').waitFor();
      assert.match(await page.getByTestId('intake-window').innerText(), /3号窗口/);
    } finally {
      await context.close();
    }
  });

  test('a correction notice lists two defects at once and prints them with the five-day rule', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'clerk1');
      await openIntake(page);
      await fillEntity(page, { name: '示范区小满奶茶店有限公司', idNo: uscc(102), phone: '13912340002' });
      await pickSubItem(page, 'spjy', SUB_ITEM);
      await page.getByTestId('receive-all').click();

      // two required materials are not brought
      const required = page.locator('[data-testid="intake-material"].req');
      const names = [await required.nth(0).getAttribute('data-material'), await required.nth(1).getAttribute('data-material')] as string[];
      for (const n of names) await materialRow(page, n).getByTestId('status-absent').click();
      assert.equal(await page.getByTestId('outcome-accept').isDisabled(), true);

      await page.getByTestId('outcome-correct').click();
      const dialog = page.getByTestId('correction-dialog');
      await dialog.waitFor();
      assert.match(await dialog.getByTestId('correction-rule').innerText(), /应当场或者在五日内一次性告知需要补正的全部内容/);
      const notes = dialog.getByTestId('defect-note');
      assert.equal(await notes.count(), 2, 'both absent required materials are pre-selected');
      await notes.nth(0).fill('未提交租赁合同，请提交经营场所的租赁合同原件');
      await notes.nth(1).fill('请补充提交，须加盖公章');
      await screenshot(page, 'front-correction-dialog');
      await dialog.getByTestId('correction-submit').click();

      const cases = await resultCases(page);
      assert.equal(cases.length, 1);
      await page.locator('[data-testid="intake-result-case"] [data-status="correction"]').waitFor();
      await openPrint(page, 'print-correction');
      const sheet = page.getByTestId('correction-sheet');
      await sheet.waitFor();
      const defects = page.getByTestId('correction-defect');
      assert.equal(await defects.count(), 2);
      const text = await sheet.innerText();
      for (const n of names) assert.match(text, new RegExp(n.replace(/[()（）]/g, '.')));
      assert.match(text, /未提交租赁合同，请提交经营场所的租赁合同原件/);
      assert.match(text, /请补充提交，须加盖公章/);
      assert.match(text, /五日内一次性告知/);
      assert.match(text, new RegExp(cases[0]!.caseNo));
      assert.match(text, /（盖章）/);
      await screenshot(page, 'front-correction-print');
    } finally {
      await context.close();
    }
  });

  test('a refusal gives the reasons and where to apply instead, on a numbered notice', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'clerk1');
      await openIntake(page);
      await fillEntity(page, { name: '示范区远方贸易有限公司', idNo: uscc(103), phone: '13912340003' });
      await pickSubItem(page, '食品经营许可', SUB_ITEM);
      await page.getByTestId('outcome-refuse').click();
      const dialog = page.getByTestId('refusal-dialog');
      await dialog.waitFor();
      await dialog.getByTestId('refusal-ground-notOurs').click();
      await dialog.getByTestId('refusal-redirect').fill('请向示范区农业农村局申请办理');
      await dialog.getByTestId('refusal-submit').click();

      const cases = await resultCases(page);
      await page.locator('[data-testid="intake-result-case"] [data-status="refused"]').waitFor();
      await openPrint(page, 'print-refusal');
      const sheet = page.getByTestId('refusal-sheet');
      await sheet.waitFor();
      assert.match(await page.getByTestId('refusal-reasons-print').innerText(), /不属于本机关职权范围/);
      assert.match(await page.getByTestId('refusal-redirect-print').innerText(), /示范区农业农村局/);
      const text = await sheet.innerText();
      assert.match(text, new RegExp(cases[0]!.caseNo));
      assert.match(text, /行政复议/);
      assert.match(text, /（盖章）/);
      await screenshot(page, 'front-refusal-print');
    } finally {
      await context.close();
    }
  });

  test('a 一件事 bundle creates one linked case per sub-item, shared materials collected once', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'clerk1');
      await openIntake(page);
      await fillEntity(page, { name: '示范区好味道餐饮有限公司', idNo: uscc(104), phone: state.company.phone }, AGENT);
      await page.getByTestId('pick-mode-bundle').click();
      await chooseOption(page, 'bundle-select', BUNDLE);
      await page.getByTestId('intake-bundle').waitFor();
      await page.getByTestId('intake-materials').waitFor();
      await page.waitForLoadState('networkidle');
      const subItems = await page.getByTestId('intake-sub-item').count();
      assert.ok(subItems >= 3, `the bundle lists its sub-items (${subItems})`);
      assert.ok((await page.getByTestId('material-shared').count()) > 0, 'shared materials are marked 「N 项共用」');
      await page.getByTestId('receive-all').click();
      await screenshot(page, 'front-bundle-intake');
      await page.getByTestId('outcome-accept').click();

      const cases = await resultCases(page);
      assert.equal(cases.length, subItems, 'one case per sub-item');
      assert.equal(new Set(cases.map((c) => c.caseNo)).size, cases.length, 'distinct case numbers');
      state.bundleCaseNos = cases.map((c) => c.caseNo);
      const company = page.getByTestId('intake-result-case').filter({ hasText: COMPANY_SUB_ITEM });
      state.company.id = Number(await company.getAttribute('data-case-id'));
      state.company.caseNo = (await company.getByTestId('case-no').innerText()).trim();
      await settle(page);
      await screenshot(page, 'front-bundle-result');

      // all receipts of the visit in one print job
      await openPrint(page, 'print-all-receipt');
      assert.equal(await page.getByTestId('receipt-sheet').count(), cases.length);
      const printed = await printToPdf(page, 'front-bundle-receipts');
      assert.equal(printed.pages, cases.length, 'one A4 page per receipt');
    } finally {
      await context.close();
    }
  });

  test('the clerk hands the 市场监管局 cases over in one batch and prints the 交接单', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'clerk1');
      await page.getByTestId('nav-case-handover').click();
      const group = page.locator(`[data-testid="handover-group"][data-department="${DEPARTMENT}"]`);
      await group.waitFor();
      const text = await group.innerText();
      assert.match(text, new RegExp(state.food.caseNo));
      assert.match(text, new RegExp(state.company.caseNo));
      await screenshot(page, 'front-handover-pending');
      await group.getByTestId('handover-create').click();
      await page.getByTestId('handover-created').waitFor();
      await page.locator('[data-testid="handover-sent"] [data-status="sent"]').first().waitFor();
      await settle(page);
      await screenshot(page, 'front-handover-created');

      const href = await openPrint(page, 'handover-created-print');
      state.handoverId = Number(/handovers\/(\d+)\/print/.exec(href)?.[1]);
      const sheet = page.getByTestId('handover-sheet');
      await sheet.waitFor();
      assert.equal((await page.getByTestId('handover-sheet-department').innerText()).trim(), DEPARTMENT);
      const sheetText = await sheet.innerText();
      assert.match(sheetText, new RegExp(state.food.caseNo));
      assert.match(sheetText, new RegExp(state.company.caseNo));
      assert.match(sheetText, /移交人/);
      assert.match(sheetText, /签收人/);
      assert.match(await page.getByTestId('handover-sheet-status').innerText(), /待签收/);
      await screenshot(page, 'front-handover-sheet');
    } finally {
      await context.close();
    }
  });

  test('after the department decides, the delivery window registers the result and the agent collects it', async () => {
    // the department's part, through the API: sign the batch, pass the steps, approve with a number
    const approver = await apiSession('approver_scjg');
    const batch = await approver.get<HandoverDetail>(`/api/handovers/${state.handoverId}`);
    await approver.post(`/api/handovers/${state.handoverId}/sign`, { items: batch.cases.map((c) => ({ caseId: c.id, receivedCount: c.materialCount })) });
    for (const [id, documentNo] of [[state.food.id, DOCUMENT_NO], [state.company.id, COMPANY_DOCUMENT_NO]] as const) {
      let detail = await approver.get<CaseDetail>(`/api/cases/${id}`);
      while (detail.allowedActions.includes('pass_step')) detail = await approver.post<CaseDetail>(`/api/cases/${id}/actions/pass_step`, { opinion: '材料齐全，符合条件' });
      detail = await approver.post<CaseDetail>(`/api/cases/${id}/actions/approve`, { opinion: '准予许可', documentNo });
      assert.equal(detail.status, 'approved');
    }

    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'delivery1');
      await page.getByTestId('nav-case-delivery').click();
      const table = deliveryTable(page, 'approved');
      const foodRow = table.locator('tr', { hasText: state.food.caseNo });
      await foodRow.waitFor();
      await page.waitForLoadState('networkidle');
      await settle(page);
      await screenshot(page, 'front-delivery-approved');

      // the number on the paper must match the department's: a typo is refused by the server
      await foodRow.getByTestId('delivery-register').click();
      const register = page.getByTestId('register-dialog');
      await register.getByTestId('register-document-no').fill('示市监食许〔2026〕0199');
      await register.getByTestId('register-submit').click();
      await register.locator('.el-form-item__error', { hasText: '与部门决定的文号不一致' }).waitFor();
      await screenshot(page, 'front-delivery-register-mismatch');
      await register.getByTestId('register-document-no').fill(DOCUMENT_NO);
      await register.getByTestId('register-document-no').press('Enter');
      await toast(page, '已登记结果');
      await register.waitFor({ state: 'hidden' });

      const companyRow = table.locator('tr', { hasText: state.company.caseNo });
      await companyRow.getByTestId('delivery-register').click();
      await register.getByTestId('register-document-no').fill(COMPANY_DOCUMENT_NO);
      await register.getByTestId('register-submit').click();
      await register.waitFor({ state: 'hidden' });
      // the list reloads after the registration: let it answer before asking for another tab
      await companyRow.waitFor({ state: 'detached' });

      // ready for pickup: the person attending for the company collects; the server checks the ID
      await page.getByTestId('delivery-tab-ready').click();
      const ready = deliveryTable(page, 'ready');
      const readyRow = ready.locator('tr', { hasText: state.food.caseNo });
      await readyRow.waitFor();
      assert.match(await readyRow.innerText(), new RegExp(DOCUMENT_NO.replace(/[〔〕]/g, '.')));
      await settle(page);
      await screenshot(page, 'front-delivery-ready');
      await readyRow.getByTestId('delivery-collect').click();
      const collect = page.getByTestId('collect-dialog');
      await collect.getByTestId('collect-name').waitFor();
      await page.waitForLoadState('networkidle');
      // the case's details load into the dialog: then the applicant option is disabled for an organisation
      await collect.locator('[data-testid="collect-type-applicant"] input:disabled').waitFor({ state: 'attached' });
      assert.equal(await collect.getByTestId('collect-type-applicant').locator('input').isDisabled(), true, 'an organisation collects through a person');
      await collect.getByTestId('collect-name').fill('王大力');
      await collect.getByTestId('collect-id').fill('110105194912310029');
      await collect.getByTestId('collect-submit').click();
      await collect.locator('.el-form-item__error').first().waitFor(); // a wrong check digit is caught before sending
      // someone else, without a written authorisation: the server refuses and says why
      const stranger = '11010519800101001';
      await collect.getByTestId('collect-id').fill(stranger + citizenIdCheckChar(stranger));
      await collect.getByTestId('collect-submit').click();
      await collect.getByTestId('collect-error').waitFor();
      assert.match(await collect.getByTestId('collect-error').innerText(), /授权委托书/);
      await screenshot(page, 'front-delivery-collect-refused');
      await collect.getByTestId('collect-name').fill(AGENT.name);
      await collect.getByTestId('collect-id').fill(AGENT.idNo);
      await collect.getByTestId('collect-submit').click();
      await toast(page, '已领取');
      await collect.waitFor({ state: 'hidden' });
      await ready.locator('tr', { hasText: state.food.caseNo }).waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });

  test('the public progress page finds a case by number and the last four digits of the phone', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      // from the receipt's QR code: the case number is filled in
      await page.goto(`/progress?caseNo=${encodeURIComponent(state.company.caseNo)}`);
      await page.getByTestId('progress-title').waitFor();
      assert.equal(await page.getByTestId('progress-case-no').inputValue(), state.company.caseNo);

      await page.getByTestId('progress-phone4').fill('9999');
      await page.getByTestId('progress-submit').click();
      await page.getByTestId('progress-error').waitFor();
      assert.match(await page.getByTestId('progress-error').innerText(), /[\u4e00-\u9fa5]/, 'the server explains in Chinese');
      await screenshot(page, 'front-progress-not-found');

      await page.getByTestId('progress-phone4').fill(state.company.phone.slice(-4));
      await page.getByTestId('progress-submit').click();
      const result = page.getByTestId('progress-result');
      await result.waitFor();
      assert.equal(await page.getByTestId('progress-status').getAttribute('data-status'), 'ready');
      assert.equal((await page.getByTestId('progress-document-no').innerText()).trim(), COMPANY_DOCUMENT_NO);
      await page.getByTestId('progress-pickup').waitFor();
      assert.ok((await page.getByTestId('progress-timeline').locator('.el-timeline-item').count()) >= 3, 'the timeline shows the steps');
      assert.doesNotMatch(await page.getByTestId('progress-applicant').innerText(), /\d{6}/, 'no full identifiers');
      await settle(page);
      await screenshot(page, 'front-progress');
    } finally {
      await context.close();
    }
  });

  test('the delivery window mails the other result, and the applicant is told by SMS', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'delivery1');
      await page.getByTestId('nav-case-delivery').click();
      // the first tab's rows answer first: switch only then, so their late answer cannot replace the ready ones
      await deliveryTable(page, 'approved').waitFor();
      await page.getByTestId('delivery-tab-ready').click();
      const row = deliveryTable(page, 'ready').locator('tr', { hasText: state.company.caseNo });
      await row.waitFor();
      await row.getByTestId('delivery-mail').click();
      const mail = page.getByTestId('mail-dialog');
      await mail.getByTestId('mail-tracking').fill('EMS1234567890CN');
      await mail.getByTestId('mail-address').fill('示范区中心大道 88 号 3 楼');
      await screenshot(page, 'front-delivery-mail');
      await mail.getByTestId('mail-submit').click();
      await toast(page, '已邮寄');
      await row.waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }

    // the SMS outbox (read by the administrator) holds the pickup notice of the company case
    const admin = await apiSession('admin');
    const deadline = Date.now() + 15_000;
    for (;;) {
      const sms = await admin.get<{ items: { content?: string; body?: string; text?: string }[] }>('/api/admin/sms?page=1&pageSize=100');
      const texts = sms.items.map((s) => JSON.stringify(s));
      if (texts.some((t) => t.includes(state.company.caseNo))) break;
      assert.ok(Date.now() < deadline, 'an SMS names the case');
      await new Promise((r) => setTimeout(r, 500));
    }
  });
});
