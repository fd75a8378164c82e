/**
 * 电子证照 in 网上申办 (issue 17.4) through HTTP on PGlite and PostgreSQL: a company's representative applies online
 * for 有限责任公司注销登记 (全程网办), the 营业执照 slot offers the company's imported license and is answered with it
 * (nothing uploaded); another holder's or a revoked license is refused with LICENSE_NOT_USABLE; the pre-review shows
 * the license's number; the pass accepts the application into a case whose material is the license, and the
 * license's 用证记录 lists the case (channel online, the accepting clerk). A license revoked between submission and
 * the pass makes the pass answer LICENSE_NOT_USABLE (no case, no number taken); the clerk sends it back, the
 * applicant chooses a valid one, and it is accepted. A 预审后窗口办结 application is accepted at the window with no
 * original asked for the license's material; its pass tells a license revoked since (a passed one cannot go back).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { citizenIdCheckChar, usccCheckChar } from '../../common/validators.js';
import { DEMO_USERS } from '../../server/demo/organisation.js';
import { rows } from '../../server/platform/db.js';
import type { Client, TestContext } from '../helpers/app.js';
import { forEachDatabase } from '../helpers/app.js';
import { applicantClient } from '../helpers/applicants.js';
import { pdfOf } from '../helpers/files.js';

const idOf = (first17: string) => first17 + citizenIdCheckChar(first17);
const usccOf = (first17: string) => first17 + usccCheckChar(first17);
const COMPANY = usccOf('91440103MA5LXC0N1');
const COMPANY_NAME = '示范区网办注销测试有限公司';
const OTHER = usccOf('91440103MA5LXC0N2');
const REP_PHONE = '13900003001';

interface Offered { id: number; licenseNo: string; usable: boolean; reason: string; status: string }
interface Slot { materialId: number; materialName: string; mode: string; licenseType: string | null; licenseId: number | null; license: Offered | null; licenses: Offered[]; lines: { form: string; copies: number }[] }

async function siteId(ctx: TestContext): Promise<number> {
  const [s] = await rows<{ id: number }>(ctx.services.database.db, sql`select id from sites where code = 'QZX'`);
  return Number(s!.id);
}

async function subItem(ctx: TestContext, name: string): Promise<{ id: number; onlineMode: string }> {
  const [s] = await rows<{ id: number; onlineMode: string }>(ctx.services.database.db, sql`select id, online_mode as "onlineMode" from catalog_sub_items where name = ${name} and active`);
  assert.ok(s, name);
  return { id: Number(s.id), onlineMode: s.onlineMode };
}

/** The company's representative, real-name verified, with the company registered on the portal. */
async function representative(ctx: TestContext): Promise<{ c: Client; entityId: number }> {
  const c = await applicantClient(ctx, REP_PHONE);
  assert.equal((await c.put('/api/portal/me/real-name', { realName: '孙证照', idNumber: idOf('44010319800101301') })).status, 200);
  const e = await c.post('/api/portal/entities', { uscc: COMPANY, name: COMPANY_NAME, legalRepName: '孙证照' });
  assert.equal(e.status, 200, JSON.stringify(e.body));
  return { c, entityId: e.body.id };
}

