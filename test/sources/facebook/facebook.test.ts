import { describe, it, expect } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { facebookSource } from '../../../src/sources/facebook/index.js';
import type { ArchiveSet } from '../../../src/archive/types.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { contextFor, metaEncode, sampleArchive } from '../meta/helpers.js';

async function parse(archive: ArchiveSet) {
  const detection = await facebookSource.detect(archive);
  if (!detection) throw new Error('not detected');
  const context = contextFor(archive);
  const result = await facebookSource.parse(context, detection);
  return { ...result, warnings: context.warnings, detection };
}

describe('Facebook: the real 2026 sample, as it is', () => {
  it('reads friends, following and followers with names repaired and relations merged', async () => {
    const { contacts, sources, posts, warnings } = await parse(sampleArchive('facebook/export-2026-anonymized', '', 'facebook-2026.zip'));
    expect(sources).toEqual([{ platform: 'facebook', files: ['facebook-2026.zip'], layout: '2023+' }]);
    expect(contacts.map((c) => c.displayName)).toEqual([
      'Jürgen Müller', 'Zoë Dupont 🌸', 'Nguyễn Văn An', 'Łukasz Wójcik', 'Anna Schmidt',
      'José Álvarez', 'Ali Yılmaz', 'Søren Kierkegård', 'Page Café Crème', 'Maria Santos',
    ]);
    const jurgen = contacts[0]!;
    expect(jurgen).toEqual({
      platform: 'facebook', id: null, username: null, displayName: 'Jürgen Müller', profileUrl: null, bio: null,
      urls: [], location: null, relations: ['friend', 'follower'], since: '2026-03-07T23:41:23.000Z',
    });
    expect(contacts.find((c) => c.displayName === 'José Álvarez')?.relations).toEqual(['following']);
    expect(posts).toEqual([]);
    expect(warnings.map((w) => w.message).join('\n')).toContain('no posts file');
  });
});

const person = (name: string, timestamp?: number) => (timestamp === undefined ? { name } : { name, timestamp });

