/**
 * The process as an operator runs it: `npm start` on a data folder, SIGTERM shuts it down cleanly,
 * `npm run demo:reset` reloads the demo district, and the server starts again on the same data.
 */
import assert from 'node:assert/strict';
import { e2eAuthenticator } from '../helpers/totp.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { freePort } from '../helpers/e2e-server.js';
import { createTestDatabase, testDatabaseKinds } from '../helpers/databases.js';

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', WORKER_POLL_MS: '100' },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/health`)).status === 200) return { child, base };
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

/** Logs in like a browser; admin's second factor (动态口令) is bound on first use and answered from the test authenticator. */
async function login(base: string, username: string) {
  const post = (url: string, body: unknown) => fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  let res = await post('/api/auth/login', { username, password: 'Demo@2026' });
  const step1 = (await res.clone().json()) as { mfa?: { stage: 'code' | 'enrol'; ticket: string } };
  if (res.status === 200 && step1.mfa) {
    const { stage, ticket } = step1.mfa;
    if (stage === 'enrol') e2eAuthenticator.remember(`${base}|${username}`, ((await (await post('/api/auth/login/enrolment', { ticket })).json()) as { secret: string }).secret);
    res = await post(stage === 'enrol' ? '/api/auth/login/enrolment/confirm' : '/api/auth/login/code', { ticket, code: await e2eAuthenticator.code(`${base}|${username}`) });
  }
  return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '', body: (await res.json()) as { csrfToken: string } };
}

describe('process lifecycle', () => {
  for (const kind of testDatabaseKinds()) {
    test(`start, graceful SIGTERM, demo:reset, restart on the same data [${kind}]`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'yc-life-'));
      const tdb = await createTestDatabase(kind);
      const env: Record<string, string> = { DATA_DIR: dir, DATABASE_URL: kind === 'postgres' ? tdb.url : '' };
      try {
        let { child, base } = await startServer(env);
        if (kind === 'pglite') assert.ok(existsSync(path.join(dir, 'pglite')), 'embedded database created in the data folder');
        assert.ok(existsSync(path.join(dir, 'session-secret')), 'session secret generated and kept');
        const admin = await login(base, 'admin');
        assert.equal(admin.status, 200);
        if (kind === 'pglite') {
          // PGlite is one process: a second opener of the folder is refused with a clear message.
          const second = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/audit-verify.ts'], { env: { ...process.env, ...env }, encoding: 'utf8' });
          assert.equal(second.status, 2);
          assert.match(second.stderr, /正被进程 \d+ 使用/);
        }
        const created = await fetch(`${base}/api/departments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.body.csrfToken },
          body: JSON.stringify({ code: 'LIFE', name: '生命周期测试局', shortName: '测试局' }),
        });
        assert.equal(created.status, 201);
        assert.equal(await stop(child), 0, 'SIGTERM: clean exit');

        // The session survives a restart (same secret, same database).
        ({ child, base } = await startServer(env));
        const me = await fetch(`${base}/api/auth/me`, { headers: { cookie: admin.cookie } });
        assert.equal(me.status, 200);
        const depts = (await (await fetch(`${base}/api/departments`, { headers: { cookie: admin.cookie } })).json()) as { items: { code: string }[] };
        assert.ok(depts.items.some((d) => d.code === 'LIFE'), 'data kept');
        assert.equal(await stop(child), 0);

        const reset = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/demo-reset.ts'], { env: { ...process.env, ...env }, encoding: 'utf8' });
        assert.equal(reset.status, 2, 'refuses to wipe a database with non-demo departments');
        assert.match(reset.stderr, /拒绝清空/);
        const forced = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/demo-reset.ts', '--force'], { env: { ...process.env, ...env }, encoding: 'utf8' });
        assert.equal(forced.status, 0, forced.stderr);
        assert.match(forced.stdout, /演示数据已重置/);

        ({ child, base } = await startServer(env));
        const again = await login(base, 'admin');
        const after = (await (await fetch(`${base}/api/departments`, { headers: { cookie: again.cookie } })).json()) as { items: { code: string }[] };
        assert.equal(after.items.length, 19);
        assert.ok(!after.items.some((d) => d.code === 'LIFE'));
        assert.equal(await stop(child), 0);
      } finally {
        await tdb.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
