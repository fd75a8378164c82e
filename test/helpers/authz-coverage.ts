/**
 * Does the authorization matrix cover the API? Pure: the operations of an OpenAPI document (method + path
 * template, `/api/cases/{id}/actions/approve`) against the matrix rows (method + concrete URL,
 * `/api/cases/999999/actions/approve?x=1`). A row belongs to the operation the router would pick for its URL:
 * of the templates it fits, the one with a literal segment where the others have a parameter, first from the
 * left (`/api/cases/inbox` is `/api/cases/inbox`, not `/api/cases/{id}`), as Fastify's router does.
 */

export interface DocumentedOperation {
  method: string;
  /** the document's path template, `/api/users/{id}` */
  path: string;
}

export interface RowAddress {
  method: string;
  /** a concrete URL, with or without a query string */
  url: string;
}

export interface Coverage {
  /** `METHOD /template` of each documented operation no row reaches */
  missing: string[];
  /** `METHOD /url` of each row that reaches no documented operation */
  stray: string[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of an OpenAPI document (`paths` → method → operation). */
export function operationsOfDocument(doc: { paths?: Record<string, Record<string, unknown>> }): DocumentedOperation[] {
  const ops: DocumentedOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) if (item[method]) ops.push({ method: method.toUpperCase(), path });
  }
  return ops;
}

const segmentsOf = (path: string) => path.split('/').slice(1);
const isParam = (segment: string) => /^\{[^/{}]+\}$/.test(segment);

/** Does a concrete path (no query string) fit a template? A parameter takes one non-empty segment. */
export function fitsTemplate(template: string, path: string): boolean {
  const t = segmentsOf(template);
  const p = segmentsOf(path);
  return t.length === p.length && t.every((seg, i) => (isParam(seg) ? p[i] !== '' : seg === p[i]));
}

/** < 0 when template a is the more specific one: a literal where b has a parameter, first from the left. */
function bySpecificity(a: string, b: string): number {
  const sa = segmentsOf(a);
  const sb = segmentsOf(b);
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const d = Number(isParam(sa[i]!)) - Number(isParam(sb[i]!));
    if (d !== 0) return d;
  }
  return 0;
}

/** The documented operation a row reaches, or undefined. */
export function operationOfRow(ops: readonly DocumentedOperation[], row: RowAddress): DocumentedOperation | undefined {
  const method = row.method.toUpperCase();
  const path = row.url.split('?')[0]!;
  return ops
    .filter((op) => op.method === method && fitsTemplate(op.path, path))
    .sort((a, b) => bySpecificity(a.path, b.path))[0];
}

/** Which operations have no row, and which rows reach no operation (both sorted, for a readable failure). */
export function matrixCoverage(ops: readonly DocumentedOperation[], rows: readonly RowAddress[]): Coverage {
  const reached = new Set<DocumentedOperation>();
  const stray: string[] = [];
  for (const row of rows) {
    const op = operationOfRow(ops, row);
    if (op) reached.add(op);
    else stray.push(`${row.method.toUpperCase()} ${row.url}`);
  }
  const missing = ops.filter((op) => !reached.has(op)).map((op) => `${op.method} ${op.path}`);
  return { missing: missing.sort(), stray: stray.sort() };
}
