/**
 * The operations of /api/openapi.json under `paths` whose 200 answer has no schema or an empty one (a bare
 * `Type.Unknown()`): the issue "Renovation" asks that every operation describes what it answers.
 */
type Doc = { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>> };

export function operationsOf(doc: Doc, paths: RegExp): { op: string; described: boolean }[] {
  return Object.entries(doc.paths)
    .filter(([p]) => paths.test(p))
    .flatMap(([p, item]) =>
      Object.entries(item).map(([method, op]) => {
        const schemas = Object.values(op.responses?.['200']?.content ?? {}).map((c) => c.schema);
        return { op: `${method.toUpperCase()} ${p}`, described: schemas.length > 0 && schemas.every((s) => !!s && Object.keys(s).length > 0) };
      }),
    );
}
