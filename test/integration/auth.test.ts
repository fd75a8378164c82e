import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { forEachDatabase } from '../helpers/app.js';

forEachDatabase(
  'auth',
  (ctx) => {
    test('login sets an httpOnly SameSite cookie and /me returns the user with abilities', async () => {
      const c = ctx.anonymous();
      const res = await c.login('clerk1', 'Demo@2026');
      assert.equal(res.status, 200);
      const cookie = String(res.headers['set-cookie']);
      assert.match(cookie, /yc_session=/);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      assert.equal(res.body.user.username, 'clerk1');
      assert.deepEqual(res.body.user.roles, ['intake_clerk']);
      assert.equal(res.body.user.site.name, '示范区政务服务中心');
      const me = await c.get('/api/auth/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.user.displayName, '李慧敏');
      assert.ok(me.body.user.abilities.includes('calendar.read'));
      assert.ok(!me.body.user.abilities.includes('user.manage'));
    });

    test('a wrong password answers 401 with a Chinese message, English on request', async () => {
      const c = ctx.anonymous();
      const res = await c.post('/api/auth/login', { username: 'guide1', password: 'nope-nope' });
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'AUTH_INVALID_CREDENTIALS');
      assert.equal(res.body.message, '用户名或密码错误');
      assert.ok(res.body.requestId);
      const en = await c.post('/api/auth/login', { username: 'nobody', password: 'nope-nope' }, { 'accept-language': 'en-US,en;q=0.9' });
      assert.equal(en.status, 401);
      assert.equal(en.body.message, 'Wrong username or password');
    });

    test('five failures lock the account for the configured minutes; an admin can unlock it', async () => {
      const c = ctx.anonymous();
      for (let i = 0; i < 4; i++) assert.equal((await c.post('/api/auth/login', { username: 'clerk2', password: 'bad-password' })).status, 401);
      const fifth = await c.post('/api/auth/login', { username: 'clerk2', password: 'bad-password' });
      assert.equal(fifth.status, 423);
      assert.equal(fifth.body.code, 'AUTH_ACCOUNT_LOCKED');
      assert.match(fifth.body.message, /15 分钟/);
      // Even the right password is refused while locked.
      const locked = await c.post('/api/auth/login', { username: 'clerk2', password: 'Demo@2026' });
      assert.equal(locked.status, 423);
      const admin = await ctx.client('admin');
      const list = await admin.get('/api/users?q=clerk2');
      const id = list.body.items[0].id;
      assert.ok(list.body.items[0].lockedUntil);
      assert.equal((await admin.post(`/api/users/${id}/unlock`)).status, 204);
      assert.equal((await ctx.anonymous().login('clerk2', 'Demo@2026')).status, 200);
    });

    test('writes without the CSRF token are refused; logout ends the session', async () => {
      const c = await ctx.client('admin');
      const noToken = await c.post('/api/departments', { code: 'CSRF1', name: '跨站测试局', shortName: '跨站' }, { 'x-csrf-token': '' });
      assert.equal(noToken.status, 403);
      assert.equal(noToken.body.code, 'CSRF_INVALID');
      const wrong = await c.post('/api/departments', { code: 'CSRF1', name: '跨站测试局', shortName: '跨站' }, { 'x-csrf-token': 'forged' });
      assert.equal(wrong.status, 403);
      assert.equal((await c.post('/api/auth/logout')).status, 204);
      assert.equal((await c.get('/api/auth/me')).status, 401);
    });

    test('idle timeout and absolute lifetime end sessions', async () => {
      const idle = await ctx.client('guide1');
      await ctx.services.database.db.execute(sql`update sessions set last_seen_at = now() - interval '31 minutes'`);
      const r1 = await idle.get('/api/auth/me');
      assert.equal(r1.status, 401);
      assert.equal(r1.body.code, 'AUTH_SESSION_EXPIRED');
      assert.equal(r1.body.message, '登录已超时，请重新登录');
      const old = await ctx.client('guide2');
      await ctx.services.database.db.execute(sql`update sessions set expires_at = now() - interval '1 second'`);
      assert.equal((await old.get('/api/auth/me')).status, 401);
    });

    test('change password: policy, wrong current password, success ends other sessions', async () => {
      const a = await ctx.client('delivery2');
      const b = await ctx.client('delivery2');
      const weak = await a.post('/api/auth/password', { currentPassword: 'Demo@2026', newPassword: 'abc' });
      assert.equal(weak.status, 400);
      assert.equal(weak.body.code, 'PASSWORD_POLICY');
      const wrong = await a.post('/api/auth/password', { currentPassword: 'wrong', newPassword: 'N3w-Passw0rd' });
      assert.equal(wrong.body.code, 'AUTH_WRONG_PASSWORD');
      assert.equal((await a.post('/api/auth/password', { currentPassword: 'Demo@2026', newPassword: 'N3w-Passw0rd' })).status, 204);
      assert.equal((await a.get('/api/auth/me')).status, 200);
      assert.equal((await b.get('/api/auth/me')).status, 401);
      assert.equal((await ctx.anonymous().login('delivery2', 'N3w-Passw0rd')).status, 200);
    });

    test('a disabled account cannot log in and its sessions end at once', async () => {
      const victim = await ctx.client('clerk9');
      const admin = await ctx.client('admin');
      const id = (await admin.get('/api/users?q=clerk9')).body.items[0].id;
      assert.equal((await admin.patch(`/api/users/${id}`, { active: false })).status, 200);
      assert.equal((await victim.get('/api/auth/me')).status, 401);
      const res = await ctx.anonymous().post('/api/auth/login', { username: 'clerk9', password: 'Demo@2026' });
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'AUTH_ACCOUNT_DISABLED');
    });

    test('every login, failure and logout is audited', async () => {
      const events = await (await ctx.client('supervisor1')).get('/api/audit/events?pageSize=200');
      const kinds = new Set(events.body.items.map((e: { kind: string }) => e.kind));
      for (const k of ['auth.login', 'auth.login_failed', 'auth.locked', 'auth.logout', 'auth.password_changed', 'user.unlocked']) assert.ok(kinds.has(k), k);
    });
  },
  { LOGIN_MAX_FAILURES: '5', LOGIN_LOCK_MINUTES: '15' },
);

forEachDatabase(
  'login rate limit',
  (ctx) => {
    test('too many attempts for one account from one address answer 429 with a code; other accounts still log in', async () => {
      const c = ctx.anonymous();
      for (let i = 0; i < 3; i++) assert.equal((await c.post('/api/auth/login', { username: 'catalog1', password: `bad-${i}` })).status, 401);
      const limited = await c.post('/api/auth/login', { username: 'catalog1', password: 'Demo@2026' });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.code, 'RATE_LIMITED');
      assert.equal(limited.body.message, '请求过于频繁，请稍后再试');
      assert.equal((await ctx.anonymous().login('editor_scjg', 'Demo@2026')).status, 200);
    });
  },
  { LOGIN_RATE_PER_MINUTE: '3' },
);
