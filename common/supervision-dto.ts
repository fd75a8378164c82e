/**
 * What is left of the supervision API's hand-written shapes (电子监察), until their last user can change: the
 * document-number series shapes below are still imported by server/modules/supervision/docno.service.ts, and
 * METRIC_DIMENSIONS (now in ./supervision.ts) by supervision.routes.ts. Every other shape is typed from its schema
 * (server/modules/supervision/supervision.schemas.ts; the web's @/shared/api/supervision), and the same schemas
 * describe these: DocSeriesSchema, SeriesNumbersSchema, GapSchema, DocNumberSchema, OffPlatformResultSchema.
 * Delete this file when those two files import from there.
 */
import type { GapExplanation } from './supervision.js';

export { METRIC_DIMENSIONS } from './supervision.js';

// ---------------------------------------------------------------- series (文号序列)

export interface DocSeriesYear {
  year: number;
  highest: number;
  registered: number;
  /** unexplained missing numbers */
  missing: number;
  explained: number;
}

export interface DocSeriesView {
  id: number;
  departmentId: number;
  departmentName: string;
  name: string;
  pattern: string;
  /** e.g. 示市监食许〔2026〕0001 */
  example: string;
  startYear: number;
  startSeq: number;
  allowDuplicates: boolean;
  active: boolean;
  years: DocSeriesYear[];
}

export interface SeriesBody {
  departmentId: number;
  name: string;
  pattern: string;
  startYear: number;
  startSeq: number;
  allowDuplicates: boolean;
  active: boolean;
}

export interface DocNumberView {
  id: number;
  seq: number;
  documentNo: string;
  caseId: number | null;
  caseNo: string | null;
  source: 'case' | 'off_platform';
  flag: string | null;
  duplicate: boolean;
  subject: string;
  registeredAt: string;
  registeredByName: string | null;
}

export interface GapView {
  id: number;
  seriesId: number;
  year: number;
  seq: number;
  documentNo: string;
  alertId: number;
  status: 'missing' | 'filled' | 'explained';
  explanationKind: GapExplanation | null;
  reason: string;
  attachmentName: string | null;
  /** GET this to download the attachment (authorized) */
  attachmentUrl: string | null;
  resolvedByName: string | null;
  resolvedAt: string | null;
  /** the number that later filled it */
  filledBy: string | null;
  canExplain: boolean;
}

export interface SeriesNumbers {
  series: DocSeriesView;
  year: number;
  numbers: DocNumberView[];
  gaps: GapView[];
}

export interface ExplainGapBody {
  kind: GapExplanation;
  reason: string;
  attachment?: { name: string; mime: string; contentBase64: string };
}

/** 体外登记: a result the department issued without a platform case (raises an alert). */
export interface OffPlatformBody {
  departmentId: number;
  documentNo: string;
  subject: string;
  reason: string;
}

export interface OffPlatformResult {
  number: DocNumberView;
  alertId: number;
}
