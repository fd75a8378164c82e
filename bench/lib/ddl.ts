/**
 * Bulk-load helpers: save and drop the indexes and foreign keys of the tables about to be loaded
 * (definitions from pg_indexes / pg_get_constraintdef), then build them again. Re-adding a foreign key
 * is PostgreSQL's own check of every row (one anti-join per constraint: the child's rows whose key has
 * no parent row), so a generated row that breaks a key makes the load fail.
 */
import pg from 'pg';

/** `create`: the CREATE INDEX (also for a primary key or unique constraint: its index, built like the others, then `attach`) */
export interface SavedIndex { table: string; name: string; create: string; attach: string | null }
export interface SavedKey { table: string; name: string; create: string; parent: string }
export interface SavedDdl { indexes: SavedIndex[]; keys: SavedKey[] }

export async function saveAndDrop(c: pg.Client, tables: string[]): Promise<SavedDdl> {
  const keys = (await c.query<{ tbl: string; name: string; def: string; parent: string }>(
    `select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def, confrelid::regclass::text as parent
     from pg_constraint where contype = 'f' and (conrelid::regclass::text = any($1) or confrelid::regclass::text = any($1)) order by 1, 2`,
    [tables],
  )).rows.map((r) => ({ table: r.tbl, name: r.name, parent: r.parent, create: `alter table ${r.tbl} add constraint ${r.name} ${r.def}` }));
  const indexes = (await c.query<{ tbl: string; name: string; def: string; con: string | null }>(
    `select i.tablename as tbl, i.indexname as name, i.indexdef as def,
            (select pg_get_constraintdef(k.oid) from pg_constraint k where k.conindid = (quote_ident(i.indexname))::regclass and k.contype in ('p', 'u')) as con
     from pg_indexes i where i.schemaname = 'public' and i.tablename = any($1) order by 1, 2`,
    [tables],
  )).rows.map((r) => ({
    table: r.tbl, name: r.name, create: r.def,
    attach: r.con === null ? null : `alter table ${r.tbl} add constraint ${r.name} ${r.con.startsWith('PRIMARY KEY') ? 'primary key' : 'unique'} using index ${r.name}`,
  }));
  for (const k of keys) await c.query(`alter table ${k.table} drop constraint ${k.name}`);
  for (const i of indexes) await c.query(i.attach ? `alter table ${i.table} drop constraint ${i.name}` : `drop index ${i.name}`);
  return { indexes, keys };
}
