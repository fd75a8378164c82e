/**
 * The only reader of process.env. Everything is validated once at start; a bad value stops the
 * process with a message naming the variable, what it got and what it accepts.
 */
import { DEFAULT_CASE_NO_PATTERN, validCaseNoPattern } from '../common/cases.js';
import { ROLES, type Role } from '../common/roles.js';
import { parseClockStart } from './platform/clock.js';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string | null } // null = in memory
  | { kind: 'postgres'; url: string };

export interface AuthConfig {
  sessionSecret: string;
  idleMinutes: number;
  absoluteHours: number;
  maxFailures: number;
  lockMinutes: number;
  secureCookies: boolean;
  loginRatePerMinute: number;
  /** failed logins per minute from one client address, across usernames, before 429 (LOGIN_RATE_PER_ADDRESS) */
  loginFailuresPerAddress: number;
  /** roles that must use the TOTP second factor (MFA_REQUIRED_ROLES; 等保 2.0 三级: admin, supervisor, 纪检) */
  mfaRequiredRoles: Role[];
  /** the issuer shown in authenticator apps */
  mfaIssuer: string;
}

export interface WorkerConfig {
  inProcess: boolean;
  pollMs: number;
  batchSize: number;
  maxAttempts: number;
  leaseSeconds: number;
  /** artificial latency of the development SMS sink (ms), to observe batches in tests */
  smsSinkDelayMs: number;
}

export interface AuditConfig {
  hashAlgorithm: 'sha256' | 'sm3';
  sealIntervalSeconds: number;
}

/** Applicant accounts on the portal (公众用户, issue 16.1). */
export interface ApplicantConfig {
  /** portal sessions: idle timeout and absolute lifetime */
  idleMinutes: number;
  absoluteHours: number;
  /** SMS one-time codes: lifetime, the wait before another, how many a number may ask for a day, wrong tries */
  codeTtlSeconds: number;
  codeResendSeconds: number;
  codesPerDay: number;
  codeMaxAttempts: number;
  /** the province's unified identity service (OpenID Connect); null: phone + code only */
  oidc: OidcConfig | null;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** the callback registered with the provider: <PUBLIC_BASE_URL>/api/portal/auth/oidc/callback */
  redirectUri: string;
  /** the claim carrying the citizen ID number (providers differ) */
  idNumberClaim: string;
  /** the scopes asked for (the ID number often needs a provider's own scope) */
  scopes: string;
  /** plain http to the provider (a provider on this machine, in tests and drills only) */
  allowHttp: boolean;
}

/** 网上申办 (issue 16): the pre-review time limit and what an applicant may upload. */
export interface OnlineConfig {
  /** 网上预审 time limit in working days from each submission */
  prereviewDays: number;
  /** one scan: bytes and PDF pages; scans per material */
  fileMaxBytes: number;
  filePages: number;
  filesPerSlot: number;
}

export interface AppConfig {
  port: number;
  host: string;
  /** trust X-Forwarded-For from a reverse proxy (only when one always sets it) */
  trustProxy: boolean;
  dataDir: string;
  database: DatabaseConfig;
  /** DEMO_DATA: true (on) = the demo district with ~3 months of history (install-time template), 'bare' = the district without history, false (off) */
  demoData: boolean | 'bare';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  auth: AuthConfig;
  applicants: ApplicantConfig;
  online: OnlineConfig;
  worker: WorkerConfig;
  audit: AuditConfig;
  centreName: string;
  /** days before 1 January from which admins are warned that next year's calendar is missing */
  calendarWarnDays: number;
  /** SMS to applicants whose promised date moved when a year's arrangement is confirmed */
  calendarChangeSms: boolean;
  /** 办件编号 pattern: {site} {impl} {dept} {date} {seq:N} (DOMAIN.md: local schemes differ) */
  caseNoPattern: string;
  /** public progress lookups per minute and address (办件进度查询) */
  progressRatePerMinute: number;
  queue: QueueConfig;
  publicBaseUrl: string;
  /** the electronic 受理回执 (PDF): the Chinese font embedded as a subset */
  receipt: ReceiptConfig;
  /** 电子证照 (issue 17) */
  licenses: LicenseConfig;
  supervision: { scanSeconds: number; volumeDropDays: number; volumeDropRatio: number; volumeMinPerDay: number };
  ratings: { defaultDays: number; defaultLevel: number; rectifyDays: number };
  /** CLOCK_START: the service clock starts there and ticks on (tests, demos); null = the system clock */
  clockStart: Date | null;
  /** RESPONSE_SCHEMA_CHECK (tests): a response whose schema would drop a property fails instead of losing it quietly */
  responseSchemaCheck: boolean;
}

