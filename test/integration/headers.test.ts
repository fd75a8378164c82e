/**
 * Response headers (issue 14, points 4 and 5): security headers and the CSP on HTML, assets and
 * API answers; no-store on /api; the HTML shell revalidated and hashed assets immutable;
 * pre-compressed assets chosen by Accept-Encoding; JSON compressed on the fly above 1 KB, never
 * spreadsheets, PDFs or event streams; HSTS only with SECURE_COOKIES=on.
 * Run: node --import tsx --test test/integration/headers.test.ts
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { COMPRESSIBLE, cspDirectives, installHeaders } from '../../server/platform/headers.js';
import { installErrorHandling } from '../../server/platform/http.js';
import { WEB_DIR } from '../../server/platform/paths.js';
import { installWeb } from '../../server/platform/web.js';
import { startTestApp, type TestContext } from '../helpers/app.js';

type Headers = Record<string, string | string[] | number | undefined>;

function csp(headers: Headers): Map<string, string> {
  const value = String(headers['content-security-policy'] ?? '');
  return new Map(value.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')]));
}

/** The headers every answer carries, whatever it is. */
function assertSecurityHeaders(headers: Headers, what: string): void {
  const policy = csp(headers);
  assert.equal(policy.get('script-src'), "'self'", `${what}: script-src`);
  assert.equal(policy.get('script-src-attr'), "'none'", `${what}: no inline event handlers`);
  assert.equal(policy.get('frame-ancestors'), "'none'", `${what}: frame-ancestors`);
  assert.equal(policy.get('object-src'), "'none'", `${what}: object-src`);
  assert.equal(policy.get('default-src'), "'self'", `${what}: default-src`);
  assert.ok(!String(headers['content-security-policy']).includes('unsafe-eval'), `${what}: no unsafe-eval`);
  assert.equal(headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(headers['x-frame-options'], 'DENY', `${what}: X-Frame-Options`);
  assert.equal(headers['referrer-policy'], 'same-origin', `${what}: Referrer-Policy`);
  assert.equal(headers['strict-transport-security'], undefined, `${what}: no HSTS over plain HTTP`);
}

describe('headers of the API (the real app)', () => {
  let ctx: TestContext & { close(): Promise<void> };
  before(async () => {
    ctx = await startTestApp('pglite');
  });
  after(async () => {
    await ctx?.close();
  });

  test('JSON answers: security headers and no-store, success and error alike', async () => {
    const anon = ctx.anonymous();
    for (const url of ['/api/health', '/api/public/sites', '/api/auth/me', '/api/no-such-route']) {
      const res = await anon.get(url);
      assertSecurityHeaders(res.headers, url);
      assert.equal(res.headers['cache-control'], 'no-store', `${url}: no-store (status ${res.status})`);
    }
    const admin = await ctx.client('admin');
    const me = await admin.get('/api/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.headers['cache-control'], 'no-store', 'a personal answer is never cached');
  });

  test('JSON above 1 KB is compressed (brotli preferred, gzip otherwise); small answers are not', async () => {
    const big = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(big.statusCode, 200);
    assert.equal(big.headers['content-encoding'], 'br');
    assert.match(String(big.headers.vary), /accept-encoding/i);
    const doc = JSON.parse(brotliDecompressSync(big.rawPayload).toString('utf8'));
    assert.equal(doc.openapi.slice(0, 2), '3.');
    assert.ok(big.rawPayload.length < Buffer.byteLength(JSON.stringify(doc)) / 4, 'the OpenAPI document shrinks at least 4×');

    const gz = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8')).info, doc.info);

    const plain = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(plain.headers['content-encoding'], undefined, 'no Accept-Encoding: sent as is');

    const small = await ctx.app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'br, gzip' } });
    assert.ok(small.rawPayload.length < 1024);
    assert.equal(small.headers['content-encoding'], undefined, 'under the 1 KB threshold');
  });

  test('the API documentation (Swagger UI) is served under the same policy, from files only', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(page.statusCode, 200);
    assertSecurityHeaders(page.headers, '/api/docs/');
    assert.equal(csp(page.headers).get('style-src-elem'), "'self' 'unsafe-inline'", 'Swagger UI inserts <style> elements: its pages alone allow them');
    assert.doesNotMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/i, 'no inline script in the Swagger UI page');
    const initializer = await ctx.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js', headers: { 'accept-encoding': 'br' } });
    assert.equal(initializer.statusCode, 200);
    assert.match(String(initializer.headers['content-type']), /javascript/);
  });

  test('what is compressed on the fly: text, JSON, JavaScript, SVG; never spreadsheets, PDFs, images, streams', () => {
    for (const t of ['application/json; charset=utf-8', 'text/html; charset=utf-8', 'text/css', 'application/javascript; charset=utf-8', 'image/svg+xml', 'application/problem+json']) {
      assert.ok(COMPRESSIBLE.test(t), t);
    }
    for (const t of ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf', 'image/png', 'text/event-stream; charset=utf-8', 'application/octet-stream', 'application/zip']) {
      assert.ok(!COMPRESSIBLE.test(t), t);
    }
  });
});

