/** The committed fixture archives (fixtures/build.mjs), read through the real zip reader. */
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { openArchiveSet } from '../../../src/archive/open.js';
import type { ParseWarning } from '../../../src/sources/types.js';
import { twitterSource } from '../../../src/sources/twitter/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../fixtures/${name}`, import.meta.url));

async function parseFixture(name: string) {
  const archive = await openArchiveSet([fixture(name)]);
  try {
    const detection = await twitterSource.detect(archive);
    const warnings: ParseWarning[] = [];
    const result = await twitterSource.parse({ archive, warn: (w) => warnings.push(w) }, detection!);
    return { detection, result, warnings };
  } finally {
    await archive.close();
  }
}

describe('fixtures/twitter-sample.zip', () => {
  it('is a clean 2022+ export with every kind of post and recoverable names', async () => {
    const { detection, result, warnings } = await parseFixture('twitter-sample.zip');
    expect(detection).toEqual({ platform: 'twitter', layout: '2022+', score: 1 });
    expect(warnings).toEqual([]);
    expect(result.account).toEqual({ platform: 'twitter', id: '1490000000000000001', username: 'sam_leaves', displayName: 'Sam Leaves' });

    const following = result.contacts.filter((c) => c.relations.includes('following'));
    expect(following).toHaveLength(30);
    // Two people are only quoted (a status URL names the account but not its id): their names stay unknown.
    expect(following.filter((c) => c.username !== null)).toHaveLength(16);
    expect(result.contacts.filter((c) => c.relations.includes('blocked'))).toHaveLength(2);
    expect(result.contacts.filter((c) => c.relations.includes('muted'))).toHaveLength(2);
    expect(result.contacts.find((c) => c.id === '2000000001')).toMatchObject({
      username: 'ada_example', displayName: 'Ada 🐘 @ada@mastodon.example', profileUrl: 'https://twitter.com/ada_example', relations: ['following', 'follower'],
    });

    const kinds: Record<string, number> = {};
    for (const p of result.posts) kinds[p.kind] = (kinds[p.kind] ?? 0) + 1;
    // Self-replies are replies naming the account itself (the rule of src/model/types.ts, Post).
    expect(kinds).toEqual({ post: 18, reply: 11, repost: 5, quote: 3 });
    expect(result.posts.filter((p) => p.kind === 'reply' && p.inReplyToUser === result.account?.username)).toHaveLength(2);
    expect(result.posts.some((p) => p.text.includes('thsi'))).toBe(false);
    expect(result.posts.some((p) => p.text.includes('I regret this one'))).toBe(false);
    const long = result.posts.find((p) => p.text.startsWith('Why I am leaving'))!;
    expect(long.text.endsWith('See you on the fediverse: sam@social.example')).toBe(true);
    const media = result.posts.flatMap((p) => p.media);
    expect(media).toHaveLength(2);
    expect(media.every((m) => m.path !== null && m.archive !== null)).toBe(true);
    expect(media.map((m) => m.alt)).toContain('A tidy desk with a green plant');
    for (const c of result.contacts) {
      for (const host of (c.displayName ?? '').match(/@[\w.-]+\.[\w-]+/g) ?? []) expect(host).toMatch(/\.example$|@example\./);
    }
  });
});

describe('fixtures/twitter-2019-root.zip', () => {
  it('is read as the 2019 root layout', async () => {
    const { detection, result, warnings } = await parseFixture('twitter-2019-root.zip');
    expect(detection?.layout).toBe('2019-root');
    expect(warnings).toEqual([]);
    expect(result.posts.map((p) => p.kind)).toEqual(['post', 'reply', 'post', 'repost']);
    expect(result.posts[0]!.text).toBe('First tweet from the 2019 archive & friends');
    expect(result.posts[2]!.media[0]!.path).toBe('tweet_media/1000000000000003000-DRootPic0001.png');
    expect(result.contacts.find((c) => c.id === '900000101')).toMatchObject({ username: 'pal_example', relations: ['following', 'follower'] });
  });
});
