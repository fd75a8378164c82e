#!/usr/bin/env node
// Runs the test tiers with node's own runner. Node 20 does not find .ts files in a folder by
// itself (it would run nothing and pass), so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const tiers = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(p);
  }
};
for (const tier of tiers) walk(path.join('test', tier));
if (!files.length) {
  console.error(`no test files in ${tiers.join(', ')}`);
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
// TAP when not on a terminal, on every Node version (Node 20 prints TAP there already; 22+ would print the spec
// reporter): CI reads the same closing lines whichever runtime ran the tests.
const reporter = process.stdout.isTTY ? [] : ['--test-reporter=tap'];
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...reporter, ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(res.status ?? 1);