describe('Facebook: every layout generation', () => {
  it('reads the 2020-22 layout (friends_and_followers/, *_v2 keys, your_posts_1.json)', async () => {
    const { contacts, posts, detection } = await parse(memoryArchive({
      'friends_and_followers/friends.json': metaEncode({ friends_v2: [person('Åsa Öberg', 1600000000)] }),
      'friends_and_followers/following.json': metaEncode({ following_v2: [person('Åsa Öberg', 1600000100)] }),
      'friends_and_followers/followers.json': metaEncode({ followers_v2: [person('Bob')] }),
      'posts/your_posts_1.json': metaEncode([{ timestamp: 1600000000, data: [{ post: 'Grüße aus Köln' }] }]),
    }));
    expect(detection.layout).toBe('2020-22');
    expect(contacts).toMatchObject([
      { displayName: 'Åsa Öberg', relations: ['friend', 'following'], since: '2020-09-13T12:26:40.000Z' },
      { displayName: 'Bob', relations: ['follower'], since: null },
    ]);
    expect(posts).toMatchObject([{ platform: 'facebook', text: 'Grüße aus Köln', createdAt: '2020-09-13T12:26:40.000Z', kind: 'post' }]);
  });

  it('reads the 2018-19 layout (friends/, following_and_followers/, status_updates)', async () => {
    const { contacts, posts, detection, account } = await parse(memoryArchive({
      'friends/friends.json': metaEncode({ friends: [{ name: 'Chloé', timestamp: 1500000000, contact_info: 'x' }] }),
      'following_and_followers/following.json': metaEncode({ following: [person('Dara', 1500000001)] }),
      'posts/your_posts.json': metaEncode({
        status_updates: [{ timestamp: 1500000000, title: 'x', data: [{ post: 'first' }], tags: ['Chloé'] }],
      }),
      'profile_information/profile_information.json': metaEncode({
        profile: { name: { full_name: 'Sam Exämple' }, emails: { emails: [] }, registration_timestamp: 1, profile_uri: 'https://www.facebook.com/sam.ex' },
      }),
    }));
    expect(detection.layout).toBe('2018-19');
    expect(contacts.map((c) => [c.displayName, c.relations])).toEqual([['Chloé', ['friend']], ['Dara', ['following']]]);
    expect(posts.map((p) => p.text)).toEqual(['first']);
    expect(account).toEqual({ platform: 'facebook', id: null, username: 'sam.ex', displayName: 'Sam Exämple' });
  });

  it.each([["who_you've_followed.json"], ['who_you_ve_followed.json'], ['who_you\u2019ve_followed.json']])(
    'reads following from %s',
    async (name) => {
      const { contacts } = await parse(memoryArchive({ [`connections/followers/${name}`]: metaEncode({ following_v3: [person('Eve', 1)] }) }));
      expect(contacts).toMatchObject([{ displayName: 'Eve', relations: ['following'] }]);
    },
  );

  it('reads split follower parts in the string_list shape, dropping the repeated boundary record', async () => {
    const item = (value: string, timestamp: number) => ({ title: '', media_list_data: [], string_list_data: [{ value, timestamp }] });
    const { contacts } = await parse(memoryArchive({
      'connections/followers/people_who_followed_you_2.json': metaEncode([item('Carla', 3), item('Dino', 4)]),
      'connections/followers/people_who_followed_you_1.json': metaEncode([item('Ann', 1), item('Carla', 3)]),
    }));
    expect(contacts.map((c) => c.displayName)).toEqual(['Ann', 'Carla', 'Dino']);
  });

  it('takes the profile link of a string_list record when it is a Facebook URL', async () => {
    const { contacts } = await parse(memoryArchive({
      'connections/followers/people_who_followed_you_1.json': metaEncode([
        { title: '', string_list_data: [{ value: 'Ann', href: 'https://www.facebook.com/ann.a', timestamp: 1 }] },
        { title: '', string_list_data: [{ value: 'Ben', href: 'https://evil.example/facebook.com/ben', timestamp: 2 }] },
      ]),
    }));
    expect(contacts.map((c) => [c.displayName, c.profileUrl])).toEqual([['Ann', 'https://www.facebook.com/ann.a'], ['Ben', null]]);
  });

  it('keeps two friends with the same name as two contacts, matched by order across lists', async () => {
    const { contacts } = await parse(memoryArchive({
      'connections/friends/your_friends.json': metaEncode({ friends_v2: [person('John Smith', 10), person('John Smith', 20)] }),
      'connections/followers/people_who_followed_you.json': metaEncode({ followers_v3: [person('John Smith')] }),
    }));
    expect(contacts.map((c) => [c.displayName, c.relations, c.since])).toEqual([
      ['John Smith', ['friend', 'follower'], '1970-01-01T00:00:10.000Z'],
      ['John Smith', ['friend'], '1970-01-01T00:00:20.000Z'],
    ]);
  });
});

describe('Facebook posts', () => {
  it('reads text, dates, media matched to archive entries, shared links, and skips empty records', async () => {
    const archive = memoryArchive({
      'facebook-sam-2024/your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json': metaEncode([
        {
          timestamp: 1700000000,
          data: [{ post: 'Sommer am See ☀️ #urlaub https://example.net/x' }, { update_timestamp: 1700000100 }],
          title: 'Sam updated their status.',
          attachments: [{ data: [
            { media: { uri: 'your_facebook_activity/posts/media/Mobileuploads_1/lake.jpg', creation_timestamp: 1700000000 } },
            { external_context: { url: 'https://example.org/article' } },
            { place: { name: 'Bodensee' } },
          ] }],
        },
        { timestamp: 1680000000, attachments: [{ data: [{ media: { uri: 'your_facebook_activity/posts/media/Videos/gone.mp4' } }] }] },
        { timestamp: 1670000000, title: 'Sam updated their profile picture.' },
      ]),
      'facebook-sam-2024/your_facebook_activity/posts/media/Mobileuploads_1/lake.jpg': 'jpg',
    }, 'facebook-sam.zip');
    const { posts, warnings } = await parse(archive);
    expect(posts).toHaveLength(2);
    expect(posts[0]).toEqual({
      platform: 'facebook', id: expect.stringMatching(/^1700000000-[0-9a-f]{12}$/), createdAt: '2023-11-14T22:13:20.000Z',
      kind: 'post', text: 'Sommer am See ☀️ #urlaub https://example.net/x', inReplyToId: null, inReplyToUser: null,
      quoteOfUrl: null, repostOfUrl: null, language: null, visibility: null, contentWarning: null, sensitive: false,
      links: ['https://example.org/article', 'https://example.net/x'], mentions: [], hashtags: ['urlaub'],
      media: [{ path: 'facebook-sam-2024/your_facebook_activity/posts/media/Mobileuploads_1/lake.jpg', type: 'image', alt: null, archive: 'facebook-sam.zip' }],
    });
    expect(posts[1]).toMatchObject({ text: '', media: [{ path: null, type: 'video', archive: null }] });
    expect(warnings.map((w) => w.message).join('\n')).toContain('1 photo(s) or video(s) referenced by posts are not in the archive');
  });

  it('gives the same post the same id on every run, and counts a post repeated across files once', async () => {
    const post = { timestamp: 1700000000, data: [{ post: 'same' }] };
    const files = {
      'posts/your_posts_1.json': metaEncode([post]),
      'your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json': metaEncode([post]),
    };
    const first = await parse(memoryArchive(files));
    const second = await parse(memoryArchive(files));
    expect(first.posts).toHaveLength(1);
    expect(second.posts[0]!.id).toBe(first.posts[0]!.id);
  });
});

