/**
 * Issue 15.2: the API contract. `/api/openapi.json` passes the Redocly linter's recommended rules (redocly.yaml) with
 * no error, and every operation has a unique operationId (the generated client's function names).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { operationIdOf } from '../../server/platform/openapi.js';
import { ROOT } from '../../server/platform/paths.js';
import { startTestApp } from '../helpers/app.js';

type Doc = { servers?: unknown[]; paths: Record<string, Record<string, { operationId?: string }>> };
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe('OpenAPI contract', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let doc: Doc;
  before(async () => {
    app = await startTestApp('pglite');
    const r = await app.anonymous().get('/api/openapi.json');
    assert.equal(r.status, 200);
    doc = r.body as Doc;
  });
  after(() => app.close());

  test('every operation has an operationId, unique, derived from its method and path unless the route names one', () => {
    const ops = Object.entries(doc.paths).flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => ({ m, p, id: item[m]!.operationId })));
    assert.ok(ops.length > 100, `${ops.length} operations`);
    assert.deepEqual(ops.filter((o) => !o.id).map((o) => `${o.m} ${o.p}`), []);
    assert.equal(new Set(ops.map((o) => o.id)).size, ops.length, 'operationIds are unique');
    assert.equal(operationIdOf('GET', '/api/cases/:id/events'), 'getCasesByIdEvents');
    assert.equal(operationIdOf('POST', '/api/public/queue/tickets'), 'postPublicQueueTickets');
    assert.equal(operationIdOf('PUT', '/api/supervision/light-rules/items/:id'), 'putSupervisionLightRulesItemsById');
  });

  test('every operation describes its success answer: a 2xx response (or a redirect), each with a schema that says something (no bare Unknown)', () => {
    type Op = { responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }> };
    const ops = Object.entries(doc.paths).flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => ({ op: `${m.toUpperCase()} ${p}`, o: item[m] as Op })));
    const undescribed = ops.filter(({ o }) => {
      const ok = Object.entries(o.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
      // a redirect (the sign-in through the identity service) answers 302 to where the browser goes next
      if (!ok.length) return !Object.keys(o.responses ?? {}).some((code) => code === '302' || code === '303');
      return ok.some(([code, r]) => code !== '204' && (!r.content || Object.values(r.content).some((c) => !c.schema || Object.keys(c.schema).length === 0)));
    });
    assert.deepEqual(undescribed.map((u) => u.op), [], 'operations whose success answer has no schema');
  });

  test('the Redocly linter (recommended rules) finds no error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'yc-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--config', path.join(ROOT, 'redocly.yaml'), '--format', 'json'], {
        cwd: dir, encoding: 'utf8', maxBuffer: 64 * 2 ** 20, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      });
      const out = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
      const errors = out.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} (${p.location[0]?.pointer})`);
      assert.deepEqual(errors, []);
      assert.equal(r.status, 0, r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
