/**
 * Browser journeys of the catalog (事项清单): a department editor drafts, edits and submits a new
 * checklist version; the centre reviews the diff and publishes it; an anonymous visitor finds the
 * item on the portal by pinyin initials, reads the guide and prints the guide and the checklist.
 * Run: node --import tsx --test test/e2e/catalog.test.ts
 * (E2E_BASE_URL=http://… runs against a server already running instead of starting one.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, login, logout, newPage, screenshot, startServer, waitForPage, type E2eServer } from '../helpers/e2e-server.js';
import { printToPdf } from './print-helpers.js';
import { pdfOf } from '../helpers/files.js';

const ITEM = '食品经营许可';
const SUB_ITEM = '食品经营许可（新办）';
const DEPARTMENT = '示范区市场监督管理局';

let server: E2eServer;
let browser: Browser;

before(async () => {
  const external = process.env.E2E_BASE_URL;
  server = external
    ? { baseUrl: external, port: Number(new URL(external).port), pid: 0, output: () => '', stop: async () => undefined }
    : await startServer();
  browser = await launchBrowser();
  // The journeys need the demo catalog: say so plainly rather than time out somewhere.
  const res = await fetch(`${server.baseUrl}/api/catalog/search?q=spjy`);
  const body = (await res.json()) as { total: number };
  assert.ok(body.total > 0, 'the demo catalog is not loaded (GET /api/catalog/search?q=spjy found nothing)');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Waits for an Element Plus message with this text (success toasts after saving etc.). */
async function toast(page: Page, text: string | RegExp) {
  await page.locator('.el-message', { hasText: text }).first().waitFor();
}

/** Confirms an Element Plus message box. */
async function confirmBox(page: Page) {
  const box = page.locator('.el-message-box');
  await box.waitFor();
  await box.getByRole('button', { name: '确定' }).click();
  await box.waitFor({ state: 'hidden' });
}

