/**
 * Routes of electronic licenses: the library and catalogue for staff (`/api/licenses`, `/api/license-types`,
 * `/api/seal-keys`), 我的证照 for signed-in applicants (`/api/portal/licenses`), and the public verification of a
 * license by the code in its QR (`/api/public/licenses/{code}`).
 */
import type { FastifyReply } from 'fastify';
import { actorOf } from '../../platform/http.js';
import { IdParams, errorResponses, fileAnswer, Items } from '../../platform/schemas.js';
import type { RoutePlugin } from '../../services.js';
import { applicantOf, applicantSessionHook } from '../applicants/applicants.routes.js';
import { contentDisposition } from '../files/files.types.js';
import type { StoredFile } from '../files/files.service.js';
import {
  CheckBody, CheckResultSchema, DepartmentParams, ImportBody, ImportResultSchema, LicenseDetailSchema, LicenseListQuery, LicenseSummarySchema, LicenseListSchema,
  LicenseTypePatch, LicenseTypeSchema, OfferQuery, OfferSchema, PublicLicenseSchema, RevokeBody, SealKeySchema, StatsQuery, StatsSchema, VerifyCodeParams,
} from './licenses.schemas.js';

const tags = ['电子证照'];
const pdfAnswer = { 200: fileAnswer('电子证照文件（PDF，含电子印章与核验二维码）', ['application/pdf']), ...errorResponses };

function sendPdf(reply: FastifyReply, f: { name: string; file: StoredFile; stream: NodeJS.ReadableStream }) {
  return reply
    .type('application/pdf')
    .header('content-length', f.file.size)
    .header('cache-control', 'private, no-store')
    .header('content-disposition', contentDisposition(f.name, false))
    .send(f.stream);
}

const staffRoutes: RoutePlugin = async (app, { services }) => {
  const { licenses, licenseLibrary: library, licenseAdmin: admin } = services;
  app.get('/api/licenses', { schema: { tags, summary: '证照库：按持证主体、类型、编号、状态查询', querystring: LicenseListQuery, response: { 200: LicenseListSchema, ...errorResponses } } }, async (req) =>
    library.search(actorOf(req), req.query),
  );
  app.get('/api/licenses/offers', { schema: { tags, summary: '受理时可用的电子证照：申请人名下、可替代清单材料的证照', querystring: OfferQuery, response: { 200: OfferSchema, ...errorResponses } } }, async (req) =>
    library.offers(actorOf(req), req.query.holderIdNo, req.query.materialIds.split(',').map(Number)),
  );
  app.get('/api/licenses/stats', { schema: { tags, summary: '免提交率：以电子证照替代的材料占可替代材料的比例（按部门、事项）', querystring: StatsQuery, response: { 200: StatsSchema, ...errorResponses } } }, async (req) =>
    admin.stats(actorOf(req), req.query.from, req.query.to),
  );
  app.post('/api/licenses/import', { bodyLimit: 6 * 1024 * 1024, schema: { tags, summary: '导入平台外签发的证照（CSV，见 docs/license-import.md）', body: ImportBody, response: { 200: ImportResultSchema, ...errorResponses } } }, async (req) =>
    admin.importCsv(actorOf(req), req.body.csv),
  );
  app.get('/api/licenses/:id', { schema: { tags, summary: '证照详情：版本、历史、用证记录、签名验证', params: IdParams, response: { 200: LicenseDetailSchema, ...errorResponses } } }, async (req) =>
    library.detail(actorOf(req), req.params.id),
  );
  app.get('/api/licenses/:id/pdf', { schema: { tags, summary: '下载证照文件（留痕）', params: IdParams, response: pdfAnswer } }, async (req, reply) =>
    sendPdf(reply, await library.pdf(actorOf(req), req.params.id)),
  );
  app.post('/api/licenses/:id/revoke', { schema: { tags, summary: '注销（撤销）证照，须写明理由', params: IdParams, body: RevokeBody, response: { 200: LicenseDetailSchema, ...errorResponses } } }, async (req) => {
    await licenses.revoke(actorOf(req), req.params.id, req.body.reason);
    return library.detail(actorOf(req), req.params.id);
  });
  app.get('/api/license-types', { schema: { tags, summary: '证照目录：类型、颁发机构、有效期、签发事项、可替代材料', response: { 200: Items(LicenseTypeSchema), ...errorResponses } } }, async (req) => ({
    items: await admin.types(actorOf(req)),
  }));
  app.patch('/api/license-types/:id', { schema: { tags, summary: '修改证照类型（有效期、编号规则、颁发机构、启用）', params: IdParams, body: LicenseTypePatch, response: { 200: LicenseTypeSchema, ...errorResponses } } }, async (req) =>
    admin.updateType(actorOf(req), req.params.id, req.body),
  );
  app.get('/api/seal-keys', { schema: { tags, summary: '电子印章密钥（公钥、启用与停用时间、已签证照数）', response: { 200: Items(SealKeySchema), ...errorResponses } } }, async (req) => ({
    items: await admin.keys(actorOf(req)),
  }));
  app.post('/api/seal-keys/:departmentId/rotate', { schema: { tags, summary: '轮换部门电子印章密钥（旧密钥停用，仍可验证已签证照）', params: DepartmentParams, response: { 200: Items(SealKeySchema), ...errorResponses } } }, async (req) => ({
    items: await admin.rotateKey(actorOf(req), req.params.departmentId),
  }));
};

