/**
 * The first preview's words (issue 10 item 4): the counts of the finding as it goes (as `resolve` shows
 * them), "not found" apart from "could not be checked", a report that does not speak of "your new
 * account" when none was given, and for name-only exports (Facebook, LinkedIn) that signing in lets the
 * tool search the names.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/buildReport.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { headline, nextSteps } from '../../src/report/describe.js';
import { runCli } from '../helpers/cli.js';
import { contact, match, model } from '../plan/builders.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lp-preview-words-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('import --dry-run of a name-only export, without a sign-in', () => {
  it('shows the finding\'s counts, counts "not found", says signing in searches names, and the report fits', async () => {
    const report = join(dir, 'plan.md');
    const r = await runCli(['import', 'fixtures/facebook-sample.zip', '--dry-run', '--finders', 'map', '--state', join(dir, 'state'), '--report', report], {
      env: { XDG_CONFIG_HOME: join(dir, 'config') },
    });
    expect(r.code).toBe(0);
    // Not a terminal: plain lines, as `resolve` writes them.
    expect(r.stderr).toMatch(/^resolving: \d+\/\d+ · \d+ found · \d+ not found · \d+ left$/m);
    const total = Number(/Found 0 of (\d+) contacts/.exec(r.stdout)?.[1]);
    expect(total).toBeGreaterThan(0);
    expect(r.stdout).toContain(`  ${total} not found\n`);
    expect(r.stdout).toMatch(/known only by name .*sign in \(leave-platform login @you@your\.server\)/);
    const md = await readFile(report, 'utf8');
    expect(md).not.toContain('Nothing needs to be done on your new account');
    expect(md).toMatch(/known only by name.*sign in/);
  });
});

describe('the report', () => {
  const people = ['a', 'b', 'c', 'd'].map((u) => contact('twitter', u, ['following']));
  const base = {
    model: model(people), plan: null, states: [], estimate: null, generatedAt: '2026-01-01T00:00:00.000Z',
    matches: [
      match(people[0]!, null, null, 'not_found'),
      match(people[1]!, null, null, 'not_found'),
      match(people[2]!, null, null, 'error', { error: 'dead.example did not answer' }),
      match(people[3]!, null, null, 'error', { error: 'dead.example did not answer' }),
    ],
  };

  it('counts "could not be checked" apart from "not found"', () => {
    const report = buildReport({ ...base, destination: 'me@example.social' });
    const md = renderMarkdown(report);
    expect(md).toContain('- Not found: **2**');
    expect(md).toMatch(/- Could not be checked .*\*\*2\*\*/);
    const html = renderHtml(report);
    expect(html).toContain('<b>2</b><span>not found</span>');
    expect(html).toContain('<b>2</b><span>could not be checked</span>');
    expect(nextSteps(report).join('\n')).toMatch(/2 contacts could not be checked .*not "not found"/);
  });

  it('with no account given, does not say "nothing needs to be done on your new account"', () => {
    const report = buildReport({ ...base, destination: null });
    expect(headline(report)).not.toMatch(/your new account/);
    expect(headline(report)).toMatch(/No new account was given/);
    expect(headline(buildReport({ ...base, destination: 'me@example.social' }))).toBe('Nothing needs to be done on your new account.');
  });
});
