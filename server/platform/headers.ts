/**
 * Response headers of the whole app (issue 14, points 4 and 5; ADR 0019): security headers by
 * @fastify/helmet with a Content-Security-Policy the web app, Element Plus, ECharts and Swagger UI
 * live with; `Cache-Control: no-store` on every /api answer unless a route chose its own; JSON and
 * other text compressed by @fastify/compress. Register before any route: both plugins attach to
 * routes as they are declared (onRoute).
 */
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface HeadersOptions {
  /** SECURE_COOKIES=on: the app is served over HTTPS, so HSTS and upgrade-insecure-requests apply */
  secure: boolean;
}

/**
 * The policy. No inline script anywhere (the built index.html loads modules only); styles from
 * files only, but `style="…"` attributes are allowed: Vue's :style bindings, Element Plus (popper
 * positions, table widths) and ECharts' tooltips write them. Images may be data: URLs (QR codes of
 * receipts and tickets are drawn to data URLs) or blob: URLs. Nothing may frame the app: no page is
 * embedded by a hall screen (the board, the kiosk, the light board and the big screen are opened
 * full-screen in their own browser), so frame-ancestors is 'none' for every page — except a stored scan, which the
 * app's own viewer (网上预审) shows in a same-origin frame: `frameableBySelf` on that answer. So frame-src is 'self'.
 */
export function cspDirectives(secure: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'style-src-elem': ["'self'"],
    'style-src-attr': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'media-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-src': ["'self'"],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(secure ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** The policy of one answer that the app's own pages may frame (a scan in the pre-review viewer); no other site may. */
export function frameableBySelf(reply: FastifyReply, secure: boolean): FastifyReply {
  const directives = { ...cspDirectives(secure), 'frame-ancestors': ["'self'"] };
  const policy = Object.entries(directives).map(([k, v]) => [k, ...v].join(' ')).join('; ');
  return reply.header('content-security-policy', policy).header('x-frame-options', 'SAMEORIGIN');
}

/** Types worth compressing on the fly: text (not event streams), JSON, JavaScript, XML, SVG. Never xlsx, pdf, images, octet-stream. */
export const COMPRESSIBLE = /^text\/(?!event-stream)|[/+]json(?:;|$)|\/javascript(?:;|$)|[/+]xml(?:;|$)|^image\/svg\+xml/u;

/**
 * Swagger UI (/api/docs) inserts <style> elements of its own (its syntax highlighter): its pages
 * alone may use inline style elements. Scripts stay 'self' there too (@fastify/swagger-ui serves
 * its initializer as a file).
 */
export function docsCspDirectives(secure: boolean): Record<string, string[]> {
  return { ...cspDirectives(secure), 'style-src-elem': ["'self'", "'unsafe-inline'"] };
}

export async function installHeaders(app: FastifyInstance, opts: HeadersOptions): Promise<void> {
  const docsPolicy = { contentSecurityPolicy: { useDefaults: false, directives: docsCspDirectives(opts.secure) } };
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.helmet = docsPolicy; // read by helmet's own onRoute, registered after this one
  });
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(opts.secure) },
    // a tab the app opens (window.open of a guide, the big screen) keeps no handle on its opener
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    // tokens live in some paths (/rate/<token>, /hall/ticket/<token>): no referrer leaves the site;
    // same-origin requests keep theirs (and their Origin header)
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: opts.secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    xContentTypeOptions: true,
  });

  // Nothing from /api is kept by a browser or a proxy, unless the route says otherwise (public
  // blank forms are cacheable; the board's event stream writes its own headers).
  app.addHook('onRequest', (req, reply, done) => {
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done();
  });

  await app.register(compress, {
    global: true,
    // below 1 KB the headers and the CPU cost more than the bytes saved
    threshold: 1024,
    encodings: ['br', 'gzip'],
    customTypes: COMPRESSIBLE,
    // only responses are compressed; request bodies stay plain JSON (no decompression surface)
    globalDecompression: false,
  });
}
