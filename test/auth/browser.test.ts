import { describe, expect, it } from 'vitest';
import { browserCommand, canOpenBrowser } from '../../src/auth/browser.js';
import { authorizeUrl } from '../../src/auth/oauth.js';

describe('opening the browser', () => {
  const url = authorizeUrl('https://social.example', {
    clientId: 'abc', redirectUri: 'http://127.0.0.1:5555/callback', scopes: ['read:accounts', 'write:follows'], state: 's', challenge: 'c',
  });

  it('passes the URL as one argument where no shell is involved', () => {
    expect(browserCommand(url, 'darwin')).toEqual({ cmd: 'open', args: [url], verbatim: false });
    expect(browserCommand(url, 'linux')).toEqual({ cmd: 'xdg-open', args: [url], verbatim: false });
  });

  it('escapes cmd.exe metacharacters on Windows, so the URL is not cut at its first & into extra commands', () => {
    const { cmd, args, verbatim } = browserCommand(url, 'win32');
    expect(cmd).toBe('cmd');
    expect(verbatim).toBe(true);
    const line = args.at(-1)!;
    // Every & is escaped; unescaping gives back the URL exactly.
    expect(url).toContain('&');
    expect(line).not.toMatch(/(^|[^^])[&|<>%]/);
    expect(line.replace(/\^(.)/g, '$1')).toBe(url);
    expect(args.slice(0, -1)).toEqual(['/d', '/s', '/c', 'start', '""']);
  });

  it('knows when there is no browser to open', () => {
    expect(canOpenBrowser({}, 'linux')).toBe(false);
    expect(canOpenBrowser({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(canOpenBrowser({ LEAVE_PLATFORM_NO_BROWSER: '1' }, 'darwin')).toBe(false);
  });
});
