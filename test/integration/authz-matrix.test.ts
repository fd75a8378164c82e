/**
 * Authorization matrix: every endpoint × every role (and no session). "allowed" means the call got
 * past authorization (any status but 401/403); the bodies are chosen so allowed writes fail
 * harmlessly (duplicates, missing ids) and change nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES, type Role } from '../../common/roles.js';
import { forEachDatabase, type Client } from '../helpers/app.js';
import { RATINGS_MATRIX } from '../helpers/authz-ratings.js';
import { SUPERVISION_MATRIX } from '../helpers/authz-supervision.js';

const USER_OF: Record<Role, string> = {
  guide: 'guide1',
  intake_clerk: 'clerk1',
  approver: 'approver_scjg',
  inspector: 'inspector_scjg',
  delivery_clerk: 'delivery1',
  supervisor: 'supervisor1',
  discipline_inspector: 'jijian1',
  catalog_admin: 'catalog1',
  dept_catalog_editor: 'editor_scjg',
  system_admin: 'admin',
};

const ALL = ROLES;
const ADMIN: Role[] = ['system_admin'];
const SUPERVISION: Role[] = ['supervisor', 'discipline_inspector', 'system_admin'];
const CENTRE_CATALOG: Role[] = ['catalog_admin'];
const DEPT_CATALOG: Role[] = ['dept_catalog_editor'];
const CATALOG_EDIT: Role[] = ['catalog_admin', 'dept_catalog_editor'];
const CASE_READ: Role[] = ['guide', 'intake_clerk', 'approver', 'inspector', 'delivery_clerk', 'supervisor', 'discipline_inspector'];
const INTAKE: Role[] = ['intake_clerk'];
const APPROVER: Role[] = ['approver'];
const KEY = 'matrix-key-0001';

const MATRIX: { method: string; url: string; body?: unknown; allowed: readonly Role[] }[] = [
  { method: 'GET', url: '/api/auth/me', allowed: ALL },
  { method: 'GET', url: '/api/home/summary', allowed: ALL },
  { method: 'GET', url: '/api/departments', allowed: ALL },
  { method: 'POST', url: '/api/departments', body: { code: 'FGJ', name: '示范区发展和改革局', shortName: '发改局' }, allowed: ADMIN },
  { method: 'PATCH', url: '/api/departments/999999', body: { name: '不存在' }, allowed: ADMIN },
  { method: 'GET', url: '/api/sites', allowed: ALL },
  { method: 'POST', url: '/api/sites', body: { code: 'QZX', name: '重复', level: 'district', parentId: null }, allowed: ADMIN },
  { method: 'PATCH', url: '/api/sites/999999', body: { name: '不存在' }, allowed: ADMIN },
  { method: 'GET', url: '/api/windows', allowed: ALL },
  { method: 'POST', url: '/api/windows', body: { siteId: 999999, code: 'Z1', name: '无', kind: 'intake', categories: ['citizen'] }, allowed: ADMIN },
  { method: 'PATCH', url: '/api/windows/999999', body: { name: '不存在' }, allowed: ADMIN },
  { method: 'GET', url: '/api/users', allowed: ALL },
  { method: 'POST', url: '/api/users', body: { username: 'admin', displayName: '重复', roles: ['guide'], departmentId: null, siteId: 1, phone: null, password: 'Abcdefg1!' }, allowed: ADMIN },
  { method: 'PATCH', url: '/api/users/999999', body: { displayName: '不存在' }, allowed: ADMIN },
  { method: 'POST', url: '/api/users/999999/reset-password', body: { newPassword: 'Abcdefg1!' }, allowed: ADMIN },
  { method: 'POST', url: '/api/users/999999/unlock', allowed: ADMIN },
  { method: 'POST', url: '/api/users/999999/reset-mfa', allowed: ADMIN },
  { method: 'POST', url: '/api/cases/999999/reveal', body: { field: 'applicantPhone', reason: '矩阵测试' }, allowed: ['intake_clerk', 'delivery_clerk', 'approver', 'inspector'] },
  { method: 'GET', url: '/api/calendar/status', allowed: ALL },
  { method: 'GET', url: '/api/calendar/days?year=2026&month=10', allowed: ALL },
  { method: 'GET', url: '/api/calendar/overrides?year=2026', allowed: ALL },
  { method: 'GET', url: '/api/calendar/deadline?start=2026-09-24&limit=20', allowed: ALL },
  // a day far outside the calendar in use, set by the admin's PUT and removed again by the DELETE that follows
  { method: 'PUT', url: '/api/calendar/overrides/2199-12-30', body: { kind: 'holiday', note: '' }, allowed: ADMIN },
  { method: 'DELETE', url: '/api/calendar/overrides/2199-12-30', allowed: ADMIN },
  { method: 'POST', url: '/api/calendar/years/2099/confirm', allowed: ADMIN },
  { method: 'GET', url: '/api/admin/outbox', allowed: ADMIN },
  { method: 'POST', url: '/api/admin/outbox/999999/retry', allowed: ADMIN },
  { method: 'GET', url: '/api/admin/sms', allowed: ADMIN },
  { method: 'GET', url: '/api/audit/events', allowed: SUPERVISION },
  { method: 'GET', url: '/api/catalog/items', allowed: ALL },
  { method: 'GET', url: '/api/catalog/materials', allowed: ALL },
  { method: 'GET', url: '/api/catalog/bundles', allowed: ALL },
  { method: 'GET', url: '/api/catalog/review-queue', allowed: ALL },
  { method: 'POST', url: '/api/catalog/items', body: { baseCode: '1', implCode: '1', name: '无部门', departmentId: 999999, subjectType: 'citizen', category: 'citizen', itemType: '20', level: 4, legalBasis: '', conditions: '', statutoryLimit: 1, statutoryUnit: 'working', promisedLimit: 1, promisedUnit: 'working', caseType: 'promised', fees: '', location: '', hours: '', phones: '', inspectionNeeded: false, approvalSteps: 1, batch: 1, enabledSiteIds: [], tongbanScope: 'none', flowSteps: [], keywords: [], lifeEvents: [] }, allowed: CENTRE_CATALOG },
  { method: 'PATCH', url: '/api/catalog/items/999999', body: { name: '不存在' }, allowed: CATALOG_EDIT },
  { method: 'POST', url: '/api/catalog/materials', body: { code: 'MATRIX1', name: '矩阵测试材料', description: '', sampleNote: '', licenseType: null, source: 'applicant' }, allowed: CENTRE_CATALOG },
  { method: 'POST', url: '/api/catalog/sub-items/999999/versions', allowed: DEPT_CATALOG },
  { method: 'POST', url: '/api/catalog/versions/999999/actions/submit', allowed: DEPT_CATALOG },
  { method: 'POST', url: '/api/catalog/versions/999999/actions/publish', body: { effectiveFrom: '2099-01-01' }, allowed: CENTRE_CATALOG },
  { method: 'POST', url: '/api/catalog/versions/999999/actions/return', body: { comment: '退回' }, allowed: CENTRE_CATALOG },
  { method: 'PUT', url: '/api/catalog/bundles/999999', body: { code: 'B', name: '不存在', description: '', lifeEvent: '', kind: 'bundle', subItemIds: [] }, allowed: CENTRE_CATALOG },
  { method: 'POST', url: '/api/audit/verify', allowed: SUPERVISION },
  { method: 'GET', url: '/api/cases', allowed: CASE_READ },
  { method: 'GET', url: '/api/cases/inbox', allowed: ['approver', 'inspector'] },
  { method: 'GET', url: '/api/cases/intake-form?subItemIds=999999', allowed: INTAKE },
  { method: 'POST', url: '/api/cases', body: { clientKey: KEY, channel: 'window', applicantType: 'person', applicant: { name: '张三', idNo: '11010519491231002X', phone: '13912345678' }, subItemIds: [999999], materials: [], outcome: 'accept' }, allowed: INTAKE },
  { method: 'GET', url: '/api/cases/999999', allowed: CASE_READ },
  { method: 'GET', url: '/api/cases/999999/inspectors', allowed: APPROVER },
  { method: 'POST', url: '/api/cases/999999/actions/withdraw', body: { reason: '撤件' }, allowed: INTAKE },
  { method: 'POST', url: '/api/cases/999999/actions/pass_step', body: { opinion: '同意' }, allowed: APPROVER },
  { method: 'POST', url: '/api/cases/999999/actions/approve', body: { opinion: '同意', documentNo: 'X' }, allowed: APPROVER },
  { method: 'POST', url: '/api/cases/999999/actions/record_inspection', body: { result: '合格', passed: true }, allowed: ['inspector'] },
  { method: 'POST', url: '/api/cases/999999/actions/register_result', body: { documentNo: 'X' }, allowed: ['delivery_clerk'] },
  { method: 'POST', url: '/api/cases/999999/actions/collect', body: { collectorType: 'applicant', collectorName: '张三', collectorIdNo: '11010519491231002X' }, allowed: ['delivery_clerk'] },
  { method: 'GET', url: '/api/handovers/pending', allowed: INTAKE },
  { method: 'POST', url: '/api/handovers', body: { departmentId: 999999, caseIds: [999999], clientKey: KEY }, allowed: INTAKE },
  { method: 'GET', url: '/api/handovers?direction=out', allowed: INTAKE },
  { method: 'GET', url: '/api/handovers?direction=in', allowed: APPROVER },
  { method: 'GET', url: '/api/handovers/999999', allowed: CASE_READ },
  { method: 'POST', url: '/api/handovers/999999/sign', body: { items: [] }, allowed: APPROVER },
  { method: 'GET', url: '/api/queue/windows/999999', allowed: ['intake_clerk', 'delivery_clerk'] },
  { method: 'POST', url: '/api/queue/windows/999999/call-next', allowed: ['intake_clerk', 'delivery_clerk'] },
  { method: 'POST', url: '/api/queue/tickets/999999/actions/recall', body: {}, allowed: ['intake_clerk', 'delivery_clerk'] },
  { method: 'POST', url: '/api/queue/tickets/999999/actions/green', body: { reason: '老年人' }, allowed: ['guide'] },
  { method: 'GET', url: '/api/queue/tickets', allowed: ['guide', 'intake_clerk', 'delivery_clerk'] },
  { method: 'GET', url: '/api/queue/slots?siteId=999999&day=2026-12-01', allowed: ['guide'] },
  { method: 'PUT', url: '/api/queue/slots/999999', body: { capacity: 3 }, allowed: ['guide'] },
  { method: 'GET', url: '/api/queue/stats?siteId=999999', allowed: ['guide', 'supervisor', 'discipline_inspector'] },
  ...SUPERVISION_MATRIX,
  ...RATINGS_MATRIX,
];

forEachDatabase('authorization matrix', (ctx) => {
  const clients = new Map<Role, Client>();

  test('every endpoint × every role', async () => {
    for (const role of ROLES) clients.set(role, await ctx.client(USER_OF[role]));
    const anonymous = ctx.anonymous();
    const failures: string[] = [];
    for (const row of MATRIX) {
      const anon = await anonymous.request(row.method, row.url, row.body);
      if (anon.status !== 401 || anon.body.code !== 'AUTH_REQUIRED') failures.push(`anonymous ${row.method} ${row.url} → ${anon.status}`);
      for (const role of ROLES) {
        const res = await clients.get(role)!.request(row.method, row.url, row.body);
        const allowed = row.allowed.includes(role);
        const ok = allowed ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === 403 && res.body.code === 'FORBIDDEN';
        if (!ok) failures.push(`${role} ${row.method} ${row.url} → ${res.status} ${res.body?.code ?? ''} (expected ${allowed ? 'allowed' : '403'})`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('staff lists and records are scoped in SQL: other departments and sites answer 404', async () => {
    const admin = clients.get('system_admin')!;
    const all = (await admin.get('/api/users?pageSize=200')).body.items as { id: number; username: string; departmentName: string | null; siteName: string | null }[];
    const id = (u: string) => all.find((x) => x.username === u)!.id;

    const approver = clients.get('approver')!; // 市场监管局
    const mine = (await approver.get('/api/users?pageSize=200')).body.items as { departmentName: string }[];
    assert.ok(mine.length >= 4);
    assert.ok(mine.every((u) => u.departmentName === '示范区市场监督管理局'));
    assert.equal((await approver.get(`/api/users/${id('approver_scjg2')}`)).status, 200);
    const other = await approver.get(`/api/users/${id('approver_wjj')}`);
    assert.equal(other.status, 404);
    assert.equal(other.body.code, 'NOT_FOUND');
    assert.equal((await approver.get(`/api/users/${id('clerk1')}`)).status, 404);

    const clerk = clients.get('intake_clerk')!; // district centre
    assert.equal((await clerk.get(`/api/users/${id('clerk2')}`)).status, 200);
    assert.equal((await clerk.get(`/api/users/${id('clerk_dh')}`)).status, 404, 'another site');
    assert.equal((await clerk.get(`/api/users/${id('approver_scjg')}`)).status, 404);

    const catalog = clients.get('catalog_admin')!;
    assert.equal((await catalog.get(`/api/users/${id('catalog1')}`)).status, 200);
    assert.equal((await catalog.get(`/api/users/${id('admin')}`)).status, 404);
    assert.equal((await catalog.get('/api/users')).body.total, 1);

    // Personal data leaves the server masked, whoever asks.
    const u = (await admin.get(`/api/users/${id('clerk1')}`)).body;
    assert.equal(u.phone, '138****0101');
  });

  test('the abilities sent to the UI match the policies', async () => {
    const me = async (role: Role) => (await clients.get(role)!.get('/api/auth/me')).body.user.abilities as string[];
    assert.ok((await me('system_admin')).includes('user.manage'));
    assert.ok(!(await me('supervisor')).includes('user.manage'));
    assert.ok((await me('supervisor')).includes('audit.verify'));
    assert.ok(!(await me('intake_clerk')).includes('audit.read'));
    // every staff member's pages, and the reach of the abilities whose screens show it (the UI reads no roles)
    for (const role of ROLES) {
      const mine = await me(role);
      assert.ok(mine.includes('workbench.open') && mine.includes('public.open'), role);
    }
    assert.ok((await me('supervisor')).includes('metrics.read:all'));
    assert.ok((await me('supervisor')).includes('queue.stats:all'));
    assert.ok((await me('approver')).includes('metrics.read:department'));
    assert.ok((await me('guide')).includes('metrics.read:site'));
    assert.ok((await me('guide')).includes('queue.stats:site'));
    assert.ok((await me('guide')).includes('queue.manage:site'));
    assert.ok(!(await me('guide')).some((a) => a.endsWith(':all')));
    assert.ok(!(await me('intake_clerk')).some((a) => a.startsWith('metrics.read')));
  });
});