export interface ReceiptConfig {
  /** RECEIPT_FONT: a TrueType/OpenType font or collection with Chinese glyphs and Latin letters and digits */
  fontPath: string;
  /** RECEIPT_FONT_FACE: the PostScript name of the face to take from a collection (.ttc); ignored for a single font */
  fontFace: string;
}

export interface LicenseConfig {
  /** LICENSE_FONT (default: Noto Sans SC from the npm install, @expo-google-fonts/noto-sans-sc) */
  font: ReceiptConfig;
  /** LICENSE_EXPIRY_NOTICE_DAYS: the holder is told by SMS this many days before a license expires (default 30) */
  expiryNoticeDays: number;
  /** the address in a license's QR code: LICENSE_VERIFY_BASE_URL, else PUBLIC_BASE_URL, else http://localhost:PORT */
  verifyBaseUrl: string;
}

/** The font of license documents: Noto Sans SC Regular shipped by the npm install (no system font needed). */
export function defaultLicenseFont(): ReceiptConfig {
  const require = createRequire(import.meta.url);
  return { fontPath: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'), fontFace: '' };
}

/** Debian's fonts-wqy-microhei (the package .ci/run installs): a TrueType collection. */
export const DEFAULT_RECEIPT_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
export const DEFAULT_RECEIPT_FONT_FACE = 'WenQuanYiMicroHei';

export interface QueueConfig {
  /** priority tickets called in a row before a waiting normal ticket must be called (公平叫号) */
  priorityRun: number;
  /** recalls before a no-show (过号) may be recorded */
  noShowRecalls: number;
  /** working days ahead that appointments can be booked */
  bookingDays: number;
  /** default capacity of a one-hour appointment slot */
  slotCapacity: number;
  /** kiosk tickets and bookings per minute per address */
  publicRatePerMinute: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置错误 / invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

/**
 * Typed reads of the environment that never throw: a bad value is noted in `problems` (and the default kept), so
 * one start lists every bad variable at once, in the order read.
 */
class EnvReader {
  readonly problems: string[] = [];
  constructor(readonly env: Env) {}

  int(name: string, dflt: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push(`${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`);
      return dflt;
    }
    return n;
  }

  oneOf<T extends string>(name: string, dflt: T, allowed: readonly T[]): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return dflt;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name}=${JSON.stringify(raw)}: expected one of ${allowed.join(', ')}`);
      return dflt;
    }
    return raw as T;
  }

  bool(name: string, dflt: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return dflt;
    if (['1', 'true', 'on', 'yes'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'off', 'no'].includes(raw.toLowerCase())) return false;
    this.problems.push(`${name}=${JSON.stringify(raw)}: expected on/off (true/false, 1/0)`);
    return dflt;
  }
}

/**
 * The validated configuration, or a ConfigError listing every bad variable. The problems are listed in the order
 * the variables are read, which is why the values checked on their own come before the slices built from them.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const r = new EnvReader(env);
  const dataDir = path.resolve(cwd, env.DATA_DIR || 'data');
  const database = databaseConfig(r, dataDir, cwd);
  const port = r.int('PORT', 3000, 0, 65535);
  const logLevel = r.oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const);
  const demoData: AppConfig['demoData'] = env.DEMO_DATA?.trim().toLowerCase() === 'bare' ? 'bare' : r.bool('DEMO_DATA', true);
  const hashAlgorithm = r.oneOf('AUDIT_HASH', 'sha256', ['sha256', 'sm3'] as const);
  const sessionSecret = sessionSecretOf(r);
  const mfaRequiredRoles = mfaRolesOf(r);
  const clockStart = clockStartOf(r);

  const config: AppConfig = {
    port,
    host: env.HOST || '0.0.0.0',
    trustProxy: r.bool('TRUST_PROXY', false),
    dataDir,
    database,
    demoData,
    logLevel,
    auth: authConfig(r, sessionSecret, mfaRequiredRoles),
    worker: workerConfig(r),
    audit: { hashAlgorithm, sealIntervalSeconds: r.int('AUDIT_SEAL_SECONDS', 60, 1, 86_400) },
    centreName: env.CENTRE_NAME || '示范区政务服务中心',
    calendarWarnDays: r.int('CALENDAR_WARN_DAYS', 60, 1, 366),
    calendarChangeSms: r.bool('CALENDAR_CHANGE_SMS', true),
    caseNoPattern: env.CASE_NO_PATTERN || DEFAULT_CASE_NO_PATTERN,
    progressRatePerMinute: r.int('PROGRESS_RATE_PER_MINUTE', 30, 1, 100_000),
    queue: queueConfig(r),
    /** links in SMS (评价链接) and the progress link of the 受理回执's QR code; empty: the path only (the receipt route falls back to the request's origin) */
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? '').replace(/\/+$/, ''),
    receipt: { fontPath: env.RECEIPT_FONT?.trim() || DEFAULT_RECEIPT_FONT, fontFace: env.RECEIPT_FONT_FACE?.trim() || DEFAULT_RECEIPT_FONT_FACE },
    licenses: {
      font: env.LICENSE_FONT?.trim() ? { fontPath: env.LICENSE_FONT.trim(), fontFace: env.LICENSE_FONT_FACE?.trim() ?? '' } : defaultLicenseFont(),
      expiryNoticeDays: r.int('LICENSE_EXPIRY_NOTICE_DAYS', 30, 1, 365),
      verifyBaseUrl: (env.LICENSE_VERIFY_BASE_URL?.trim() || env.PUBLIC_BASE_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, ''),
    },
    supervision: supervisionConfig(r),
    ratings: ratingsConfig(r),
    applicants: applicantConfig(r),
    online: {
      prereviewDays: r.int('PREREVIEW_DAYS', 1, 1, 20),
      fileMaxBytes: r.int('UPLOAD_MAX_MB', 10, 1, 50) * 1024 * 1024,
      filePages: r.int('UPLOAD_MAX_PAGES', 50, 1, 1000),
      filesPerSlot: r.int('UPLOAD_FILES_PER_MATERIAL', 20, 1, 100),
    },
    clockStart,
    responseSchemaCheck: r.bool('RESPONSE_SCHEMA_CHECK', false),
  };
  if (!validCaseNoPattern(config.caseNoPattern)) {
    r.problems.push(`CASE_NO_PATTERN=${JSON.stringify(config.caseNoPattern)}: use {site} {impl} {dept} {date} and exactly one {seq:N}`);
  }
  if (r.problems.length) throw new ConfigError(r.problems);

  if (!config.auth.sessionSecret) config.auth.sessionSecret = ensureSecret(dataDir);
  return config;
}

/** DATABASE_URL: PostgreSQL, in-memory PGlite, PGlite in a folder, or (unset) PGlite in the data folder. */
function databaseConfig(r: EnvReader, dataDir: string, cwd: string): DatabaseConfig {
  const dbUrl = r.env.DATABASE_URL?.trim();
  if (!dbUrl) return { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') };
  if (dbUrl === 'memory:') return { kind: 'pglite', dataDir: null };
  if (dbUrl.startsWith('pglite:')) return { kind: 'pglite', dataDir: path.resolve(cwd, dbUrl.slice(7)) };
  if (/^postgres(ql)?:\/\//.test(dbUrl)) return { kind: 'postgres', url: dbUrl };
  r.problems.push(`DATABASE_URL: expected postgres://…, memory: or pglite:<folder> (got ${JSON.stringify(dbUrl.slice(0, 20))}…)`);
  return { kind: 'pglite', dataDir: null };
}

