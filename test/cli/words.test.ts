/**
 * What the CLI prints for people (issue 10, item 5): `inspect` lists each platform's own files, says
 * LinkedIn "connections", writes a warning's path once; errors are short, wrapped on a terminal, with times
 * on the user's clock; `status` tells two migrations to the same account apart and says "list additions".
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigrationStatus } from '../../src/app/runStatus.js';
import { renderStatus } from '../../src/cli/commands/status.js';
import { MAX_SENTENCE, formatError } from '../../src/cli/render/error.js';
import { IncompleteError, InputError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir, removeTempDir } from '../helpers/zipFiles.js';

const fixture = (name: string) => new URL(`../../fixtures/${name}`, import.meta.url).pathname;
const FACEBOOK_2019 = new URL('../../../shared/samples/facebook/facebook-schemas-2019', import.meta.url).pathname;

let dir: string;
beforeAll(async () => { dir = await makeTempDir('lp-words-'); });
afterAll(async () => { await removeTempDir(dir); });

describe('inspect', () => {
  it('two exports given together: each platform lists only its own file', async () => {
    const twitter = fixture('twitter-sample.zip');
    const instagram = fixture('instagram-sample.zip');
    const r = await runCli(['inspect', twitter, instagram]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Platform:  twitter (layout 2022+)\nFiles:     ${twitter}\n`);
    expect(r.stdout).toContain(`Platform:  instagram (layout 2024+)\nFiles:     ${instagram}\n`);
    // Threads' data comes inside the Instagram export
    expect(r.stdout).toContain(`Platform:  threads (layout 2024+)\nFiles:     ${instagram}\n`);
  });

  it('LinkedIn connections are "connections", not "friends"', async () => {
    const r = await runCli(['inspect', fixture('linkedin-sample.zip')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/linkedin connections\s+3/);
    expect(r.stdout).not.toMatch(/linkedin friends/);
  });

  it('a warning names its file once, and long warnings wrap', async () => {
    const r = await runCli(['inspect', FACEBOOK_2019]);
    expect(r.code).toBe(0);
    const warnings = r.stdout.slice(r.stdout.indexOf('Warnings'));
    const items = warnings.split('\n  - ').slice(1).map((item) => item.replace(/\s+/g, ' '));
    expect(items.some((item) => item.includes('friends/friends.json does not hold a list we know'))).toBe(true);
    for (const item of items) expect(item.split(FACEBOOK_2019).length - 1, item).toBeLessThanOrEqual(1);
    for (const line of warnings.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});

describe('errors', () => {
  it('a folder that is no export: short lines, the advice kept, the rest behind --verbose', async () => {
    const notExport = join(dir, 'holiday');
    await mkdir(notExport, { recursive: true });
    await writeFile(join(notExport, 'notes.txt'), 'hi');
    const r = await runCli(['inspect', notExport]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(3);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(MAX_SENTENCE);
    expect(r.stderr).toContain('Check that you downloaded the export in JSON (not HTML) and gave every part.');
    expect(r.stderr).toContain('--verbose');
    const verbose = await runCli(['--verbose', 'inspect', notExport]);
    expect(verbose.stderr).toMatch(/TikTok[\s\S]*Mastodon/);
  });

  it('wrapped to the terminal width', () => {
    const error = new InputError(`x.zip does not look like a data export we know. ${'A long explanation that goes on. '.repeat(6)}`, { hint: `Supported: ${'a platform; '.repeat(20)}. Check the export.` });
    const text = formatError(error, false, { width: 80 });
    for (const line of text.trimEnd().split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(text).toContain('Check the export.');
  });

  it('a time to come back is on the user\'s clock, not a UTC ISO string', () => {
    const error = new IncompleteError('Stopped at the server\'s rate limit (follows/24h); 12 action(s) are left.', {
      resumeAt: new Date('2026-12-05T03:18:30.351Z'),
      hint: 'Run the same command again after 2026-12-05T03:18:30.351Z to resume (or allow a longer --max-wait).',
    });
    const text = formatError(error, false, { time: { now: Date.parse('2026-12-04T23:05:00Z'), timeZone: 'Europe/Berlin' } });
    expect(text).toContain('Run the same command again after 04:18 (in 4 hours) to resume');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });
});

describe('status', () => {
  const counts = { done: 3, pending: 1, failed: 0, skipped: 0, left: 2 };
  const migration = (dir: string, createdAt: string): MigrationStatus => ({
    destination: 'me@home.test', dir, createdAt,
    byType: { follow: counts, list_add: counts }, total: counts, failures: [], pendingCheck: null, recorded: false, checkNote: null,
  });

  it('two migrations to one account are told apart; kinds in words; start times on the local clock', () => {
    const text = renderStatus(
      [migration('/state/migrations/3f2a9c1b0d', '2026-12-04T20:00:00.000Z'), migration('/state/migrations/8e77aa01c4', '2026-12-05T01:00:00.000Z')],
      { now: Date.parse('2026-12-05T03:00:00Z'), timeZone: 'Europe/Berlin' },
    );
    const heads = text.split('\n').filter((l) => l.startsWith('@me@home.test'));
    expect(heads).toHaveLength(2);
    expect(heads[0]).not.toBe(heads[1]);
    expect(heads[0]).toContain('started 21:00 yesterday (7 hours ago)');
    expect(heads[0]).toContain('3f2a9c1b0d');
    expect(heads[1]).toContain('started 02:00 (2 hours ago)');
    expect(text).toContain('list additions');
    expect(text).not.toMatch(/list_add|\d{4}-\d{2}-\d{2}T/);
  });
});
