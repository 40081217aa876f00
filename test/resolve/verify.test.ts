import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacklinkIdentity } from '../../src/resolve/backlink.js';
import { verifyCandidate } from '../../src/resolve/verify.js';
import { startFediverse, type Fediverse } from '../fediverse/index.js';

const link = (url: string) => `<a href="${url}" rel="nofollow noopener me" target="_blank">${url.replace(/^https:\/\//, '')}</a>`;
const jack: BacklinkIdentity = { platform: 'twitter', id: '12', username: 'jack', profileUrl: null };

describe('verifyCandidate against the local fediverse', () => {
  let fed: Fediverse;
  beforeAll(async () => {
    fed = await startFediverse({
      hosts: [
        { name: 'social.example', accounts: [
          { username: 'jack', name: 'Jack', fields: [{ name: 'Twitter', value: link('https://twitter.com/jack') }] },
          { username: 'locked', name: ' ', manuallyApprovesFollowers: true, summary: '<p>x.com/jack</p>' },
          { username: 'gone', gone: true },
        ] },
        { name: 'decoy.example', accounts: [
          { username: 'jack', name: 'Jack', summary: '<p>I am @jack, not that one</p>' },
          { username: 'jack2', fields: [{ name: 'Twitter', value: link('https://twitter.com/jack2') }] },
          { username: 'other', fields: [{ name: 'Twitter', value: link('https://twitter.com/intent/user?user_id=13') }] },
          { username: 'forged', actorIdHost: 'social.example' },
          { username: 'both', fields: [{ name: 'Art', value: link('https://twitter.com/jack_art2') }, { name: 'Friend', value: link('https://twitter.com/jack') }] },
        ] },
        { name: 'old.example', accounts: [
          { username: 'jack', fields: [{ name: 'bird', value: link('https://x.com/jack') }], movedTo: 'jack@new.example' },
        ] },
        { name: 'oldother.example', accounts: [
          { username: 'jack', fields: [{ name: 'bird', value: link('https://twitter.com/jackson') }], movedTo: 'jack@new.example' },
        ] },
        { name: 'new.example', accounts: [{ username: 'jack', name: 'Jack (new)', manuallyApprovesFollowers: true }] },
        { name: 'example.org', webfingerRedirectTo: 'ap.example.org' },
        { name: 'ap.example.org', accountDomain: 'example.org', accounts: [{ username: 'carol', url: [{ type: 'Link', href: 'https://twitter.com/carol' }] }] },
        { name: 'borrow.example', accounts: [{ username: 'jack', selfHref: 'https://social.example/users/jack' }] },
      ],
    });
  });
  afterAll(async () => fed.close());
  const deps = () => ({ http: fed.http });

  it('verifies an account with a back-link to the contact', async () => {
    expect(await verifyCandidate('jack@social.example', jack, deps())).toEqual({
      status: 'found', handle: 'jack@social.example', actor: 'https://social.example/users/jack',
      backlink: 'profile field "Twitter" links https://twitter.com/jack', conflictingBacklink: null, locked: false, movedFrom: null, displayName: 'Jack',
    });
  });

  it('finds decoys but never gives them a back-link; a link to another account on the platform is reported', async () => {
    expect(await verifyCandidate('jack@decoy.example', jack, deps())).toMatchObject({ status: 'found', backlink: null, conflictingBacklink: null });
    expect(await verifyCandidate('jack2@decoy.example', jack, deps())).toMatchObject({
      status: 'found', backlink: null,
      conflictingBacklink: 'profile field "Twitter" links https://twitter.com/jack2 (twitter account jack2; the contact is jack / 12)',
    });
    expect(await verifyCandidate('other@decoy.example', jack, deps())).toMatchObject({
      status: 'found', backlink: null, conflictingBacklink: expect.stringContaining('twitter id 13'),
    });
  });

  it('a matching back-link wins over a link to someone else (no conflict reported)', async () => {
    expect(await verifyCandidate('both@decoy.example', jack, deps())).toMatchObject({
      status: 'found', backlink: 'profile field "Friend" links https://twitter.com/jack', conflictingBacklink: null,
    });
  });

  it('reports a conflict found on the account moved away from', async () => {
    expect(await verifyCandidate('jack@oldother.example', jack, deps())).toMatchObject({
      status: 'found', handle: 'jack@new.example', backlink: null,
      conflictingBacklink: expect.stringMatching(/twitter\.com\/jackson .*\(on the old account jack@oldother\.example\)$/),
    });
  });

  it('notes locked accounts and a blank display name', async () => {
    expect(await verifyCandidate('locked@social.example', jack, deps())).toMatchObject({
      status: 'found', locked: true, displayName: null, backlink: 'bio links x.com/jack',
    });
  });

  it('resolves a moved account to its new home, keeping the old back-link', async () => {
    expect(await verifyCandidate('jack@old.example', jack, deps())).toEqual({
      status: 'found', handle: 'jack@new.example', actor: 'https://new.example/users/jack',
      backlink: 'profile field "bird" links https://x.com/jack (on the old account jack@old.example)', conflictingBacklink: null,
      locked: true, movedFrom: 'jack@old.example', displayName: 'Jack (new)',
    });
  });

  it('keeps the handle domain of split-domain accounts', async () => {
    expect(await verifyCandidate('carol@example.org', { platform: 'twitter', id: null, username: 'carol', profileUrl: null }, deps()))
      .toMatchObject({ status: 'found', handle: 'carol@example.org', actor: 'https://ap.example.org/users/carol', backlink: 'url links https://twitter.com/carol' });
  });

  it('names the real home of an actor another host points at', async () => {
    expect(await verifyCandidate('jack@borrow.example', jack, deps())).toMatchObject({
      status: 'found', handle: 'jack@social.example', actor: 'https://social.example/users/jack',
    });
  });

  it('classifies gone, not found, forged and blocked', async () => {
    expect(await verifyCandidate('gone@social.example', jack, deps())).toMatchObject({ status: 'gone' });
    expect(await verifyCandidate('nobody@social.example', jack, deps())).toMatchObject({ status: 'not_found' });
    expect(await verifyCandidate('forged@decoy.example', jack, deps())).toMatchObject({ status: 'error', reason: expect.stringMatching(/another host/) });
    const strict = fed.client({ allowPrivateNetwork: false });
    fed.resetLog();
    expect(await verifyCandidate('x@127.0.0.1', jack, { http: strict })).toMatchObject({ status: 'blocked' });
    expect(await verifyCandidate('jack@social.example', jack, { http: strict })).toMatchObject({ status: 'blocked' });
    expect(fed.totalRequests()).toBe(0);
  });
});
