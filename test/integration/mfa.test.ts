/**
 * Login hardening (issue 14.6): failed logins throttled per client address across usernames, and the
 * TOTP second factor — required for admin, supervisor and 纪检 by default, optional for others.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { generate } from 'otplib';
import { rows } from '../../server/platform/db.js';
import { forEachDatabase, type Client, type TestContext } from '../helpers/app.js';

const PASSWORD = 'Demo@2026';

/** A code of the authenticator clock's step (+ offset steps), as the user's phone would show it. */
async function codeAt(ctx: TestContext, secret: string, offset = 0): Promise<{ code: string; step: number }> {
  const step = Math.floor(ctx.services.auth.otpClock.now().getTime() / 30_000) + offset;
  return { code: await generate({ secret, epoch: step * 30 }), step };
}

/** Login from a given client address (app.inject's remoteAddress). */
async function loginFrom(ctx: TestContext, address: string, username: string, password: string) {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: address, payload: { username, password } });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

forEachDatabase(
  'login throttle per address',
  (ctx) => {
    test('25 usernames from one address in a minute: 429 RATE_LIMITED with Retry-After after 20 failures; other addresses unaffected; audited once', async () => {
      const statuses: number[] = [];
      let limited: Awaited<ReturnType<typeof loginFrom>> | null = null;
      for (let i = 0; i < 25; i++) {
        const res = await loginFrom(ctx, '203.0.113.7', `user${i}`, 'guess-guess');
        statuses.push(res.status);
        if (res.status === 429) limited ??= res;
      }
      assert.deepEqual(statuses, [...Array(20).fill(401), ...Array(5).fill(429)]);
      assert.equal(limited!.body.code, 'RATE_LIMITED');
      assert.equal(limited!.body.message, '请求过于频繁，请稍后再试');
      const retryAfter = Number(limited!.headers['retry-after']);
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      // Even the right password of a real account waits: the address is throttled, not the account.
      assert.equal((await loginFrom(ctx, '203.0.113.7', 'clerk3', PASSWORD)).status, 429);
      // Another address (the rest of the hall) logs in.
      assert.equal((await loginFrom(ctx, '203.0.113.8', 'clerk3', PASSWORD)).status, 200);
      const supervisor = await ctx.client('supervisor1');
      const throttled = (await supervisor.get('/api/audit/events?kind=auth.throttled')).body.items;
      assert.equal(throttled.length, 1);
      assert.equal(throttled[0].aggregateId, '203.0.113.7');
      // A minute on (the service clock), the address may try again.
      ctx.clock.advance(61_000);
      assert.equal((await loginFrom(ctx, '203.0.113.7', 'clerk3', PASSWORD)).status, 200);
    });

    test('only failures count: a hall logging in correctly from one address is never throttled', async () => {
      const address = '198.51.100.20';
      for (let i = 0; i < 19; i++) assert.equal((await loginFrom(ctx, address, `typo${i}`, 'wrong-wrong')).status, 401);
      const clerks = ['clerk1', 'clerk2', 'clerk4', 'clerk5', 'clerk6', 'clerk7', 'clerk8', 'guide1', 'guide2', 'delivery1', 'delivery2', 'approver_scjg'];
      for (let round = 0; round < 3; round++) {
        for (const u of clerks) assert.equal((await loginFrom(ctx, address, u, PASSWORD)).status, 200, `${u} round ${round}`);
      }
      assert.equal((await loginFrom(ctx, address, 'typo-last', 'wrong-wrong')).status, 401); // the 20th failure
      assert.equal((await loginFrom(ctx, address, 'clerk1', PASSWORD)).status, 429);
    });
  },
  { LOGIN_RATE_PER_ADDRESS: '20', LOGIN_RATE_PER_MINUTE: '100' },
);

