/**
 * The databases integration tests run against: PGlite in memory always, and PostgreSQL 15 when
 * TEST_DATABASE_URL points at a server (each suite gets a fresh database there, dropped after).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../../server/config.js';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  config: DatabaseConfig;
  /** for child processes: the DATABASE_URL of this database */
  url: string;
  drop(): Promise<void>;
}

export const testDatabaseKinds = (): ('pglite' | 'postgres')[] =>
  process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export async function createTestDatabase(kind: 'pglite' | 'postgres', opts: { pgliteDir?: string } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dir = opts.pgliteDir;
    return { name: 'pglite', config: { kind: 'pglite', dataDir: dir ?? null }, url: dir ? `pglite:${dir}` : 'memory:', drop: async () => undefined };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const dbName = `yc_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${dbName}`;
  const url = u.toString();
  return {
    name: 'postgres',
    config: { kind: 'postgres', url },
    url,
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.end();
    },
  };
}
