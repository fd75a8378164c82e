/**
 * Browser journeys of the metrics screens (统计分析 / 数据可视化). Set up through the API: the front
 * desk accepts two 市场监管局 cases and one 卫健局 case and hands them over; the 市场监管局 approver
 * signs and decides one of them; the supervisor rebuilds the rollups (scan). Then in the browser:
 * the supervisor's desk view shows the API's totals, the department rows with their counts, and
 * the monthly report downloads as an .xlsx whose sheets, headers and department row are checked
 * with exceljs; the big screen renders its charts and figures; an approver sees only their own
 * department (and its items on the big screen); a clerk has no metrics at all.
 * Run: node --import tsx --test test/e2e/metrics.test.ts
 * (E2E_BASE_URL=http://… runs against a server already running instead of starting one.)
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import type { CaseDetail, HandoverDetail, IntakeForm, IntakeResult } from '../../server/modules/cases/cases.schemas.js';
import type { WindowView } from '../../server/platform/schemas.js';
import { REPORT_HEADERS, REPORT_SHEETS } from '../../common/supervision.js';
import type { Dashboard, MetricRow } from '../../server/modules/supervision/supervision.schemas.js';
import { launchBrowser, login, newPage, RESULTS_DIR, screenshot, startServer, type E2eServer } from '../helpers/e2e-server.js';
import { apiSession as openApiSession } from '../helpers/e2e-api.js';

const FOOD = '食品经营许可（新办）';
const HEALTH = '公共场所卫生许可（新办）';
const SCJG = '示范区市场监督管理局';
const WJJ = '示范区卫生健康局';
const APPLICANT = { name: '示范区统计小馆餐饮有限公司', idNo: '91350100M000100Y43', phone: '13912345601' };
const AGENT = { name: '陈小明', idNo: '11010519491231002X', phone: '13800138000' };

let server: E2eServer;
let browser: Browser;

/** A logged-in API session of the running server (test/helpers/e2e-api.ts). */
const apiSession = (username: string) => openApiSession(server.baseUrl, username);

/** Today in China and this month's period as the desk view defaults to it. */
function thisMonth(): { month: string; from: string; to: string } {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return { month: today.slice(0, 7), from: `${today.slice(0, 7)}-01`, to: today };
}

/** As the screens show a rate: 0.5 → "50.0%", null → "—". */
function rate(r: number | null): string {
  return r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
}

/** The staff pages scroll inside the layout: grow the window to the page for a whole-page picture. */
async function pageShot(page: Page, name: string) {
  await page.waitForTimeout(1200); // the charts' entry animation
  const height = Number(await page.evaluate('Math.max(900, (document.querySelector(".main")?.scrollHeight ?? 0) + 60)'));
  await page.setViewportSize({ width: 1440, height: Math.min(height, 5000) });
  await screenshot(page, name);
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).innerText()).trim();
}

/** A table row's cell, by the row's member id and the column's MetricRow key. */
function cell(page: Page, member: number, key: keyof MetricRow) {
  return page.locator('[data-testid="metrics-table"] tr', { has: page.getByTestId(`metrics-row-${member}`) }).first().locator(`[data-col="${key}"]`);
}

const state = {
  decidedCaseId: 0,
  scjgId: 0,
  wjjId: 0,
  period: thisMonth(),
  api: null as Dashboard | null,
  reportFile: '',
  windowName: '',
};

