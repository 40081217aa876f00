/**
 * runBatch's two limits (issue 11's benchmark): the phases that only read run for many rows at once, so
 * their lookups are in flight together, and only the apply phase is held to --concurrency. In-process,
 * with a verifier and destinations that are fakes, so the tests can see what runs at the same time.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBatch, type RowConnection, type RunBatchDeps, type RunBatchOptions } from '../../../src/app/batch/runBatch.js';
import { openSharedResolver } from '../../../src/app/batch/sharedResolve.js';
import type { BatchEvent, BatchRow } from '../../../src/app/batch/types.js';
import { systemClock } from '../../../src/clock.js';
import { memoryCache } from '../../../src/resolve/cache.js';
import type { VerifyFn } from '../../../src/resolve/resolveContacts.js';
import { FakeDestination } from '../../apply/fakeDestination.js';
import { model } from '../../plan/builders.js';
import { contact, fakeHttp, found } from '../../resolve/fakes.js';
import { writeMastodonFollowsExport } from '../../helpers/zipFiles.js';

let work = '';
afterEach(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  work = '';
});

/** A contact as a Mastodon export gives it (src/sources/mastodon/accounts.ts): the explicit finder proposes its handle. */
const mastodonContact = (handle: string) => {
  const [user, host] = handle.split('@');
  const profileUrl = `https://${host}/@${user}`;
  return contact({ platform: 'mastodon', id: handle, username: user ?? null, displayName: null, profileUrl, urls: [profileUrl] });
};

function row(id: string, index: number, archives: string[], to: string | null): BatchRow {
  return { id, index, archives, to, token: to === null ? { kind: 'login' } : { kind: 'env', name: 'T' }, options: { finders: ['explicit'] } };
}

function batchOptions(rows: BatchRow[], over: Partial<RunBatchOptions> = {}): RunBatchOptions {
  return { manifest: 'batch.json', rows, concurrency: 1, dryRun: true, report: null, stateDir: join(work, 'state'), allowHttp: false, shard: null, ...over };
}

/** Only the rows' own servers are asked anything (is it there?): any answer says yes. */
const noHttp = fakeHttp(() => ({ status: 404 }));

