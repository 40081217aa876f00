import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseConnectTo, parseConnectToList, splitConnectToEnv } from '../../src/net/options.js';

describe('--connect-to parsing', () => {
  it('reads HOST:ADDR:PORT, with bracketed IPv6 and host names as ADDR', () => {
    expect(parseConnectTo('Example.Social:127.0.0.1:8443')).toEqual({ host: 'example.social', address: '127.0.0.1', port: 8443 });
    expect(parseConnectTo('a.example:[::1]:443')).toEqual({ host: 'a.example', address: '::1', port: 443 });
    expect(parseConnectTo(' a.example:backend.internal:80 ')).toEqual({ host: 'a.example', address: 'backend.internal', port: 80 });
  });

  it.each([
    ['', /HOST:ADDR:PORT/],
    ['example.social', /HOST:ADDR:PORT/],
    ['example.social:127.0.0.1', /not a port|HOST:ADDR:PORT/],
    ['example.social:127.0.0.1:http', /not a port number/],
    ['example.social:127.0.0.1:0', /out of range/],
    ['example.social:127.0.0.1:70000', /out of range/],
    ['example.social:::1:443', /brackets/],
    ['example.social:[::1:443', /brackets/],
    ['exa mple:127.0.0.1:443', /not a host name/],
    [':127.0.0.1:443', /HOST:ADDR:PORT/],
    ['a.example:bad/addr:443', /not an address/],
  ])('refuses %j with a UsageError', (entry, message) => {
    let error: unknown;
    try {
      parseConnectTo(entry);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(message);
    expect((error as UsageError).hint).toMatch(/HOST:ADDR:PORT/);
  });

  it('merges a list, later entries winning, and splits the environment variable', () => {
    const env = splitConnectToEnv(' a.example:127.0.0.1:1, ,b.example:127.0.0.1:2 ');
    expect(env).toEqual(['a.example:127.0.0.1:1', 'b.example:127.0.0.1:2']);
    expect(parseConnectToList([...env, 'a.example:127.0.0.2:3'])).toEqual([
      { host: 'a.example', address: '127.0.0.2', port: 3 },
      { host: 'b.example', address: '127.0.0.1', port: 2 },
    ]);
    expect(splitConnectToEnv(undefined)).toEqual([]);
  });
});
