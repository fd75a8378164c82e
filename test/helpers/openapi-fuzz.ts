/**
 * Fuzz cases generated from the app's own OpenAPI document (issue 14): for each operation a valid-looking request
 * built from its schemas, then a bounded, deterministic list of hostile variants of it — NUL, lone surrogates,
 * 1e400, 2^63, negative and too large ids, 1 MB strings, 100-deep nesting, arrays for objects, unknown keys.
 * Raw JSON text is written by hand where JSON.stringify cannot say it (`\ud800`, `1e400`).
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Schema = Record<string, any>;

export interface Operation {
  method: string;
  path: string; // OpenAPI template, /api/cases/{id}
  tag: string;
  isPublic: boolean;
  pathParams: { name: string; schema: Schema }[];
  query: { name: string; schema: Schema; required: boolean }[];
  body: Schema | null;
}

export interface FuzzCase {
  label: string;
  url: string;
  /** raw JSON text of the body, when the case sends one */
  payload?: string;
  /** true: no valid request looks like this, a signed-in caller must get a 4xx from validation */
  refuse: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params: any[] = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        path,
        tag: op.tags?.[0] ?? '',
        isPublic: Array.isArray(op.security) && op.security.length === 0,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: resolve(doc, p.schema) })),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: resolve(doc, p.schema), required: !!p.required })),
        body: op.requestBody?.content?.['application/json']?.schema ? deref(doc, op.requestBody.content['application/json'].schema) : null,
      });
    }
  }
  return ops;
}

function resolve(doc: any, s: Schema): Schema {
  if (s?.$ref) return resolve(doc, s.$ref.replace('#/components/schemas/', '').split('/').reduce((o: any, k: string) => o?.[k], doc.components.schemas));
  return s;
}
/** a copy of the schema with every $ref replaced by its target */
function deref(doc: any, s: any): any {
  if (Array.isArray(s)) return s.map((x) => deref(doc, x));
  if (!s || typeof s !== 'object') return s;
  if (s.$ref) return deref(doc, resolve(doc, s));
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, deref(doc, v)]));
}

const STRING_CANDIDATES = ['a', 'A1', '1', '2026-12-07', '2026-12', '1234', '123456', 'abcdefgh12345678', 'AAAA', 'abcdefgh12345678.abcdefgh12345678'];

/** A value the schema accepts, chosen so that ids point at nothing (2147483647) and nothing existing is changed. */
export function sample(s: Schema): unknown {
  if (!s || typeof s !== 'object') return null;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const branches = s.anyOf ?? s.oneOf;
  if (Array.isArray(branches)) return sample(branches.find((b: Schema) => b.type !== 'null') ?? branches[0]);
  switch (s.type) {
    case 'string': {
      if (s.format === 'date') return '2026-12-07';
      const min = s.minLength ?? 0;
      const max = s.maxLength ?? Infinity;
      const fits = (v: string) => v.length >= min && v.length <= max && (!s.pattern || new RegExp(s.pattern, 'u').test(v));
      for (const base of STRING_CANDIDATES) {
        const v = base.length >= min ? base : base.repeat(Math.ceil(min / base.length)).slice(0, Math.max(min, base.length));
        if (fits(v)) return v;
      }
      return 'a'.repeat(Math.max(min, 1));
    }
    case 'integer':
      return s.maximum === 2_147_483_647 ? 2_147_483_647 : (s.minimum ?? 0);
    case 'number':
      return s.minimum ?? 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}));
    case 'object':
    default: {
      if (!s.properties) return {};
      return Object.fromEntries(Object.entries<Schema>(s.properties).map(([k, v]) => [k, sample(v)]));
    }
  }
}

interface Leaf {
  path: string[];
  schema: Schema;
}
/** The scalar fields of a body (objects inside arrays through their first element), at most `limit`. */
function leavesOf(s: Schema, value: unknown, path: string[] = [], out: Leaf[] = [], limit = 14): Leaf[] {
  if (out.length >= limit || !s) return out;
  const branches = s.anyOf ?? s.oneOf;
  if (Array.isArray(branches)) return leavesOf(branches.find((b: Schema) => b.type !== 'null') ?? branches[0], value, path, out, limit);
  if (s.type === 'object' && s.properties && value && typeof value === 'object') {
    for (const [k, v] of Object.entries<Schema>(s.properties)) leavesOf(v, (value as any)[k], [...path, k], out, limit);
  } else if (s.type === 'array' && s.items) {
    if (Array.isArray(value) && value.length) leavesOf(s.items, value[0], [...path, '0'], out, limit);
    else out.push({ path, schema: s });
  } else out.push({ path, schema: s });
  return out;
}

const MARK = '__fuzz_mark_7f3a__';
/** the baseline with the value at `path` replaced by raw JSON text */
function withRaw(base: unknown, path: string[], rawJson: string): string {
  const copy = structuredClone(base) as any;
  if (!path.length) return rawJson;
  let node = copy;
  for (const k of path.slice(0, -1)) {
    if (Array.isArray(node) && !node.length) node.push({});
    node = node[k];
  }
  const last = path[path.length - 1]!;
  node[last] = MARK;
  return JSON.stringify(copy).replace(`"${MARK}"`, () => rawJson);
}

const MB_STRING = 'x'.repeat(1_000_000);
const deep = (n: number, inner: string) => '{"a":'.repeat(n) + inner + '}'.repeat(n);
const isInt = (s: Schema) => s?.type === 'integer' || s?.type === 'number';
const isStr = (s: Schema) => s?.type === 'string' && !s.enum && !('const' in s);

