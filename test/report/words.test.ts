/**
 * The report's words (issue 10, item 5), on a realistic report built without the planner: commands in
 * backticks become code, Mastodon's own menu names, a back-link to someone else reads as a doubt, handles
 * break only between their parts, and dates on the reader's clock when their time zone is given.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/buildReport.js';
import { evidenceWords, nextSteps } from '../../src/report/describe.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { formatDateTime, formatWhen } from '../../src/report/when.js';
import { realisticInput } from './realisticInput.js';

const report = buildReport(realisticInput());

describe('inline code', () => {
  it('HTML: `leave-platform status` is <code>, and no backtick is left in the page', () => {
    const html = renderHtml(report);
    expect(html).toContain('<code>leave-platform status</code>');
    const body = html.replace(/<style>[\s\S]*?<\/style>/, '');
    expect(body).not.toContain('`');
  });

  it('Markdown: a code span, not an escaped backtick', () => {
    const text = renderMarkdown(report);
    expect(text).toContain('`leave-platform status`');
    expect(text).not.toContain('\\`');
  });
});

describe('words', () => {
  it("names Mastodon's menu as its web interface does: Preferences → Import and export", () => {
    const plan = buildReport({ ...realisticInput(), destination: null, states: realisticInput().states.map((s) => ({ ...s, status: 'planned' as const, reason: null })) });
    const steps = nextSteps(plan).join('\n');
    expect(steps).toContain('Preferences → Import and export → Import');
    expect(steps).not.toContain('Settings →');
  });

  it('a back-link to a different account reads as a doubt, not as a confirmation', () => {
    const words = evidenceWords({ finder: 'guess', verifier: 'backlink', detail: 'links to a different account: profile field links https://twitter.com/jack2 (twitter account jack2; the contact is @jack)' });
    expect(words).not.toMatch(/links back to the old one/);
    expect(words).toContain('links to a different old account, so it may be someone else');
    expect(words).toContain('https://twitter.com/jack2');
  });
});

describe('handles', () => {
  it('break only before an @ or after a dot, each part kept whole', () => {
    const html = renderHtml(report);
    expect(html).toContain('<span class="handle"><span>@thequickbrownfoxjumpsoverthela</span><wbr><span>@social.</span><wbr><span>an-unusually-long-host.</span><wbr><span>example</span></span>');
    expect(html).toMatch(/\.handle>span\{white-space:nowrap\}/);
    expect(html).not.toMatch(/table-layout:fixed/);
  });
});

describe('times for people', () => {
  it('the report date on the reader\'s clock when the time zone is given (UTC otherwise)', () => {
    expect(renderHtml(report, { timeZone: 'Europe/Berlin' })).toContain('Report made on 5 December 2026 at 04:18 (Europe/Berlin).');
    expect(renderMarkdown(report, { timeZone: 'America/New_York' })).toContain('Report made on 4 December 2026 at 22:18 (America/New\\_York).');
    expect(renderHtml(report)).toContain('Report made on 5 December 2026 at 03:18 (UTC).');
    expect(formatDateTime('not a date', 'UTC')).toBe('not a date');
  });

  it('a moment near now: clock time on the local calendar, and how far away', () => {
    const now = Date.parse('2026-12-05T01:18:30.351Z');
    const berlin = { now, timeZone: 'Europe/Berlin' };
    expect(formatWhen(new Date('2026-12-05T03:18:30.351Z'), berlin)).toBe('04:18 (in 2 hours)');
    expect(formatWhen(new Date('2026-12-06T03:18:30.351Z'), berlin)).toBe('04:18 tomorrow (in 26 hours)');
    expect(formatWhen(new Date('2026-12-09T08:00:00Z'), berlin)).toBe('09:00 on 9 December (in 4 days)');
    expect(formatWhen(new Date('2025-05-03T06:12:00Z'), berlin)).toBe('08:12 on 3 May 2025 (581 days ago)');
    expect(formatWhen(new Date('2026-12-05T01:13:30.351Z'), berlin)).toBe('02:13 (5 minutes ago)');
    expect(formatWhen(new Date('2026-12-05T03:18:30.351Z'), { now, timeZone: 'Asia/Tokyo' })).toBe('12:18 (in 2 hours)');
  });
});
