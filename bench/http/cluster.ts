/**
 * A temporary PostgreSQL 15 cluster for one bench run: initdb in a temp folder (as the `postgres`
 * user when running as root, like .ci/run), started on a free port, stopped and removed by `stop()`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Cluster {
  dir: string;
  port: number;
  bin: string;
  url: (db?: string) => string;
  logFile: string;
  stop(): void;
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

export function pgBin(): string {
  for (const d of ['/usr/lib/postgresql/15/bin', '/usr/local/bin', '/usr/bin']) {
    if (existsSync(path.join(d, 'initdb')) && existsSync(path.join(d, 'pg_ctl'))) return d;
  }
  throw new Error('PostgreSQL 15 binaries (initdb, pg_ctl) not found: apt-get install postgresql-15');
}

const asRoot = process.getuid?.() === 0;
/** Runs a PostgreSQL binary, as `postgres` when we are root (initdb refuses root). */
function pgRun(bin: string, args: string[], opts: { quiet?: boolean } = {}): string {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: opts.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'pipe', 'inherit'] });
}

/** `settings`: extra `-c name=value` server settings (e.g. max_connections). */
export async function startCluster(settings: Record<string, string | number> = {}): Promise<Cluster> {
  const bin = pgBin();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-bench-pg-'));
  chmodSync(dir, 0o755);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'log');
  let started = false;
  const stop = () => {
    if (started || existsSync(path.join(data, 'postmaster.pid'))) {
      const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
      const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), ...args]] : [path.join(bin, 'pg_ctl'), args];
      spawnSync(cmd, argv, { stdio: 'ignore' });
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    pgRun(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8'], { quiet: true });
    const port = await freePort();
    const opts = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
    pgRun(path.join(bin, 'pg_ctl'), ['-D', data, '-l', logFile, '-o', opts, '-w', 'start'], { quiet: true });
    started = true;
    return { dir, port, bin, logFile, url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`, stop };
  } catch (err) {
    stop();
    throw err;
  }
}
