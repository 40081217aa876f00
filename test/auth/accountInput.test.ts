/**
 * `login` and `--to` read the user's account with one parser (issue 10 item 3): a profile link works in
 * both, `@me` (no server) is told what a handle looks like before any request, and a development server
 * on another port (`me@host:3000`) is a server: WebFinger goes to that host and port, and the network
 * guard still decides whether a loopback address may be asked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { destinationOf } from '../../src/auth/accountInput.js';
import { discoverApiBase } from '../../src/auth/discover.js';
import { runLogin } from '../../src/app/runLogin.js';
import { systemClock } from '../../src/clock.js';
import { UsageError } from '../../src/errors.js';
import { createHttpClient, type UndiciHttpClient } from '../../src/net/client.js';
import { startMastodonTestServer, type MastodonTestServer } from '../mastodon-server/server.js';
import { fakeHttp } from '../resolve/fakes.js';

let mastodon: MastodonTestServer | null = null;
let plain: Server | null = null;
let http: UndiciHttpClient | null = null;
afterEach(async () => {
  await http?.close();
  await mastodon?.close();
  if (plain) await new Promise((r) => plain!.close(r));
  mastodon = null;
  plain = null;
  http = null;
});

async function usageError(p: Promise<unknown>): Promise<UsageError> {
  const e = await p.then(() => null, (error: unknown) => error);
  expect(e).toBeInstanceOf(UsageError);
  return e as UsageError;
}

const loginDeps = (h: ReturnType<typeof fakeHttp>) => ({
  http: h, clock: systemClock, configDir: '/nonexistent', allowHttp: false,
  canOpenBrowser: () => false, openBrowser: async () => false, readCode: async () => '', tell: () => undefined,
});

describe('login with something that is not a handle', () => {
  it('`login @me` says the server is missing and what a handle looks like, before any request', async () => {
    const h = fakeHttp(() => ({ status: 200 }));
    const error = await usageError(runLogin({ target: '@me', posts: false }, loginDeps(h)));
    expect(error.message).toBe('"@me" names no server: "me" on which server?');
    expect(error.hint).toMatch(/A handle looks like @you@your\.server/);
    expect(error.exitCode).toBe(2);
    expect(h.log).toHaveLength(0);
  });

  it('`login me` is neither a handle nor a server name', async () => {
    const h = fakeHttp(() => ({ status: 200 }));
    const error = await usageError(discoverApiBase('me', { http: h, allowHttp: false }));
    expect(error.message).toMatch(/neither a handle nor a server name/);
    expect(h.log).toHaveLength(0);
  });

  it('a link to a post is not a profile link', async () => {
    const error = await usageError(discoverApiBase('https://example.social/@me/1234', { http: fakeHttp(() => ({ status: 200 })), allowHttp: false }));
    expect(error.message).toMatch(/neither your profile link nor your server's address/);
  });
});

describe('--to', () => {
  it('takes a handle, a profile link, and a server with a port, as one spelling', () => {
    expect(destinationOf('@Me@Example.Social')).toBe('me@example.social');
    expect(destinationOf('https://example.social/@me')).toBe('me@example.social');
    expect(destinationOf('me@localhost:3000')).toBe('me@localhost:3000');
  });

  it('refuses @me with the same words as login', () => {
    expect(() => destinationOf('@me')).toThrow('--to "@me" names no server: "me" on which server?');
  });
});

describe('login finds the server', () => {
  it('from a profile link, as --to accepts it', async () => {
    mastodon = await startMastodonTestServer({ domain: 'home.test', me: 'me' });
    http = createHttpClient({ allowHttp: true, allowPrivateNetwork: true, connectTo: mastodon.connectTo(), retries: 0 });
    const found = await discoverApiBase('https://home.test/@me', { http, allowHttp: true });
    expect(found).toEqual({ apiBase: 'http://home.test', account: 'me@home.test' });
    expect(mastodon.requests.some((r) => r.path === '/.well-known/webfinger' && r.query.get('resource') === 'acct:me@home.test')).toBe(true);
  });

  it('on a non-default port: WebFinger goes to host:port and asks for acct:me@host:port', async () => {
    const asked: string[] = [];
    plain = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      asked.push(`${req.headers.host} ${url.pathname}${url.search}`);
      const host = req.headers.host ?? '';
      if (url.pathname === '/.well-known/webfinger' && url.searchParams.get('resource') === `acct:me@${host}`) {
        res.writeHead(200, { 'content-type': 'application/jrd+json' });
        res.end(JSON.stringify({ subject: `acct:me@${host}`, links: [{ rel: 'self', type: 'application/activity+json', href: `http://${host}/users/me` }] }));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => plain!.listen(0, '127.0.0.1', r));
    const port = (plain.address() as AddressInfo).port;
    http = createHttpClient({ allowHttp: true, allowPrivateNetwork: true, connectTo: [], retries: 0 });
    const found = await discoverApiBase(`@me@127.0.0.1:${port}`, { http, allowHttp: true });
    expect(found).toEqual({ apiBase: `http://127.0.0.1:${port}`, account: `me@127.0.0.1:${port}` });
    expect(asked).toContain(`127.0.0.1:${port} /.well-known/webfinger?resource=${encodeURIComponent(`acct:me@127.0.0.1:${port}`)}`);
  });

  it('keeps the network guard: a loopback server is refused without --allow-private-network', async () => {
    http = createHttpClient({ allowHttp: true, allowPrivateNetwork: false, connectTo: [], retries: 0 });
    const error = await discoverApiBase('me@localhost:3000', { http, allowHttp: true }).then(() => null, (e: unknown) => e);
    expect(error).not.toBeInstanceOf(UsageError);
    expect(String((error as Error).message)).toMatch(/loopback|private|refus/i);
  });
});
