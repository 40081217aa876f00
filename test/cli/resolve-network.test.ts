/**
 * `resolve` through main() when servers cannot be reached (issue 10, item 2): one sentence and exit 1 when
 * the user's own server is not there; one line per dead server, not one per contact; exit 3 when some
 * lookups failed and 1 when all did. The servers are a local plain-http fediverse and a closed port.
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Match } from '../../src/model/match.js';
import { startFediverse, type Fediverse } from '../fediverse/index.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir, removeTempDir, writeZip } from '../helpers/zipFiles.js';

function following(usernames: string[]): string {
  return JSON.stringify({
    relationships_following: usernames.map((u, i) => ({
      title: u,
      string_list_data: [{ href: `https://www.instagram.com/_u/${u}`, timestamp: 1700000000 + i }],
    })),
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('leave-platform resolve when servers cannot be reached', () => {
  let fed: Fediverse;
  let dir: string;
  let archive: string;
  let someDead: string;
  let allDead: string;
  let closed: number;
  const net = () => [
    '--allow-http', '--allow-private-network',
    ...fed.connectTo.flatMap((c) => ['--connect-to', c]),
    '--connect-to', `dead.example:127.0.0.1:${closed}`,
    '--connect-to', `offline.example:127.0.0.1:${closed}`,
  ];

  beforeAll(async () => {
    fed = await startFediverse({ protocol: 'http', hosts: [{ name: 'home.example', accounts: [{ username: 'me' }, { username: 'ann' }] }] });
    closed = await closedPort();
    dir = await makeTempDir('lp-resolve-net-');
    archive = await writeZip(join(dir, 'instagram.zip'), {
      'connections/followers_and_following/following.json': following(['ann', 'bea', 'cid', 'dot']),
    });
    someDead = join(dir, 'some.csv');
    await writeFile(someDead, 'source,handle\nann,ann@home.example\nbea,bea@dead.example\ncid,cid@dead.example\ndot,dot@dead.example\n');
    allDead = join(dir, 'all.csv');
    await writeFile(allDead, 'source,handle\nann,ann@dead.example\nbea,bea@dead.example\ncid,cid@dead.example\ndot,dot@dead.example\n');
  });
  afterAll(async () => {
    await fed?.close();
    if (dir) await removeTempDir(dir);
  });

  it('--to a server that cannot be reached: one sentence, exit 1, no table', async () => {
    const run = await runCli([...net(), '--state', join(dir, 's1'), 'resolve', archive, '--to', '@me@offline.example', '--map', someDead]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe("Error: Can't reach offline.example: are you online?");
    expect(run.stderr).not.toMatch(/WebFinger|Check the handle/);
    expect(run.stderr.trim().split('\n')).toHaveLength(2); // the sentence and what went wrong
    expect(fed.totalRequests()).toBe(0);
  });

  it('contacts on a dead server are one line for that server; some lookups failed: exit 3', async () => {
    const run = await runCli([...net(), '--state', join(dir, 's2'), 'resolve', archive, '--to', '@me@home.example', '--map', someDead, '--finders', 'map']);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toMatch(/instagram:@ann\s+found/);
    expect(run.stdout).toMatch(/4 contacts, 1 found, 0 not found, 3 failed \(run again to retry them\)\./);
    expect(run.stdout).toContain('Could not reach 1 server (run again later to retry):\n  dead.example: 3 contacts not checked (the connection failed)\n');
    // no row per contact for them, and the reason is said once
    expect(run.stdout).not.toMatch(/instagram:@(bea|cid|dot)/);
    expect(run.stdout.match(/ECONNREFUSED|connection failed/g)).toHaveLength(1);
    expect(run.stderr).toMatch(/Some lookups failed; run the same command again to retry them/);
  });

  it('--json stays one entry per contact; the grouped line goes to stderr; exit 3 too', async () => {
    const run = await runCli([...net(), '--json', '--state', join(dir, 's3'), 'resolve', archive, '--to', '@me@home.example', '--map', someDead, '--finders', 'map']);
    expect(run.code, run.stderr).toBe(3);
    const out = JSON.parse(run.stdout) as { matches: Match[] };
    expect(out.matches.map((m) => [m.contact.username, m.status])).toEqual([['ann', 'found'], ['bea', 'error'], ['cid', 'error'], ['dot', 'error']]);
    expect(run.stderr).toContain('  dead.example: 3 contacts not checked (the connection failed)\n');
  });

  it('every lookup failed: exit 1', async () => {
    const run = await runCli([...net(), '--state', join(dir, 's4'), 'resolve', archive, '--map', allDead, '--finders', 'map']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('  dead.example: 4 contacts not checked (the connection failed)\n');
    expect(run.stderr).toMatch(/^Error: Every lookup failed: no contact could be checked\.$/m);
  });
});
