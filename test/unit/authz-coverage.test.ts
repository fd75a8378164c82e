/**
 * The authorization matrix's completeness check (test/helpers/authz-coverage.ts): it names a documented operation
 * no row reaches and a row that reaches no operation, and it assigns a URL to the template the router would pick.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fitsTemplate, matrixCoverage, operationOfRow, operationsOfDocument } from '../helpers/authz-coverage.js';

const DOC = {
  paths: {
    '/api/cases': { get: {}, post: {} },
    '/api/cases/inbox': { get: {} },
    '/api/cases/{id}': { get: {}, parameters: [] },
    '/api/cases/{id}/actions/approve': { post: {} },
    '/api/cases/{id}/actions/deny': { post: {} },
    '/api/catalog/versions/{id}/actions/{action}': { post: {} },
    '/api/public/ratings/{token}': { get: {} },
    '/api/public/ratings/window/{windowId}': { get: {} },
  },
};
const OPS = operationsOfDocument(DOC);
const ROWS = [
  { method: 'GET', url: '/api/cases?status=in_review' },
  { method: 'POST', url: '/api/cases' },
  { method: 'GET', url: '/api/cases/inbox' },
  { method: 'GET', url: '/api/cases/999999' },
  { method: 'POST', url: '/api/cases/999999/actions/approve' },
  { method: 'POST', url: '/api/cases/999999/actions/deny' },
  { method: 'POST', url: '/api/catalog/versions/999999/actions/submit' },
  { method: 'POST', url: '/api/catalog/versions/999999/actions/publish' },
  { method: 'GET', url: '/api/public/ratings/abcdefghijklmnop' },
  { method: 'GET', url: '/api/public/ratings/window/999999' },
];

describe('authorization matrix coverage', () => {
  test('the operations of a document: methods only (not parameters), upper case', () => {
    assert.equal(OPS.length, 9);
    assert.deepEqual(OPS.filter((o) => o.path === '/api/cases/{id}'), [{ method: 'GET', path: '/api/cases/{id}' }]);
  });

  test('a complete matrix: nothing missing, nothing stray', () => {
    assert.deepEqual(matrixCoverage(OPS, ROWS), { missing: [], stray: [] });
  });

  test('an operation without a row is named', () => {
    const rows = ROWS.filter((r) => !r.url.endsWith('/actions/deny'));
    assert.deepEqual(matrixCoverage(OPS, rows), { missing: ['POST /api/cases/{id}/actions/deny'], stray: [] });
  });

  test('a row that reaches no operation is named: unknown path, wrong method, extra or missing segment', () => {
    const rows = [
      ...ROWS,
      { method: 'POST', url: '/api/cases/999999/actions/suspend' },
      { method: 'DELETE', url: '/api/cases/999999' },
      { method: 'GET', url: '/api/cases/999999/extra' },
      { method: 'GET', url: '/api/public/ratings/' },
    ];
    assert.deepEqual(matrixCoverage(OPS, rows), {
      missing: [],
      stray: ['DELETE /api/cases/999999', 'GET /api/cases/999999/extra', 'GET /api/public/ratings/', 'POST /api/cases/999999/actions/suspend'],
    });
  });

  test('both at once, each named', () => {
    const rows = [...ROWS.filter((r) => r.url !== '/api/public/ratings/window/999999'), { method: 'PATCH', url: '/api/cases/999999' }];
    assert.deepEqual(matrixCoverage(OPS, rows), { missing: ['GET /api/public/ratings/window/{windowId}'], stray: ['PATCH /api/cases/999999'] });
  });

  test('a literal segment wins over a parameter, as in the router: /api/cases/inbox does not cover /api/cases/{id}', () => {
    assert.equal(operationOfRow(OPS, { method: 'GET', url: '/api/cases/inbox' })?.path, '/api/cases/inbox');
    assert.equal(operationOfRow(OPS, { method: 'GET', url: '/api/cases/inbox?page=2' })?.path, '/api/cases/inbox');
    assert.equal(operationOfRow(OPS, { method: 'GET', url: '/api/public/ratings/window' })?.path, '/api/public/ratings/{token}');
    const rows = ROWS.filter((r) => r.url !== '/api/cases/999999');
    assert.deepEqual(matrixCoverage(OPS, rows).missing, ['GET /api/cases/{id}']);
  });

  test('a template parameter takes exactly one non-empty segment', () => {
    assert.ok(fitsTemplate('/api/users/{id}', '/api/users/1'));
    assert.ok(!fitsTemplate('/api/users/{id}', '/api/users/'));
    assert.ok(!fitsTemplate('/api/users/{id}', '/api/users/1/2'));
    assert.ok(!fitsTemplate('/api/users/{id}', '/api/users'));
    assert.ok(fitsTemplate('/api/calendar/overrides/{date}', '/api/calendar/overrides/2199-12-30'));
  });
});
