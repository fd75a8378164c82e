import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from '../helpers/app.js';

forEachDatabase('organisation', (ctx) => {
  test('the demo district: 19 departments, centre → streets → communities, 9 intake + 2 delivery windows', async () => {
    const c = await ctx.client('guide1');
    const depts = (await c.get('/api/departments')).body.items;
    assert.equal(depts.length, 19);
    assert.ok(depts.some((d: { name: string }) => d.name === '示范区市场监督管理局'));
    const sites = (await c.get('/api/sites')).body.items as { id: number; level: string; parentId: number | null }[];
    const centre = sites.filter((s) => s.level === 'district');
    assert.equal(centre.length, 1);
    const streets = sites.filter((s) => s.level === 'street');
    assert.equal(streets.length, 5);
    assert.ok(streets.every((s) => s.parentId === centre[0]!.id));
    const communities = sites.filter((s) => s.level === 'community');
    assert.ok(communities.length >= 5);
    assert.ok(communities.every((s) => streets.some((st) => st.id === s.parentId)));
    const windows = (await c.get(`/api/windows?siteId=${centre[0]!.id}`)).body.items as { kind: string }[];
    assert.equal(windows.filter((w) => w.kind === 'intake').length, 9);
    assert.equal(windows.filter((w) => w.kind === 'delivery').length, 2);
  });

  test('site hierarchy rules are enforced with Chinese messages', async () => {
    const admin = await ctx.client('admin');
    const sites = (await admin.get('/api/sites')).body.items as { id: number; level: string }[];
    const street = sites.find((s) => s.level === 'street')!;
    const district = sites.find((s) => s.level === 'district')!;
    const orphan = await admin.post('/api/sites', { code: 'T-1', name: '孤立街道', level: 'street', parentId: null });
    assert.equal(orphan.status, 400);
    assert.equal(orphan.body.code, 'SITE_PARENT_INVALID');
    assert.match(orphan.body.message, /街道中心须隶属区中心/);
    const wrong = await admin.post('/api/sites', { code: 'T-2', name: '错层社区', level: 'community', parentId: district.id });
    assert.equal(wrong.body.code, 'SITE_PARENT_INVALID');
    const ok = await admin.post('/api/sites', { code: 'T-3', name: '新建社区政务服务站', level: 'community', parentId: street.id, address: '示范区某路 1 号', hours: '周一至周五' });
    assert.equal(ok.status, 201);
    const self = await admin.patch(`/api/sites/${ok.body.id}`, { level: 'street', parentId: ok.body.id });
    assert.equal(self.body.code, 'SITE_PARENT_INVALID');
    const relevel = await admin.patch(`/api/sites/${street.id}`, { level: 'community', parentId: street.id === sites[1]!.id ? sites[2]!.id : sites[1]!.id });
    assert.equal(relevel.status, 400, 'a street with communities under it cannot change level');
    const dup = await admin.post('/api/sites', { code: 'T-3', name: '重复', level: 'community', parentId: street.id });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'DUPLICATE');
    assert.match(dup.body.message, /场所编码已存在/);
  });

  test('windows: kinds and categories, unique number per site, deactivation hides them from the public', async () => {
    const admin = await ctx.client('admin');
    const centre = (await admin.get('/api/sites')).body.items.find((s: { level: string }) => s.level === 'district');
    const created = await admin.post('/api/windows', { siteId: centre.id, code: 'B01', name: '绿色通道窗口', kind: 'both', categories: ['citizen', 'citizen', 'business'] });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.categories, ['citizen', 'business']);
    const dup = await admin.post('/api/windows', { siteId: centre.id, code: 'B01', name: '重复', kind: 'intake', categories: ['citizen'] });
    assert.equal(dup.body.code, 'DUPLICATE');
    const badKind = await admin.post('/api/windows', { siteId: centre.id, code: 'B02', name: 'x', kind: 'vip', categories: ['citizen'] });
    assert.equal(badKind.status, 400);
    const noCat = await admin.post('/api/windows', { siteId: centre.id, code: 'B02', name: 'x', kind: 'intake', categories: [] });
    assert.equal(noCat.status, 400);
    const pub = async () => (await ctx.anonymous().get(`/api/public/windows?siteId=${centre.id}`)).body.items.map((w: { code: string }) => w.code);
    assert.ok((await pub()).includes('B01'));
    assert.equal((await admin.patch(`/api/windows/${created.body.id}`, { active: false })).status, 200);
    assert.ok(!(await pub()).includes('B01'));
  });

  test('users: department roles need a department, hall roles a site; new users must change their password', async () => {
    const admin = await ctx.client('admin');
    const depts = (await admin.get('/api/departments')).body.items;
    const wjj = depts.find((d: { code: string }) => d.code === 'WJJ');
    const noDept = await admin.post('/api/users', { username: 'u_nodept', displayName: '无部门审批人', roles: ['approver'], departmentId: null, siteId: null, phone: null, password: 'Passw0rd!x' });
    assert.equal(noDept.status, 400);
    assert.equal(noDept.body.code, 'USER_SCOPE_REQUIRED');
    assert.equal(noDept.body.message, '审批人员必须绑定部门');
    const noSite = await admin.post('/api/users', { username: 'u_nosite', displayName: '无场所受理员', roles: ['intake_clerk'], departmentId: null, siteId: null, phone: null, password: 'Passw0rd!x' });
    assert.equal(noSite.body.message, '综合受理员必须绑定场所');
    const weak = await admin.post('/api/users', { username: 'u_weak', displayName: '弱密码', roles: ['supervisor'], departmentId: null, siteId: null, phone: null, password: 'password' });
    assert.equal(weak.body.code, 'PASSWORD_POLICY');
    const created = await admin.post('/api/users', { username: 'u_wjj', displayName: '新审批人', roles: ['approver', 'approver'], departmentId: wjj.id, siteId: null, phone: '13700001111', password: 'Passw0rd!x' });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.roles, ['approver']);
    assert.equal(created.body.phone, '137****1111');
    const dup = await admin.post('/api/users', { username: 'U_WJJ', displayName: '大小写重复', roles: ['supervisor'], departmentId: null, siteId: null, phone: null, password: 'Passw0rd!x' });
    assert.equal(dup.body.code, 'DUPLICATE');
    const fresh = ctx.anonymous();
    const login = await fresh.login('u_wjj', 'Passw0rd!x');
    assert.equal(login.body.user.mustChangePassword, true);
    assert.equal(login.body.user.department.name, '示范区卫生健康局');
    // Until the initial password is changed, the API offers nothing but the change itself.
    const blocked = await fresh.get('/api/departments');
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.code, 'PASSWORD_CHANGE_REQUIRED');
    assert.equal((await fresh.get('/api/auth/me')).status, 200);
    assert.equal((await fresh.post('/api/auth/password', { currentPassword: 'Passw0rd!x', newPassword: 'Changed#2026' })).status, 204);
    assert.equal((await fresh.get('/api/departments')).status, 200);
  });

  test('an admin cannot disable themself or drop their own admin role', async () => {
    const admin = await ctx.client('admin');
    const me = (await admin.get('/api/auth/me')).body.user;
    assert.equal((await admin.patch(`/api/users/${me.id}`, { active: false })).body.code, 'CANNOT_DISABLE_SELF');
    assert.equal((await admin.patch(`/api/users/${me.id}`, { roles: ['supervisor'] })).body.code, 'CANNOT_DISABLE_SELF');
  });

  test('moving a user to another department takes effect on their open session', async () => {
    const admin = await ctx.client('admin');
    const approver = await ctx.client('approver_mzj');
    const id = (await approver.get('/api/auth/me')).body.user.id;
    const rsj = (await admin.get('/api/departments')).body.items.find((d: { code: string }) => d.code === 'RSJ');
    assert.equal((await admin.patch(`/api/users/${id}`, { departmentId: rsj.id })).status, 200);
    assert.equal((await approver.get('/api/auth/me')).status, 401);
    const again = await ctx.anonymous().login('approver_mzj', 'Demo@2026');
    assert.equal(again.body.user.department.name, '示范区人力资源和社会保障局');
  });
});
