/** The built web app: hashed assets and the HTML shell (history-mode routes all serve index.html). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendError } from './http.js';
import { WEB_DIR } from './paths.js';

export async function installWeb(app: FastifyInstance, webRoot = WEB_DIR): Promise<void> {
  const hasWeb = existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false, maxAge: '1h' });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET') return sendError(req, reply, 'ROUTE_NOT_FOUND');
    if (!hasWeb) return reply.code(503).type('text/plain; charset=utf-8').send('前端尚未构建：请运行 npm run build:web');
    // The web app routes in the browser (history mode): every page path serves index.html.
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
