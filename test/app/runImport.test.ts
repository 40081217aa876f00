/**
 * `runImport` in-process against the local Mastodon test server, for what the CLI-level tests
 * (importServer.test.ts) cannot set up: a destination signed in as another account than --to.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeMastodonFollowsExport } from '../helpers/zipFiles.js';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport, type RunImportOptions } from '../../src/app/runImport.js';
import { systemClock } from '../../src/clock.js';
import { UsageError } from '../../src/errors.js';
import { mastodonClientSetup } from '../mastodon-server/client.js';

const CONTACTS = ['alice@far.test', 'carol@other.test'];
const startServer = mastodonClientSetup(CONTACTS.map((acct) => ({ acct })));
let work = '';

afterEach(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  work = '';
});


function options(archive: string, to: string): RunImportOptions {
  return {
    archives: [archive], to, dryRun: false, report: null, csv: null, maps: [], minConfidence: 'high',
    follows: true, followFollowers: false, blocks: false, mutes: false, lists: false,
    posts: null, finders: new Set(['explicit']), servers: null,
    stateDir: join(work, 'state'), allowHttp: true,
  };
}

describe('runImport', () => {
  it('refuses a destination signed in as another account than --to, before any journal or write', async () => {
    work = await mkdtemp(join(tmpdir(), 'lp-run-import-'));
    const { server, http, client } = await startServer({ me: 'someone' });
    const error = await runImport(options(await writeMastodonFollowsExport(work, CONTACTS), 'me@home.test'), { http, clock: systemClock, destination: client, token: server.token })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('The token in use signs in as someone, not me@home.test.');
    expect(server.writeRequests()).toEqual([]);
    expect(await readdir(join(work, 'state', 'migrations')).catch(() => [])).toEqual([]);
  });

  it('runs for the account the destination is signed in as, whatever the case of its name on the server', async () => {
    work = await mkdtemp(join(tmpdir(), 'lp-run-import-'));
    const { server, http, client } = await startServer({ me: 'Me' });
    const result = await runImport(options(await writeMastodonFollowsExport(work, CONTACTS), 'me@home.test'), { http, clock: systemClock, destination: client, token: server.token });
    expect(result.counts).toMatchObject({ done: 2, failed: 0, left: 0 });
    expect(server.followedAccts()).toEqual(CONTACTS);
  });
});
