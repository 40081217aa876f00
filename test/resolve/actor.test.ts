import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeResponse } from '../../src/net/client.js';
import { fetchActor, handleOfActor, parseActor, resolveMoves } from '../../src/resolve/actor.js';
import { startFediverse, type Fediverse } from '../fediverse/index.js';

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const doc = (body: unknown, type = 'application/activity+json', url = 'https://a.example/users/x') =>
  makeResponse(url, 200, { 'content-type': type }, enc(body));

describe('parseActor', () => {
  it('reads the fields that matter, whatever shape url and attachment take', () => {
    const r = parseActor(doc({
      id: 'https://a.example/users/x', type: 'Person', preferredUsername: 'x', name: 'X', summary: '<p>hi</p>',
      url: ['https://a.example/@x', { type: 'Link', href: 'https://x.example/' }, 5],
      attachment: [{ type: 'PropertyValue', name: 'Twitter', value: '<a href="https://twitter.com/x">x</a>' }, { type: 'Note' }, 'junk'],
      alsoKnownAs: ['https://old.example/users/x', { id: 'https://older.example/users/x' }],
      manuallyApprovesFollowers: true, movedTo: { id: 'https://b.example/users/x' },
    }));
    expect(r).toEqual({ status: 'found', actor: {
      id: 'https://a.example/users/x', fetchedFrom: 'https://a.example/users/x', type: 'Person', preferredUsername: 'x',
      name: 'X', summary: '<p>hi</p>', urls: ['https://a.example/@x', 'https://x.example/'],
      attachments: [{ name: 'Twitter', value: '<a href="https://twitter.com/x">x</a>' }],
      alsoKnownAs: ['https://old.example/users/x', 'https://older.example/users/x'],
      manuallyApprovesFollowers: true, movedTo: 'https://b.example/users/x', webfinger: null,
      support: null, attributedTo: [],
    } });
    expect(parseActor(doc({ id: 'https://a.example/users/x', type: 'Service', url: 'https://a.example/@x' }))).toMatchObject({
      status: 'found', actor: { urls: ['https://a.example/@x'], manuallyApprovesFollowers: false, movedTo: null },
    });
  });

  it('reads a PeerTube channel\'s support text and the Person it is attributed to', () => {
    const r = parseActor(doc({
      id: 'https://a.example/video-channels/c', type: 'Group', preferredUsername: 'c', summary: 'about',
      support: 'Tip me at https://youtube.com/@c', attributedTo: [{ type: 'Person', id: 'https://a.example/accounts/o' }],
    }));
    expect(r).toMatchObject({ status: 'found', actor: {
      type: 'Group', support: 'Tip me at https://youtube.com/@c', attributedTo: ['https://a.example/accounts/o'],
    } });
  });

  it('rejects an actor whose id is on another host, non-actors, non-JSON and wrong content types', () => {
    expect(parseActor(doc({ id: 'https://victim.example/users/x', type: 'Person' }))).toMatchObject({ status: 'error', reason: expect.stringMatching(/another host/) });
    expect(parseActor(doc({ id: 'https://a.example/notes/1', type: 'Note' }))).toMatchObject({ status: 'error', reason: expect.stringMatching(/not an actor/) });
    expect(parseActor(doc({ type: 'Person' }))).toMatchObject({ status: 'error', reason: expect.stringMatching(/no id/) });
    expect(parseActor(doc('<html>', 'text/html'))).toMatchObject({ status: 'error', reason: expect.stringMatching(/content type/) });
    expect(parseActor(doc('{not json'))).toMatchObject({ status: 'error', reason: expect.stringMatching(/not JSON/) });
    expect(parseActor(doc('[1,2]'))).toMatchObject({ status: 'error', reason: expect.stringMatching(/object/) });
    expect(parseActor(doc({ id: 'https://a.example/users/x', type: 'Tombstone' }))).toMatchObject({ status: 'gone' });
  });

  it('derives the handle from preferredUsername and the id host, or FEP-2c59 webfinger', () => {
    const r = parseActor(doc({ id: 'https://a.example/users/x', type: 'Person', preferredUsername: 'Xy' }));
    expect(r.status === 'found' && handleOfActor(r.actor)).toBe('Xy@a.example');
    const w = parseActor(doc({ id: 'https://a.example/users/x', type: 'Person', preferredUsername: 'Xy', webfinger: 'acct:xy@example.com' }));
    expect(w.status === 'found' && handleOfActor(w.actor)).toBe('xy@example.com');
  });
});

