import { describe, expect, it } from 'vitest';
import { DEFAULT_FOOTER, footerTemplateFor, renderFooter } from '../../../src/plan/posts/footer.js';
import { originalPostUrl } from '../../../src/plan/posts/originalPostUrl.js';
import { post } from './builders.js';

describe('footer', () => {
  it('fills the default template', () => {
    expect(renderFooter(DEFAULT_FOOTER, { platform: 'twitter', createdAt: '2019-04-01T23:30:00Z', url: 'https://twitter.com/me/status/1' }))
      .toBe('(First posted on Twitter, 2019-04-01: https://twitter.com/me/status/1)');
  });

  it('drops what is missing together with its separator', () => {
    expect(renderFooter(DEFAULT_FOOTER, { platform: 'facebook', createdAt: '2019-04-01T00:00:00Z', url: null })).toBe('(First posted on Facebook, 2019-04-01)');
    expect(renderFooter(DEFAULT_FOOTER, { platform: 'instagram', createdAt: null, url: 'https://x.org/p' })).toBe('(First posted on Instagram: https://x.org/p)');
    expect(renderFooter(DEFAULT_FOOTER, { platform: 'linkedin', createdAt: null, url: null })).toBe('(First posted on LinkedIn)');
    expect(renderFooter('{url} – {date}', { platform: 'linkedin', createdAt: '2020-05-06T00:00:00Z', url: null })).toBe('2020-05-06');
    expect(renderFooter('[{date}]', { platform: 'linkedin', createdAt: null, url: null })).toBe('');
  });

  it('is on by default only where the post is not backdated; none turns it off; a template always applies', () => {
    expect(footerTemplateFor(null, false)).toBe(DEFAULT_FOOTER);
    expect(footerTemplateFor(null, true)).toBeNull();
    expect(footerTemplateFor('none', false)).toBeNull();
    expect(footerTemplateFor('{date}', true)).toBe('{date}');
  });
});

describe('originalPostUrl', () => {
  const me = { platform: 'twitter' as const, id: '1', username: 'me', displayName: null };
  it('builds Twitter, Mastodon, LinkedIn, TikTok and YouTube addresses', () => {
    expect(originalPostUrl(post('1100'), me)).toBe('https://twitter.com/me/status/1100');
    expect(originalPostUrl(post('1100'), null)).toBe('https://twitter.com/i/web/status/1100');
    expect(originalPostUrl(post('https://old.example/users/me/statuses/42', { platform: 'mastodon' }), null)).toBe('https://old.example/@me/42');
    expect(originalPostUrl(post('urn:li:share:6900', { platform: 'linkedin' }), null)).toBe('https://www.linkedin.com/feed/update/urn:li:share:6900/');
    expect(originalPostUrl(post('shares-row-3', { platform: 'linkedin' }), null)).toBeNull();
    expect(originalPostUrl(post('7300', { platform: 'tiktok' }), { ...me, platform: 'tiktok' })).toBe('https://www.tiktok.com/@me/video/7300');
    expect(originalPostUrl(post('dQw4w9WgXcQ', { platform: 'youtube' }), null)).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
  });

  it('gives null where the export holds no post id (Meta exports)', () => {
    expect(originalPostUrl(post('derived-abc', { platform: 'instagram' }), null)).toBeNull();
    expect(originalPostUrl(post('derived-abc', { platform: 'facebook' }), null)).toBeNull();
  });
});
