/**
 * Browser-test harness: the real server as a child process (we hold its PID and stop it), an
 * in-memory database with the demo district, and Debian's chromium driven by playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { testClockStart } from './clock.js';
import { e2eAuthenticator } from './totp.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS_DIR = path.join(ROOT, 'test-results');
export const DEMO_PASSWORD = 'Demo@2026';

export interface E2eServer {
  baseUrl: string;
  port: number;
  pid: number;
  /** what the server printed (stdout + stderr), for failure messages */
  output: () => string;
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startServer(opts: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<E2eServer> {
  if (!existsSync(path.join(ROOT, 'dist/web/index.html'))) {
    throw new Error('dist/web is missing: run `npm run build:web` before the browser tests');
  }
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: 'memory:',
      DEMO_DATA: 'on',
      LOG_LEVEL: 'warn',
      // a fixed service clock (TEST_NOW, or today 10:00 China time) that ticks from there (ADR 0016)
      CLOCK_START: testClockStart().toISOString(),
      // a response whose schema would drop a property fails the journey instead of losing it quietly
      RESPONSE_SCHEMA_CHECK: 'on',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const pid = child.pid;
  if (pid === undefined) throw new Error('server did not start');

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited(child);
      clearTimeout(killer);
    }
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${log}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server not healthy within ${opts.timeoutMs ?? 60_000} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { baseUrl, port, pid, output: () => log, stop };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium with its fake camera (a moving test pattern) granted to every page: `launchBrowser(FAKE_CAMERA_ARGS)`. */
export const FAKE_CAMERA_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
  // every context of this browser (newPage's and the tests' own) reports CSP violations
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => watchCsp(await newContext(options));
  return browser;
}

// ---- Content-Security-Policy (issue 14): the app must live with its CSP. Every page reports the
// violations the browser sees (`securitypolicyviolation`), and the test that was running when one
// happened fails (a hook on every test of the file; `after` catches the ones in closing steps).

export interface CspViolation {
  directive: string;
  blocked: string;
  source: string;
  line: number;
  sample: string;
  page: string;
}

const cspViolations: CspViolation[] = [];

const CSP_LISTENER = `document.addEventListener('securitypolicyviolation', (e) => {
  window.__yichuangCspViolation?.({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample, page: e.documentURI });
});`;

/** Collects the CSP violations of every page of a context (the init script and binding run outside the page's CSP). */
export async function watchCsp(context: BrowserContext): Promise<BrowserContext> {
  await context.exposeBinding('__yichuangCspViolation', (_source, v: CspViolation) => void cspViolations.push(v));
  await context.addInitScript(CSP_LISTENER);
  return context;
}

/** The violations seen since the last call (and forgets them). */
export function takeCspViolations(): CspViolation[] {
  return cspViolations.splice(0);
}

function failOnCspViolations(): void {
  const seen = takeCspViolations();
  if (seen.length) {
    const lines = seen.map((v) => `${v.directive} blocked ${v.blocked || '(inline)'} at ${v.source || v.page}:${v.line}${v.sample ? ` «${v.sample}»` : ''}`);
    throw new Error(`Content-Security-Policy violations:\n${lines.join('\n')}`);
  }
}
afterEach(failOnCspViolations);
after(failOnCspViolations);

/**
 * Waits until an expression evaluated in the page is true. Use this, not page.waitForFunction:
 * Playwright compiles that predicate with `new Function` inside the page, which the CSP
 * (script-src 'self', no 'unsafe-eval') refuses; page.evaluate goes through DevTools and is not.
 */
export async function waitForPage(page: Page, expression: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`waitForPage: still false after ${timeoutMs} ms: ${expression}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A fresh context (own cookies and localStorage) with a desk-sized window and Chinese locale. */
export async function newPage(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Logs in through the form and waits for the workbench. Roles with a second factor (admin,
 * supervisor1, jijian1 …) answer it like a user with an authenticator app: the first login binds
 * the key shown on the page, later ones type the current code (test/helpers/totp.ts).
 */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await answerSecondFactor(page, username);
}

/**
 * After the password step of the login form: binds the key on first use, or types the current code,
 * when the server asks for a second factor; returns once the page has left /login.
 */
export async function answerSecondFactor(page: Page, username: string): Promise<void> {
  const away = page.waitForURL((url) => !url.pathname.startsWith('/login')).then(() => 'away' as const);
  const code = page.getByTestId('mfa-code').waitFor().then(() => 'code' as const);
  const enrol = page.getByTestId('mfa-secret').waitFor().then(() => 'enrol' as const);
  for (const outcome of [away, code, enrol]) outcome.catch(() => undefined); // the losers time out unheard
  const step = await Promise.race([away, code, enrol]);
  if (step === 'away') return;
  const key = `${new URL(page.url()).origin}|${username}`;
  if (step === 'enrol') {
    e2eAuthenticator.remember(key, (await page.getByTestId('mfa-secret').getAttribute('data-secret'))!);
    await page.getByTestId('mfa-enrol-code').fill(await e2eAuthenticator.code(key));
    await page.getByTestId('mfa-enrol-submit').click();
  } else {
    await page.getByTestId('mfa-code').fill(await e2eAuthenticator.code(key));
    await page.getByTestId('mfa-code-submit').click();
  }
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

export async function logout(page: Page): Promise<void> {
  const atLogin = (url: URL) => url.pathname.startsWith('/login');
  // The user menu is a hover/click dropdown: on a loaded machine a click can land while it is still
  // opening or closing and be lost. Try the menu again (at most three times) unless we are out already.
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-logout').click();
    try {
      await page.waitForURL(atLogin, { timeout: 5_000 });
      return;
    } catch (err) {
      if (atLogin(new URL(page.url()))) return;
      // the menu is gone: the logout went through and the page is on its way to /login
      if (!(await page.getByTestId('user-menu').isVisible())) return void (await page.waitForURL(atLogin));
      if (attempt >= 3) throw err;
    }
  }
}

/** Picks an option of an Element Plus `el-select` (it has no native <select>). */
export async function chooseOption(page: Page, selectTestId: string, optionText: string): Promise<void> {
  await page.getByTestId(selectTestId).click();
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: optionText }).first().click();
}
