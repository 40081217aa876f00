import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedAddressReason } from '../../src/net/addressGuard.js';
import { isActivityPubType, lookupWebFinger, lrddTemplateOf, parseHandle } from '../../src/resolve/webfinger.js';
import { startFediverse, type Fediverse } from '../fediverse/index.js';

describe('parseHandle', () => {
  it('reads user@host, @user@host and acct:user@host', () => {
    expect(parseHandle('@Alice@Social.Example')).toEqual({ user: 'Alice', host: 'social.example' });
    expect(parseHandle('acct:bob@x.example')).toEqual({ user: 'bob', host: 'x.example' });
    expect(parseHandle('x@127.0.0.1')).toEqual({ user: 'x', host: '127.0.0.1' });
    // A development server on another port (issue 10 item 3): WebFinger goes to that host and port.
    expect(parseHandle('me@localhost:3000')).toEqual({ user: 'me', host: 'localhost:3000' });
  });
  it.each(['alice', '@alice', 'alice@', '@@x.example', 'a b@x.example', 'a@x.example/path', 'a@x.example:', 'a@x.example?q', 'a@'])('refuses %j', (h) => {
    expect(parseHandle(h)).toBeNull();
  });
});

describe('host-meta and media types', () => {
  it('finds the LRDD template in XRD and JSON', () => {
    expect(lrddTemplateOf('<XRD><Link rel="lrdd" type="application/xrd+xml" template="https://h/x?r={uri}&amp;a=1"/></XRD>')).toBe('https://h/x?r={uri}&a=1');
    expect(lrddTemplateOf("<xrd:Link template='https://h/{uri}' rel='lrdd'/>")).toBe('https://h/{uri}');
    expect(lrddTemplateOf('{"links":[{"rel":"lrdd","template":"https://h/j?r={uri}"}]}')).toBe('https://h/j?r={uri}');
    expect(lrddTemplateOf('{"links":"nope"}')).toBeNull();
    expect(lrddTemplateOf('{broken')).toBeNull();
    expect(lrddTemplateOf('<html>nothing</html>')).toBeNull();
  });
  it('knows the ActivityPub media types', () => {
    expect(isActivityPubType('application/activity+json')).toBe(true);
    expect(isActivityPubType('application/ld+json; profile="https://www.w3.org/ns/activitystreams"')).toBe(true);
    expect(isActivityPubType('application/ld+json')).toBe(false);
    expect(isActivityPubType('text/html')).toBe(false);
  });
});

