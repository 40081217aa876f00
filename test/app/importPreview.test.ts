/**
 * The first preview must be useful (issue 10 item 4): `import --dry-run` without a sign-in uses the same
 * finders as `resolve` with the same options (it used to run only `explicit` and `map`, ignore --servers
 * and find 0 where resolve found the accounts), and tells the finding's progress as it goes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport, type RunImportOptions } from '../../src/app/runImport.js';
import { runResolve, DEFAULT_FINDERS, type ResolveOptions } from '../../src/app/runResolve.js';
import { systemClock } from '../../src/clock.js';
import type { ResolveProgress } from '../../src/resolve/resolveContacts.js';
import { mastodonClientSetup } from '../mastodon-server/client.js';
import { contact, model } from '../plan/builders.js';

// Accounts on a server the user names with --servers; the export knows these people by user name only.
const startServer = mastodonClientSetup([{ acct: 'alice@far.test' }, { acct: 'bob@far.test' }]);
const exportModel = model([
  contact('twitter', 'alice', ['following']),
  contact('twitter', 'bob', ['following']),
  contact('twitter', 'nobody', ['following']),
]);

let work = '';
afterEach(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  work = '';
});

function dryRun(stateDir: string): RunImportOptions {
  return {
    archives: ['export.zip'], to: null, dryRun: true, report: null, csv: null, maps: [], minConfidence: 'low',
    follows: true, followFollowers: false, blocks: false, mutes: false, lists: false,
    posts: null, finders: null, servers: ['far.test'], stateDir, allowHttp: true,
  };
}

describe('import --dry-run without a sign-in', () => {
  it('runs the finders resolve runs without a token, with --servers', async () => {
    let asked: ResolveOptions | null = null;
    await runImport(dryRun('/nonexistent-state'), {
      http: null as never, clock: systemClock, destination: null, token: null,
      parse: async () => ({ model: exportModel, warnings: [] }),
      resolve: async (_model, options) => {
        asked = options;
        return { matches: [], hidden: 0, notes: [], warnings: [], unreachable: [], health: 'complete' };
      },
    });
    expect(asked).not.toBeNull();
    // Search needs a token, in resolve too (it skips itself there); every other default finder runs.
    expect([...asked!.finders].sort()).toEqual(DEFAULT_FINDERS.filter((f) => f !== 'search').sort());
    expect(asked!.servers).toEqual(['far.test']);
  });

  it('finds what resolve finds with the same options, and says how far it got while finding', async () => {
    work = await mkdtemp(join(tmpdir(), 'lp-preview-'));
    const { http } = await startServer();
    const progress: ResolveProgress[] = [];
    const imported = await runImport(dryRun(join(work, 'import-state')), {
      http, clock: systemClock, destination: null, token: null,
      parse: async () => ({ model: exportModel, warnings: [] }),
      onResolveProgress: (p) => progress.push(p),
    });
    const resolved = await runResolve({
      archives: ['export.zip'], to: null, maps: [], minConfidence: 'low', refresh: false, finders: new Set(DEFAULT_FINDERS),
      servers: ['far.test'], token: null, stateDir: join(work, 'resolve-state'), allowHttp: true,
    }, { http, parse: async () => ({ model: exportModel, warnings: [] }) });

    const found = (ms: { status: string; handle: string | null }[]) => ms.filter((m) => m.status === 'found').map((m) => m.handle).sort();
    expect(found(resolved.matches)).toEqual(['alice@far.test', 'bob@far.test']);
    expect(found(imported.matches)).toEqual(found(resolved.matches));
    expect(progress.at(-1)).toMatchObject({ total: 3, done: 3, found: 2, remaining: 0 });
  });
});

