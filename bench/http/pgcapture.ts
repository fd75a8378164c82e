/**
 * Turns the statements PostgreSQL logged for one request (`log_statement = all`, `log_line_prefix =
 * '[%p] '`) into a pgbench script that replays them: each `execute` with its logged parameters
 * substituted as literals, and the values that must differ per transaction replaced by pgbench
 * variables (see `toPgbench`).
 */

export interface Logged {
  pid: number;
  sql: string;
}

/** Statements of the log text, in order (simple queries and executes of prepared/unnamed statements). */
export function parseLog(text: string): Logged[] {
  const entries: { pid: number; kind: string; body: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^\[(\d+)\] (LOG|DETAIL|ERROR|STATEMENT|HINT|WARNING|CONTEXT|FATAL):  (.*)$/.exec(line);
    if (m) entries.push({ pid: Number(m[1]), kind: m[2]!, body: m[3]! });
    else if (entries.length) entries[entries.length - 1]!.body += '\n' + line;
  }
  const out: Logged[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.kind !== 'LOG') continue;
    let m = /^statement: ([\s\S]*)$/.exec(e.body);
    if (m) {
      out.push({ pid: e.pid, sql: m[1]!.trim() });
      continue;
    }
    m = /^execute [^:]*: ([\s\S]*)$/.exec(e.body);
    if (!m) continue;
    let sql = m[1]!.trim();
    const next = entries[i + 1];
    if (next && next.kind === 'DETAIL' && next.pid === e.pid && next.body.startsWith('parameters: ')) {
      const params = new Map<number, string>();
      for (const p of next.body.slice('parameters: '.length).matchAll(/\$(\d+) = (NULL|'(?:[^']|'')*')/g)) params.set(Number(p[1]), p[2]!);
      // highest numbers first, so $1 does not eat the start of $10
      for (const n of [...params.keys()].sort((a, b) => b - a)) sql = sql.split(`$${n}`).join(params.get(n)!);
      i++;
    }
    out.push({ pid: e.pid, sql });
  }
  return out;
}

export interface Unique {
  /** a literal value as logged (without quotes) */
  value: string;
  /** pgbench text that replaces it inside quoted literals */
  replacement: string;
}

export interface IdCapture {
  /** the insert that returns it: `insert into "<table>"` */
  table: string;
  /** the id the application got back (from the HTTP response) */
  value: number;
  /** pgbench variable prefix for \gset */
  prefix: string;
}

/**
 * A pgbench script: `uniques` (client key, case and notice numbers, rating token) are replaced
 * wherever they occur (textually: pgbench substitutes `:u` inside quoted literals too); `ids` are
 * captured with \gset from their single-row `insert … returning` (or a CTE whose insert returns it and whose
 * final select names it `id`) and every later occurrence of that id
 * uses the captured variable — a literal that is exactly the id becomes `:var`, a longer literal that
 * contains it (`'case:123'`, an idempotency key, a JSON document) becomes `('…' || :var || '…')` — so
 * each replayed transaction writes its own rows, chains and keys, as the application does.
 */
export function toPgbench(stmts: Logged[], uniques: Unique[], ids: IdCapture[]): { script: string; notes: string[] } {
  const notes: string[] = [];
  const lines: string[] = ['\\set u random(100000000000, 999999999999)'];
  const captured = new Map<string, string>();
  for (const s of stmts) {
    let sql = s.sql.replace(/\s+/g, ' ').trim().replace(/;$/, '');
    for (const u of uniques) sql = sql.split(u.value).join(u.replacement);
    if (captured.size) {
      const any = new RegExp(`(?<!\\d)(${[...captured.keys()].join('|')})(?!\\d)`, 'g');
      sql = sql.replace(/'(?:[^']|'')*'/g, (lit) => {
        const body = lit.slice(1, -1);
        if (captured.has(body)) return `:${captured.get(body)}`;
        if (!any.test(body)) return lit;
        any.lastIndex = 0;
        const parts = body.split(any); // text, value, text, value, … text
        const out = parts.map((p, k) => (k % 2 ? `:${captured.get(p)}` : `'${p}'`)).filter((p) => p !== "''");
        return `(${out.join(' || ')})`;
      });
    }
    // an insert inside a CTE whose final select returns the new row's `id` (with other columns): \gset with the
    // prefix stores every column, the id among them as <prefix>id
    const inCte = ids.find((x) => !captured.has(String(x.value)) && /^with /i.test(sql) && new RegExp(`\\binsert into "?${x.table}"? `, 'i').test(sql) && / returning /i.test(sql) && / as id\b/i.test(sql));
    if (inCte) {
      lines.push(`${sql} \\gset ${inCte.prefix}`);
      captured.set(String(inCte.value), `${inCte.prefix}id`);
      notes.push(`${inCte.table}.id → :${inCte.prefix}id`);
      continue;
    }
    const id = ids.find((x) => !captured.has(String(x.value)) && new RegExp(`^insert into "?${x.table}"? `, 'i').test(sql) && / returning /i.test(sql));
    if (id) {
      // only the id is needed: return just that column under a known variable name
      sql = sql.replace(/ returning .*$/i, ` returning "id" as ${id.prefix}id`);
      lines.push(`${sql} \\gset`);
      captured.set(String(id.value), `${id.prefix}id`);
      notes.push(`${id.table}.id → :${id.prefix}id`);
      continue;
    }
    lines.push(`${sql};`);
  }
  return { script: lines.join('\n') + '\n', notes };
}