describe('runBatch', () => {
  it('reads several rows at once with --concurrency 1: their lookups are in flight together', async () => {
    work = await mkdtemp(join(tmpdir(), 'lp-run-batch-'));
    const handles: Record<string, string[]> = {
      a: ['ann@one.test', 'abe@two.test'], b: ['bea@one.test', 'bo@two.test'], c: ['cy@one.test', 'cal@two.test'],
    };
    let inFlight = 0;
    let most = 0;
    const verify: VerifyFn = async (handle) => {
      most = Math.max(most, ++inFlight);
      // One turn of the event loop: every row that is reading has asked by then (the fakes below answer
      // at once, with no I/O).
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return found(handle);
    };
    const resolver = await openSharedResolver({
      http: noHttp, clock: systemClock, stateDir: join(work, 'state'), allowHttp: false, verify, cache: memoryCache({ clock: systemClock }),
    });
    const rows = Object.keys(handles).map((id, i) => row(id, i, [`${id}.zip`], null));
    const summary = await runBatch(batchOptions(rows), {
      http: noHttp, clock: systemClock, resolver, connect: async () => null, onEvent: () => {},
      parse: async ([archive]) => ({ model: model((handles[archive!.replace('.zip', '')] ?? []).map(mastodonContact)), warnings: [] }),
    });
    expect(summary.results.map((r) => r.error)).toEqual([null, null, null]);
    expect(summary.exitCode).toBe(0);
    expect(summary.lookups).toBe(6);
    // Before: rows read --concurrency at a time, so at most one row's 2 lookups were in flight.
    expect(most).toBe(6);
  });

  it('a row resolves while an earlier row applies, and only --concurrency rows apply at once', async () => {
    work = await mkdtemp(join(tmpdir(), 'lp-run-batch-'));
    const A = ['alice@far.test', 'amy@far.test'];
    const B = ['bob@other.test', 'ben@other.test'];
    await mkdir(join(work, 'a'));
    await mkdir(join(work, 'b'));
    const archives = { a: await writeMastodonFollowsExport(join(work, 'a'), A), b: await writeMastodonFollowsExport(join(work, 'b'), B) };
    const accounts = [...A, ...B].map((acct) => ({ acct }));
    const destinations: Record<string, FakeDestination> = {
      'me@a.test': new FakeDestination({ accounts, clock: systemClock }),
      'me@b.test': new FakeDestination({ accounts, clock: systemClock }),
    };
    const verified = new Set<string>();
    let bLookedUp: () => void = () => {};
    const bWasLookedUp = new Promise<void>((r) => (bLookedUp = r));
    const verify: VerifyFn = async (handle) => {
      verified.add(handle);
      if (B.every((h) => verified.has(h))) bLookedUp();
      return found(handle);
    };
    const follows: string[] = [];
    for (const [account, d] of Object.entries(destinations)) {
      d.onCall('follow', async () => {
        follows.push(account);
        // Row a's first write waits for row b's lookups. Before, row b started only after row a had
        // finished, so this never returned (the test timed out).
        if (account === 'me@a.test') await bWasLookedUp;
      });
    }
    const resolver = await openSharedResolver({
      http: noHttp, clock: systemClock, stateDir: join(work, 'state'), allowHttp: false, verify, cache: memoryCache({ clock: systemClock }),
    });
    const connect: RunBatchDeps['connect'] = async (r): Promise<RowConnection | null> => {
      const destination = r.to === null ? undefined : destinations[r.to];
      return destination && r.to !== null ? { account: r.to, destination, token: 'token', tokenSource: 'env' } : null;
    };
    const events: BatchEvent[] = [];
    const summary = await runBatch(batchOptions([row('a', 0, [archives.a], 'me@a.test'), row('b', 1, [archives.b], 'me@b.test')], { dryRun: false }), {
      http: noHttp, clock: systemClock, resolver, connect, onEvent: (e) => events.push(e),
    });
    expect(summary.results.map((r) => r.error)).toEqual([null, null]);
    expect(summary.results.map((r) => [r.id, r.status, r.counts.done])).toEqual([['a', 'done', 2], ['b', 'done', 2]]);
    // --concurrency 1: row b sent nothing until row a was done.
    expect(follows).toEqual(['me@a.test', 'me@a.test', 'me@b.test', 'me@b.test']);
    // Row b said it was waiting for its turn to send.
    expect(events).toContainEqual(expect.objectContaining({ type: 'progress', row: 'b', phase: 'waiting' }));
  }, 20_000);

  it('a row waiting for its turn to send is stopped by the signal, having sent nothing', async () => {
    work = await mkdtemp(join(tmpdir(), 'lp-run-batch-'));
    const A = ['alice@far.test'];
    const B = ['bob@other.test'];
    await mkdir(join(work, 'a'));
    await mkdir(join(work, 'b'));
    const archives = { a: await writeMastodonFollowsExport(join(work, 'a'), A), b: await writeMastodonFollowsExport(join(work, 'b'), B) };
    const accounts = [...A, ...B].map((acct) => ({ acct }));
    const a = new FakeDestination({ accounts, clock: systemClock });
    const b = new FakeDestination({ accounts, clock: systemClock });
    const controller = new AbortController();
    const events: BatchEvent[] = [];
    // Row a's first write happens once row b waits for its turn; then Ctrl-C.
    let bWaits: () => void = () => {};
    const bWaiting = new Promise<void>((r) => (bWaits = r));
    a.onCall('follow', async () => {
      await bWaiting;
      controller.abort(new Error('Ctrl-C'));
    });
    const resolver = await openSharedResolver({
      http: noHttp, clock: systemClock, stateDir: join(work, 'state'), allowHttp: false, verify: async (h) => found(h), cache: memoryCache({ clock: systemClock }),
    });
    const summary = await runBatch(batchOptions([row('a', 0, [archives.a], 'me@a.test'), row('b', 1, [archives.b], 'me@b.test')], { dryRun: false }), {
      http: noHttp, clock: systemClock, resolver, signal: controller.signal,
      connect: async (r) => ({ account: r.to ?? '', destination: r.id === 'a' ? a : b, token: 'token', tokenSource: 'env' }),
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'progress' && e.row === 'b' && e.phase === 'waiting') bWaits();
      },
    });
    expect(b.writes).toEqual([]);
    const rowB = summary.results.find((r) => r.id === 'b');
    expect(rowB?.status).toBe('incomplete');
    expect(rowB?.error?.code).toBe('interrupted');
    expect(summary.exitCode).toBe(3);
  }, 20_000);
});