describe('fetchActor and resolveMoves against the local fediverse', () => {
  let fed: Fediverse;
  beforeAll(async () => {
    fed = await startFediverse({
      hosts: [
        { name: 'one.example', accounts: [
          { username: 'mover', movedTo: 'mover@two.example' },
          { username: 'hop1', movedTo: 'hop2@two.example' },
          { username: 'loopa', movedTo: 'loopb@two.example' },
          { username: 'liar', movedTo: 'victim@two.example', unconfirmedMove: true },
          { username: 'todead', movedTo: 'dead@two.example' },
          { username: 'forger', actorIdHost: 'two.example' },
          { username: 'gone', gone: true },
        ] },
        { name: 'two.example', accounts: [
          { username: 'mover', name: 'Mover', manuallyApprovesFollowers: true },
          { username: 'hop2', movedTo: 'hop3@three.example' },
          { username: 'loopb', movedTo: 'loopa@one.example' },
          { username: 'victim' },
          { username: 'dead', gone: true },
        ] },
        { name: 'three.example', accounts: [{ username: 'hop3', movedTo: 'hop4@four.example' }] },
        { name: 'four.example', accounts: [{ username: 'hop4', movedTo: 'hop5@five.example' }] },
        { name: 'five.example', accounts: [{ username: 'hop5' }] },
      ],
    });
  });
  afterAll(async () => fed.close());
  const deps = () => ({ http: fed.http });
  const fetched = async (handle: string) => {
    const r = await fetchActor(fed.actorUrl(handle), deps());
    if (r.status !== 'found') throw new Error(r.reason);
    return r.actor;
  };

  it('fetches with the ActivityStreams Accept header', async () => {
    const a = await fetched('mover@two.example');
    expect(a).toMatchObject({ id: 'https://two.example/users/mover', name: 'Mover', manuallyApprovesFollowers: true, urls: ['https://two.example/@mover'] });
    expect(fed.requests('two.example').at(-1)?.headers.accept).toMatch(/application\/activity\+json/);
  });

  it('classifies 404, 410, forged ids and blocked addresses', async () => {
    expect(await fetchActor('https://one.example/users/nobody', deps())).toMatchObject({ status: 'not_found' });
    expect(await fetchActor(fed.actorUrl('gone@one.example'), deps())).toMatchObject({ status: 'gone' });
    expect(await fetchActor(fed.actorUrl('forger@one.example'), deps())).toMatchObject({ status: 'error', reason: expect.stringMatching(/another host/) });
    const strict = fed.client({ allowPrivateNetwork: false });
    expect(await fetchActor(fed.actorUrl('mover@two.example'), { http: strict })).toMatchObject({ status: 'blocked' });
    expect(await fetchActor('nonsense', deps())).toMatchObject({ status: 'error' });
  });

  it('follows movedTo to the new account and says where it came from', async () => {
    const r = await resolveMoves(await fetched('mover@one.example'), deps());
    expect(r).toMatchObject({ status: 'found', actor: { id: 'https://two.example/users/mover' }, movedFrom: { id: 'https://one.example/users/mover' } });
    const still = await resolveMoves(await fetched('victim@two.example'), deps());
    expect(still).toMatchObject({ status: 'found', movedFrom: null, chain: ['https://two.example/users/victim'] });
  });

  it('follows up to 3 hops and no more; detects loops', async () => {
    expect(await resolveMoves(await fetched('hop2@two.example'), deps())).toMatchObject({ status: 'found', actor: { id: 'https://five.example/users/hop5' } });
    expect(await resolveMoves(await fetched('hop1@one.example'), deps())).toMatchObject({ status: 'error', reason: expect.stringMatching(/more than 3 moves/) });
    expect(await resolveMoves(await fetched('loopa@one.example'), deps())).toMatchObject({ status: 'error', reason: expect.stringMatching(/loop/) });
  });

  it('refuses a move the target does not confirm, and reports a move to a gone account as gone', async () => {
    const unconfirmed = await resolveMoves(await fetched('liar@one.example'), deps());
    expect(unconfirmed).toMatchObject({ status: 'error', reason: expect.stringMatching(/alsoKnownAs/) });
    expect(await resolveMoves(await fetched('todead@one.example'), deps())).toMatchObject({ status: 'gone' });
  });
});
