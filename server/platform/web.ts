/**
 * The built web app: hashed assets and the HTML shell (history-mode routes all serve index.html).
 * Files are sent pre-compressed (the .br / .gz siblings `npm run build:web` writes, chosen by
 * Accept-Encoding). Hashed assets never change under their name: cached for a year, immutable.
 * Everything else (the shell) is revalidated on every visit, so an upgrade shows at once.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendError } from './http.js';
import { WEB_DIR } from './paths.js';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** `assets/` holds only content-hashed files (Vite names them name-<hash>.ext). */
export function cacheControlFor(filePath: string, webRoot: string): string {
  const rel = path.relative(webRoot, filePath).split(path.sep);
  return rel.length > 1 && rel[0] === 'assets' ? IMMUTABLE : REVALIDATE;
}

export async function installWeb(app: FastifyInstance, webRoot = WEB_DIR): Promise<void> {
  const hasWeb = existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, filePath) => void reply.header('cache-control', cacheControlFor(filePath, webRoot)),
    });
  }
  app.setNotFoundHandler((req, reply) => {
    // an asset of an older build (a tab open across an upgrade) is a 404, not the HTML shell posing as a script
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/') || req.method !== 'GET') return sendError(req, reply, 'ROUTE_NOT_FOUND');
    if (!hasWeb) return reply.code(503).type('text/plain; charset=utf-8').send('前端尚未构建：请运行 npm run build:web');
    // a file that is not there (/favicon.ico, /robots.txt …) is a 404 too: app paths have no extension
    if (/\.[A-Za-z0-9]{1,8}$/.test(req.url.split('?')[0]!)) return sendError(req, reply, 'ROUTE_NOT_FOUND');
    // The web app routes in the browser (history mode): every page path serves index.html.
    return reply.header('cache-control', REVALIDATE).sendFile('index.html');
  });
}