/** SESSION_SECRET as given ('' = generate one in the data folder once the rest is valid). */
function sessionSecretOf(r: EnvReader): string {
  const sessionSecret = r.env.SESSION_SECRET ?? '';
  if (sessionSecret && sessionSecret.length < 32) {
    r.problems.push('SESSION_SECRET: must be at least 32 characters (leave it unset to have one generated in the data folder)');
  }
  return sessionSecret;
}

/** MFA_REQUIRED_ROLES: `none` or a comma-separated list of roles (unset: the roles 等保 2.0 三级 asks it of). */
function mfaRolesOf(r: EnvReader): Role[] {
  const mfaRaw = r.env.MFA_REQUIRED_ROLES?.trim() || 'system_admin,supervisor,discipline_inspector';
  const mfaRequiredRoles = mfaRaw.toLowerCase() === 'none' ? [] : [...new Set(mfaRaw.split(',').map((x) => x.trim()).filter(Boolean))] as Role[];
  const unknownRoles = mfaRequiredRoles.filter((x) => !(ROLES as readonly string[]).includes(x));
  if (unknownRoles.length) r.problems.push(`MFA_REQUIRED_ROLES=${JSON.stringify(mfaRaw)}: unknown role ${unknownRoles.join(', ')} (expected none or a comma-separated list of ${ROLES.join(', ')})`);
  return mfaRequiredRoles;
}