describe('checklist versions: draft → submit → diff → publish', () => {
  let versionId = 0;
  let versionNo = 0;
  let subItemId = 0;
  let toggledMaterial = '';
  let addedMaterial = '';

  test('the department editor drafts a new version, changes a line, adds a material and submits', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'editor_scjg');
      await page.getByTestId('nav-catalog-items').click();
      await page.getByTestId('items-table').waitFor();
      await page.getByTestId('item-search').fill(ITEM);
      await page.getByTestId('item-search-submit').click();
      const itemLink = page.getByTestId(/^item-row-\d+$/).filter({ hasText: new RegExp(`^\\s*${ITEM}\\s*$`) });
      await itemLink.first().waitFor();
      await screenshot(page, 'catalog-items');
      await itemLink.first().click();

      // the item page: editable by the owning department, with its sub-items
      await page.getByTestId('item-form').waitFor();
      await page.getByTestId('sub-items-table').waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'catalog-item-editor');
      const subRow = page.locator('tr', { has: page.getByText(SUB_ITEM, { exact: true }) });
      // 网上办理: the editor makes the sub-item 全程网办; the choice is saved and shown
      const online = subRow.getByTestId(/^sub-item-online-\d+$/);
      await online.click();
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '全程网办' }).click();
      await page.locator('.el-message--success').first().waitFor();
      // the table reloads the item after the save: wait for the row to show the new choice
      await subRow.getByTestId(/^sub-item-online-\d+$/).filter({ hasText: '全程网办' }).waitFor();
      await subRow.getByTestId(/^sub-item-versions-\d+$/).click();

      await page.getByTestId('versions-table').waitFor();
      subItemId = Number(/sub-items\/(\d+)\/versions/.exec(page.url())?.[1]);
      assert.ok(subItemId > 0);
      await page.getByTestId('version-in-force').waitFor();
      await screenshot(page, 'catalog-versions-before');
      await page.getByTestId('version-draft').click();

      await page.waitForURL(/\/catalog\/versions\/\d+$/);
      versionId = Number(/versions\/(\d+)$/.exec(page.url())?.[1]);
      await page.getByTestId('lines-editor').waitFor();
      // the material pickers name their material once the library has loaded (until then they show its id)
      await page.locator('[data-testid="lines-editor"]:not([data-materials="0"])').waitFor();
      versionNo = Number(/v(\d+)\s*$/.exec((await page.getByTestId('page-title').textContent()) ?? '')?.[1]);
      assert.ok(versionNo >= 2, 'a new version follows the one in force');
      assert.match((await page.getByTestId('version-status').textContent()) ?? '', /草稿/);

      // toggle 容缺 on the first line that does not allow it yet
      const lines = await page.locator('[data-testid^="line-missing-"]').count();
      assert.ok(lines > 0, 'the draft starts from the lines in force');
      let toggled = -1;
      for (let i = 0; i < lines; i++) {
        const box = page.getByTestId(`line-missing-${i}`);
        if (!((await box.getAttribute('class')) ?? '').includes('is-checked')) {
          toggled = i;
          break;
        }
      }
      assert.ok(toggled >= 0, 'some line does not allow 容缺 yet');
      toggledMaterial = (await page.getByTestId(`line-material-${toggled}`).innerText()).trim();
      await page.getByTestId(`line-missing-${toggled}`).click();

      // add a material from the library (options already on the checklist are disabled)
      await page.getByTestId('line-add').click();
      await page.getByTestId(`line-material-${lines}`).click();
      const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item:not(.is-disabled)').first();
      addedMaterial = ((await option.locator('.opt-name').textContent()) ?? '').trim();
      assert.ok(addedMaterial);
      await option.click();
      await page.getByTestId('version-note').fill('端到端测试：场所平面图允许容缺，补充一项材料');
      await screenshot(page, 'catalog-version-editor');

      await page.getByTestId('version-save').click();
      await toast(page, '已保存');
      await page.getByTestId('version-submit').click();
      await confirmBox(page);
      await page.getByTestId('version-status').filter({ hasText: '已报送待审核' }).waitFor();
      assert.equal(await page.getByTestId('version-submit').count(), 0, 'a submitted version can no longer be submitted');
      assert.equal(await page.getByTestId('lines-editor').count(), 0, 'nor edited');
      await screenshot(page, 'catalog-version-submitted');

      // the editor's workbench lists it among the department's unpublished versions
      await page.getByTestId('nav-home').click();
      await page.getByTestId(`catalog-draft-${versionId}`).waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'home-editor_scjg-catalog');
      await logout(page);
    } finally {
      await context.close();
    }
  });

  test('the centre sees it in 待审核, reviews the diff and publishes it from today', async () => {
    assert.ok(versionId, 'needs the submitted version');
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'catalog1');
      await page.getByTestId('catalog-review-card').waitFor();
      const count = Number((await page.getByTestId('catalog-review-count').locator('b').textContent()) ?? '0');
      assert.ok(count >= 1, 'the workbench counts what waits for review');
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'home-catalog1-catalog');

      await page.getByTestId('nav-catalog-review').click();
      await page.getByTestId(`queue-row-${versionId}`).waitFor();
      await screenshot(page, 'catalog-review-queue');
      await page.getByTestId(`queue-row-${versionId}`).click();

      // reviewers land on the comparison with the version in force
      const diff = page.getByTestId('checklist-diff');
      await diff.waitFor();
      assert.match((await page.getByTestId('diff-count-changed').textContent()) ?? '', /修改\s*1/);
      assert.match((await page.getByTestId('diff-count-added').textContent()) ?? '', /新增\s*1/);
      assert.match((await page.getByTestId('diff-count-removed').textContent()) ?? '', /删除\s*0/);
      const changed = diff.locator('[data-testid="diff-row"][data-kind="changed"]');
      assert.equal(await changed.count(), 1);
      assert.equal(await changed.getAttribute('data-material'), toggledMaterial);
      const cell = changed.locator('td[data-field="allowMissing"]');
      assert.match((await cell.getAttribute('class')) ?? '', /hit/, 'the changed field is highlighted');
      assert.equal((await cell.locator('del').textContent())?.trim(), '—');
      assert.equal((await cell.locator('ins').textContent())?.trim(), '✓');
      const added = diff.locator('[data-testid="diff-row"][data-kind="added"]');
      assert.equal(await added.count(), 1);
      assert.equal(await added.getAttribute('data-material'), addedMaterial);
      await screenshot(page, 'catalog-version-diff');

      await page.getByTestId('version-publish').click();
      const date = page.getByTestId('publish-effective-from').locator('input');
      const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
      assert.equal(await date.inputValue(), today, 'effective from today by default');
      await screenshot(page, 'catalog-version-publish-dialog');
      await page.getByTestId('publish-confirm').click();

      // back on the history: published and in force
      await page.waitForURL(`**/catalog/sub-items/${subItemId}/versions`);
      await page.getByTestId(`version-status-${versionNo}`).filter({ hasText: '已发布' }).waitFor();
      await page.getByTestId('version-in-force').filter({ hasText: `v${versionNo}` }).waitFor();
      const row = page.locator('tr', { has: page.getByTestId(`version-row-${versionNo}`) });
      await row.getByTestId('version-in-force-tag').waitFor();
      assert.match((await row.textContent()) ?? '', new RegExp(today));
      await screenshot(page, 'catalog-versions-published');

      // the public guide now follows the new version
      const guide = (await (await page.request.get(`/api/public/guide/${subItemId}`)).json()) as { version: { versionNo: number }; lines: { materialName: string; allowMissing: boolean }[] };
      assert.equal(guide.version.versionNo, versionNo);
      assert.ok(guide.lines.some((l) => l.materialName === addedMaterial));
      assert.ok(guide.lines.some((l) => l.materialName === toggledMaterial && l.allowMissing));
    } finally {
      await context.close();
    }
  });
});

