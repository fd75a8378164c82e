import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../server/config.js';
import { authorize, scopeOf, type UserActor, type Policy } from '../../server/platform/authz.js';
import '../../server/error-codes.js';
import { AppError, ERROR_CATALOG, errorMessage } from '../../server/platform/errors.js';
import { canonicalJson, recordHash, sealHash, toJsonValue } from '../../server/modules/audit/audit.hash.js';
import { coverageWarning, coverageWarningText } from '../../server/modules/calendar/calendar.rules.js';
import { backoffMs } from '../../server/modules/outbox/outbox.worker.js';
import { passwordMeetsPolicy } from '../../common/password-policy.js';
import { ROOT } from '../../server/platform/paths.js';
import { droppedPaths } from '../../server/platform/http.js';
import type { Role } from '../../common/roles.js';

describe('config', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yc-config-'));
  test('defaults: port 3000, embedded PGlite in ./data/pglite, demo on, generated secret kept', () => {
    const c = loadConfig({}, dir);
    assert.equal(c.port, 3000);
    assert.deepEqual(c.database, { kind: 'pglite', dataDir: path.join(dir, 'data', 'pglite') });
    assert.equal(c.demoData, true);
    assert.equal(c.auth.maxFailures, 5);
    assert.equal(c.auth.lockMinutes, 15);
    assert.equal(c.audit.hashAlgorithm, 'sha256');
    const secret = readFileSync(path.join(dir, 'data', 'session-secret'), 'utf8').trim();
    assert.equal(c.auth.sessionSecret, secret);
    assert.equal(loadConfig({}, dir).auth.sessionSecret, secret, 'the same secret on restart');
  });
  test('memory:, pglite:<dir> and postgres:// URLs', () => {
    assert.deepEqual(loadConfig({ DATABASE_URL: 'memory:' }, dir).database, { kind: 'pglite', dataDir: null });
    assert.deepEqual(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }, dir).database, { kind: 'postgres', url: 'postgres://u@h/db' });
    assert.equal(loadConfig({ DATABASE_URL: 'pglite:x' }, dir).database.kind, 'pglite');
  });
  test('every bad value is named in one error', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DEMO_DATA: 'maybe', DATABASE_URL: 'mysql://x', SESSION_SECRET: 'short', AUDIT_HASH: 'md5' }, dir);
      assert.fail('should throw');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 6);
      assert.match(err.message, /PORT="eighty": expected a whole number from 0 to 65535/);
      assert.match(err.message, /LOG_LEVEL/);
      assert.match(err.message, /DEMO_DATA/);
      assert.match(err.message, /DATABASE_URL/);
      assert.match(err.message, /SESSION_SECRET/);
      assert.match(err.message, /AUDIT_HASH/);
    }
  });
  test.after(() => rmSync(dir, { recursive: true, force: true }));
});

describe('authorization', () => {
  const actor = (roles: Role[], departmentId: number | null = null, siteId: number | null = null): UserActor => ({
    kind: 'user', userId: 7, username: 'u', displayName: 'U', roles, departmentId, siteId, mustChangePassword: false, sessionId: null, requestId: null, ip: null,
  });
  const policy: Policy<'read' | 'write' | 'nobody'> = {
    read: [
      { roles: ['supervisor'], scope: 'all' },
      { roles: ['approver'], scope: 'department' },
      { roles: ['intake_clerk'], scope: 'site' },
    ],
    write: [{ roles: ['system_admin'], scope: 'all' }],
    nobody: [],
  };
  test('deny by default', () => {
    assert.equal(scopeOf(actor(['guide'], 1, 1), policy.read), null);
    assert.throws(() => authorize(actor(['system_admin']), policy, 'nobody'), (e: AppError) => e.code === 'FORBIDDEN' && e.status === 403);
  });
  test('scopes: all, own department, own site, and their union for several roles', () => {
    assert.deepEqual(scopeOf(actor(['supervisor']), policy.read), { all: true });
    assert.deepEqual(scopeOf(actor(['approver'], 3), policy.read), { all: false, departmentIds: [3], siteIds: [], userIds: [] });
    assert.deepEqual(scopeOf(actor(['approver', 'intake_clerk'], 3, 9), policy.read), { all: false, departmentIds: [3], siteIds: [9], userIds: [] });
    // A department role without a department reaches nothing (never everything).
    assert.deepEqual(scopeOf(actor(['approver'], null), policy.read), { all: false, departmentIds: [], siteIds: [], userIds: [] });
  });
});