forEachDatabase(
  'TOTP second factor',
  (ctx) => {
    let adminSecret = '';

    test('admin: the password alone gives no session, only a ticket to enrol; enrolment shows the key once and a code from the app signs in', async () => {
      const c = ctx.anonymous();
      const step1 = await c.post('/api/auth/login', { username: 'admin', password: PASSWORD });
      assert.equal(step1.status, 200);
      assert.equal(step1.body.mfa.stage, 'enrol');
      assert.equal(step1.body.mfa.expiresInSeconds, 300);
      assert.equal(step1.headers['set-cookie'], undefined, 'no session cookie before the second factor');
      assert.equal(step1.body.csrfToken, undefined);
      assert.equal((await c.get('/api/auth/me')).status, 401);
      const ticket = step1.body.mfa.ticket as string;
      // The enrol ticket is not a code ticket.
      assert.equal((await c.post('/api/auth/login/code', { ticket, code: '123456' })).body.code, 'MFA_TICKET_INVALID');

      const enrol = await c.post('/api/auth/login/enrolment', { ticket });
      assert.equal(enrol.status, 200);
      adminSecret = enrol.body.secret;
      assert.match(adminSecret, /^[A-Z2-7]{32}$/);
      assert.match(enrol.body.uri, /^otpauth:\/\/totp\/.+admin\?.*secret=[A-Z2-7]{32}/);
      assert.equal(enrol.body.account, 'admin');

      const wrong = await c.post('/api/auth/login/enrolment/confirm', { ticket, code: '000000' });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.code, 'MFA_CODE_INVALID');
      assert.equal(wrong.body.message, '动态口令不正确或已使用过，请输入验证器中当前的 6 位口令');
      const { code, step } = await codeAt(ctx, adminSecret);
      const ok = await c.post('/api/auth/login/enrolment/confirm', { ticket, code });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.user.username, 'admin');
      assert.match(String(ok.headers['set-cookie']), /yc_session=/);
      ctx.authenticator.remember('admin', adminSecret, step); // later ctx.client('admin') calls use the same phone

      // Stored sealed, never the key itself.
      const [stored] = await rows<{ secret: string; confirmed_at: unknown }>(
        ctx.services.database.db,
        sql`select t.secret, t.confirmed_at from user_totp t join users u on u.id = t.user_id where u.username = 'admin'`,
      );
      assert.ok(stored);
      assert.match(stored.secret, /^v1\./);
      assert.ok(!stored.secret.includes(adminSecret));
      assert.ok(stored.confirmed_at);
    });

    test('next login: the code step; the key is never shown again; a code is good once (replay refused)', async () => {
      const c = ctx.anonymous();
      const step1 = await c.post('/api/auth/login', { username: 'admin', password: PASSWORD });
      assert.equal(step1.body.mfa.stage, 'code');
      const ticket = step1.body.mfa.ticket as string;
      assert.equal((await c.post('/api/auth/login/enrolment', { ticket })).body.code, 'MFA_TICKET_INVALID');
      const code = await ctx.authenticator.code('admin'); // a step the enrolment did not use
      const ok = await c.post('/api/auth/login/code', { ticket, code });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      c.csrf = ok.body.csrfToken;
      assert.equal((await c.get('/api/auth/me')).body.user.username, 'admin');
      // The same code again, even with a fresh ticket: refused.
      const other = ctx.anonymous();
      const again = await other.post('/api/auth/login', { username: 'admin', password: PASSWORD });
      const replay = await other.post('/api/auth/login/code', { ticket: again.body.mfa.ticket, code });
      assert.equal(replay.status, 401);
      assert.equal(replay.body.code, 'MFA_CODE_INVALID');
      // Signed in, the key cannot be fetched again either.
      const enrolAgain = await c.post('/api/auth/mfa/enrolment');
      assert.equal(enrolAgain.status, 409);
      assert.equal(enrolAgain.body.code, 'MFA_ALREADY_ENROLLED');
      assert.deepEqual((await c.get('/api/auth/mfa')).body.enrolled, true);
    });

    test('a forged or altered ticket is refused', async () => {
      const c = ctx.anonymous();
      const step1 = await c.post('/api/auth/login', { username: 'admin', password: PASSWORD });
      const [payload, sig] = (step1.body.mfa.ticket as string).split('.');
      const forgedPayload = Buffer.from(JSON.stringify({ u: 1, s: 'code', e: Date.now() + 3_600_000, n: 'x' })).toString('base64url');
      for (const ticket of [`${forgedPayload}.${sig}`, `${payload}.${sig!.slice(0, -2)}AA`]) {
        const res = await c.post('/api/auth/login/code', { ticket, code: '123456' });
        assert.equal(res.status, 401);
        assert.equal(res.body.code, 'MFA_TICKET_INVALID');
        assert.equal(res.body.message, '登录步骤无效或已超时，请重新输入用户名和密码');
      }
    });

    test('wrong codes count toward the lockout; the right password does not reset the count', async () => {
      const sup = ctx.anonymous();
      await sup.login('supervisor1', PASSWORD); // enrols supervisor1 through the test authenticator
      const c = ctx.anonymous();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const step1 = await c.post('/api/auth/login', { username: 'supervisor1', password: PASSWORD });
        assert.equal(step1.body.mfa.stage, 'code');
        statuses.push((await c.post('/api/auth/login/code', { ticket: step1.body.mfa.ticket, code: '000000' })).status);
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 423]);
      const locked = await c.post('/api/auth/login', { username: 'supervisor1', password: PASSWORD });
      assert.equal(locked.status, 423);
      assert.equal(locked.body.code, 'AUTH_ACCOUNT_LOCKED');
      const admin = await ctx.client('admin');
      const events = (await admin.get('/api/audit/events?kind=auth.mfa_failed')).body.items;
      assert.ok(events.length >= 4);
      const id = (await admin.get('/api/users?q=supervisor1')).body.items[0].id;
      assert.equal((await admin.post(`/api/users/${id}/unlock`)).status, 204);
      assert.equal((await ctx.anonymous().login('supervisor1', PASSWORD)).status, 200);
    });

    test('admin resets a second factor (audited): sessions end, the user enrols again at the next login', async () => {
      const jijian: Client = await ctx.client('jijian1');
      const admin = await ctx.client('admin');
      const list = (await admin.get('/api/users?q=jijian1')).body.items[0];
      assert.equal(list.mfaEnrolled, true);
      assert.equal((await jijian.post('/api/users/' + list.id + '/reset-mfa')).status, 403);
      assert.equal((await admin.post(`/api/users/${list.id}/reset-mfa`)).status, 204);
      assert.equal((await jijian.get('/api/auth/me')).status, 401);
      assert.equal((await admin.get('/api/users?q=jijian1')).body.items[0].mfaEnrolled, false);
      const step1 = await ctx.anonymous().post('/api/auth/login', { username: 'jijian1', password: PASSWORD });
      assert.equal(step1.body.mfa.stage, 'enrol');
      const reset = (await admin.get(`/api/audit/events?kind=user.mfa_reset`)).body.items;
      assert.equal(reset.length, 1);
      assert.equal(reset[0].aggregateId, String(list.id));
      assert.equal(reset[0].summary, '重置动态口令');
      assert.equal((await admin.post('/api/users/99999999/reset-mfa')).status, 404);
    });

    test('optional for other roles: a clerk logs in with the password until they bind a factor themselves', async () => {
      const c = await ctx.client('clerk1');
      assert.deepEqual((await c.get('/api/auth/mfa')).body, { enrolled: false, required: false, enrolledAt: null });
      const start = await c.post('/api/auth/mfa/enrolment');
      assert.equal(start.status, 200);
      assert.equal((await c.post('/api/auth/mfa/enrolment/confirm', { code: '000000' })).body.code, 'MFA_CODE_INVALID');
      const { code, step } = await codeAt(ctx, start.body.secret);
      assert.equal((await c.post('/api/auth/mfa/enrolment/confirm', { code })).status, 204);
      ctx.authenticator.remember('clerk1', start.body.secret, step);
      assert.equal((await c.get('/api/auth/mfa')).body.enrolled, true);
      const next = await ctx.anonymous().post('/api/auth/login', { username: 'clerk1', password: PASSWORD });
      assert.equal(next.body.mfa.stage, 'code');
      assert.equal((await ctx.anonymous().login('clerk1', PASSWORD)).status, 200);
      const kinds = new Set((await (await ctx.client('supervisor1')).get('/api/audit/events?pageSize=200')).body.items.map((e: { kind: string }) => e.kind));
      for (const k of ['auth.mfa_enrolment_started', 'auth.mfa_enrolled', 'auth.mfa_failed', 'user.mfa_reset']) assert.ok(kinds.has(k), k);
    });
  },
  { LOGIN_MAX_FAILURES: '5' },
);

forEachDatabase(
  'TOTP not required (MFA_REQUIRED_ROLES=none)',
  (ctx) => {
    test('admin signs in with the password alone', async () => {
      const res = await ctx.anonymous().post('/api/auth/login', { username: 'admin', password: PASSWORD });
      assert.equal(res.status, 200);
      assert.equal(res.body.user.username, 'admin');
      assert.equal(res.body.mfa, undefined);
    });
  },
  { MFA_REQUIRED_ROLES: 'none' },
);
