/**
 * The HTML report in a real browser (Debian's chromium, driven by playwright-core), at a desktop and a
 * phone width: no horizontal scrolling, no handle broken inside a part, every folded section opens, no
 * console error, and no request leaves the file (every request is routed; only the file itself may load).
 *
 * `.ci/run` installs chromium. Outside CI (`CI` unset) the test is skipped when chromium is missing; in CI it
 * fails instead, so a missing browser can never pass as green.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/buildReport.js';
import { writeReport } from '../../src/report/writeReport.js';
import { realisticInput } from './realisticInput.js';

const CHROMIUM = '/usr/bin/chromium';
const runIt = existsSync(CHROMIUM) || Boolean(process.env.CI);

/** Whether a summary's `<details>` is open (runs in the page; typed without the DOM library). */
const IS_OPEN = (summary: { parentElement: { open?: boolean } | null }): boolean => summary.parentElement?.open === true;

/** The handle parts whose text spans more than one line box (runs in the page). */
const BROKEN_HANDLE_PARTS = `(() => {
  const out = [];
  for (const part of document.querySelectorAll('.handle > span')) {
    const range = document.createRange();
    range.selectNodeContents(part);
    const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    if (lines.size > 1) out.push(part.textContent);
  }
  return out;
})()`;

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe.skipIf(!runIt)('the HTML report in chromium', () => {
  let dir: string;
  let fileUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lp-browser-'));
    const file = join(dir, 'report.html');
    await writeReport(file, buildReport(realisticInput()));
    fileUrl = pathToFileURL(file).href;
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Opens the report with every request routed and every console error and page error recorded. */
  async function open(viewport: { width: number; height: number }): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport });
    const problems: string[] = [];
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url === fileUrl) return route.continue();
      problems.push(`request left the file: ${url}`);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(fileUrl);
    return { page, problems, close: () => context.close() };
  }

  for (const viewport of VIEWPORTS) {
    it(`${viewport.name} (${viewport.width} px): opens every folded section, keeps handles whole and within the page`, async () => {
      const { page, problems, close } = await open(viewport);
      try {
        const folded = await page.locator('details:not([open])').count();
        expect(folded, 'the realistic report has folded sections').toBeGreaterThan(0);
        const summaries = page.locator('details > summary');
        const n = await summaries.count();
        for (let i = 0; i < n; i++) {
          const summary = summaries.nth(i);
          const wasOpen = await summary.evaluate(IS_OPEN);
          if (!wasOpen) await summary.click();
          expect(await summary.evaluate(IS_OPEN), `section ${i} opens`).toBe(true);
        }

        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect(overflow, 'horizontal scrolling').toBeLessThanOrEqual(0);

        // Each part of a handle (`@user`, `@host.`, `example`) sits on one line; breaks only fall between parts.
        const broken = await page.evaluate<string[]>(BROKEN_HANDLE_PARTS);
        const handles = await page.locator('.handle').count();
        expect(handles).toBeGreaterThan(100);
        expect(broken, 'handle parts broken across lines').toEqual([]);

        const text = await page.evaluate<string>('document.body.innerText');
        expect(text, 'backticks are code, not characters').not.toContain('`');
        expect(await page.locator('code').count()).toBeGreaterThan(0);

        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    });
  }
});
