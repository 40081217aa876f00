/** The reports are for people who are not programmers: plain words, summaries first, long lists folded. */
import { decodeHTML } from 'entities';
import { describe, expect, it } from 'vitest';
import { estimatePlan } from '../../src/plan/estimate.js';
import type { ActionState } from '../../src/plan/types.js';
import { buildReport, type BuildReportInput } from '../../src/report/buildReport.js';
import { formatDate } from '../../src/report/describe.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import type { Contact } from '../../src/model/types.js';
import type { Match } from '../../src/model/match.js';
import { contact, emptyExisting, match, model, options } from '../plan/builders.js';
import { planFor, statesOf } from './planFor.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

function smallInput(states?: (s: ActionState[]) => ActionState[]): BuildReportInput {
  const ada = contact('twitter', 'ada', ['following']);
  const bo = contact('twitter', 'bo', ['following']);
  const cy = contact('twitter', 'cy', ['following']);
  const dee = contact('twitter', 'dee', ['following']);
  const eve = contact('instagram', 'eve', ['following']);
  const fay = contact('instagram', 'fay', ['following']);
  const ids = contact('twitter', 'x', ['following'], { username: null, displayName: null, id: '2100000001' });
  const m = model([ada, bo, cy, dee, eve, fay, ids]);
  const matches: Match[] = [
    match(ada, 'ada@example.social', 'verified'),
    match(bo, 'bo@example.social', 'high'),
    match(cy, 'cy@example.social', 'medium', 'found', { evidence: [{ finder: 'search', verifier: 'search', detail: 'search for "CY" found @cy@example.social' }] }),
    match(dee, null, null, 'ambiguous', { candidates: ['dee@a.example', 'dee@b.example'] }),
    match(eve, null, null, 'error', { error: 'timeout' }),
    match(fay, null, null, 'not_found'),
    match(ids, null, null, 'not_found'),
  ];
  const plan = planFor({
    model: m, matches, options: options({ lists: true }),
    existing: { ...emptyExisting(), following: new Set(['bo@example.social']) },
  });
  const planned = statesOf(plan);
  return {
    model: m, matches, plan, states: states ? states(planned) : planned, destination: 'me@example.social',
    estimate: estimatePlan(plan), generatedAt: '2024-05-01T10:00:00.000Z',
  };
}

/** No enum names, finder names or raw ISO dates in the text a person reads (attribute values aside). */
function visibleText(html: string): string {
  // Inline markup (a handle's parts, code, links) joins its text; block tags separate it.
  return decodeHTML(html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<\/?(?:span|wbr|code|a|strong|b)\b[^>]*>/g, '').replace(/<[^>]*>/g, ' '));
}
const JARGON = /\blist_add\b|\bnot_found\b|\bplanned\b|\bguess \+|\bexplicit \+|\bbacklink\b|\bwebfinger\b|2024-05-01T10/i;

describe('plain language', () => {
  it('a dry run says what will happen in words, with the date written out', () => {
    const report = buildReport(smallInput());
    const html = renderHtml(report);
    const text = renderMarkdown(report);
    for (const t of [visibleText(html), text]) {
      expect(t).not.toMatch(JARGON);
      expect(t).toContain('1 May 2024 at 10:00 (UTC)');
      expect(t).toContain('This is a plan: nothing has been done yet.');
      expect(t).toContain('Will be followed and added to the list "From Twitter"');
      expect(t).toContain('Not followed: you already follow them; will be added to the list "From Twitter"');
      expect(t).toContain('1 to do, 1 skipped (1 already followed)');
      expect(t).toContain('Several possible accounts: check by hand');
      expect(t).toContain('several candidates: dee@a.example, dee@b.example');
      expect(t).toContain('could not be checked (timeout)');
      expect(t).toContain('account no. 2100000001 (no name in the export)');
      expect(t).toContain('below the minimum (high) for acting without your approval');
    }
    expect(html).toContain('<span>contacts in your archive</span>');
    expect(html).toContain('found on the fediverse (43%)');
  });

  it('after a run: what happened, what failed and why, grouped under Needs attention', () => {
    const report = buildReport(smallInput((s) => s.map((x) =>
      x.action.type === 'follow' && x.status === 'planned' ? { ...x, status: 'failed' as const, reason: { code: 'forbidden' as const, detail: `403: ${HOSTILE}` } }
        : x.action.type === 'list_add' && x.action.handle === 'bo@example.social' ? { ...x, status: 'done' as const } : x)));
    const html = renderHtml(report);
    const text = renderMarkdown(report);
    for (const t of [visibleText(html), text]) {
      expect(t).toContain('What was done');
      expect(t).toContain('Failed (1)');
      expect(t).toContain('Not done yet (1)');
      // the list addition that waits for the failed follow is not repeated as a second failure
      expect(t).toMatch(/Follow failed: not permitted \(403: [^\n|]*\)(?!; not added)/);
      expect(t).toContain('Not followed: you already follow them; added to the list "From Twitter"');
    }
    expect(html).toContain('<p class="headline warn">');
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(text).not.toContain(HOSTILE);
  });

  it('writes dates out and leaves what it cannot read alone', () => {
    expect(formatDate('2024-12-31T23:05:00.000Z')).toBe('31 December 2024 at 23:05 (UTC)');
    expect(formatDate('not a date')).toBe('not a date');
  });
});

