import { ONLINE_MODES } from '../../../common/online.js';
import { Type, type TSchema } from 'typebox';
import { ITEM_CATEGORIES, LIFE_EVENTS, LIMIT_UNITS, CASE_TYPES, MATERIAL_FORMS, SUB_ITEM_KINDS, SUBJECT_TYPES, TONGBAN_SCOPES, ITEM_TYPES } from '../../../common/catalog.js';
import { actorOf } from '../../platform/http.js';
import { DateString, fileAnswer, ErrorBody, FileName, Id, IdParams, Int, MultiText, Nullable, PageQuery, Text, errorResponses, literals, obj, partialObj, query } from '../../platform/schemas.js';
import type { RoutePlugin } from '../../services.js';
import { ALLOWED_MIME_TYPES, FILE_KINDS } from './catalog.files.js';
import { contentDisposition, shownInline } from '../files/files.types.js';
import {
  BrowseCountsView, BundleDetailView, BundleListView, CatalogItemPage, CatalogItemView, ChecklistDiffView, ChecklistVersionDetailView, GuideView, IdView,
  ItemDetailView, MaterialListView, MaterialView, ReviewQueueView, SearchResultView, SubItemView, VersionHistoryView,
} from './catalog.schemas.js';

/** The answer of an operation: its body under the status it is sent with, and the error bodies. */
const ok = <S extends TSchema>(body: S) => ({ 200: body, ...errorResponses });
const created = <S extends TSchema>(body: S) => ({ 201: body, ...errorResponses });
const Category = literals(ITEM_CATEGORIES);
const SubjectType = literals(SUBJECT_TYPES);
const FlowStepSchema = obj({ name: Text(20), actor: Text(40, 0), days: Type.Optional(Int(0, 365)) });
const ItemFields = {
  baseCode: Type.String({ minLength: 1, maxLength: 20, pattern: '^[0-9A-Z]+$' }),
  implCode: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Z]+$' }),
  name: Text(80),
  departmentId: Id,
  subjectType: SubjectType,
  category: Category,
  itemType: literals(Object.keys(ITEM_TYPES) as (keyof typeof ITEM_TYPES)[]),
  level: Type.Integer({ minimum: 1, maximum: 6 }),
  legalBasis: MultiText(4000, 0),
  conditions: MultiText(4000, 0),
  statutoryLimit: Type.Integer({ minimum: 0, maximum: 3650 }),
  statutoryUnit: literals(LIMIT_UNITS),
  promisedLimit: Type.Integer({ minimum: 0, maximum: 3650 }),
  promisedUnit: literals(LIMIT_UNITS),
  caseType: literals(CASE_TYPES),
  fees: MultiText(500, 0),
  location: MultiText(200, 0),
  hours: MultiText(200, 0),
  phones: Text(100, 0),
  inspectionNeeded: Type.Boolean(),
  approvalSteps: Type.Integer({ minimum: 1, maximum: 3 }),
  batch: Type.Integer({ minimum: 1, maximum: 3 }),
  enabledSiteIds: Type.Array(Id, { maxItems: 500 }),
  tongbanScope: literals(TONGBAN_SCOPES),
  flowSteps: Type.Array(FlowStepSchema, { maxItems: 12 }),
  keywords: Type.Array(Text(20), { maxItems: 30 }),
  lifeEvents: Type.Array(Text(20), { maxItems: 12 }),
  active: Type.Optional(Type.Boolean()),
};
const Line = Type.Object(
  {
    materialId: Id, form: literals(MATERIAL_FORMS), copies: Type.Integer({ minimum: 0, maximum: 99 }),
    required: Type.Boolean(), allowMissing: Type.Boolean(), allowCommitment: Type.Boolean(), condition: MultiText(500, 0), reviewPoints: MultiText(1000, 0),
  },
  { additionalProperties: false },
);
const MaterialFields = {
  name: Text(60), description: MultiText(1000, 0), sampleNote: MultiText(500, 0), licenseType: Nullable(Text(40)), source: literals(['applicant', 'government'] as const),
};
const BundleBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' }), name: Text(60), description: MultiText(2000, 0), lifeEvent: Text(20, 0),
    kind: literals(['bundle', 'chain'] as const), subItemIds: Type.Array(Id, { maxItems: 50 }),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const SearchQuery = query({
  q: Type.Optional(Text(60, 0)), category: Type.Optional(Category), subjectType: Type.Optional(SubjectType),
  departmentId: Type.Optional(Id), siteId: Type.Optional(Id),
  lifeEvent: Type.Optional(Text(20, 0)), batch: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});


