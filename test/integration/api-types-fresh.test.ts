/**
 * The web's generated API types (web/src/shared/api/openapi.gen.ts) are what the server's OpenAPI document gives today:
 * a route or schema changed without `npm run gen:api` fails here, and so in CI.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GENERATED, generatedApiTypes } from '../../scripts/gen-api.js';

test('web/src/shared/api/openapi.gen.ts is fresh (npm run gen:api)', async () => {
  const fresh = await generatedApiTypes();
  const committed = readFileSync(GENERATED, 'utf8');
  assert.ok(committed === fresh, 'web/src/shared/api/openapi.gen.ts differs from a fresh generation: run npm run gen:api and commit the result');
});
