/** Synthetic archives for every quirk of reference/formats.md section 1. */
import { describe, it, expect } from 'vitest';
import { InputError } from '../../../src/errors.js';
import type { Post } from '../../../src/model/types.js';
import { accountJs, manifest, ME, parseArchive, tweet, ytd } from './helpers.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';

function byId(posts: Post[]): Map<string, Post> {
  return new Map(posts.map((p) => [p.id, p]));
}

const photo = (tweetId: string, name: string, extra: Record<string, unknown> = {}) => ({
  url: 'https://t.co/media' + tweetId, expanded_url: `https://twitter.com/me_example/status/${tweetId}/photo/1`,
  media_url_https: `https://pbs.twimg.com/media/${name}`, type: 'photo', display_url: 'pic.twitter.com/x', ...extra,
});

describe('split parts, wrappers and empty files', () => {
  it('reads tweets.js + tweets-partN.js and follower-partN.js found by name, with and without the {"tweet"} wrapper', async () => {
    const archive = memoryArchive({
      'data/account.js': accountJs(),
      'data/tweets.js': ytd('tweets', [{ tweet: tweet('1') }, { tweet: tweet('2') }]),
      // A part with bare tweet objects (pre-2020 style) and a trailing ";".
      'data/tweets-part1.js': ytd('tweets', [tweet('3'), tweet('4')], 1) + ';\n',
      'data/follower.js': ytd('follower', [{ follower: { accountId: '10' } }]),
      'data/follower-part1.js': ytd('follower', [{ follower: { accountId: '11' } }, { follower: { accountId: '10' } }], 1),
      'data/following.js': ytd('following', [{ following: { accountId: '10', userLink: 'https://twitter.com/intent/user?user_id=10' } }]),
      'data/block.js': 'window.YTD.block.part0 = [ ]',
      'data/mute.js': 'window.YTD.mute.part0 = []',
      'data/note-tweet.js': 'window.YTD.note_tweet.part0 = [ ]',
    });
    const { result } = await parseArchive(archive);
    expect(result.posts.map((p) => p.id).sort()).toEqual(['1', '2', '3', '4']);
    expect(result.contacts.map((c) => [c.id, c.relations])).toEqual([['10', ['following', 'follower']], ['11', ['follower']]]);
  });

  it('prefers the parts the manifest lists, and warns about listed parts that are missing', async () => {
    const archive = memoryArchive({
      'twitter-2024/data/manifest.js': manifest(ME, { tweets: ['data/tweets.js', 'data/tweets-part1.js', 'data/tweets-part2.js'] }),
      'twitter-2024/data/tweets.js': ytd('tweets', [{ tweet: tweet('1') }]),
      'twitter-2024/data/tweets-part1.js': ytd('tweets', [{ tweet: tweet('2') }], 1),
    });
    const { result, warnings } = await parseArchive(archive);
    expect(result.sources[0]!.layout).toBe('2022+');
    // No account.js: the manifest's userInfo names the account.
    expect(result.account).toEqual({ platform: 'twitter', id: '100', username: 'me_example', displayName: 'Me Example' });
    expect(result.posts.map((p) => p.id)).toEqual(['1', '2']);
    expect(warnings.map((w) => w.message)).toContain('manifest.js lists data/tweets-part2.js but the archive lacks it (a partial archive, or a part not given?)');
  });

  it('ends with an InputError naming tweets.js when it holds invalid JSON', async () => {
    const archive = memoryArchive({
      'data/account.js': accountJs(),
      'data/tweets.js': 'window.YTD.tweets.part0 = [ { "tweet" : { "id_str" : "1", } } ]',
    }, 'twitter-2024.zip');
    const error = await parseArchive(archive).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).message).toContain('twitter-2024.zip: data/tweets.js is damaged');
  });
});

