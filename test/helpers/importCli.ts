/**
 * The real CLI (bin/leave-platform.js, built dist/) run as a user runs it against the local Mastodon test
 * server, for the post-import tests: `--connect-to` for every host of the server, plain http and the private
 * network allowed, the token in LEAVE_PLATFORM_TOKEN, state under the test's own folder. The child leads its
 * own process group, so a test can kill -9 the whole group as a crash would. The test files check that
 * dist/ is fresh once, in beforeAll (assertDistFresh), as test/app/importServer.test.ts does.
 */
import { join } from 'node:path';
import type { MastodonTestServer } from '../mastodon-server/server.js';
import { validateRequest } from '../mastodon-server/openapi.js';
import { spawnCliInOwnGroup, type CliRun } from './spawnCli.js';

export type { CliRun };

/** Runs `leave-platform <command> ...args` with the server's connection options and `work`'s state. */
export function startCli(server: MastodonTestServer, work: string, command: 'import' | 'status', args: string[]): CliRun {
  const env = {
    PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LEAVE_PLATFORM_TOKEN: server.token,
    XDG_CONFIG_HOME: join(work, 'config'), XDG_STATE_HOME: join(work, 'xdg-state'), NO_COLOR: '1', CI: 'true',
  };
  const connect = server.connectTo().flatMap((c) => ['--connect-to', c]);
  const importArgs = command === 'import' ? ['--to', '@me@home.test', '--finders', 'explicit'] : [];
  return spawnCliInOwnGroup([
    command, ...args, ...importArgs, '--allow-http', '--allow-private-network', ...connect, '--state', join(work, 'state'),
  ], { env, cwd: work });
}

/** `import <zip> --posts --yes --json ...extra`, to the end. */
export async function importPosts(server: MastodonTestServer, work: string, zip: string, extra: string[] = []) {
  const r = await startCli(server, work, 'import', [zip, '--posts', '--yes', '--json', ...extra]).done;
  let json: ImportJson | null = null;
  try {
    json = JSON.parse(r.stdout) as ImportJson;
  } catch {
    /* not JSON (a crash): the test shows stderr */
  }
  return { ...r, json };
}

export interface ImportJson {
  counts: { done: number; pending: number; failed: number; skipped: number; left: number };
  countsByType: Record<string, Record<string, number>>;
  estimate: { seconds: number; limitedBy: string };
  stopped: null | { reason: string; limit?: string; resumeAt?: string };
  actions: { type: string; target: string; status: string; reason: string | null; detail: string | null }[];
  postsExcluded: { platform: string; id: string; reason: string; detail: string | null }[];
  notes: string[];
  warnings: string[];
}

/**
 * Problems of every API request the client sent, against Mastodon's API description (empty when all are
 * valid). Left out: requests never answered (a kill -9 cut them), and uploads whose body the server did not
 * read (it answered a repeated Idempotency-Key from memory), which leave nothing to check.
 */
export function requestProblems(server: MastodonTestServer): string[] {
  const upload = (path: string) => /^\/api\/v[12]\/media$/u.test(path);
  return server.requests
    .filter((r) => r.host === server.domain && r.path.startsWith('/api/') && r.answered !== undefined)
    .filter((r) => !(r.method === 'POST' && upload(r.path) && r.multipart === undefined))
    .flatMap((r) => validateRequest(r));
}
