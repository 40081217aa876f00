import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import type { ArchiveSet } from '../../../src/archive/types.js';
import { InputError } from '../../../src/errors.js';
import { tiktokSource } from '../../../src/sources/tiktok/index.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { detectAndParse, otherPlatformSamples } from '../helpers.js';

const REAL_2025 = readFileSync('/work/shared/samples/tiktok/LamineLSU-2025/user_data_tiktok.json', 'utf8');

function parse(archive: ArchiveSet) {
  return detectAndParse(tiktokSource, archive);
}

describe('TikTok 2025 layout (user_data_tiktok.json)', () => {
  it('reads the real sample as it is: null lists are empty, the profile is the account', async () => {
    const { detection, result, warnings } = await parse(memoryArchive({ 'user_data_tiktok.json': REAL_2025 }, 'TikTok_Data_1734291234.zip'));
    expect(detection).toMatchObject({ platform: 'tiktok', score: 0.95 });
    expect(result.sources).toEqual([{ platform: 'tiktok', files: ['TikTok_Data_1734291234.zip'], layout: '2024+' }]);
    expect(result.account).toEqual({ platform: 'tiktok', id: null, username: 'user', displayName: null });
    expect(result.contacts).toEqual([]);
    expect(result.posts).toEqual([]);
    // null lists mean "empty", not "missing": no warnings.
    expect(warnings).toEqual([]);
  });

  it('reads following, followers (mixed key case), blocks and own videos', async () => {
    const doc = JSON.parse(REAL_2025) as Record<string, Record<string, Record<string, unknown>>>;
    doc['Your Activity']!['Following']!['Following'] = [
      { Date: '2024-01-02 03:04:05', UserName: 'skater_one' },
      { date: '2024-02-03 04:05:06', username: 'both.ways' },
    ];
    doc['Your Activity']!['Follower']!['FansList'] = [{ Date: '2023-05-06 07:08:09', UserName: 'both.ways' }, { Date: '', UserName: '' }];
    doc['App Settings']!['Block List']!['BlockList'] = [{ Date: '2024-03-01 00:00:00', UserName: 'troll' }];
    doc['Post']!['Posts']!['VideoList'] = [{ Date: '2024-04-05 06:07:08', Link: 'https://www.tiktokv.com/share/video/7200255970008861998/', Likes: '12', Title: 'Kickflip #skate with @skater_one', WhoCanView: 'Everyone' }];
    const { result } = await parse(memoryArchive({ 'TikTok_Data/user_data_tiktok.json': JSON.stringify(doc) }));
    expect(result.contacts).toEqual([
      { platform: 'tiktok', id: null, username: 'skater_one', displayName: null, profileUrl: 'https://www.tiktok.com/@skater_one', bio: null, urls: [], location: null, relations: ['following'], since: '2024-01-02T03:04:05.000Z' },
      expect.objectContaining({ username: 'both.ways', relations: ['following', 'follower'], since: '2023-05-06T07:08:09.000Z' }),
      expect.objectContaining({ username: 'troll', relations: ['blocked'], since: null }),
    ]);
    expect(result.posts).toEqual([{
      platform: 'tiktok', id: '7200255970008861998', createdAt: '2024-04-05T06:07:08.000Z', kind: 'video',
      text: 'Kickflip #skate with @skater_one', inReplyToId: null, inReplyToUser: null, quoteOfUrl: null, repostOfUrl: null,
      language: null, visibility: 'public', contentWarning: null, sensitive: false, links: [], mentions: [{ username: 'skater_one', id: null }], hashtags: ['skate'],
      media: [{ path: null, type: 'video', alt: null, archive: null }],
    }]);
  });
});

describe('TikTok older layouts (user_data.json)', () => {
  const old = {
    Activity: {
      'Following List': { Following: [{ Date: '2020-01-01 10:00:00', UserName: 'oldfriend' }] },
      'Follower List': { FansList: null },
      'Video Browsing History': { VideoList: [] },
    },
    Profile: { 'Profile Information': { ProfileMap: { userName: 'me_old', bioDescription: '' } } },
    Video: { Videos: { VideoList: null } },
  };

  it('reads the Activity root layout', async () => {
    const { detection, result, warnings } = await parse(memoryArchive({ 'user_data.json': JSON.stringify(old, null, 2) }));
    expect(detection.layout).toBe('pre-2024');
    expect(result.sources[0]!.layout).toBe('pre-2024');
    expect(result.account?.username).toBe('me_old');
    expect(result.contacts).toEqual([expect.objectContaining({ username: 'oldfriend', relations: ['following'], since: '2020-01-01T10:00:00.000Z' })]);
    // This generation had no block list section: said, not fatal.
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/no block list/)]);
  });

  it('reads the "Profile And Settings" variant with lower-case keys', async () => {
    const variant = {
      'profile and settings': {
        following: { following: [{ date: '2022-02-02 02:02:02', username: 'lower_case' }] },
        follower: { fanslist: [{ date: '2022-02-02 02:02:02', username: 'fan' }] },
        'block list': { blocklist: null },
        'profile info': { profilemap: { username: 'me' } },
      },
    };
    const { result } = await parse(memoryArchive({ 'user_data.json': JSON.stringify(variant) }));
    expect(result.sources[0]!.layout).toBe('profile-and-settings');
    expect(result.contacts.map((c) => [c.username, c.relations])).toEqual([['lower_case', ['following']], ['fan', ['follower']]]);
  });
});

describe('TikTok detection and broken exports', () => {
  it('does not claim a user_data.json of another kind, nor other platforms', async () => {
    expect(await tiktokSource.detect(memoryArchive({ 'user_data.json': '{"name":"x","settings":{}}' }))).toBeNull();
    expect(await tiktokSource.detect(memoryArchive({ 'outbox.json': '{"type":"OrderedCollection"}' }))).toBeNull();
  });

  it('detects user_data_tiktok.json by name even when the head lacks section names', async () => {
    const big = `{"Ads and data":{"pad":"${'x'.repeat(300 * 1024)}"},"Your Activity":{}}`;
    const detection = await tiktokSource.detect(memoryArchive({ 'user_data_tiktok.json': big }));
    expect(detection).toMatchObject({ platform: 'tiktok', score: 0.8 });
  });

  it('names the entry when the JSON is truncated', async () => {
    const archive = memoryArchive({ 'user_data_tiktok.json': REAL_2025.slice(0, 4000) });
    const detection = await tiktokSource.detect(archive);
    expect(detection).not.toBeNull();
    await expect(tiktokSource.parse({ archive, warn: () => {} }, detection!)).rejects.toThrow(InputError);
    await expect(tiktokSource.parse({ archive, warn: () => {} }, detection!)).rejects.toThrow(/user_data_tiktok\.json.*not valid JSON/);
  });

  it('says clearly when the JSON has no TikTok sections', async () => {
    const archive = memoryArchive({ 'user_data_tiktok.json': '{"something":"else"}' });
    await expect(tiktokSource.parse({ archive, warn: () => {} }, { platform: 'tiktok', layout: null, score: 0.8 })).rejects.toThrow(/No TikTok user_data file/);
  });
});

describe('tiktok detection against the other platforms\' real samples', () => {
  it('claims none of them', async () => {
    for (const { platform, files } of otherPlatformSamples('tiktok')) {
      const detection = await tiktokSource.detect(memoryArchive(files));
      expect(detection === null || detection.score < 0.3, platform).toBe(true);
    }
  });
});
