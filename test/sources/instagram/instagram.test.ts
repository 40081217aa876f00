import { describe, it, expect } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { instagramSource } from '../../../src/sources/instagram/index.js';
import type { ArchiveSet } from '../../../src/archive/types.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { contextFor, metaEncode, sampleArchive } from '../meta/helpers.js';

async function parse(archive: ArchiveSet) {
  const detection = await instagramSource.detect(archive);
  if (!detection) throw new Error('not detected');
  const context = contextFor(archive);
  const result = await instagramSource.parse(context, detection);
  return { ...result, warnings: context.warnings, detection };
}

const valueShape = (username: string, timestamp: number) => ({
  title: '', media_list_data: [], string_list_data: [{ href: `https://www.instagram.com/${username}`, value: username, timestamp }],
});
const titleShape = (username: string, timestamp: number) => ({
  title: username, string_list_data: [{ href: `https://www.instagram.com/_u/${username}`, timestamp }],
});

describe('Instagram: the real samples, as they are', () => {
  it('reads the 2024-12 export: value-shape followers/following, title-shape blocked', async () => {
    const { contacts, sources, warnings } = await parse(sampleArchive('instagram/export-2024-12-anonymized', '', 'instagram-2024.zip'));
    expect(sources).toEqual([{ platform: 'instagram', files: ['instagram-2024.zip'], layout: '2021+' }]);
    const byName = new Map(contacts.map((c) => [c.username, c]));
    expect([...byName.keys()].sort()).toEqual(
      ['001', '002', '003', '004', '005', '006', '007', '008', '009', '010', '011', '012'].map((n) => `sample.user_${n}`),
    );
    expect(byName.get('sample.user_001')).toEqual({
      platform: 'instagram', id: null, username: 'sample.user_001', displayName: null,
      profileUrl: 'https://www.instagram.com/sample.user_001', bio: null, urls: [], location: null,
      relations: ['follower'], since: '2024-12-05T21:21:14.000Z',
    });
    expect(byName.get('sample.user_005')?.relations).toEqual(['following']);
    expect(byName.get('sample.user_009')).toMatchObject({ relations: ['blocked'], since: '2024-04-27T17:43:58.000Z' });
    // Pending requests and recently unfollowed are not relations we migrate.
    expect(byName.has('sample.user_013')).toBe(false);
    expect(byName.has('sample.user_017')).toBe(false);
    expect(warnings.filter((w) => /not valid|shape/.test(w.message))).toEqual([]);
  });

  it('reads the 2026 export: title/_u following merged with value-shape followers, bare generic block record', async () => {
    const { contacts } = await parse(sampleArchive('instagram/export-2026-anonymized'));
    const byName = new Map(contacts.map((c) => [c.username, c]));
    expect(byName.get('sample.user_003')).toMatchObject({ relations: ['follower', 'following'], since: '2026-01-17T09:00:50.000Z' }); // the earlier of follow (09:00:50) and followed-by (09:04:53)
    expect(byName.get('sample.user_005')).toMatchObject({ relations: ['following'], profileUrl: 'https://www.instagram.com/sample.user_005' });
    expect(byName.get('sample.user_008')).toEqual({
      platform: 'instagram', id: '17841400000000000', username: 'sample.user_008', displayName: 'Sample Display Name',
      profileUrl: 'https://www.instagram.com/sample.user_008', bio: null, urls: ['http://example.com'], location: null,
      relations: ['blocked'], since: '2025-07-02T06:51:48.000Z',
    });
    expect(contacts).toHaveLength(8);
  });
});