describe('post text', () => {
  it('decodes HTML entities, expands t.co links and drops the media link', async () => {
    const t = tweet('5', {
      full_text: 'Fish &amp; chips &lt;3 &gt; AT&amp;T &amp;amp; https://t.co/abc and https://t.co/def https://t.co/media5',
      entities: {
        hashtags: [], user_mentions: [],
        urls: [
          { url: 'https://t.co/abc', expanded_url: 'https://example.org/a?x=1&y=2', display_url: 'example.org/a' },
          { url: 'https://t.co/def', expanded_url: 'https://example.net/', display_url: 'example.net' },
        ],
        media: [photo('5', 'AAA.jpg')],
      },
      extended_entities: { media: [photo('5', 'AAA.jpg'), photo('5', 'BBB.png', { ext_alt_text: 'A cat &amp; a dog' })] },
    });
    const archive = memoryArchive({
      'data/account.js': accountJs(),
      'data/tweets.js': ytd('tweets', [{ tweet: t }]),
      'data/tweets_media/5-AAA.jpg': new Uint8Array([1]),
      'data/tweets_media/5-BBB.png': new Uint8Array([2]),
    });
    const { result, warnings } = await parseArchive(archive);
    const post = result.posts[0]!;
    expect(post.text).toBe('Fish & chips <3 > AT&T &amp; https://example.org/a?x=1&y=2 and https://example.net/');
    expect(post.links).toEqual(['https://example.org/a?x=1&y=2', 'https://example.net/']);
    expect(post.media).toEqual([
      { path: 'data/tweets_media/5-AAA.jpg', type: 'image', alt: null, archive: 'export.zip' },
      // Alt text is stored as typed, not HTML-escaped.
      { path: 'data/tweets_media/5-BBB.png', type: 'image', alt: 'A cat &amp; a dog', archive: 'export.zip' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('finds URLs in the text of old tweets that have no url entities', async () => {
    const archive = memoryArchive({
      'account.js': accountJs(),
      'tweet.js': ytd('tweet', [tweet('6', { full_text: 'see http://example.org/page (and http://example.com/x).' })]),
    });
    const { result } = await parseArchive(archive);
    expect(result.posts[0]!.links).toEqual(['http://example.org/page', 'http://example.com/x']);
  });

  it('joins a note tweet (long post) to its truncated tweet: same start, created within a second', async () => {
    const long = 'A long post that goes on and on about migrating to the fediverse, with a link https://t.co/n1 and much more text. '.repeat(4).trim();
    const truncated = long.slice(0, 260).replace('https://t.co/n1', 'https://t.co/t1') + '… https://t.co/self';
    const archive = memoryArchive({
      'data/account.js': accountJs(),
      'data/tweets.js': ytd('tweets', [
        { tweet: tweet('7', {
          full_text: truncated, created_at: 'Mon Aug 14 10:00:00 +0000 2023',
          entities: { hashtags: [], user_mentions: [], urls: [
            { url: 'https://t.co/t1', expanded_url: 'https://example.org/fedi' },
            { url: 'https://t.co/self', expanded_url: 'https://twitter.com/i/web/status/7' },
          ] },
        }) },
        // Same second, different text: must not take the note.
        { tweet: tweet('8', { full_text: 'Something else entirely, posted in the same second as the long one.', created_at: 'Mon Aug 14 10:00:00 +0000 2023' }) },
      ]),
      'data/note-tweet.js': ytd('note_tweet', [
        { noteTweet: { noteTweetId: '900', createdAt: '2023-08-14T10:00:00.400Z', updatedAt: '2023-08-14T10:00:00.400Z', lifecycle: { value: 'live' },
          core: { text: long, urls: [{ shortUrl: 'https://t.co/n1', expandedUrl: 'https://example.org/fedi' }], mentions: [], hashtags: [{ text: 'fedi' }], cashtags: [], styletags: [] } } },
      ]),
    });
    const { result } = await parseArchive(archive);
    const posts = byId(result.posts);
    expect(posts.get('7')!.text).toBe(long.replaceAll('https://t.co/n1', 'https://example.org/fedi'));
    expect(posts.get('7')!.hashtags).toEqual(['fedi']);
    // The "show more" link to the tweet itself does not make it a quote.
    expect(posts.get('7')!.kind).toBe('post');
    expect(posts.get('7')!.links).toContain('https://example.org/fedi');
    expect(posts.get('8')!.text).toBe('Something else entirely, posted in the same second as the long one.');
  });
});

describe('kinds', () => {
  const archive = () => memoryArchive({
    'data/account.js': accountJs(),
    'data/tweets.js': ytd('tweets', [
      { tweet: tweet('20', { full_text: 'RT @alice_example: hello from the other side #tag https://t.co/media20',
        entities: { hashtags: [{ text: 'tag' }], user_mentions: [{ name: 'Alice', screen_name: 'alice_example', id_str: '501' }], urls: [],
          media: [{ ...photo('20', 'ZZZ.jpg'), source_status_id_str: '444', source_user_id_str: '501' }] },
        extended_entities: { media: [{ ...photo('20', 'ZZZ.jpg'), source_status_id_str: '444', source_user_id_str: '501' }] } }) },
      { tweet: tweet('21', { full_text: '@bob_example agreed', in_reply_to_status_id_str: '333', in_reply_to_user_id_str: '502', in_reply_to_screen_name: 'bob_example',
        entities: { hashtags: [], urls: [], user_mentions: [{ name: 'Bob', screen_name: 'bob_example', id_str: '502' }] } }) },
      { tweet: tweet('22', { full_text: 'part two of my thread', in_reply_to_status_id_str: '23', in_reply_to_user_id_str: '100', in_reply_to_screen_name: 'me_example' }) },
      { tweet: tweet('23', { full_text: 'part one' }) },
      { tweet: tweet('24', { full_text: 'so true https://t.co/q', quoted_status_permalink: { url: 'https://t.co/q', expanded: 'https://twitter.com/carol_example/status/777', display: 'twitter.com/carol…' },
        entities: { hashtags: [], user_mentions: [], urls: [{ url: 'https://t.co/q', expanded_url: 'https://twitter.com/carol_example/status/777' }] } }) },
      { tweet: tweet('25', { full_text: 'look https://t.co/q2',
        entities: { hashtags: [], user_mentions: [], urls: [{ url: 'https://t.co/q2', expanded_url: 'https://x.com/dave_example/status/888?s=20' }] } }) },
      // A reply whose screen name only a mention elsewhere reveals.
      { tweet: tweet('26', { full_text: 'hi there', in_reply_to_status_id_str: '334', in_reply_to_user_id_str: '503' }) },
      { tweet: tweet('27', { full_text: 'hello @erin_example', entities: { hashtags: [], urls: [], user_mentions: [{ name: 'Erin', screen_name: 'erin_example', id_str: '503' }] } }) },
    ]),
  });

  it('tells reposts, replies, self-threads, quotes and posts apart', async () => {
    const posts = byId((await parseArchive(archive())).result.posts);
    expect(posts.get('20')).toMatchObject({ kind: 'repost', repostOfUrl: 'https://twitter.com/alice_example/status/444', media: [], text: 'RT @alice_example: hello from the other side #tag' });
    expect(posts.get('21')).toMatchObject({ kind: 'reply', inReplyToId: '333', inReplyToUser: 'bob_example' });
    expect(posts.get('22')).toMatchObject({ kind: 'reply', inReplyToId: '23', inReplyToUser: 'me_example' });
    expect(posts.get('23')).toMatchObject({ kind: 'post', inReplyToId: null, inReplyToUser: null, quoteOfUrl: null, repostOfUrl: null });
    expect(posts.get('24')).toMatchObject({ kind: 'quote', quoteOfUrl: 'https://twitter.com/carol_example/status/777' });
    expect(posts.get('25')).toMatchObject({ kind: 'quote', quoteOfUrl: 'https://x.com/dave_example/status/888?s=20' });
    expect(posts.get('26')).toMatchObject({ kind: 'reply', inReplyToId: '334', inReplyToUser: 'erin_example' });
  });
});

describe('edits and deletions', () => {
  it('keeps only the latest version of an edited tweet', async () => {
    const archive = memoryArchive({
      'data/account.js': accountJs(),
      'data/tweets.js': ytd('tweets', [
        { tweet: tweet('41', { full_text: 'second version', edit_info: { edit: { initialTweetId: '40', editControlInitial: { editTweetIds: ['40', '41', '42'], editableUntil: '2023-08-09T17:19:22.000Z', editsRemaining: '3', isEditEligible: true } } } }) },
        { tweet: tweet('40', { full_text: 'first version', edit_info: { initial: { editTweetIds: ['40'], editableUntil: '2023-08-09T17:19:22.000Z', editsRemaining: '5', isEditEligible: true } } }) },
        { tweet: tweet('42', { full_text: 'third version', edit_info: { edit: { initialTweetId: '40', editControlInitial: { editTweetIds: ['40', '41', '42'], editableUntil: '2023-08-09T17:19:22.000Z', editsRemaining: '2', isEditEligible: true } } } }) },
        { tweet: tweet('43', { full_text: 'never edited', edit_info: { initial: { editTweetIds: ['43'], editableUntil: '2023-08-09T17:19:22.000Z', editsRemaining: '5', isEditEligible: true } } }) },
      ]),
    });
    const { result } = await parseArchive(archive);
    expect(result.posts.map((p) => [p.id, p.text])).toEqual([['42', 'third version'], ['43', 'never edited']]);
  });

  it('never turns deleted-tweets.js into posts', async () => {
    const archive = memoryArchive({
      'data/account.js': accountJs(),
      'data/tweets.js': ytd('tweets', [{ tweet: tweet('50') }]),
      'data/deleted-tweets.js': ytd('deleted_tweets', [{ tweet: { ...tweet('51'), deleted_at: 'Mon Aug 14 10:00:00 +0000 2023' } }]),
      'data/deleted-tweet-headers.js': ytd('deleted_tweet_headers', [{ tweet: { tweet_id: '51', user_id: '100' } }]),
    });
    const { result } = await parseArchive(archive);
    expect(result.posts.map((p) => p.id)).toEqual(['50']);
  });
});

describe('media', () => {
  it('matches videos and GIFs by any mp4 variant, tolerates tweet_media/, and reports missing files', async () => {
    const video = (tweetId: string, type: string, file: string) => ({
      url: 'https://t.co/v' + tweetId, type, media_url_https: `https://pbs.twimg.com/tweet_video_thumb/${file}.jpg`,
      video_info: { variants: [
        { content_type: 'application/x-mpegURL', url: `https://video.twimg.com/x/pl/${file}.m3u8?tag=1` },
        { bitrate: '832000', content_type: 'video/mp4', url: `https://video.twimg.com/x/vid/640x360/${file}.mp4?tag=1` },
      ] },
    });
    const archive = memoryArchive({
      'account.js': accountJs(),
      'tweet.js': ytd('tweet', [
        tweet('60', { full_text: 'a gif https://t.co/v60', extended_entities: { media: [video('60', 'animated_gif', 'GIF60')] } }),
        tweet('61', { full_text: 'a video https://t.co/v61', extended_entities: { media: [video('61', 'video', 'VID61')] } }),
        tweet('62', { full_text: 'gone https://t.co/media62', extended_entities: { media: [photo('62', 'GONE.jpg')] } }),
      ]),
      'tweet_media/60-GIF60.mp4': new Uint8Array([1]),
      // Saved under a variant the record does not list: any mp4 of the tweet will do.
      'tweet_media/61-OTHER.mp4': new Uint8Array([2]),
    });
    const { result, warnings } = await parseArchive(archive);
    const posts = byId(result.posts);
    expect(posts.get('60')!.media).toEqual([{ path: 'tweet_media/60-GIF60.mp4', type: 'gif', alt: null, archive: 'export.zip' }]);
    expect(posts.get('61')!.media).toEqual([{ path: 'tweet_media/61-OTHER.mp4', type: 'video', alt: null, archive: 'export.zip' }]);
    expect(posts.get('62')!.media).toEqual([{ path: null, type: 'image', alt: null, archive: null }]);
    expect(posts.get('62')!.text).toBe('gone');
    expect(warnings).toEqual([{ file: 'export.zip', message: 'tweet 62: media file 62-GONE.jpg is not in the archive' }]);
  });
});

describe('contact names', () => {
  it('recovers screen names and display names from mentions and replies, newest first, ignoring id -1', async () => {
    const archive = memoryArchive({
      'data/account.js': accountJs(),
      'data/tweets.js': ytd('tweets', [
        { tweet: tweet('70', { created_at: 'Mon Jan 02 10:00:00 +0000 2023', full_text: '@new_name_example hi',
          entities: { hashtags: [], urls: [], user_mentions: [{ name: 'Frank @frank@social.example', screen_name: 'new_name_example', id_str: '601' }] } }) },
        { tweet: tweet('71', { created_at: 'Mon Jan 02 10:00:00 +0000 2017', full_text: '@old_name_example hi',
          entities: { hashtags: [], urls: [], user_mentions: [
            { name: 'Frank', screen_name: 'old_name_example', id_str: '601' },
            { name: 'Ghost', screen_name: 'ghost_example', id_str: '-1' },
          ] } }) },
        { tweet: tweet('72', { full_text: 'yes', in_reply_to_status_id_str: '9', in_reply_to_user_id_str: '602', in_reply_to_screen_name: 'grace_example' }) },
      ]),
      'data/following.js': ytd('following', [{ following: { accountId: '601' } }, { following: { accountId: '602' } }, { following: { accountId: '603' } }]),
      'data/mute.js': ytd('mute', [{ muting: { accountId: '602' } }]),
    });
    const { result } = await parseArchive(archive);
    expect(result.contacts).toEqual([
      { platform: 'twitter', id: '601', username: 'new_name_example', displayName: 'Frank @frank@social.example', profileUrl: 'https://twitter.com/new_name_example', bio: null, urls: [], location: null, relations: ['following'], since: null },
      { platform: 'twitter', id: '602', username: 'grace_example', displayName: null, profileUrl: 'https://twitter.com/grace_example', bio: null, urls: [], location: null, relations: ['following', 'muted'], since: null },
      { platform: 'twitter', id: '603', username: null, displayName: null, profileUrl: null, bio: null, urls: [], location: null, relations: ['following'], since: null },
    ]);
    expect(byId(result.posts).get('71')!.mentions).toEqual([{ username: 'old_name_example', id: '601' }, { username: 'ghost_example', id: null }]);
  });
});

describe('visibility', () => {
  it('marks posts private when the account is protected, public otherwise', async () => {
    const files = (history: unknown[]) => memoryArchive({
      'data/account.js': accountJs(),
      'data/tweets.js': ytd('tweets', [{ tweet: tweet('80') }]),
      'data/protected-history.js': ytd('protected_history', history),
    });
    const protectedNow = [
      { protectedHistory: { protectedAt: '2023-01-01T00:00:00.000Z', action: 'Unprotect' } },
      { protectedHistory: { protectedAt: '2023-05-01T00:00:00.000Z', action: 'Protect' } },
    ];
    expect((await parseArchive(files(protectedNow))).result.posts[0]!.visibility).toBe('private');
    expect((await parseArchive(files([]))).result.posts[0]!.visibility).toBe('public');
  });
});
