/**
 * The one parser of the user's own handle (issue 10 item 3): profile URLs, `host:port` development
 * servers, and a precise reason when the text is not a handle (`@me` has no server).
 */
import { describe, expect, it } from 'vitest';
import { formatAccountHandle, normalizeServerHost, parseAccount, parseHandleText } from '../../src/model/handle.js';

const ok = (text: string) => {
  const r = parseAccount(text);
  if (!r.ok) throw new Error(`${text}: ${r.problem}`);
  return formatAccountHandle(r.handle);
};
const problem = (text: string) => {
  const r = parseAccount(text);
  return r.ok ? `parsed as ${formatAccountHandle(r.handle)}` : r.problem;
};

describe('parseAccount', () => {
  it.each([
    ['@me@example.social', 'me@example.social'],
    ['  acct:me@Example.Social ', 'me@example.social'],
    ['@me@example.social.', 'me@example.social'],
    ['me@localhost:3000', 'me@localhost:3000'],
    ['me@LocalHost:3000', 'me@localhost:3000'],
    ['me@127.0.0.1:8080', 'me@127.0.0.1:8080'],
    ['me@[::1]:3000', 'me@[::1]:3000'],
    ['me@example.social:443', 'me@example.social'],
    ['https://example.social/@me', 'me@example.social'],
    ['https://example.social/@me/', 'me@example.social'],
    ['https://example.social/users/me', 'me@example.social'],
    ['https://localhost:3000/@me', 'me@localhost:3000'],
    ['https://example.social/@me@other.example', 'me@other.example'],
    ['http://localhost:8080/@me', 'me@localhost:8080'],
  ])('%s is %s', (text, handle) => {
    expect(ok(text)).toBe(handle);
  });

  it.each([
    ['@me', 'no_server'],
    ['me', 'no_server'],
    ['me@', 'no_server'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['a@b@c.example', 'malformed'],
    ['me@host.example:', 'malformed'],
    ['me@host.example:99999', 'malformed'],
    ['me@host.example:30a', 'malformed'],
    ['me@exa mple.com', 'malformed'],
    ['me@-bad.example', 'malformed'],
    ['me@intranet', 'malformed'],
    ['https://example.social/@me/109876', 'not_a_profile'],
    ['https://example.social/about', 'not_a_profile'],
  ])('%s is refused: %s', (text, why) => {
    expect(problem(text)).toBe(why);
  });

  it('parseHandleText takes no URL', () => {
    expect(parseHandleText('https://example.social/@me').ok).toBe(false);
  });
});

describe('normalizeServerHost', () => {
  it.each([
    ['Example.Social', 'example.social'],
    ['localhost', 'localhost'],
    ['localhost:3000', 'localhost:3000'],
    ['[::1]:3000', '[::1]:3000'],
    ['127.0.0.1', '127.0.0.1'],
    ['me', null],
    ['host.example/path', null],
    ['user@host.example', null],
  ])('%s → %s', (text, host) => {
    expect(normalizeServerHost(text)).toBe(host);
  });
});
