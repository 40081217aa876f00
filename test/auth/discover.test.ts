/**
 * `login` (and `import` with LEAVE_PLATFORM_TOKEN) find the user's server through discoverApiBase: offline,
 * that must say "Can't reach", not "Could not find you through WebFinger ... Check the handle" (issue 10).
 */
import { describe, expect, it } from 'vitest';
import { discoverApiBase } from '../../src/auth/discover.js';
import { runLogin } from '../../src/app/runLogin.js';
import { systemClock } from '../../src/clock.js';
import { RemoteError } from '../../src/errors.js';
import { NetError } from '../../src/net/types.js';
import { fakeHttp } from '../resolve/fakes.js';

const offline = () => fakeHttp((req) => new NetError('dns', req.url, `cannot resolve ${new URL(req.url).host}`));

async function refused(p: Promise<unknown>): Promise<RemoteError> {
  const e = await p.then(() => null, (error: unknown) => error);
  expect(e).toBeInstanceOf(RemoteError);
  return e as RemoteError;
}

describe('discoverApiBase when the server cannot be reached', () => {
  it('offline, a handle gets "are you online?", one request, and no word about the handle', async () => {
    const http = offline();
    const error = await refused(discoverApiBase('@me@mastodon.example', { http, allowHttp: false }));
    expect(error.message).toBe("Can't reach mastodon.example: are you online?");
    expect(`${error.message} ${error.hint}`).not.toMatch(/WebFinger|Check the handle/);
    expect(http.log).toHaveLength(1);
  });

  it('offline, a bare server name is checked too', async () => {
    const error = await refused(discoverApiBase('mastodon.example', { http: offline(), allowHttp: false }));
    expect(error.message).toBe("Can't reach mastodon.example: are you online?");
  });

  it('a server that answers but does not know the handle still says to check the handle', async () => {
    const http = fakeHttp(() => ({ status: 404 }));
    const error = await refused(discoverApiBase('@nobody@mastodon.example', { http, allowHttp: false }));
    expect(error.message).toMatch(/Could not find nobody@mastodon\.example through WebFinger/);
    expect(error.hint).toMatch(/Check the handle/);
  });

  it('login stops at once, before registering an app', async () => {
    const http = offline();
    const error = await refused(runLogin({ target: '@me@mastodon.example', posts: false }, {
      http, clock: systemClock, configDir: '/nonexistent', allowHttp: false,
      canOpenBrowser: () => false, openBrowser: async () => false, readCode: async () => '', tell: () => undefined,
    }));
    expect(error.message).toBe("Can't reach mastodon.example: are you online?");
    expect(http.log.map((r) => new URL(r.url).pathname)).toEqual(['/.well-known/nodeinfo']);
  });
});
