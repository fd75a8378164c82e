/**
 * The portal's first view on a phone (issue 14, point 5): an applicant opens /portal on 4G with
 * an empty cache. Chromium is throttled through the DevTools protocol like Lighthouse's mobile
 * run (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU slowed 4×); the bytes are what
 * went over the wire (Network.loadingFinished encodedDataLength: headers + compressed bodies) and
 * the view is interactive when the search box is on screen (Vue has mounted it with its
 * handlers) — it then answers a search. Three runs, the median is asserted:
 * ≤ 400 KB transferred, interactive in < 3 s.
 *
 * Run: node --import tsx --test test/e2e/portal-weight.test.ts
 * PORTAL_WEIGHT_URL=http://host:port measures a server that is already running (e.g. an older
 * build, for the before/after figures in bench/RESULTS.md); PORTAL_WEIGHT_ASSERT=off only prints.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, CDPSession } from 'playwright-core';
import { RESULTS_DIR, launchBrowser, startServer, type E2eServer } from '../helpers/e2e-server.js';

const MAX_BYTES = 400 * 1000;
const MAX_INTERACTIVE_MS = 3000;
const RUNS = 3;

/** Lighthouse's mobile profile ("Slow 4G" in DevTools, formerly "Regular 4G"), and DevTools' "Fast 4G". */
const PROFILES = {
  '4g': { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8, cpu: 4 },
  'fast-4g': { latency: 20, downloadThroughput: (4 * 1024 * 1024) / 8, uploadThroughput: (3 * 1024 * 1024) / 8, cpu: 4 },
} as const;
type ProfileName = keyof typeof PROFILES;

interface Run {
  bytes: number;
  requests: number;
  interactiveMs: number;
  loadMs: number;
  largest: Array<{ url: string; bytes: number }>;
  /** every request: when it started and ended (ms after the first), its bytes */
  waterfall: Array<{ url: string; start: number; end: number; bytes: number }>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(browser: Browser, baseUrl: string, profile: ProfileName, shot?: string): Promise<Run> {
  const p = PROFILES[profile];
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    userAgent: 'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  });
  try {
    // performance.now() counts from the navigation's start (throttling included); the observer notes
    // when Vue has put the search box on screen (an init script: it runs outside the page's CSP)
    await context.addInitScript(`new MutationObserver((_, obs) => {
      if (document.querySelector('[data-testid="portal-search-input"]')) { window.__portalInteractiveAt = performance.now(); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });`);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const cdp: CDPSession = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: p.latency,
      downloadThroughput: p.downloadThroughput,
      uploadThroughput: p.uploadThroughput,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: p.cpu });

    const urls = new Map<string, string>();
    const times = new Map<string, { start: number; end: number }>();
    const sizes = new Map<string, number>();
    const pending = new Set<string>();
    cdp.on('Network.requestWillBeSent', (e) => {
      urls.set(e.requestId, e.request.url);
      times.set(e.requestId, { start: e.timestamp, end: e.timestamp });
      pending.add(e.requestId);
    });
    cdp.on('Network.loadingFinished', (e) => {
      sizes.set(e.requestId, e.encodedDataLength);
      const t = times.get(e.requestId);
      if (t) t.end = e.timestamp;
      pending.delete(e.requestId);
    });
    cdp.on('Network.loadingFailed', (e) => pending.delete(e.requestId));

    await page.goto('/portal', { waitUntil: 'commit' });
    await page.getByTestId('portal-search-input').waitFor();
    const interactiveMs = Number(await page.evaluate('window.__portalInteractiveAt'));
    await page.waitForLoadState('load');
    const loadMs = Number(await page.evaluate(`performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? 0`));
    // the first view is complete when its data has come too: the categories, and the network quiet for 500 ms
    await page.getByTestId('portal-categories').waitFor();
    for (let quietSince = Date.now(); Date.now() - quietSince < 500; ) {
      if (pending.size) quietSince = Date.now();
      await new Promise((r) => setTimeout(r, 50));
    }
    const bytes = [...sizes.values()].reduce((a, b) => a + b, 0);
    const pathOf = (id: string) => new URL(urls.get(id) ?? '', baseUrl).pathname;
    const largest = [...sizes.entries()]
      .map(([id, b]) => ({ url: pathOf(id), bytes: b }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 6);
    const requests = sizes.size;
    const t0 = Math.min(...[...times.values()].map((t) => t.start));
    const waterfall = [...times.entries()]
      .map(([id, t]) => ({ url: pathOf(id), start: Math.round((t.start - t0) * 1000), end: Math.round((t.end - t0) * 1000), bytes: sizes.get(id) ?? 0 }))
      .sort((a, b) => a.start - b.start);

    // and it really is usable: a search answers as you type
    await page.getByTestId('portal-search-input').fill('营业执照');
    await page.locator('[data-testid="portal-search-results"][data-query="营业执照"]').waitFor();
    assert.ok((await page.getByTestId('portal-search-hit').count()) > 0, 'the search box answered');
    if (shot) await page.screenshot({ path: path.join(RESULTS_DIR, `${shot}.png`) }); // the phone's first screen
    return { bytes, requests, interactiveMs: Math.round(interactiveMs), loadMs: Math.round(loadMs), largest, waterfall };
  } finally {
    await context.close();
  }
}

describe('portal first view on a phone over 4G', () => {
  let server: E2eServer | undefined;
  let browser: Browser;
  let baseUrl: string;
  const enforce = process.env.PORTAL_WEIGHT_ASSERT !== 'off';
  const figures: Record<string, unknown> = {};

  before(async () => {
    if (process.env.PORTAL_WEIGHT_URL) baseUrl = process.env.PORTAL_WEIGHT_URL;
    else {
      server = await startServer();
      baseUrl = server.baseUrl;
    }
    browser = await launchBrowser();
    mkdirSync(RESULTS_DIR, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    writeFileSync(path.join(RESULTS_DIR, 'portal-weight.json'), JSON.stringify({ baseUrl, measuredAt: new Date().toISOString(), ...figures }, null, 2));
  });

  for (const profile of Object.keys(PROFILES) as ProfileName[]) {
    test(`${profile}: median of ${RUNS} cold loads of /portal`, async () => {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, baseUrl, profile, i === 0 ? `portal-weight-${profile}` : undefined));
      const summary = {
        bytes: median(runs.map((r) => r.bytes)),
        interactiveMs: median(runs.map((r) => r.interactiveMs)),
        loadMs: median(runs.map((r) => r.loadMs)),
        requests: median(runs.map((r) => r.requests)),
        runs: runs.map(({ bytes, interactiveMs, loadMs }) => ({ bytes, interactiveMs, loadMs })),
        largest: runs[0]!.largest,
        waterfall: runs[0]!.waterfall,
      };
      figures[profile] = summary;
      const { waterfall: _w, ...brief } = summary;
      console.log(`# portal-weight ${profile}: ${JSON.stringify(brief)}`);
      if (!enforce) return;
      assert.ok(summary.bytes <= MAX_BYTES, `first view ${summary.bytes} bytes transferred (limit ${MAX_BYTES})`);
      assert.ok(summary.interactiveMs < MAX_INTERACTIVE_MS, `interactive after ${summary.interactiveMs} ms (limit ${MAX_INTERACTIVE_MS})`);
    });
  }
});
