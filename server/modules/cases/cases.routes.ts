import { Type } from 'typebox';
import { CASE_STATUSES, LIGHTS } from '../../../common/cases.js';
import { actorOf } from '../../platform/http.js';
import { ErrorBody, IdParams, Int, PageQuery, Text, errorResponses, fileAnswer, literals, obj, query, Id, ClientKey } from '../../platform/schemas.js';
import type { RoutePlugin } from '../../services.js';
import {
  CaseActionBodySchemas, CaseDetailSchema, CasePageSchema, CaseSearchQuerySchema, HandoverDetailSchema, HandoverPageSchema, InspectorListSchema,
  IntakeBodySchema, IntakeFormSchema, IntakeResultSchema, PendingHandoverListSchema, PublicProgressSchema, RevealedFieldSchema, SignHandoverBodySchema,
  type ActableAction,
} from './cases.schemas.js';
import { contentDisposition } from '../files/files.types.js';
import { REVEAL_FIELDS, revealCaseField } from './reveal.service.js';
import { caseFileRoutes } from './case-files.routes.js';

/** 422: a rule of the case refuses the input (materials, checklist lines, collector's identity, a year the calendar cannot compute). */
const refused = { 422: ErrorBody };
/** 429: the public lookup's rate limit */
const limited = { 429: ErrorBody };


/** 收件受理与办件：检索、详情、办理动作。 */
const caseWorkRoutes: RoutePlugin = async (app, { services }) => {
  const { intake, cases } = services;
  const tags = ['办件'];
  // ---- intake and cases

  app.get(
    '/api/cases/intake-form',
    {
      schema: {
        tags, summary: '受理页面：所选办理项的现行受理清单（钉住版本）',
        querystring: query({ subItemIds: Type.Optional(Type.String({ maxLength: 400, pattern: '^[0-9]+(,[0-9]+)*$' })), bundleId: Type.Optional(Id) }),
        response: { 200: IntakeFormSchema, ...errorResponses, ...refused },
      },
    },
    async (req) =>
      intake.form(actorOf(req), {
        subItemIds: (req.query.subItemIds ?? '').split(',').filter(Boolean).map(Number).filter((n) => n > 0 && n <= 2_147_483_647).slice(0, 50),
        bundleId: req.query.bundleId ?? null,
      }),
  );

  app.post(
    '/api/cases',
    {
      schema: {
        tags, summary: '综合受理（收件并受理 / 补正告知 / 不予受理）；同一 clientKey 重复提交只建一次', body: IntakeBodySchema,
        description: '新建时答 201；同一 clientKey 已提交过时答 200 和原来的结果（replayed 为 true）。',
        response: { 201: IntakeResultSchema, 200: IntakeResultSchema, ...errorResponses, ...refused },
      },
    },
    async (req, reply) => {
      const res = await intake.intake(actorOf(req), req.body);
      return reply.code(res.replayed ? 200 : 201).send(res);
    },
  );

  app.get('/api/cases', { schema: { tags, summary: '办件查询（按角色、部门、场所限定范围）', querystring: CaseSearchQuerySchema, response: { 200: CasePageSchema, ...errorResponses } } }, async (req) =>
    cases.search(actorOf(req), req.query),
  );

  app.get(
    '/api/cases/inbox',
    {
      schema: {
        tags, summary: '部门待办（审批、勘查）',
        querystring: query({
          status: Type.Optional(literals(CASE_STATUSES)), light: Type.Optional(literals(LIGHTS)), step: Type.Optional(Int(1, 3)),
          q: Type.Optional(Text(60, 0)), ...PageQuery,
        }),
        response: { 200: CasePageSchema, ...errorResponses },
      },
    },
    async (req) => cases.inbox(actorOf(req), req.query),
  );

  app.get('/api/cases/:id', { schema: { tags, summary: '办件详情（含可执行操作）', params: IdParams, response: { 200: CaseDetailSchema, ...errorResponses } } }, async (req) => cases.get(actorOf(req), req.params.id));

  app.post(
    '/api/cases/:id/reveal',
    {
      schema: {
        tags, summary: '查看完整证件号码或手机号（须说明原因，记入审计日志）', params: IdParams,
        body: obj({ field: literals(REVEAL_FIELDS), reason: Text(200) }),
        response: { 200: RevealedFieldSchema, ...errorResponses },
      },
    },
    async (req) => revealCaseField(services, actorOf(req), req.params.id, req.body),
  );

  app.get('/api/cases/:id/inspectors', { schema: { tags, summary: '可指派的勘查人员', params: IdParams, response: { 200: InspectorListSchema, ...errorResponses } } }, async (req) =>
    cases.inspectors(actorOf(req), req.params.id),
  );

  for (const [action, body] of Object.entries(CaseActionBodySchemas) as [ActableAction, (typeof CaseActionBodySchemas)[ActableAction]][]) {
    app.post(`/api/cases/:id/actions/${action}`, { schema: { tags, summary: `办件操作：${action}`, params: IdParams, body, response: { 200: CaseDetailSchema, ...errorResponses, ...refused } } }, async (req) =>
      cases.act(actorOf(req), req.params.id, action, req.body),
    );
  }
};

