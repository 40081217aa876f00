/**
 * The batch's shared resolver keeps each contact's resolution for the other rows (issue 11's benchmark:
 * 100 rows of 500 contacts, each contact in 10 rows, spent more CPU resolving the same contacts again than
 * on the lookups). Rows share it only when their finders agree; a failed lookup is not kept; the notes and
 * the tally of a kept resolution are given to every row that uses it.
 */
import { describe, expect, it } from 'vitest';
import { boundedMemos, openSharedResolver } from '../../../src/app/batch/sharedResolve.js';
import type { ResolveOptions } from '../../../src/app/runResolve.js';
import { systemClock } from '../../../src/clock.js';
import type { FinderName } from '../../../src/model/match.js';
import { memoryCache } from '../../../src/resolve/cache.js';
import type { Finder } from '../../../src/resolve/finders/types.js';
import { resolveContacts, type MemoizedMatch, type VerifyFn } from '../../../src/resolve/resolveContacts.js';
import type { CandidateOutcome } from '../../../src/resolve/score.js';
import { model } from '../../plan/builders.js';
import { contact, fakeHttp, found } from '../../resolve/fakes.js';

const http = fakeHttp(() => ({ status: 404 }));

function options(finders: FinderName[]): ResolveOptions {
  return { to: null, maps: [], minConfidence: 'low', refresh: false, finders: new Set(finders), servers: null, token: null, stateDir: '/nonexistent' };
}

/** Names its handle in its bio, for the explicit finder. */
const ann = contact({ id: '1', username: 'ann', displayName: 'Ann', bio: 'moved to @ann@one.test' });
const bob = contact({ id: '2', username: 'bob', displayName: 'Bob', bio: 'moved to @bob@two.test' });

async function sharedResolver(verify: VerifyFn) {
  return openSharedResolver({ http, clock: systemClock, stateDir: '/nonexistent', allowHttp: false, verify, cache: memoryCache({ clock: systemClock }) });
}

describe('the shared resolver of a batch', () => {
  it('resolves a contact several rows share once: the next rows get the very same match', async () => {
    const calls: string[] = [];
    const resolver = await sharedResolver(async (handle) => {
      calls.push(handle);
      return found(handle);
    });
    const first = await resolver.resolve(model([ann, bob]), options(['explicit']), { http });
    const second = await resolver.resolve(model([bob]), options(['explicit']), { http });
    expect(first.matches.map((m) => m.handle)).toEqual(['ann@one.test', 'bob@two.test']);
    expect(second.matches[0]).toBe(first.matches[1]);
    expect(second.health).toBe('complete');
    expect(calls).toEqual(['ann@one.test', 'bob@two.test']);
    expect(resolver.lookups()).toBe(2);
  });

  it('does not share between rows whose finders differ', async () => {
    const resolver = await sharedResolver(async (handle) => found(handle));
    const first = await resolver.resolve(model([ann]), options(['explicit']), { http });
    const other = await resolver.resolve(model([ann]), options(['explicit', 'bridge']), { http });
    expect(other.matches[0]).toEqual(first.matches[0]);
    expect(other.matches[0]).not.toBe(first.matches[0]);
  });

  it('does not keep a failed lookup: the next row tries again', async () => {
    const answers: CandidateOutcome[] = [{ status: 'error', reason: 'timed out' }, found('ann@one.test')];
    const resolver = await sharedResolver(async () => answers.shift() ?? { status: 'error', reason: 'asked too often' });
    const first = await resolver.resolve(model([ann]), options(['explicit']), { http });
    const second = await resolver.resolve(model([ann]), options(['explicit']), { http });
    expect(first.matches[0]?.status).toBe('error');
    expect(first.health).toBe('all_failed');
    expect(second.matches[0]?.status).toBe('found');
    expect(second.health).toBe('complete');
    expect(resolver.lookups()).toBe(2);
  });
});

describe('resolveContacts with a memo', () => {
  it('runs the finders once per contact and gives every user the notes and verifications of the first', async () => {
    const found: string[] = [];
    const finder: Finder = {
      name: 'explicit', stage: 1,
      find: async (c) => {
        found.push(c.username ?? '');
        if (c.username === 'bob') throw new Error('bad bio');
        return [{ handle: `${c.username}@one.test`, finder: 'explicit', detail: 'test', base: 'high' }];
      },
    };
    const memo = boundedMemos(100)('scope');
    const verify: VerifyFn = async (handle) => ({ status: 'not_found', reason: `no ${handle}` });
    const run = async () => {
      const notes: string[] = [];
      const verified: string[] = [];
      const matches = await resolveContacts([ann, bob], {
        finders: [finder], verify, memo, note: (f, m) => notes.push(`${f}: ${m}`), onVerified: (o) => verified.push(o.status),
      });
      return { matches, notes, verified };
    };
    const first = await run();
    const second = await run();
    expect(found).toEqual(['ann', 'bob']);
    expect(second.matches).toEqual(first.matches);
    expect(second.notes).toEqual(first.notes);
    expect(first.notes).toEqual(['explicit: failed on a contact and was skipped for it: bad bio']);
    expect(second.verified).toEqual(['not_found']);
  });

  it('keeps at most its limit of resolutions, forgetting the oldest', () => {
    const memos = boundedMemos(2);
    const a = memos('a');
    const b = memos('b');
    const entry = Promise.resolve({} as MemoizedMatch);
    a.set('1', entry);
    a.set('2', entry);
    b.set('3', entry);
    expect([a.get('1'), a.get('2'), b.get('3')]).toEqual([undefined, entry, entry]);
    a.delete('2');
    b.set('4', entry);
    expect([a.get('2'), b.get('3'), b.get('4')]).toEqual([undefined, entry, entry]);
  });
});
