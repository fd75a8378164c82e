/**
 * Routes of the online channel: 网上申办 for the signed-in applicant (`/api/portal/applications`, a portal session;
 * only their own applications) and 网上预审 / 窗口受理 for the front desk (`/api/prereviews`, a staff session).
 */
import type { FastifyReply } from 'fastify';
import { frameableBySelf } from '../../platform/headers.js';
import { actorOf } from '../../platform/http.js';
import { ErrorBody, IdParams, errorResponses, fileAnswer } from '../../platform/schemas.js';
import type { RoutePlugin } from '../../services.js';
import { applicantOf, applicantSessionHook, requestMeta } from '../applicants/applicants.routes.js';
import { CodeSentSchema, throttled } from '../applicants/applicants.schemas.js';
import { PublicProgressSchema } from '../cases/cases.schemas.js';
import { contentDisposition, MATERIAL_TYPES, shownInline } from '../files/files.types.js';
import type { StoredFile } from '../files/files.service.js';
import {
  ApplicationListSchema, ApplicationSchema, CaseParams, FileParams, MyCaseListSchema, LookupQuery, MarkBody, QueueQuery, SignBody, SlotBody, SlotFileParams, SlotParams,
  StaffApplicationSchema, StartBody, UploadBody, WindowAcceptBody,
} from './online.schemas.js';

const portalTags = ['网上办事：申办'];
const staffTags = ['网上预审'];
const applicant = { applicant: true } as const;
const scanAnswer = { 200: fileAnswer('扫描件', MATERIAL_TYPES), 403: errorResponses[403], 404: errorResponses[404] };

/**
 * A scan streamed with its type, length and name; private (personal material): never cached by a shared cache. The
 * app's own pages may show it in a frame (the pre-review viewer, the portal's preview); no other site may.
 */
export function sendScan(reply: FastifyReply, f: { name: string; file: StoredFile; stream: NodeJS.ReadableStream }, secure: boolean) {
  return frameableBySelf(reply, secure)
    .type(f.file.mediaType)
    .header('content-length', f.file.size)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('content-disposition', contentDisposition(f.name, shownInline(f.file.mediaType)))
    .send(f.stream);
}

const applicationRoutes: RoutePlugin = async (app, { services }) => {
  const { online } = services;
  const tags = portalTags;
  app.addHook('onRequest', applicantSessionHook(services)); // the portal session of these routes (applicants module)
  // a scan of the largest size allowed, as base64 in JSON; the file's own limit is checked on its bytes (FILE_TOO_LARGE)
  const uploadBodyLimit = Math.ceil((services.config.online.fileMaxBytes * 4) / 3) + 64 * 1024;
  app.get('/api/portal/applications', { config: applicant, schema: { tags, summary: '我的申办', response: { 200: ApplicationListSchema, ...errorResponses } } }, async (req) =>
    online.list(applicantOf(req)),
  );
  app.post('/api/portal/applications', { config: applicant, schema: { tags, summary: '开始网上申办（按办理项或一件事，钉住当日受理清单；同一 clientKey 重复提交返回同一申办）', body: StartBody, response: { 200: ApplicationSchema, ...errorResponses } } }, async (req) =>
    online.start(applicantOf(req), req.body),
  );
  app.get('/api/portal/applications/:id', { config: applicant, schema: { tags, summary: '申办详情（材料、补正告知、受理结果）', params: IdParams, response: { 200: ApplicationSchema, ...errorResponses } } }, async (req) =>
    online.detail(applicantOf(req), req.params.id),
  );
  app.post(
    '/api/portal/applications/:id/materials/:materialId/files',
    {
      config: applicant, bodyLimit: uploadBodyLimit,
      schema: { tags, summary: '上传材料扫描件（base64；按内容识别 PDF、JPG、PNG）', params: SlotParams, body: UploadBody, response: { 200: ApplicationSchema, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] } },
    },
    async (req) => online.addFile(applicantOf(req), req.params.id, req.params.materialId, { name: req.body.fileName, data: Buffer.from(req.body.contentBase64, 'base64') }),
  );
  app.delete('/api/portal/applications/:id/materials/:materialId/files/:fileId', { config: applicant, schema: { tags, summary: '删除或替换前移除扫描件', params: SlotFileParams, response: { 200: ApplicationSchema, ...errorResponses } } }, async (req) =>
    online.removeFile(applicantOf(req), req.params.id, req.params.materialId, req.params.fileId),
  );
  app.put('/api/portal/applications/:id/materials/:materialId', { config: applicant, schema: { tags, summary: '选择材料提交方式（上传 / 告知承诺 / 容缺后补 / 不适用，按清单允许）', params: SlotParams, body: SlotBody, response: { 200: ApplicationSchema, ...errorResponses } } }, async (req) =>
    online.setSlot(applicantOf(req), req.params.id, req.params.materialId, req.body),
  );
  app.post('/api/portal/applications/:id/sign-code', { config: applicant, schema: { tags, summary: '获取签署告知承诺的短信验证码', params: IdParams, response: { 200: CodeSentSchema, ...errorResponses, ...throttled } } }, async (req) =>
    online.sendSignCode(applicantOf(req), req.params.id, requestMeta(req)),
  );
  app.post('/api/portal/applications/:id/materials/:materialId/commitment', { config: applicant, schema: { tags, summary: '签署告知承诺（输入实名姓名和短信验证码）', params: SlotParams, body: SignBody, response: { 200: ApplicationSchema, ...errorResponses } } }, async (req) =>
    online.sign(applicantOf(req), req.params.id, req.params.materialId, req.body),
  );
  app.post('/api/portal/applications/:id/submit', { config: applicant, schema: { tags, summary: '提交预审（补正后重新提交）', params: IdParams, response: { 200: ApplicationSchema, ...errorResponses } } }, async (req) =>
    online.submit(applicantOf(req), req.params.id),
  );
  app.post('/api/portal/applications/:id/withdraw', { config: applicant, schema: { tags, summary: '撤回申办', params: IdParams, response: { 200: ApplicationSchema, ...errorResponses } } }, async (req) =>
    online.withdraw(applicantOf(req), req.params.id),
  );
  app.get('/api/portal/cases', { config: applicant, schema: { tags, summary: '我的办件（本人或所代理法人的办件，网上或窗口受理）', response: { 200: MyCaseListSchema, ...errorResponses } } }, async (req) => ({
    items: await online.myCases(applicantOf(req)),
  }));
  app.get('/api/portal/cases/:id', { config: applicant, schema: { tags, summary: '我的办件：办理进度、结果与评价', params: IdParams, response: { 200: PublicProgressSchema, ...errorResponses } } }, async (req) =>
    online.myCase(applicantOf(req), req.params.id),
  );
  app.get(
    '/api/portal/applications/:id/cases/:caseId/receipt.pdf',
    { config: applicant, schema: { tags, summary: '电子受理回执（PDF，含进度查询二维码）', params: CaseParams, response: { 200: fileAnswer('受理回执（PDF）', ['application/pdf']), ...errorResponses, 503: ErrorBody } } },
    async (req, reply) => {
      const caseId = await online.caseOf(applicantOf(req), req.params.id, req.params.caseId);
      const r = await services.receipts.pdf(caseId, `${req.protocol}://${req.host}`);
      return reply
        .type('application/pdf')
        .header('content-disposition', contentDisposition(r.fileName, true))
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength));
    },
  );
  app.get('/api/portal/applications/:id/files/:fileId', { config: applicant, schema: { tags, summary: '查看本人上传的扫描件', params: FileParams, response: scanAnswer } }, async (req, reply) =>
    sendScan(reply, await online.file(applicantOf(req), req.params.id, req.params.fileId), services.config.auth.secureCookies),
  );
};