/** 电子受理回执（PDF）。 */
const receiptRoutes: RoutePlugin = async (app, { services }) => {
  const { receipts } = services;
  const tags = ['办件'];
  app.get(
    '/api/cases/:id/receipt.pdf',
    {
      schema: {
        tags, summary: '电子受理回执（PDF，含办件进度查询二维码）', params: IdParams,
        description: '已受理办件的受理回执；未受理（补正中、不予受理）的办件没有回执（404）。服务器缺少回执字体时答 503。',
        response: { 200: fileAnswer('受理回执（PDF）', ['application/pdf']), ...errorResponses, 503: ErrorBody },
      },
    },
    async (req, reply) => {
      // without PUBLIC_BASE_URL the QR code links to the address the staff member's browser reached the server at
      const r = await receipts.forStaff(actorOf(req), req.params.id, `${req.protocol}://${req.host}`);
      return reply
        .type('application/pdf')
        .header('content-disposition', contentDisposition(r.fileName, true))
        .header('cache-control', 'no-store')
        .send(Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength));
    },
  );
};

/** 移交与签收批次。 */
const handoverRoutes: RoutePlugin = async (app, { services }) => {
  const { handovers } = services;
  // ---- handover batches (移交/签收)
  const htags = ['交接'];
  app.get('/api/handovers/pending', { schema: { tags: htags, summary: '待移交办件（按部门）', response: { 200: PendingHandoverListSchema, ...errorResponses } } }, async (req) => handovers.pending(actorOf(req)));
  app.post(
    '/api/handovers',
    { schema: { tags: htags, summary: '移交（生成交接单）', body: obj({ departmentId: Id, caseIds: Type.Array(Id, { maxItems: 500 }), clientKey: ClientKey }), response: { 200: HandoverDetailSchema, ...errorResponses } } },
    async (req) => handovers.create(actorOf(req), req.body),
  );
  app.get(
    '/api/handovers',
    { schema: { tags: htags, summary: '交接单列表', querystring: query({ direction: literals(['out', 'in'] as const), status: Type.Optional(literals(['sent', 'signed'] as const)), ...PageQuery }), response: { 200: HandoverPageSchema, ...errorResponses } } },
    async (req) => handovers.list(actorOf(req), req.query),
  );
  app.get('/api/handovers/:id', { schema: { tags: htags, summary: '交接单', params: IdParams, response: { 200: HandoverDetailSchema, ...errorResponses } } }, async (req) => handovers.get(actorOf(req), req.params.id));
  app.post(
    '/api/handovers/:id/sign',
    {
      schema: {
        tags: htags, summary: '签收交接单（核对份数）', params: IdParams,
        body: SignHandoverBodySchema,
        response: { 200: HandoverDetailSchema, ...errorResponses },
      },
    },
    async (req) => handovers.sign(actorOf(req), req.params.id, req.body),
  );
};

/** 公开：办件进度查询。 */
const progressRoutes: RoutePlugin = async (app, { services }) => {
  const { cases } = services;
  // ---- public progress (办件进度查询)
  app.get(
    '/api/public/progress/:caseNo',
    {
      config: { public: true, rateLimit: { max: services.config.progressRatePerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['公开'], summary: '办件进度查询（办件编号 + 手机号后四位）',
        params: obj({ caseNo: Type.String({ minLength: 4, maxLength: 64, pattern: '^[0-9A-Za-z-]+$' }) }),
        querystring: query({ phone4: Type.String({ pattern: '^[0-9]{4}$' }) }),
        response: { 200: PublicProgressSchema, ...errorResponses, ...limited },
      },
    },
    async (req) => cases.progress(req.params.caseNo, req.query.phone4),
  );
};

export const caseRoutes: RoutePlugin = async (app, opts) => {
  await caseWorkRoutes(app, opts);
  await receiptRoutes(app, opts);
  await handoverRoutes(app, opts);
  await progressRoutes(app, opts);
  await app.register(caseFileRoutes, opts); // its own context: the raw-body parsers of the scan upload stay there
};
