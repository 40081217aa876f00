/**
 * The HTML report in a real browser (Debian's chromium, driven by playwright-core), at a desktop and a
 * phone width: no horizontal scrolling, no handle broken inside a part, every folded section opens, no
 * console error, and no request leaves the file (every request is routed; only the file itself may load).
 * Two reports: a large follows-only one, and one with posts planned by the real planner (long URLs,
 * Japanese text, a 4-part thread, pictures with long alt text, hostile text in a post and an alt text).
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
import { HOSTILE_ALT, HOSTILE_POST, posts, postsInput } from './postsInput.js';
import { MASTODON, post } from '../plan/posts/builders.js';
import type { BuildReportInput } from '../../src/report/buildReport.js';

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

/** The posts report, with enough replies to others left out that their list is folded. */
function postsReportInput(): BuildReportInput {
  const replies = Array.from({ length: 60 }, (_, i) => post(String(5000 + i), { kind: 'reply', inReplyToId: '9', inReplyToUser: 'someone', text: `reply ${i}` }));
  return postsInput(MASTODON, { posts: [...posts(), ...replies] });
}

const REPORTS = [
  { name: 'follows', input: realisticInput, minHandles: 100 },
  { name: 'posts', input: postsReportInput, minHandles: 1 },
] as const;

/** What the posts preview holds, read through the browser's own parser (runs in the page). */
const POSTS_DOM = `(() => ({
  scripts: document.querySelectorAll('script').length,
  images: document.querySelectorAll('img').length,
  details: document.querySelectorAll('details').length,
  summaries: document.querySelectorAll('details > summary').length,
  texts: [...document.querySelectorAll('.post-text')].map((e) => e.textContent),
  media: [...document.querySelectorAll('ul.post-media > li')].map((e) => e.textContent),
  threads: [...document.querySelectorAll('ol.thread')].map((e) => e.children.length),
}))()`;

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe.skipIf(!runIt)('the HTML report in chromium', () => {
  let dir: string;
  const fileUrls = new Map<string, string>();
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lp-browser-'));
    for (const r of REPORTS) {
      const file = join(dir, `${r.name}.html`);
      await writeReport(file, buildReport(r.input()));
      fileUrls.set(r.name, pathToFileURL(file).href);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Opens the report with every request routed and every console error and page error recorded. */
  async function open(fileUrl: string, viewport: { width: number; height: number }): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
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

  for (const report of REPORTS) for (const viewport of VIEWPORTS) {
    it(`${report.name} report, ${viewport.name} (${viewport.width} px): opens every folded section, keeps handles whole and within the page`, async () => {
      const { page, problems, close } = await open(fileUrls.get(report.name) as string, viewport);
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
        expect(handles).toBeGreaterThanOrEqual(report.minHandles);
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

  it('posts report: hostile post text and alt text stay text in the parsed page; the thread is one list', async () => {
    const { page, problems, close } = await open(fileUrls.get('posts') as string, VIEWPORTS[1]);
    try {
      const dom = await page.evaluate<{ scripts: number; images: number; details: number; summaries: number; texts: string[]; media: string[]; threads: number[] }>(POSTS_DOM);
      expect(dom.scripts).toBe(0);
      expect(dom.images).toBe(0);
      // a `</details>` in a post closed nothing and opened nothing: every section has its own summary
      expect(dom.details).toBe(dom.summaries);
      expect(dom.texts.some((t) => t.startsWith(HOSTILE_POST))).toBe(true);
      expect(dom.media.some((t) => t.includes(HOSTILE_ALT))).toBe(true);
      expect(dom.texts.some((t) => t.includes('長い間ありがとうございました。'))).toBe(true);
      // the 4 parts of the long post and the reply to it: one thread of 5
      expect(dom.threads[0]).toBe(5);
      // 61 replies to others left out: 50 listed (folded), then a count
      const text = await page.evaluate<string>('document.body.textContent');
      expect(text).toContain('and 11 more (the JSON report lists them all)');
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
