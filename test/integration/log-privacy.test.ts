/**
 * Issue 14, point 3: logs never carry personal data. The app is built with its real logger writing to a buffer
 * (level info: request lines too); intakes are made to fail in the database in every way we can provoke — a NUL
 * in the applicant's name reaching the database through the service (the route's schema is bypassed), a unique
 * violation, a trigger that raises an error whose own message quotes the ID number, a backend killed mid-intake
 * (PostgreSQL), a closed database — and case searches by ID number and phone run; then the captured log is
 * searched for the ID numbers, both phones and the applicant's names. Not one may appear.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { IntakeForm } from '../../server/modules/cases/cases.schemas.js';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { loadDemo } from '../../server/demo/load.js';
import { ManualClock } from '../../server/platform/clock.js';
import { openDatabase, sql, type Database } from '../../server/platform/db.js';
import { actorOf } from '../../server/platform/http.js';
import { createServices, type Services } from '../../server/services.js';
import { Client } from '../helpers/app.js';
import { testClockStart } from '../helpers/clock.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/databases.js';

const USCC = '91350100M000100Y43';
const AGENT_ID = '11010519491231002X';
const APPLICANT_PHONE = '13912345678';
const AGENT_PHONE = '13800138000';
const AGENT_NAME = '隐私测试王小明';
const SECRETS = [USCC, AGENT_ID, APPLICANT_PHONE, AGENT_PHONE, AGENT_NAME, '隐私测试'];

for (const kind of testDatabaseKinds()) {
  describe(`log privacy [${kind}]`, () => {
    const lines: string[] = [];
    let db: TestDatabase;
    let database: Database;
    let services: Services;
    let app: FastifyInstance;
    let dataDir: string;
    let clerk: Client;
    let subItemId = 0;

    before(async () => {
      db = await createTestDatabase(kind);
      dataDir = mkdtempSync(path.join(tmpdir(), 'yc-logpriv-'));
      const config = loadConfig({ LOG_LEVEL: 'info', SESSION_SECRET: 'test-secret-test-secret-test-secret-42', DEMO_DATA: 'off', DATA_DIR: dataDir });
      config.database = db.config;
      database = await openDatabase(db.config, { poolSize: 4 });
      await database.migrate();
      services = createServices(database, config, new ManualClock(testClockStart()));
      await loadDemo(services);
      await services.calendar.syncWorkingDays();
      app = await buildApp(services, { logStream: { write: (line: string) => void lines.push(line) } });
      // the intake service called without the route's schema: what a hole in validation would let through
      app.post('/api/test/intake-unchecked', { schema: { hide: true } }, async (req, reply) => {
        const res = await services.intake.intake(actorOf(req), req.body as never);
        return reply.code(201).send(res);
      });
      await app.ready();
      clerk = new Client(app);
      assert.equal((await clerk.login('clerk1', 'Demo@2026')).status, 200);
      const hits = (await clerk.get(`/api/catalog/search?q=${encodeURIComponent('食品经营许可')}&limit=50`)).body.items as { name: string; subItemId: number }[];
      subItemId = hits.find((h) => h.name === '食品经营许可（新办）')!.subItemId;
    });

    after(async () => {
      await app?.close();
      await database?.close().catch(() => undefined); // the last test closed it already
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function intakeBody(applicantName: string) {
      const form = (await clerk.get(`/api/cases/intake-form?subItemIds=${subItemId}`)).body as IntakeForm;
      const materials = form.materials.map((m) => {
        const line = form.subItems.flatMap((s) => s.lines).find((l) => l.materialId === m.materialId)!;
        return { materialId: m.materialId, status: 'received' as const, form: line.form, copies: line.copies };
      });
      return {
        clientKey: randomUUID(), channel: 'window', applicantType: 'entity',
        applicant: { name: applicantName, idNo: USCC, phone: APPLICANT_PHONE },
        agent: { name: AGENT_NAME, idNo: AGENT_ID, phone: AGENT_PHONE },
        subItemIds: [subItemId], materials, outcome: 'accept',
      };
    }

    /** The captured lines since `from`, parsed. */
    const logged = (from = 0) => lines.slice(from).map((l) => JSON.parse(l) as Record<string, unknown> & { msg?: string; err?: Record<string, unknown>; req?: { path?: string }; res?: { statusCode?: number } });

    function assertNoSecrets(where: string) {
      const text = lines.join('');
      for (const s of SECRETS) assert.ok(!text.includes(s), `${where}: the log contains ${s}:\n${lines.filter((l) => l.includes(s)).join('').slice(0, 2000)}`);
      assert.ok(!/Failed query|params:|"detail"/.test(text), `${where}: the log carries a query or a detail`);
    }

    test('an ordinary intake and case searches by ID number and phone: request lines carry the path, not the query', async () => {
      const from = lines.length;
      const ok = await clerk.post('/api/cases', await intakeBody('隐私测试餐饮有限公司'));
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      for (const q of [AGENT_ID, USCC, APPLICANT_PHONE, AGENT_PHONE, AGENT_NAME]) {
        const res = await clerk.get(`/api/cases?q=${encodeURIComponent(q)}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
      }
      // the public progress lookup: case number in the path, the phone's last four digits in the query
      const caseNo = ok.body.cases[0].caseNo as string;
      const progress = await new Client(app).get(`/api/public/progress/${encodeURIComponent(caseNo)}?phone4=${APPLICANT_PHONE.slice(-4)}`);
      assert.equal(progress.status, 200, JSON.stringify(progress.body));
      const searches = logged(from).filter((l) => l.req?.path === '/api/cases' && l.msg === 'incoming request');
      assert.ok(searches.length >= 6, `request lines: ${searches.length}`);
      assert.ok(logged(from).some((l) => l.req?.path === '/api/public/progress/:caseNo'), 'the progress lookup is logged by its route pattern');
      assert.ok(!lines.join('').includes(caseNo), 'no case number in the log');
      assert.ok(logged(from).some((l) => l.msg === 'request completed' && l.res?.statusCode === 200));
      assertNoSecrets('searches');
    });

    test('a NUL in the name reaching the database through the service: 400, nothing personal logged', async () => {
      const res = await clerk.post('/api/test/intake-unchecked', await intakeBody('隐私测试\u0000餐饮有限公司'));
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.code, 'VALIDATION_FAILED');
      assertNoSecrets('NUL');
    });

    test('a unique violation inside the intake: 409, nothing personal logged', async () => {
      // the agent's ID number made unique for the test: the second intake for the same agent violates it
      await database.db.execute(sql`create unique index log_probe_agent_uq on cases (agent_id_no)`);
      try {
        const res = await clerk.post('/api/cases', await intakeBody('隐私测试餐饮有限公司'));
        assert.equal(res.status, 409, JSON.stringify(res.body));
        assert.equal(res.body.code, 'DUPLICATE');
        assert.equal(res.body.message, '该记录已存在');
      } finally {
        await database.db.execute(sql`drop index log_probe_agent_uq`);
      }
      assertNoSecrets('unique');
    });

    test('a trigger failing with the ID number in its own message: 500, logged with SQLSTATE and table only', async () => {
      await database.db.execute(sql.raw(`create function log_probe_fail() returns trigger language plpgsql as $$
        begin raise exception 'refused % %', new.agent_id_no, new.applicant_phone; end $$`));
      await database.db.execute(sql`create trigger log_probe_fail before insert on cases for each row execute function log_probe_fail()`);
      const from = lines.length;
      try {
        const res = await clerk.post('/api/cases', await intakeBody('隐私测试餐饮有限公司'));
        assert.equal(res.status, 500, JSON.stringify(res.body));
        assert.equal(res.body.code, 'INTERNAL_ERROR');
      } finally {
        await database.db.execute(sql`drop trigger log_probe_fail on cases`);
        await database.db.execute(sql`drop function log_probe_fail()`);
      }
      const [line] = logged(from).filter((l) => l.msg === 'unhandled error');
      assert.ok(line, 'the failure is logged');
      assert.equal(line.err?.sqlstate, 'P0001');
      assert.equal(line.err?.type, 'DrizzleQueryError');
      assert.match(String(line.err?.stack), /^\s+at /);
      assertNoSecrets('trigger');
    });

    if (kind === 'postgres') {
      test('the backend killed in the middle of an intake: 503 with Retry-After, logged without the query', async () => {
        await database.db.execute(sql.raw(`create function log_probe_kill() returns trigger language plpgsql as $$
          begin perform pg_terminate_backend(pg_backend_pid()); return new; end $$`));
        await database.db.execute(sql`create trigger log_probe_kill before insert on cases for each row execute function log_probe_kill()`);
        const from = lines.length;
        try {
          const res = await clerk.post('/api/cases', await intakeBody('隐私测试餐饮有限公司'));
          assert.equal(res.status, 503, JSON.stringify(res.body));
          assert.equal(res.body.code, 'DATABASE_UNAVAILABLE');
          assert.equal(res.headers['retry-after'], '3');
        } finally {
          await database.db.execute(sql`drop trigger log_probe_kill on cases`);
          await database.db.execute(sql`drop function log_probe_kill()`);
        }
        const line = logged(from).find((l) => l.msg === 'database unavailable');
        assert.ok(line, 'logged');
        assert.equal(line.err?.failure, 'unavailable');
        assertNoSecrets('terminated');
        // the pool dropped the dead connection: the next intake goes through
        const again = await clerk.post('/api/cases', await intakeBody('隐私测试餐饮有限公司'));
        assert.equal(again.status, 201, JSON.stringify(again.body));
      });
    }

    test('a closed database: 503 with Retry-After, logged without the query', async () => {
      const body = await intakeBody('隐私测试餐饮有限公司');
      await database.close();
      const from = lines.length;
      const res = await clerk.post('/api/cases', body);
      assert.equal(res.status, 503, JSON.stringify(res.body));
      assert.equal(res.body.code, 'DATABASE_UNAVAILABLE');
      assert.ok(logged(from).some((l) => l.msg === 'database unavailable'));
      assertNoSecrets('closed');
    });
  });
}
