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

  it('a row resolves while another row applies, and only --concurrency rows apply at once', async () => {
    work = await mkdtemp(join(tmpdir(), 'lp-run-batch-'));
    const handles: Record<string, string[]> = { 'me@a.test': ['alice@far.test', 'amy@far.test'], 'me@b.test': ['bob@other.test', 'ben@other.test'] };
    const { rows, destinations } = await twoRows(handles);
    const verified = new Set<string>();
    const verify: VerifyFn = async (handle) => {
      verified.add(handle);
      return found(handle);
    };
    // The first row to send waits, at its first write, until the other row says it waits for its turn to
    // send. Before, the other row started only once this one had finished, so this never happened (the test
    // timed out). Waiting on the event, not on the other row's lookups, keeps the test free of timing: a
    // row whose lookups are done still has steps to go before it reaches the turn to send.
    let otherWaits: () => void = () => {};
    const otherWaiting = new Promise<void>((r) => (otherWaits = r));
    const follows: string[] = [];
    let first: string | null = null;
    let lookedUpWhileSending: string[] = [];
    for (const [account, d] of Object.entries(destinations)) {
      d.onCall('follow', async () => {
        follows.push(account);
        if (first !== null) return;
        first = account;
        await otherWaiting;
        lookedUpWhileSending = [...verified];
      });
    }
    const resolver = await openSharedResolver({
      http: noHttp, clock: systemClock, stateDir: join(work, 'state'), allowHttp: false, verify, cache: memoryCache({ clock: systemClock }),
    });
    const events: BatchEvent[] = [];
    const summary = await runBatch(batchOptions(rows, { dryRun: false }), {
      http: noHttp, clock: systemClock, resolver, connect: connectTo(destinations),
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'progress' && e.phase === 'waiting') otherWaits();
      },
    });
    expect(summary.results.map((r) => r.error)).toEqual([null, null]);
    expect(summary.results.map((r) => [r.id, r.status, r.counts.done])).toEqual([['a', 'done', 2], ['b', 'done', 2]]);
    // --concurrency 1: the second row sent nothing until the first was done.
    const second = first === 'me@a.test' ? 'me@b.test' : 'me@a.test';
    expect(follows).toEqual([first, first, second, second]);
    // Every lookup was made while the first row was sending (its first write waited for the other row).
    expect(lookedUpWhileSending.sort()).toEqual(Object.values(handles).flat().sort());
    // and the row that said it was waiting for its turn is the second one.
    const waiting = events.filter((e) => e.type === 'progress' && e.phase === 'waiting').map((e) => e.row);
    expect(new Set(waiting)).toEqual(new Set([second === 'me@a.test' ? 'a' : 'b']));
  }, 10_000);

  it('a row waiting for its turn to send is stopped by the signal, having sent nothing', async () => {
    work = await mkdtemp(join(tmpdir(), 'lp-run-batch-'));
    const { rows, destinations } = await twoRows({ 'me@a.test': ['alice@far.test'], 'me@b.test': ['bob@other.test'] });
    const controller = new AbortController();
    // The first row's first write happens once the other row waits for its turn; then Ctrl-C.
    let otherWaits: () => void = () => {};
    const otherWaiting = new Promise<void>((r) => (otherWaits = r));
    let first: string | null = null;
    for (const [account, d] of Object.entries(destinations)) {
      d.onCall('follow', async () => {
        first ??= account;
        await otherWaiting;
        controller.abort(new Error('Ctrl-C'));
      });
    }
    const resolver = await openSharedResolver({
      http: noHttp, clock: systemClock, stateDir: join(work, 'state'), allowHttp: false, verify: async (h) => found(h), cache: memoryCache({ clock: systemClock }),
    });
    const summary = await runBatch(batchOptions(rows, { dryRun: false }), {
      http: noHttp, clock: systemClock, resolver, signal: controller.signal, connect: connectTo(destinations),
      onEvent: (e) => {
        if (e.type === 'progress' && e.phase === 'waiting') otherWaits();
      },
    });
    const waited = first === 'me@a.test' ? 'b' : 'a';
    expect(destinations[waited === 'a' ? 'me@a.test' : 'me@b.test']!.writes).toEqual([]);
    const row = summary.results.find((r) => r.id === waited);
    expect(row?.status).toBe('incomplete');
    expect(row?.error?.code).toBe('interrupted');
    expect(summary.exitCode).toBe(3);
  }, 10_000);
});

/** Rows a and b, each with a Mastodon export of its handles, to two accounts on fake destinations. */
async function twoRows(handles: Record<string, string[]>): Promise<{ rows: BatchRow[]; destinations: Record<string, FakeDestination> }> {
  const accounts = Object.values(handles).flat().map((acct) => ({ acct }));
  const rows: BatchRow[] = [];
  const destinations: Record<string, FakeDestination> = {};
  for (const [i, [account, theirs]] of Object.entries(handles).entries()) {
    const id = i === 0 ? 'a' : 'b';
    await mkdir(join(work, id));
    rows.push(row(id, i, [await writeMastodonFollowsExport(join(work, id), theirs)], account));
    destinations[account] = new FakeDestination({ accounts, clock: systemClock });
  }
  return { rows, destinations };
}

function connectTo(destinations: Record<string, FakeDestination>): RunBatchDeps['connect'] {
  return async (r): Promise<RowConnection | null> => {
    const destination = r.to === null ? undefined : destinations[r.to];
    return destination && r.to !== null ? { account: r.to, destination, token: 'token', tokenSource: 'env' } : null;
  };
}
