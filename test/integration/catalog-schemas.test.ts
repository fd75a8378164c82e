/**
 * Issue "Renovation": every catalog operation documents its answer, and the answer is what the document says. The
 * serializer quietly bends what does not fit (null where a string is documented becomes "", "3" where an integer is
 * becomes 3) and RESPONSE_SCHEMA_CHECK only notices dropped properties, so this suite validates each handler's return
 * value itself, as JSON, against the response schema of its status before it is serialized — over a walk through
 * every catalog operation on the demo district and on records made here.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { DEMO_PASSWORD } from '../../server/demo/organisation.js';
import { Client, forEachDatabase } from '../helpers/app.js';
import { pdfOf } from '../helpers/files.js';

/** the catalog module's URLs (its public ones included) */
const isCatalog = (url: string) => /^\/api\/(catalog\/|public\/(guide|bundles|life-events))/.test(url);
const line = (materialId: number, extra: Record<string, unknown> = {}) => ({
  materialId, form: 'copy', copies: 1, required: true, allowMissing: false, allowCommitment: false, condition: '', reviewPoints: '核对原件', ...extra,
});

forEachDatabase('catalog: every answer fits its documented schema', (ctx) => {
  let app: FastifyInstance;
  /** `METHOD /url/:id` of the operations that answered 2xx with a documented body */
  const answered = new Set<string>();
  const misfits: string[] = [];
  let centre: Client;
  let editor: Client;
  let anonymous: Client;
  const materials: number[] = [];
  let itemId = 0;
  let subItemId = 0;

  before(async () => {
    // A second app on the suite's services, with a hook that sees what each handler returned, before serialization.
    app = await buildApp(ctx.services, { logger: false });
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const compiled = new WeakMap<object, ValidateFunction>();
    app.addHook('preSerialization', async (req, reply, payload) => {
      const url = req.routeOptions.url ?? '';
      const schema = (req.routeOptions.schema?.response as Record<number, object> | undefined)?.[reply.statusCode];
      if (!isCatalog(url) || reply.statusCode >= 300 || !schema) return payload;
      let validate = compiled.get(schema);
      if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
      if (!validate(JSON.parse(JSON.stringify(payload)))) misfits.push(`${req.method} ${url}: ${ajv.errorsText(validate.errors, { separator: '; ' })}`);
      answered.add(`${req.method} ${url}`);
      return payload;
    });
    await app.ready();
    const login = async (username: string) => {
      const c = new Client(app, ctx.authenticator);
      assert.equal((await c.login(username, DEMO_PASSWORD)).status, 200, username);
      return c;
    };
    centre = await login('catalog1');
    editor = await login('editor_scjg');
    anonymous = new Client(app);
  });
  after(() => app.close());

  const ok = async (p: Promise<{ status: number; body: any }>, status = 200) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await p;
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };

  test('items, sub-items and materials', async () => {
    await ok(centre.get('/api/catalog/items?pageSize=200'));
    for (const [code, name, licenseType] of [['SCH01', '模式测试营业执照', '营业执照'], ['SCH02', '模式测试场所证明', null], ['SCH03', '模式测试健康证明', null], ['SCH04', '模式测试承诺书', null]] as const) {
      materials.push((await ok(centre.post('/api/catalog/materials', { code, name, description: '', sampleNote: '', licenseType, source: 'applicant' }), 201)).id);
    }
    await ok(centre.patch(`/api/catalog/materials/${materials[1]}`, { description: '自有或租赁场所的证明', source: 'government' }));
    await ok(centre.get('/api/catalog/materials'));

    const scjg = (await ok(centre.get('/api/departments'))).items.find((d: { code: string }) => d.code === 'SCJGJ');
    const item = await ok(centre.post('/api/catalog/items', {
      baseCode: '000987654321', implCode: 'SCHEMATEST0000000000400098765', name: '模式测试摊贩登记', departmentId: scjg.id, subjectType: 'citizen',
      category: 'business', itemType: '07', level: 4, legalBasis: '', conditions: '', statutoryLimit: 20, statutoryUnit: 'working',
      promisedLimit: 5, promisedUnit: 'natural', caseType: 'promised', fees: '不收费', location: '', hours: '', phones: '',
      inspectionNeeded: false, approvalSteps: 2, batch: 2, enabledSiteIds: [], tongbanScope: 'district',
      flowSteps: [{ name: '受理', actor: '综合窗口' }, { name: '决定', actor: '市场监管局', days: 3 }], keywords: ['摆摊'], lifeEvents: ['经营许可'],
    }), 201);
    itemId = item.id;
    await ok(centre.patch(`/api/catalog/items/${itemId}`, { hours: '工作日 9:00-17:00' }));
    subItemId = (await ok(centre.post(`/api/catalog/items/${itemId}/sub-items`, { code: 'SCHEMATEST000000000040009876501', name: '模式测试摊贩登记（新办）', kind: 'new' }), 201)).id;
    const other = await ok(centre.post(`/api/catalog/items/${itemId}/sub-items`, { code: 'SCHEMATEST000000000040009876502', name: '模式测试摊贩登记（注销）', kind: 'cancel' }), 201);
    await ok(centre.patch(`/api/catalog/sub-items/${other.id}`, { active: false }));
    await ok(centre.get(`/api/catalog/items/${itemId}`));
    for (const row of (await ok(centre.get('/api/catalog/items?pageSize=5'))).items) await ok(editor.get(`/api/catalog/items/${row.id}`));
  });

  test('a checklist drafted, compared, queued, returned, published, redrafted and shown in the guide', async () => {
    const v1 = (await ok(editor.post(`/api/catalog/sub-items/${subItemId}/versions`), 201)).id;
    await ok(editor.put(`/api/catalog/versions/${v1}/lines`, { lines: [line(materials[0]!), line(materials[1]!, { allowCommitment: true }), line(materials[3]!)], note: '首版' }), 204);
    await ok(editor.get(`/api/catalog/versions/${v1}`));
    await ok(editor.get(`/api/catalog/versions/${v1}/diff`));
    await ok(editor.get('/api/catalog/review-queue'));
    await ok(editor.post(`/api/catalog/versions/${v1}/actions/submit`), 204);
    await ok(editor.get('/api/catalog/review-queue'));
    await ok(centre.get('/api/catalog/review-queue'));
    await ok(centre.post(`/api/catalog/versions/${v1}/actions/return`, { comment: '请写明适用情形' }), 204);
    await ok(editor.get(`/api/catalog/versions/${v1}`));
    await ok(editor.post(`/api/catalog/versions/${v1}/actions/submit`), 204);
    await ok(centre.post(`/api/catalog/versions/${v1}/actions/publish`, { effectiveFrom: ctx.clock.today() }), 204);
    await ok(centre.get(`/api/catalog/versions/${v1}`));

    // a second version: one line changed, one unchanged, one added, one removed
    const v2 = (await ok(editor.post(`/api/catalog/sub-items/${subItemId}/versions`), 201)).id;
    await ok(editor.put(`/api/catalog/versions/${v2}/lines`, { lines: [line(materials[0]!, { copies: 2 }), line(materials[1]!, { allowCommitment: true }), line(materials[2]!)] }), 204);
    const diff = await ok(centre.get(`/api/catalog/versions/${v2}/diff`));
    assert.deepEqual(diff.entries.map((e: { kind: string }) => e.kind), ['changed', 'unchanged', 'added', 'removed']);
    await ok(editor.get('/api/catalog/review-queue'));
    await ok(editor.get(`/api/catalog/sub-items/${subItemId}/versions`));
    await ok(anonymous.get(`/api/catalog/sub-items/${subItemId}/versions`), 401);

    await ok(centre.get(`/api/catalog/guide/${subItemId}`));
    await ok(anonymous.get(`/api/public/guide/${subItemId}`));
  });

  test('bundles, files, search and the public pages', async () => {
    const pdf = (await pdfOf(1)).toString('base64');
    const file = { fileName: '样表.pdf', mimeType: 'application/pdf', contentBase64: pdf };
    await ok(centre.post('/api/catalog/files', { ownerType: 'item', ownerId: itemId, kind: 'form_template', title: '申请表', ...file }), 201);
    await ok(centre.post('/api/catalog/files', { ownerType: 'material', ownerId: materials[0], kind: 'material_sample', title: '营业执照样本', ...file }), 201);
    await ok(centre.get(`/api/catalog/items/${itemId}`));

    const hits = (await ok(anonymous.get('/api/catalog/search?limit=30'))).items;
    await ok(anonymous.get(`/api/catalog/search?q=${encodeURIComponent('食品')}`));
    await ok(anonymous.get('/api/catalog/search?q=spjy'));
    for (const h of hits) {
      await ok(anonymous.get(`/api/public/guide/${h.subItemId}`));
      await ok(centre.get(`/api/catalog/guide/${h.subItemId}`));
    }
    await ok(anonymous.get(`/api/public/guide/${subItemId}`));

    const body = { code: 'SCHEMA-B1', name: '模式测试一件事', description: '', lifeEvent: '经营许可', kind: 'bundle', subItemIds: [subItemId, hits[0].subItemId] };
    const bundle = (await ok(centre.post('/api/catalog/bundles', body), 201)).id;
    await ok(centre.put(`/api/catalog/bundles/${bundle}`, { ...body, kind: 'chain', subItemIds: [hits[0].subItemId, subItemId, hits[1].subItemId] }));
    for (const b of (await ok(centre.get('/api/catalog/bundles'))).items) await ok(centre.get(`/api/catalog/bundles/${b.id}`));
    for (const b of (await ok(anonymous.get('/api/public/bundles'))).items) await ok(anonymous.get(`/api/public/bundles/${b.id}`));
    await ok(anonymous.get('/api/public/life-events'));
  });

  test('every catalog operation answered, each as its schema says', async () => {
    assert.deepEqual(misfits, []);
    const doc = await ok(anonymous.get('/api/openapi.json'));
    const documented = Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>)
      .flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => ({ op: `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`, op2xx: Object.entries(op.responses) })))
      .filter(({ op, op2xx }) => isCatalog(op.split(' ')[1]!) && op2xx.some(([s, r]) => (s === '200' || s === '201') && r.content?.['application/json']))
      .map(({ op }) => op);
    assert.equal(documented.length, 25, documented.join('\n'));
    assert.deepEqual(documented.filter((op) => !answered.has(op)), []);
  });
});