/** CLOCK_START: where the service clock starts (null = the system clock). */
function clockStartOf(r: EnvReader): Date | null {
  const clockRaw = r.env.CLOCK_START?.trim();
  const clockStart = clockRaw ? parseClockStart(clockRaw) : null;
  if (clockRaw && !clockStart) r.problems.push(`CLOCK_START=${JSON.stringify(clockRaw)}: expected a date YYYY-MM-DD or an ISO instant (2026-12-28T10:00:00+08:00)`);
  return clockStart;
}

function authConfig(r: EnvReader, sessionSecret: string, mfaRequiredRoles: Role[]): AuthConfig {
  return {
    sessionSecret,
    idleMinutes: r.int('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    absoluteHours: r.int('SESSION_MAX_HOURS', 12, 1, 24 * 30),
    maxFailures: r.int('LOGIN_MAX_FAILURES', 5, 1, 100),
    lockMinutes: r.int('LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    secureCookies: r.bool('SECURE_COOKIES', false),
    loginRatePerMinute: r.int('LOGIN_RATE_PER_MINUTE', 20, 1, 10_000),
    loginFailuresPerAddress: r.int('LOGIN_RATE_PER_ADDRESS', 20, 1, 100_000),
    mfaRequiredRoles,
    mfaIssuer: r.env.CENTRE_NAME || '示范区政务服务中心',
  };
}

/** The outbox worker and the development SMS sink. */
function workerConfig(r: EnvReader): WorkerConfig {
  return {
    inProcess: r.bool('WORKER_IN_PROCESS', true),
    pollMs: r.int('WORKER_POLL_MS', 500, 10, 60_000),
    batchSize: r.int('WORKER_BATCH_SIZE', 20, 1, 1000),
    maxAttempts: r.int('OUTBOX_MAX_ATTEMPTS', 8, 1, 100),
    leaseSeconds: r.int('OUTBOX_LEASE_SECONDS', 60, 1, 3600),
    smsSinkDelayMs: r.int('SMS_SINK_DELAY_MS', 0, 0, 60_000),
  };
}

function queueConfig(r: EnvReader): QueueConfig {
  return {
    priorityRun: r.int('QUEUE_PRIORITY_RUN', 3, 0, 100),
    noShowRecalls: r.int('QUEUE_NO_SHOW_RECALLS', 2, 0, 10),
    bookingDays: r.int('APPOINTMENT_DAYS', 7, 1, 60),
    slotCapacity: r.int('APPOINTMENT_SLOT_CAPACITY', 6, 0, 1000),
    publicRatePerMinute: r.int('QUEUE_PUBLIC_RATE_PER_MINUTE', 60, 1, 100_000),
  };
}

function supervisionConfig(r: EnvReader): AppConfig['supervision'] {
  return {
    scanSeconds: r.int('SUPERVISION_SCAN_SECONDS', 300, 5, 86_400),
    volumeDropDays: r.int('VOLUME_DROP_DAYS', 5, 1, 60),
    volumeDropRatio: r.int('VOLUME_DROP_PERCENT', 20, 0, 100) / 100,
    volumeMinPerDay: r.int('VOLUME_MIN_PER_DAY', 5, 1, 100_000),
  };
}

function applicantConfig(r: EnvReader): ApplicantConfig {
  const e = r.env;
  const issuer = e.OIDC_ISSUER?.trim() ?? '';
  let oidc: OidcConfig | null = null;
  if (issuer) {
    const base = (e.PUBLIC_BASE_URL ?? '').replace(/\/+$/, '');
    const redirectUri = e.OIDC_REDIRECT_URI?.trim() || (base ? `${base}/api/portal/auth/oidc/callback` : '');
    if (!/^https?:\/\//.test(issuer)) r.problems.push(`OIDC_ISSUER=${JSON.stringify(issuer)}: expected the provider's https:// address`);
    if (!e.OIDC_CLIENT_ID) r.problems.push('OIDC_CLIENT_ID: required with OIDC_ISSUER');
    if (!redirectUri) r.problems.push('OIDC_REDIRECT_URI (or PUBLIC_BASE_URL): required with OIDC_ISSUER');
    oidc = { issuer, clientId: e.OIDC_CLIENT_ID ?? '', clientSecret: e.OIDC_CLIENT_SECRET ?? '', redirectUri, idNumberClaim: e.OIDC_ID_NUMBER_CLAIM?.trim() || 'id_number', scopes: e.OIDC_SCOPES?.trim() || 'openid profile phone', allowHttp: r.bool('OIDC_ALLOW_HTTP', false) };
  }
  return {
    idleMinutes: r.int('APPLICANT_SESSION_IDLE_MINUTES', 120, 1, 24 * 60),
    absoluteHours: r.int('APPLICANT_SESSION_MAX_HOURS', 12, 1, 24 * 30),
    codeTtlSeconds: r.int('SMS_CODE_TTL_SECONDS', 300, 30, 3600),
    codeResendSeconds: r.int('SMS_CODE_RESEND_SECONDS', 60, 1, 3600),
    codesPerDay: r.int('SMS_CODES_PER_DAY', 10, 1, 1000),
    codeMaxAttempts: r.int('SMS_CODE_MAX_ATTEMPTS', 5, 1, 20),
    oidc,
  };
}

function ratingsConfig(r: EnvReader): AppConfig['ratings'] {
  return {
    defaultDays: r.int('RATING_DEFAULT_DAYS', 7, 1, 365),
    defaultLevel: r.int('RATING_DEFAULT_LEVEL', 3, 1, 5),
    rectifyDays: Number(r.oneOf('RECTIFY_DAYS', '5', ['5', '7', '10', '15'] as const)),
  };
}

/** A generated secret kept in the data folder, so sessions survive restarts. */
function ensureSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) {
    const s = readFileSync(file, 'utf8').trim();
    if (s.length >= 32) return s;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
