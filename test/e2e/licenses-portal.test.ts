/**
 * 电子证照 on the portal (issue 17 web): an applicant signed in on a phone (390×844) who represents a legal person finds
 * the 食品经营许可证 issued to it in 我的证照 — the list, the detail with its QR code and 用证记录 (a case at the window
 * used it for a material), the PDF downloaded; the public page the QR opens (/verify/{code}, no sign-in) says 有效,
 * checks the seal, and the downloaded file is 一致 while a copy with one byte changed is 不一致; revoked by the
 * supervisor, the page says 已注销（撤销）. Screenshots at phone and desktop widths (test-results/license-portal-*.png).
 * Run: node --import tsx --test test/e2e/licenses-portal.test.ts
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { citizenIdCheckChar, orgCodeCheckChar, usccCheckChar } from '../../common/validators.js';
import { launchBrowser, login, newPage, screenshot, startServer, waitForPage, type E2eServer } from '../helpers/e2e-server.js';
import { apiSession, sentSmsCode, type ApiSession } from '../helpers/e2e-api.js';

const PHONE = '13900171001';
const NAME = '陈证明';
const ID_FIRST17 = '44010319860412123';
const ID = ID_FIRST17 + citizenIdCheckChar(ID_FIRST17);
const ORG = 'MA5D0171';
const USCC_FIRST17 = `91440103${ORG}${orgCodeCheckChar(ORG)}`;
const USCC = USCC_FIRST17 + usccCheckChar(USCC_FIRST17);
const ENTITY = '示范区证明味道餐饮有限公司';
const DOCUMENT_NO = '示市监食许〔2026〕171号';

let server: E2eServer;
let browser: Browser;
let phone: BrowserContext;
let page: Page;
let admin: ApiSession;
let clerk: ApiSession;
let approver: ApiSession;
let supervisor: ApiSession;
let dir = '';
const lic = { id: 0, code: '', useCaseNo: '', pdf: '' };

type IntakeForm = { materials: { materialId: number }[]; subItems: { lines: { materialId: number; form: string; copies: number }[] }[] };

async function subItemId(q: string, name: string): Promise<number> {
  const r = await clerk.get<{ items: { name: string; subItemId: number }[] }>(`/api/catalog/search?q=${encodeURIComponent(q)}&limit=50`);
  const hit = r.items.find((h) => h.name === name);
  assert.ok(hit, `sub-item ${name}`);
  return hit.subItemId;
}

/** Accepts a case for the legal person at the window (the applicant as its agent); `license`: a line satisfied by a license. */
async function accept(sub: number, license?: { materialId: number; licenseId: number }): Promise<{ id: number; caseNo: string }> {
  const form = await clerk.get<IntakeForm>(`/api/cases/intake-form?subItemIds=${sub}`);
  const materials = form.materials.map((m) => {
    if (license && m.materialId === license.materialId) return { materialId: m.materialId, status: 'license', licenseId: license.licenseId };
    const line = form.subItems.flatMap((s) => s.lines).find((l) => l.materialId === m.materialId)!;
    return { materialId: m.materialId, status: 'received', form: line.form, copies: line.copies };
  });
  const res = await clerk.post<{ cases: { id: number; caseNo: string }[] }>('/api/cases', {
    clientKey: randomUUID(), channel: 'window', applicantType: 'entity',
    applicant: { name: ENTITY, idNo: USCC, phone: PHONE }, agent: { name: NAME, idNo: ID, phone: PHONE },
    subItemIds: [sub], materials, outcome: 'accept',
  });
  return res.cases[0]!;
}

