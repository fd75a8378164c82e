/**
 * A browser test's server on a clock it moves: a preload shifts the server process's Date (and so PGlite's now()) by
 * the milliseconds in a file, re-read on SIGUSR2. It starts at the current hour in China, or 10:00 when the real hour
 * is outside the hall's day, so that tickets, bookings and the day's work behave on any day the tests run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, type E2eServer } from './e2e-server.js';

const CLOCK_PRELOAD = `
import { readFileSync } from 'node:fs';
const file = process.env.E2E_CLOCK_FILE;
const RealDate = globalThis.Date;
let offset = 0;
const read = () => { try { offset = Number(readFileSync(file, 'utf8').trim()) || 0; } catch { offset = 0; } };
read();
process.on('SIGUSR2', read);
class ShiftedDate extends RealDate {
  constructor(...args) { if (args.length === 0) super(RealDate.now() + offset); else super(...args); }
  static now() { return RealDate.now() + offset; }
}
globalThis.Date = ShiftedDate;
`;

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

export interface ShiftedServer {
  server: E2eServer;
  /** moves the server's clock forward and waits for it to take the new time */
  advance(ms: number): Promise<void>;
  /** the server's date and hour in China (UTC+8) */
  china(): { date: string; hour: number };
  stop(): Promise<void>;
}

/** `lastHour`: the latest real hour kept as it is (later ones start at 10:00). */
export async function startShiftedServer(env: Record<string, string> = {}, lastHour = 18): Promise<ShiftedServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'yc-e2e-clock-'));
  const file = path.join(dir, 'offset');
  const preload = path.join(dir, 'clock.mjs');
  writeFileSync(preload, CLOCK_PRELOAD);
  const china = new Date(Date.now() + 8 * HOUR);
  const hour = china.getUTCHours();
  const targetHour = hour >= 8 && hour <= lastHour ? hour : 10;
  const top = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate(), targetHour) - 8 * HOUR;
  let offset = top + 2 * MINUTE - Date.now();
  writeFileSync(file, String(offset));
  const server = await startServer({
    env: {
      E2E_CLOCK_FILE: file,
      // the test moves the server's time itself (the preload above), from the hour it chose
      CLOCK_START: '',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(preload).href}`.trim(),
      ...env,
    },
  });
  return {
    server,
    async advance(ms: number) {
      offset += ms;
      writeFileSync(file, String(offset));
      process.kill(server.pid, 'SIGUSR2');
      await new Promise((r) => setTimeout(r, 250));
    },
    china() {
      const d = new Date(Date.now() + offset + 8 * HOUR);
      return { date: d.toISOString().slice(0, 10), hour: d.getUTCHours() };
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
