/**
 * Browser journeys of supervision (电子监察). Set up through the API: the centre (supervisor1) defines
 * a document-number series for 市场监管局, and two of its cases are decided with numbers …0001 and
 * …0010 (the second skips eight numbers). Then in the browser: supervisor1 finds the 文号缺号 alert
 * listing 0002–0009 in 预警中心; the department's approver explains 0006 as 作废号 with a reason and a
 * PDF; 纪检监察 (jijian1) sees the alert, investigates and closes it with a finding; the department
 * registers a result issued off the platform and is told which alert it raised; the series page shows
 * the numbers and gaps; the light rules page saves an item override; 立即巡检 fills the light
 * overview; the hall's light board renders without login; the case page shows its audit trail.
 * Run: node --import tsx --test test/e2e/supervision.test.ts
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { HandoverDetail, IntakeForm, IntakeResult } from '../../server/modules/cases/cases.schemas.js';
import type { AlertPage, DocSeriesView } from '../../server/modules/supervision/supervision.schemas.js';
import { launchBrowser, login, logout, newPage, screenshot, startServer, type E2eServer } from '../helpers/e2e-server.js';
import { apiSession as openApiSession } from '../helpers/e2e-api.js';
import { pdfOf } from '../helpers/files.js';

const SUB_ITEM = '食品经营许可（新办）';
const APPLICANT = { name: '示范区味道餐饮管理有限公司', idNo: '91350100M000100Y43', phone: '13912345678' };
const AGENT = { name: '陈小明', idNo: '11010519491231002X', phone: '13800138000' };
const YEAR = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
/** a series of its own, so demo series (if any) do not interfere */
const PATTERN = '示市监监测许〔{year}〕{seq:4}';
const SERIES_NAME = '食品经营许可（监察测试）';
const docNo = (seq: number) => `示市监监测许〔${YEAR}〕${String(seq).padStart(4, '0')}`;
const FINDING = '经调阅台账，0006 号为制证打印错误作废；其余缺号系部门线下出具许可未经平台，已责令整改并通报。';
/** the smallest file the server accepts as a PDF (it checks the magic bytes) */
const PDF = await pdfOf(1);

let server: E2eServer;
let browser: Browser;

/** A logged-in API session of the running server (test/helpers/e2e-api.ts). */
const apiSession = (username: string) => openApiSession(server.baseUrl, username);

