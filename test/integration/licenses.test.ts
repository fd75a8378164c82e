/**
 * 电子证照 through HTTP on PGlite and PostgreSQL (issue 17): approving 食品经营许可（新办） issues a license with the
 * decision's document number, signed by the department's SM2 key; its PDF verifies on the public page and one byte
 * changed does not; a 变更 issues version 2 and marks version 1 changed; 注销 revokes. A 营业执照 imported from
 * outside satisfies the 营业执照 line of an intake (recorded with its id and version, 用证记录 on the license); revoked,
 * it is refused. The scan expires licenses and reminds holders; keys rotate and old signatures still verify.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { IntakeForm } from '../../server/modules/cases/cases.schemas.js';
import { DEMO_USERS } from '../../server/demo/organisation.js';
import { forEachDatabase, type Client, type TestContext } from '../helpers/app.js';
import { acceptCase, subItemIdOf, toDecision, USCC, PERSON_ID } from '../helpers/case-flow.js';
import { applicantClient } from '../helpers/applicants.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yc-license-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const one = async <T>(ctx: TestContext, q: ReturnType<typeof sql>) => ((await ctx.services.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const codeOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

async function approve(clerk: Client, approver: Client, subItemId: number, documentNo: string) {
  const c = await acceptCase(clerk, subItemId);
  await toDecision(clerk, approver, c.id);
  const res = await approver.post(`/api/cases/${c.id}/actions/approve`, { opinion: '符合条件，准予许可', documentNo });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return c;
}

async function pdfOf(ctx: TestContext, c: Client, id: number): Promise<Buffer> {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/licenses/${id}/pdf`, headers: { cookie: c.cookie! } });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  return res.rawPayload;
}

forEachDatabase('licenses: 电子证照', (ctx) => {
  let clerk: Client;
  let approver: Client;
  let admin: Client;
  let supervisor: Client;
  let firstId = 0;
  let firstCode = '';
  let pdf: Buffer = Buffer.alloc(0);

  test('approving 食品经营许可（新办） issues a signed license numbered by the decision', async () => {
    clerk = await ctx.client('clerk1');
    approver = await ctx.client('approver_scjg');
    admin = await ctx.client('catalog1');
    supervisor = await ctx.client('supervisor1');
    const food = await subItemIdOf(clerk, '食品经营许可', '食品经营许可（新办）');
    const c = await approve(clerk, approver, food, '示市监食许〔2026〕101号');
    const list = await supervisor.get(`/api/licenses?holder=${USCC}`);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.equal(list.body.total, 1);
    const l = list.body.items[0];
    assert.deepEqual([l.typeName, l.licenseNo, l.version, l.status, l.source, l.caseNo, l.holderIdNo], ['食品经营许可证', '示市监食许〔2026〕101号', 1, 'valid', 'platform', c.caseNo, USCC]);
    assert.equal(l.issuerName, '示范区市场监督管理局');
    const today = ctx.clock.today();
    assert.equal(l.validFrom, today);
    assert.equal(Number(l.validUntil.slice(0, 4)), Number(today.slice(0, 4)) + 5, 'five years (the type\'s rule)');
    firstId = l.id;
    assert.deepEqual((await supervisor.get(`/api/licenses?caseId=${c.id}`)).body.items.map((x: { id: number }) => x.id), [firstId], 'the license the case issued');
    const d = await supervisor.get(`/api/licenses/${firstId}`);
    assert.equal(d.body.signatureValid, true);
    assert.equal(d.body.algorithm, 'SM2-with-SM3');
    assert.match(d.body.keyId, /^SCJGJ-/);
    assert.deepEqual(d.body.events.map((e: { action: string }) => e.action), ['issue']);
    firstCode = codeOf(d.body.verifyUrl);
    const [audit] = await one<{ n: number }>(ctx, sql`select count(*)::int as n from audit_log where kind = 'license.issued'`);
    assert.equal(audit!.n, 1, 'issued in the decision\'s transaction, audited');
    pdf = await pdfOf(ctx, supervisor, firstId);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  test('the PDF carries the Chinese text, and draws (rendered to PNG)', () => {
    const file = path.join(dir, `license-${ctx.kind}.pdf`);
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    for (const s of ['食品经营许可证', '示范区好味道餐饮有限公司', USCC, '示市监食许〔2026〕101号', '发证机关：示范区市场监督管理局', '电子印章', '扫码核验']) assert.ok(text.includes(s), `${s} in ${text}`);
    const r = spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(dir, `license-${ctx.kind}`)], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '', 'no font error');
    assert.ok(statSync(path.join(dir, `license-${ctx.kind}-1.png`)).size > 10_000, 'a drawn page');
    // LICENSE_PNG_OUT=<file>: keep the drawn page to look at
    if (process.env.LICENSE_PNG_OUT) copyFileSync(path.join(dir, `license-${ctx.kind}-1.png`), process.env.LICENSE_PNG_OUT);
  });

  test('the public page verifies the signature and the file; one byte changed fails', async () => {
    const anon = ctx.anonymous();
    const v = await anon.get(`/api/public/licenses/${firstCode}`);
    assert.equal(v.status, 200, JSON.stringify(v.body));
    assert.deepEqual([v.body.status, v.body.signature.valid, v.body.signature.algorithm, v.body.licenseNo], ['valid', true, 'SM2-with-SM3', '示市监食许〔2026〕101号']);
    const ok = await anon.post(`/api/public/licenses/${firstCode}/check`, { contentBase64: pdf.toString('base64') });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual([ok.body.matches, ok.body.signatureValid], [true, true]);
    const bad = Buffer.from(pdf);
    const at = Math.floor(bad.length / 2);
    bad[at] = bad[at]! ^ 0x01;
    const tampered = await anon.post(`/api/public/licenses/${firstCode}/check`, { contentBase64: bad.toString('base64') });
    assert.equal(tampered.body.matches, false, 'one byte changed: the digest differs');
    assert.equal((await anon.post(`/api/public/licenses/${firstCode}/check`, { contentBase64: Buffer.from('hello').toString('base64') })).body.code, 'LICENSE_FILE_INVALID');
    assert.equal((await anon.get('/api/public/licenses/nonexistent-code')).status, 404);
    // a forged signature fails (the library's row changed behind the seal's back)
    await ctx.services.database.db.execute(sql`update licenses set holder_name = '冒名公司' where id = ${firstId}`);
    assert.equal((await anon.get(`/api/public/licenses/${firstCode}`)).body.signature.valid, false);
    await ctx.services.database.db.execute(sql`update licenses set holder_name = '示范区好味道餐饮有限公司' where id = ${firstId}`);
  });

  test('a 变更 issues version 2 and marks version 1 changed; 注销 revokes', async () => {
    const change = await subItemIdOf(clerk, '食品经营许可', '食品经营许可（许可事项变更）');
    await approve(clerk, approver, change, '示市监食许〔2026〕102号');
    const list = (await supervisor.get(`/api/licenses?holder=${USCC}`)).body.items as { id: number; version: number; status: string; licenseNo: string; lineageId: number }[];
    assert.deepEqual(list.map((l) => [l.version, l.status, l.licenseNo]), [[2, 'valid', '示市监食许〔2026〕101号'], [1, 'changed', '示市监食许〔2026〕101号']], 'the number stays, the version moves on');
    assert.equal(list[0]!.lineageId, firstId);
    assert.equal((await ctx.anonymous().get(`/api/public/licenses/${firstCode}`)).body.status, 'changed');
    const v2 = await supervisor.get(`/api/licenses/${list[0]!.id}`);
    assert.equal(v2.body.signatureValid, true);
    assert.deepEqual(v2.body.versions.map((x: { version: number }) => x.version), [2, 1]);
    const cancel = await subItemIdOf(clerk, '食品经营许可', '食品经营许可（注销）');
    await approve(clerk, approver, cancel, '示市监食许〔2026〕103号');
    const after = (await supervisor.get(`/api/licenses/${list[0]!.id}`)).body;
    assert.equal(after.status, 'revoked');
    assert.match(after.statusReason, /注销/);
    assert.deepEqual(after.events.map((e: { action: string }) => e.action), ['issue', 'change', 'revoke']);
    const v1 = (await ctx.anonymous().get(`/api/public/licenses/${firstCode}`)).body;
    assert.deepEqual([v1.status, v1.latestVersion, v1.latestStatus], ['changed', 2, 'revoked'], 'an old version\'s page says the license is now revoked');
    assert.equal((await supervisor.get('/api/licenses?no=〔2026〕101')).body.items.length, 2, 'any part of the number finds both versions');
  });

  test('a 营业执照 imported from outside satisfies the 营业执照 line at intake, with its 用证记录; revoked, it is refused', async () => {
    const csv = ['证照类型名称,证照编号,持证主体名称,持证主体代码,颁证日期,有效期截止,颁证单位,联系电话',
      `营业执照,YZ-OUT-0001,示范区好味道餐饮有限公司,${USCC},2020-03-01,,示范区市场监督管理局（原系统）,13912345678`,
      `营业执照,YZ-OUT-0002,某人,123,2020-03-01,,外部,`].join('\n');
    const imp = await admin.post('/api/licenses/import', { csv });
    assert.equal(imp.status, 200, JSON.stringify(imp.body));
    assert.equal(imp.body.imported, 1);
    assert.deepEqual(imp.body.skipped.map((s: { row: number }) => s.row), [3]);
    assert.equal((await admin.post('/api/licenses/import', { csv })).body.imported, 0, 'imported twice adds nothing');
    const sub = await subItemIdOf(clerk, '公司注销', '有限责任公司注销登记');
    const form = (await clerk.get(`/api/cases/intake-form?subItemIds=${sub}`)).body as IntakeForm;
    const offers = await clerk.get(`/api/licenses/offers?holderIdNo=${USCC}&materialIds=${form.materials.map((m) => m.materialId).join(',')}`);
    assert.equal(offers.status, 200, JSON.stringify(offers.body));
    const yz = offers.body.items.find((x: { licenseType: string }) => x.licenseType === '营业执照');
    assert.ok(yz, JSON.stringify(offers.body));
    const lic = yz.licenses.find((l: { licenseNo: string }) => l.licenseNo === 'YZ-OUT-0001');
    assert.equal(lic.usable, true);
    const intake = (licenseId: number) => clerk.post('/api/cases', {
      clientKey: randomUUID(), channel: 'window', applicantType: 'entity',
      applicant: { name: '示范区好味道餐饮有限公司', idNo: USCC, phone: '13912345678' }, agent: { name: '王小明', idNo: PERSON_ID, phone: '13800138000' },
      subItemIds: [sub], outcome: 'accept',
      materials: form.materials.map((m) => m.materialId === yz.materialId ? { materialId: m.materialId, status: 'license', licenseId }
        : { materialId: m.materialId, status: 'received', form: form.subItems[0]!.lines.find((l) => l.materialId === m.materialId)!.form, copies: 1 }),
    });
    const res = await intake(lic.id);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const caseId = res.body.cases[0].id;
    const [m] = await one<{ status: string; license_id: string; license_version: number }>(ctx, sql`select status, license_id, license_version from case_materials where case_id = ${caseId} and material_id = ${yz.materialId}`);
    assert.deepEqual([m!.status, Number(m!.license_id), m!.license_version], ['license', lic.id, 1]);
    const detail = (await supervisor.get(`/api/licenses/${lic.id}`)).body;
    assert.equal(detail.source, 'import');
    assert.equal(detail.signatureValid, null, 'no platform seal on an imported license');
    assert.deepEqual(detail.uses.map((u: { caseNo: string; usedByName: string }) => [u.caseNo, u.usedByName]), [[res.body.cases[0].caseNo, DEMO_USERS.find((u) => u.username === 'clerk1')!.displayName]]);
    // the approver of the department sees the license the case used
    const approverMzj = await ctx.client('approver_mzj');
    assert.equal((await approverMzj.get(`/api/licenses/${lic.id}`)).status, 404, 'another department sees nothing');
    // another holder's license is not theirs to use
    const other = await clerk.post('/api/cases', {
      clientKey: randomUUID(), channel: 'window', applicantType: 'entity',
      applicant: { name: '别家公司', idNo: '91350100M000100Y43'.replace('M000100Y43', 'M000100Y43'), phone: '13912345678' }, subItemIds: [sub], outcome: 'accept', materials: [],
    });
    assert.equal(other.status, 400);
    const revoked = await supervisor.post(`/api/licenses/${lic.id}/revoke`, { reason: '虚假承诺，依法撤销' });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.equal(revoked.body.status, 'revoked');
    const refused = await intake(lic.id);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'LICENSE_NOT_USABLE');
    assert.match(refused.body.message, /已注销/);
    const again = await clerk.get(`/api/licenses/offers?holderIdNo=${USCC}&materialIds=${yz.materialId}`);
    assert.equal(again.body.items[0].licenses.find((l: { id: number }) => l.id === lic.id).usable, false);
    assert.equal((await supervisor.post(`/api/licenses/${lic.id}/revoke`, { reason: '再次' })).body.code, 'LICENSE_ALREADY_ENDED');
  });

  test('the scan expires licenses past their last day and reminds holders before expiry, once', async () => {
    const today = ctx.clock.today();
    const soon = new Date(Date.parse(today) + 10 * 86_400_000).toISOString().slice(0, 10);
    const csv = ['证照类型名称,证照编号,持证主体名称,持证主体代码,颁证日期,有效期截止,联系电话',
      `公共场所卫生许可证,WS-1,示范区好味道餐饮有限公司,${USCC},2022-01-01,${soon},13912345678`,
      `药品经营许可证,YP-1,示范区好味道餐饮有限公司,${USCC},2021-01-01,${soon},13912345678`].join('\n');
    assert.equal((await admin.post('/api/licenses/import', { csv })).body.imported, 2);
    await ctx.services.database.db.execute(sql`update licenses set valid_until = ${today}::date - 1 where license_no = 'YP-1'`);
    const r1 = await ctx.services.scan.run();
    assert.deepEqual([r1.licensesExpired, r1.licensesReminded], [1, 1]);
    const r2 = await ctx.services.scan.run();
    assert.deepEqual([r2.licensesExpired, r2.licensesReminded], [0, 0], 'once');
    const [sms] = await one<{ body: string }>(ctx, sql`select payload->>'body' as body from outbox where idempotency_key like 'license:%:expiry'`);
    assert.match(sms!.body, /公共场所卫生许可证（编号WS-1）将于.*到期/);
    const yp = (await supervisor.get('/api/licenses?no=YP-1')).body.items[0];
    assert.equal(yp.status, 'expired');
  });

  test('我的证照 and 我的办件: a company declared on the portal shows only what carries the account\'s own mobile', async () => {
    // a stranger declares the company (its USCC is public) before its representative does
    const stranger = await applicantClient(ctx, '13900001111');
    assert.equal((await stranger.put('/api/portal/me/real-name', { realName: '冒充者', idNumber: PERSON_ID })).status, 200);
    const e = await stranger.post('/api/portal/entities', { uscc: USCC, name: '示范区好味道餐饮有限公司', legalRepName: '冒充者' });
    assert.equal(e.status, 200, JSON.stringify(e.body));
    assert.deepEqual((await stranger.get('/api/portal/licenses')).body.items, [], 'the company\'s licenses carry its own mobile, not the stranger\'s');
    assert.equal((await stranger.get(`/api/portal/licenses/${firstId}`)).status, 404);
    assert.equal((await ctx.app.inject({ method: 'GET', url: `/api/portal/licenses/${firstId}/pdf`, headers: { cookie: stranger.applicantCookie! } })).statusCode, 404);
    assert.deepEqual((await stranger.get('/api/portal/cases')).body.items, [], 'nor its cases (the applicant\'s and agent\'s mobiles are others)');
    // the company's own mobile sees them: test/e2e/licenses-portal.test.ts and licenses-staff.test.ts (the representative's account)
  });

  test('key rotation: the new key signs, the old still verifies; only administrators rotate', async () => {
    const dept = (await one<{ id: number }>(ctx, sql`select id from departments where code = 'SCJGJ'`))[0]!.id;
    assert.equal((await supervisor.post(`/api/seal-keys/${dept}/rotate`)).status, 403);
    const rotated = await admin.post(`/api/seal-keys/${dept}/rotate`);
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    const mine = rotated.body.items.filter((k: { departmentId: number }) => k.departmentId === dept);
    assert.equal(mine.length, 2);
    assert.equal(mine.filter((k: { retiredAt: string | null }) => k.retiredAt === null).length, 1);
    assert.equal((await ctx.anonymous().get(`/api/public/licenses/${firstCode}`)).body.signature.valid, true, 'a retired key still verifies');
    const food = await subItemIdOf(clerk, '食品经营许可', '食品经营许可（新办）');
    await approve(clerk, approver, food, '示市监食许〔2026〕104号');
    const l = (await supervisor.get('/api/licenses?no=示市监食许〔2026〕104号')).body.items[0];
    const d = (await supervisor.get(`/api/licenses/${l.id}`)).body;
    assert.equal(d.keyId, mine.find((k: { retiredAt: string | null }) => k.retiredAt === null).id);
    assert.equal(d.signatureValid, true);
  });

  test('免提交 rate by department and item', async () => {
    const today = ctx.clock.today();
    const s = await supervisor.get(`/api/licenses/stats?from=${today}&to=${today}`);
    assert.equal(s.status, 200, JSON.stringify(s.body));
    const row = s.body.rows.find((r: { itemName: string }) => r.itemName.includes('有限责任公司'));
    assert.ok(row && row.byLicense === 1 && row.replaceable >= 1 && row.lines > row.byLicense, JSON.stringify(s.body.rows));
    assert.equal(row.rate, Math.round((row.byLicense / row.lines) * 1000) / 1000, 'the rate is over all the checklist lines');
    assert.ok(s.body.total.byLicense >= 1 && s.body.total.rate > 0);
    assert.equal(s.body.total.lines, s.body.rows.reduce((n: number, r: { lines: number }) => n + r.lines, 0));
    assert.equal((await clerk.get(`/api/licenses/stats?from=${today}&to=${today}`)).status, 403);
  });
});