describe('a large report stays usable', () => {
  const N = 3000;
  function bigInput(): BuildReportInput {
    const contacts: Contact[] = [];
    const matches: Match[] = [];
    for (let i = 0; i < N; i++) {
      const c = contact(i % 3 === 0 ? 'instagram' : 'twitter', `user${i}`, ['following'], i === 7 ? { displayName: '<script>alert(1)</script>' } : {});
      contacts.push(c);
      matches.push(i % 10 < 4
        ? match(c, `user${i}@host${i % 17}.example`, (['verified', 'high', 'medium', 'low'] as const)[i % 4] ?? null)
        : match(c, null, null, i % 10 === 4 ? 'gone' : 'not_found', i % 10 === 4 ? { error: 'HTTP 410' } : {}));
    }
    const m = model(contacts);
    const plan = planFor({ model: m, matches, options: options() });
    const states = plan.actions.map((a, i) => ({
      action: a.action, status: i % 13 === 0 ? ('failed' as const) : ('done' as const),
      reason: i % 13 === 0 ? { code: 'server_error' as const, detail: `502 ${HOSTILE}` } : null,
    }));
    return { model: m, matches, plan, states, destination: 'me@example.social', estimate: null, generatedAt: '2024-05-01T10:00:00.000Z' };
  }

  it('HTML: counts first, long lists folded and grouped, nothing lost, everything escaped', () => {
    const html = renderHtml(buildReport(bigInput()));
    expect(html).toContain('<b>3,000</b><span>contacts in your archive</span>');
    expect(html).toContain('<h2>Accounts found (1,200)</h2>');
    expect(html).toContain('<h2>Not found (1,800)</h2>');
    // each confidence group of each platform is folded (closed) when the platform has more than 50
    expect(html).toContain('<details><summary>Verified: 200 accounts</summary>');
    // 47 failures with one reason: one group (open: it is under 50) with a count, not 47 table rows
    expect(html).toMatch(/<h3 class="s-failed">Failed \(47\)<\/h3>[\s\S]*?<details open><summary>The server had an error \(502 &lt;img src=x onerror=alert\(1\)&gt;\); a re-run tries again: 47 actions<\/summary>/);
    expect(html).not.toContain('<details open><summary>No fediverse account found');
    expect(html).toContain('<summary>No fediverse account found: 1,500 contacts</summary>');
    // every contact we did not find is still listed, once
    for (const i of [5, 6, 2999]) expect(visibleText(html).split(`USER${i} (@user${i}),`).length - 1).toBe(1);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('Markdown: the same folding, with the summaries escaped as HTML', () => {
    const text = renderMarkdown(buildReport(bigInput()));
    expect(text).toContain('- Contacts in your archive: **3,000**');
    expect(text).toContain('<details><summary>verified: 200 accounts</summary>');
    expect(text).toContain('**the server had an error (502 &lt;img src=x onerror=alert(1)&gt;); a re-run tries again: 47 actions**');
    expect(text).toContain('<details><summary>No fediverse account found: 1,500 contacts</summary>');
    expect(text).not.toMatch(/<script|<img/i);
    expect(text.match(/<details>/g)?.length).toBe(text.match(/<\/details>/g)?.length);
  });
});

describe('phone and print', () => {
  it('wide tables carry a label per cell (they become cards on a narrow screen) and folded parts print open', () => {
    const html = renderHtml(buildReport(smallInput()));
    const found = /<table class="rows found">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(found).not.toBe('');
    const cells = found.match(/<td\b[^>]*>/g) ?? [];
    expect(cells.length).toBeGreaterThan(0);
    for (const td of cells) expect(td).toMatch(/data-label="[^"]+"/);
    expect(html).toMatch(/@media \(max-width:640px\)\{[\s\S]*table\.rows td\[data-label\]::before/);
    expect(html).toMatch(/@media print\{[\s\S]*details::details-content\{content-visibility:visible/);
  });
});
