/**
 * The database layer, one file per concern (issue 15.4):
 *  - db/types.ts — `Db`, `Tx`, `Executor`, the `Database` handle;
 *  - db/open.ts — `openDatabase` on PGlite (embedded, default) or PostgreSQL 15, the install-time template;
 *  - db/commit-hooks.ts — `onBeforeCommit`, `CommitBatch`: writes at the end of a transaction, in it;
 *  - db/statements.ts — `rows`, `preparedRows`, `insertRows`, `MAX_PARAMS`;
 *  - db/sql-helpers.ts — `assertUnique`, `num`, `inList`, `scopeSql`, `relationAlias`, `isoOrNull`, `isoSql`,
 *    `atSql`, `sql`.
 * Modules import from here.
 */
export * from './db/types.js';
export { openDatabase, PGLITE_TEMPLATE, DatabaseInUseError } from './db/open.js';
export { onBeforeCommit, CommitBatch } from './db/commit-hooks.js';
export { rows, preparedRows, insertRows, MAX_PARAMS } from './db/statements.js';
export * from './db/sql-helpers.js';
