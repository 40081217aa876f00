import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCache } from '../../src/resolve/cache.js';
import { explicitFinder } from '../../src/resolve/finders/explicit.js';
import { guessFinder } from '../../src/resolve/finders/guess.js';
import type { Finder } from '../../src/resolve/finders/types.js';
import { resolveContacts, trackHosts, type ResolveProgress } from '../../src/resolve/resolveContacts.js';
import { verifyCandidate } from '../../src/resolve/verify.js';
import { startFediverse, type Fediverse } from '../fediverse/index.js';
import { contact, fakeClock, fakeHttp, fakeVerify, found } from './fakes.js';

const guess = guessFinder({ destinationDomain: 'home.example', servers: ['big.example'] });

describe('resolveContacts', () => {
  it('runs offline finders first and skips guesses once a high match is found', async () => {
    const verify = fakeVerify({ 'jack@named.example': found('jack@named.example') });
    const [m] = await resolveContacts([contact({ bio: 'I am @jack@named.example' })], { finders: [guess, explicitFinder()], verify });
    expect(m).toMatchObject({ status: 'found', handle: 'jack@named.example', confidence: 'high' });
    expect(verify.calls).toEqual(['jack@named.example']);
  });

  it('goes on to guesses when nothing better is found, and a back-link wins over decoys', async () => {
    const verify = fakeVerify({
      'jack@home.example': found('jack@home.example'), // decoy: same name, no back-link
      'jack@big.example': (id) => found('jack@big.example', { backlink: id.platform === 'twitter' && id.username === 'jack' ? 'links https://twitter.com/jack' : null }),
    });
    const [m] = await resolveContacts([contact()], { finders: [explicitFinder(), guess], verify });
    expect(m).toMatchObject({ status: 'found', handle: 'jack@big.example', confidence: 'verified' });
    expect(verify.calls.sort()).toEqual(['jack@big.example', 'jack@home.example']);
  });

  it('checks a handle once per contact even when several finders propose it', async () => {
    const verify = fakeVerify({ 'jack@home.example': found('jack@home.example') });
    const [m] = await resolveContacts([contact({ bio: 'x', location: '@jack@home.example' })], { finders: [explicitFinder(), guess], verify, stopAt: 'verified' });
    expect(verify.calls).toEqual(['jack@home.example', 'jack@big.example']);
    expect(m?.evidence.map((e) => e.finder)).toEqual(['explicit', 'explicit', 'guess', 'guess']);
  });

  it('returns matches in contact order and reports progress counts', async () => {
    const verify = fakeVerify({ 'a@home.example': found('a@home.example'), 'c@home.example': { status: 'gone', reason: '410' } });
    const contacts = ['a', 'b', 'c'].map((u) => contact({ username: u, id: u, bio: `@${u}@home.example` }));
    const progress: ResolveProgress[] = [];
    const matches = await resolveContacts(contacts, { finders: [explicitFinder()], verify, concurrency: 2, onProgress: (p) => progress.push(p) });
    expect(matches.map((m) => m.status)).toEqual(['found', 'not_found', 'gone']);
    expect(progress).toHaveLength(3);
    expect(progress.at(-1)).toEqual({ total: 3, done: 3, found: 1, notFound: 1, other: 1, remaining: 0 });
  });

  it('a throwing finder or verifier does not stop the run', async () => {
    const broken: Finder = { name: 'website', stage: 2, find: async () => { throw new Error('boom'); } };
    const notes: string[] = [];
    const verify = async () => { throw new Error('kaput'); };
    const [m] = await resolveContacts([contact({ bio: '@jack@home.example' })], { finders: [explicitFinder(), broken], verify, note: (f, msg) => notes.push(`${f}: ${msg}`) });
    expect(m).toMatchObject({ status: 'error', error: 'jack@home.example: kaput' });
    expect(notes).toEqual(['website: failed on a contact and was skipped for it: boom']);
  });

  it('caches verifications: found and not found are reused, errors are asked again', async () => {
    const cache = memoryCache({ clock: fakeClock() });
    let fail = true;
    const verify = fakeVerify({
      'a@home.example': found('a@home.example'),
      'e@home.example': () => (fail ? { status: 'error', reason: 'timeout' } : found('e@home.example')),
    });
    const contacts = ['a', 'n', 'e'].map((u) => contact({ username: u, id: u, bio: `@${u}@home.example` }));
    await resolveContacts(contacts, { finders: [explicitFinder()], verify, cache });
    fail = false;
    const again = await resolveContacts(contacts, { finders: [explicitFinder()], verify, cache });
    expect(again.map((m) => m.status)).toEqual(['found', 'not_found', 'found']);
    expect(verify.calls).toEqual(['a@home.example', 'n@home.example', 'e@home.example', 'e@home.example']);
  });

  it('keeps up to `concurrency` contacts in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const verify = async (handle: string) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return found(handle);
    };
    const contacts = Array.from({ length: 50 }, (_, i) => contact({ username: `u${i}`, bio: `@u${i}@home.example` }));
    await resolveContacts(contacts, { finders: [explicitFinder()], verify, concurrency: 8 });
    expect(most).toBe(8);
  });
});

describe('trackHosts', () => {
  it('names the host with the most requests in flight', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const base = fakeHttp(() => ({ body: '' }));
    const t = trackHosts({ request: async (req) => { await gate; return base.request(req); } });
    expect(t.busiestHost()).toBeNull();
    const reqs = [t.http.request({ url: 'https://a.example/x' }), t.http.request({ url: 'https://b.example/x' }), t.http.request({ url: 'https://b.example/y' })];
    expect(t.busiestHost()).toBe('b.example');
    release();
    await Promise.all(reqs);
    expect(t.busiestHost()).toBeNull();
  });
});

describe('resolveContacts through the local fediverse: a link to a different account caps at low', () => {
  let fed: Fediverse;
  const link = (url: string) => `<a href="${url}" rel="nofollow noopener me" target="_blank">${url.replace(/^https:\/\//, '')}</a>`;
  beforeAll(async () => {
    fed = await startFediverse({
      hosts: [{ name: 'social.example', accounts: [
        { username: 'jack2', name: 'Jack Two', fields: [{ name: 'Twitter', value: link('https://twitter.com/jack2') }] },
        { username: 'jack', name: 'Jack', fields: [{ name: 'Twitter', value: link('https://x.com/jack') }] },
        { username: 'plain', name: 'Plain' },
      ] }],
    });
  });
  afterAll(async () => fed.close());

  it('an explicitly named handle is high, verified with a back-link, and low when it links someone else', async () => {
    const named = (handle: string, username: string) =>
      contact({ id: null, username, displayName: `${username} (${handle})` });
    const matches = await resolveContacts(
      [named('@jack2@social.example', 'jack'), named('@jack@social.example', 'jack'), named('@plain@social.example', 'jack')],
      { finders: [explicitFinder()], verify: (handle, identity) => verifyCandidate(handle, identity, { http: fed.http }) },
    );
    expect(matches.map((m) => [m.status, m.handle, m.confidence])).toEqual([
      ['found', 'jack2@social.example', 'low'],
      ['found', 'jack@social.example', 'verified'],
      ['found', 'plain@social.example', 'high'],
    ]);
    expect(matches[0]?.evidence).toContainEqual({
      finder: 'explicit', verifier: 'backlink',
      detail: 'links to a different account: profile field "Twitter" links https://twitter.com/jack2 (twitter account jack2; the contact is jack)',
    });
  });
});
