/**
 * Browser journeys of the back office (后台审批): a case accepted and handed over by the front desk
 * (set up through the API as clerk1) is signed for by the 市场监管局 approver, appears in the
 * approval inbox with its light, goes through 承办 → 审核 → 批准 with an on-site inspection recorded
 * by the inspector, a special procedure (clock paused), an extension approved by a second approver,
 * and a decision with a document number; the delivery window registers the result (a wrong number
 * is refused with the server's message) and hands it to the agent. Another department's approver
 * cannot open the case; the supervisor finds it by number.
 * Run: node --import tsx --test test/e2e/backoffice.test.ts
 * (E2E_BASE_URL=http://… runs against a server already running instead of starting one.)
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { HandoverDetail, IntakeForm, IntakeResult } from '../../server/modules/cases/cases.schemas.js';
import { chooseOption, launchBrowser, login, logout, newPage, screenshot, startServer, type E2eServer } from '../helpers/e2e-server.js';
import { apiSession as openApiSession } from '../helpers/e2e-api.js';

const SUB_ITEM = '食品经营许可（新办）';
const APPLICANT = { name: '示范区味道餐饮管理有限公司', idNo: '91350100M000100Y43', phone: '13912345678' };
const AGENT = { name: '陈小明', idNo: '11010519491231002X', phone: '13800138000' };
const DOCUMENT_NO = '荔市监食许〔2026〕0001';

let server: E2eServer;
let browser: Browser;

/** A logged-in API session of the running server (test/helpers/e2e-api.ts). */
const apiSession = (username: string) => openApiSession(server.baseUrl, username);

/** Waits for an Element Plus message with this text. */
async function toast(page: Page, text: string | RegExp) {
  await page.locator('.el-message', { hasText: text }).first().waitFor();
}

/** Opens the dialog of a case action, lets `fill` fill it, submits and waits for it to close. */
async function act(page: Page, action: string, fill: () => Promise<void> = async () => undefined, shot?: string) {
  await page.getByTestId(`action-${action}`).click();
  const submit = page.getByTestId('action-submit');
  await submit.waitFor();
  await fill();
  if (shot) await screenshot(page, shot);
  await submit.click();
  try {
    await submit.waitFor({ state: 'hidden' });
  } catch (err) {
    await screenshot(page, `back-failed-${action}`);
    const error = page.getByTestId('action-error');
    throw (await error.count()) ? new Error(`${action} refused: ${await error.innerText()}`) : err;
  }
}

