/**
 * Authorization matrix: every operation of the OpenAPI document × every role (and no session). "allowed" means the
 * call got past authorization (any status but 401/403, and no 5xx); without a session every call answers 401
 * AUTH_REQUIRED except on public routes, which everyone may call. A site or department scope can still answer 404 to
 * an allowed role: that is allowed. The bodies are chosen so allowed writes fail harmlessly (duplicates, unknown
 * ids) and change nothing; the few writes that may succeed say why and what that changes (`succeeds`).
 *
 * The matrix is complete by construction: a documented operation without a row, or a row that reaches no documented
 * operation, fails the first test by name (test/helpers/authz-coverage.ts).
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ROLES, type Role } from '../../common/roles.js';
import { rows, sql } from '../../server/platform/db.js';
import { forEachDatabase, type Client, type Response } from '../helpers/app.js';
import { matrixCoverage, operationsOfDocument } from '../helpers/authz-coverage.js';
import { PUBLIC_MATRIX } from '../helpers/authz-public.js';
import { APPLICANT_MATRIX } from '../helpers/authz-applicant.js';
import { applicantClient } from '../helpers/applicants.js';
import { ONLINE_MATRIX } from '../helpers/authz-online.js';
import { LICENSE_MATRIX } from '../helpers/authz-licenses.js';
import { RATINGS_MATRIX } from '../helpers/authz-ratings.js';
import { SUPERVISION_MATRIX } from '../helpers/authz-supervision.js';

interface MatrixRow {
  method: string;
  url: string;
  body?: unknown;
  /** the roles that get past authorization, 'public': every role and no session, 'applicant': a portal session only */
  allowed: readonly Role[] | 'public' | 'applicant';
  /** ends the session it is sent with (logout): sent after every other row */
  endsSession?: true;
  /** why an allowed call of this write may succeed (2xx) and what that changes: a write without it must fail harmlessly */
  succeeds?: string;
}

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
const INSPECTOR: Role[] = ['inspector'];
const DELIVERY: Role[] = ['delivery_clerk'];
const QUEUE_CALL: Role[] = ['intake_clerk', 'delivery_clerk'];
const KEY = 'matrix-key-0001';
/** catalog files whose owner does not exist (inserted before the matrix, removed after): a role allowed to delete gets 404, others 403 */
const FILE_OF_NO_MATERIAL = 999990;
const FILE_OF_NO_ITEM = 999991;
const FILE = { kind: 'form_template', title: '矩阵', fileName: 'matrix.pdf', mimeType: 'application/pdf', contentBase64: 'JVBERi0xLjQK' };

