/**
 * Routes of the files of case materials (issue 16.6): the window's scan upload (the raw bytes as the body, its own
 * plugin so the raw-body parsers stay here), one file of a case shown in the page, and the case's 电子档案.
 */
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { frameableBySelf } from '../../platform/headers.js';
import { actorOf } from '../../platform/http.js';
import { ErrorBody, FileName, Id, errorResponses, fileAnswer, obj, query } from '../../platform/schemas.js';
import type { RoutePlugin } from '../../services.js';
import { readLimited } from '../files/files.service.js';
import { contentDisposition, MATERIAL_TYPES } from '../files/files.types.js';
import { UploadedScanSchema } from './case-files.schemas.js';

/** The body types a scan is sent as: the file's own type, or octet-stream; what it is, is read from its bytes. */
const SCAN_BODY_TYPES = ['application/octet-stream', ...MATERIAL_TYPES];
const ScanBody = Type.Unsafe<unknown>({ format: 'binary', description: '扫描件或照片的原始字节（PDF、JPG、PNG，按内容识别）' });

export const caseFileRoutes: RoutePlugin = async (app, { services }) => {
  const { caseFiles } = services;
  const tags = ['办件'];
  // the scan's bytes are passed through as a stream; readLimited stops at the policy's size (FILE_TOO_LARGE)
  app.addContentTypeParser(SCAN_BODY_TYPES, (_req, payload, done) => done(null, payload));

  app.post(
    '/api/cases/scans',
    {
      schema: {
        tags, summary: '受理时上传一份材料扫描件或照片（PDF、JPG、PNG，大小和页数限制见 UPLOAD_MAX_MB、UPLOAD_MAX_PAGES）；答复的 sha256 写入受理的 files',
        querystring: query({ name: FileName }),
        body: { content: Object.fromEntries(SCAN_BODY_TYPES.map((t) => [t, { schema: ScanBody }])) } as never,
        response: { 201: UploadedScanSchema, ...errorResponses, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const read = () => (body instanceof Readable ? readLimited(body, caseFiles.maxBytes) : Promise.resolve(Buffer.alloc(0)));
      return reply.code(201).send(await caseFiles.upload(actorOf(req), read, req.query.name));
    },
  );

  app.get(
    '/api/cases/:id/files/:fileId',
    {
      schema: {
        tags, summary: '办件材料的一个文件（图片和 PDF 在页面内显示）', params: obj({ id: Id, fileId: Id }),
        response: { 200: fileAnswer('材料的扫描件或上传的文件', MATERIAL_TYPES), ...errorResponses },
      },
    },
    async (req, reply) => {
      const f = await caseFiles.open(actorOf(req), req.params.id, req.params.fileId);
      // the case detail's viewer frames it (the app's own pages only: frameableBySelf); personal material, never cached
      return frameableBySelf(reply, services.config.auth.secureCookies)
        .type(f.mediaType)
        .header('content-length', f.size)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', contentDisposition(f.name, true))
        .send(f.stream);
    },
  );

  app.get(
    '/api/cases/:id/archive.zip',
    {
      schema: {
        tags, summary: '下载电子档案（材料文件按清单条目分文件夹，附目录；记入审计日志）', params: obj({ id: Id }),
        response: { 200: fileAnswer('电子档案（zip）', ['application/zip']), ...errorResponses },
      },
    },
    async (req, reply) => {
      const a = await caseFiles.archive(actorOf(req), req.params.id);
      return reply.type('application/zip').header('content-disposition', contentDisposition(a.fileName, false)).send(a.stream);
    },
  );
};
