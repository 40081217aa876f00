import { describe, expect, it } from 'vitest';
import {
  findHandlesInText, formatHandle, handleFromProfileUrl, normalizeHost, parseHandle, parseHandleOrProfileUrl,
} from '../../src/resolve/handles.js';

const fmt = (h: ReturnType<typeof parseHandle>) => (h ? formatHandle(h) : null);

describe('parseHandle', () => {
  it('accepts @user@host, user@host and acct:user@host, lower-casing the host only', () => {
    expect(fmt(parseHandle('@Jack@Example.Social'))).toBe('Jack@example.social');
    expect(fmt(parseHandle('jack@example.social'))).toBe('jack@example.social');
    expect(fmt(parseHandle('acct:jack@example.social'))).toBe('jack@example.social');
    expect(fmt(parseHandle('  @jane.doe_1@sub.example.org  '))).toBe('jane.doe_1@sub.example.org');
  });

  it('turns international host names into their IDNA form', () => {
    expect(fmt(parseHandle('@anna@bücher.example'))).toBe('anna@xn--bcher-kva.example');
  });

  it('rejects IP literals, single-label hosts and malformed names', () => {
    for (const bad of [
      '@x@127.0.0.1', 'x@10.0.0.1', 'x@[::1]', 'x@localhost', 'x@2130706433', 'x@0x7f.1', 'x@host:8080',
      'x@-bad.example', 'x@bad-.example', 'x@a..example', '@@example.social', 'x@', '@example.social',
      'a@b@c.example', 'x y@example.social', 'x@example.123', '.x@example.social', 'x@exa_mple.social',
    ]) {
      expect(parseHandle(bad), bad).toBeNull();
    }
  });
});

describe('normalizeHost', () => {
  it('drops a trailing dot and lower-cases', () => {
    expect(normalizeHost('Example.Social.')).toBe('example.social');
    expect(normalizeHost('192.168.1.1')).toBeNull();
  });
});

describe('handleFromProfileUrl', () => {
  it('reads Mastodon, Pleroma/Misskey and PeerTube profile URLs', () => {
    expect(fmt(handleFromProfileUrl('https://example.social/@jack'))).toBe('jack@example.social');
    expect(fmt(handleFromProfileUrl('https://example.social/@jack/'))).toBe('jack@example.social');
    expect(fmt(handleFromProfileUrl('https://example.social/users/jack'))).toBe('jack@example.social');
    expect(fmt(handleFromProfileUrl('https://pleroma.example/u/jack'))).toBe('jack@pleroma.example');
    expect(fmt(handleFromProfileUrl('https://tube.example/c/cooking_channel'))).toBe('cooking_channel@tube.example');
    expect(fmt(handleFromProfileUrl('https://example.social/@jack@other.example'))).toBe('jack@other.example');
  });

  it('is not fooled by posts, big platforms, IPs, credentials and odd schemes', () => {
    for (const bad of [
      'https://example.social/@jack/109876543210', 'https://twitter.com/@jack', 'https://www.youtube.com/@jack',
      'https://www.tiktok.com/@jack', 'https://medium.com/@jack', 'https://www.reddit.com/u/jack',
      'https://someone.tumblr.com/@x', 'https://127.0.0.1/@jack', 'https://[::1]/@jack',
      'https://user:pw@example.social/@jack', 'https://example.social:8443/@jack', 'ftp://example.social/@jack',
      'https://example.social/about', 'https://example.social/', 'not a url',
    ]) {
      expect(handleFromProfileUrl(bad), bad).toBeNull();
    }
  });

  it('parseHandleOrProfileUrl takes either form', () => {
    expect(fmt(parseHandleOrProfileUrl('https://example.social/@jack'))).toBe('jack@example.social');
    expect(fmt(parseHandleOrProfileUrl('@jack@example.social'))).toBe('jack@example.social');
  });
});

describe('findHandlesInText', () => {
  const handles = (t: string | null) => findHandlesInText(t).map((f) => formatHandle(f.handle));

  it('finds handles in display names and bios, without trailing punctuation', () => {
    expect(handles('Jack 🐘 @jack@example.social')).toEqual(['jack@example.social']);
    expect(handles('Now at @jane@mastodon.example. Also https://tube.example/c/jane_videos, bye')).toEqual([
      'jane_videos@tube.example', 'jane@mastodon.example',
    ]);
    expect(handles('(@a@b.example) and @a@B.example')).toEqual(['a@b.example']);
  });

  it('does not take e-mail addresses, private addresses or mentions of big platforms', () => {
    expect(handles('mail me: jack@example.com')).toEqual([]);
    expect(handles('find me at @x@127.0.0.1 or @y@localhost')).toEqual([]);
    expect(handles('https://twitter.com/@jack and https://instagram.com/jack')).toEqual([]);
    expect(handles(null)).toEqual([]);
  });

  it('reads HTML text and fullwidth at-signs', () => {
    expect(handles('<p>Moved to <a href="https://example.social/@jack">@<span>jack</span></a></p>')).toEqual(['jack@example.social']);
    expect(handles('＠jack＠example.social')).toEqual(['jack@example.social']);
  });

  it('copes with huge hostile text quickly enough to finish', () => {
    const text = '@'.repeat(200_000) + 'a@'.repeat(50_000) + '.'.repeat(50_000);
    expect(handles(text)).toEqual([]);
  });
});
