/**
 * The demo district with its history (issue 13, point 5), as a newcomer gets it: `npm install` made
 * the demo template (dist/pglite-demo-*.tar.gz, about three months generated through the services);
 * the first start on a new data folder unpacks it. The server starts on a fresh folder with the
 * defaults (DEMO_DATA=on, the embedded database in DATA_DIR/pglite) and its clock at the moment the
 * history ends (the template's manifest), the browser's clock likewise. The supervisor's big screen,
 * 亮灯监控 and the hall's 亮灯大屏, the alert centre, 大厅统计 with the window planner and the monthly
 * report (.xlsx of the last whole month, read with exceljs) show non-zero figures; after the server stops, the same figures are
 * counted in SQL directly in the data folder and must match.
 * Run: node --import tsx --test test/e2e/demo-history.test.ts (needs `npm run build:db-template`).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPORT_HEADERS } from '../../common/supervision.js';
import { DEMO_TEMPLATE, readDemoManifest, type DemoManifest } from '../../server/demo/history/template.js';
import { launchBrowser, login, RESULTS_DIR, screenshot, startServer, waitForPage, type E2eServer } from '../helpers/e2e-server.js';

const OPEN = `('accepted', 'handed_over', 'in_review', 'inspecting', 'suspended', 'returned')`;

let server: E2eServer;
let browser: Browser;
let manifest: DemoManifest;
let dataDir: string;
let firstStartMs = 0;

/** What the screens showed, compared with SQL once the server has stopped. */
const seen = {
  screen: {} as Record<string, number>,
  lights: {} as Record<string, number>,
  lightsByDepartment: {} as Record<string, number>,
  board: {} as Record<string, number>,
  alerts: {} as Record<string, number>,
  hall: {} as Record<string, number>,
  report: { month: '', totals: {} as Record<string, number>, byDepartment: {} as Record<string, Record<string, number>> },
};

const today = () => manifest.to;
const monthStart = () => `${today().slice(0, 7)}-01`;
function previousMonth(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** A page whose browser clock reads the moment the history ends (the screens compute "this month" from it). */
async function pageAtHistoryEnd(width = 1440, height = 900): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width, height }, locale: 'zh-CN', acceptDownloads: true });
  await context.clock.install({ time: new Date(manifest.generatedAt) }); // and on from there
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/**
 * The first answer of a GET to `pathname` (register before the navigation that asks): a screen's figures are read once
 * its own data came back — "the network went quiet" can come before a slow machine's page has asked. Not 200: the body.
 */
async function apiAnswer(page: Page, pathname: string): Promise<unknown> {
  const res = await page.waitForResponse((r) => new URL(r.url()).pathname === pathname && r.request().method() === 'GET');
  const body: unknown = await res.json();
  assert.equal(res.status(), 200, `${pathname} answered ${res.status()}: ${JSON.stringify(body)}`);
  return body;
}

