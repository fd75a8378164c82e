/**
 * Requests node's HTTP parser refuses before Fastify sees them (issue 14: "every error body is {code, message}"):
 * headers over the limit and a malformed Content-Length answer in Chinese with a stable code, not Fastify's English
 * default. Through a real socket: app.inject does not go through the parser.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startTestApp } from '../helpers/app.js';

/** Sends raw bytes and reads until the server closes: status line and body. */
function raw(port: number, request: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body });
    });
    socket.write(request);
  });
}

describe('client errors before the router [pglite]', () => {
  let ctx: Awaited<ReturnType<typeof startTestApp>>;
  let port = 0;
  before(async () => {
    ctx = await startTestApp('pglite');
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (ctx.app.server.address() as net.AddressInfo).port;
  });
  after(async () => ctx?.close());

  test('headers over the limit: 431 HEADERS_TOO_LARGE in Chinese, no-store', async () => {
    const res = await raw(port, `GET /api/public/sites?x=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    assert.equal(res.status, 431);
    assert.deepEqual(JSON.parse(res.body), { code: 'HEADERS_TOO_LARGE', message: '请求头或网址过长' });
    assert.match(res.headers, /cache-control: no-store/);
    assert.match(res.headers, /x-content-type-options: nosniff/);
  });

  test('a malformed Content-Length: 400 BAD_REQUEST in Chinese', async () => {
    const res = await raw(port, 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}');
    assert.equal(res.status, 400);
    assert.deepEqual(JSON.parse(res.body), { code: 'BAD_REQUEST', message: '请求格式不正确' });
  });

  test('an ordinary request on the same server still answers', async () => {
    const res = await raw(port, 'GET /api/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(res.status, 200);
  });
});