describe('errors', () => {
  test('every code has a Chinese and an English message and a 4xx/5xx status', () => {
    for (const [code, spec] of Object.entries(ERROR_CATALOG)) {
      assert.match(spec.zh, /[\u4e00-\u9fa5]/, code);
      assert.ok(spec.en.length > 3, code);
      assert.ok(spec.status >= 400 && spec.status < 600, code);
    }
    assert.equal(errorMessage('AUTH_ACCOUNT_LOCKED', { minutes: 15 }, 'zh'), '密码或动态口令连续错误次数过多，账号已锁定，请 15 分钟后再试');
  });
  test('every code the server throws is registered once the application is composed (the compiler cannot see registration)', () => {
    const thrown = new Set<string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/AppError\(\s*'([A-Z0-9_]+)'/g)) thrown.add(m[1]!);
      }
    };
    walk(path.join(ROOT, 'server'));
    assert.ok(thrown.size > 50, `found ${thrown.size} codes`);
    assert.deepEqual([...thrown].filter((c) => !(c in ERROR_CATALOG)), []);
    assert.equal(new AppError('MFA_CODE_INVALID').status, 401, 'a module code answers with its own status');
  });
});

describe('audit hashing', () => {
  const rec = {
    chainKey: 'user:1', chainSeq: 1, occurredAt: new Date('2026-11-22T01:02:03.456Z'), kind: 'user.updated', actorId: 1, actorName: '管理员',
    aggregateType: 'user', aggregateId: '1', data: { b: 1, a: { d: [1, 'x'], c: null } }, requestId: null, ip: '127.0.0.1', prevHash: 'genesis',
  };
  test('canonical JSON sorts keys at every level, as jsonb would reorder them', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: 2, c: 3 } }), '{"a":{"c":3,"d":2},"b":1}');
    assert.deepEqual(toJsonValue({ at: new Date('2026-01-01T00:00:00Z'), gone: undefined }), { at: '2026-01-01T00:00:00.000Z' });
  });
  test('hash is algorithm-prefixed, deterministic and changes with any field', () => {
    const h = recordHash('sha256', rec);
    assert.match(h, /^sha256:[0-9a-f]{64}$/);
    assert.equal(recordHash('sha256', { ...rec, data: { a: { c: null, d: [1, 'x'] }, b: 1 } }), h);
    assert.notEqual(recordHash('sha256', { ...rec, actorName: '别人' }), h);
    assert.notEqual(recordHash('sha256', { ...rec, prevHash: 'sha256:00' }), h);
    assert.match(recordHash('sm3', rec), /^sm3:[0-9a-f]{64}$/);
    const seal = { sealedAt: new Date(), fromTxId: 0, toTxId: 10, recordCount: 3, recordsDigest: 'sha256:ab', prevHash: 'genesis' };
    assert.notEqual(sealHash('sha256', seal), sealHash('sha256', { ...seal, recordCount: 2 }));
  });
});

describe('calendar coverage warning', () => {
  const covered = (y: number) => y <= 2026;
  test('none early in the year; from N days before 1 January when next year is missing', () => {
    assert.equal(coverageWarning('2026-06-01', covered, 60), null);
    assert.equal(coverageWarning('2026-11-01', covered, 60), null);
    assert.deepEqual(coverageWarning('2026-11-02', covered, 60), { kind: 'next', year: 2027 });
    assert.deepEqual(coverageWarning('2027-01-03', covered, 60), { kind: 'current', year: 2027 });
    assert.equal(coverageWarning('2026-12-31', (y) => y <= 2027, 60), null);
    assert.match(coverageWarningText({ kind: 'next', year: 2027 }, 'zh')!, /2027 年的节假日安排尚未录入/);
    assert.match(coverageWarningText({ kind: 'next', year: 2027 }, 'en')!, /2027 is not loaded/);
  });
});

describe('small rules', () => {
  test('password policy: 8+ characters from three classes', () => {
    assert.equal(passwordMeetsPolicy('Demo@2026'), true);
    assert.equal(passwordMeetsPolicy('abcdefgh'), false);
    assert.equal(passwordMeetsPolicy('abcdefg1'), false);
    assert.equal(passwordMeetsPolicy('Abcdefg1'), true);
    assert.equal(passwordMeetsPolicy('Ab1!'), false);
  });
  test('outbox backoff grows exponentially with jitter and is capped at an hour', () => {
    assert.ok(backoffMs(1) >= 800 && backoffMs(1) <= 1200);
    assert.ok(backoffMs(5) >= 12_800 && backoffMs(5) <= 19_200);
    assert.ok(backoffMs(40) <= 3_600_000 * 1.2);
  });
});

describe('response schema check (RESPONSE_SCHEMA_CHECK)', () => {
  test('names the properties a serializer dropped, nested and in arrays; extra output and coercions are not drops', () => {
    const sent = { id: 1, name: 'a', nested: { keep: 1, lost: 2 }, list: [{ a: 1, b: 2 }, { a: 3 }], when: '2026-12-07' };
    const out = { id: 1, name: 'a', nested: { keep: 1 }, list: [{ a: 1 }, { a: 3 }], when: '2026-12-07', added: true };
    assert.deepEqual(droppedPaths(sent, out), ['$.nested.lost', '$.list[0].b']);
    assert.deepEqual(droppedPaths({ n: '12', d: null }, { n: 12, d: null }), []);
    assert.deepEqual(droppedPaths([{ a: 1 }], []), []);
    assert.equal(droppedPaths(Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, i])), {}).length, 5, 'at most five named');
  });
});
