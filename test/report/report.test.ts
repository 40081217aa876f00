import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { estimatePlan } from '../../src/plan/estimate.js';
import { buildReport, type BuildReportInput } from '../../src/report/buildReport.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { reportFormatFor, writeReport } from '../../src/report/writeReport.js';
import type { ActionState } from '../../src/plan/types.js';
import { contact, match, model, options } from '../plan/builders.js';
import { planFor, statesOf } from './planFor.js';

const HOSTILE = '<script>alert(1)</script>';
const jack = contact('twitter', 'jack', ['following']);
const evil = contact('twitter', 'evil', ['following'], { displayName: HOSTILE });
const bob = contact('twitter', 'bob', ['following']);
const gone = contact('instagram', 'gone_ig', ['following']);
const nobody = contact('instagram', 'nobody', ['following']);

function input(states?: (s: ActionState[]) => ActionState[]): BuildReportInput {
  const m = model([jack, evil, bob, gone, nobody]);
  const matches = [
    match(jack, 'jack@example.social', 'verified'),
    match(evil, 'evil@example.social', 'high', 'found', { actor: 'javascript:alert(1)', evidence: [{ finder: 'explicit', verifier: null, detail: `display name says ${HOSTILE}` }] }),
    match(bob, 'bob@example.social', 'low'),
    match(gone, null, null, 'gone', { error: 'HTTP 410' }),
    match(nobody, null, null, 'not_found'),
  ];
  const plan = planFor({ model: m, matches, options: options({ lists: true }) });
  const planned = statesOf(plan);
  return {
    model: m, matches, plan, states: states ? states(planned) : planned, destination: '@me@example.social',
    estimate: estimatePlan(plan), generatedAt: '2024-05-01T10:00:00.000Z',
  };
}

describe('buildReport', () => {
  it('has the DESIGN.md 3a shape: matches, destination, actions, summary, estimate', () => {
    const r = buildReport(input());
    expect(r.version).toBe(1);
    expect(r.destination).toBe('me@example.social');
    expect(r.matches).toHaveLength(5);
    expect(r.actions).toEqual([
      { type: 'follow', target: 'jack@example.social', status: 'planned', reason: null, detail: null, list: null },
      { type: 'follow', target: 'evil@example.social', status: 'planned', reason: null, detail: null, list: null },
      { type: 'list_add', target: 'jack@example.social', status: 'planned', reason: null, detail: null, list: 'From Twitter' },
      { type: 'list_add', target: 'evil@example.social', status: 'planned', reason: null, detail: null, list: 'From Twitter' },
    ]);
    expect(r.estimate).toEqual({ seconds: 4, limitedBy: 'none', limit: null });
    expect(r.summary.contacts).toBe(5);
    expect(r.summary.matches).toEqual({ found: 3, not_found: 1, gone: 1, ambiguous: 0, error: 0 });
    expect(r.summary.confidence).toEqual({ verified: 1, high: 1, medium: 0, low: 1 });
    expect(r.summary.platforms).toEqual([
      { platform: 'twitter', contacts: 3, found: 3, notFound: 0 },
      { platform: 'instagram', contacts: 2, found: 0, notFound: 2 },
    ]);
    expect(r.summary.actions).toEqual({ planned: 4, sent: 0, done: 0, pending: 0, failed: 0, skipped: 0 });
    expect(r.summary.actionsByType.follow?.planned).toBe(2);
    expect(r.excluded.map((e) => [e.handle, e.reason, e.detail])).toEqual([
      ['bob@example.social', 'below_min_confidence', 'low < high'],
      [null, 'account_gone', 'HTTP 410'],
      [null, 'no_account_found', null],
    ]);
    // no posts were asked for
    expect(r.posts).toBeNull();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe('renderMarkdown', () => {
  it('says what was found, what will be done and what to do next, with hostile text escaped', () => {
    const text = renderMarkdown(buildReport(input()));
    expect(text).toContain('# Moving from Twitter, Instagram to the fediverse');
    expect(text).toContain('| Twitter | 3 | 3 | 0 |');
    expect(text).toContain('## What will be done');
    expect(text).toContain('Run the same command without `--dry-run`');
    expect(text).toContain('[@jack@example.social](https://example.social/users/jack)');
    // evidence in words (was the finder/verifier names `guess + backlink`), with its detail
    expect(text).toContain('Found by trying the same user name (checked: their new profile links back to the old one): profile links https://twitter.com/jack');
    expect(text).toContain('below the minimum (high)');
    expect(text).toContain('| gone (HTTP 410) |');
    expect(text).not.toContain('<script>');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).not.toContain('](javascript:');
  });

  it('after a run, shows failed and pending actions with their reasons', () => {
    const text = renderMarkdown(buildReport(input((s) => [
      { ...s[0]!, status: 'done' },
      { ...s[1]!, status: 'failed', reason: { code: 'forbidden', detail: 'HTTP 403: This action is not allowed' } },
      { ...s[2]!, status: 'pending', reason: null },
    ])));
    expect(text).toContain('## What was done');
    expect(text).toMatch(/## Needs attention[\s\S]*\| Follow \| evil@example\.social \| failed \| not permitted \(HTTP 403: This action is not allowed\) \|/);
    expect(text).not.toMatch(/\bforbidden\b/);
    expect(text).toContain('`leave-platform status`');
    expect(text).toContain('Some actions failed');
  });
});

describe('renderHtml', () => {
  it('is one self-contained file: no scripts, no outside resources, only account links', () => {
    const html = renderHtml(buildReport(input()));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    const refs = [...html.matchAll(/\b(src|href)\s*=\s*"([^"]*)"/gi)].map((m) => `${m[1]}=${m[2]}`);
    // the low-confidence match is listed (not followed) with its link too; the javascript: actor is not linked
    expect(refs).toEqual(['href=https://example.social/users/jack', 'href=https://example.social/users/bob']);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('escapes every text: a contact named <script> stays text', () => {
    const html = renderHtml(buildReport(input()));
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('javascript:alert');
  });

  it('shows the chart of found against not found and the next steps', () => {
    const html = renderHtml(buildReport(input()));
    expect(html).toMatch(/<figure><figcaption>Found and not found, per platform<\/figcaption>[\s\S]*<svg class="bar"/);
    expect(html).toContain('3 found, 0 not found');
    expect(html).toContain('0 found, 2 not found');
    expect(html).toContain('<h2>Next steps</h2>');
    expect(html).toContain('verified: their fediverse profile links back to their old profile');
  });
});

describe('writeReport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lp-report-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('chooses the format by extension', async () => {
    const r = buildReport(input());
    await writeReport(join(dir, 'out', 'plan.json'), r);
    await writeReport(join(dir, 'plan.MD'), r);
    await writeReport(join(dir, 'plan.html'), r);
    expect(JSON.parse(await readFile(join(dir, 'out', 'plan.json'), 'utf8'))).toEqual(r);
    expect(await readFile(join(dir, 'plan.MD'), 'utf8')).toBe(renderMarkdown(r));
    expect(await readFile(join(dir, 'plan.html'), 'utf8')).toBe(renderHtml(r));
  });

  it('anything else is a usage error, before any work', async () => {
    expect(() => reportFormatFor('plan.pdf')).toThrow(UsageError);
    await expect(writeReport(join(dir, 'plan'), buildReport(input()))).rejects.toMatchObject({ hint: expect.stringContaining('.json, .md or .html') });
    expect(await readdir(dir)).toEqual([]);
  });
});