describe('portal: search → guide → print', () => {
  test('an anonymous visitor finds 食品经营许可 by typing spjy and opens its guide', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto('/portal');
      await page.getByTestId('portal-categories').waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'portal-home');

      await page.getByTestId('portal-search-input').pressSequentially('spjy', { delay: 40 });
      // the suggestions of an earlier keystroke ('s', 'sp') may show until the answer to 'spjy' arrives
      await page.locator('[data-testid="portal-search-results"][data-query="spjy"]').waitFor();
      const first = page.getByTestId('portal-search-hit').first();
      await first.waitFor();
      assert.match((await first.textContent()) ?? '', new RegExp(ITEM), '食品经营许可 comes first');
      assert.match((await first.textContent()) ?? '', /拼音首字母/, 'the suggestion says why it matched');
      assert.match((await first.textContent()) ?? '', new RegExp(DEPARTMENT));
      await screenshot(page, 'portal-live-search');

      await page.getByTestId('portal-search-hit').filter({ hasText: SUB_ITEM }).first().click();
      await page.waitForURL(/\/portal\/guide\/\d+$/);
      await page.getByTestId('guide-title').filter({ hasText: SUB_ITEM }).waitFor();
      const chart = page.getByTestId('flow-chart');
      await chart.waitFor();
      assert.ok(await chart.isVisible(), 'the flow chart is drawn');
      assert.ok((await chart.locator('[data-testid^="flow-step-"]').count()) >= 3, 'with its steps');
      assert.ok((await page.getByTestId('guide-material').count()) >= 3, 'the materials are listed');
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'portal-guide');

      const printed = await printToPdf(page, 'guide');
      assert.ok(printed.pages >= 1 && printed.pages <= 2, `the guide prints on one or two A4 pages (got ${printed.pages})`);
      if (printed.pngs.length) assert.equal(printed.pngs.length, printed.pages);

      // one click opens the checklist print layout in a new tab, which opens the print dialog by itself;
      // the dialog is counted instead of shown (a real one would collide with page.pdf below)
      await context.addInitScript('window.__printCalls = 0; window.print = () => { window.__printCalls += 1; };');
      const [sheet] = await Promise.all([context.waitForEvent('page'), page.getByTestId('guide-print-checklist').click()]);
      await sheet.waitForURL(/\/portal\/guide\/\d+\/checklist\?print=1$/);
      await sheet.getByTestId('checklist-lines').waitFor();
      assert.equal(
        await sheet.getByTestId('checklist-line').count(),
        await page.getByTestId('guide-material').count(),
        'the checklist has every material of the guide',
      );
      await waitForPage(sheet, 'window.__printCalls === 1');
      await sheet.setViewportSize({ width: 1000, height: 1300 });
      await screenshot(sheet, 'portal-checklist');
      const checklist = await printToPdf(sheet, 'checklist');
      assert.equal(checklist.pages, 1, 'the checklist prints on one A4 page');
      await sheet.close();
    } finally {
      await context.close();
    }
  });

  test('the search page filters by category and life event; a bundle shows its merged list', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await page.goto(`/portal/search?q=${encodeURIComponent('食品')}`);
      await page.getByTestId('search-result').first().waitFor();
      await screenshot(page, 'portal-search');

      await page.goto('/portal');
      await page.getByTestId('portal-category-business').click();
      await page.waitForURL(/category=business/);
      await page.getByTestId('search-result').first().waitFor();
      await page.goto('/portal');
      await page.getByTestId('portal-life-event-startBusiness').click();
      await page.waitForURL(/lifeEvent=/);
      await page.getByTestId('search-result').first().waitFor();

      await page.goto('/portal');
      const bundle = page.locator('[data-testid^="portal-bundle-"]').first();
      await bundle.waitFor();
      await bundle.click();
      await page.getByTestId('portal-bundle-title').waitFor();
      await page.getByTestId('merged-material').first().waitFor();
      const names = await page.getByTestId('merged-material').evaluateAll((els) => els.map((e) => e.getAttribute('data-material')));
      assert.equal(new Set(names).size, names.length, 'each material appears once');
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'portal-bundle');
    } finally {
      await context.close();
    }
  });
});

