/**
 * Scans of case materials in the browser (issue 16.6): the clerk attaches a file and a camera frame (Chromium's
 * fake camera) to received materials at intake, the department's approver opens them in the case detail's viewer
 * and downloads the 电子档案. Every page lives with the CSP (the viewer frames a PDF from the same origin).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import JSZip from 'jszip';
import { FAKE_CAMERA_ARGS, launchBrowser, login, newPage, screenshot, startServer, type E2eServer } from '../helpers/e2e-server.js';
import { pdfOf, pngOf } from '../helpers/files.js';

const SUB_ITEM = '食品经营许可（新办）';
const COMPANY = { name: '示范区扫描测试餐饮有限公司', idNo: '91350100M000100Y43', phone: '13912340066' };

let server: E2eServer;
let browser: Browser;
let caseId = 0;

before(async () => {
  server = await startServer();
  browser = await launchBrowser(FAKE_CAMERA_ARGS);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
}

const rows = (page: Page) => page.getByTestId('intake-material');

describe('scans of materials: intake → case detail viewer → 电子档案', () => {
  test('the clerk attaches a PDF, a picture and a camera frame to received materials; the intake names them', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'clerk1');
      await page.getByTestId('nav-case-intake').click();
      await page.getByTestId('applicant-form').waitFor();
      await page.getByTestId('applicant-type-entity').click();
      await page.getByTestId('applicant-name').fill(COMPANY.name);
      await page.getByTestId('applicant-id').fill(COMPANY.idNo);
      await page.getByTestId('applicant-phone').fill(COMPANY.phone);
      await page.getByTestId('sub-item-search').fill('食品经营许可');
      await page.locator('.yc-subitem-suggest:visible [data-testid="sub-item-hit"]', { hasText: SUB_ITEM }).first().click();
      await page.getByTestId('intake-materials').waitFor();
      await page.waitForLoadState('networkidle');
      assert.equal(await page.getByTestId('material-scans').count(), 0, 'scans are offered on received lines only');
      await page.getByTestId('receive-all').click();

      // 上传文件: a picture and a PDF on the first line
      const first = rows(page).first();
      await first.getByTestId('scan-file-input').setInputFiles([
        { name: '营业执照.png', mimeType: 'image/png', buffer: pngOf() },
        { name: '法定代表人身份证明.pdf', mimeType: 'application/pdf', buffer: await pdfOf(2) },
      ]);
      await first.getByTestId('scan-file').nth(1).waitFor();
      // a renamed executable is refused with the files module's message
      await first.getByTestId('scan-file-input').setInputFiles({ name: '扫描.jpg', mimeType: 'image/jpeg', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4000, 1)]) });
      await page.locator('.el-message', { hasText: '按文件内容识别' }).first().waitFor();
      assert.equal(await first.getByTestId('scan-file').count(), 2);

      // 扫描: a frame of the (fake) camera on the second line
      const second = rows(page).nth(1);
      await second.getByTestId('scan-camera-open').click();
      await page.locator('[data-testid="scan-capture"]:not([disabled])').waitFor({ timeout: 15_000 });
      await page.waitForTimeout(300);
      await page.getByTestId('scan-capture').click();
      await second.getByTestId('scan-file').first().waitFor();
      assert.match(await second.getByTestId('scan-file').first().getAttribute('title') ?? '', /^扫描-.*\.jpg（\d+ KB）$/);
      // a frame removed is not sent; a second one is
      await second.getByTestId('scan-remove').click();
      assert.equal(await second.getByTestId('scan-file').count(), 0);
      await second.getByTestId('scan-camera-open').click();
      await page.locator('[data-testid="scan-capture"]:not([disabled])').waitFor({ timeout: 15_000 });
      await page.getByTestId('scan-capture').click();
      await second.getByTestId('scan-file').first().waitFor();
      await settle(page);
      await first.evaluate((el) => (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'start' }));
      await page.waitForTimeout(200);
      await screenshot(page, 'scans-intake');

      await page.getByTestId('outcome-accept').click();
      await page.getByTestId('intake-result').waitFor();
      caseId = Number(await page.getByTestId('intake-result-case').first().getAttribute('data-case-id'));
      assert.ok(caseId > 0);
    } finally {
      await context.close();
    }
  });

  test("the department's approver opens the scans in the case detail's viewer and downloads the 电子档案", async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'approver_scjg');
      await page.goto(`/cases/${caseId}`);
      await page.getByTestId('case-materials').waitFor();
      const files = page.locator('[data-testid$="-file"]');
      assert.equal(await files.count(), 3, 'the picture, the PDF and the camera frame are listed');

      await page.locator('[data-testid="material-1-file"]', { hasText: '营业执照.png' }).click();
      const img = page.getByTestId('case-file-image');
      await img.waitFor();
      await settle(page);
      assert.ok(await img.evaluate((el) => { const i = el as unknown as { complete: boolean; naturalWidth: number }; return i.complete && i.naturalWidth === 420; }), 'the picture is drawn');
      await screenshot(page, 'scans-viewer-image');
      await page.keyboard.press('Escape');
      await page.getByTestId('case-file-viewer').waitFor({ state: 'hidden' });

      const [pdf] = await Promise.all([
        page.waitForResponse((r) => /\/api\/cases\/\d+\/files\/\d+$/.test(new URL(r.url()).pathname)),
        page.locator('[data-testid="material-1-file"]', { hasText: '法定代表人身份证明.pdf' }).click(),
      ]);
      assert.equal(pdf.status(), 200);
      assert.equal(pdf.headers()['content-type'], 'application/pdf', 'the frame loads the PDF itself (framing allowed by its answer)');
      const frame = page.getByTestId('case-file-pdf');
      await frame.waitFor();
      await settle(page);
      await page.waitForTimeout(1500); // Chromium's PDF viewer draws the pages after the load
      assert.match((await frame.getAttribute('src')) ?? '', new RegExp(`^/api/cases/${caseId}/files/\\d+$`));
      await screenshot(page, 'scans-viewer-pdf');
      await page.keyboard.press('Escape');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('case-archive').click()]);
      assert.match(download.suggestedFilename(), /-电子档案\.zip$/);
      const zip = await JSZip.loadAsync(readFileSync((await download.path())!));
      const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
      assert.ok(names.includes('目录.csv'));
      assert.equal(names.filter((n) => /^\d{2}-/.test(n)).length, 3, `three material files: ${names.join(', ')}`);
    } finally {
      await context.close();
    }
  });
});
