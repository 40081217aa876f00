/**
 * The real CLI (bin/leave-platform.js, built dist/) against the local PeerTube test server, as a user runs it:
 * `--connect-to` for every host of the server's fediverse, plain http and the private network allowed, the
 * token in LEAVE_PLATFORM_TOKEN unless the test signs in, state and config under the test's own folder. The
 * child leads its own process group, so a test can kill -9 the whole group as a crash would.
 */
import { join } from 'node:path';
import type { PeerTubeTestServer } from '../peertube-server/server.js';
import { spawnCliInOwnGroup, type CliRun } from '../helpers/spawnCli.js';

export function startPeerTubeCli(server: PeerTubeTestServer, work: string, args: string[], options: { token?: string | null } = {}): CliRun {
  const token = options.token === undefined ? server.token : options.token;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '',
    XDG_CONFIG_HOME: join(work, 'config'), XDG_STATE_HOME: join(work, 'xdg-state'), NO_COLOR: '1', CI: 'true',
    ...(token !== null ? { LEAVE_PLATFORM_TOKEN: token } : {}),
  };
  const connect = server.connectTo().flatMap((c) => ['--connect-to', c]);
  return spawnCliInOwnGroup([
    ...args, '--allow-http', '--allow-private-network', ...connect, '--state', join(work, 'state'),
  ], { env, cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface ImportJson {
  counts: { done: number; pending: number; failed: number; skipped: number; left: number };
  countsByType: Record<string, Record<string, number>>;
  stopped: null | { reason: string };
  actions: { type: string; target: string; status: string; reason: string | null; detail: string | null }[];
  notes: string[];
  warnings: string[];
}

/** `import <zip> --to @me@<domain> --posts --yes --json ...extra`, to the end. */
export async function importToPeerTube(server: PeerTubeTestServer, work: string, zip: string, extra: string[] = []) {
  const r = await startPeerTubeCli(server, work, ['import', zip, '--to', `@${server.username}@${server.domain}`, '--posts', '--yes', '--json', ...extra]).done;
  let json: ImportJson | null = null;
  try {
    json = JSON.parse(r.stdout) as ImportJson;
  } catch {
    /* not JSON (a crash or an error): the test shows stderr */
  }
  return { ...r, json };
}
