/**
 * A PostgreSQL 15 instance of one test's own (initdb in a temp folder, its own port and socket folder), for
 * tests that stop and start the server — never the shared instance of TEST_DATABASE_URL. initdb refuses to run
 * as root: as root, every binary runs as the `postgres` user through runuser.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { freePort } from './e2e-server.js';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why this machine cannot run an own PostgreSQL, or null when it can. */
export function ownPostgresUnavailable(): string | null {
  if (!existsSync(path.join(PG_BIN, 'initdb')) || !existsSync(path.join(PG_BIN, 'pg_ctl'))) return `no PostgreSQL 15 binaries in ${PG_BIN}`;
  if (userInfo().uid === 0 && spawnSync('id', ['postgres']).status !== 0) return 'running as root and there is no postgres user for initdb';
  return null;
}

export interface OwnPostgres {
  url: string;
  port: number;
  /** pg_ctl start -w: resolves once the server accepts connections (the event loop keeps running meanwhile) */
  start(): Promise<void>;
  /** pg_ctl stop -m fast -w: open sessions are terminated (57P01) and the port closes */
  stop(): Promise<void>;
  /** stops the server if it runs and removes its folder */
  destroy(): Promise<void>;
  log(): string;
}

export async function createOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'yc-own-pg-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const command = (bin: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args]] : [path.join(PG_BIN, bin), args];
  const run = (bin: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      execFile(...command(bin, args), { encoding: 'utf8' }, (err, stdout, stderr) =>
        err ? reject(new Error(`${bin} ${args.join(' ')} failed: ${stderr || stdout || err.message}`)) : resolve(),
      );
    });
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  await run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  let running = false;
  const pg: OwnPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      running = true;
      await run('pg_ctl', ['-D', data, '-o', opts, '-l', logFile, '-w', '-t', '30', 'start']);
    },
    async stop() {
      await run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
      running = false;
    },
    async destroy() {
      try {
        if (running) await pg.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
  return pg;
}
