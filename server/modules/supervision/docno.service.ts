/**
 * 文号监察 (体外运行 detection): every document number a department issues through the platform is
 * parsed into its series, year and sequence and compared with the highest number seen in that
 * series and year. The (series, year) row is locked for the check, so concurrent decisions in one
 * series are ordered and none misses another's gap.
 *
 *   seq > highest + 1  → one docno_gap alert listing the skipped numbers (a docno_gaps row each);
 *   seq = a number already registered → refused (DOCNO_DUPLICATE) and a docno_duplicate alert
 *                         (accepted and alerted when the series allows duplicates);
 *   seq < highest      → fills the gap if it was missing (its alert is updated), else flagged
 *                         (docno_irregular: reuse of an explained number, or below the series' start).
 * A department explains a missing number (voided / reserved / documented exception) with a reason
 * and an optional attachment; unexplained numbers keep their alert open.
 */
import { sql } from 'drizzle-orm';
import {
  GAP_EXPLANATION_LABELS, MAX_GAP, compileDocPattern, missingBetween, normaliseDocNo, parseDocNo, renderDocNo, type DocPattern,
} from '../../../common/supervision.js';
import type {
  DocNumberView, DocSeriesView, ExplainGapBody, GapView, OffPlatformBody, OffPlatformResult, SeriesBody, SeriesNumbers,
} from './supervision.schemas.js';
import { authorize, reaches, scopeOf, type Actor } from '../../platform/authz.js';
import type { Clock } from '../../platform/clock.js';
import { atSql, rows, scopeSql, isoOrNull, type Database, type Executor, type Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { caseRowsSql } from '../cases/cases.repository.js';
import { identityRepo } from '../identity/identity.repository.js';
import type { DocumentNumberHook } from '../cases/case-hooks.js';
import type { FileService } from '../files/files.service.js';
import { DOCUMENT_POLICY } from '../files/files.check.js';
import { moveFromDisk, type LegacyDisk } from '../files/files.legacy.js';
import type { AlertService } from './alerts.service.js';
import { supervisionPolicy } from './supervision.policy.js';

interface SeriesRow {
  id: number;
  departmentId: number;
  departmentName: string;
  name: string;
  pattern: string;
  startYear: number;
  startSeq: number;
  allowDuplicates: boolean;
  active: boolean;
}

interface Source {
  source: 'case' | 'off_platform';
  caseId: number | null;
  caseNo: string | null;
  subject: string;
}

/** Moves gap attachments still on this node's disk (from before migration 0020) into stored files. */
export async function moveLegacyGapAttachments(database: Database, files: FileService, disk: LegacyDisk): Promise<{ moved: number; lost: number }> {
  const pending = await rows<{ id: number; key: string; mime: string }>(database.db, sql`select id, attachment_key as key, attachment_mime as mime from docno_gaps where attachment_key is not null and attachment_sha256 is null`);
  return moveFromDisk(database, files, disk, DOCUMENT_POLICY, pending, (tx, g, stored) =>
    tx.execute(sql`update docno_gaps set attachment_sha256 = ${stored.sha256}, attachment_key = null where id = ${g.id}`));
}

const SERIES_COLUMNS = sql`s.id, s.department_id as "departmentId", d.name as "departmentName", s.name, s.pattern, s.start_year as "startYear",
  s.start_seq as "startSeq", s.allow_duplicates as "allowDuplicates", s.active`;

/** Identity's departments and users and the cases module's case rows, through their read models. */
const { departmentsAs, usersAs } = identityRepo;
const CASES = sql`(${caseRowsSql()})`;

function compiled(pattern: string): DocPattern {
  const p = compileDocPattern(pattern);
  if ('error' in p) {
    const detail = { year: '须包含且只包含一个 {year}', seq: '须包含且只包含一个 {seq:N}（N 为 1–8 位）', literal: '除 {year} 和 {seq:N} 外须有文字，且不能有其他花括号' }[p.error];
    throw new AppError('DOCNO_PATTERN_INVALID', { detail });
  }
  return p;
}

export class DocNumberService implements DocumentNumberHook {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly alerts: AlertService,
    private readonly files: FileService,
  ) {}

  // ------------------------------------------------------------------ the check (in the decision's transaction)

  private async seriesOf(ex: Executor, departmentId: number): Promise<SeriesRow[]> {
    return rows<SeriesRow>(ex, sql`select ${SERIES_COLUMNS} from docno_series s join ${departmentsAs('d')} on d.id = s.department_id
      where s.department_id = ${departmentId} and s.active order by s.id`);
  }

  /** Which of the department's series a number belongs to; DOCNO_NOT_IN_SERIES when the department has series and none matches. */
  private async match(ex: Executor, departmentId: number, documentNo: string) {
    const series = await this.seriesOf(ex, departmentId);
    if (!series.length) return null;
    for (const s of series) {
      const p = compiled(s.pattern);
      const parsed = parseDocNo(p, documentNo);
      if (parsed) return { series: s, pattern: p, ...parsed };
    }
    throw new AppError('DOCNO_NOT_IN_SERIES', { patterns: series.map((s) => s.pattern).join('、') });
  }

  async registerDecision(tx: Tx, actor: Actor, c: { id: number; caseNo: string; departmentId: number }, documentNo: string): Promise<string> {
    const no = normaliseDocNo(documentNo);
    const m = await this.match(tx, c.departmentId, no);
    if (!m) return no; // the department's numbers are not watched (no series defined)
    return (await this.register(tx, actor, m, { source: 'case', caseId: c.id, caseNo: c.caseNo, subject: c.caseNo })).documentNo;
  }

  /**
   * After a decision was refused as a duplicate (its transaction rolled back): the attempt is an alert
   * of its own, in a new transaction.
   */
  async recordRefusedDuplicate(actor: Actor, c: { id: number; caseNo: string; departmentId: number }, documentNo: string): Promise<void> {
    const no = normaliseDocNo(documentNo);
    await this.database.tx(async (tx) => {
      const m = await this.match(tx, c.departmentId, no).catch(() => null);
      if (!m) return;
      const [holder] = await rows<{ caseNo: string | null; source: string }>(tx, sql`select k.case_no as "caseNo", n.source from docno_numbers n
        left join ${CASES} k on k.id = n.case_id where n.series_id = ${m.series.id} and n.year = ${m.year} and n.seq = ${m.seq} and not n.duplicate`);
      await this.alerts.raise(tx, actor, {
        kind: 'docno_duplicate', severity: 'serious', departmentId: c.departmentId, caseId: c.id, seriesId: m.series.id,
        title: `${m.series.departmentName} 文号重复：${no}（已拒绝）`,
        detail: { documentNo: no, attemptedBy: c.caseNo, heldBy: holder?.caseNo ?? (holder?.source === 'off_platform' ? '体外登记' : null), refused: true },
        note: `办件 ${c.caseNo} 使用了已登记的文号 ${no}，已拒绝`,
      });
    });
  }

  private async register(tx: Tx, actor: Actor, m: { series: SeriesRow; pattern: DocPattern; year: number; seq: number }, src: Source): Promise<DocNumberView> {
    const { series, pattern, year, seq } = m;
    const documentNo = renderDocNo(pattern, year, seq);
    const first = year === series.startYear ? series.startSeq : 1;
    await tx.execute(sql`insert into docno_years (series_id, year, highest) values (${series.id}, ${year}, ${first - 1}) on conflict do nothing`);
    const [y] = await rows<{ highest: number }>(tx, sql`select highest from docno_years where series_id = ${series.id} and year = ${year} for update`);
    const highest = y!.highest;
    const [existing] = await rows<{ id: number }>(tx, sql`select id from docno_numbers where series_id = ${series.id} and year = ${year} and seq = ${seq} and not duplicate`);
    let flag: string | null = null;
    let duplicate = false;
    const who = src.caseNo ? `办件 ${src.caseNo}` : `体外登记「${src.subject}」`;

    if (existing) {
      if (!series.allowDuplicates) throw new AppError('DOCNO_DUPLICATE', { documentNo });
      duplicate = true;
      flag = 'duplicate';
      await this.alerts.raise(tx, actor, {
        kind: 'docno_duplicate', severity: 'warning', departmentId: series.departmentId, caseId: src.caseId, seriesId: series.id,
        title: `${series.departmentName} 文号重复：${documentNo}（序列允许重号）`, detail: { documentNo, by: src.caseNo ?? src.subject, refused: false },
      });
    } else if (seq > highest) {
      const missing = missingBetween(highest, seq);
      if (missing.length > MAX_GAP) throw new AppError('DOCNO_GAP_TOO_LARGE', { documentNo, highest: renderDocNo(pattern, year, Math.max(highest, 0)), n: missing.length });
      if (missing.length) {
        const names = missing.map((s) => renderDocNo(pattern, year, s));
        const span = names.length === 1 ? names[0]! : `${names[0]} 至 ${names[names.length - 1]}`;
        const alert = await this.alerts.raise(tx, actor, {
          kind: 'docno_gap', severity: 'serious', departmentId: series.departmentId, caseId: src.caseId, seriesId: series.id,
          title: `${series.departmentName} 文号缺号 ${missing.length} 个：${span}`,
          detail: { series: series.name, year, registered: documentNo, by: src.caseNo ?? src.subject, missing: names },
          note: `${who} 登记文号 ${documentNo}，此前最大号为 ${highest >= first ? renderDocNo(pattern, year, highest) : '（本年度首个）'}，缺 ${span}`,
        });
        await tx.execute(sql`insert into docno_gaps (series_id, year, seq, document_no, alert_id)
          select ${series.id}, ${year}, x, ${pattern.pattern}, ${alert.id} from unnest(${`{${missing.join(',')}}`}::int[]) x`);
        // the rendered number per row (the pattern placeholder above keeps the insert to one statement)
        await tx.execute(sql`update docno_gaps set document_no = replace(replace(document_no, '{year}', ${String(year)}),
          ${`{seq:${pattern.width}}`}, lpad(seq::text, ${pattern.width}, '0')) where alert_id = ${alert.id}`);
      }
      await tx.execute(sql`update docno_years set highest = ${seq} where series_id = ${series.id} and year = ${year}`);
    } else {
      const [gap] = await rows<{ id: number; status: string; alertId: number }>(tx, sql`select id, status, alert_id as "alertId" from docno_gaps
        where series_id = ${series.id} and year = ${year} and seq = ${seq} for update`);
      if (gap?.status === 'missing') {
        flag = null; // a late registration of a missing number: it fills the gap (below)
      } else if (gap?.status === 'explained') {
        flag = 'explained_reused';
      } else {
        flag = seq < first ? 'before_start' : 'below_highest';
      }
      if (flag) {
        const why = { explained_reused: '已说明为作废/预留的文号被使用', before_start: '文号小于该序列的起始号', below_highest: '文号小于已登记的最大号且不是缺号' }[flag];
        await this.alerts.raise(tx, actor, {
          kind: 'docno_irregular', severity: 'warning', departmentId: series.departmentId, caseId: src.caseId, seriesId: series.id,
          title: `${series.departmentName} 文号异常：${documentNo}（${why}）`, detail: { documentNo, by: src.caseNo ?? src.subject, flag, relatedAlertId: gap?.alertId ?? null },
        });
      }
    }

    const now = atSql(this.clock.now());
    const [n] = await rows<{ id: number; registeredAt: unknown }>(tx, sql`
      insert into docno_numbers (series_id, year, seq, document_no, case_id, source, flag, duplicate, subject, registered_by, registered_at)
      values (${series.id}, ${year}, ${seq}, ${documentNo}, ${src.caseId}, ${src.source}, ${flag}, ${duplicate}, ${src.subject}, ${actor.kind === 'user' ? actor.userId : null}, ${now})
      returning id, registered_at as "registeredAt"`);
    await tx.execute(sql`update docno_years set registered = registered + 1 where series_id = ${series.id} and year = ${year}`);

    if (!existing && seq <= highest) {
      const [gap] = await rows<{ id: number; alertId: number }>(tx, sql`update docno_gaps set status = 'filled', filled_by_number_id = ${n!.id},
        resolved_by = ${actor.kind === 'user' ? actor.userId : null}, resolved_at = ${now}
        where series_id = ${series.id} and year = ${year} and seq = ${seq} and status = 'missing' returning id, alert_id as "alertId"`);
      if (gap) await this.gapResolved(tx, actor, gap.alertId, 'gap_filled', `${documentNo} 已补登（${who}）`);
    }
    await this.audit.record(tx, actor, {
      kind: 'docno.registered', aggregateType: 'docno_series', aggregateId: series.id,
      data: { documentNo, year, seq, source: src.source, caseId: src.caseId, flag, duplicate },
    });
    return {
      id: Number(n!.id), seq, documentNo, caseId: src.caseId, caseNo: src.caseNo, source: src.source, flag, duplicate, subject: src.subject,
      registeredAt: isoOrNull(n!.registeredAt)!, registeredByName: actor.kind === 'user' ? actor.displayName : null,
    };
  }

  /** Notes a filled or explained number on its alert, and says so when none is left missing. */
  private async gapResolved(tx: Tx, actor: Actor, alertId: number, action: string, note: string) {
    const [left] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from docno_gaps where alert_id = ${alertId} and status = 'missing'`);
    await this.alerts.note(tx, alertId, actor, action, left!.n ? `${note}；尚有 ${left!.n} 个缺号未说明` : `${note}；缺号均已补登或说明，待监察人员办结`);
  }

  // ------------------------------------------------------------------ the department's side

  async explainGap(actor: Actor, gapId: number, body: ExplainGapBody): Promise<GapView> {
    const scope = authorize(actor, supervisionPolicy, 'docno.explain');
    const reason = body.reason.trim();
    if (!reason) throw new AppError('DOCNO_REASON_REQUIRED');
    await this.database.tx(async (tx) => {
      // the attachment commits with the explanation, or not at all
      const a = body.attachment;
      const stored = a ? await this.files.put(Buffer.from(a.contentBase64, 'base64'), DOCUMENT_POLICY, a.mime, tx) : null;
      const file = a && stored ? { sha256: stored.sha256, name: a.name, mime: stored.mediaType } : null;
      const [g] = await rows<{ id: number; status: string; alertId: number; documentNo: string }>(tx, sql`
        select g.id, g.status, g.alert_id as "alertId", g.document_no as "documentNo" from docno_gaps g join docno_series s on s.id = g.series_id
        where g.id = ${gapId} and ${scopeSql(scope, { department: sql`s.department_id` })} for update of g`);
      if (!g) throw new AppError('NOT_FOUND');
      if (g.status !== 'missing') throw new AppError('DOCNO_GAP_NOT_MISSING', { documentNo: g.documentNo });
      await tx.execute(sql`update docno_gaps set status = 'explained', explanation_kind = ${body.kind}, reason = ${reason},
        attachment_sha256 = ${file?.sha256 ?? null}, attachment_name = ${file?.name ?? null}, attachment_mime = ${file?.mime ?? null},
        resolved_by = ${actor.kind === 'user' ? actor.userId : null}, resolved_at = ${atSql(this.clock.now())} where id = ${gapId}`);
      await this.gapResolved(tx, actor, g.alertId, 'gap_explained', `${g.documentNo} 说明为${GAP_EXPLANATION_LABELS[body.kind].zh}：${reason}${file ? `（附件 ${file.name}）` : ''}`);
      await this.audit.record(tx, actor, { kind: 'docno.gap_explained', aggregateType: 'alert', aggregateId: g.alertId, data: { gapId, documentNo: g.documentNo, kind: body.kind, attachment: !!file } });
    });
    const [view] = await this.gapViews(this.database.db, actor, sql`g.id = ${gapId}`);
    return view!;
  }

  async attachment(actor: Actor, gapId: number) {
    const scope = authorize(actor, supervisionPolicy, 'supervision.read');
    const [g] = await rows<{ sha256: string | null; name: string; mime: string }>(this.database.db, sql`
      select g.attachment_sha256 as sha256, g.attachment_name as name, g.attachment_mime as mime from docno_gaps g join docno_series s on s.id = g.series_id
      where g.id = ${gapId} and ${scopeSql(scope, { department: sql`s.department_id` })}`);
    const stored = g?.sha256 ? await this.files.stat(g.sha256) : null;
    if (!g || !stored) throw new AppError('NOT_FOUND');
    return { stream: this.files.open(stored), name: g.name, mime: g.mime, size: stored.size };
  }

  /** 体外登记: a result issued without a platform case. Registered in its series (gaps and duplicates apply) and alerted. */
  async registerOffPlatform(actor: Actor, body: OffPlatformBody): Promise<OffPlatformResult> {
    const scope = authorize(actor, supervisionPolicy, 'docno.explain');
    if (!reaches(scope, { departmentId: body.departmentId })) throw new AppError('NOT_FOUND');
    const subject = body.subject.trim();
    const reason = body.reason.trim();
    if (!subject || !reason) throw new AppError('DOCNO_REASON_REQUIRED');
    const no = normaliseDocNo(body.documentNo);
    return this.database.tx(async (tx) => {
      const m = await this.match(tx, body.departmentId, no);
      if (!m) throw new AppError('DOCNO_NO_SERIES');
      const number = await this.register(tx, actor, m, { source: 'off_platform', caseId: null, caseNo: null, subject });
      const alert = await this.alerts.raise(tx, actor, {
        kind: 'off_platform', severity: 'serious', departmentId: body.departmentId, seriesId: m.series.id,
        title: `${m.series.departmentName} 体外登记结果：${number.documentNo}`,
        detail: { documentNo: number.documentNo, subject, reason, registeredBy: actor.kind === 'user' ? actor.displayName : null },
        note: reason,
      });
      await this.audit.record(tx, actor, { kind: 'docno.off_platform', aggregateType: 'docno_series', aggregateId: m.series.id, data: { documentNo: number.documentNo, alertId: alert.id } });
      return { number, alertId: alert.id };
    });
  }

  // ------------------------------------------------------------------ series management and views

  async listSeries(actor: Actor, departmentId?: number): Promise<DocSeriesView[]> {
    const scope = authorize(actor, supervisionPolicy, 'supervision.read');
    const db = this.database.db;
    const list = await rows<SeriesRow>(db, sql`select ${SERIES_COLUMNS} from docno_series s join ${departmentsAs('d')} on d.id = s.department_id
      where ${scopeSql(scope, { department: sql`s.department_id` })} ${departmentId ? sql`and s.department_id = ${departmentId}` : sql``}
      order by d.code, s.id`);
    return Promise.all(list.map((s) => this.view(db, s)));
  }

  private async view(ex: Executor, s: SeriesRow): Promise<DocSeriesView> {
    const years = await rows<{ year: number; highest: number; registered: number; missing: number; explained: number }>(ex, sql`
      select y.year, y.highest, y.registered,
        (select count(*)::int from docno_gaps g where g.series_id = y.series_id and g.year = y.year and g.status = 'missing') as missing,
        (select count(*)::int from docno_gaps g where g.series_id = y.series_id and g.year = y.year and g.status = 'explained') as explained
      from docno_years y where y.series_id = ${s.id} order by y.year desc`);
    const p = compiled(s.pattern);
    return { ...s, example: renderDocNo(p, Number(this.clock.today().slice(0, 4)), 1), years };
  }

  private async seriesById(ex: Executor, actor: Actor, id: number, ability: 'supervision.read' | 'docno.manage'): Promise<SeriesRow> {
    const scope = authorize(actor, supervisionPolicy, ability);
    const [s] = await rows<SeriesRow>(ex, sql`select ${SERIES_COLUMNS} from docno_series s join ${departmentsAs('d')} on d.id = s.department_id
      where s.id = ${id} and ${scopeSql(scope, { department: sql`s.department_id` })}`);
    if (!s) throw new AppError('NOT_FOUND');
    return s;
  }

  async createSeries(actor: Actor, body: SeriesBody): Promise<DocSeriesView> {
    authorize(actor, supervisionPolicy, 'docno.manage');
    const p = compiled(body.pattern);
    const name = body.name.trim();
    if (!name) throw new AppError('VALIDATION_FAILED', { detail: '请填写序列名称' });
    const id = await this.database.tx(async (tx) => {
      const [dup] = await rows(tx, sql`select 1 from docno_series where pattern = ${p.pattern}`);
      if (dup) throw new AppError('DUPLICATE', { field: '文号规则' });
      if (!(await identityRepo.findDepartment(tx, body.departmentId))) throw new AppError('VALIDATION_FAILED', { detail: '部门不存在' });
      const [r] = await rows<{ id: number }>(tx, sql`insert into docno_series (department_id, name, pattern, start_year, start_seq, allow_duplicates, active, created_by)
        values (${body.departmentId}, ${name}, ${p.pattern}, ${body.startYear}, ${body.startSeq}, ${body.allowDuplicates}, ${body.active}, ${actor.kind === 'user' ? actor.userId : null})
        returning id`);
      await this.audit.record(tx, actor, { kind: 'docno.series_created', aggregateType: 'docno_series', aggregateId: r!.id, data: { ...body, pattern: p.pattern } });
      return r!.id;
    });
    return this.view(this.database.db, await this.seriesById(this.database.db, actor, id, 'docno.manage'));
  }

  async updateSeries(actor: Actor, id: number, body: SeriesBody): Promise<DocSeriesView> {
    const p = compiled(body.pattern);
    await this.database.tx(async (tx) => {
      const s = await this.seriesById(tx, actor, id, 'docno.manage');
      const [used] = await rows(tx, sql`select 1 from docno_years where series_id = ${id} limit 1`);
      if (used && (p.pattern !== s.pattern || body.departmentId !== s.departmentId || body.startYear !== s.startYear || body.startSeq !== s.startSeq)) {
        throw new AppError('DOCNO_SERIES_IN_USE');
      }
      const [dup] = await rows(tx, sql`select 1 from docno_series where pattern = ${p.pattern} and id <> ${id}`);
      if (dup) throw new AppError('DUPLICATE', { field: '文号规则' });
      await tx.execute(sql`update docno_series set name = ${body.name.trim() || s.name}, pattern = ${p.pattern}, department_id = ${body.departmentId},
        start_year = ${body.startYear}, start_seq = ${body.startSeq}, allow_duplicates = ${body.allowDuplicates}, active = ${body.active} where id = ${id}`);
      await this.audit.record(tx, actor, { kind: 'docno.series_updated', aggregateType: 'docno_series', aggregateId: id, data: { ...body, pattern: p.pattern } });
    });
    return this.view(this.database.db, await this.seriesById(this.database.db, actor, id, 'docno.manage'));
  }

  async numbers(actor: Actor, id: number, year: number): Promise<SeriesNumbers> {
    const db = this.database.db;
    const s = await this.seriesById(db, actor, id, 'supervision.read');
    const list = await rows<Omit<DocNumberView, 'registeredAt'> & { registeredAt: unknown }>(db, sql`
      select n.id, n.seq, n.document_no as "documentNo", n.case_id as "caseId", c.case_no as "caseNo", n.source, n.flag, n.duplicate, n.subject,
             n.registered_at as "registeredAt", u.display_name as "registeredByName"
      from docno_numbers n left join ${CASES} c on c.id = n.case_id left join ${usersAs('u')} on u.id = n.registered_by
      where n.series_id = ${id} and n.year = ${year} order by n.seq desc, n.id desc limit 500`);
    return {
      series: await this.view(db, s), year,
      numbers: list.map((n) => ({ ...n, id: Number(n.id), caseId: n.caseId === null ? null : Number(n.caseId), registeredAt: isoOrNull(n.registeredAt)! })),
      gaps: await this.gapViews(db, actor, sql`g.series_id = ${id} and g.year = ${year}`),
    };
  }

  /** The gap rows of an alert (for the alert detail). */
  gapsOfAlert = (ex: Executor, actor: Actor, alertId: number) => this.gapViews(ex, actor, sql`g.alert_id = ${alertId}`);

  private async gapViews(ex: Executor, actor: Actor, where: ReturnType<typeof sql>): Promise<GapView[]> {
    const explain = scopeOf(actor, supervisionPolicy['docno.explain']);
    const list = await rows<{
      id: number; seriesId: number; departmentId: number; year: number; seq: number; documentNo: string; alertId: number; status: GapView['status'];
      explanationKind: GapView['explanationKind']; reason: string; attachmentName: string | null; resolvedByName: string | null; resolvedAt: unknown; filledBy: string | null;
    }>(ex, sql`
      select g.id, g.series_id as "seriesId", s.department_id as "departmentId", g.year, g.seq, g.document_no as "documentNo", g.alert_id as "alertId", g.status,
             g.explanation_kind as "explanationKind", g.reason, g.attachment_name as "attachmentName", u.display_name as "resolvedByName",
             g.resolved_at as "resolvedAt", n.document_no || coalesce('（' || c.case_no || '）', '（体外登记）') as "filledBy"
      from docno_gaps g join docno_series s on s.id = g.series_id left join ${usersAs('u')} on u.id = g.resolved_by
      left join docno_numbers n on n.id = g.filled_by_number_id left join ${CASES} c on c.id = n.case_id
      where ${where} order by g.seq limit 1000`);
    return list.map(({ departmentId, ...g }) => ({
      ...g, id: Number(g.id), alertId: Number(g.alertId), resolvedAt: isoOrNull(g.resolvedAt),
      filledBy: g.status === 'filled' ? g.filledBy : null,
      attachmentUrl: g.attachmentName ? `/api/supervision/gaps/${g.id}/attachment` : null,
      canExplain: g.status === 'missing' && reaches(explain, { departmentId: departmentId }),
    }));
  }
}