const MATRIX: MatrixRow[] = [
  { method: 'GET', url: '/api/auth/me', allowed: ALL },
  { method: 'GET', url: '/api/auth/mfa', allowed: ALL },
  // before the enrolment row: with no enrolment started (or one confirmed) this answers 409 and counts no failure
  { method: 'POST', url: '/api/auth/mfa/enrolment/confirm', body: { code: '000000' }, allowed: ALL },
  {
    method: 'POST', url: '/api/auth/mfa/enrolment', allowed: ALL,
    succeeds: 'starts an enrolment (an unconfirmed secret) for a user without a second factor; the matrix removes those afterwards',
  },
  { method: 'POST', url: '/api/auth/password', body: { currentPassword: 'not-the-password', newPassword: 'Abcdefg1!matrix' }, allowed: ALL },
  { method: 'POST', url: '/api/auth/logout', allowed: ALL, endsSession: true, succeeds: 'ends the session it is sent with (the matrix runs it last)' },
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
  { method: 'GET', url: '/api/users/999999', allowed: ALL },
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
  { method: 'PUT', url: '/api/calendar/overrides/2199-12-30', body: { kind: 'holiday', note: '' }, allowed: ADMIN, succeeds: 'sets a day of 2199, removed by the next row' },
  { method: 'DELETE', url: '/api/calendar/overrides/2199-12-30', allowed: ADMIN, succeeds: 'removes the day the row before set' },
  { method: 'POST', url: '/api/calendar/years/2099/confirm', allowed: ADMIN },
  { method: 'POST', url: '/api/calendar/notice/preview', body: { text: '矩阵测试' }, allowed: ADMIN },
  // text that names no day: unreadable (422), nothing entered, the year not confirmed
  { method: 'POST', url: '/api/calendar/years/2099/notice', body: { text: '矩阵测试' }, allowed: ADMIN },
  { method: 'GET', url: '/api/admin/outbox', allowed: ADMIN },
  { method: 'POST', url: '/api/admin/outbox/999999/retry', allowed: ADMIN },
  { method: 'GET', url: '/api/admin/sms', allowed: ADMIN },
  { method: 'GET', url: '/api/audit/events', allowed: SUPERVISION },
  { method: 'GET', url: '/api/catalog/items', allowed: ALL },
  { method: 'GET', url: '/api/catalog/materials', allowed: ALL },
  { method: 'GET', url: '/api/catalog/bundles', allowed: ALL },
  { method: 'GET', url: '/api/catalog/review-queue', allowed: ALL },
  { method: 'GET', url: '/api/catalog/items/999999', allowed: ALL },
  { method: 'GET', url: '/api/catalog/guide/999999', allowed: ALL },
  { method: 'GET', url: '/api/catalog/sub-items/999999/versions', allowed: ALL },
  { method: 'GET', url: '/api/catalog/versions/999999', allowed: ALL },
  { method: 'GET', url: '/api/catalog/versions/999999/diff', allowed: ALL },
  { method: 'GET', url: '/api/catalog/bundles/999999', allowed: ALL },
  { method: 'POST', url: '/api/catalog/items', body: { baseCode: '1', implCode: '1', name: '无部门', departmentId: 999999, subjectType: 'citizen', category: 'citizen', itemType: '20', level: 4, legalBasis: '', conditions: '', statutoryLimit: 1, statutoryUnit: 'working', promisedLimit: 1, promisedUnit: 'working', caseType: 'promised', fees: '', location: '', hours: '', phones: '', inspectionNeeded: false, approvalSteps: 1, batch: 1, enabledSiteIds: [], tongbanScope: 'none', flowSteps: [], keywords: [], lifeEvents: [] }, allowed: CENTRE_CATALOG },
  { method: 'PATCH', url: '/api/catalog/items/999999', body: { name: '不存在' }, allowed: CATALOG_EDIT },
  { method: 'POST', url: '/api/catalog/items/999999/sub-items', body: { code: 'MATRIX1', name: '矩阵测试', kind: 'new' }, allowed: CATALOG_EDIT },
  { method: 'PATCH', url: '/api/catalog/sub-items/999999', body: { name: '不存在' }, allowed: CATALOG_EDIT },
  { method: 'POST', url: '/api/catalog/materials', body: { code: 'M001', name: '矩阵测试材料', description: '', sampleNote: '', licenseType: null, source: 'applicant' }, allowed: CENTRE_CATALOG }, // a code in use: 409
  { method: 'PATCH', url: '/api/catalog/materials/999999', body: { name: '不存在' }, allowed: CENTRE_CATALOG },
  { method: 'PUT', url: '/api/catalog/versions/999999/lines', body: { lines: [] }, allowed: DEPT_CATALOG },
  { method: 'POST', url: '/api/catalog/sub-items/999999/versions', allowed: DEPT_CATALOG },
  { method: 'POST', url: '/api/catalog/versions/999999/actions/submit', allowed: DEPT_CATALOG },
  { method: 'POST', url: '/api/catalog/versions/999999/actions/discard', allowed: DEPT_CATALOG },
  { method: 'POST', url: '/api/catalog/versions/999999/actions/publish', body: { effectiveFrom: '2099-01-01' }, allowed: CENTRE_CATALOG },
  { method: 'POST', url: '/api/catalog/versions/999999/actions/return', body: { comment: '退回' }, allowed: CENTRE_CATALOG },
  { method: 'PUT', url: '/api/catalog/bundles/999999', body: { code: 'B', name: '不存在', description: '', lifeEvent: '', kind: 'bundle', subItemIds: [] }, allowed: CENTRE_CATALOG },
  { method: 'POST', url: '/api/catalog/bundles', body: { code: 'MATRIX1', name: '矩阵测试', description: '', lifeEvent: '', kind: 'bundle', subItemIds: [999999] }, allowed: CENTRE_CATALOG },
  // a material's files are the centre's (material.manage); an item's, the centre's and its department's (item.edit)
  { method: 'POST', url: '/api/catalog/files', body: { ...FILE, ownerType: 'material', ownerId: 999999 }, allowed: CENTRE_CATALOG },
  { method: 'POST', url: '/api/catalog/files', body: { ...FILE, ownerType: 'item', ownerId: 999999 }, allowed: CATALOG_EDIT },
  { method: 'DELETE', url: `/api/catalog/files/${FILE_OF_NO_MATERIAL}`, allowed: CENTRE_CATALOG },
  { method: 'DELETE', url: `/api/catalog/files/${FILE_OF_NO_ITEM}`, allowed: CATALOG_EDIT },
  { method: 'POST', url: '/api/audit/verify', allowed: SUPERVISION, succeeds: 'nothing: verifying the audit chains only reads' },
  { method: 'GET', url: '/api/cases', allowed: CASE_READ },
  { method: 'GET', url: '/api/cases/inbox', allowed: ['approver', 'inspector'] },
  { method: 'GET', url: '/api/cases/intake-form?subItemIds=999999', allowed: INTAKE },
  { method: 'POST', url: '/api/cases', body: { clientKey: KEY, channel: 'window', applicantType: 'person', applicant: { name: '张三', idNo: '11010519491231002X', phone: '13912345678' }, subItemIds: [999999], materials: [], outcome: 'accept' }, allowed: INTAKE },
  { method: 'GET', url: '/api/cases/999999', allowed: CASE_READ },
  { method: 'GET', url: '/api/cases/999999/inspectors', allowed: APPROVER },
  { method: 'GET', url: '/api/cases/999999/receipt.pdf', allowed: CASE_READ },
  // files of case materials (issue 16.6): the window's scan upload (an empty body: refused as FILE_EMPTY once
  // authorised), one file of a case and its 电子档案 read like the case detail (404 out of scope or unknown)
  { method: 'POST', url: '/api/cases/scans?name=scan.jpg', allowed: INTAKE },
  { method: 'GET', url: '/api/cases/999999/files/999999', allowed: CASE_READ },
  { method: 'GET', url: '/api/cases/999999/archive.zip', allowed: CASE_READ },
  // case actions, each with the ability common/cases.ts names for it (front desk: case.intake; department: case.review,
  // case.decide, case.inspect; delivery: case.deliver), checked before the case is loaded
  { method: 'POST', url: '/api/cases/999999/actions/accept', body: { materials: [] }, allowed: INTAKE },
  { method: 'POST', url: '/api/cases/999999/actions/refuse', body: { reasons: '不予受理', redirect: '' }, allowed: INTAKE },
  { method: 'POST', url: '/api/cases/999999/actions/supplement', body: { materials: [] }, allowed: INTAKE },
  { method: 'POST', url: '/api/cases/999999/actions/withdraw', body: { reason: '撤件' }, allowed: INTAKE },
  { method: 'POST', url: '/api/cases/999999/actions/pass_step', body: { opinion: '同意' }, allowed: APPROVER },
  { method: 'POST', url: '/api/cases/999999/actions/assign_inspection', body: { inspectorId: 999999, note: '' }, allowed: APPROVER },
  { method: 'POST', url: '/api/cases/999999/actions/start_special', body: { kind: 'hearing', reason: '听证', expectedDays: 5 }, allowed: APPROVER },
  { method: 'POST', url: '/api/cases/999999/actions/end_special', body: { result: '听证结束' }, allowed: APPROVER },
  { method: 'POST', url: '/api/cases/999999/actions/request_extension', body: { reason: '情况复杂' }, allowed: APPROVER },
  { method: 'POST', url: '/api/cases/999999/actions/return_to_front', body: { lines: [{ lineNo: 1, note: '缺页' }] }, allowed: APPROVER },
  { method: 'POST', url: '/api/cases/999999/actions/approve', body: { opinion: '同意', documentNo: 'X' }, allowed: APPROVER },
  { method: 'POST', url: '/api/cases/999999/actions/deny', body: { opinion: '不符合条件', documentNo: 'X' }, allowed: APPROVER },
  { method: 'POST', url: '/api/cases/999999/actions/approve_extension', body: { opinion: '同意延期' }, allowed: APPROVER },
  { method: 'POST', url: '/api/cases/999999/actions/reject_extension', body: { opinion: '不同意延期' }, allowed: APPROVER },
  { method: 'POST', url: '/api/cases/999999/actions/record_inspection', body: { result: '合格', passed: true }, allowed: INSPECTOR },
  { method: 'POST', url: '/api/cases/999999/actions/register_result', body: { documentNo: 'X' }, allowed: DELIVERY },
  { method: 'POST', url: '/api/cases/999999/actions/collect', body: { collectorType: 'applicant', collectorName: '张三', collectorIdNo: '11010519491231002X' }, allowed: DELIVERY },
  { method: 'POST', url: '/api/cases/999999/actions/mail', body: { carrier: 'EMS', trackingNo: 'EM0000000000', address: '示范区政务服务中心' }, allowed: DELIVERY },
  { method: 'GET', url: '/api/handovers/pending', allowed: INTAKE },
  { method: 'POST', url: '/api/handovers', body: { departmentId: 999999, caseIds: [999999], clientKey: KEY }, allowed: INTAKE },
  { method: 'GET', url: '/api/handovers?direction=out', allowed: INTAKE },
  { method: 'GET', url: '/api/handovers?direction=in', allowed: APPROVER },
  { method: 'GET', url: '/api/handovers/999999', allowed: CASE_READ },
  { method: 'POST', url: '/api/handovers/999999/sign', body: { items: [] }, allowed: APPROVER },
  { method: 'GET', url: '/api/queue/windows/999999', allowed: QUEUE_CALL },
  { method: 'POST', url: '/api/queue/windows/999999/call-next', allowed: QUEUE_CALL },
  { method: 'POST', url: '/api/queue/tickets/999999/actions/recall', body: {}, allowed: QUEUE_CALL },
  { method: 'POST', url: '/api/queue/tickets/999999/actions/serve', body: {}, allowed: QUEUE_CALL },
  { method: 'POST', url: '/api/queue/tickets/999999/actions/no_show', body: {}, allowed: QUEUE_CALL },
  { method: 'POST', url: '/api/queue/tickets/999999/actions/finish', body: {}, allowed: QUEUE_CALL },
  // a transfer: the guide's for a waiting ticket, the window clerk's for the ticket at their window (queue.policy.ts)
  { method: 'POST', url: '/api/queue/tickets/999999/actions/transfer', body: { category: 'citizen' }, allowed: [...QUEUE_CALL, 'guide'] },
  { method: 'POST', url: '/api/queue/tickets/999999/actions/green', body: { reason: '老年人' }, allowed: ['guide'] },
  { method: 'GET', url: '/api/queue/tickets', allowed: ['guide', 'intake_clerk', 'delivery_clerk'] },
  { method: 'GET', url: '/api/queue/slots?siteId=999999&day=2026-12-01', allowed: ['guide'] },
  { method: 'PUT', url: '/api/queue/slots/999999', body: { capacity: 3 }, allowed: ['guide'] },
  { method: 'GET', url: '/api/queue/stats?siteId=999999', allowed: ['guide', 'supervisor', 'discipline_inspector'] },
  { method: 'POST', url: '/api/supervision/scan', allowed: ['supervisor'], succeeds: 'runs the supervision scan (alerts are deduplicated, light snapshots and metric roll-ups are derived data): it has no body to fail with' },
  ...SUPERVISION_MATRIX,
  ...RATINGS_MATRIX,
  ...PUBLIC_MATRIX,
  ...APPLICANT_MATRIX,
  ...ONLINE_MATRIX,
  ...LICENSE_MATRIX,
];

