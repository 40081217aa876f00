/**
 * Ctrl-C during `resolve` (issue 9, item 3): the real CLI, spawned, against a local server that holds
 * every lookup for a long time. SIGINT must end the run at once (the lookups in flight are only reads:
 * they are dropped, not waited for), with one line and exit 3, not the silent 130 of a killed process.
 *
 * "At once" is asserted without a clock: the server's answer would come only after ANSWER_AFTER_MS,
 * and the run must have ended before the server answered anything.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { makeTempDir, removeTempDir, writeZip } from '../helpers/zipFiles.js';
import { closeNow, listenOnLoopback } from '../helpers/loopbackServer.js';

/** Far beyond a prompt stop, well within the client's own 30 s timeout (so that this answer, not a timeout, would end a run that waits). */
const ANSWER_AFTER_MS = 20_000;

describe('Ctrl-C during resolve (child process)', () => {
  let dir: string;
  let archive: string;
  let mapFile: string;
  const held: Array<{ req: IncomingMessage; res: ServerResponse; timer: NodeJS.Timeout }> = [];
  let answered = 0;
  let port = 0;
  let onRequest: () => void = () => undefined;
  const server = createServer((req, res) => {
    const timer = setTimeout(() => {
      answered++;
      res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
    }, ANSWER_AFTER_MS);
    held.push({ req, res, timer });
    onRequest();
  });

  beforeAll(async () => {
    port = await listenOnLoopback(server);
    dir = await makeTempDir('lp-resolve-sigint-');
    archive = await writeZip(join(dir, 'instagram.zip'), {
      'connections/followers_and_following/following.json': JSON.stringify({
        relationships_following: ['ann', 'bea', 'cid'].map((u, i) => ({
          title: u, string_list_data: [{ href: `https://www.instagram.com/_u/${u}`, timestamp: 1700000000 + i }],
        })),
      }),
    });
    mapFile = join(dir, 'map.csv');
    await writeFile(mapFile, 'source,handle\nann,ann@slow.example\nbea,bea@slow.example\ncid,cid@slow.example\n');
  });
  afterAll(async () => {
    for (const h of held) clearTimeout(h.timer);
    await closeNow(server);
    if (dir) await removeTempDir(dir);
  });

  it('stops at once with one line, exit 3, before the server has answered anything', async () => {
    assertDistFresh(); // it runs the built CLI (listed in vitest.config.ts BUILT_TESTS, built first)
    const firstRequest = new Promise<void>((resolve) => { onRequest = resolve; });
    const child = spawn(process.execPath, [
      BIN, '--allow-http', '--allow-private-network', '--connect-to', `slow.example:127.0.0.1:${port}`,
      '--state', join(dir, 'state'), 'resolve', archive, '--map', mapFile, '--finders', 'map',
    ], { env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; answeredByThen: number }>((resolve) => {
      child.on('close', (code, signal) => resolve({ code, signal, answeredByThen: answered }));
    });

    await firstRequest; // a lookup is in flight, held by the server
    expect(child.kill('SIGINT')).toBe(true);
    const end = await exited;

    expect(end.signal).toBeNull();
    expect(end.code, stderr).toBe(3);
    expect(stderr.trim().split('\n')).toEqual(['Stopped: nothing was sent; the answers found so far are cached.']);
    expect(stdout).toBe('');
    expect(end.answeredByThen).toBe(0); // it did not wait for the server
    expect(held.length).toBeGreaterThan(0);
  }, 60_000);
});
