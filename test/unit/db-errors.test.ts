/** Database failures by meaning, found through Drizzle's wrapper; what of them may be logged (ADR 0018). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DrizzleQueryError } from 'drizzle-orm';
import { dbFailureOf, safeErrorMessage, scrubText, serializeError, uniqueMeaning } from '../../server/platform/db-errors.js';

const ID = '11010519491231002X';
const PHONE = '13912345678';
/** What node-postgres / PGlite throw: a DatabaseError with the SQLSTATE and, on PGlite, the query and its params. */
function driverError(code: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(`duplicate key value violates unique constraint; Key (id_no)=(${ID})`), {
    code, severity: 'ERROR', detail: `Key (id_no)=(${ID}) already exists.`, query: 'insert into x', params: [ID, PHONE], ...extra,
  });
}
const wrapped = (cause: unknown) => new DrizzleQueryError('insert into "cases" ("applicant_id_no", "applicant_phone") values ($1, $2)', [ID, PHONE], cause as Error);

describe('dbFailureOf', () => {
  test('finds the SQLSTATE under the Drizzle wrapper and classifies it', () => {
    assert.deepEqual(dbFailureOf(wrapped(driverError('23505', { constraint: 'departments_code_uq', table: 'departments' }))), {
      kind: 'unique', code: '23505', constraint: 'departments_code_uq', table: 'departments', column: undefined,
    });
    const kinds: [string, string | null][] = [
      ['23503', 'foreign_key'], ['23001', 'foreign_key'], ['22P02', 'invalid_input'], ['22003', 'invalid_input'], ['22001', 'invalid_input'], ['22021', 'invalid_input'],
      ['22007', 'invalid_input'], ['22008', 'invalid_input'], ['23502', 'invalid_input'], ['23514', 'invalid_input'], ['54000', 'invalid_input'],
      ['40001', 'conflict'], ['40P01', 'conflict'], ['57P01', 'unavailable'], ['57P02', 'unavailable'], ['57P03', 'unavailable'],
      ['08006', 'unavailable'], ['08001', 'unavailable'], ['53300', 'unavailable'], ['42P01', null], ['XX000', null], ['P0001', null],
    ];
    for (const [code, kind] of kinds) assert.equal(dbFailureOf(wrapped(driverError(code)))?.kind ?? null, kind, code);
  });

  test('connection failures without a SQLSTATE: socket codes (also inside an AggregateError) and driver messages', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    assert.deepEqual(dbFailureOf(refused), { kind: 'unavailable', code: 'ECONNREFUSED' });
    assert.equal(dbFailureOf(new AggregateError([refused, refused]))?.kind, 'unavailable');
    assert.equal(dbFailureOf(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))?.kind, 'unavailable');
    for (const m of ['Connection terminated unexpectedly', 'Connection terminated', 'Client has encountered a connection error and is not queryable', 'timeout exceeded when trying to connect', 'PGlite is closed']) {
      assert.equal(dbFailureOf(wrapped(new Error(m)))?.kind, 'unavailable', m);
    }
  });

  test('other errors are not database failures', () => {
    assert.equal(dbFailureOf(new Error('boom')), null);
    assert.equal(dbFailureOf(Object.assign(new Error('x'), { code: 'FST_ERR_VALIDATION' })), null);
    assert.equal(dbFailureOf(Object.assign(new Error('x'), { code: 'DUPLICATE' })), null);
    assert.equal(dbFailureOf(null), null);
    assert.equal(dbFailureOf('text'), null);
    // a cycle in the cause chain ends
    const a: Error & { cause?: unknown } = new Error('a');
    a.cause = a;
    assert.equal(dbFailureOf(a), null);
  });
});

describe('logging a database error', () => {
  test('the serialized error has the SQLSTATE, constraint and table, the stack frames, and no SQL, parameter or detail', () => {
    const err = wrapped(driverError('23505', { constraint: 'cases_case_no_uq', table: 'cases' }));
    const out = serializeError(err);
    assert.equal(out.type, 'DrizzleQueryError');
    assert.equal(out.sqlstate, '23505');
    assert.equal(out.constraint, 'cases_case_no_uq');
    assert.equal(out.table, 'cases');
    assert.equal(out.message, 'database error 23505 (table cases, constraint cases_case_no_uq)');
    assert.match(out.stack, /^\s+at /);
    const text = JSON.stringify(out);
    for (const secret of [ID, PHONE, 'Failed query', 'insert into', 'params']) assert.ok(!text.includes(secret), `${secret} in ${text}`);
  });

  test('an unmapped database error and a bare driver error lose their message too', () => {
    for (const err of [wrapped(driverError('P0001')), driverError('XX000'), wrapped(new Error(`something ${ID}`))]) {
      const text = JSON.stringify(serializeError(err));
      assert.ok(!text.includes(ID) && !text.includes(PHONE), text);
      assert.match(safeErrorMessage(err), /^database error/);
    }
  });

  test('an ordinary error keeps its message; text with a Drizzle query is cut', () => {
    const out = serializeError(Object.assign(new TypeError('x is not a function'), { code: 'ERR_X' }));
    assert.equal(out.message, 'x is not a function');
    assert.equal(out.code, 'ERR_X');
    assert.equal(scrubText(`oops Failed query: select 1\nparams: ${ID}`), 'oops Failed query: [SQL and parameters not logged]');
    assert.equal(scrubText('plain'), 'plain');
  });
});

test('unique constraints: a typed field names itself, a race answers CONFLICT, anything else "this record"', () => {
  assert.deepEqual(uniqueMeaning('departments_code_uq'), { field: { zh: '部门编码', en: 'Department code' } });
  assert.deepEqual(uniqueMeaning('cases_case_no_uq'), { code: 'CONFLICT' });
  assert.deepEqual(uniqueMeaning('case_visits_client_key_uq'), { code: 'CONFLICT' });
  assert.deepEqual(uniqueMeaning('checklist_versions_open_uq'), { code: 'CHECKLIST_DRAFT_EXISTS' });
  assert.deepEqual(uniqueMeaning('something_else'), { field: { zh: '该记录', en: 'This record' } });
  assert.deepEqual(uniqueMeaning(undefined), { field: { zh: '该记录', en: 'This record' } });
});