forEachDatabase('authorization matrix', (ctx) => {
  const clients = new Map<Role, Client>();
  let applicant: Client;
  before(async () => {
    const sessions = await Promise.all(ROLES.map((role) => ctx.client(USER_OF[role])));
    ROLES.forEach((role, i) => clients.set(role, sessions[i]!));
    applicant = await applicantClient(ctx, '13900009998');
  });

  test('every documented operation has a row, and every row reaches a documented operation', async () => {
    const doc = await ctx.anonymous().get('/api/openapi.json');
    assert.equal(doc.status, 200);
    const ops = operationsOfDocument(doc.body);
    assert.ok(ops.length >= 150, `only ${ops.length} operations documented`);
    assert.deepEqual(matrixCoverage(ops, MATRIX), { missing: [], stray: [] });
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

  // last: its final row logs every session out
  test('every endpoint × every role', async () => {
    const { db } = ctx.services.database;
    const anonymous = ctx.anonymous();
    const pendingBefore = await unconfirmedFactors();
    await db.execute(sql`insert into catalog_files (id, owner_type, owner_id, kind, title, file_name, mime_type, size, storage_key) overriding system value
      values (${FILE_OF_NO_MATERIAL}, 'material', 999999, 'material_sample', '矩阵', 'matrix.pdf', 'application/pdf', 1, 'matrix-none'),
             (${FILE_OF_NO_ITEM}, 'item', 999999, 'form_template', '矩阵', 'matrix.pdf', 'application/pdf', 1, 'matrix-none')`);
    const failures: string[] = [];
    const writes: string[] = [];
    try {
      // Rows one after another (a row may rely on the one before it; a row that ends the session comes last), the
      // callers of a row at once.
      for (const row of [...MATRIX.filter((r) => !r.endsSession), ...MATRIX.filter((r) => r.endsSession)]) {
        const callers: [Caller, Client][] = [['anonymous', anonymous], ['applicant', applicant], ...ROLES.map((role) => [role, clients.get(role)!] as [Role, Client])];
        const answers = await Promise.all(callers.map(async ([who, c]) => [who, await c.request(row.method, row.url, row.body)] as const));
        for (const [who, res] of answers) {
          const problem = verdict(row, who, res);
          if (problem) failures.push(`${who} ${row.method} ${row.url} → ${res.status} ${res.body?.code ?? ''} (expected ${problem})`);
          if (row.method !== 'GET' && res.status < 300 && !row.succeeds) writes.push(`${who} ${row.method} ${row.url} → ${res.status}`);
        }
      }
    } finally {
      await db.execute(sql`delete from catalog_files where id in (${FILE_OF_NO_MATERIAL}, ${FILE_OF_NO_ITEM})`);
      const started = (await unconfirmedFactors()).filter((id) => !pendingBefore.includes(id));
      for (const id of started) await db.execute(sql`delete from user_totp where user_id = ${id} and confirmed_at is null`);
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(writes, [], 'a write without `succeeds` succeeded');
  });

  /** users with an enrolment started and not confirmed */
  async function unconfirmedFactors(): Promise<number[]> {
    return (await rows<{ id: number }>(ctx.services.database.db, sql`select user_id::int as id from user_totp where confirmed_at is null`)).map((r) => r.id);
  }
});

type Caller = Role | 'anonymous' | 'applicant';

/** What is wrong with one answer of a row, or null: the expectation it missed. */
function verdict(row: MatrixRow, who: Caller, res: Response): string | null {
  const pastAuthorization = res.status !== 401 && res.status !== 403 && res.status < 500;
  if (row.allowed === 'public') return pastAuthorization ? null : 'allowed (public)';
  if (row.allowed === 'applicant') {
    if (who === 'applicant') return pastAuthorization ? null : 'allowed (applicant)';
    return res.status === 401 && res.body.code === 'APPLICANT_SESSION_REQUIRED' ? null : '401 APPLICANT_SESSION_REQUIRED';
  }
  // a portal session is no staff session
  if (who === 'anonymous' || who === 'applicant') return res.status === 401 && res.body.code === 'AUTH_REQUIRED' ? null : '401 AUTH_REQUIRED';
  if (row.allowed.includes(who)) return pastAuthorization ? null : 'allowed';
  return res.status === 403 && res.body.code === 'FORBIDDEN' ? null : '403';
}
