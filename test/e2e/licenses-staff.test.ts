/**
 * 电子证照 in the staff's browser (issue 17): a 营业执照 imported from outside is offered on the 营业执照 line when the
 * clerk takes 有限责任公司注销登记 for that company; chosen, the line needs no paper and reads 电子证照（编号 …，第 1 版）,
 * the result and the 受理回执 say so. The department's approver sees the line as 电子证照 with the number in the case
 * detail and opens the license, whose 用证记录 names the case; the company's representative sees it in 我的证照 on the
 * portal with the same 用证记录. The library finds it by holder; the 免提交率 counts it;
 * the catalogue shows the types, the seal keys and the import.
 * Run: NODE_ENV=test node --import tsx --test test/e2e/licenses-staff.test.ts
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CaseDetail, HandoverDetail } from '../../server/modules/cases/cases.schemas.js';
import { launchBrowser, login, newPage, startServer, type E2eServer } from '../helpers/e2e-server.js';
import { apiSession, sentSmsCode } from '../helpers/e2e-api.js';
import { citizenIdCheckChar } from '../../common/validators.js';

const COMPANY = { name: '示范区证照测试有限公司', idNo: '91350100M000100Y43', phone: '13912340077' };
const LICENSE_NO = `YZ-E2E-${Date.now().toString(36).toUpperCase()}`;
const REVOKED_NO = `${LICENSE_NO}-OLD`;
const SUB_ITEM = '有限责任公司注销登记';
/** the company's legal representative, with a portal account on the company's mobile (the phone the licenses and cases carry) */
const REPRESENTATIVE = { name: '韩证照', idNo: `44010319800101${'123'}${citizenIdCheckChar('44010319800101123')}`, phone: COMPANY.phone };

let server: E2eServer;
let browser: Browser;
const state = { caseId: 0, caseNo: '', licenseId: 0, departmentId: 0 };