forEachDatabase('online applications: 电子证照', (ctx) => {
  let rep: Client;
  let entityId = 0;
  let catalog: Client;
  let supervisor: Client;
  let clerk: Client;
  const lic: Record<string, number> = {};

  const start = async (subItemId: number) => {
    const r = await rep.post('/api/portal/applications', { clientKey: randomUUID(), subItemIds: [subItemId], siteId: await siteId(ctx), entityId });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as { id: number; fullOnline: boolean; slots: Slot[] };
  };
  const slotUrl = (id: number, materialId: number) => `/api/portal/applications/${id}/materials/${materialId}`;
  /** every slot but the license's scanned */
  const scanOthers = async (id: number, slots: Slot[], licenseMaterial: number) => {
    for (const s of slots.filter((x) => x.materialId !== licenseMaterial)) {
      const r = await rep.post(`${slotUrl(id, s.materialId)}/files`, { fileName: `${s.materialName}.pdf`, contentBase64: (await pdfOf(1)).toString('base64') });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
  };
  const passAll = async (id: number) => {
    const seen = (await clerk.get(`/api/prereviews/${id}`)).body as { slots: Slot[] };
    for (const s of seen.slots) assert.equal((await clerk.request('PUT', `/api/prereviews/${id}/marks/${s.materialId}`, { verdict: 'pass', note: '' })).status, 200);
  };

  test('setup: the company, and its 营业执照 imported into the library (another company\'s too)', async () => {
    ({ c: rep, entityId } = await representative(ctx));
    catalog = await ctx.client('catalog1');
    supervisor = await ctx.client('supervisor1');
    clerk = await ctx.client('clerk1');
    // the company's mobile on record is its representative's: an account not verified by the identity service sees
    // only the licenses carrying its own phone (a company merely declared on the portal proves nothing)
    const csv = ['证照类型名称,证照编号,持证主体名称,持证主体代码,颁证日期,有效期截止,颁证单位,联系电话',
      `营业执照,YZ-ONL-0001,${COMPANY_NAME},${COMPANY},2021-05-01,,示范区市场监督管理局,${REP_PHONE}`,
      `营业执照,YZ-ONL-0002,${COMPANY_NAME},${COMPANY},2021-05-02,,示范区市场监督管理局,${REP_PHONE}`,
      `营业执照,YZ-ONL-0003,${COMPANY_NAME},${COMPANY},2021-05-03,,示范区市场监督管理局,${REP_PHONE}`,
      `营业执照,YZ-ONL-0008,${COMPANY_NAME},${COMPANY},2021-05-08,,示范区市场监督管理局,13700000000`,
      `营业执照,YZ-ONL-0009,别家有限公司,${OTHER},2021-05-09,,示范区市场监督管理局,${REP_PHONE}`].join('\n');
    const imp = await catalog.post('/api/licenses/import', { csv });
    assert.equal(imp.status, 200, JSON.stringify(imp.body));
    assert.equal(imp.body.imported, 5);
    for (const no of ['YZ-ONL-0001', 'YZ-ONL-0002', 'YZ-ONL-0003', 'YZ-ONL-0008', 'YZ-ONL-0009']) {
      lic[no] = (await supervisor.get(`/api/licenses?no=${no}`)).body.items[0].id;
    }
    const revoked = await supervisor.post(`/api/licenses/${lic['YZ-ONL-0002']}/revoke`, { reason: '登记机关依法撤销' });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
  });

  let appId = 0;
  let yz = 0;

  test('全程网办 注销: the 营业执照 slot offers the company\'s licenses and takes a usable one; others are refused', async () => {
    const item = await subItem(ctx, '有限责任公司注销登记');
    assert.equal(item.onlineMode, 'full', '有限责任公司注销登记 is 全程网办 in the demo catalogue');
    const app = await start(item.id);
    appId = app.id;
    assert.equal(app.fullOnline, true);
    const slot = app.slots.find((s) => s.licenseType === '营业执照');
    assert.ok(slot, JSON.stringify(app.slots.map((s) => [s.materialName, s.licenseType])));
    yz = slot.materialId;
    assert.equal(slot.mode, 'upload');
    assert.equal(slot.license, null);
    const offered = new Map(slot.licenses.map((l) => [l.licenseNo, l]));
    assert.equal(offered.get('YZ-ONL-0001')?.usable, true);
    assert.equal(offered.get('YZ-ONL-0002')?.usable, false, 'a revoked license is shown, not usable');
    assert.equal(offered.has('YZ-ONL-0008'), false, 'a license carrying another phone is not offered to an account verified only by itself');
    assert.match(offered.get('YZ-ONL-0002')!.reason, /已注销/);
    assert.equal(offered.has('YZ-ONL-0009'), false, 'only the company\'s own');
    const plain = app.slots.find((s) => s.licenseType === null)!;
    assert.deepEqual(plain.licenses, []);

    const none = await rep.request('PUT', slotUrl(appId, yz), { mode: 'license' });
    assert.equal(none.status, 400);
    assert.equal(none.body.code, 'ONLINE_LICENSE_REQUIRED');
    const revoked = await rep.request('PUT', slotUrl(appId, yz), { mode: 'license', licenseId: lic['YZ-ONL-0002'] });
    assert.equal(revoked.status, 409);
    assert.equal(revoked.body.code, 'LICENSE_NOT_USABLE');
    assert.match(revoked.body.message, /营业执照.*已注销/);
    const another = await rep.request('PUT', slotUrl(appId, yz), { mode: 'license', licenseId: lic['YZ-ONL-0009'] });
    assert.equal(another.body.code, 'LICENSE_NOT_USABLE', 'another company\'s license');
    assert.match(another.body.message, /未找到申请人名下/);
    const otherPhone = await rep.request('PUT', slotUrl(appId, yz), { mode: 'license', licenseId: lic['YZ-ONL-0008'] });
    assert.equal(otherPhone.body.code, 'LICENSE_NOT_USABLE', 'the company\'s license carrying another mobile: not this account\'s to use');
    const unknown = await rep.request('PUT', slotUrl(appId, yz), { mode: 'license', licenseId: 99_999_999 });
    assert.equal(unknown.body.code, 'LICENSE_NOT_USABLE');
    const noType = await rep.request('PUT', slotUrl(appId, plain.materialId), { mode: 'license', licenseId: lic['YZ-ONL-0001'] });
    assert.equal(noType.status, 400);
    assert.equal(noType.body.code, 'ONLINE_SLOT_MODE', 'only a material that maps to a license type');

    const chosen = await rep.request('PUT', slotUrl(appId, yz), { mode: 'license', licenseId: lic['YZ-ONL-0001'] });
    assert.equal(chosen.status, 200, JSON.stringify(chosen.body));
    const s = (chosen.body.slots as Slot[]).find((x) => x.materialId === yz)!;
    assert.deepEqual([s.mode, s.licenseId, s.license?.licenseNo, s.license?.usable], ['license', lic['YZ-ONL-0001'], 'YZ-ONL-0001', true]);

    // a scan added to the slot takes it back to upload (and the license away); chosen again
    const scanned = await rep.post(`${slotUrl(appId, yz)}/files`, { fileName: '营业执照.pdf', contentBase64: (await pdfOf(1)).toString('base64') });
    const back = (scanned.body.slots as Slot[]).find((x) => x.materialId === yz)!;
    assert.deepEqual([back.mode, back.licenseId, back.license], ['upload', null, null]);
    await rep.request('DELETE', `${slotUrl(appId, yz)}/files/${(back as unknown as { files: { id: number }[] }).files[0]!.id}`);
    assert.equal((await rep.request('PUT', slotUrl(appId, yz), { mode: 'license', licenseId: lic['YZ-ONL-0001'] })).status, 200);
  });

  test('submitted with no scan for the license\'s material; the pre-review shows 电子证照 with the number; the pass accepts with the license, its 用证记录 names the case', async () => {
    const app = (await rep.get(`/api/portal/applications/${appId}`)).body as { slots: Slot[] };
    await scanOthers(appId, app.slots, yz);
    const sub = await rep.post(`/api/portal/applications/${appId}/submit`);
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    assert.equal(sub.body.status, 'submitted');

    const seen = await clerk.get(`/api/prereviews/${appId}`);
    assert.equal(seen.status, 200, JSON.stringify(seen.body));
    const s = (seen.body.slots as (Slot & { files: unknown[] })[]).find((x) => x.materialId === yz)!;
    assert.deepEqual([s.mode, s.license?.licenseNo, s.license?.usable, s.files.length], ['license', 'YZ-ONL-0001', true, 0]);
    await passAll(appId);
    const passed = await clerk.post(`/api/prereviews/${appId}/pass`);
    assert.equal(passed.status, 200, JSON.stringify(passed.body));
    assert.equal(passed.body.status, 'accepted');
    const c = passed.body.cases[0] as { id: number; caseNo: string };

    const [m] = await rows<{ status: string; licenseId: string; licenseVersion: number }>(ctx.services.database.db, sql`
      select status, license_id as "licenseId", license_version as "licenseVersion" from case_materials where case_id = ${c.id} and material_id = ${yz}`);
    assert.deepEqual([m!.status, Number(m!.licenseId), m!.licenseVersion], ['license', lic['YZ-ONL-0001'], 1]);
    const theCase = (await clerk.get(`/api/cases/${c.id}`)).body;
    assert.equal(theCase.channel, 'online');
    assert.equal(theCase.materials.find((x: { materialId: number }) => x.materialId === yz).status, 'license');
    const detail = (await supervisor.get(`/api/licenses/${lic['YZ-ONL-0001']}`)).body;
    const clerkName = DEMO_USERS.find((u) => u.username === 'clerk1')!.displayName;
    assert.deepEqual(detail.uses.map((u: { caseNo: string; channel: string; usedByName: string }) => [u.caseNo, u.channel, u.usedByName]), [[c.caseNo, 'online', clerkName]]);
  });

  test('a license revoked between submission and the pass: the pass answers LICENSE_NOT_USABLE (no case), sent back, another license chosen, accepted', async () => {
    const item = await subItem(ctx, '有限责任公司注销登记');
    const app = await start(item.id);
    assert.equal((await rep.request('PUT', slotUrl(app.id, yz), { mode: 'license', licenseId: lic['YZ-ONL-0003'] })).status, 200);
    await scanOthers(app.id, app.slots, yz);
    assert.equal((await rep.post(`/api/portal/applications/${app.id}/submit`)).status, 200);
    await passAll(app.id);
    assert.equal((await supervisor.post(`/api/licenses/${lic['YZ-ONL-0003']}/revoke`, { reason: '登记机关依法撤销' })).status, 200);
    const [before] = await rows<{ n: number }>(ctx.services.database.db, sql`select count(*)::int as n from cases`);

    const refused = await clerk.post(`/api/prereviews/${app.id}/pass`);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'LICENSE_NOT_USABLE');
    assert.match(refused.body.message, /已注销/);
    const [after] = await rows<{ n: number }>(ctx.services.database.db, sql`select count(*)::int as n from cases`);
    assert.equal(after!.n, before!.n, 'no case written');
    const seen = (await clerk.get(`/api/prereviews/${app.id}`)).body;
    assert.equal(seen.status, 'submitted');
    const s = (seen.slots as Slot[]).find((x) => x.materialId === yz)!;
    assert.deepEqual([s.license?.licenseNo, s.license?.usable, s.license?.status], ['YZ-ONL-0003', false, 'revoked'], 'the clerk sees why');

    await clerk.request('PUT', `/api/prereviews/${app.id}/marks/${yz}`, { verdict: 'fix', note: '所选营业执照已注销，请选择有效的营业执照或上传扫描件' });
    assert.equal((await clerk.post(`/api/prereviews/${app.id}/fix-list`)).status, 200);
    assert.equal((await rep.post(`/api/portal/applications/${app.id}/submit`)).body.code, 'ONLINE_FIX_NOT_ADDRESSED');
    assert.equal((await rep.request('PUT', slotUrl(app.id, yz), { mode: 'license', licenseId: lic['YZ-ONL-0001'] })).status, 200);
    const re = await rep.post(`/api/portal/applications/${app.id}/submit`);
    assert.equal(re.status, 200, JSON.stringify(re.body));
    await clerk.request('PUT', `/api/prereviews/${app.id}/marks/${yz}`, { verdict: 'pass', note: '' });
    const passed = await clerk.post(`/api/prereviews/${app.id}/pass`);
    assert.equal(passed.status, 200, JSON.stringify(passed.body));
    assert.equal(passed.body.status, 'accepted');
    const uses = (await supervisor.get(`/api/licenses/${lic['YZ-ONL-0001']}`)).body.uses as { caseNo: string }[];
    assert.ok(uses.some((u) => u.caseNo === passed.body.cases[0].caseNo));
  });

  test('a license revoked after choosing it and before submission: the submission is refused', async () => {
    const item = await subItem(ctx, '有限责任公司注销登记');
    const csv = ['证照类型名称,证照编号,持证主体名称,持证主体代码,颁证日期,联系电话', `营业执照,YZ-ONL-0004,${COMPANY_NAME},${COMPANY},2021-05-04,${REP_PHONE}`].join('\n');
    assert.equal((await catalog.post('/api/licenses/import', { csv })).body.imported, 1);
    const id4 = (await supervisor.get('/api/licenses?no=YZ-ONL-0004')).body.items[0].id;
    const app = await start(item.id);
    assert.equal((await rep.request('PUT', slotUrl(app.id, yz), { mode: 'license', licenseId: id4 })).status, 200);
    await scanOthers(app.id, app.slots, yz);
    assert.equal((await supervisor.post(`/api/licenses/${id4}/revoke`, { reason: '撤销' })).status, 200);
    const sub = await rep.post(`/api/portal/applications/${app.id}/submit`);
    assert.equal(sub.status, 409, JSON.stringify(sub.body));
    assert.equal(sub.body.code, 'LICENSE_NOT_USABLE');
  });

  test('预审后窗口办结: accepted at the window with the license, no original asked for its material', async () => {
    const item = await subItem(ctx, '个体工商户转型为有限责任公司登记');
    assert.equal(item.onlineMode, 'prereview');
    const app = await start(item.id);
    const slot = app.slots.find((s) => s.licenseType === '营业执照');
    assert.ok(slot);
    assert.equal((await rep.request('PUT', slotUrl(app.id, slot.materialId), { mode: 'license', licenseId: lic['YZ-ONL-0001'] })).status, 200);
    await scanOthers(app.id, app.slots, slot.materialId);
    assert.equal((await rep.post(`/api/portal/applications/${app.id}/submit`)).status, 200);
    await passAll(app.id);
    const passed = await clerk.post(`/api/prereviews/${app.id}/pass`);
    assert.equal(passed.status, 200, JSON.stringify(passed.body));
    assert.equal(passed.body.status, 'passed');
    const originals = (passed.body.slots as Slot[]).filter((s) => s.mode === 'upload').map((s) => ({ materialId: s.materialId, form: s.lines[0]!.form, copies: s.lines[0]!.copies }));
    const accepted = await clerk.post(`/api/prereviews/${app.id}/accept`, { originals });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.status, 'accepted');
    const theCase = (await clerk.get(`/api/cases/${accepted.body.cases[0].id}`)).body;
    assert.equal(theCase.materials.find((x: { materialId: number }) => x.materialId === slot.materialId).status, 'license');
  });

  test('预审后窗口办结: a license revoked before the pass is told at the pass (a passed application cannot be sent back)', async () => {
    const item = await subItem(ctx, '个体工商户转型为有限责任公司登记');
    const csv = ['证照类型名称,证照编号,持证主体名称,持证主体代码,颁证日期,联系电话', `营业执照,YZ-ONL-0005,${COMPANY_NAME},${COMPANY},2021-05-05,${REP_PHONE}`].join('\n');
    assert.equal((await catalog.post('/api/licenses/import', { csv })).body.imported, 1);
    const id5 = (await supervisor.get('/api/licenses?no=YZ-ONL-0005')).body.items[0].id;
    const app = await start(item.id);
    const slot = app.slots.find((s) => s.licenseType === '营业执照')!;
    assert.equal((await rep.request('PUT', slotUrl(app.id, slot.materialId), { mode: 'license', licenseId: id5 })).status, 200);
    await scanOthers(app.id, app.slots, slot.materialId);
    assert.equal((await rep.post(`/api/portal/applications/${app.id}/submit`)).status, 200);
    await passAll(app.id);
    assert.equal((await supervisor.post(`/api/licenses/${id5}/revoke`, { reason: '撤销' })).status, 200);
    const refused = await clerk.post(`/api/prereviews/${app.id}/pass`);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'LICENSE_NOT_USABLE');
    assert.equal((await clerk.get(`/api/prereviews/${app.id}`)).body.status, 'submitted');
  });
});
