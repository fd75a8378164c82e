/**
 * The Content-Security-Policy in a real browser (issue 14, point 4): it is enforced (an injected
 * inline handler does not run and is reported), nothing frames the app, and the API documentation
 * (Swagger UI) works under it. Every other browser test runs under the same policy: the harness
 * fails a test in which the page reported a violation (test/helpers/e2e-server.ts). ECharts (canvas,
 * tooltips) is checked here too.
 * Run: node --import tsx --test test/e2e/csp.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, login, newPage, screenshot, startServer, takeCspViolations, type E2eServer } from '../helpers/e2e-server.js';

describe('Content-Security-Policy in the browser', () => {
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

  test('an injected inline handler is refused and reported; the page keeps working', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto('/portal');
      await page.getByTestId('portal-search-input').waitFor();
      await page.evaluate(`document.body.insertAdjacentHTML('beforeend', '<img id="xss" src="/nope.png" onerror="window.__pwned = 1">')`);
      await page.waitForTimeout(500);
      assert.equal(await page.evaluate('window.__pwned ?? 0'), 0, 'the inline handler did not run');
      const seen = takeCspViolations(); // expected here: not a failure of this test
      assert.ok(seen.some((v) => v.directive === 'script-src-attr'), `reported: ${JSON.stringify(seen)}`);
      await page.getByTestId('portal-search-input').fill('营业执照');
      await page.locator('[data-testid="portal-search-results"][data-query="营业执照"]').waitFor();
    } finally {
      await context.close();
    }
  });

  test('no page of the app can be framed by another site (frame-ancestors none)', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      // another origin (localhost vs 127.0.0.1) puts the login page in an iframe
      const foreign = server.baseUrl.replace('127.0.0.1', 'localhost');
      await page.goto(`${foreign}/api/health`);
      await page.evaluate(`document.body.innerHTML = '<iframe id="f" src="${server.baseUrl}/login" width="800" height="600"></iframe>'`);
      await page.waitForTimeout(1500);
      const framed = page.frames().find((f) => f !== page.mainFrame());
      const loaded = framed ? await framed.locator('[data-testid="login-username"]').count() : 0;
      assert.equal(loaded, 0, 'the login form did not render inside the foreign frame');
      takeCspViolations();
    } finally {
      await context.close();
    }
  });

  test('ECharts on the big screen draws and shows its tooltips under the policy', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'approver_scjg');
      await page.goto('/screen/dashboard');
      await page.getByTestId('screen-kpis').waitFor();
      for (const chart of ['lights', 'satisfaction', 'trend', 'ranking']) {
        const canvas = page.locator(`[data-testid="screen-chart-${chart}"] canvas`);
        await canvas.waitFor();
        const box = await canvas.boundingBox();
        assert.ok(box && box.width > 100, `${chart}: drawn`);
        // hovering across the chart makes ECharts write its tooltip (HTML with style attributes)
        for (const x of [0.3, 0.5, 0.7]) await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.6, { steps: 3 });
      }
      await page.waitForTimeout(500);
      await screenshot(page, 'screen-under-csp');
    } finally {
      await context.close();
    }
  });

  test('the API documentation (Swagger UI) renders its operations under the policy', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto('/api/docs');
      await page.locator('.swagger-ui .opblock').first().waitFor({ timeout: 30_000 });
      const operations = await page.locator('.swagger-ui .opblock').count();
      assert.ok(operations > 0, `the operations are listed (${operations})`);
      await page.locator('.swagger-ui .opblock-summary').first().click();
      await page.locator('.swagger-ui .opblock-body').first().waitFor();
      await screenshot(page, 'api-docs-under-csp');
    } finally {
      await context.close();
    }
  });
});