/** The hostile variants of one operation; the first case is the valid-looking baseline. */
export function casesOf(op: Operation): FuzzCase[] {
  const pathValues = Object.fromEntries(op.pathParams.map((p) => [p.name, String(sample(p.schema))]));
  const queryBase: Record<string, string> = {};
  for (const q of op.query) if (q.required || isInt(q.schema)) queryBase[q.name] = encodeURIComponent(String(sample(q.schema)));
  const url = (pv: Record<string, string> = pathValues, qv: Record<string, string> = queryBase) => {
    const p = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => pv[name] ?? '1');
    const qs = Object.entries(qv).map(([k, v]) => `${k}=${v}`).join('&');
    return qs ? `${p}?${qs}` : p;
  };
  const body = op.body ? sample(op.body) : undefined;
  const payload = op.body ? JSON.stringify(body) : undefined;
  const out: FuzzCase[] = [{ label: 'baseline', url: url(), payload, refuse: false }];
  const add = (label: string, u: string, p: string | undefined, refuse: boolean) => out.push({ label, url: u, payload: p, refuse });

  // path parameters: ids outside int4, negative, Infinity, NUL, a lone surrogate's bytes, 2^63
  for (const p of op.pathParams) {
    const bad = isInt(p.schema)
      ? ['-1', '0', '99999999999', '9223372036854775808', '1e400', '1.5', '%00']
      : ['%00', '%ED%A0%80', 'a%0Ab', 'x'.repeat(5000)];
    for (const v of bad) add(`path ${p.name}=${v.slice(0, 20)}`, url({ ...pathValues, [p.name]: v }), payload, true);
  }
  // query parameters
  for (const q of op.query) {
    const bad = isInt(q.schema)
      ? ['-1', '9223372036854775808', '1e400', '-1e400', 'NaN', '%00', `1&${q.name}=2`, ...(q.schema.maximum < 99999999999 ? ['99999999999'] : [])]
      : isStr(q.schema)
        ? ['%00', 'a%01b', '%7F', 'x'.repeat(20_000)]
        : ['%00', 'x'.repeat(5000)];
    for (const v of bad) add(`query ${q.name}=${v.slice(0, 20)}`, url(pathValues, { ...queryBase, [q.name]: v }), payload, true);
    // the UTF-8 bytes of a lone surrogate cannot be decoded: the parser keeps the text as sent, which is harmless
    add(`query ${q.name}=%ED%A0%80`, url(pathValues, { ...queryBase, [q.name]: '%ED%A0%80' }), payload, !isStr(q.schema));
  }
  // an operation without query parameters ignores the query string; one with them refuses a key it does not know
  add('unknown query key', url(pathValues, { ...queryBase, zz_unknown: '1' }), payload, op.query.length > 0);

  if (op.body && body !== undefined) {
    const objBody = body && typeof body === 'object' && !Array.isArray(body);
    add('body 1e400', url(), '1e400', true);
    add('body array for object', url(), '[' + payload + ']', true);
    add('body string', url(), '"x"', true);
    // an action whose fields are all optional may be posted empty (the route reads null as {})
    add('body null', url(), 'null', (op.body.required ?? []).length > 0);
    add('body 100-deep', url(), deep(100, '1'), true);
    add('body __proto__', url(), '{"__proto__":{"admin":true}}', true);
    if (objBody) {
      add('unknown key', url(), JSON.stringify({ ...(body as object), zz_unknown: 1 }), true);
      add('read-only keys', url(), JSON.stringify({ ...(body as object), id: 1, createdAt: '2020-01-01T00:00:00Z' }), true);
      add('100-deep nested value', url(), withRaw(body, ['zz_deep'], deep(100, '1')), true);
      add('1 MB string', url(), withRaw(body, ['zz_big'], JSON.stringify(MB_STRING)), true);
    }
    let bigSent = false;
    for (const leaf of leavesOf(op.body, body)) {
      const at = leaf.path.join('.') || '(root)';
      const put = (label: string, raw: string, refuse = true) => add(`${at} ${label}`, url(), withRaw(body, leaf.path, raw), refuse);
      if (isStr(leaf.schema)) {
        put('NUL', JSON.stringify(`a\u0000b`));
        put('lone surrogate', '"a\\ud800b"');
        put('lone low surrogate', '"\\udfffa"');
        put('DEL', JSON.stringify(`a\u007f`));
        if (!bigSent && (leaf.schema.maxLength ?? Infinity) < 1_000_000) put('1 MB', JSON.stringify(MB_STRING));
        bigSent = true;
        put('object', '{"a":1}');
      } else if (isInt(leaf.schema)) {
        put('1e400', '1e400');
        put('-1e400', '-1e400');
        put('2^63', '9223372036854775808');
        if ((leaf.schema.minimum ?? -Infinity) >= 0) put('negative', '-1');
        put('string', '"1; drop table users"');
      } else if (leaf.schema?.type === 'array') {
        put('object for array', '{"0":1}');
        put('deep array', '['.repeat(100) + ']'.repeat(100));
      } else {
        put('array', '[]');
        put('NUL', JSON.stringify('\u0000'));
      }
    }
  }
  return out;
}

/** Every sub-schema of a request schema with its JSON path (into anyOf branches, properties and items). */
export function* schemaNodes(s: Schema, at = ''): Generator<{ at: string; schema: Schema }> {
  if (!s || typeof s !== 'object') return;
  yield { at, schema: s };
  for (const b of s.anyOf ?? s.oneOf ?? s.allOf ?? []) yield* schemaNodes(b, at);
  for (const [k, v] of Object.entries<Schema>(s.properties ?? {})) yield* schemaNodes(v, `${at}.${k}`);
  if (s.items) yield* schemaNodes(s.items, `${at}[]`);
}