/** 事项与办理项。 */
const itemRoutes: RoutePlugin = async (app, { services }) => {
  const catalog = services.catalog;
  const tags = ['事项清单'];
  // ---- items and sub-items
  app.get(
    '/api/catalog/items',
    { schema: { tags, summary: '事项列表', querystring: query({ q: Type.Optional(Text(60, 0)), departmentId: Type.Optional(Id), category: Type.Optional(Category), batch: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })), ...PageQuery }), response: ok(CatalogItemPage) } },
    async (req) => {
      const { page = 1, pageSize = 20, ...f } = req.query;
      const res = await catalog.listItems(actorOf(req), { ...f, page, pageSize });
      return { total: res.total, items: res.items.map((r) => ({ ...r.item, departmentName: r.departmentName, subItemCount: r.subItems })) };
    },
  );
  app.get('/api/catalog/items/:id', { schema: { tags, summary: '事项详情（含办理项）', params: IdParams, response: ok(ItemDetailView) } }, async (req) => catalog.getItem(actorOf(req), req.params.id));
  app.post('/api/catalog/items', { schema: { tags, summary: '新建事项', body: Type.Object(ItemFields, { additionalProperties: false }), response: created(CatalogItemView) } }, async (req, reply) =>
    reply.code(201).send(await catalog.createItem(actorOf(req), req.body)),
  );
  app.patch(
    '/api/catalog/items/:id',
    { schema: { tags, summary: '修改事项', params: IdParams, body: partialObj(ItemFields), response: ok(CatalogItemView) } },
    async (req) => catalog.updateItem(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/catalog/items/:id/sub-items',
    { schema: { tags, summary: '新建办理项', params: IdParams, body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Z]+$' }), name: Text(80), kind: literals(SUB_ITEM_KINDS), onlineMode: Type.Optional(literals(ONLINE_MODES)) }, { additionalProperties: false }), response: created(SubItemView) } },
    async (req, reply) => reply.code(201).send(await catalog.createSubItem(actorOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/api/catalog/sub-items/:id',
    { schema: { tags, summary: '修改办理项', params: IdParams, body: Type.Object({ name: Type.Optional(Text(80)), kind: Type.Optional(literals(SUB_ITEM_KINDS)), onlineMode: Type.Optional(literals(ONLINE_MODES)), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), response: ok(SubItemView) } },
    async (req) => catalog.updateSubItem(actorOf(req), req.params.id, req.body),
  );
};

/** 受理清单的版本：起草、报送、审核、发布、比较。 */
const checklistRoutes: RoutePlugin = async (app, { services }) => {
  const catalog = services.catalog;
  const checklists = services.checklists;
  const tags = ['事项清单'];
  // ---- checklist versions
  app.get('/api/catalog/sub-items/:id/versions', { schema: { tags, summary: '办理项的清单版本历史', params: IdParams, response: ok(VersionHistoryView) } }, async (req) => checklists.history(actorOf(req), req.params.id));
  app.post('/api/catalog/sub-items/:id/versions', { schema: { tags, summary: '起草新版本（复制现行版本）', params: IdParams, response: created(IdView) } }, async (req, reply) =>
    reply.code(201).send({ id: await checklists.createDraft(actorOf(req), req.params.id) }),
  );
  app.get('/api/catalog/versions/:id', { schema: { tags, summary: '清单版本（案件固定引用的版本也由此读取）', params: IdParams, response: ok(ChecklistVersionDetailView) } }, async (req) => checklists.getVersion(actorOf(req), req.params.id));
  app.get('/api/catalog/versions/:id/diff', { schema: { tags, summary: '与被替代版本逐行比较', params: IdParams, response: ok(ChecklistDiffView) } }, async (req) => checklists.diff(actorOf(req), req.params.id));
  app.put(
    '/api/catalog/versions/:id/lines',
    { schema: { tags, summary: '保存草稿的材料清单', params: IdParams, body: Type.Object({ lines: Type.Array(Line, { maxItems: 60 }), note: Type.Optional(MultiText(500, 0)) }, { additionalProperties: false }), response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await checklists.saveLines(actorOf(req), req.params.id, req.body);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/catalog/versions/:id/actions/:action',
    {
      // Most actions carry no body: an empty POST is an empty object.
      preValidation: async (req) => {
        if (req.body === undefined || req.body === null) (req as { body: unknown }).body = {};
      },
      schema: {
        tags, summary: '版本操作：submit 报送 / discard 放弃 / return 退回 / publish 发布',
        params: obj({ id: Id, action: literals(['submit', 'discard', 'return', 'publish'] as const) }),
        body: Type.Object({ comment: Type.Optional(MultiText(1000, 0)), effectiveFrom: Type.Optional(DateString) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { id, action } = req.params;
      const body = req.body;
      if (action === 'submit') await checklists.submit(actor, id);
      else if (action === 'discard') await checklists.discard(actor, id);
      else if (action === 'return') await checklists.returnVersion(actor, id, body.comment ?? '');
      else await checklists.publish(actor, id, body.effectiveFrom ?? services.clock.today());
      return reply.code(204).send(null);
    },
  );
  app.get('/api/catalog/review-queue', { schema: { tags, summary: '待审核 / 待处理的清单版本', response: ok(ReviewQueueView) } }, async (req) => ({ items: await checklists.queue(actorOf(req)) }));
};

/** 材料标准化定义库与一件事。 */
const materialAndBundleRoutes: RoutePlugin = async (app, { services }) => {
  const catalog = services.catalog;
  const tags = ['事项清单'];
  // ---- materials
  app.get('/api/catalog/materials', { schema: { tags, summary: '标准材料库', querystring: query({ q: Type.Optional(Text(60, 0)) }), response: ok(MaterialListView) } }, async (req) => ({
    items: await catalog.listMaterials(actorOf(req), req.query),
  }));
  app.post('/api/catalog/materials', { schema: { tags, summary: '新建标准材料', body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9_-]+$' }), ...MaterialFields }, { additionalProperties: false }), response: created(MaterialView) } }, async (req, reply) =>
    reply.code(201).send(await catalog.createMaterial(actorOf(req), req.body)),
  );
  app.patch('/api/catalog/materials/:id', { schema: { tags, summary: '修改标准材料', params: IdParams, body: partialObj(MaterialFields), response: ok(MaterialView) } }, async (req) =>
    catalog.updateMaterial(actorOf(req), req.params.id, req.body),
  );

  // ---- bundles
  app.get('/api/catalog/bundles', { schema: { tags, summary: '一件事列表', response: ok(BundleListView) } }, async (req) => ({ items: await catalog.listBundles(actorOf(req)) }));
  app.get('/api/catalog/bundles/:id', { schema: { tags, summary: '一件事（合并材料清单）', params: IdParams, response: ok(BundleDetailView) } }, async (req) => catalog.getBundle(actorOf(req), req.params.id));
  app.post('/api/catalog/bundles', { schema: { tags, summary: '新建一件事', body: BundleBody, response: created(IdView) } }, async (req, reply) =>
    reply.code(201).send({ id: await catalog.saveBundle(actorOf(req), null, req.body) }),
  );
  app.put('/api/catalog/bundles/:id', { schema: { tags, summary: '修改一件事', params: IdParams, body: BundleBody, response: ok(IdView) } }, async (req) => ({
    id: await catalog.saveBundle(actorOf(req), req.params.id, req.body),
  }));
};

/** 表格、示例与样本文件。 */
const fileRoutes: RoutePlugin = async (app, { services }) => {
  const catalog = services.catalog;
  const tags = ['事项清单'];
  // ---- files: form templates, filled samples, material samples (JSON with base64 content)
  app.post(
    '/api/catalog/files',
    {
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags, summary: '上传表格下载 / 填写示例 / 材料样本（base64）',
        body: Type.Object(
          {
            ownerType: literals(['item', 'material'] as const), ownerId: Id, kind: literals(FILE_KINDS), title: Text(60),
            fileName: FileName, mimeType: literals(ALLOWED_MIME_TYPES as readonly string[]),
            contentBase64: Type.String({ minLength: 4, maxLength: 7_200_000, pattern: '^[A-Za-z0-9+/]+=*$' }),
          },
          { additionalProperties: false },
        ),
        // 413: the body is over bodyLimit
        response: { ...created(IdView), 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) => {
      const { contentBase64, ...rest } = req.body;
      const id = await catalog.addFile(actorOf(req), { ...rest, data: Buffer.from(contentBase64, 'base64') });
      return reply.code(201).send({ id });
    },
  );
  app.delete('/api/catalog/files/:id', { schema: { tags, summary: '删除表格或示例', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    await catalog.removeFile(actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });
  app.get('/api/public/files/:id', { config: { public: true }, schema: { tags: ['公开'], summary: '下载表格或示例', params: IdParams, response: { 200: fileAnswer('表格或示例文件', ALLOWED_MIME_TYPES), 400: errorResponses[400], 404: errorResponses[404] } } }, async (req, reply) => {
    const { file, stream } = await catalog.openFile(req.params.id);
    return reply
      .type(file.mimeType)
      .header('content-length', file.size)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=3600')
      .header('content-disposition', contentDisposition(file.fileName, shownInline(file.mimeType)))
      .send(stream);
  });
};

/** 公开：检索、办事指南、一件事、生活事件。 */
const publicCatalogRoutes: RoutePlugin = async (app, { services }) => {
  const catalog = services.catalog;
  const catalogSearch = services.catalogSearch;
  const tags = ['事项清单'];
  // ---- public: search, guides, bundles, life events
  const pub = { config: { public: true } } as const;
  app.get('/api/catalog/search', { ...pub, schema: { tags: ['公开'], summary: '事项搜索（名称、关键词、编码、拼音、首字母，容错一字）', querystring: SearchQuery, response: { 200: SearchResultView, 400: errorResponses[400] } } }, async (req) => {
    const { q = '', limit = 20, ...filters } = req.query;
    const res = await catalogSearch.search(q, { ...filters, batch: filters.batch as 1 | 2 | 3 | undefined }, limit);
    return {
      total: res.total,
      items: res.hits.map(({ hit, doc }) => ({
        subItemId: doc.subItemId, itemId: doc.itemId, name: doc.name, itemName: doc.itemName, code: doc.code, departmentName: doc.departmentName,
        category: doc.category, subjectType: doc.subjectType, batch: doc.batch, matchedBy: hit.matchedBy, score: hit.score,
      })),
    };
  });
  app.get('/api/catalog/guide/:id', { schema: { tags, summary: '办事指南（工作人员版，含审核要点）', params: IdParams, response: ok(GuideView) } }, async (req) => {
    actorOf(req);
    return catalog.guide(req.params.id, 'staff');
  });
  app.get('/api/public/guide/:id', { ...pub, schema: { tags: ['公开'], summary: '办事指南（现行清单）', params: IdParams, response: { 200: GuideView, 400: errorResponses[400], 404: errorResponses[404] } } }, async (req) =>
    catalog.guide(req.params.id),
  );
  app.get('/api/public/bundles', { ...pub, schema: { tags: ['公开'], summary: '一件事（公开）', response: { 200: BundleListView } } }, async () => ({ items: await catalog.listBundles(null) }));
  app.get('/api/public/bundles/:id', { ...pub, schema: { tags: ['公开'], summary: '一件事详情（公开）', params: IdParams, response: { 200: BundleDetailView, 400: errorResponses[400], 404: errorResponses[404] } } }, async (req) =>
    catalog.getBundle(null, req.params.id),
  );
  app.get('/api/public/life-events', { ...pub, schema: { tags: ['公开'], summary: '按人生事件 / 类别浏览', response: { 200: BrowseCountsView } } }, async () => {
    const events = await Promise.all(LIFE_EVENTS.map(async (e) => ({ name: e, count: (await catalogSearch.search('', { lifeEvent: e }, 1)).total })));
    const categories = await Promise.all(ITEM_CATEGORIES.map(async (c) => ({ category: c, count: (await catalogSearch.search('', { category: c }, 1)).total })));
    return { lifeEvents: events, categories };
  });
};

export const catalogRoutes: RoutePlugin = async (app, opts) => {
  await itemRoutes(app, opts);
  await checklistRoutes(app, opts);
  await materialAndBundleRoutes(app, opts);
  await fileRoutes(app, opts);
  await publicCatalogRoutes(app, opts);
};
