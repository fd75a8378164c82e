#!/usr/bin/env node
// `npm start`: runs the server from one esbuild bundle (dist/server/main.mjs) — node starts it
// faster than tsx can compile the TypeScript sources one by one. The bundle is rebuilt first
// whenever a source file under server/ or common/ is newer, so it never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = path.join(root, 'dist/server/main.mjs');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export async function buildServer() {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [path.join(root, 'server/main.ts')],
    outdir: path.dirname(BUNDLE),
    outExtension: { '.js': '.mjs' },
    // Code that runs only sometimes (the demo district, loaded into an empty database) goes into
    // its own chunk, so an ordinary start does not even parse it.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

// Node.js 20 reached end of life on 2026-04-30: it still runs, but say so once at start.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22 && !process.argv.includes('--build-only')) {
  console.warn(`注意：Node.js ${process.versions.node} 已停止维护（Node 20 于 2026-04-30 结束生命周期），请升级到 Node.js 24 LTS（或 22 LTS）。`);
}

const stale = !existsSync(BUNDLE) || Math.max(newest(path.join(root, 'server')), newest(path.join(root, 'common'))) > statSync(BUNDLE).mtimeMs;
if (process.argv.includes('--build-only')) await buildServer();
else {
  if (stale) await buildServer();
  await import(pathToFileURL(BUNDLE).href);
}
