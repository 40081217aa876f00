/** The real-format samples in shared/samples/twitter, read from disk as they are. */
import { describe, it, expect } from 'vitest';
import { twitterSource } from '../../../src/sources/twitter/index.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { parseArchive, sampleArchive } from './helpers.js';

describe('detection of the real samples', () => {
  it('knows each layout, with or without a wrapper folder', async () => {
    expect(await twitterSource.detect(sampleArchive('dogsheep-2019-root-layout'))).toEqual({ platform: 'twitter', layout: '2019-root', score: 1 });
    expect(await twitterSource.detect(sampleArchive('larsbrinkhoff-2021-03-old-style'))).toEqual({ platform: 'twitter', layout: '2020-2022', score: 1 });
    expect(await twitterSource.detect(sampleArchive('larsbrinkhoff-2023-08-new-style'))).toEqual({ platform: 'twitter', layout: '2022+', score: 1 });
    expect((await twitterSource.detect(sampleArchive('larsbrinkhoff-2021-03-old-style', 'twitter-2021-03-22/')))?.layout).toBe('2020-2022');
    expect((await twitterSource.detect(sampleArchive('dogsheep-2019-root-layout', 'my backup/')))?.layout).toBe('2019-root');
  });

  it('does not claim archives Twitter did not write', async () => {
    expect(await twitterSource.detect(memoryArchive({ 'manifest.js': 'module.exports = {}', 'account.js': 'var x = 1', 'notes.txt': 'hi' }))).toBeNull();
    expect(await twitterSource.detect(memoryArchive({ 'connections/followers_1.json': '[]' }))).toBeNull();
  });
});

describe('2019 root layout (dogsheep)', () => {
  it('reads the account and merges followers and following', async () => {
    const { result } = await parseArchive(sampleArchive('dogsheep-2019-root-layout'));
    expect(result.sources).toEqual([{ platform: 'twitter', files: ['dogsheep-2019-root-layout.zip'], layout: '2019-root' }]);
    expect(result.account).toEqual({ platform: 'twitter', id: '12497', username: 'simonw', displayName: 'Simon Willison' });
    expect(result.contacts.map((c) => [c.id, c.relations])).toEqual([
      ['547842573', ['following']], ['12158', ['following']], ['73747798', ['follower']], ['386025404', ['follower']],
    ]);
    expect(result.contacts[0]).toMatchObject({ username: null, displayName: null, profileUrl: null, since: null });
    expect(result.posts).toEqual([]);
  });
});

