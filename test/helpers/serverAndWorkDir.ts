/**
 * The per-test set-up of the files that run the CLI against a local test server (Mastodon or PeerTube): a
 * test makes a temp work folder and starts a server and records both here; after each test, passed or
 * failed, the server is closed and the folder removed, so that no test sees another's state.
 *
 * The files still call assertDistFresh in their own beforeAll: vitest.config.ts puts a test file in the
 * `built` project (dist/ built first) when the file itself names it.
 */
import { afterEach } from 'vitest';
import { removeTempDir } from './zipFiles.js';

export interface ServerAndWorkDir<Server> {
  /** The server the current test started, or null. */
  server: Server | null;
  /** The temp work folder the current test made, or ''. */
  work: string;
}

/** Call once at the top level of a test file: registers the afterEach that closes and removes what is recorded. */
export function serverAndWorkDirPerTest<Server extends { close(): Promise<void> }>(): ServerAndWorkDir<Server> {
  const perTest: ServerAndWorkDir<Server> = { server: null, work: '' };
  afterEach(async () => {
    await perTest.server?.close();
    perTest.server = null;
    if (perTest.work) await removeTempDir(perTest.work);
    perTest.work = '';
  });
  return perTest;
}