const portalRoutes: RoutePlugin = async (app, { services }) => {
  const { licenseLibrary: licenses } = services;
  const applicant = { applicant: true } as const;
  const portalTags = ['网上办事：我的证照'];
  app.addHook('onRequest', applicantSessionHook(services));
  app.get('/api/portal/licenses', { config: applicant, schema: { tags: portalTags, summary: '我的证照（本人及所代理法人名下）', response: { 200: Items(LicenseSummarySchema), ...errorResponses } } }, async (req) =>
    licenses.mine(applicantOf(req)),
  );
  app.get('/api/portal/licenses/:id', { config: applicant, schema: { tags: portalTags, summary: '我的证照：详情与用证记录', params: IdParams, response: { 200: LicenseDetailSchema, ...errorResponses } } }, async (req) =>
    licenses.myDetail(applicantOf(req), req.params.id),
  );
  app.get('/api/portal/licenses/:id/pdf', { config: applicant, schema: { tags: portalTags, summary: '下载我的证照文件', params: IdParams, response: pdfAnswer } }, async (req, reply) =>
    sendPdf(reply, await licenses.myPdf(applicantOf(req), req.params.id)),
  );
};

const publicRoutes: RoutePlugin = async (app, { services }) => {
  const { licenseLibrary: licenses } = services;
  const limited = (max: number) => ({ public: true, rateLimit: { max, timeWindow: '1 minute' } }) as const;
  app.get('/api/public/licenses/:code', { config: limited(services.config.progressRatePerMinute), schema: { tags: ['公共服务'], summary: '证照核验：状态与电子印章签名', params: VerifyCodeParams, response: { 200: PublicLicenseSchema, ...errorResponses } } }, async (req) =>
    licenses.publicView(req.params.code),
  );
  app.post('/api/public/licenses/:code/check', { config: limited(10), bodyLimit: 15 * 1024 * 1024, schema: { tags: ['公共服务'], summary: '证照核验：上传证照文件，比对文件摘要', params: VerifyCodeParams, body: CheckBody, response: { 200: CheckResultSchema, ...errorResponses } } }, async (req) =>
    licenses.publicCheck(req.params.code, req.body.contentBase64),
  );
};

export const licenseRoutes: RoutePlugin = async (app, deps) => {
  await app.register(staffRoutes, deps);
  await app.register(portalRoutes, deps);
  await app.register(publicRoutes, deps);
};