/** Hands the case over, signs it in the department, passes its steps and approves it with the document number. */
async function approve(caseId: number, documentNo: string) {
  const c = await clerk.get<{ departmentId: number }>(`/api/cases/${caseId}`);
  const h = await clerk.post<{ id: number; cases: { id: number; materialCount: number }[] }>('/api/handovers', { departmentId: c.departmentId, caseIds: [caseId], clientKey: randomUUID() });
  await approver.post(`/api/handovers/${h.id}/sign`, { items: h.cases.map((x) => ({ caseId: x.id, receivedCount: x.materialCount })) });
  const d = await approver.get<{ step: number; approvalSteps: number }>(`/api/cases/${caseId}`);
  for (let step = d.step; step < d.approvalSteps; step++) await approver.post(`/api/cases/${caseId}/actions/pass_step`, { opinion: `第${step}环节同意` });
  await approver.post(`/api/cases/${caseId}/actions/approve`, { opinion: '符合条件，准予许可', documentNo });
}

async function settle(p: Page = page) {
  await p.waitForLoadState('networkidle');
  await p.waitForTimeout(300);
}

/** No sideways scrolling on the phone. */
async function assertFits(p: Page, where: string) {
  const [scrollWidth, innerWidth] = (await p.evaluate('[document.scrollingElement.scrollWidth, innerWidth]')) as [number, number];
  assert.ok(scrollWidth <= innerWidth, `${where}: the page is ${scrollWidth}px wide on a ${innerWidth}px screen`);
}

/** Picks a file in the verification page's 上传证照文件核验 and waits for the verdict on it. */
async function checkFile(p: Page, file: string, matches: boolean) {
  await p.getByTestId('verify-file-input').setInputFiles(file);
  await p.locator(`[data-testid="verify-check-result"][data-matches="${matches}"]`).waitFor();
}

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'yc-license-portal-'));
  server = await startServer();
  browser = await launchBrowser();
  admin = await apiSession(server.baseUrl, 'admin');
  clerk = await apiSession(server.baseUrl, 'clerk1');
  approver = await apiSession(server.baseUrl, 'approver_scjg');
  supervisor = await apiSession(server.baseUrl, 'supervisor1');
  phone = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true, acceptDownloads: true });
  page = await phone.newPage();
  page.setDefaultTimeout(20_000);
});