/** The staff pages scroll inside the layout: grow the window to the page for a whole-page picture. */
async function pageShot(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  const height = Number(await page.evaluate('Math.max(900, (document.querySelector(".main")?.scrollHeight ?? 0) + 60)'));
  await page.setViewportSize({ width: 1440, height: Math.min(height, 5000) });
  await screenshot(page, name);
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** A fresh browser page for one journey; a picture of the page when it fails. */
async function journey(name: string, body: (page: Page) => Promise<void>) {
  const { context, page } = await newPage(browser, server.baseUrl);
  try {
    await body(page);
  } catch (err) {
    await screenshot(page, `supervision-failed-${name}`).catch(() => undefined);
    throw err;
  } finally {
    await context.close();
  }
}

async function toast(page: Page, text: string | RegExp) {
  await page.locator('.el-message', { hasText: text }).first().waitFor();
}

async function openAlertFromList(page: Page, alertId: number) {
  await page.getByTestId('nav-supervision-alerts').click();
  await page.waitForURL(/\/supervision\/alerts/);
  const link = page.getByTestId(`alert-row-${alertId}`);
  await link.waitFor();
  return link;
}

const state = { departmentId: 0, seriesId: 0, alertId: 0, firstCaseId: 0, secondCaseId: 0, siteId: 0 };

before(async () => {
  server = await startServer();
  browser = await launchBrowser();

  // The centre defines the series with the department.
  const supervisor = await apiSession('supervisor1');
  const departments = await supervisor.get<{ items: { id: number; code: string }[] }>('/api/departments');
  state.departmentId = departments.items.find((d) => d.code === 'SCJGJ')!.id;
  const series = await supervisor.post<DocSeriesView>('/api/supervision/series', {
    departmentId: state.departmentId, name: SERIES_NAME, pattern: PATTERN, startYear: YEAR, startSeq: 1, allowDuplicates: false, active: true,
  });
  state.seriesId = series.id;
  const sites = await supervisor.get<{ items: { id: number; code: string }[] }>('/api/public/sites');
  state.siteId = sites.items.find((s) => s.code === 'QZX')!.id;

  // Two cases of 市场监管局 accepted by the front desk, signed for and decided: …0001, then …0010.
  const clerk = await apiSession('clerk1');
  const approver = await apiSession('approver_scjg');
  const hits = await clerk.get<{ items: { subItemId: number; name: string }[] }>(`/api/catalog/search?q=${encodeURIComponent('食品经营许可')}&limit=20`);
  const hit = hits.items.find((h) => h.name === SUB_ITEM);
  assert.ok(hit, `the demo catalog has ${SUB_ITEM}`);
  const form = await clerk.get<IntakeForm>(`/api/cases/intake-form?subItemIds=${hit.subItemId}`);
  const sub = form.subItems[0]!;
  /** accepted, handed over, signed for, through the steps and decided with number `seq` (null: left at the first step) */
  const decide = async (seq: number | null) => {
    const intake = await clerk.post<IntakeResult>('/api/cases', {
      clientKey: randomUUID(), channel: 'window', applicantType: 'entity', applicant: APPLICANT, agent: AGENT, subItemIds: [hit.subItemId],
      materials: sub.lines.map((l) => ({ materialId: l.materialId, status: 'received', form: l.form, copies: l.copies })), outcome: 'accept',
    });
    const c = intake.cases[0]!;
    const h = await clerk.post<HandoverDetail>('/api/handovers', { departmentId: sub.departmentId, caseIds: [c.id], clientKey: randomUUID() });
    await approver.post(`/api/handovers/${h.id}/sign`, { items: h.cases.map((x) => ({ caseId: x.id, receivedCount: x.materialCount })) });
    if (seq === null) return c.id;
    const detail = await approver.get<{ approvalSteps: number }>(`/api/cases/${c.id}`);
    for (let step = 1; step < detail.approvalSteps; step++) await approver.post(`/api/cases/${c.id}/actions/pass_step`, { opinion: `第${step}环节同意` });
    const decided = await approver.post<{ status: string; documentNo: string }>(`/api/cases/${c.id}/actions/approve`, { opinion: '符合条件，准予许可', documentNo: docNo(seq) });
    assert.equal(decided.status, 'approved');
    return c.id;
  };
  state.firstCaseId = await decide(1);
  state.secondCaseId = await decide(10);
  // and one still in review, for the lights
  await decide(null);

  const page = await supervisor.get<AlertPage>('/api/supervision/alerts?kind=docno_gap&pageSize=100');
  const gap = page.items.find((a) => a.title.includes(docNo(2)));
  assert.ok(gap, `a docno_gap alert for ${docNo(2)}: ${JSON.stringify(page.items.map((a) => a.title))}`);
  assert.equal(gap.openGaps, 8);
  state.alertId = gap.id;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('supervision: document-number gap → explanation → investigation → closed; series; lights; audit trail', () => {
  test('supervisor1 sees the 文号缺号 alert listing 0002–0009 in 预警中心', async () => {
    await journey('alerts', async (page) => {
      await login(page, 'supervisor1');
      for (const nav of ['nav-supervision-alerts', 'nav-supervision-series', 'nav-supervision-lights', 'nav-supervision-light-rules']) {
        await page.getByTestId(nav).waitFor();
      }
      const link = await openAlertFromList(page, state.alertId);
      assert.equal(await link.getAttribute('data-kind'), 'docno_gap');
      const row = page.getByTestId('alert-table').locator('tr', { has: link });
      assert.match(await row.innerText(), /文号缺号/);
      assert.match(await row.innerText(), /市场监督管理局|市场监管局/);
      assert.ok(Number(await page.getByTestId('alert-tab-open').getAttribute('data-count')) >= 1, 'the open tab counts it');
      await pageShot(page, 'supervision-alerts');

      // the kind filter keeps it; the 已办结 tab does not show it
      await page.getByTestId('alert-tab-closed').click();
      await link.waitFor({ state: 'detached' });
      await page.getByTestId('alert-tab-open').click();
      await link.waitFor();

      await link.click();
      await page.waitForURL(new RegExp(`/supervision/alerts/${state.alertId}$`));
      await page.getByTestId('alert-gaps').waitFor();
      assert.equal(await page.getByTestId('alert-status').getAttribute('data-status'), 'open');
      assert.equal(await page.getByTestId('alert-kind').getAttribute('data-kind'), 'docno_gap');
      const gaps = await page.getByTestId('alert-gaps').locator('[data-testid^="gap-no-"]').allInnerTexts();
      assert.deepEqual(gaps.map((g) => g.trim()), [2, 3, 4, 5, 6, 7, 8, 9].map(docNo));
      assert.equal(await page.getByTestId('gap-explain-6').count(), 0, 'the centre does not explain the department’s numbers');
      for (const a of ['investigate', 'comment', 'close']) await page.getByTestId(`alert-action-${a}`).waitFor();
      assert.ok((await page.getByTestId('alert-detail-registered').innerText()).includes(docNo(10)), 'the number that revealed the gap');
      await page.getByTestId('alert-event-opened').waitFor();
      await pageShot(page, 'supervision-alert-open');
      await logout(page);
    });
  });

  test('the department (approver_scjg) explains 0006 as 作废号 with a reason and a PDF', async () => {
    await journey('explain', async (page) => {
      await login(page, 'approver_scjg');
      await page.getByTestId('nav-supervision-light-rules').waitFor({ state: 'detached' });
      const link = await openAlertFromList(page, state.alertId);
      await link.click();
      await page.getByTestId('alert-gaps').waitFor();
      // the department may comment but not investigate or close
      await page.getByTestId('alert-action-comment').waitFor();
      assert.equal(await page.getByTestId('alert-action-investigate').count(), 0);
      assert.equal(await page.getByTestId('alert-action-close').count(), 0);

      await page.getByTestId('gap-explain-6').click();
      const dialog = page.getByTestId('explain-dialog');
      await dialog.getByText(`缺号说明 ${docNo(6)}`).waitFor();
      // the reason is required
      await page.getByTestId('explain-kind-voided').click();
      await page.getByTestId('explain-submit').click();
      await page.getByTestId('explain-error').filter({ hasText: '请填写原因' }).waitFor();
      await page.getByTestId('explain-reason').fill('制证时打印错误，该号已作废，原件加盖作废章留存备查');
      await page.getByTestId('explain-file').setInputFiles({ name: '作废说明.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.getByTestId('explain-file-name').filter({ hasText: '作废说明.pdf' }).waitFor();
      await screenshot(page, 'supervision-explain-dialog');
      await page.getByTestId('explain-submit').click();
      await toast(page, '说明已提交');
      await page.locator('[data-testid="gap-status-6"][data-status="explained"]').waitFor();
      assert.match(await page.getByTestId('gap-reason-6').innerText(), /打印错误/);
      assert.equal(await page.getByTestId('gap-explain-6').count(), 0, 'an explained number is not explained twice');
      await page.getByTestId('gap-explain-7').waitFor();
      assert.equal((await page.getByTestId('alert-open-gaps').innerText()).trim(), '7');
      await page.getByTestId('alert-event-gap_explained').waitFor();

      // the attachment downloads with the session
      const href = await page.getByTestId('gap-attachment-6').getAttribute('href');
      assert.ok(href, 'an attachment link');
      const file = await page.request.get(href);
      assert.equal(file.status(), 200);
      assert.ok((await file.body()).subarray(0, 4).equals(Buffer.from('%PDF')));
      await pageShot(page, 'supervision-alert-explained');

      // a comment from the department
      await page.getByTestId('alert-action-comment').click();
      await page.getByTestId('alert-note').fill('其余缺号正在核对纸质档案，三个工作日内说明');
      await page.getByTestId('alert-action-submit').click();
      await page.getByTestId('alert-event-comment').waitFor();
      await logout(page);
    });
  });

  test('纪检监察 (jijian1) sees the alert, investigates and closes it with a finding', async () => {
    await journey('close', async (page) => {
      await login(page, 'jijian1');
      await page.getByTestId('nav-supervision-light-rules').waitFor({ state: 'detached' });
      const link = await openAlertFromList(page, state.alertId);
      await link.click();
      await page.getByTestId('alert-gaps').waitFor();
      assert.equal(await page.getByTestId('gap-status-6').getAttribute('data-status'), 'explained');

      await page.getByTestId('alert-action-investigate').click();
      await page.getByTestId('alert-note').fill('调阅市场监管局 2026 年许可台账及作废登记');
      await page.getByTestId('alert-action-submit').click();
      await page.locator('[data-testid="alert-status"][data-status="investigating"]').waitFor();
      assert.equal(await page.getByTestId('alert-action-investigate').count(), 0, 'investigating: no second investigation');

      await page.getByTestId('alert-action-close').click();
      // a conclusion is required
      await page.getByTestId('alert-note').fill(FINDING);
      await page.getByTestId('alert-action-submit').click();
      await page.getByTestId('alert-action-error').filter({ hasText: '请选择结论' }).waitFor();
      await page.getByTestId('alert-conclusion').click();
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '违规属实' }).click();
      await screenshot(page, 'supervision-close-dialog');
      await page.getByTestId('alert-action-submit').click();
      await page.locator('[data-testid="alert-status"][data-status="closed"]').waitFor();
      assert.equal((await page.getByTestId('alert-conclusion-value').innerText()).trim(), '违规属实');
      assert.equal((await page.getByTestId('alert-finding').innerText()).trim(), FINDING);
      await page.getByTestId('alert-no-actions').waitFor();
      await page.getByTestId('alert-event-close').waitFor();
      await pageShot(page, 'supervision-alert-closed');

      // it is now under 已办结 (and under 全部, which the list shows first: wait for its answer, then for 已办结's)
      await page.getByTestId('nav-supervision-alerts').click();
      await page.locator('[data-testid="alert-table"][data-tab="all"]').waitFor();
      await page.getByTestId('alert-tab-closed').click();
      await page.locator('[data-testid="alert-table"][data-tab="closed"]').getByTestId(`alert-row-${state.alertId}`).waitFor();
      await logout(page);
    });
  });

  test('the department registers an off-platform result and is told which alert it raised', async () => {
    await journey('offplatform', async (page) => {
      await login(page, 'approver_scjg');
      await page.getByTestId('nav-supervision-series').click();
      await page.getByTestId(`series-row-${state.seriesId}`).waitFor();
      assert.equal(await page.getByTestId('series-create').count(), 0, 'departments do not define series');
      await page.getByTestId('offplatform-open').click();
      const dialog = page.getByTestId('offplatform-dialog');
      await dialog.waitFor();
      assert.ok((await page.getByTestId('offplatform-department').locator('.is-disabled').count()) > 0, 'its own department, preset');
      assert.match(await page.getByTestId('offplatform-department').innerText(), /市场监督管理局/);
      await page.getByTestId('offplatform-document-no').fill(docNo(11));
      await page.getByTestId('offplatform-subject').fill('食品经营许可（新办）· 示范区好食堂');
      await page.getByTestId('offplatform-reason').fill('系统停机期间应急出具纸质许可');
      await screenshot(page, 'supervision-offplatform-dialog');
      await page.getByTestId('offplatform-submit').click();
      const result = page.getByTestId('offplatform-result');
      await result.waitFor();
      const alertId = Number(await result.getAttribute('data-alert-id'));
      assert.ok(alertId > state.alertId, 'a new alert');
      assert.match(await result.innerText(), new RegExp(`#${alertId}`));
      await screenshot(page, 'supervision-offplatform-result');
      await page.getByTestId('offplatform-alert-link').click();
      await page.waitForURL(new RegExp(`/supervision/alerts/${alertId}$`));
      assert.equal(await page.getByTestId('alert-kind').getAttribute('data-kind'), 'off_platform');
      await logout(page);
    });
  });

  test('the series page shows the numbers and gaps; the series dialog previews a pattern', async () => {
    await journey('series', async (page) => {
      await login(page, 'supervisor1');
      await page.getByTestId('nav-supervision-series').click();
      const year = page.getByTestId(`series-year-${state.seriesId}-${YEAR}`);
      await year.waitFor();
      assert.equal(await year.getAttribute('data-missing'), '7', '0002–0009 less the explained 0006');
      await pageShot(page, 'supervision-series');

      // the create dialog validates and previews the pattern as the server will parse it
      await page.getByTestId('series-create').click();
      await page.getByTestId('series-pattern').fill('示卫健许〔{year}〕');
      await page.getByTestId('series-dialog').getByText('{seq:N}').first().waitFor();
      await page.getByTestId('series-pattern').fill('示卫健许〔{year}〕{seq:3}');
      const preview = page.getByTestId('series-preview');
      await preview.waitFor();
      assert.match(await preview.innerText(), new RegExp(`示卫健许〔${YEAR}〕001`));
      await screenshot(page, 'supervision-series-dialog');
      await page.getByTestId('series-dialog').getByRole('button', { name: '取消' }).click();

      await page.getByTestId(`series-row-${state.seriesId}`).click();
      await page.waitForURL(new RegExp(`/supervision/series/${state.seriesId}`));
      await page.getByTestId('series-numbers').waitFor();
      for (const seq of [1, 10, 11]) await page.getByTestId(`number-${seq}`).waitFor();
      const offPlatform = page.getByTestId('series-numbers').locator('tr', { has: page.getByTestId('number-11') });
      assert.equal(await offPlatform.locator('[data-source]').getAttribute('data-source'), 'off_platform');
      assert.equal(await page.getByTestId('gap-status-6').getAttribute('data-status'), 'explained');
      assert.equal((await page.getByTestId('series-stat-highest').innerText()).trim(), '11');
      await pageShot(page, 'supervision-series-detail');
    });
  });

  test('the light rules page explains the rule and saves an item override', async () => {
    await journey('rules', async (page) => {
      await login(page, 'supervisor1');
      await page.getByTestId('nav-supervision-light-rules').click();
      const explanation = page.getByTestId('rule-explanation');
      await explanation.getByText('剩余工作日 ≤ max(1, 20%×承诺时限) 黄灯；超过承诺时限 红灯').waitFor();
      assert.match(await page.getByTestId('rule-example').innerText(), /承诺时限 20 个工作日：剩余 ≤ 4 个工作日时亮黄灯/);

      await page.getByTestId('item-rule-add').click();
      await page.getByTestId('item-rule-dialog').waitFor();
      await page.getByTestId('item-rule-item').click();
      await page.keyboard.type('食品经营');
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '食品经营许可' }).first().click();
      const percent = page.getByTestId('item-rule-yellowPercent').locator('input');
      await percent.fill('30');
      await percent.blur();
      const escalate = page.getByTestId('item-rule-escalateAfterDays').locator('input');
      await escalate.fill('3');
      await escalate.blur();
      await screenshot(page, 'supervision-item-rule-dialog');
      await page.getByTestId('item-rule-save').click();
      await toast(page, '规则已保存');
      const row = page.getByTestId('item-rules').locator('tr', { hasText: '食品经营许可' });
      await row.waitFor();
      assert.match(await row.innerText(), /30/);
      await pageShot(page, 'supervision-light-rules');
    });
  });

  test('立即巡检 fills the light overview; the hall light board renders without login', async () => {
    await journey('lights', async (page) => {
      await login(page, 'supervisor1');
      await page.getByTestId('nav-supervision-lights').click();
      await page.getByTestId('light-cards').waitFor();
      // the overview may already show an earlier scan (the worker's): the counts to read are those after 立即巡检
      const asOf = page.getByTestId('lights-as-of');
      const before = (await asOf.getAttribute('data-as-of')) ?? '';
      await page.getByTestId('lights-scan').click();
      await page.getByTestId('scan-result').waitFor();
      await page.locator(`[data-testid="lights-as-of"]:not([data-as-of=""]):not([data-as-of="${before}"])`).waitFor();
      await asOf.filter({ hasText: /数据时间/ }).waitFor();
      const counts = await Promise.all(['green', 'yellow', 'red', 'paused'].map(async (k) => Number(await page.getByTestId(`light-count-${k}`).getAttribute('data-count'))));
      assert.ok(counts.every((n) => Number.isInteger(n) && n >= 0), `counts ${counts}`);
      assert.ok(counts[0]! >= 1, 'the case in review is green');
      await page.getByTestId('lights-by-department').getByText('示范区市场监督管理局').waitFor();
      assert.equal(await page.getByTestId('lights-red-cases').getAttribute('href'), '/cases/search?light=red');
      await pageShot(page, 'supervision-lights');
    });

    // the hall's screen, without logging in
    await journey('board', async (board) => {
      await board.goto(`/hall/lights?siteId=${state.siteId}`);
      await board.getByTestId('light-board-green').waitFor();
      assert.equal((await board.getByTestId('page-title').innerText()).trim(), '示范区政务服务中心');
      assert.ok(Number(await board.getByTestId('light-board-green').getAttribute('data-count')) >= 1, 'the case in review is green');
      await board.getByTestId(`light-board-dept-${state.departmentId}`).waitFor();
      assert.ok(!(await board.locator('body').innerText()).includes(APPLICANT.name), 'no personal data on the public board');
      await board.getByTestId('light-board-updated').waitFor();
      await screenshot(board, 'supervision-light-board');
      // the second locale
      await board.getByTestId('lang-en').click();
      await board.getByText('Case deadline lights').waitFor();
      assert.match(await board.getByTestId('light-board-green').innerText(), /Green/);
      await screenshot(board, 'supervision-light-board-en');
    });
  });

  test('the case page shows its whole audit trail to supervisor1, not to the approver', async () => {
    await journey('audit', async (page) => {
      await login(page, 'supervisor1');
      await page.goto(`/cases/${state.secondCaseId}`);
      await page.getByTestId('case-bar').waitFor();
      const table = page.getByTestId('case-audit-table');
      await table.getByText('case.approve').waitFor();
      const kinds = await table.locator('[data-testid^="case-audit-kind-"]').allInnerTexts();
      assert.equal(kinds[0]!.trim(), 'case.intake_accept', 'chain order: the intake first');
      for (const k of ['case.handover', 'case.sign', 'case.approve']) assert.ok(kinds.includes(k), `${k} in ${kinds}`);
      assert.equal(Number(await page.getByTestId('case-audit-total').getAttribute('data-total')), kinds.length);
      // a record's data opens under its row
      await table.locator('.el-table__expand-icon').last().click();
      await table.locator(`[data-testid="case-audit-data-${kinds.length}"]`).waitFor();
      await pageShot(page, 'supervision-case-audit');
      await logout(page);

      await login(page, 'approver_scjg');
      await page.goto(`/cases/${state.secondCaseId}`);
      await page.getByTestId('case-bar').waitFor();
      await page.waitForLoadState('networkidle');
      assert.equal(await page.getByTestId('case-audit').count(), 0, 'the audit trail is for audit.read');
    });
  });
});
