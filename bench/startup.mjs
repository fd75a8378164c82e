#!/usr/bin/env node
// Measures `npm start` readiness: time from process start until the login page answers 200,
// first on a fresh data folder (database created from the install-time demo template — the demo
// district with its history — or, with --bare, migrated and the bare demo district loaded) and then
// on the existing folder (restart). Usage: node bench/startup.mjs [restarts=3] [--fresh=N] [--bare]
// --fresh=N: N first starts, each on its own new data folder (median reported).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, cpus, totalmem, loadavg } from 'node:os';
import path from 'node:path';

const restarts = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 3);
// `--tsx` measures running the TypeScript sources through tsx instead of the bundle `npm start` uses.
// `--npm` measures the README's command itself, npm's own start-up included.
const entry = process.argv.includes('--tsx') ? ['--import', 'tsx', 'server/main.ts'] : ['--enable-source-maps', 'scripts/start.mjs'];
const viaNpm = process.argv.includes('--npm');
const bare = process.argv.includes('--bare');
const fresh = Number(process.argv.find((a) => a.startsWith('--fresh='))?.slice(8) ?? 1);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startOnce(dataDir) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(viaNpm ? 'npm' : process.execPath, viaNpm ? ['start', '--silent'] : entry, {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', DEMO_DATA: bare ? 'bare' : 'on' },
    stdio: 'ignore',
    detached: true, // its own process group: SIGTERM reaches the server even behind npm
  });
  let ms = null;
  while (performance.now() - t0 < 60_000) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/login`);
      if (res.status === 200 && (await res.text()).includes('<div id="app"')) {
        ms = performance.now() - t0;
        break;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const exited = new Promise((r) => child.once('exit', (code) => r(code)));
  process.kill(-child.pid, 'SIGTERM');
  const code = await exited;
  if (ms === null) throw new Error('server did not become ready in 60 s');
  return { ms, exitCode: code };
}

const dirs = Array.from({ length: Math.max(1, fresh) }, () => mkdtempSync(path.join(tmpdir(), 'yc-bench-start-')));
try {
  const rows = [];
  for (const [i, dir] of dirs.entries()) rows.push({ run: `fresh data folder${dirs.length > 1 ? ` ${i + 1}` : ''}`, fresh: true, ...(await startOnce(dir)) });
  for (let i = 1; i <= restarts; i++) rows.push({ run: `restart ${i}`, fresh: false, ...(await startOnce(dirs[0])) });
  const template = path.join(root, 'dist', readdirSync(path.join(root, 'dist')).find((f) => /^pglite-demo-.*\.tar\.gz$/.test(f)) ?? '-');
  const what = bare ? 'DEMO_DATA=bare: migrated template + the demo district loaded' : existsSync(template)
    ? `DEMO_DATA=on: demo template ${path.basename(template)} (${(statSync(template).size / 1e6).toFixed(1)} MB) unpacked`
    : 'DEMO_DATA=on but no demo template (dist/pglite-demo-*.tar.gz): the demo district loaded without history';
  console.log(`startup (${viaNpm ? 'npm start' : entry.join(' ')}) — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`first start: ${what}`);
  console.log('| run | ready (ms) | exit code after SIGTERM |');
  console.log('|---|---|---|');
  for (const r of rows) console.log(`| ${r.run} | ${Math.round(r.ms)} | ${r.exitCode} |`);
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
  const firsts = rows.filter((r) => r.fresh).map((r) => r.ms);
  const restartsMs = rows.filter((r) => !r.fresh).map((r) => r.ms);
  console.log(`median: first start ${Math.round(median(firsts))} ms (${firsts.length} runs)${restartsMs.length ? `, restart ${Math.round(median(restartsMs))} ms (${restartsMs.length} runs)` : ''}`);
} finally {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