/** The staff pages scroll inside the layout: grow the window to the page for a whole-page picture. */
async function pageShot(page: Page, name: string) {
  const height = Number(await page.evaluate('Math.max(900, (document.querySelector(".main")?.scrollHeight ?? 0) + 60)'));
  await page.setViewportSize({ width: 1440, height: Math.min(height, 5000) });
  await screenshot(page, name);
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function caseStatus(page: Page): Promise<string | null> {
  return page.getByTestId('case-status').getAttribute('data-status');
}

async function waitStatus(page: Page, status: string) {
  await page.locator(`[data-testid="case-status"][data-status="${status}"]`).waitFor();
}

async function openCase(page: Page, id: number) {
  await page.goto(`/cases/${id}`);
  await page.getByTestId('case-bar').waitFor();
  await page.waitForLoadState('networkidle');
}

const state = { caseId: 0, caseNo: '', handoverId: 0, materialCount: 0, returnedId: 0, firstLine: '' };

before(async () => {
  const external = process.env.E2E_BASE_URL;
  server = external
    ? { baseUrl: external, port: Number(new URL(external).port), pid: 0, output: () => '', stop: async () => undefined }
    : await startServer();
  browser = await launchBrowser();

  // The front desk's part, through the API: accept one case of 市场监管局 and hand it over.
  const clerk = await apiSession('clerk1');
  const hits = await clerk.get<{ items: { subItemId: number; name: string }[] }>(`/api/catalog/search?q=${encodeURIComponent('食品经营许可')}&limit=20`);
  const hit = hits.items.find((h) => h.name === SUB_ITEM);
  assert.ok(hit, `the demo catalog has ${SUB_ITEM}`);
  const form = await clerk.get<IntakeForm>(`/api/cases/intake-form?subItemIds=${hit.subItemId}`);
  const sub = form.subItems[0]!;
  const accept = async () => {
    const intake = await clerk.post<IntakeResult>('/api/cases', {
      clientKey: randomUUID(),
      channel: 'window',
      applicantType: 'entity',
      applicant: APPLICANT,
      agent: AGENT,
      subItemIds: [hit.subItemId],
      materials: sub.lines.map((l) => ({ materialId: l.materialId, status: 'received', form: l.form, copies: l.copies })),
      outcome: 'accept',
    });
    const created = intake.cases[0]!;
    assert.equal(created.status, 'accepted');
    return created;
  };
  const first = await accept();
  const second = await accept();
  state.caseId = first.id;
  state.caseNo = first.caseNo;
  state.returnedId = second.id;
  state.firstLine = sub.lines[0]!.materialName;
  // one batch with both cases, as the front desk hands them over at the end of a round
  const handover = await clerk.post<HandoverDetail>('/api/handovers', { departmentId: sub.departmentId, caseIds: [first.id, second.id], clientKey: randomUUID() });
  state.handoverId = handover.id;
  state.materialCount = handover.cases.find((c) => c.id === first.id)!.materialCount;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('back office: handover → inbox → steps → inspection → special procedure → extension → decision', () => {
  test('the approver signs the handover batch, with a count discrepancy highlighted before signing', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'approver_scjg');
      await page.getByTestId('nav-case-handover-in').click();
      await page.getByTestId('handover-table').waitFor();
      const row = page.getByTestId(`handover-row-${state.handoverId}`);
      await row.waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'back-handover-list');
      await row.click();

      const cases = page.getByTestId('handover-cases');
      await cases.waitFor();
      await cases.getByText(state.caseNo).waitFor();
      const received = page.getByTestId(`handover-received-${state.caseId}`).locator('input');
      assert.equal(await received.inputValue(), String(state.materialCount), 'the received count defaults to what was sent');

      // one copy short: the row and a summary turn red
      await received.fill(String(state.materialCount - 1));
      await received.blur();
      await page.getByTestId('handover-mismatch').waitFor();
      await screenshot(page, 'back-handover-mismatch');
      // found it: the count matches again
      await received.fill(String(state.materialCount));
      await received.blur();
      await page.getByTestId('handover-mismatch').waitFor({ state: 'hidden' });
      assert.equal(await page.getByTestId('handover-print').getAttribute('href'), `/handovers/${state.handoverId}/print`);

      await page.getByTestId(`handover-received-${state.returnedId}`).waitFor();
      await page.getByTestId('handover-note').fill('材料完好，份数一致');
      await page.getByTestId('handover-sign').click();
      const box = page.locator('.el-message-box');
      await box.waitFor();
      await box.getByRole('button', { name: '确认签收' }).click();
      await page.getByTestId('handover-signed').waitFor();
      assert.match((await page.getByTestId('handover-detail-status').textContent()) ?? '', /已签收/);
      await screenshot(page, 'back-handover-signed');

      // the case is now in the inbox, with its light
      await page.getByTestId('handover-go-inbox').click();
      await page.waitForURL(/\/cases\/inbox$/);
      const link = page.getByTestId(`inbox-row-${state.caseId}`);
      await link.waitFor();
      const tr = page.getByTestId('inbox-table').locator('tr', { has: link });
      assert.equal(await tr.locator('[data-light]').getAttribute('data-light'), 'green', 'a fresh case is green');
      assert.match((await tr.innerText()) ?? '', /剩 \d+ 个工作日/);
      assert.equal((await page.getByTestId(`inbox-step-${state.caseId}`).innerText()).trim(), '承办');
      assert.ok(!(await tr.innerText()).includes(APPLICANT.idNo), 'the applicant ID is masked');
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'back-inbox');

      // the light chips filter the inbox
      await page.getByTestId('inbox-light-red').click();
      await link.waitFor({ state: 'detached' });
      await page.getByTestId('inbox-light-red').click();
      await link.waitFor();

      await tr.click();
      await page.waitForURL(new RegExp(`/cases/${state.caseId}$`));
      await page.getByTestId('case-bar').waitFor();
      assert.equal(await caseStatus(page), 'in_review');
      await logout(page);
    } finally {
      await context.close();
    }
  });

  test('the approver returns a case citing a line of its checklist; the front desk supplies it', async () => {
    const approver = await newPage(browser, server.baseUrl);
    try {
      const page = approver.page;
      await login(page, 'approver_scjg');
      await openCase(page, state.returnedId);
      await waitStatus(page, 'in_review');
      await act(
        page,
        'return_to_front',
        async () => {
          await page.getByText('清单以外的理由系统将拒绝').first().waitFor();
          // the lines offered are those of the pinned checklist; a note is asked for each ticked line
          await page.getByTestId('action-return-lines').getByText(state.firstLine).waitFor();
          await page.getByTestId('return-line-1').click();
          await page.getByTestId('action-submit').click();
          await page.getByTestId('action-error').filter({ hasText: '逐条说明' }).waitFor();
          await page.getByTestId('return-note-1').fill('申请书缺少法定代表人签字');
        },
        'back-action-return',
      );
      await waitStatus(page, 'returned');
      await page.getByTestId('case-returned-lines').getByText('申请书缺少法定代表人签字').waitFor();
      await page.getByTestId('case-no-actions').waitFor();
      await logout(page);
    } finally {
      await approver.context.close();
    }

    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'clerk1');
      await openCase(page, state.returnedId);
      await waitStatus(page, 'returned');
      await page.getByTestId('case-returned-lines').waitFor();
      await pageShot(page, 'back-case-returned');
      await act(
        page,
        'supplement',
        async () => {
          await page.getByTestId('action-materials').getByText(state.firstLine).waitFor();
          await chooseOption(page, 'material-status-1', '已收取');
        },
        'back-action-supplement',
      );
      await waitStatus(page, 'accepted');
      assert.equal(await page.getByTestId('case-returned-lines').count(), 0, 'the cited lines are settled');
      await logout(page);
    } finally {
      await context.close();
    }
  });

  test('the approver reads the case, passes 承办 and assigns an on-site inspection', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'approver_scjg');
      await openCase(page, state.caseId);
      assert.equal((await page.getByTestId('case-no').innerText()).trim(), state.caseNo);
      await page.getByTestId('case-materials').waitFor();
      await page.getByTestId('case-timeline').waitFor();
      assert.match(await page.getByTestId('case-step').innerText(), /承办/);
      const applicant = await page.getByTestId('fact-applicant-id').innerText();
      assert.notEqual(applicant.trim(), APPLICANT.idNo, 'the applicant ID arrives masked');
      assert.ok((await page.getByTestId('notice-print-receipt').getAttribute('href'))?.endsWith(`/cases/${state.caseId}/print/receipt`));
      // an approver has no front-desk or delivery buttons, and cannot decide at the first step
      assert.equal(await page.getByTestId('action-withdraw').count(), 0);
      assert.equal(await page.getByTestId('action-approve').count(), 0);
      await pageShot(page, 'back-case-detail');

      await act(
        page,
        'pass_step',
        async () => {
          await page.getByText('承办意见').first().waitFor();
          await page.getByTestId('action-opinion').fill('材料齐全，符合法定条件，拟同意，请审核。');
        },
        'back-action-pass-step',
      );
      await toast(page, '已提交下一环节');
      await page.getByTestId('case-step').filter({ hasText: '审核' }).waitFor();

      await act(
        page,
        'assign_inspection',
        async () => {
          await chooseOption(page, 'action-inspector', '冯德胜');
          await page.getByTestId('action-note').fill('核查经营场所布局、设施设备与申请材料是否一致');
        },
        'back-action-assign-inspection',
      );
      await waitStatus(page, 'inspecting');
      await page.getByTestId('case-inspections').getByText('冯德胜').waitFor();
      // while the inspector is out, the approver cannot record the result
      assert.equal(await page.getByTestId('action-record_inspection').count(), 0);
      await logout(page);
    } finally {
      await context.close();
    }
  });

  test('the inspector finds the case in the inbox and records the inspection', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'inspector_scjg');
      await page.getByTestId('nav-case-inbox').click();
      await page.getByTestId(`inbox-row-${state.caseId}`).click();
      await page.getByTestId('case-bar').waitFor();
      await waitStatus(page, 'inspecting');
      // an inspector records, nothing else
      const buttons = await page.getByTestId('case-actions').locator('button').allInnerTexts();
      assert.deepEqual(buttons.map((b) => b.trim()), ['登记勘查结果']);
      await act(
        page,
        'record_inspection',
        async () => {
          await page.getByTestId('action-result').fill('经营场所面积、布局与平面图一致，设施设备齐全，符合要求。');
        },
        'back-action-record-inspection',
      );
      await waitStatus(page, 'in_review');
      await page.getByTestId('case-inspections').getByText('符合', { exact: true }).waitFor();
      await page.getByTestId('case-no-actions').waitFor();
      await logout(page);
    } finally {
      await context.close();
    }
  });

  test('the approver runs a special procedure (clock paused), passes 审核 and asks for an extension', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'approver_scjg');
      await openCase(page, state.caseId);
      await waitStatus(page, 'in_review');

      await act(
        page,
        'start_special',
        async () => {
          await page.getByText('计时暂停').first().waitFor(); // the dialog explains the pause
          await chooseOption(page, 'action-kind', '检验检测检疫');
          await page.getByTestId('action-expected-days').locator('input').fill('15');
          await page.getByTestId('action-reason').fill('餐饮用水需送检');
        },
        'back-action-start-special',
      );
      await waitStatus(page, 'suspended');
      await page.getByTestId('case-open-special').waitFor();
      assert.match(await page.getByTestId('case-light').innerText(), /暂停计时/);
      await page.getByTestId('case-special').getByText('检验检测检疫').waitFor();
      await pageShot(page, 'back-case-suspended');

      await act(page, 'end_special', async () => {
        await page.getByTestId('action-result').fill('水质检测合格');
      });
      await waitStatus(page, 'in_review');
      await page.getByTestId('case-open-special').waitFor({ state: 'detached' });

      await act(page, 'pass_step', async () => {
        await page.getByText('审核意见').first().waitFor();
        await page.getByTestId('action-opinion').fill('同意');
      });
      await page.getByTestId('case-step').filter({ hasText: '批准' }).waitFor();

      await act(
        page,
        'request_extension',
        async () => {
          await page.getByText('10 个工作日').first().waitFor(); // one extension of 10 working days
          await page.getByTestId('action-reason').fill('需征求消防部门意见');
        },
        'back-action-request-extension',
      );
      await page.getByTestId('fact-extension').filter({ hasText: '已申请待批准' }).waitFor();
      // nobody approves their own request, and no decision while it is pending
      assert.equal(await page.getByTestId('action-approve_extension').count(), 0);
      assert.equal(await page.getByTestId('action-approve').count(), 0);
      await logout(page);
    } finally {
      await context.close();
    }
  });

  test('a second approver approves the extension; the first approves the case with a document number', async () => {
    const second = await newPage(browser, server.baseUrl);
    try {
      const page = second.page;
      await login(page, 'approver_scjg2');
      await openCase(page, state.caseId);
      const dueBefore = (await page.getByTestId('fact-promised-due').innerText()).trim();
      await act(page, 'approve_extension', async () => {
        await page.getByTestId('action-opinion').fill('同意延期');
      });
      await page.getByTestId('fact-extension').filter({ hasText: '已批准' }).waitFor();
      const dueAfter = (await page.getByTestId('fact-promised-due').innerText()).trim();
      assert.ok(dueAfter > dueBefore, `the promised due date moves (${dueBefore} → ${dueAfter})`);
      await screenshot(page, 'back-extension-approved');
      await logout(page);
    } finally {
      await second.context.close();
    }

    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'approver_scjg');
      await openCase(page, state.caseId);
      await act(
        page,
        'approve',
        async () => {
          await page.getByTestId('action-opinion').fill('符合法定条件，准予许可。');
          await page.getByTestId('action-document-no').fill(DOCUMENT_NO);
        },
        'back-action-approve',
      );
      await waitStatus(page, 'approved');
      assert.equal((await page.getByTestId('fact-document-no').innerText()).trim(), DOCUMENT_NO);
      await page.getByTestId('fact-decision').filter({ hasText: '准予许可' }).waitFor();
      await page.getByTestId('case-no-actions').waitFor();
      await screenshot(page, 'back-case-approved');
      await logout(page);
    } finally {
      await context.close();
    }
  });

  test('the delivery window registers the result (a wrong number is refused) and the agent collects it', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'delivery1');
      await openCase(page, state.caseId);
      await page.getByTestId('action-register_result').click();
      const number = page.getByTestId('action-document-no');
      assert.equal(await number.inputValue(), DOCUMENT_NO, 'the decision number is offered');
      await number.fill('荔市监食许〔2026〕0002');
      await page.getByTestId('action-submit').click();
      const error = page.getByTestId('action-error');
      await error.waitFor();
      assert.match(await error.innerText(), /[\u4e00-\u9fa5]/, 'the server says why, in Chinese');
      await screenshot(page, 'back-action-error');
      await number.fill(DOCUMENT_NO);
      await page.getByTestId('action-submit').click();
      await page.getByTestId('action-submit').waitFor({ state: 'hidden' });
      await waitStatus(page, 'ready');

      // 领取 from the case detail opens the delivery window's own dialog (one set of delivery dialogs)
      await page.getByTestId('action-collect').click();
      const collect = page.getByTestId('collect-dialog');
      await collect.waitFor();
      await page.getByTestId('collect-type-agent').click();
      await page.getByTestId('collect-name').fill(AGENT.name);
      await page.getByTestId('collect-id').fill(AGENT.idNo);
      await screenshot(page, 'back-collect');
      await page.getByTestId('collect-submit').click();
      await collect.waitFor({ state: 'hidden' });
      await waitStatus(page, 'closed');
      await page.getByTestId('fact-delivery').filter({ hasText: '已领取' }).waitFor();
      await pageShot(page, 'back-case-closed');
      await logout(page);
    } finally {
      await context.close();
    }
  });

  test('an approver of another department cannot open the case', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'approver_wjj');
      await page.goto(`/cases/${state.caseId}`);
      await page.getByTestId('case-not-found').waitFor();
      assert.equal(await page.getByTestId('case-bar').count(), 0);
      assert.ok(!(await page.locator('body').innerText()).includes(state.caseNo), 'nothing of the case is shown');
      await screenshot(page, 'back-case-not-found');
      await logout(page);
    } finally {
      await context.close();
    }
  });

  test('the supervisor finds the case by its number and opens it', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'supervisor1');
      await page.getByTestId('nav-case-search').click();
      // the unfiltered list answers first: search only then, so its late answer cannot replace the search's
      await page.locator('[data-testid="case-search-table"][data-query=""]').waitFor();
      await page.getByTestId('case-search-q').fill(state.caseNo);
      await page.getByTestId('case-search-submit').click();
      // the rows that answer this number (the table carries the text its rows answer)
      const byNo = page.locator(`[data-testid="case-search-table"][data-query="${state.caseNo}"]`);
      await byNo.waitFor();
      const link = byNo.getByTestId(`case-search-row-${state.caseId}`);
      await link.waitFor();
      const tr = byNo.locator('tbody tr');
      assert.equal(await tr.count(), 1);
      assert.equal(await byNo.getByTestId(`case-search-row-${state.returnedId}`).count(), 0);
      assert.ok(!(await tr.innerText()).includes(APPLICANT.idNo), 'the applicant ID is masked');
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'back-search');

      // by the applicant's USCC too: both of the applicant's cases
      await page.getByTestId('case-search-q').fill(APPLICANT.idNo);
      await page.getByTestId('case-search-submit').click();
      const byId = page.locator(`[data-testid="case-search-table"][data-query="${APPLICANT.idNo}"]`);
      await byId.getByTestId(`case-search-row-${state.returnedId}`).waitFor();
      await byId.getByTestId(`case-search-row-${state.caseId}`).click();
      await page.getByTestId('case-bar').waitFor();
      assert.equal(await caseStatus(page), 'closed');
      await page.getByTestId('case-no-actions').waitFor();

      // the same page in English
      await page.getByTestId('lang-en').click();
      await page.getByTestId('case-facts').getByText('Promised due').waitFor();
      await page.waitForLoadState('networkidle');
      await pageShot(page, 'back-case-detail-en');
      await page.getByTestId('lang-zh-CN').click();
      await logout(page);
    } finally {
      await context.close();
    }
  });
});
