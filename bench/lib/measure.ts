/** Helpers shared by the benches: percentiles, timed loops, SQL with its parameters inlined, the commit measured. */
import { execSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { ROOT } from '../../server/platform/paths.js';

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
};

export interface Timing { p50: number; p95: number; max: number; runs: number }

export function summarise(xs: number[]): Timing {
  return { p50: pct(xs, 50), p95: pct(xs, 95), max: Math.max(...xs), runs: xs.length };
}

/** Runs fn `runs` times and returns p50 / p95 / max. */
export async function timeIt(fn: () => Promise<unknown>, runs: number): Promise<Timing> {
  return summarise(await timeRuns(() => fn(), runs));
}

/** The commit whose code this process loads, marked when server/ or common/ have uncommitted changes (the checkout is shared: HEAD may move during a run). */
export function gitState(): string {
  try {
    let c = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
    if (execSync('git status --porcelain -- server common', { cwd: ROOT }).toString().trim()) c += ' (server/ or common/ with uncommitted changes)';
    return c;
  } catch {
    return 'unknown';
  }
}

/** Runs fn `runs` times (fn gets the run number) and returns the times in ms. */
export async function timeRuns(fn: (i: number) => Promise<unknown>, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

export const ms = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
export const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The statement with its parameters written in, for the report (not for running). */
export function inlineSql(st: { sql: string; params: unknown[] }): string {
  return st.sql
    .replace(/\$(\d+)/g, (_m, n: string) => {
      const v = st.params[Number(n) - 1];
      if (v === null || v === undefined) return 'null';
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      if (v instanceof Date) return `'${v.toISOString()}'`;
      return `'${String(v).replaceAll("'", "''")}'`;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n[ \t]+/g, '\n  ')
    .trim();
}