describe('delivery of the web app (a built app in a temporary folder)', () => {
  let root: string;
  let app: FastifyInstance;
  const js = `export const answer = ${JSON.stringify('一窗'.repeat(2000))};\n`;
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'yc-web-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/index-AbC123.js"></script></head><body><div id="app"></div></body></html>');
    writeFileSync(path.join(root, 'assets/index-AbC123.js'), js);
    writeFileSync(path.join(root, 'assets/index-AbC123.js.br'), brotliCompressSync(js));
    writeFileSync(path.join(root, 'assets/index-AbC123.js.gz'), gzipSync(js));
    app = Fastify({ logger: false });
    installErrorHandling(app);
    await installHeaders(app, { secure: false });
    await installWeb(app, root);
    await app.ready();
  });
  after(async () => {
    await app?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('the HTML shell: revalidated on every visit, with the CSP, on / and on every app path', async () => {
    for (const url of ['/', '/portal', '/portal/guide/12', '/index.html']) {
      const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers['content-type']), /text\/html/, url);
      assert.equal(res.headers['cache-control'], 'no-cache', `${url}: revalidated`);
      assertSecurityHeaders(res.headers, url);
      assert.equal(csp(res.headers).get('style-src-elem'), "'self'", `${url}: stylesheets from files only`);
      assert.equal(csp(res.headers).get('style-src-attr'), "'unsafe-inline'", `${url}: style attributes (Vue :style, Element Plus, ECharts tooltips)`);
    }
  });

  test('hashed assets: a year, immutable; the .br or .gz file by Accept-Encoding, the plain one otherwise', async () => {
    const br = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers['content-type']), /javascript/);
    assert.match(String(br.headers.vary), /accept-encoding/i);
    assert.equal(brotliDecompressSync(br.rawPayload).toString('utf8'), js);
    assertSecurityHeaders(br.headers, 'asset');

    const gz = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.rawPayload).toString('utf8'), js);

    const plain = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, js);
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  test('a file that is not there is a 404, not the shell (browsers ask for /favicon.ico)', async () => {
    for (const url of ['/favicon.ico', '/robots.txt?x=1']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().code, 'ROUTE_NOT_FOUND', url);
    }
    assert.equal((await app.inject({ method: 'GET', url: '/portal/guide/12?caseNo=QZX.1' })).statusCode, 200, 'a page path with a dot in its query');
  });

  test('an asset of another build is a 404 (not the HTML shell posing as a script)', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-Old999.js' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'ROUTE_NOT_FOUND');
  });
});

describe('behind HTTPS (SECURE_COOKIES=on)', () => {
  test('HSTS for a year and upgrade-insecure-requests', async () => {
    const app = Fastify({ logger: false });
    await installHeaders(app, { secure: true });
    app.get('/api/ping', async () => ({ ok: true }));
    await app.ready();
    try {
      const res = await app.inject({ method: 'GET', url: '/api/ping' });
      assert.equal(res.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
      assert.ok(csp(res.headers).has('upgrade-insecure-requests'));
      assert.ok(!cspDirectives(false)['upgrade-insecure-requests'], 'not over plain HTTP (it would break a LAN install)');
    } finally {
      await app.close();
    }
  });
});

describe('the built web app (dist/web, when built)', () => {
  const index = path.join(WEB_DIR, 'index.html');
  test('index.html has no inline script or style, and its assets have .br and .gz siblings', { skip: !existsSync(index) && 'run npm run build:web' }, () => {
    const html = readFileSync(index, 'utf8');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'every script has a src');
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i, 'no inline style or event handler');
    const scripts = [...html.matchAll(/src="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    assert.ok(scripts.length > 0);
    for (const s of scripts) {
      assert.ok(existsSync(path.join(WEB_DIR, `${s}.br`)), `${s}.br`);
      assert.ok(existsSync(path.join(WEB_DIR, `${s}.gz`)), `${s}.gz`);
    }
  });
});