describe('2021 data/ layout with tweet.js (larsbrinkhoff)', () => {
  it('tells every kind of tweet apart and recovers names', async () => {
    const { result, warnings } = await parseArchive(sampleArchive('larsbrinkhoff-2021-03-old-style'));
    expect(result.account).toEqual({ platform: 'twitter', id: '3128746474', username: 'larsbrinkhoff', displayName: 'Lars Brinkhoff' });
    const byId = new Map(result.posts.map((p) => [p.id, p]));
    expect(result.posts.map((p) => p.id)).toEqual([
      '806811396985929728', '807600398408314880', '826354801738969088', '1088841896435335169',
      '1090609096322179079', '1100661723286118400', '1134850015506120704',
    ]);

    const reply = byId.get('826354801738969088')!;
    expect(reply).toMatchObject({
      kind: 'reply', text: '@gregsapphyre Try https://github.com/PDP-10/its/blob/master/doc/DDT.md',
      inReplyToId: '813774560122249217', inReplyToUser: 'gregsapphyre', createdAt: '2017-01-31T09:01:52.000Z',
      language: null, links: ['https://github.com/PDP-10/its/blob/master/doc/DDT.md'],
      mentions: [{ username: 'gregsapphyre', id: '806326133981638657' }],
    });
    // A reply without a status id or screen name: still a reply to someone else.
    expect(byId.get('806811396985929728')).toMatchObject({ kind: 'reply', inReplyToId: null, inReplyToUser: null });

    const link = byId.get('807600398408314880')!;
    expect(link).toMatchObject({ kind: 'post', text: 'Happy DEC-10! Celebrate with these steaming hot, freshly built PDP-10 bits. https://github.com/PDP-10/its', language: 'en' });

    const selfThread = byId.get('1090609096322179079')!;
    expect(selfThread).toMatchObject({ kind: 'reply', inReplyToId: '1090608840905814016', inReplyToUser: 'larsbrinkhoff' });

    const photo = byId.get('1088841896435335169')!;
    expect(photo.text).toBe('This 3D model by Jean de La Taille looks very nice!');
    // The sample carries no media files: the reference stays, without a path, with a warning.
    expect(photo.media).toEqual([{ path: null, type: 'image', alt: null, archive: null }]);
    expect(warnings.some((w) => w.message.includes('1088841896435335169-DxxXz0tXgAIkB-S.jpg'))).toBe(true);

    const rt = byId.get('1100661723286118400')!;
    expect(rt).toMatchObject({
      kind: 'repost', media: [], inReplyToId: null,
      repostOfUrl: 'https://twitter.com/sdf_pubnix/status/1100527236585648128',
      hashtags: ['wip', 'vcfpnw', 'retro', 'computing', 'vintage', '36bits'],
    });
    expect(rt.text).toBe('RT @sdf_pubnix: reanimated PDP-6 #wip for #vcfpnw @livingcomputers March 23-24th #retro #computing #vintage #36bits');

    const video = byId.get('1134850015506120704')!;
    expect(video.media).toEqual([{ path: null, type: 'video', alt: null, archive: null }]);
    expect(warnings.some((w) => w.message.includes('1134850015506120704-Nm9P-IxClgoVfaBW.mp4'))).toBe(true);

    // Contacts: following + blocks; none of them was mentioned in the excerpt.
    expect(result.contacts.map((c) => [c.id, c.relations])).toEqual([
      ['1370826940572082176', ['following']], ['5835362', ['following']], ['793550172160745473', ['following']],
      ['15531225', ['blocked']], ['1196803010288136194', ['blocked']], ['1240509758', ['blocked']],
    ]);
  });

  it('finds the media files when the archive has them', async () => {
    const archive = sampleArchive('larsbrinkhoff-2021-03-old-style', '', {
      'data/tweet_media/1088841896435335169-DxxXz0tXgAIkB-S.jpg': new Uint8Array([0xff, 0xd8, 0xff]),
      'data/tweet_media/1134850015506120704-Nm9P-IxClgoVfaBW.mp4': new Uint8Array([0, 0, 0, 0x18]),
    });
    const { result, warnings } = await parseArchive(archive);
    const byId = new Map(result.posts.map((p) => [p.id, p]));
    expect(byId.get('1088841896435335169')!.media).toEqual([
      { path: 'data/tweet_media/1088841896435335169-DxxXz0tXgAIkB-S.jpg', type: 'image', alt: null, archive: 'larsbrinkhoff-2021-03-old-style.zip' },
    ]);
    expect(byId.get('1134850015506120704')!.media[0]!.path).toBe('data/tweet_media/1134850015506120704-Nm9P-IxClgoVfaBW.mp4');
    expect(warnings.filter((w) => w.message.includes('not in the archive'))).toEqual([]);
  });
});

describe('2023 data/ layout (larsbrinkhoff, no tweets.js in the snapshot)', () => {
  it('merges following, followers, blocks and mutes and says that tweets.js is missing', async () => {
    const { result, warnings } = await parseArchive(sampleArchive('larsbrinkhoff-2023-08-new-style'));
    expect(result.sources[0]!.layout).toBe('2022+');
    expect(result.account).toEqual({ platform: 'twitter', id: '3128746474', username: 'larsbrinkhoff', displayName: 'Lars Brinkhoff' });
    const relations = Object.fromEntries(result.contacts.map((c) => [c.id, c.relations]));
    expect(relations).toEqual({
      '23792365': ['following'], '18086138': ['following'], '95981463': ['following'],
      '40120521': ['follower'], '607302194': ['follower'], '7623072': ['follower'],
      '1196803010288136194': ['blocked'], '1240535042': ['blocked'], '1240509758': ['blocked'],
      '14202817': ['muted'], '16211566': ['muted'], '19268091': ['muted'],
    });
    // community-tweet.js is not read as the user's timeline, note-tweet.js is empty.
    expect(result.posts).toEqual([]);
    expect(warnings.some((w) => w.message.includes('data/tweets.js') && w.message.includes('lacks'))).toBe(true);
  });
});
