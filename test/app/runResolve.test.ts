import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FINDERS, runResolve, type RunResolveOptions } from '../../src/app/runResolve.js';
import type { FinderName } from '../../src/model/match.js';
import type { Contact, Model } from '../../src/model/types.js';
import { contact, fakeClock, fakeHttp, fakeVerify, found } from '../resolve/fakes.js';
import { makeTempDir, removeTempDir } from '../helpers/zipFiles.js';

const model = (contacts: Contact[]): Model => ({ version: 1, sources: [], account: null, contacts, posts: [] });

describe('runResolve', () => {
  let dir: string;
  beforeEach(async () => { dir = await makeTempDir('lp-run-resolve-'); });
  afterEach(async () => removeTempDir(dir));

  const options = (over: Partial<RunResolveOptions> = {}): RunResolveOptions => ({
    archives: ['x.zip'], to: null, maps: [], minConfidence: 'low', refresh: false,
    finders: new Set<FinderName>(DEFAULT_FINDERS), servers: ['big.example'], token: null, stateDir: dir, ...over,
  });

  it('resolves, filters by --min-confidence, notes a skipped search, and writes the cache in the state dir', async () => {
    const verify = fakeVerify({
      'ann@big.example': found('ann@big.example'),
      'bea@named.example': found('bea@named.example', { backlink: 'field links twitter.com/bea' }),
    });
    const http = fakeHttp(() => ({ status: 404 }));
    const contacts = [contact({ username: 'ann', id: '1' }), contact({ username: 'bea', id: '2', bio: '@bea@named.example' })];
    const result = await runResolve(options({ minConfidence: 'high', to: '@me@home.example' }), {
      http, verify, clock: fakeClock(), parse: async () => ({ model: model(contacts), warnings: [{ file: 'x.zip', message: 'odd file' }] }),
    });
    expect(result.matches.map((m) => [m.contact.username, m.status, m.confidence])).toEqual([['bea', 'found', 'verified']]);
    expect(result.hidden).toBe(1);
    expect(result.notes).toEqual(['search: skipped: no token (set LEAVE_PLATFORM_TOKEN to a token of your new account with read:search)']);
    expect(result.warnings).toEqual(['x.zip: odd file']);
    const cache = await readFile(join(dir, 'cache', 'resolve.jsonl'), 'utf8');
    expect(cache).toContain('verify|bea@named.example|twitter|2|bea|');
    expect(verify.calls).toContain('ann@home.example'); // the destination is guessed first
  });

  it('finds the API host through the user\'s own actor and searches there with the token', async () => {
    const verify = fakeVerify({
      'me@home.example': found('me@home.example', { actor: 'https://api.home.example/users/me' }),
      'zed@far.example': found('zed@far.example'),
    });
    const http = fakeHttp((req) => (req.url.startsWith('https://api.home.example/api/v2/search')
      ? { body: { accounts: [{ acct: 'zed@far.example', username: 'zed', display_name: 'Zed Zedson' }] } }
      : { status: 404 }));
    const result = await runResolve(options({ to: 'me@home.example', token: 'TKN', finders: new Set<FinderName>(['search']) }), {
      http, verify, clock: fakeClock(), parse: async () => ({ model: model([contact({ username: 'zz', displayName: 'Zed Zedson' })]), warnings: [] }),
    });
    expect(result.matches[0]).toMatchObject({ status: 'found', handle: 'zed@far.example', confidence: 'medium' });
    expect(result.notes).toEqual([]);
    expect(JSON.stringify(result)).not.toContain('TKN');
  });

  it('says so when the user\'s own account cannot be found, and still guesses', async () => {
    const verify = fakeVerify({});
    const result = await runResolve(options({ to: 'me@home.example', token: 'TKN' }), {
      http: fakeHttp(() => ({ status: 404 })), verify, clock: fakeClock(), parse: async () => ({ model: model([contact()]), warnings: [] }),
    });
    expect(result.notes[0]).toMatch(/^search: skipped: your account me@home\.example could not be found/);
    expect(verify.calls).toEqual(expect.arrayContaining(['jack@home.example', 'jack@big.example']));
  });

  it('reads --map files and reports their bad rows', async () => {
    const map = join(dir, 'm.csv');
    await writeFile(map, 'source,handle\njack,jack@moved.example\nx,nope\n');
    const verify = fakeVerify({ 'jack@moved.example': found('jack@moved.example') });
    const warned: string[] = [];
    const result = await runResolve(options({ maps: [map], finders: new Set<FinderName>(['map']) }), {
      http: fakeHttp(() => ({ status: 404 })), verify, clock: fakeClock(), onWarning: (m) => warned.push(m),
      parse: async () => ({ model: model([contact()]), warnings: [] }),
    });
    expect(result.matches[0]).toMatchObject({ status: 'found', handle: 'jack@moved.example', confidence: 'high' });
    expect(warned).toEqual([`${map}:3: "nope" is not a fediverse handle (user@host), row skipped`]);
  });
});
