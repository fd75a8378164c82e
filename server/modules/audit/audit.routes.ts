import { Type } from 'typebox';
import { actorOf } from '../../platform/http.js';
import { Nullable, Page, PageQuery, Text, errorResponses, query } from '../../platform/schemas.js';
import type { RoutePlugin } from '../../services.js';
import { AUDIT_KIND_LABELS, type AuditKind } from './audit.kinds.js';
import { revealSummary } from '../cases/reveal.audit.js';

const Event = Type.Object({
  id: Type.Integer(), occurredAt: Type.String(), kind: Type.String(), actorName: Nullable(Type.String()),
  aggregateType: Type.String(), aggregateId: Type.String(), summary: Type.String(), data: Type.Unknown(), chainSeq: Type.Integer(),
});
const Problem = Type.Object({ id: Nullable(Type.Integer()), chainKey: Nullable(Type.String()), code: Type.String(), reason: Type.String() });
const Verify = Type.Object({
  ok: Type.Boolean(), checkedRecords: Type.Integer(), chains: Type.Integer(), seals: Type.Integer(), unsealedRecords: Type.Integer(),
  firstBroken: Nullable(Problem), problems: Type.Array(Problem), verifiedAt: Type.String(),
});

/** The summary column: the kind's label, with what a record's data adds where it says more than its kind. */
function summaryOf(kind: string, data: unknown): string {
  if (kind === 'case.pii_revealed') return revealSummary(data);
  const label = AUDIT_KIND_LABELS[kind as AuditKind] ?? kind;
  if (kind === 'calendar.deadlines_recomputed') {
    const d = data as { year?: number; part?: number; parts?: number; changes?: unknown[] };
    return `${label}：${d.year} 年，${d.changes?.length ?? 0} 件（第 ${d.part}/${d.parts} 部分）`;
  }
  return label;
}

export const auditRoutes: RoutePlugin = async (app, { services }) => {
  app.get(
    '/api/audit/events',
    { schema: { tags: ['审计'], summary: '审计日志', querystring: query({ kind: Type.Optional(Text(60, 0)), aggregateType: Type.Optional(Text(40, 0)), aggregateId: Type.Optional(Text(40, 0)), ...PageQuery }), response: { 200: Page(Event), ...errorResponses } } },
    async (req) => {
      const res = await services.audit.listEvents(actorOf(req), {
        page: req.query.page ?? 1, pageSize: req.query.pageSize ?? 20, kind: req.query.kind, aggregateType: req.query.aggregateType, aggregateId: req.query.aggregateId,
      });
      return {
        total: res.total,
        items: res.items.map((e) => ({
          id: e.id, occurredAt: e.occurredAt.toISOString(), kind: e.kind, actorName: e.actorName, aggregateType: e.aggregateType,
          aggregateId: e.aggregateId, summary: summaryOf(e.kind, e.data), data: e.data, chainSeq: e.chainSeq,
        })),
      };
    },
  );
  app.post('/api/audit/verify', { schema: { tags: ['审计'], summary: '校验整个审计链', response: { 200: Verify, ...errorResponses } } }, async (req) => {
    return services.audit.verify(actorOf(req));
  });
};
