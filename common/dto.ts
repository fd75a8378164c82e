/**
 * Response shapes shared by server presenters and the web app. Personal data arrives already
 * masked by the server (phone `138****1234`).
 */
import type { Role, SiteLevel, WindowCategory, WindowKind } from './roles.js';

export interface ApiError {
  code: string;
  message: string;
  requestId: string;
  details?: unknown;
}

export interface Ref {
  id: number;
  name: string;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  department: Ref | null;
  site: Ref | null;
  mustChangePassword: boolean;
  /** abilities the UI may offer (e.g. 'user.manage'); the server checks again on every call */
  abilities: string[];
}

export interface SessionView {
  user: Me;
  csrfToken: string;
}

export interface DepartmentView {
  id: number;
  code: string;
  name: string;
  shortName: string;
  active: boolean;
}

export interface SiteView {
  id: number;
  code: string;
  name: string;
  level: SiteLevel;
  parentId: number | null;
  address: string;
  phone: string;
  hours: string;
  active: boolean;
}

export interface WindowView {
  id: number;
  siteId: number;
  siteName: string;
  code: string;
  name: string;
  kind: WindowKind;
  categories: WindowCategory[];
  active: boolean;
}

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  departmentId: number | null;
  departmentName: string | null;
  siteId: number | null;
  siteName: string | null;
  phone: string | null; // masked
  active: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  /** 动态口令 bound */
  mfaEnrolled: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface CalendarDayView {
  date: string; // YYYY-MM-DD
  workday: boolean;
  /** builtin: national arrangement data; override: set by an admin; provisional: a statutory holiday of an unconfirmed year; weekday: plain Mon–Fri rule */
  source: 'builtin' | 'override' | 'provisional' | 'weekday';
  name: string | null; // holiday name or override note
  /** the year's arrangement is not confirmed: the day is provisional (暂定) */
  provisional: boolean;
}

/** 录入国务院通知: the parsed notice, each day against the calendar now */
export interface CalendarNoticePreview {
  year: number;
  days: { date: string; kind: 'holiday' | 'workday'; name: string; currentlyWorkday: boolean; changes: boolean }[];
  warnings: string[];
  confirmed: boolean;
}

/** What confirming a year did to open cases whose deadlines were provisional */
export interface DeadlineRecomputeCounts {
  cases: number;
  changed: number;
  notified: number;
}

export interface CalendarOverrideView {
  date: string;
  kind: 'workday' | 'holiday';
  note: string;
  updatedBy: string | null;
  updatedAt: string;
}

export interface CalendarStatusView {
  today: string;
  todayIsWorkday: boolean;
  builtinYears: { from: number; to: number };
  confirmedYears: number[];
  coveredUntilYear: number;
  /** set when next year is not covered and the warning window has started */
  warning: string | null;
  upcomingHolidays: { date: string; name: string }[];
}

export interface OutboxMessageView {
  id: number;
  topic: string;
  idempotencyKey: string;
  status: 'pending' | 'processing' | 'done' | 'dead';
  attempts: number;
  lastError: string | null;
  availableAt: string;
  createdAt: string;
  doneAt: string | null;
}

export interface SmsMessageView {
  id: number;
  phone: string; // masked
  template: string;
  body: string;
  createdAt: string;
}

export interface AuditEventView {
  id: number;
  occurredAt: string;
  kind: string;
  actorName: string | null;
  aggregateType: string;
  aggregateId: string;
  summary: string;
  /** what the record says (ids, numbers, states; no personal data) */
  data: unknown;
  /** position in its aggregate's hash chain (1 = first) */
  chainSeq: number;
}

export interface AuditVerifyView {
  ok: boolean;
  checkedRecords: number;
  chains: number;
  seals: number;
  unsealedRecords: number;
  firstBroken: { id: number | null; chainKey: string | null; reason: string } | null;
  verifiedAt: string;
}

export interface HomeSummaryView {
  calendar: CalendarStatusView;
  counts?: { users: number; departments: number; sites: number; windows: number };
  outbox?: { pending: number; dead: number };
  audit?: { records: number; lastSealAt: string | null };
  /** windows at the user's own site (hall roles) */
  siteWindows?: WindowView[];
  /** colleagues in the user's own department (department roles) */
  departmentStaff?: number;
  /** the user's case work: counts by status in their scope, and lights of open cases */
  caseWork?: { byStatus: Record<string, number>; red: number; yellow: number; handoversToSign: number };
  /** supervision alerts in the user's scope (政务办, 纪检监察: all; a department: its own) */
  alerts?: { open: number; investigating: number };
}
