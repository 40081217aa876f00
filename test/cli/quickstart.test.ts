/**
 * The README quick start, `leave-platform import fixtures/twitter-sample.zip --dry-run`, run as a user
 * runs it (the built CLI in a child process), with the fixture's fediverse hosts served by the local
 * test fediverse instead of the internet (--connect-to, a throwaway CA).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFediverse, type Fediverse } from '../fediverse/index.js';
import { runCliProcess } from '../helpers/cli.js';
import { makeTempDir, removeTempDir } from '../helpers/zipFiles.js';

const FIXTURE = new URL('../../fixtures/twitter-sample.zip', import.meta.url).pathname;
const twitter = (u: string) => `<a href="https://twitter.com/${u}" rel="me">twitter.com/${u}</a>`;

describe('README quick start: import fixtures/twitter-sample.zip --dry-run', () => {
  let fed: Fediverse;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    fed = await startFediverse({
      hosts: [
        // Ada links back to her Twitter account: verified.
        { name: 'mastodon.example', accounts: [{ username: 'ada', fields: [{ name: 'Twitter', value: twitter('ada_example') }] }] },
        // Chen named this account in his display name: high.
        { name: 'fosstodon.example', accounts: [{ username: 'chen' }] },
        // Eli's account links a different Twitter account: capped at low, not followed.
        { name: 'social.example', accounts: [{ username: 'eli', fields: [{ name: 'Twitter', value: twitter('someone_else') }] }] },
        // Jules deleted the account.
        { name: 'queer.example', accounts: [{ username: 'jules', gone: true }] },
        // Mo moved to another server, which confirms the move.
        { name: 'writing.example', accounts: [{ username: 'mo', movedTo: 'mo@prose.example' }] },
        { name: 'prose.example', accounts: [{ username: 'mo', fields: [{ name: 'Twitter', value: twitter('mo_example') }] }] },
      ],
    });
    dir = await makeTempDir('lp-quickstart-');
    const ca = join(dir, 'ca.pem');
    await writeFile(ca, fed.ca);
    env = { NODE_EXTRA_CA_CERTS: ca, HOME: dir, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') };
  });
  afterAll(async () => {
    await fed?.close();
    await removeTempDir(dir);
  });

  const testing = () => ['--allow-private-network', ...fed.connectTo.flatMap((c) => ['--connect-to', c])];

  it('says what it found and what it would do, sends no write, and writes a readable report', async () => {
    const report = join(dir, 'plan.html');
    const r = await runCliProcess([...testing(), 'import', FIXTURE, '--dry-run', '--report', report], { env });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Found 4 of 39 contacts on the fediverse \(2 verified, 1 high, 1 low\)/);
    expect(r.stdout).toMatch(/1 gone/);
    expect(r.stdout).toMatch(/Would do: 3 follows;/);
    expect(r.stdout).toMatch(/Dry run: nothing was sent/);
    expect(r.stdout).toMatch(/follow @ada@mastodon\.example/);
    expect(r.stdout).toMatch(/follow @chen@fosstodon\.example/);
    expect(r.stdout).toMatch(/follow @mo@prose\.example/);
    expect(r.stdout).not.toMatch(/follow @?eli@social\.example/);
    expect(r.stdout).not.toMatch(/jules@/);
    const writes = fed.connectTo.map((c) => c.split(':')[0]!).flatMap((host) => fed.requests(host)).filter((q) => q.method !== 'GET');
    expect(writes).toEqual([]);

    const html = await readFile(report, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('ada@mastodon.example');
    expect(html).toContain('twitter.com/someone_else'); // the evidence for capping Eli at low
    expect(html).not.toMatch(/<script/i);
  });
});