describe('Facebook: broken and partial exports', () => {
  it('refuses an HTML export with an InputError that says how to request JSON', async () => {
    const archive = memoryArchive({
      'index.html': '<html></html>',
      'connections/friends/your_friends.html': '<html></html>',
    });
    const error = await parse(archive).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).message).toContain('HTML');
    expect((error as InputError).hint).toContain('Format "JSON"');
    expect((error as InputError).hint).toContain('Download your information');
  });

  it('stops with an InputError naming the entry when a list is cut short', async () => {
    const archive = memoryArchive({
      'connections/friends/your_friends.json': '{\n  "friends_v2": [\n    {\n      "name": "A',
    }, 'facebook-x.zip');
    const error = await parse(archive).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('facebook-x.zip: connections/friends/your_friends.json');
  });

  it('reads an empty list (Meta writes "[\\n  \\n  ]") as no contacts, and warns about what is missing', async () => {
    const { contacts, warnings } = await parse(memoryArchive({
      'connections/friends/your_friends.json': '{\n  "friends_v2": [\n    \n  ]\n}',
    }));
    expect(contacts).toEqual([]);
    expect(warnings.some((w) => w.message.includes('no posts file'))).toBe(true);
    expect(warnings.some((w) => w.message.includes('no friends or following list'))).toBe(false);
  });

  it('warns when no friends or following list is present at all', async () => {
    const { warnings } = await parse(memoryArchive({ 'posts/your_posts_1.json': '[]', 'friends_and_followers/followers.json': '{"followers_v2": []}' }));
    expect(warnings.map((w) => w.message).join('\n')).toContain('no friends or following list');
  });

  it('warns about a list file in an unknown shape and about records that name nobody', async () => {
    const { contacts, warnings } = await parse(memoryArchive({
      'connections/friends/your_friends.json': '{"something_else": []}',
      "connections/followers/who_you've_followed.json": '{"following_v3": [{"name": "Ok", "timestamp": 1}, {"timestamp": 2}, 7]}',
    }));
    expect(contacts.map((c) => c.displayName)).toEqual(['Ok']);
    const messages = warnings.map((w) => w.message).join('\n');
    expect(messages).toContain('your_friends.json does not hold a list we know');
    expect(messages).toContain('2 record(s)');
  });

  it('only warns when the profile file is broken', async () => {
    const { account, warnings, contacts } = await parse(memoryArchive({
      'connections/friends/your_friends.json': '{"friends_v2": [{"name": "A", "timestamp": 1}]}',
      'personal_information/profile_information/profile_information.json': '{"profile_v2": ',
    }));
    expect(account).toBeNull();
    expect(contacts).toHaveLength(1);
    expect(warnings.some((w) => w.file?.endsWith('profile_information.json'))).toBe(true);
  });
});