describe('Instagram: layouts and quirks', () => {
  it('reads followers split into followers_1.json, followers_2.json ... (and the older wrapped shape)', async () => {
    const ff = 'connections/followers_and_following';
    const { contacts } = await parse(memoryArchive({
      [`${ff}/followers_2.json`]: metaEncode([valueShape('c', 3)]),
      [`${ff}/followers_1.json`]: metaEncode({ relationships_followers: [valueShape('a', 1), valueShape('b', 2)] }),
      [`${ff}/followers_10.json`]: metaEncode([valueShape('d', 4)]),
    }));
    expect(contacts.map((c) => c.username)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('merges one account across shapes and letter case, and records close friends', async () => {
    const ff = 'followers_and_following';
    const { contacts } = await parse(memoryArchive({
      [`${ff}/followers_1.json`]: metaEncode([valueShape('Jane.Doe', 5)]),
      [`${ff}/following.json`]: metaEncode({ relationships_following: [titleShape('jane.doe', 3)] }),
      [`${ff}/close_friends.json`]: metaEncode({ relationships_close_friends: [valueShape('jane.doe', 9)] }),
    }));
    expect(contacts).toMatchObject([{ username: 'Jane.Doe', relations: ['follower', 'following', 'close_friend'], since: '1970-01-01T00:00:03.000Z' }]);
  });

  it('leaves out deleted accounts with a warning', async () => {
    const { contacts, warnings } = await parse(memoryArchive({
      'followers_and_following/following.json': metaEncode({ relationships_following: [titleShape('__deleted__abc123', 1), titleShape('ok', 2)] }),
    }));
    expect(contacts.map((c) => c.username)).toEqual(['ok']);
    expect(warnings.map((w) => w.message).join('\n')).toContain('1 account(s)');
  });

  it('reads the 2018-20 connections.json and media.json', async () => {
    const { contacts, posts, detection, account } = await parse(memoryArchive({
      'connections.json': metaEncode({
        followers: { ana: '2018-11-03T12:34:56' }, following: { ana: '2018-10-01T00:00:00', 'bo.b': '2017-01-01T00:00:00' },
        blocked_users: { spam: '2018-01-01T00:00:00' },
      }),
      'media.json': metaEncode({
        photos: [{ caption: 'Første bilde #norge', taken_at: '2018-11-03T12:34:56', path: 'photos/201811/abc.jpg' }],
        videos: [{ caption: '', taken_at: '2018-12-01T10:00:00', path: 'videos/201812/v.mp4' }],
      }),
      'profile.json': metaEncode({ username: 'sam', name: 'Sam Exämple' }),
      'photos/201811/abc.jpg': 'jpg',
    }));
    expect(detection.layout).toBe('2018-20');
    expect(contacts.map((c) => [c.username, c.relations, c.since])).toEqual([
      ['ana', ['follower', 'following'], '2018-10-01T00:00:00.000Z'],
      ['bo.b', ['following'], '2017-01-01T00:00:00.000Z'],
      ['spam', ['blocked'], '2018-01-01T00:00:00.000Z'],
    ]);
    expect(posts).toMatchObject([
      { text: 'Første bilde #norge', createdAt: '2018-11-03T12:34:56.000Z', hashtags: ['norge'], media: [{ path: 'photos/201811/abc.jpg', type: 'image' }] },
      { text: '', media: [{ path: null, type: 'video' }] },
    ]);
    expect(account).toEqual({ platform: 'instagram', id: null, username: 'sam', displayName: 'Sam Exämple' });
  });
});

describe('Instagram posts', () => {
  const single = { media: [{ uri: 'media/posts/202301/1_n.jpg', creation_timestamp: 1673000000, title: 'Kaffe ☕ med @ana.lima #fika' }] };
  const multi = {
    title: 'Zwei Bilder', creation_timestamp: 1673100000,
    media: [{ uri: 'media/posts/202301/2_n.jpg', creation_timestamp: 1673100000, title: '' }, { uri: 'media/posts/202301/3_n.mp4', creation_timestamp: 1673100000, title: '' }],
  };

  it.each([['content/posts_1.json'], ['your_instagram_activity/content/posts_1.json'], ['your_instagram_activity/media/posts_1.json']])(
    'reads posts from %s: caption on the media item or on the post, media matched',
    async (path) => {
      const { posts } = await parse(memoryArchive({
        [path]: metaEncode([single, multi]),
        'media/posts/202301/1_n.jpg': 'j', 'media/posts/202301/2_n.jpg': 'j', 'media/posts/202301/3_n.mp4': 'v',
      }));
      expect(posts).toEqual([
        {
          platform: 'instagram', id: expect.stringMatching(/^1673000000-/), createdAt: '2023-01-06T10:13:20.000Z', kind: 'post',
          text: 'Kaffe ☕ med @ana.lima #fika', inReplyToId: null, inReplyToUser: null, quoteOfUrl: null, repostOfUrl: null,
          language: null, visibility: null, contentWarning: null, sensitive: false, links: [], mentions: [{ username: 'ana.lima', id: null }], hashtags: ['fika'],
          media: [{ path: 'media/posts/202301/1_n.jpg', type: 'image', alt: null, archive: 'export.zip' }],
        },
        expect.objectContaining({
          text: 'Zwei Bilder', createdAt: '2023-01-07T14:00:00.000Z',
          media: [
            { path: 'media/posts/202301/2_n.jpg', type: 'image', alt: null, archive: 'export.zip' },
            { path: 'media/posts/202301/3_n.mp4', type: 'video', alt: null, archive: 'export.zip' },
          ],
        }),
      ]);
    },
  );

  it('counts the same post in both locations once', async () => {
    const { posts } = await parse(memoryArchive({
      'content/posts_1.json': metaEncode([single]), 'your_instagram_activity/media/posts_1.json': metaEncode([single]),
    }));
    expect(posts).toHaveLength(1);
  });
});

describe('Threads inside the Instagram export', () => {
  it('returns a threads source with its own contacts and posts', async () => {
    const t = 'your_instagram_activity/threads';
    const { sources, contacts, posts } = await parse(memoryArchive({
      'connections/followers_and_following/followers_1.json': metaEncode([valueShape('ana', 1)]),
      [`${t}/followers.json`]: metaEncode({ text_post_app_text_post_app_followers: [valueShape('ana', 2)] }),
      [`${t}/following.json`]: metaEncode({
        text_post_app_text_post_app_following: [{ title: 'zoe', string_list_data: [{ href: 'https://www.threads.net/@zoe', timestamp: 3 }] }],
      }),
      [`${t}/threads_and_replies.json`]: metaEncode({
        text_post_app_text_posts: [
          { media: [{ uri: '', creation_timestamp: 1710000000, title: 'Héllo https://example.social/@sam', text_app_post: { is_reply: false } }] },
          { media: [{ uri: '', creation_timestamp: 1710000500, title: 'Agreed @zoe', text_app_post: { is_reply: true } }] },
          { media: [{ uri: '', creation_timestamp: 1710000600, title: '' }] },
        ],
      }),
    }));
    expect(sources.map((s) => s.platform)).toEqual(['instagram', 'threads']);
    expect(contacts.map((c) => [c.platform, c.username, c.relations, c.profileUrl])).toEqual([
      ['instagram', 'ana', ['follower'], 'https://www.instagram.com/ana'],
      ['threads', 'ana', ['follower'], 'https://www.threads.com/@ana'],
      ['threads', 'zoe', ['following'], 'https://www.threads.com/@zoe'],
    ]);
    expect(posts).toMatchObject([
      { platform: 'threads', kind: 'post', text: 'Héllo https://example.social/@sam', links: ['https://example.social/@sam'], media: [], createdAt: '2024-03-09T16:00:00.000Z' },
      { platform: 'threads', kind: 'reply', text: 'Agreed @zoe', mentions: [{ username: 'zoe', id: null }] },
    ]);
  });

  it('returns no threads source when the export has no Threads data', async () => {
    const { sources } = await parse(sampleArchive('instagram/export-2026-anonymized'));
    expect(sources.map((s) => s.platform)).toEqual(['instagram']);
  });
});

describe('Instagram: broken and partial exports', () => {
  it('refuses an HTML export with an InputError that says how to request JSON', async () => {
    const error = await parse(memoryArchive({ 'connections/followers_and_following/followers_1.html': '<html></html>' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).hint).toContain('Format "JSON"');
  });

  it('stops with an InputError naming a truncated followers part', async () => {
    const error = await parse(memoryArchive({
      'connections/followers_and_following/followers_1.json': metaEncode([valueShape('a', 1)]),
      'connections/followers_and_following/followers_2.json': '[\n  {\n    "title": "",\n    "string_list_d',
    }, 'ig.zip')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('ig.zip: connections/followers_and_following/followers_2.json');
  });

  it('warns and goes on when the block list is truncated', async () => {
    const { contacts, warnings } = await parse(memoryArchive({
      'connections/followers_and_following/followers_1.json': metaEncode([valueShape('a', 1)]),
      'connections/followers_and_following/blocked_profiles.json': '{"relationships_blocked_users": [',
    }));
    expect(contacts.map((c) => c.username)).toEqual(['a']);
    expect(warnings.some((w) => w.file?.endsWith('blocked_profiles.json') && w.message.includes('cut short'))).toBe(true);
  });

  it('reads empty lists (Meta writes them "[\\n  \\n  ]", sometimes null) and warns when neither list is there', async () => {
    const empty = await parse(memoryArchive({
      'connections/followers_and_following/followers_1.json': '[\n  \n]',
      'connections/followers_and_following/following.json': '{\n  "relationships_following": null\n}',
    }));
    expect(empty.contacts).toEqual([]);
    expect(empty.warnings.some((w) => w.message.includes('no followers or following list'))).toBe(false);

    const none = await parse(memoryArchive({ 'your_instagram_activity/media/posts_1.json': '[]' }));
    expect(none.warnings.map((w) => w.message).join('\n')).toContain('no followers or following list');
  });

  it('skips records with no username, with a warning', async () => {
    const { contacts, warnings } = await parse(memoryArchive({
      'followers_and_following/followers_1.json': JSON.stringify([valueShape('ok', 1), { title: '', string_list_data: [{ timestamp: 2 }] }, 'x']),
    }));
    expect(contacts.map((c) => c.username)).toEqual(['ok']);
    expect(warnings.map((w) => w.message).join('\n')).toContain('2 record(s)');
  });
});
