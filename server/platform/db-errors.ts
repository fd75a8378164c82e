/**
 * What a database failure means for the client, and what of it may be logged.
 *
 * Drizzle wraps every driver error in a DrizzleQueryError whose message is the SQL text and its bound
 * parameters ("Failed query: … params: …") with the driver's error in `cause`; PGlite's own error carries
 * `query` and `params` too, and PostgreSQL's `detail` repeats key values ("Key (id_no)=(…) already exists").
 * So the SQLSTATE is found by walking `cause` (and AggregateError's `errors`), and a log line keeps only the
 * SQLSTATE, constraint, table, column and the stack frames — never a message of a database error (ADR 0018).
 */

export type DbFailureKind = 'unique' | 'foreign_key' | 'invalid_input' | 'conflict' | 'unavailable';

export interface DbFailure {
  kind: DbFailureKind;
  /** SQLSTATE, or the socket error code (ECONNREFUSED …), or 'CONNECTION' for a driver's connection message */
  code: string;
  constraint?: string;
  table?: string;
  column?: string;
}

/** Socket errors of a connection to the database server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'ENOTCONN']);
/** node-postgres and PGlite errors without a code that mean the connection is gone or cannot be had. */
const CONNECTION_MESSAGE =
  /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect|Cannot use a pool after calling end|PGlite is closed|Query read timeout)/;
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** SQLSTATEs by meaning (PostgreSQL 15, appendix A). */
function kindOfSqlstate(code: string): DbFailureKind | null {
  if (code === '23505') return 'unique';
  if (code === '23503' || code === '23001') return 'foreign_key'; // 23001: ON DELETE RESTRICT
  // data exceptions (invalid text representation, out of range, too long, NUL / bad byte sequence, bad dates …),
  // not-null and check violations, and values too large for an index or a statement
  if (code.startsWith('22') || code === '23502' || code === '23514' || code === '54000' || code === '54001') return 'invalid_input';
  if (code === '40001' || code === '40P01' || code === '55P03' || code === '23P01') return 'conflict';
  // connection exceptions, admin/crash shutdown, cannot connect now, insufficient resources, statement
  // cancelled (statement_timeout), a read-only standby after a failover, I/O errors
  if (code.startsWith('08') || code.startsWith('53') || code === '57P01' || code === '57P02' || code === '57P03' || code === '57P05' || code === '57014' || code === '25006' || code === '58030') {
    return 'unavailable';
  }
  return null;
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** The errors in `err`'s chain: itself, its `cause`s and an AggregateError's `errors`, breadth first. */
function* chain(err: unknown): Generator<ErrorLike> {
  const queue: unknown[] = [err];
  const seen = new Set<unknown>();
  while (queue.length && seen.size < 12) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const x = e as ErrorLike;
    yield x;
    if (x.cause) queue.push(x.cause);
    if (Array.isArray(x.errors)) queue.push(...x.errors);
  }
}

/** The database failure in `err`'s chain, classified; null when it is not one we map. */
export function dbFailureOf(err: unknown): DbFailure | null {
  let other: DbFailure | null = null;
  for (const e of chain(err)) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && NETWORK_CODES.has(code)) return { kind: 'unavailable', code };
    if (code && SQLSTATE.test(code)) {
      const kind = kindOfSqlstate(code);
      if (kind) return { kind, code, constraint: str(e.constraint), table: str(e.table), column: str(e.column) };
    }
    if (!other && typeof e.message === 'string' && CONNECTION_MESSAGE.test(e.message)) other = { kind: 'unavailable', code: 'CONNECTION' };
  }
  return other;
}

/** A driver's database error somewhere in the chain (mapped or not): its message may embed SQL, parameters or values. */
function databaseErrorIn(err: unknown): { code?: string; constraint?: string; table?: string; column?: string; severity?: string; routine?: string } | null {
  let found: ReturnType<typeof databaseErrorIn> = null;
  for (const e of chain(err)) {
    const x = e as ErrorLike & { severity?: unknown; routine?: unknown; query?: unknown; params?: unknown; name?: unknown };
    if ((e as object).constructor?.name === 'DrizzleQueryError') {
      found = {}; // the wrapper itself: its query and params are not the driver's error
      continue;
    }
    const code = typeof x.code === 'string' && SQLSTATE.test(x.code) && !NETWORK_CODES.has(x.code) ? x.code : undefined;
    if (code || x.severity !== undefined || x.query !== undefined || x.params !== undefined) {
      return { code, constraint: str(x.constraint), table: str(x.table), column: str(x.column), severity: str(x.severity), routine: str(x.routine) };
    }
  }
  return found;
}

