/**
 * runResolve when the network is not all there (issue 10, item 2; issue 9, item 3): the user's own server
 * is checked first, the token before any lookup, dead hosts are remembered and grouped, the run says
 * whether some or all lookups failed, and Ctrl-C drops the lookups in flight and keeps what was found.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STOPPED_MESSAGE, runResolve, type RunResolveOptions } from '../../src/app/runResolve.js';
import { InterruptedError, RemoteError } from '../../src/errors.js';
import type { FinderName } from '../../src/model/match.js';
import type { Contact, Model } from '../../src/model/types.js';
import { NetError, type HttpClient, type HttpRequest } from '../../src/net/types.js';
import { startFediverse, type Fediverse } from '../fediverse/index.js';
import { makeTempDir, removeTempDir } from '../helpers/zipFiles.js';
import { contact, fakeClock, fakeHttp, fakeVerify, found } from '../resolve/fakes.js';

const model = (contacts: Contact[]): Model => ({ version: 1, sources: [], account: null, contacts, posts: [] });
const hostOf = (req: HttpRequest) => new URL(req.url).host;

describe('runResolve when the network is not all there', () => {
  let fed: Fediverse;
  let dir: string;
  beforeAll(async () => {
    fed = await startFediverse({
      hosts: [
        { name: 'home.example', accounts: [{ username: 'me' }] },
        { name: 'ok.example', accounts: [{ username: 'ann' }] },
      ],
    });
  });
  afterAll(async () => fed.close());
  beforeEach(async () => { dir = await makeTempDir('lp-resolve-fail-'); });
  afterEach(async () => removeTempDir(dir));

  const options = (over: Partial<RunResolveOptions> = {}): RunResolveOptions => ({
    archives: ['x.zip'], to: null, maps: [], minConfidence: 'low', refresh: false,
    finders: new Set<FinderName>(['explicit']), servers: null, token: null, stateDir: dir, ...over,
  });
  /** Contacts that name their own handle in their bio (the explicit finder proposes it). */
  const naming = (...handles: string[]) => handles.map((h, i) => contact({ id: String(i + 1), username: h.split('@')[0]!, bio: `@${h}` }));
  const parseOf = (contacts: Contact[]) => async () => ({ model: model(contacts), warnings: [] });

  /** The local fediverse, where the hosts listed as dead fail as a refused connection would. */
  function withDead(dead: string[], failure: 'connect' | 'dns' = 'connect'): HttpClient & { asked: string[] } {
    const asked: string[] = [];
    return {
      asked,
      request: async (req) => {
        asked.push(req.url);
        const host = hostOf(req);
        if (dead.includes(host)) {
          throw failure === 'dns'
            ? new NetError('dns', req.url, `cannot resolve ${host}`)
            : new NetError('connect', req.url, `connection to ${host} failed (ECONNREFUSED)`);
        }
        return fed.http.request(req);
      },
    };
  }

  it('offline, --to stops at once with "Can\'t reach", before a single lookup', async () => {
    const http = withDead(['home.example', 'ok.example'], 'dns');
    const verify = fakeVerify({});
    const error = await runResolve(options({ to: '@me@home.example', finders: new Set<FinderName>(['explicit', 'guess']) }), {
      http, verify, clock: fakeClock(), parse: parseOf(naming('ann@ok.example', 'bob@ok.example')),
    }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).message).toBe("Can't reach home.example: are you online?");
    expect((error as RemoteError).exitCode).toBe(1);
    expect(verify.calls).toEqual([]);
    expect(http.asked).toEqual(['https://home.example/.well-known/nodeinfo']);
  });

  it('remembers a dead host: asked once, its contacts grouped under it; some lookups answered is "some_failed"', async () => {
    const http = withDead(['dead.example']);
    const result = await runResolve(options(), {
      http, clock: fakeClock(), concurrency: 1,
      parse: parseOf(naming('ann@ok.example', 'b@dead.example', 'c@dead.example', 'd@dead.example')),
    });
    expect(result.matches.map((m) => [m.contact.username, m.status])).toEqual([['ann', 'found'], ['b', 'error'], ['c', 'error'], ['d', 'error']]);
    expect(http.asked.filter((u) => u.includes('dead.example'))).toEqual(['https://dead.example/.well-known/webfinger?resource=acct%3Ab%40dead.example']);
    expect(result.unreachable).toHaveLength(1);
    expect(result.unreachable[0]).toMatchObject({ host: 'dead.example', failure: 'connect' });
    expect(result.unreachable[0]!.matches.map((m) => m.contact.username)).toEqual(['b', 'c', 'd']);
    expect(result.health).toBe('some_failed');
  });

  it('when every lookup failed the run is "all_failed"; when none did, "complete"', async () => {
    const allDead = await runResolve(options(), {
      http: withDead(['dead.example', 'gone.example'], 'dns'), clock: fakeClock(),
      parse: parseOf(naming('a@dead.example', 'b@gone.example', 'c@dead.example')),
    });
    expect(allDead.health).toBe('all_failed');
    expect(allDead.unreachable.map((u) => [u.host, u.failure, u.matches.length])).toEqual([['dead.example', 'dns', 2], ['gone.example', 'dns', 1]]);

    const fine = await runResolve(options({ stateDir: join(dir, 'other') }), {
      http: withDead([]), clock: fakeClock(), parse: parseOf(naming('ann@ok.example', 'nobody@ok.example')),
    });
    expect(fine.matches.map((m) => m.status)).toEqual(['found', 'not_found']);
    expect(fine.health).toBe('complete');
    expect(fine.unreachable).toEqual([]);
  });

  it('a refused LEAVE_PLATFORM_TOKEN stops the run before any contact is looked up, with advice about that variable', async () => {
    const verify = fakeVerify({ 'me@home.example': found('me@home.example', { actor: 'https://api.home.example/users/me' }) });
    const http = fakeHttp((req) => (req.url.endsWith('/api/v1/accounts/verify_credentials') ? { status: 401 } : { status: 404 }));
    const error = await runResolve(options({ to: 'me@home.example', token: 'TKN', finders: new Set<FinderName>(['search', 'guess', 'explicit']) }), {
      http, verify, clock: fakeClock(), parse: parseOf(naming('ann@ok.example')),
    }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).message).toBe('api.home.example refused the token for me@home.example (401).');
    expect((error as RemoteError).hint).toMatch(/^Check LEAVE_PLATFORM_TOKEN/);
    expect(verify.calls).toEqual(['me@home.example']); // only the user's own account, to find the API
    expect(http.log.some((r) => r.url.includes('/api/v2/search'))).toBe(false);
    expect(JSON.stringify(error)).not.toContain('TKN');
  });

  it('a stored token (import) that is refused gets the login advice instead', async () => {
    const verify = fakeVerify({ 'me@home.example': found('me@home.example') });
    const http = fakeHttp((req) => (req.url.endsWith('/api/v1/accounts/verify_credentials') ? { status: 401 } : { status: 404 }));
    const error = await runResolve(options({ to: 'me@home.example', token: 'TKN', tokenSource: 'store', finders: new Set<FinderName>(['search']) }), {
      http, verify, clock: fakeClock(), parse: parseOf([]),
    }).then(() => null, (e: unknown) => e);
    expect((error as RemoteError).hint).toBe('Run `leave-platform login me@home.example` again.');
  });

  it('Ctrl-C drops the lookup in flight, starts no other, keeps the answers so far cached, and throws InterruptedError (exit 3)', async () => {
    const controller = new AbortController();
    let sawHeld: () => void = () => undefined;
    const held = new Promise<void>((resolve) => { sawHeld = resolve; });
    const asked: string[] = [];
    // slow.example accepts the request and never answers; only the abort ends it.
    const http: HttpClient = {
      request: (req) => {
        asked.push(req.url);
        if (hostOf(req) !== 'slow.example') return fed.http.request(req);
        sawHeld();
        return new Promise((_resolve, reject) => {
          req.signal?.addEventListener('abort', () => reject(new NetError('aborted', req.url, 'request to slow.example was aborted')), { once: true });
        });
      },
    };
    const running = runResolve(options(), {
      http, clock: fakeClock(), concurrency: 1, signal: controller.signal,
      parse: parseOf(naming('ann@ok.example', 'b@slow.example', 'c@slow.example')),
    });
    await held;
    controller.abort(new Error('interrupted by Ctrl-C'));
    const error = await running.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(3);
    expect((error as InterruptedError).message).toBe(STOPPED_MESSAGE);
    expect(asked.filter((u) => u.includes('slow.example'))).toEqual(['https://slow.example/.well-known/webfinger?resource=acct%3Ab%40slow.example']);
    const cache = await readFile(join(dir, 'cache', 'resolve.jsonl'), 'utf8');
    expect(cache).toContain('verify|ann@ok.example|');
  });

  it('Ctrl-C while the user\'s own server is being checked is a stop too, not "can\'t reach"', async () => {
    const controller = new AbortController();
    const http: HttpClient = {
      request: (req) => new Promise((_resolve, reject) => {
        req.signal?.addEventListener('abort', () => reject(new NetError('aborted', req.url, 'aborted')), { once: true });
        controller.abort(new Error('interrupted by Ctrl-C'));
      }),
    };
    const error = await runResolve(options({ to: 'me@home.example' }), {
      http, clock: fakeClock(), signal: controller.signal, parse: parseOf(naming('ann@ok.example')),
    }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
  });
});