after(async () => {
  await phone?.close();
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('我的证照 and the public verification page', () => {
  test('the applicant signs in, gives the real name and registers the legal person; 我的证照 is empty', async () => {
    await page.goto('/portal/licenses');
    await page.waitForURL((url) => url.pathname === '/portal/sign-in' && url.searchParams.get('redirect') === '/portal/licenses');
    await page.getByTestId('sign-in-phone').fill(PHONE);
    await page.getByTestId('sign-in-get-code').click();
    await page.getByTestId('sign-in-code').fill((await sentSmsCode(admin, PHONE)).code);
    await page.getByTestId('sign-in-submit').click();
    await page.waitForURL((url) => url.pathname === '/portal/licenses');
    await page.getByTestId('licenses-empty').waitFor();
    await page.goto('/portal/me');
    assert.match(await page.getByTestId('me-licenses-empty').innerText(), /完成实名或登记法人后/);
    await page.getByTestId('real-name-input').fill(NAME);
    await page.getByTestId('real-name-id-input').fill(ID);
    await page.getByTestId('real-name-save').click();
    await page.getByTestId('real-name-facts').waitFor();
    await page.getByTestId('entity-register').click();
    await page.getByTestId('entity-uscc').fill(USCC);
    await page.getByTestId('entity-name').fill(ENTITY);
    await page.getByTestId('entity-submit').click();
    await page.getByTestId(`entity-${USCC}`).waitFor();
  });

  test('a 食品经营许可（新办） approved for the legal person issues the license; a 变更 at the window uses it (用证记录)', async () => {
    const issuing = await approveNew();
    const found = await supervisor.get<{ items: { id: number; licenseNo: string; status: string }[] }>(`/api/licenses?holder=${USCC}`);
    const l = found.items.find((x) => x.licenseNo === DOCUMENT_NO);
    assert.ok(l, JSON.stringify(found.items));
    lic.id = l.id;
    // the approver's case page names the license the decision issued, and links it
    const desk = await newPage(browser, server.baseUrl);
    try {
      await login(desk.page, 'approver_scjg');
      await desk.page.goto(`/cases/${issuing.id}`);
      const link = desk.page.getByTestId('case-issued-license');
      await link.waitFor();
      assert.match(await link.innerText(), new RegExp(`食品经营许可证 ${DOCUMENT_NO.replace(/[〔〕]/g, '.')}，第 1 版（有效）`));
      await link.click();
      await desk.page.waitForURL(`**/licenses/${l.id}`);
    } finally {
      await desk.context.close();
    }
    const detail = await supervisor.get<{ verifyUrl: string; hasPdf: boolean }>(`/api/licenses/${l.id}`);
    assert.ok(detail.hasPdf);
    lic.code = detail.verifyUrl.slice(detail.verifyUrl.lastIndexOf('/') + 1);
    assert.match(detail.verifyUrl, /\/verify\/[A-Za-z0-9_-]+$/);
    // the 变更 takes the license for its 食品经营许可证 line
    const change = await subItemId('食品经营许可', '食品经营许可（许可事项变更）');
    const form = await clerk.get<IntakeForm>(`/api/cases/intake-form?subItemIds=${change}`);
    type Offer = { items: { materialId: number; licenseType: string; licenses: { id: number; usable: boolean }[] }[] };
    const offers = await clerk.get<Offer>(`/api/licenses/offers?holderIdNo=${USCC}&materialIds=${form.materials.map((m) => m.materialId).join(',')}`);
    const line = offers.items.find((x) => x.licenseType === '食品经营许可证');
    assert.ok(line && line.licenses.some((x) => x.id === lic.id && x.usable), JSON.stringify(offers.items));
    const used = await accept(change, { materialId: line.materialId, licenseId: lic.id });
    lic.useCaseNo = used.caseNo;
  });

  test('我的 › 我的证照 lists it; its detail shows the QR code, 用证记录, and downloads the PDF', async () => {
    await page.goto('/portal/me');
    const row = page.getByTestId('me-licenses').getByTestId(`license-${DOCUMENT_NO}`);
    await row.waitFor();
    assert.match(await row.innerText(), /食品经营许可证[\s\S]*有效/);
    await page.getByTestId('me-licenses-all').click();
    await page.waitForURL((url) => url.pathname === '/portal/licenses');
    const item = page.getByTestId(`license-${DOCUMENT_NO}`);
    await item.waitFor();
    const text = await item.innerText();
    for (const s of ['食品经营许可证', '有效', ENTITY, '示范区市场监督管理局']) assert.ok(text.includes(s), `${s} in ${text}`);
    assert.equal(await item.getAttribute('data-status'), 'valid');
    await settle();
    await assertFits(page, '我的证照');
    await screenshot(page, 'license-portal-1-list-phone');

    await item.click();
    await page.waitForURL((url) => url.pathname === `/portal/licenses/${lic.id}`);
    await page.getByTestId('license-detail').waitFor();
    assert.equal((await page.getByTestId('license-no').innerText()).trim(), DOCUMENT_NO);
    assert.equal((await page.getByTestId('license-holder').innerText()).trim(), ENTITY);
    assert.match(await page.getByTestId('license-status').innerText(), /有效/);
    assert.equal(await page.getByTestId('license-seal').getAttribute('data-valid'), 'true');
    // the QR code of the verification page, drawn in the page
    const qr = page.getByTestId('license-qr-img');
    await qr.waitFor();
    assert.match((await qr.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
    assert.ok(((await page.getByTestId('license-qr').getAttribute('data-url')) ?? '').endsWith(`/verify/${lic.code}`));
    const uses = page.getByTestId('license-uses');
    await uses.getByTestId('license-use').first().waitFor();
    const usesText = await uses.innerText();
    for (const s of [lic.useCaseNo, '食品经营许可证', '窗口受理']) assert.ok(usesText.includes(s), `${s} in ${usesText}`);
    await settle();
    await assertFits(page, '证照详情');
    await screenshot(page, 'license-portal-2-detail-phone');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('license-download').click()]);
    lic.pdf = path.join(dir, 'license.pdf');
    await download.saveAs(lic.pdf);
    assert.equal(readFileSync(lic.pdf).subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(download.suggestedFilename(), /食品经营许可证.*\.pdf$/);

    // the link under the QR opens the verification page in the app
    await page.getByTestId('license-verify-link').click();
    await page.waitForURL((url) => url.pathname === `/verify/${lic.code}`);
    await page.getByTestId('verify-verdict').waitFor();
  });

  test('the public page (no sign-in) says 有效 with the seal checked; the real file is 一致, one byte changed 不一致', async () => {
    const desk = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    try {
      const p = await desk.newPage();
      p.setDefaultTimeout(20_000);
      await p.goto(`/verify/${lic.code}`);
      const verdict = p.locator('[data-testid="verify-verdict"][data-status="valid"]');
      await verdict.waitFor();
      assert.match(await verdict.innerText(), /有效/);
      assert.equal((await p.getByTestId('verify-no').innerText()).trim(), DOCUMENT_NO);
      const holderId = (await p.getByTestId('verify-holder-id').innerText()).trim();
      assert.ok(holderId.includes('*') && holderId !== USCC, `the holder's code masked: ${holderId}`);
      const seal = p.getByTestId('verify-signature');
      assert.equal(await seal.getAttribute('data-valid'), 'valid');
      assert.match(await seal.innerText(), /签名有效[\s\S]*SM2-with-SM3/);
      assert.equal(await p.getByTestId('portal-account-name').count(), 0, 'nobody is signed in here');

      await checkFile(p, lic.pdf, true);
      assert.match(await p.getByTestId('verify-check-result').innerText(), /文件与证照库登记一致/);
      await settle(p);
      await screenshot(p, 'license-portal-3-verify-desktop');

      const bad = readFileSync(lic.pdf);
      const at = Math.floor(bad.length / 2);
      bad[at] = bad[at]! ^ 0x01;
      const tampered = path.join(dir, 'license-changed.pdf');
      writeFileSync(tampered, bad);
      await checkFile(p, tampered, false);
      assert.match(await p.getByTestId('verify-check-result').innerText(), /不一致（文件可能被篡改）/);
      await settle(p);
      await screenshot(p, 'license-portal-4-verify-mismatch-desktop');
    } finally {
      await desk.close();
    }
    // and on the phone
    await page.goto(`/verify/${lic.code}`);
    await page.locator('[data-testid="verify-verdict"][data-status="valid"]').waitFor();
    await checkFile(page, lic.pdf, true);
    await settle();
    await assertFits(page, '证照核验');
    await screenshot(page, 'license-portal-5-verify-phone');
  });

  test('revoked by the supervisor: the page says 已注销（撤销） with the reason; 我的证照 shows it too', async () => {
    await supervisor.post(`/api/licenses/${lic.id}/revoke`, { reason: '虚假承诺，依法撤销' });
    await page.goto(`/verify/${lic.code}`);
    const verdict = page.locator('[data-testid="verify-verdict"][data-status="revoked"]');
    await verdict.waitFor();
    const text = await verdict.innerText();
    assert.match(text, /已注销（撤销）/);
    assert.match(text, /虚假承诺，依法撤销/);
    await settle();
    await screenshot(page, 'license-portal-6-verify-revoked-phone');
    // the file is still the one issued, but the verdict above it is what counts
    await checkFile(page, lic.pdf, true);

    await page.goto(`/portal/licenses/${lic.id}`);
    await page.locator('[data-testid="license-detail"][data-status="revoked"]').waitFor();
    assert.match(await page.getByTestId('license-ended').innerText(), /已注销（撤销）[\s\S]*虚假承诺/);
    await page.goto('/portal/licenses');
    await waitForPage(page, `document.querySelector('[data-testid="license-${DOCUMENT_NO}"]')?.dataset.status === 'revoked'`);
  });
});

/** 食品经营许可（新办） for the legal person, accepted, handed over, decided: the license is issued with the decision. */
async function approveNew(): Promise<{ id: number; caseNo: string }> {
  const c = await accept(await subItemId('食品经营许可', '食品经营许可（新办）'));
  await approve(c.id, DOCUMENT_NO);
  return c;
}