/** Stack frames only: the first lines of a stack repeat the message (a Drizzle message: the SQL and its parameters). */
function framesOf(err: unknown): string | undefined {
  const stack = (err as { stack?: unknown })?.stack;
  if (typeof stack !== 'string') return undefined;
  const frames = stack.split('\n').filter((l) => /^\s+at /.test(l));
  return frames.length ? frames.join('\n') : undefined;
}

/** A text that cannot carry a database message: for the outbox's last_error and log fields. */
export function safeErrorMessage(err: unknown): string {
  const db = databaseErrorIn(err);
  const failure = dbFailureOf(err);
  if (db || failure) {
    const code = failure?.code ?? db?.code ?? 'unknown';
    const at = [db?.table && `table ${db.table}`, (failure?.constraint ?? db?.constraint) && `constraint ${failure?.constraint ?? db?.constraint}`].filter(Boolean).join(', ');
    return `database error ${code}${at ? ` (${at})` : ''}`;
  }
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : 'non-error thrown';
  return message.slice(0, 300);
}

export interface SerializedError {
  type: string;
  message: string;
  stack: string;
  [key: string]: unknown;
}

/**
 * The log serializer of `err`: its type, a code, the SQLSTATE with constraint/table/column when a database
 * error is in the chain, and the stack frames. No message of a database error, no `detail`, no `params`.
 */
export function serializeError(err: unknown): SerializedError {
  if (!err || typeof err !== 'object') return { type: typeof err, message: safeErrorMessage(err), stack: '' };
  const e = err as Error & { code?: unknown; statusCode?: unknown };
  const db = databaseErrorIn(err);
  const failure = dbFailureOf(err);
  const out: SerializedError = { type: e.constructor?.name ?? 'Error', message: safeErrorMessage(err), stack: '' };
  if (typeof e.code === 'string' && !(db && e.code === db.code)) out.code = e.code;
  if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
  if (failure) out.failure = failure.kind;
  if (db || failure) {
    out.sqlstate = db?.code ?? (failure && SQLSTATE.test(failure.code) ? failure.code : undefined);
    if (failure && !SQLSTATE.test(failure.code)) out.errno = failure.code;
    for (const k of ['constraint', 'table', 'column', 'severity', 'routine'] as const) if (db?.[k]) out[k] = db[k];
  }
  // While the database is away every request fails alike: its stack, thousands of times a minute, says nothing
  out.stack = failure?.kind === 'unavailable' ? '' : (framesOf(err) ?? '');
  return out;
}

/** A Drizzle query failure message anywhere in a log line's text: cut before the SQL. */
export function scrubText(s: string): string {
  const i = s.indexOf('Failed query:');
  return i < 0 ? s : `${s.slice(0, i)}Failed query: [SQL and parameters not logged]`;
}

/**
 * What a unique violation means, by constraint: the field a person typed (DUPLICATE naming it), a race between
 * two submissions of one thing (CONFLICT: reload and try again), or a rule with its own code. A constraint not
 * listed answers DUPLICATE with a generic "this record".
 */
export type UniqueMeaning = { field: { zh: string; en: string } } | { code: 'CONFLICT' | 'CHECKLIST_DRAFT_EXISTS' };

const FIELDS: Record<string, [zh: string, en: string]> = {
  departments_code_uq: ['部门编码', 'Department code'],
  departments_name_uq: ['部门名称', 'Department name'],
  sites_code_uq: ['场所编码', 'Site code'],
  windows_site_code_uq: ['窗口编号', 'Window number'],
  users_username_uq: ['用户名', 'Username'],
  catalog_items_impl_code_uq: ['实施编码', 'Implementation code'],
  catalog_sub_items_code_uq: ['办理项编码', 'Sub-item code'],
  catalog_materials_code_uq: ['材料编码', 'Material code'],
  catalog_materials_name_uq: ['材料名称', 'Material name'],
  catalog_bundles_code_uq: ['一件事编码', 'Bundle code'],
  docno_series_pattern_uq: ['文号模板', 'Document number pattern'],
  checklist_lines_material_uq: ['清单中的该材料', 'This material on the checklist'],
  appointments_code_uq: ['预约码', 'Appointment code'],
};

export function uniqueMeaning(constraint: string | undefined): UniqueMeaning {
  const f = constraint ? FIELDS[constraint] : undefined;
  if (f) return { field: { zh: f[0], en: f[1] } };
  if (constraint === 'checklist_versions_open_uq') return { code: 'CHECKLIST_DRAFT_EXISTS' };
  // idempotency keys, numbers drawn concurrently (case, ticket, batch, notice numbers), the audit chain: two
  // writers raced — the loser reloads and tries again
  if (constraint && /(_client_key_uq|_idempotency_uq|_token_uq|_no_uq|_seq_uq|_dedupe_uq)$/.test(constraint)) return { code: 'CONFLICT' };
  return { field: { zh: '该记录', en: 'This record' } };
}