describe('catalog screens', () => {
  test('materials, bundles and a read-only item open for staff', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'catalog1');
      await page.getByTestId('nav-catalog-materials').click();
      await page.getByTestId('materials-table').locator('[data-testid^="material-row-"]').first().waitFor();
      await screenshot(page, 'catalog-materials');
      await page.getByTestId('material-create').click();
      await page.getByTestId('material-form').waitFor();
      await screenshot(page, 'catalog-material-dialog');
      await page.keyboard.press('Escape');

      await page.getByTestId('nav-catalog-bundles').click();
      const first = page.locator('[data-testid^="bundle-row-"]').first();
      await first.waitFor();
      await screenshot(page, 'catalog-bundles');
      await first.click();
      await page.getByTestId('bundle-detail').waitFor();
      await page.getByTestId('merged-materials').waitFor();
      await screenshot(page, 'catalog-bundle');
      await page.getByTestId('bundle-edit').click();
      await page.getByTestId('bundle-form').waitFor();
      await screenshot(page, 'catalog-bundle-editor');

      await page.goto('/catalog/items/new');
      await page.getByTestId('item-form').waitFor();
      await screenshot(page, 'catalog-item-new');
      await logout(page);

      // an approver may browse the catalog but not change it
      await login(page, 'approver_scjg');
      await page.getByTestId('nav-catalog-items').click();
      await page.getByTestId('item-search').fill(ITEM);
      await page.getByTestId('item-search-submit').click();
      await page.getByTestId(/^item-row-\d+$/).filter({ hasText: new RegExp(`^\\s*${ITEM}\\s*$`) }).first().click();
      await page.getByTestId('item-facts').waitFor();
      await page.getByTestId('item-readonly').waitFor();
      assert.equal(await page.getByTestId('item-save').count(), 0);
      assert.equal(await page.getByTestId('nav-catalog-review').count(), 0, 'approvers have no review queue');
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'catalog-item-readonly');
    } finally {
      await context.close();
    }
  });

  test('the department editor uploads a form template; the public guide offers it for download', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'editor_scjg');
      await page.getByTestId('nav-catalog-items').click();
      await page.getByTestId('item-search').fill(ITEM);
      await page.getByTestId('item-search-submit').click();
      await page.getByTestId(/^item-row-\d+$/).filter({ hasText: new RegExp(`^\\s*${ITEM}\\s*$`) }).first().click();
      await page.getByTestId('item-files').waitFor();
      const pdf = await pdfOf(1);
      await page.getByTestId('item-file-input').setInputFiles({ name: '食品经营许可申请书.pdf', mimeType: 'application/pdf', buffer: pdf });
      const link = page.getByTestId('item-file-link').filter({ hasText: '食品经营许可申请书' });
      await link.waitFor();
      await screenshot(page, 'catalog-item-files');
      const href = await link.getAttribute('href');
      assert.match(href ?? '', /^\/api\/public\/files\/\d+$/);
      const res = await page.request.get(`${server.baseUrl}${href}`);
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['content-type'], 'application/pdf');
      await logout(page);

      const found = (await (await page.request.get(`${server.baseUrl}/api/catalog/search?q=${encodeURIComponent(ITEM)}`)).json()) as { items: { subItemId: number }[] };
      await page.goto(`/portal/guide/${found.items[0]!.subItemId}`);
      await page.getByTestId('guide-files').waitFor();
      await screenshot(page, 'portal-guide-files');
      assert.match(await page.getByTestId('guide-files').innerText(), /食品经营许可申请书/);
    } finally {
      await context.close();
    }
  });
});
