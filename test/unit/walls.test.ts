/**
 * The walls (docs/ARCHITECTURE.md, "Walls"; issue 15): dependency-cruiser's rules over server/, common/ and web/src/
 * (.dependency-cruiser.cjs) and the SQL a module writes naming another module's tables. Violations still being taken
 * down are listed (.dependency-cruiser-known-violations.json, walls.known-table-pairs.json): a new one fails, and so
 * does a listed one that is gone (the lists only shrink). Each check is shown to fail on a planted violation
 * (test/fixtures/walls).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from '../../server/platform/paths.js';

const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const FIXTURE = path.join(ROOT, 'test/fixtures/walls');

interface Violation { rule: { name: string }; from: string; to: string }

/** dependency-cruiser over `paths` (relative to `cwd`) with the project's rules: the violations it reports. */
function cruise(cwd: string, paths: string[], extra: string[] = []): Violation[] {
  const r = spawnSync(process.execPath, [DEPCRUISE, ...paths, '--config', CONFIG, '--output-type', 'json', ...extra], { cwd, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  assert.ok(r.stdout, `dependency-cruiser printed nothing: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : name.endsWith('.ts') ? [p] : [];
  });

/**
 * Module → table pairs: the tables a module's code names in SQL (FROM, JOIN, INTO, UPDATE) that another module's
 * `*.tables.ts` declares. Table files are left out: a foreign key to another module's table is part of the schema.
 */
export function tablePairs(root: string): string[] {
  const modules = path.join(root, 'server/modules');
  const moduleOf = (file: string) => path.relative(modules, file).split(path.sep)[0]!;
  const files = filesUnder(modules);
  const owner = new Map<string, string>();
  for (const f of files.filter((f) => f.endsWith('.tables.ts'))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/pgTable\(\s*'([a-z_0-9]+)'/g)) owner.set(m[1]!, moduleOf(f));
  }
  const pairs = new Set<string>();
  for (const f of files.filter((f) => !f.endsWith('.tables.ts'))) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\b(?:from|join|into|update)\s+([a-z_][a-z_0-9]*)\b/gi)) {
      const o = owner.get(m[1]!);
      if (o && o !== moduleOf(f)) pairs.add(`${moduleOf(f)} → ${m[1]}`);
    }
  }
  return [...pairs].sort();
}

describe('walls', () => {
  test('dependency rules: no violation beyond the known ones, and none of those is gone', () => {
    const known = JSON.parse(readFileSync(path.join(ROOT, '.dependency-cruiser-known-violations.json'), 'utf8')) as Violation[];
    const found = cruise(ROOT, ['server', 'common', 'web/src']);
    const key = (v: Violation) => `${v.rule.name}: ${v.from} → ${v.to}`;
    const knownKeys = new Set(known.map(key));
    const foundKeys = new Set(found.map(key));
    assert.deepEqual(found.filter((v) => !knownKeys.has(key(v))).map(key), [], 'new violations (see .dependency-cruiser.cjs for each rule\'s reason)');
    assert.deepEqual(known.filter((v) => !foundKeys.has(key(v))).map(key), [], 'fixed: take them off .dependency-cruiser-known-violations.json (npm run walls:baseline)');
    assert.ok(!found.some((v) => v.rule.name === 'platform-imports-no-module' || v.rule.name === 'no-circular'), 'the platform imports no module; no cycles');
  });

  test('the dependency rules catch planted violations', () => {
    const found = cruise(FIXTURE, ['server'], ['--ts-config', path.join(FIXTURE, 'tsconfig.json')]);
    const seen = found.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    assert.deepEqual(seen, [
      'no-other-module-tables: server/modules/other/other.service.ts → server/modules/demo/demo.tables.ts',
      'platform-imports-no-module: server/platform/planted.ts → server/modules/demo/demo.tables.ts',
    ]);
  });

  test("no module's SQL names another module's table beyond the known pairs, and none of those is gone", () => {
    const known = JSON.parse(readFileSync(path.join(ROOT, 'test/unit/walls.known-table-pairs.json'), 'utf8')) as string[];
    const found = tablePairs(ROOT);
    assert.deepEqual(found.filter((p) => !known.includes(p)), [], 'new module → table pairs: read through the owner\'s read model or service');
    assert.deepEqual(known.filter((p) => !found.includes(p)), [], 'fixed: take them off test/unit/walls.known-table-pairs.json');
  });

  test('the table-pair scan catches a planted one', () => {
    assert.deepEqual(tablePairs(FIXTURE), ['other → demo_things']);
  });
});