before(async () => {
  const external = process.env.E2E_BASE_URL;
  server = external
    ? { baseUrl: external, port: Number(new URL(external).port), pid: 0, output: () => '', stop: async () => undefined }
    : await startServer();
  browser = await launchBrowser();

  // The front desk, through the API: two 市场监管局 cases and one 卫健局 case, accepted and handed over.
  const clerk = await apiSession('clerk1');
  // the clerk's intake window (the desk remembers it; through the API it is named on each intake)
  const me = await clerk.get<{ user: { site: { id: number } | null } }>('/api/auth/me');
  const windows = await clerk.get<{ items: WindowView[] }>(`/api/windows?siteId=${me.user.site!.id}`);
  const window = windows.items.find((w) => w.active && w.kind !== 'delivery' && w.categories.includes('business'));
  assert.ok(window, 'an intake window for business items at the clerk\'s site');
  state.windowName = window.name;
  const formOf = async (name: string) => {
    const hits = await clerk.get<{ items: { subItemId: number; name: string }[] }>(`/api/catalog/search?q=${encodeURIComponent(name.replace(/（.*$/, ''))}&limit=20`);
    const hit = hits.items.find((h) => h.name === name);
    assert.ok(hit, `the demo catalog has ${name}`);
    const form = await clerk.get<IntakeForm>(`/api/cases/intake-form?subItemIds=${hit.subItemId}`);
    return form.subItems[0]!;
  };
  const accept = async (sub: Awaited<ReturnType<typeof formOf>>) => {
    const intake = await clerk.post<IntakeResult>('/api/cases', {
      clientKey: randomUUID(),
      channel: 'window',
      applicantType: 'entity',
      applicant: APPLICANT,
      agent: AGENT,
      windowId: window.id,
      subItemIds: [sub.subItemId],
      materials: sub.lines.map((l) => ({ materialId: l.materialId, status: 'received', form: l.form, copies: l.copies })),
      outcome: 'accept',
    });
    const created = intake.cases[0]!;
    assert.equal(created.status, 'accepted');
    return created;
  };
  const food = await formOf(FOOD);
  const health = await formOf(HEALTH);
  state.scjgId = food.departmentId;
  state.wjjId = health.departmentId;
  assert.equal(food.departmentName, SCJG);
  assert.equal(health.departmentName, WJJ);
  const first = await accept(food);
  const second = await accept(food);
  const third = await accept(health);
  state.decidedCaseId = first.id;
  const batch = await clerk.post<HandoverDetail>('/api/handovers', { departmentId: food.departmentId, caseIds: [first.id, second.id], clientKey: randomUUID() });
  await clerk.post<HandoverDetail>('/api/handovers', { departmentId: health.departmentId, caseIds: [third.id], clientKey: randomUUID() });

  // The department signs for its batch and decides one case with a document number.
  const approver = await apiSession('approver_scjg');
  const signed = await approver.get<HandoverDetail>(`/api/handovers/${batch.id}`);
  await approver.post(`/api/handovers/${batch.id}/sign`, { items: signed.cases.map((c) => ({ caseId: c.id, receivedCount: c.materialCount })) });
  let detail = await approver.get<CaseDetail>(`/api/cases/${first.id}`);
  while (detail.allowedActions.includes('pass_step')) detail = await approver.post<CaseDetail>(`/api/cases/${first.id}/actions/pass_step`, { opinion: '材料齐全，符合条件' });
  const year = state.period.month.slice(0, 4);
  detail = await approver.post<CaseDetail>(`/api/cases/${first.id}/actions/approve`, { opinion: '准予许可', documentNo: `示市监食许〔${year}〕0001` });
  assert.equal(detail.status, 'approved');

  // The rollups are rebuilt by the worker every few minutes; the supervisor rebuilds them now.
  const supervisor = await apiSession('supervisor1');
  await supervisor.post('/api/supervision/scan', {});
  const { from, to } = state.period;
  state.api = await supervisor.get<Dashboard>(`/api/supervision/dashboard?from=${from}&to=${to}&dimension=department`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('metrics: the desk view, the monthly report and the big screen', () => {
  test('the API counts the cases just made (the dashboard the screens show)', () => {
    const api = state.api!;
    const scjg = api.rows.find((r) => r.member === state.scjgId);
    const wjj = api.rows.find((r) => r.member === state.wjjId);
    assert.ok(scjg, `a row for ${SCJG}`);
    assert.ok(wjj, `a row for ${WJJ}`);
    assert.equal(scjg.name, SCJG);
    assert.equal(scjg.received, 2);
    assert.equal(scjg.decided, 1);
    assert.equal(scjg.onTime, 1, 'decided on its first day: on time');
    assert.equal(scjg.onTimeRate, 1);
    assert.equal(wjj.received, 1);
    assert.equal(wjj.decided, 0);
    assert.equal(wjj.onTimeRate, null, 'nothing decided: no rate');
    assert.ok(api.totals.received >= 3 && api.totals.decided >= 1);
    assert.ok(api.open.total >= 2, 'the two undecided cases are open');
    assert.ok(api.rolledUpAt, 'the scan rolled the figures up');
  });

  test('the supervisor sees the totals, the department rows and their counts', async () => {
    const api = state.api!;
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'supervisor1');
      await page.getByTestId('nav-metrics').click();
      await page.getByTestId('metrics-kpis').waitFor();
      assert.equal(await text(page, 'page-title'), '统计分析');
      assert.equal(await text(page, 'metrics-period'), `${state.period.from} 至 ${state.period.to}`);
      assert.match(await text(page, 'metrics-rolled-up'), /^数据更新于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

      // the key figures are the API's totals
      assert.equal(await text(page, 'kpi-received'), String(api.totals.received));
      assert.equal(await text(page, 'kpi-decided'), String(api.totals.decided));
      assert.equal(await text(page, 'kpi-on-time-rate'), rate(api.totals.onTimeRate));
      assert.equal(await text(page, 'kpi-early-rate'), rate(api.totals.earlyRate));
      assert.equal(await text(page, 'kpi-late'), String(api.totals.late));
      assert.equal(await text(page, 'kpi-satisfaction-rate'), rate(api.totals.satisfactionRate));
      assert.equal(await text(page, 'kpi-open-total'), String(api.open.total));
      assert.match(await text(page, 'kpi-open-red'), new RegExp(`超期 ${api.open.red}$`));

      // charts drawn
      assert.ok(await page.locator('[data-testid="metrics-trend-chart"] canvas').count());
      assert.ok(await page.locator('[data-testid="metrics-top-chart"] canvas').count());

      // another dimension, then back to the departments
      await page.getByTestId('metrics-dim-item').click();
      await page.locator('[data-testid="metrics-rows"][data-dimension="item"]').waitFor();
      await page.locator('[data-testid="metrics-table"] tr', { hasText: '食品经营许可' }).first().waitFor();
      await page.getByTestId('metrics-dim-department').click();
      await page.locator('[data-testid="metrics-rows"][data-dimension="department"]').waitFor();
      await page.waitForLoadState('networkidle');
      const scjg = api.rows.find((r) => r.member === state.scjgId)!;
      assert.equal((await page.getByTestId(`metrics-row-${state.scjgId}`).innerText()).trim(), SCJG);
      assert.equal((await cell(page, state.scjgId, 'received').innerText()).trim(), String(scjg.received));
      assert.equal((await cell(page, state.scjgId, 'decided').innerText()).trim(), String(scjg.decided));
      assert.equal((await cell(page, state.scjgId, 'onTime').innerText()).trim(), String(scjg.onTime));
      assert.equal((await cell(page, state.scjgId, 'onTimeRate').innerText()).trim(), '100.0%');
      assert.equal((await cell(page, state.wjjId, 'onTimeRate').innerText()).trim(), '—', 'nothing decided shows —');
      assert.match(page.url(), /dimension=department/);
      await pageShot(page, 'metrics-desk');

      // a department's row opens its items
      await page.getByTestId(`metrics-row-${state.scjgId}`).click();
      await page.locator('[data-testid="metrics-rows"][data-dimension="item"]').waitFor();
      assert.match(await text(page, 'metrics-department-tag'), new RegExp(SCJG));
      await page.locator('[data-testid="metrics-table"] tr', { hasText: '食品经营许可' }).first().waitFor();
      assert.match(page.url(), new RegExp(`departmentId=${state.scjgId}`));
      await pageShot(page, 'metrics-desk-department-items');
    } finally {
      await context.close();
    }
  });

  test('the monthly report downloads as an .xlsx with the report sheets, headers and the department row', async () => {
    const api = state.api!;
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'supervisor1');
      await page.goto('/metrics');
      await page.getByTestId('metrics-kpis').waitFor();
      await page.getByTestId('metrics-export').click();
      const link = page.getByTestId('export-download');
      await link.waitFor();
      assert.equal(await page.locator('.el-dialog', { has: link }).locator('input').first().inputValue(), state.period.month);
      await page.waitForTimeout(300);
      await screenshot(page, 'metrics-export-dialog');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      assert.match(download.suggestedFilename(), /\.xlsx$/);
      mkdirSync(RESULTS_DIR, { recursive: true });
      state.reportFile = path.join(RESULTS_DIR, 'metrics-monthly-report.xlsx');
      await download.saveAs(state.reportFile);
    } finally {
      await context.close();
    }

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(state.reportFile);
    assert.deepEqual(
      book.worksheets.map((s) => s.name),
      REPORT_SHEETS.map((s) => s.sheet),
      'the sheets are exactly the report sheets, in order',
    );
    const values = (row: ExcelJS.Row) => (row.values as ExcelJS.CellValue[]).slice(1).map(plain);
    for (const sheet of book.worksheets) assert.deepEqual(values(sheet.getRow(1)), [...REPORT_HEADERS], `${sheet.name}: the first row is the headers`);

    const col = (header: (typeof REPORT_HEADERS)[number]) => REPORT_HEADERS.indexOf(header);
    const byDepartment = book.getWorksheet('按部门')!;
    const rows: unknown[][] = [];
    byDepartment.eachRow((row, n) => n > 1 && rows.push(values(row)));
    const scjg = api.rows.find((r) => r.member === state.scjgId)!;
    const line = rows.find((r) => r[0] === SCJG);
    assert.ok(line, `the 按部门 sheet has a row for ${SCJG}: ${JSON.stringify(rows)}`);
    assert.equal(Number(line[col('收件量')]), scjg.received);
    assert.equal(Number(line[col('受理量')]), scjg.accepted);
    assert.equal(Number(line[col('办结量')]), scjg.decided);
    assert.equal(Number(line[col('按时办结')]), scjg.onTime);
    assert.equal(Number(line[col('超期办结')]), scjg.late);
    assert.equal(percentOf(line[col('按时办结率')]), 1);
    const wjj = rows.find((r) => r[0] === WJJ);
    assert.ok(wjj, `the 按部门 sheet has a row for ${WJJ}`);
    assert.equal(Number(wjj[col('收件量')]), 1);
    assert.equal(Number(wjj[col('办结量')]), 0);

    // the window the three cases were received at
    const byWindow: unknown[][] = [];
    book.getWorksheet('按窗口')!.eachRow((row, n) => n > 1 && byWindow.push(values(row)));
    const windowLine = byWindow.find((r) => String(r[0]).includes(state.windowName));
    assert.ok(windowLine, `the 按窗口 sheet has a row for ${state.windowName}: ${JSON.stringify(byWindow)}`);
    assert.equal(Number(windowLine[col('收件量')]), 3);

    // the summary sheet carries the month's totals: at least what was made here
    const summary = book.getWorksheet('汇总')!;
    assert.ok(summary.rowCount >= 2, 'the summary has a row under its headers');
    const totals = values(summary.getRow(summary.rowCount));
    assert.ok(Number(totals[col('收件量')]) >= 3, `the summary counts the cases: ${JSON.stringify(totals)}`);
  });

  test('the big screen renders its charts and the month\'s figures', async () => {
    const api = state.api!;
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await login(page, 'supervisor1');
      await page.goto('/screen/dashboard');
      await page.getByTestId('screen-kpis').waitFor();
      await page.getByTestId('screen-period').waitFor();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1200); // the charts' entry animation
      await screenshot(page, 'metrics-screen');
      assert.equal(await text(page, 'screen-title'), '示范区政务服务中心');
      assert.equal(await text(page, 'screen-kpi-received'), String(api.totals.received));
      assert.equal(await text(page, 'screen-kpi-decided'), String(api.totals.decided));
      assert.equal(await text(page, 'screen-kpi-on-time-rate'), rate(api.totals.onTimeRate));
      assert.equal(await text(page, 'screen-kpi-late'), String(api.totals.late));
      assert.equal(await text(page, 'screen-open-red'), String(api.open.red));
      assert.match(await text(page, 'screen-clock'), /^\d{2}:\d{2}:\d{2}$/);
      assert.equal(await page.getByTestId('screen-failed').count(), 0, 'every panel loaded');
      for (const chart of ['lights', 'satisfaction', 'trend', 'ranking', 'columns', 'bars']) {
        assert.equal(await page.locator(`[data-testid="screen-chart-${chart}"] canvas`).count(), 1, `${chart}: a canvas`);
      }
      // the stage fills the window: the figures are drawn, not a blank page
      const box = await page.getByTestId('screen-kpis').boundingBox();
      assert.ok(box && box.width > 1800, 'the tiles span the 1920 px stage');

      // a smaller window scales the whole stage down
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.waitForTimeout(600);
      const small = await page.getByTestId('screen-kpis').boundingBox();
      assert.ok(small && small.width < 1440 && small.width > 1300, `scaled to the window: ${small?.width}`);
      await screenshot(page, 'metrics-screen-1440');
    } finally {
      await context.close();
    }
  });

  test('an approver sees only their department; a clerk has no metrics', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'approver_scjg');
      await page.getByTestId('nav-metrics').click();
      await page.getByTestId('metrics-kpis').waitFor();
      await page.locator('[data-testid="metrics-rows"][data-dimension="department"]').waitFor();
      await page.getByTestId(`metrics-row-${state.scjgId}`).waitFor();
      assert.equal(await page.getByTestId(`metrics-row-${state.wjjId}`).count(), 0, 'another department is not shown');
      assert.equal(await page.getByTestId('metrics-department').count(), 0, 'no department filter for a department user');
      // a department's figures come by department and item only
      await page.getByTestId('metrics-dim-item').waitFor();
      assert.equal(await page.getByTestId('metrics-dim-site').count(), 0);
      assert.equal(await page.getByTestId('metrics-dim-clerk').count(), 0);
      await pageShot(page, 'metrics-desk-approver');

      // the big screen ranks the department's items instead of the departments
      await page.goto('/screen/dashboard');
      await page.getByTestId('screen-kpis').waitFor();
      await page.getByTestId('screen-period').waitFor();
      await page.getByText('事项按时办结率排行').waitFor();
      assert.equal(await page.getByTestId('screen-failed').count(), 0, 'every panel loaded');
      assert.equal(await text(page, 'screen-kpi-received'), '2', 'the department\'s two cases');
    } finally {
      await context.close();
    }

    const clerk = await newPage(browser, server.baseUrl);
    try {
      await login(clerk.page, 'clerk1');
      // the navigation is drawn with the workbench: count its entries only then (before, nothing is there to count)
      await clerk.page.getByTestId('home-title').waitFor();
      await clerk.page.getByTestId('nav-home').waitFor();
      assert.equal(await clerk.page.getByTestId('nav-metrics').count(), 0, 'no 统计分析 in the navigation');
      await clerk.page.goto('/screen/dashboard');
      await clerk.page.waitForURL((url) => !url.pathname.startsWith('/screen'));
      assert.equal(await clerk.page.getByTestId('screen').count(), 0);
    } finally {
      await clerk.context.close();
    }
  });
});

/** A cell's plain value (rich text, formula results and hyperlinks flattened). */
function plain(v: ExcelJS.CellValue): unknown {
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return v.result;
    if ('text' in v) return v.text;
  }
  return v ?? null;
}

/** A rate cell as a fraction, whether the report writes 1 (formatted 0.0%) or "100.0%". */
function percentOf(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.endsWith('%')) return Number(v.slice(0, -1)) / 100;
  return null;
}