/** LIC_SHOTS=0 skips the screenshots kept in /tmp for looking at the screens */
async function shot(page: Page, name: string): Promise<void> {
  if (process.env.LIC_SHOTS === '0') return;
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/lic-staff-${name}.png`, fullPage: true });
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const catalog = await apiSession(server.baseUrl, 'catalog1');
  // the company's 营业执照, and an older one revoked before it came to the platform
  const csv = ['证照类型名称,证照编号,持证主体名称,持证主体代码,颁证日期,有效期截止,颁证单位,联系电话,状态',
    `营业执照,${LICENSE_NO},${COMPANY.name},${COMPANY.idNo},2020-03-01,,示范区市场监督管理局（原系统）,${COMPANY.phone},`,
    `营业执照,${REVOKED_NO},${COMPANY.name},${COMPANY.idNo},2015-06-01,,示范区工商行政管理局（原系统）,,注销`].join('\n');
  const imported = await catalog.post<{ imported: number; skipped: { row: number; reason: string }[] }>('/api/licenses/import', { csv });
  assert.equal(imported.imported, 2, JSON.stringify(imported));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('电子证照: intake → case detail → license → library, 免提交率, catalogue', () => {
  test('the clerk takes the offered 电子证照 on the 营业执照 line and accepts', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'clerk1');
      await page.getByTestId('nav-case-intake').click();
      await page.getByTestId('applicant-form').waitFor();
      await page.getByTestId('applicant-type-entity').click();
      await page.getByTestId('applicant-name').fill(COMPANY.name);
      await page.getByTestId('applicant-id').fill(COMPANY.idNo);
      await page.getByTestId('applicant-phone').fill(COMPANY.phone);
      await page.getByTestId('sub-item-search').fill('公司注销');
      await page.locator('.yc-subitem-suggest:visible [data-testid="sub-item-hit"]', { hasText: SUB_ITEM }).first().click();
      await page.getByTestId('intake-materials').waitFor();

      const line = page.getByTestId('intake-material').filter({ has: page.locator('[data-testid="license-offer"][data-license-type="营业执照"]') });
      await line.waitFor();
      const offered = line.locator(`[data-testid="license-offer-item"][data-license-no="${LICENSE_NO}"]`);
      await offered.waitFor();
      assert.equal(await offered.getAttribute('data-usable'), 'true');
      assert.match(await offered.innerText(), /示范区市场监督管理局（原系统）/);
      assert.match(await offered.innerText(), /长期有效/);
      // the revoked one is shown greyed with the reason, and cannot be taken
      const revoked = line.locator(`[data-testid="license-offer-item"][data-license-no="${REVOKED_NO}"]`);
      assert.equal(await revoked.getAttribute('data-usable'), 'false');
      assert.match(await revoked.getByTestId('license-unusable').innerText(), /^不可使用：.*注销/);
      assert.equal(await revoked.getByTestId('license-use').count(), 0);
      await page.getByTestId('receive-all').click();
      await line.evaluate((el) => (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'center' }));
      await shot(page, 'intake-offer');

      await offered.getByTestId('license-use').click();
      assert.equal(await line.getAttribute('data-status'), 'license');
      assert.equal(await line.getByTestId('material-status').count(), 0, 'no paper choices on a line the license satisfies');
      assert.equal(await line.getByTestId('license-line').innerText(), `电子证照（编号 ${LICENSE_NO}，第 1 版）`);
      assert.equal(await line.getByTestId('material-scans').count(), 0, 'no scans either');
      // unmarked, the line has its normal choices again; then taken again
      await line.getByTestId('license-drop').click();
      await line.getByTestId('material-status').waitFor();
      assert.notEqual(await line.getAttribute('data-status'), 'license');
      await line.locator(`[data-testid="license-offer-item"][data-license-no="${LICENSE_NO}"]`).getByTestId('license-use').click();
      assert.equal(await line.getAttribute('data-status'), 'license');
      await line.evaluate((el) => (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'center' }));
      await shot(page, 'intake-chosen');

      await page.getByTestId('outcome-accept').click();
      await page.getByTestId('intake-result').waitFor();
      assert.match(await page.getByTestId('intake-result-licenses').innerText(), new RegExp(`以电子证照免提交 1 项材料：.*${LICENSE_NO}`));
      state.caseId = Number(await page.getByTestId('intake-result-case').first().getAttribute('data-case-id'));
      state.caseNo = (await page.getByTestId('intake-result-case').first().getByTestId('case-no').innerText()).trim();
      assert.ok(state.caseId > 0 && state.caseNo);
      await shot(page, 'intake-result');

      // the 受理回执 lists the line as 电子证照 with the license's number
      await page.goto(`/cases/${state.caseId}/print/receipt`);
      const receiptLine = page.getByTestId('receipt-material').filter({ hasText: '电子证照' });
      await receiptLine.waitFor();
      await page.getByTestId('receipt-material').filter({ hasText: LICENSE_NO }).waitFor();
      assert.match(await receiptLine.innerText(), new RegExp(`编号 ${LICENSE_NO}，第 1 版`));
    } finally {
      await context.close();
    }
  });

  test("the department's approver sees the line as 电子证照 and opens the license, whose 用证记录 names the case", async () => {
    // handed over and signed off-screen, as the front desk and the department do
    const clerk = await apiSession(server.baseUrl, 'clerk1');
    const approver = await apiSession(server.baseUrl, 'approver_scjg');
    const detail = await clerk.get<CaseDetail>(`/api/cases/${state.caseId}`);
    const licensed = detail.materials.filter((m) => m.status === 'license');
    assert.equal(licensed.length, 1);
    state.licenseId = licensed[0]!.licenseId!;
    state.departmentId = detail.departmentId;
    assert.equal(licensed[0]!.licenseVersion, 1);
    const batch = await clerk.post<HandoverDetail>('/api/handovers', { departmentId: detail.departmentId, caseIds: [state.caseId], clientKey: randomUUID() });
    await approver.post(`/api/handovers/${batch.id}/sign`, { items: batch.cases.map((c) => ({ caseId: c.id, receivedCount: c.materialCount })) });

    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'approver_scjg');
      await page.goto(`/cases/${state.caseId}`);
      await page.getByTestId('case-materials').waitFor();
      const cell = page.getByTestId(`material-${licensed[0]!.lineNo}-license`);
      await cell.waitFor();
      assert.equal(await page.getByTestId(`material-${licensed[0]!.lineNo}-status`).innerText(), '电子证照');
      await cell.filter({ hasText: LICENSE_NO }).waitFor();
      assert.equal((await cell.innerText()).trim(), `电子证照（编号 ${LICENSE_NO}，第 1 版）`);
      await cell.evaluate((el) => (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'center' }));
      await shot(page, 'case-detail');

      await cell.getByTestId('material-license-link').click();
      await page.waitForURL(`**/licenses/${state.licenseId}`);
      await page.getByTestId('license-face').waitFor();
      assert.equal(await page.getByTestId('license-no').innerText(), LICENSE_NO);
      assert.equal(await page.getByTestId('license-status').getAttribute('data-status'), 'valid');
      assert.equal(await page.getByTestId('license-signature-result').getAttribute('data-valid'), 'none', 'imported: no seal of the platform');
      const use = page.getByTestId('license-uses').getByTestId('license-use-case');
      await use.waitFor();
      assert.equal((await use.innerText()).trim(), state.caseNo);
      assert.equal(await page.getByTestId('license-revoke').count(), 1, "the department's approver may revoke");
      await shot(page, 'license-detail');
      await use.click();
      await page.waitForURL(`**/cases/${state.caseId}`);
    } finally {
      await context.close();
    }
  });

  test("the company's representative finds the license in 我的证照 on the portal, with the 用证记录 naming the case", async () => {
    const admin = await apiSession(server.baseUrl, 'admin');
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await page.goto('/portal/sign-in');
      await page.getByTestId('sign-in-phone').fill(REPRESENTATIVE.phone);
      await page.getByTestId('sign-in-get-code').click();
      await page.getByTestId('sign-in-code').fill((await sentSmsCode(admin, REPRESENTATIVE.phone)).code);
      await page.getByTestId('sign-in-submit').click();
      await page.waitForURL((url) => url.pathname !== '/portal/sign-in');
      await page.goto('/portal/me');
      await page.getByTestId('real-name-input').fill(REPRESENTATIVE.name);
      await page.getByTestId('real-name-id-input').fill(REPRESENTATIVE.idNo);
      await page.getByTestId('real-name-save').click();
      await page.getByTestId('real-name-facts').waitFor();
      await page.getByTestId('entity-register').click();
      await page.getByTestId('entity-uscc').fill(COMPANY.idNo);
      await page.getByTestId('entity-name').fill(COMPANY.name);
      await page.getByTestId('entity-submit').click();
      await page.getByTestId(`entity-${COMPANY.idNo}`).waitFor();
      await page.goto('/portal/licenses');
      const item = page.getByTestId(`license-${LICENSE_NO}`);
      await item.waitFor();
      assert.match(await item.innerText(), /营业执照[\s\S]*有效/);
      await item.click();
      await page.getByTestId('license-detail').waitFor();
      assert.equal((await page.getByTestId('license-no').innerText()).trim(), LICENSE_NO);
      const uses = page.getByTestId('license-uses');
      await uses.waitFor();
      assert.ok((await uses.innerText()).includes(state.caseNo), 'the 用证记录 names the case the clerk accepted');
      await shot(page, 'portal-my-license');
    } finally {
      await context.close();
    }
  });

  test('the supervisor finds the license in the library, opens a signed one, and reads the 免提交率', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'supervisor1');
      await page.getByTestId('nav-licenses').click();
      await page.getByTestId('license-table').waitFor();
      await page.getByTestId('license-search-holder').fill(COMPANY.idNo);
      await page.getByTestId('license-search-submit').click();
      await page.locator(`[data-testid="license-table"][data-query^="${COMPANY.idNo}"]`).waitFor();
      await page.locator('[data-testid="license-table"] tbody tr').first().waitFor();
      assert.deepEqual((await page.getByTestId('license-row-no').allInnerTexts()).sort(), [LICENSE_NO, REVOKED_NO].sort(), 'the holder\'s licenses, by USCC');
      assert.deepEqual((await page.getByTestId('license-row-status').allInnerTexts()).sort(), ['已注销（撤销）', '有效']);
      await shot(page, 'library');

      // by source: the imported license is not among those issued on the platform; one of those (if the demo has any) shows its seal checked
      await page.getByTestId('license-search-holder').fill('');
      await page.getByTestId('license-search-source').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: '本平台签发' }).click();
      await page.getByTestId('license-search-submit').click();
      await page.locator('[data-testid="license-table"][data-query="||||platform"]').waitFor();
      await page.waitForLoadState('networkidle');
      assert.equal(await page.getByTestId('license-row-no').filter({ hasText: LICENSE_NO }).count(), 0);
      if (await page.getByTestId('license-row-no').count()) {
        await page.getByTestId('license-row-no').first().click();
        await page.getByTestId('license-face').waitFor();
        assert.equal(await page.getByTestId('license-signature-result').getAttribute('data-valid'), 'true');
        await shot(page, 'license-signed');
      }

      await page.getByTestId('nav-license-stats').click();
      const total = page.getByTestId('license-stats-total');
      await total.waitFor();
      assert.ok(Number(await total.getAttribute('data-by-license')) >= 1, 'the case of today counts');
      assert.match(await page.getByTestId('license-stats-rate').innerText(), /^\d+(\.\d)?%$/);
      await page.getByTestId('license-stats-departments').locator('tr', { hasText: '市场监督管理局' }).first().waitFor();
      await shot(page, 'stats');
    } finally {
      await context.close();
    }
  });

  test('the catalogue: types with their sub-items and materials, the seal keys (rotated), the import dialog', async () => {
    // a department's first key is made when it first signs: one is made here, then rotated on the page
    const catalog = await apiSession(server.baseUrl, 'catalog1');
    const keys = await catalog.get<{ items: { departmentId: number }[] }>('/api/seal-keys');
    if (!keys.items.some((k) => k.departmentId === state.departmentId)) await catalog.post(`/api/seal-keys/${state.departmentId}/rotate`);
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await login(page, 'catalog1');
      await page.getByTestId('nav-license-catalog').click();
      await page.getByTestId('license-types').getByTestId('license-type-name').filter({ hasText: '营业执照' }).first().waitFor();
      await shot(page, 'catalog-types');
      await page.getByRole('tab', { name: '电子印章密钥' }).click();
      const ofDepartment = page.getByTestId('seal-keys').locator('tbody tr', { hasText: '市场监督管理局' });
      await ofDepartment.first().waitFor();
      const before = await ofDepartment.count();
      await page.getByTestId(`seal-key-rotate-${state.departmentId}`).click();
      await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click();
      await page.locator('.el-message', { hasText: '已轮换密钥' }).waitFor();
      assert.equal(await ofDepartment.count(), before + 1, 'the old key stays, retired');
      assert.equal(await ofDepartment.filter({ hasText: '使用中' }).count(), 1);
      await shot(page, 'catalog-keys');
      await page.getByTestId('license-import-open').click();
      await page.getByTestId('license-import-csv').fill(['证照类型名称,证照编号,持证主体名称,持证主体代码,颁证日期',
        `营业执照,${LICENSE_NO},${COMPANY.name},${COMPANY.idNo},2020-03-01`, '不存在的证照,X-1,某公司,123,2020-01-01'].join('\n'));
      await page.getByTestId('license-import-submit').click();
      const result = page.getByTestId('license-import-result');
      await result.waitFor();
      assert.deepEqual([await result.getAttribute('data-imported'), await result.getAttribute('data-skipped')], ['0', '2']);
      assert.match(await page.getByTestId('license-import-skipped').innerText(), /库中已有该证照[\s\S]*证照类型不存在/);
      await shot(page, 'catalog-import');
    } finally {
      await context.close();
    }
  });
});
