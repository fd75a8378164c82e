/**
 * Printing helpers for the browser tests: print a page to an A4 PDF through its print CSS, count
 * its pages, and render them to PNG (poppler's `pdftoppm`) so a person can look at them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS_DIR } from '../helpers/e2e-server.js';

export interface Printed {
  pdf: string;
  /** page objects in the PDF */
  pages: number;
  /** one PNG per page (empty when pdftoppm is not installed) */
  pngs: string[];
}

/** Page objects of a PDF (`/Type /Page`, not `/Type /Pages`). */
export function countPdfPages(file: string): number {
  return (readFileSync(file, 'latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

function hasPdftoppm(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Prints the page as the browser would on A4 (the page's print styles apply) and renders it. */
export async function printToPdf(page: Page, name: string): Promise<Printed> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const pdf = path.join(RESULTS_DIR, `${name}.pdf`);
  await page.evaluate('document.fonts.ready.then(() => true)'); // (a string: the tests compile without the DOM lib)
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const pages = countPdfPages(pdf);
  const prefix = `${name}-page`;
  for (const f of readdirSync(RESULTS_DIR)) if (f.startsWith(prefix) && f.endsWith('.png')) rmSync(path.join(RESULTS_DIR, f));
  let pngs: string[] = [];
  if (hasPdftoppm()) {
    execFileSync('pdftoppm', ['-r', '110', '-png', pdf, path.join(RESULTS_DIR, prefix)]);
    pngs = readdirSync(RESULTS_DIR)
      .filter((f) => f.startsWith(prefix) && f.endsWith('.png'))
      .sort()
      .map((f) => path.join(RESULTS_DIR, f));
  }
  return { pdf, pages, pngs };
}