async function count(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).innerText()).trim();
  assert.match(text, /^\d+$/, `${testId}: a number, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** The staff pages scroll inside the layout: grow the window to the page for a whole-page picture. */
async function pageShot(page: Page, name: string) {
  await page.waitForTimeout(1200);
  const height = Number(await page.evaluate('Math.max(900, (document.querySelector(".main")?.scrollHeight ?? 0) + 60)'));
  await page.setViewportSize({ width: 1440, height: Math.min(height, 5000) });
  await screenshot(page, name);
  await page.setViewportSize({ width: 1440, height: 900 });
}

before(async () => {
  if (!existsSync(DEMO_TEMPLATE)) throw new Error(`${DEMO_TEMPLATE} is missing: run \`npm run build:db-template\` (part of npm install) first`);
  manifest = readDemoManifest()!;
  assert.ok(manifest?.generatedAt && manifest.to, 'the template has its manifest');
  dataDir = mkdtempSync(path.join(tmpdir(), 'yc-e2e-history-'));
  const t0 = performance.now();
  // a newcomer's first start: the default embedded database in a new data folder, DEMO_DATA=on
  server = await startServer({ env: { DATA_DIR: dataDir, DATABASE_URL: '', DEMO_DATA: 'on', CLOCK_START: manifest.generatedAt } });
  firstStartMs = performance.now() - t0;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the demo district starts with its history', () => {
  test('a first start on a new data folder comes up from the template, with the history in it', async () => {
    console.log(`first start (tsx sources, template unpacked into ${path.join(dataDir, 'pglite')}): ${Math.round(firstStartMs)} ms; history ${manifest.from} → ${manifest.to}, ${manifest.counts.cases} cases`);
    assert.ok(firstStartMs < 20_000, `first start took ${Math.round(firstStartMs)} ms`);
    assert.ok(existsSync(path.join(dataDir, 'pglite', 'PG_VERSION')), 'the embedded database was created in the data folder');
    assert.ok(manifest.counts.cases > 300, `the history has cases: ${manifest.counts.cases}`);
    assert.deepEqual(manifest.failures, {}, 'every step of the history went through the services');
  });

  test('the big screen shows this month’s figures, the lights and the alerts', async () => {
    const { context, page } = await pageAtHistoryEnd(1920, 1080);
    try {
      await login(page, 'supervisor1');
      await page.goto('/screen/dashboard');
      await page.getByTestId('screen-kpis').waitFor();
      await page.getByTestId('screen-period').waitFor();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1500); // the charts' entry animation
      assert.equal(await page.getByTestId('screen-failed').count(), 0, 'every panel loaded');
      assert.match(await page.getByTestId('screen-period').innerText(), new RegExp(`${monthStart()}.*${today()}`));
      for (const key of ['received', 'decided', 'late']) seen.screen[key] = await count(page, `screen-kpi-${key}`);
      for (const light of ['green', 'yellow', 'red']) seen.screen[light] = await count(page, `screen-open-${light}`);
      seen.screen.rated = await count(page, 'screen-rated');
      const [open, investigating, closed] = (await page.getByTestId('screen-alerts').locator('b').allInnerTexts()).map(Number);
      Object.assign(seen.screen, { alertsOpen: open!, alertsInvestigating: investigating!, alertsClosed: closed! });
      for (const chart of ['lights', 'satisfaction', 'trend', 'ranking', 'columns', 'bars']) {
        assert.equal(await page.locator(`[data-testid="screen-chart-${chart}"] canvas`).count(), 1, `${chart}: a chart`);
      }
      await screenshot(page, 'demo-history-screen');
      for (const [k, v] of Object.entries(seen.screen)) if (!['late', 'alertsInvestigating'].includes(k)) assert.ok(v > 0, `the big screen's ${k} is not zero`);
      assert.ok(seen.screen.received! >= seen.screen.decided! / 3, 'a month of cases');
    } finally {
      await context.close();
    }
  });

  test('亮灯监控 and the hall’s light board show open cases of every colour', async () => {
    const { context, page } = await pageAtHistoryEnd();
    try {
      await login(page, 'supervisor1');
      await page.goto('/supervision/lights');
      await page.getByTestId('light-cards').waitFor();
      for (const k of ['green', 'yellow', 'red', 'paused']) seen.lights[k] = Number(await page.getByTestId(`light-count-${k}`).getAttribute('data-count'));
      const rows = await page.getByTestId('lights-by-department').locator('.el-table__body tr').all();
      for (const row of rows) {
        const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
        seen.lightsByDepartment[cells[0]!] = Number(cells[cells.length - 1]);
      }
      await pageShot(page, 'demo-history-lights');
      for (const k of ['green', 'yellow', 'red']) assert.ok(seen.lights[k]! > 0, `亮灯监控: some ${k} cases`);
      assert.ok(Object.keys(seen.lightsByDepartment).length >= 3, `open cases in several departments: ${JSON.stringify(seen.lightsByDepartment)}`);

      // the hall's light board of the district centre (public, computed live)
      await page.goto('/hall/lights?siteId=1');
      await page.getByTestId('light-board').waitFor();
      await page.getByTestId('light-board-red').waitFor();
      for (const k of ['green', 'yellow', 'red']) seen.board[k] = Number(await page.getByTestId(`light-board-${k}`).getAttribute('data-count'));
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.waitForTimeout(800);
      await screenshot(page, 'demo-history-light-board');
      assert.ok(seen.board.red! > 0 && seen.board.green! > 0, `the board shows red and green cases: ${JSON.stringify(seen.board)}`);
    } finally {
      await context.close();
    }
  });

  test('the alert centre lists the history’s alerts, 文号缺号 among them', async () => {
    const { context, page } = await pageAtHistoryEnd();
    try {
      await login(page, 'supervisor1');
      // the list's own answer, not "the network went quiet" (which a slow machine can reach before the list asks)
      const answered = apiAnswer(page, '/api/supervision/alerts');
      await page.goto('/supervision/alerts');
      const body = (await answered) as { counts?: Record<string, number> };
      await page.getByTestId('alert-table').waitFor();
      await waitForPage(page, `document.querySelector('[data-testid="alert-tab-open"]')?.getAttribute('data-count') === '${body.counts?.open ?? 0}'`);
      for (const s of ['open', 'investigating', 'closed']) seen.alerts[s] = Number(await page.getByTestId(`alert-tab-${s}`).getAttribute('data-count'));
      assert.deepEqual(seen.alerts, body.counts, 'the tabs show the counts the server sent');
      assert.ok(seen.alerts.open! > 0 && seen.alerts.closed! > 0, `open and closed alerts: ${JSON.stringify(seen.alerts)}`);
      assert.ok(await page.locator('[data-testid^="alert-row-"]').count() > 0, 'alert rows');
      await pageShot(page, 'demo-history-alerts');
      // the document-number gap of 市场监管局
      await page.getByTestId('alert-tab-all').click();
      const gap = page.locator('[data-testid^="alert-row-"][data-kind="docno_gap"]').first();
      await page.getByTestId('alert-filter-kind').click();
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '文号缺号' }).first().click();
      await page.getByTestId('alert-search').click();
      await gap.waitFor();
      assert.match(await gap.innerText(), /文号缺号/);
      await gap.click();
      await page.getByTestId('alert-gaps').waitFor();
      assert.equal(await page.getByTestId('alert-kind').getAttribute('data-kind'), 'docno_gap');
      seen.alerts.gapsOpen = Number((await page.getByTestId('alert-open-gaps').innerText()).trim());
      assert.ok(seen.alerts.gapsOpen > 0, 'numbers still missing');
      await pageShot(page, 'demo-history-docno-gap');
    } finally {
      await context.close();
    }
  });

  test('大厅统计: the last week’s tickets by hour and the window planner', async () => {
    const { context, page } = await pageAtHistoryEnd();
    try {
      await login(page, 'supervisor1');
      const answered = apiAnswer(page, '/api/queue/stats');
      await page.goto('/queue/stats');
      const stats = await answered;
      await page.getByTestId('stats-kpis').waitFor();
      await page.getByTestId('planner-table').waitFor();
      await waitForPage(page, `document.querySelector('[data-testid="kpi-tickets"]')?.textContent?.trim() === '${(stats as { totals: { tickets: number } }).totals.tickets}'`);
      seen.hall.tickets = await count(page, 'kpi-tickets');
      seen.hall.served = await count(page, 'kpi-served');
      const hours = await page.locator('[data-testid^="planner-hour-"]').count();
      assert.ok(seen.hall.tickets > 10 && seen.hall.served > 0, `tickets in the last week: ${JSON.stringify(seen.hall)}`);
      assert.ok(hours >= 6, `arrivals spread over the working hours: ${hours} hours`);
      assert.ok(await page.locator('[data-testid="stats-hourly-chart"] canvas').count() > 0, 'the hourly chart is drawn');
      await pageShot(page, 'demo-history-hall-stats');
    } finally {
      await context.close();
    }
  });

  test('the monthly report of the last whole month downloads with the month’s figures', async () => {
    const month = previousMonth(today());
    seen.report.month = month;
    const { context, page } = await pageAtHistoryEnd();
    let file = '';
    try {
      await login(page, 'supervisor1');
      const [y, m] = month.split('-').map(Number) as [number, number];
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      await page.goto(`/metrics?from=${month}-01&to=${month}-${last}&dimension=department`);
      await page.getByTestId('metrics-kpis').waitFor();
      await page.waitForLoadState('networkidle');
      await pageShot(page, 'demo-history-metrics');
      await page.getByTestId('metrics-export').click();
      const link = page.getByTestId('export-download');
      await link.waitFor();
      assert.equal(await page.locator('.el-dialog', { has: link }).locator('input').first().inputValue(), month);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      mkdirSync(RESULTS_DIR, { recursive: true });
      file = path.join(RESULTS_DIR, `demo-history-report-${month}.xlsx`);
      await download.saveAs(file);
    } finally {
      await context.close();
    }
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const col = (h: (typeof REPORT_HEADERS)[number]) => REPORT_HEADERS.indexOf(h) + 1;
    const figures = (row: ExcelJS.Row) => ({
      received: Number(row.getCell(col('收件量')).value), decided: Number(row.getCell(col('办结量')).value),
      onTime: Number(row.getCell(col('按时办结')).value), late: Number(row.getCell(col('超期办结')).value),
    });
    const summary = book.getWorksheet('汇总')!;
    seen.report.totals = figures(summary.getRow(summary.rowCount));
    book.getWorksheet('按部门')!.eachRow((row, n) => {
      if (n > 1) seen.report.byDepartment[String(row.getCell(1).value)] = figures(row);
    });
    assert.ok(seen.report.totals.received! > 100 && seen.report.totals.decided! > 100, `a month's work: ${JSON.stringify(seen.report.totals)}`);
    assert.ok(Object.keys(seen.report.byDepartment).length >= 3, 'several departments');
  });

  test('after the server stops, SQL over the generated cases gives the same figures', async () => {
    await server.stop();
    const db = new PGlite(path.join(dataDir, 'pglite'));
    try {
      const one = async (q: string): Promise<Record<string, number>> => {
        const r = await db.query<Record<string, unknown>>(q);
        return Object.fromEntries(Object.entries(r.rows[0]!).map(([k, v]) => [k, Number(v)]));
      };
      const d = today();
      const from = monthStart();
      // DOMAIN.md's light, written out: yellow when the remaining working days are at most the yellow days of the
      // item's rule (else the centre's, else max(1, 20 %)) on the promised limit with an approved extension's 10 days
      const withYellowDays = `(select c.*, greatest(coalesce(ir.yellow_min_days, cr.yellow_min_days, 1),
          floor((c.promised_limit + case when c.extension_status = 'approved' then 10 else 0 end) * coalesce(ir.yellow_percent, cr.yellow_percent, 20) / 100.0)) as yd
        from cases c left join light_rules ir on ir.item_id = c.item_id left join light_rules cr on cr.item_id is null) cases`;
      const yellow = `(wd_ord(promised_due) - wd_ord('${d}'::date) <= yd)`;
      const month = await one(`select
          count(*) filter (where received_on between '${from}' and '${d}') as received,
          count(*) filter (where decided_on between '${from}' and '${d}') as decided,
          count(*) filter (where decided_on between '${from}' and '${d}' and decided_on > promised_due) as late,
          count(*) filter (where status in ${OPEN} and paused_on is null and '${d}'::date <= promised_due and not ${yellow}) as green,
          count(*) filter (where status in ${OPEN} and paused_on is null and '${d}'::date <= promised_due and ${yellow}) as yellow,
          count(*) filter (where status in ${OPEN} and paused_on is null and '${d}'::date > promised_due) as red,
          count(*) filter (where status in ${OPEN} and paused_on is not null) as paused
        from ${withYellowDays}`);
      const rated = await one(`select count(*) as n from ratings where rated_on between '${from}' and '${d}' and not excluded`);
      const alerts = await one(`select count(*) filter (where status = 'open') as open, count(*) filter (where status = 'investigating') as investigating,
          count(*) filter (where status = 'closed') as closed from supervision_alerts`);
      const gaps = await one(`select count(*) as n from docno_gaps g join supervision_alerts a on a.id = g.alert_id where g.status = 'missing' and a.kind = 'docno_gap'`);
      const week = await one(`select count(*) as tickets, count(*) filter (where status = 'done') as served from queue_tickets
          where site_id = 1 and day between '${d}'::date - 6 and '${d}'::date`);
      const board = await one(`select
          count(*) filter (where paused_on is null and '${d}'::date <= promised_due and not ${yellow}) as green,
          count(*) filter (where paused_on is null and '${d}'::date <= promised_due and ${yellow}) as yellow,
          count(*) filter (where paused_on is null and '${d}'::date > promised_due) as red
        from ${withYellowDays} where status in ${OPEN} and site_id = 1`);
      const byDepartment = (await db.query<{ name: string; n: number }>(`select d.name, count(*)::int as n from cases c join departments d on d.id = c.department_id
          where c.status in ${OPEN} group by d.name`)).rows;

      assert.deepEqual(seen.screen, {
        received: month.received, decided: month.decided, late: month.late, green: month.green, yellow: month.yellow, red: month.red,
        rated: rated.n, alertsOpen: alerts.open, alertsInvestigating: alerts.investigating, alertsClosed: alerts.closed,
      }, 'the big screen = SQL');
      assert.deepEqual(seen.lights, { green: month.green, yellow: month.yellow, red: month.red, paused: month.paused }, '亮灯监控 = SQL');
      assert.deepEqual(seen.lightsByDepartment, Object.fromEntries(byDepartment.map((r) => [r.name, Number(r.n)])), '亮灯监控 by department = SQL');
      assert.deepEqual(seen.board, board, 'the district centre’s light board = SQL');
      assert.deepEqual({ open: seen.alerts.open, investigating: seen.alerts.investigating, closed: seen.alerts.closed }, alerts, 'the alert centre = SQL');
      assert.equal(seen.alerts.gapsOpen, gaps.n, '文号缺号: the numbers still missing = SQL');
      assert.deepEqual(seen.hall, week, '大厅统计 (the district centre, the last seven days) = SQL');

      const [y, m] = seen.report.month.split('-').map(Number) as [number, number];
      const mFrom = `${seen.report.month}-01`;
      const mTo = `${seen.report.month}-${new Date(Date.UTC(y, m, 0)).getUTCDate()}`;
      const figures = `count(*) filter (where received_on between '${mFrom}' and '${mTo}') as received,
          count(*) filter (where decided_on between '${mFrom}' and '${mTo}') as decided,
          count(*) filter (where decided_on between '${mFrom}' and '${mTo}' and decided_on <= promised_due) as "onTime",
          count(*) filter (where decided_on between '${mFrom}' and '${mTo}' and decided_on > promised_due) as late`;
      assert.deepEqual(seen.report.totals, await one(`select ${figures} from cases`), `月报 ${seen.report.month} 汇总 = SQL`);
      const depts = await db.query<Record<string, unknown>>(`select d.name, ${figures} from cases c join departments d on d.id = c.department_id group by d.name`);
      const expected = Object.fromEntries(depts.rows
        .map((r) => [String(r.name), { received: Number(r.received), decided: Number(r.decided), onTime: Number(r.onTime), late: Number(r.late) }] as const)
        .filter(([, f]) => f.received > 0 || f.decided > 0));
      assert.deepEqual(seen.report.byDepartment, expected, `月报 ${seen.report.month} 按部门 = SQL`);
      console.log(`figures checked: ${JSON.stringify({ screen: seen.screen, lights: seen.lights, board: seen.board, alerts: seen.alerts, hall: seen.hall, report: seen.report.totals })}`);
    } finally {
      await db.close();
    }
  });
});