describe('lookupWebFinger against the local fediverse', () => {
  let fed: Fediverse;
  beforeAll(async () => {
    fed = await startFediverse({
      hosts: [
        { name: 'social.example', accounts: [
          { username: 'Alice' },
          { username: 'ld', selfLinkType: 'ld+json' },
          { username: 'noself', selfLinkType: 'none' },
          { username: 'gone', gone: true },
          { username: 'liar', subject: 'acct:alice@social.example' },
        ] },
        // Split domain: handles @x@example.org, server at ap.example.org.
        { name: 'example.org', webfingerRedirectTo: 'ap.example.org' },
        { name: 'ap.example.org', accountDomain: 'example.org', accounts: [{ username: 'carol' }] },
        { name: 'lrdd.example', webfinger: 'lrdd-xml', accounts: [{ username: 'dave' }] },
        { name: 'lrddjson.example', webfinger: 'lrdd-json', accounts: [{ username: 'erin' }] },
        { name: 'broken.example', behaviours: [{ route: 'webfinger', behaviour: { kind: 'rawJson', body: '{"subject": 5, "links": []}' } }] },
        { name: 'links.example', behaviours: [{ route: 'webfinger', behaviour: { kind: 'rawJson', body: '{"subject":"acct:a@links.example","links":{"rel":"self"}}' } }] },
        { name: 'html.example', behaviours: [{ route: 'webfinger', behaviour: { kind: 'notJson' } }] },
        { name: 'ctype.example', accounts: [{ username: 'f' }], behaviours: [{ route: 'webfinger', behaviour: { kind: 'contentType', contentType: 'text/html' } }] },
        { name: 'huge.example', behaviours: [{ route: 'webfinger', behaviour: { kind: 'huge', bytes: 2_000_000 } }] },
        { name: 'loop.example', behaviours: [{ route: 'webfinger', behaviour: { kind: 'redirectLoop' } }] },
        { name: 'down.example', behaviours: [{ route: 'any', behaviour: { kind: 'status', status: 500 } }] },
        { name: 'toprivate.example', behaviours: [{ route: 'webfinger', behaviour: { kind: 'redirect', location: 'https://127.0.0.1/.well-known/webfinger' } }] },
        { name: 'odd.example', behaviours: [{ route: 'webfinger', behaviour: { kind: 'rawJson', body: JSON.stringify({
          subject: 'acct:odd@odd.example', unknown: { deep: [1, 2] }, aliases: ['https://odd.example/@odd', 7],
          links: [{ href: 'no rel' }, 'junk', { rel: 'self', type: 'text/html', href: 'https://odd.example/@odd' },
            { rel: 'self', type: 'application/activity+json', href: 'https://odd.example/users/odd', extra: true }],
        }) } }] },
        { name: 'httpself.example', behaviours: [{ route: 'webfinger', behaviour: { kind: 'rawJson', body: JSON.stringify({
          subject: 'acct:h@httpself.example', links: [{ rel: 'self', type: 'application/activity+json', href: 'http://httpself.example/users/h' }],
        }) } }] },
      ],
    });
  });
  afterAll(async () => fed.close());
  const deps = () => ({ http: fed.http });

  it('finds an account, comparing the subject case-insensitively', async () => {
    const r = await lookupWebFinger('@alice@Social.Example', deps());
    expect(r).toEqual({
      status: 'found', subject: 'acct:Alice@social.example', handle: 'Alice@social.example',
      actor: 'https://social.example/users/Alice', profilePage: 'https://social.example/@Alice',
      aliases: ['https://social.example/@Alice', 'https://social.example/users/Alice'],
    });
  });

  it('accepts the ld+json profile form of the self link', async () => {
    const r = await lookupWebFinger('ld@social.example', deps());
    expect(r).toMatchObject({ status: 'found', actor: 'https://social.example/users/ld' });
  });

  it('ignores unknown members and bad links', async () => {
    expect(await lookupWebFinger('odd@odd.example', deps())).toMatchObject({
      status: 'found', actor: 'https://odd.example/users/odd', aliases: ['https://odd.example/@odd'],
    });
  });

  it('classifies not found, gone, no actor link', async () => {
    expect(await lookupWebFinger('nobody@social.example', deps())).toMatchObject({ status: 'not_found' });
    expect(await lookupWebFinger('gone@social.example', deps())).toMatchObject({ status: 'gone' });
    expect(await lookupWebFinger('noself@social.example', deps())).toMatchObject({ status: 'not_found', reason: expect.stringMatching(/self link/) });
  });

  it('follows a split-domain redirect (handle domain ≠ server domain)', async () => {
    const r = await lookupWebFinger('carol@example.org', deps());
    expect(r).toMatchObject({ status: 'found', handle: 'carol@example.org', actor: 'https://ap.example.org/users/carol' });
    expect(fed.requests('example.org')[0]?.path).toMatch(/^\/\.well-known\/webfinger/);
  });

  it('re-checks a subject that differs from the request: the canonical account must confirm it', async () => {
    // ap.example.org answers for carol@ap.example.org with subject carol@example.org, which confirms.
    expect(await lookupWebFinger('carol@ap.example.org', deps())).toMatchObject({ status: 'found', handle: 'carol@example.org' });
    // "liar" claims to be alice, whose WebFinger names another actor.
    expect(await lookupWebFinger('liar@social.example', deps())).toMatchObject({ status: 'error', reason: expect.stringMatching(/different actors/) });
  });

  it('falls back to host-meta LRDD (XML, then JSON) on 404', async () => {
    expect(await lookupWebFinger('dave@lrdd.example', deps())).toMatchObject({ status: 'found', actor: 'https://lrdd.example/users/dave' });
    expect(fed.requests('lrdd.example').map((r) => r.path.split('?')[0])).toEqual(['/.well-known/webfinger', '/.well-known/host-meta', '/lrdd']);
    expect(await lookupWebFinger('erin@lrddjson.example', deps())).toMatchObject({ status: 'found', actor: 'https://lrddjson.example/users/erin' });
    expect(await lookupWebFinger('nobody@lrdd.example', deps())).toMatchObject({ status: 'not_found' });
  });

  it('survives malformed and hostile answers', async () => {
    const cases: Array<[string, RegExp]> = [
      ['a@broken.example', /no subject/],
      ['a@links.example', /links is not an array/],
      ['a@html.example', /content type|not JSON/],
      ['f@ctype.example', /content type text\/html/],
      ['a@huge.example', /cap/],
      ['a@loop.example', /redirects/],
      ['a@down.example', /500/],
      ['h@httpself.example', /not an https URL/],
    ];
    for (const [handle, reason] of cases) {
      const r = await lookupWebFinger(handle, deps());
      expect(r, handle).toMatchObject({ status: 'error', reason: expect.stringMatching(reason) });
    }
  });

  it('is blocked, without any request, for private targets unless allowed', async () => {
    const strict = fed.client({ allowPrivateNetwork: false });
    fed.resetLog();
    expect(await lookupWebFinger('x@127.0.0.1', { http: strict })).toMatchObject({ status: 'blocked' });
    expect(await lookupWebFinger('x@[::1]', { http: strict })).toMatchObject({ status: 'blocked' });
    expect(await lookupWebFinger('alice@social.example', { http: strict })).toMatchObject({ status: 'blocked' });
    expect(fed.totalRequests()).toBe(0);
    // toprivate.example passes as public here; its redirect to a literal loopback address must not.
    const onePublic = fed.client({
      allowPrivateNetwork: false,
      addressPolicy: (address, host) => (host === 'toprivate.example' ? null : blockedAddressReason(address)),
    });
    expect(await lookupWebFinger('x@toprivate.example', { http: onePublic })).toMatchObject({ status: 'blocked' });
    expect(fed.totalRequests()).toBe(1);
  });

  it('refuses a handle that is not one', async () => {
    expect(await lookupWebFinger('not a handle', deps())).toMatchObject({ status: 'error', reason: expect.stringMatching(/handle/) });
  });
});

describe('lookupWebFinger on a plain-http fediverse (--allow-http)', () => {
  let fed: Fediverse;
  beforeAll(async () => {
    fed = await startFediverse({ protocol: 'http', hosts: [{ name: 'plain.example', accounts: [{ username: 'pat' }] }] });
  });
  afterAll(async () => fed.close());

  it('falls back to http only when allowed', async () => {
    expect(await lookupWebFinger('pat@plain.example', { http: fed.http, allowHttp: true }))
      .toMatchObject({ status: 'found', actor: 'http://plain.example/users/pat' });
    expect(await lookupWebFinger('pat@plain.example', { http: fed.http })).toMatchObject({ status: 'error' });
  });
});
