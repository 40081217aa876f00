/**
 * The token is checked before any work, and the advice for a refused token fits where it came from
 * (issue 10: "run login again" is wrong for LEAVE_PLATFORM_TOKEN, and was printed twice).
 */
import { describe, expect, it } from 'vitest';
import { checkCredentials } from '../../src/auth/checkCredentials.js';
import { formatError } from '../../src/cli/render/error.js';
import { RemoteError } from '../../src/errors.js';
import { NetError } from '../../src/net/types.js';
import { fakeHttp } from '../resolve/fakes.js';

const creds = (source: 'env' | 'store') => ({ account: 'me@home.example', apiBase: 'https://api.home.example', token: 'TKN', source } as const);

async function refused(p: Promise<unknown>): Promise<RemoteError> {
  const e = await p.then(() => null, (error: unknown) => error);
  expect(e).toBeInstanceOf(RemoteError);
  return e as RemoteError;
}

describe('checkCredentials', () => {
  it('asks verify_credentials on the API host with the token, and returns the account', async () => {
    const http = fakeHttp(() => ({ body: { id: '1', acct: 'me', username: 'me' } }));
    await expect(checkCredentials(http, creds('store'))).resolves.toEqual({ status: 200, acct: 'me' });
    expect(http.log.map((r) => [r.url, r.headers?.authorization])).toEqual([['https://api.home.example/api/v1/accounts/verify_credentials', 'Bearer TKN']]);
  });

  it('a token from LEAVE_PLATFORM_TOKEN that the server refuses: check that variable, said once, never "login"', async () => {
    const error = await refused(checkCredentials(fakeHttp(() => ({ status: 401, body: { error: 'The access token is invalid' } })), creds('env')));
    expect(error.exitCode).toBe(1);
    const shown = formatError(error, false);
    expect(shown).toMatch(/api\.home\.example refused the token for me@home\.example \(401\)/);
    expect(shown).toMatch(/Check LEAVE_PLATFORM_TOKEN/);
    expect(shown).not.toMatch(/login/);
    expect(shown).not.toContain('TKN');
  });

  it('a stored token that the server refuses: run login again, said once', async () => {
    const error = await refused(checkCredentials(fakeHttp(() => ({ status: 401 })), creds('store')));
    const shown = formatError(error, false);
    expect(shown.match(/login/g)).toHaveLength(1);
    expect(shown).toMatch(/Run `leave-platform login me@home\.example` again\./);
    expect(shown).not.toMatch(/LEAVE_PLATFORM_TOKEN/);
  });

  it('403 (a good token without read:accounts, e.g. made for search only) and other answers are returned, not thrown', async () => {
    await expect(checkCredentials(fakeHttp(() => ({ status: 403 })), creds('env'))).resolves.toEqual({ status: 403, acct: null });
    await expect(checkCredentials(fakeHttp(() => ({ status: 404 })), creds('env'))).resolves.toEqual({ status: 404, acct: null });
    await expect(checkCredentials(fakeHttp(() => ({ status: 200, body: 'not json' })), creds('env'))).resolves.toEqual({ status: 200, acct: null });
  });

  it('a server that cannot be reached is "can\'t reach", not a refused token', async () => {
    const error = await refused(checkCredentials(fakeHttp((req) => new NetError('dns', req.url, 'cannot resolve api.home.example')), creds('store')));
    expect(error.message).toBe("Can't reach api.home.example: are you online?");
  });
});
