/**
 * A PostgreSQL 15 cluster in a fixed folder (bench/http/cluster.ts makes a temporary one): kept between
 * runs with --keep so that a generated dataset can be measured again (--reuse), restarted with other
 * settings (load-friendly for a bulk load, ordinary for measuring). Runs the server binaries as the
 * `postgres` user when we are root, as bench/http/cluster.ts does; stops only the postmaster it started.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { freePort, pgBin } from '../http/cluster.js';

const asRoot = process.getuid?.() === 0;

function pgRun(bin: string, args: string[]): string {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export type Settings = Record<string, string | number>;

export interface FixedCluster {
  dir: string;
  port: number;
  bin: string;
  logFile: string;
  /** the settings the server runs with now */
  settings: Settings;
  url: (db?: string) => string;
  /** stop (fast: a checkpoint first) and start again with other settings */
  restart(settings: Settings): Promise<void>;
  stop(): void;
  /** stop and delete the folder */
  remove(): void;
}

/**
 * `fresh`: delete the folder and initdb; otherwise the folder must hold a cluster made by an earlier
 * run (--keep). Either way it is started on a free port with `settings`.
 */
export async function fixedCluster(dir: string, fresh: boolean, settings: Settings): Promise<FixedCluster> {
  const bin = pgBin();
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'log');
  const pgCtl = path.join(bin, 'pg_ctl');
  const stopIfRunning = (mode: 'fast' | 'immediate') => {
    if (existsSync(path.join(data, 'postmaster.pid'))) {
      const args = ['-D', data, '-m', mode, '-w', '-t', '600', 'stop'];
      const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', pgCtl, ...args]] : [pgCtl, args];
      spawnSync(cmd, argv, { stdio: 'ignore' });
    }
  };
  if (fresh) {
    stopIfRunning('immediate'); // a postmaster left by a run that was killed
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    pgRun(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  } else {
    if (!existsSync(path.join(data, 'PG_VERSION'))) throw new Error(`--reuse: no cluster in ${dir} (run once with --keep)`);
    stopIfRunning('fast');
  }
  const port = await freePort();
  const c: FixedCluster = {
    dir, port, bin, logFile, settings,
    url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`,
    async restart(next: Settings) {
      stopIfRunning('fast');
      start(next);
    },
    stop: () => stopIfRunning('fast'),
    remove() {
      stopIfRunning('immediate');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const start = (s: Settings) => {
    const opts = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', ...Object.entries(s).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
    try {
      pgRun(pgCtl, ['-D', data, '-l', logFile, '-o', opts, '-w', '-t', '600', 'start']);
    } catch (err) {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`pg_ctl start failed: ${(err as Error).message}\n${tail}`);
    }
    c.settings = s;
  };
  start(settings);
  return c;
}