const prereviewRoutes: RoutePlugin = async (app, { services }) => {
  const { prereviews, appointments } = services;
  const tags = staffTags;
  app.get('/api/prereviews', { schema: { tags, summary: '网上预审队列（本中心；亮灯与时限）', querystring: QueueQuery, response: { 200: ApplicationListSchema, ...errorResponses } } }, async (req) =>
    prereviews.queue(actorOf(req), req.query),
  );
  app.get('/api/prereviews/lookup', { schema: { tags, summary: '窗口调取网上申办（申办流水号或预约取号的票）', querystring: LookupQuery, response: { 200: StaffApplicationSchema, ...errorResponses } } }, async (req) =>
    prereviews.lookup(actorOf(req), req.query, (ticketId) => appointments.applicationNoOfTicket(ticketId)),
  );
  app.get('/api/prereviews/:id', { schema: { tags, summary: '预审详情（扫描件、审核要点、上一轮意见）', params: IdParams, response: { 200: StaffApplicationSchema, ...errorResponses } } }, async (req) =>
    prereviews.detail(actorOf(req), req.params.id),
  );
  app.get('/api/prereviews/:id/files/:fileId', { schema: { tags, summary: '查看申请人上传的扫描件', params: FileParams, response: scanAnswer } }, async (req, reply) =>
    sendScan(reply, await prereviews.file(actorOf(req), req.params.id, req.params.fileId), services.config.auth.secureCookies),
  );
  app.put('/api/prereviews/:id/marks/:materialId', { schema: { tags, summary: '逐项预审：通过，或需补正并写明问题', params: SlotParams, body: MarkBody, response: { 200: StaffApplicationSchema, ...errorResponses } } }, async (req) =>
    prereviews.mark(actorOf(req), req.params.id, req.params.materialId, req.body),
  );
  app.post('/api/prereviews/:id/fix-list', { schema: { tags, summary: '一次性告知补正（每轮只能发送一次；短信和网上同时告知）', params: IdParams, response: { 200: StaffApplicationSchema, ...errorResponses } } }, async (req) =>
    prereviews.sendFixList(actorOf(req), req.params.id),
  );
  app.post('/api/prereviews/:id/pass', { schema: { tags, summary: '预审通过（全程网办事项即网上受理）', params: IdParams, response: { 200: StaffApplicationSchema, ...errorResponses } } }, async (req) =>
    prereviews.pass(actorOf(req), req.params.id),
  );
  app.post('/api/prereviews/:id/accept', { schema: { tags, summary: '窗口受理：核对原件后一步受理（不重录）', params: IdParams, body: WindowAcceptBody, response: { 200: StaffApplicationSchema, ...errorResponses } } }, async (req) =>
    prereviews.acceptAtWindow(actorOf(req), req.params.id, req.body),
  );
};

export const onlineRoutes: RoutePlugin = async (app, deps) => {
  await app.register(applicationRoutes, deps);
  await app.register(prereviewRoutes, deps);
};

