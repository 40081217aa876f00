import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import type { ArchiveSet } from '../../../src/archive/types.js';
import { InputError } from '../../../src/errors.js';
import { linkedinSource } from '../../../src/sources/linkedin/index.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { detectAndParse, otherPlatformSamples } from '../helpers.js';

const SAMPLES = '/work/shared/samples/linkedin/fixtures';

function parse(archive: ArchiveSet) {
  return detectAndParse(linkedinSource, archive);
}

describe('LinkedIn Connections.csv', () => {
  it('reads the real-layout sample with its Notes: preamble and "12 Mar 2024" dates', async () => {
    const archive = memoryArchive({ 'Connections.csv': readFileSync(`${SAMPLES}/Connections.sourcer.csv`, 'utf8') }, 'Basic_LinkedInDataExport_05-01-2025.zip');
    const { detection, result, warnings } = await parse(archive);
    expect(detection).toMatchObject({ platform: 'linkedin', layout: 'csv' });
    expect(result.contacts[0]).toEqual({
      platform: 'linkedin', id: null, username: 'priyashah', displayName: 'Priya Shah',
      profileUrl: 'https://www.linkedin.com/in/priyashah', bio: null, urls: [], location: null,
      relations: ['friend'], since: '2024-03-12T00:00:00.000Z',
    });
    expect(result.contacts.map((c) => c.since)).toEqual(['2024-03-12T00:00:00.000Z', '2025-01-02T00:00:00.000Z', '2023-02-05T00:00:00.000Z']);
    expect(warnings).toEqual([]);
  });

  it('reads the sample whose URL column comes last, inside a wrapper folder', async () => {
    const archive = memoryArchive({ 'Complete_LinkedInDataExport_01-01-2024/Connections.csv': readFileSync(`${SAMPLES}/Connections.labeldekho-truncated.csv`, 'utf8') });
    const { result } = await parse(archive);
    expect(result.contacts.map((c) => [c.displayName, c.username, c.since])).toEqual([
      ['Alice Johnson', 'alicejohnson', '2023-01-15T00:00:00.000Z'],
      ['Bob Williams', 'bobwilliams', '2023-03-20T00:00:00.000Z'],
      ['Carol Davis', 'caroldavis', '2023-05-10T00:00:00.000Z'],
    ]);
  });

  it('reads an older export without the URL column and says names are all there is', async () => {
    const csv = 'Notes:\n"Some emails are missing."\n\nFirst Name,Last Name,Email Address,Company,Position,Connected On\nJörg,Müller,,ACME,Dev,01 Feb 2019\n';
    const { result, warnings } = await parse(memoryArchive({ 'Connections.csv': csv }));
    expect(result.contacts).toEqual([expect.objectContaining({ displayName: 'Jörg Müller', username: null, profileUrl: null, since: '2019-02-01T00:00:00.000Z' })]);
    expect(warnings.some((w) => /no URL column/.test(w.message))).toBe(true);
  });

  it('gives an empty connections list as no contacts', async () => {
    const { result } = await parse(memoryArchive({ 'Connections.csv': 'Notes:\n"x"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n' }));
    expect(result.contacts).toEqual([]);
  });

  it('keeps the rows before the cut of a truncated file and warns', async () => {
    const csv = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\nA,B,https://www.linkedin.com/in/ab,,,,01 Jan 2020\nC,D,https://www.linkedin.com/in/cd,,"Big, Co';
    const { result, warnings } = await parse(memoryArchive({ 'Connections.csv': csv }));
    expect(result.contacts.map((c) => c.username)).toEqual(['ab']);
    expect(warnings.some((w) => w.file === 'Connections.csv' && /cut short/.test(w.message))).toBe(true);
  });

  it('rejects a Connections.csv without the header with an InputError naming it', async () => {
    const archive = memoryArchive({ 'Connections.csv': 'garbage\nmore garbage\n', 'Shares.csv': 'Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n' });
    const detection = await linkedinSource.detect(archive);
    expect(detection).not.toBeNull();
    await expect(linkedinSource.parse({ archive, warn: () => {} }, detection!)).rejects.toThrow(InputError);
    await expect(linkedinSource.parse({ archive, warn: () => {} }, detection!)).rejects.toThrow(/Connections\.csv/);
  });
});

describe('LinkedIn Shares.csv', () => {
  const shares = [
    'Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility',
    '2026-05-07 16:41:18,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7123,"We shipped it!',
    '',
    'Thanks to the team: ""you rock"". #launch https://example.org/blog",,,PUBLIC',
    '2025-01-02 08:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A7001,,https://example.com/article,,MEMBER_NETWORK',
    '2024-06-01 12:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A6900,Photo day,,https://media.licdn.com/x/photo.jpg,CONNECTIONS',
  ].join('\n');

  it('reads multi-line quoted posts, reposts and visibility', async () => {
    const archive = memoryArchive({ 'Connections.csv': 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n', 'Shares.csv': shares });
    const { result } = await parse(archive);
    expect(result.posts).toHaveLength(3);
    expect(result.posts[0]).toEqual({
      platform: 'linkedin', id: 'urn:li:share:7123', createdAt: '2026-05-07T16:41:18.000Z', kind: 'post',
      text: 'We shipped it!\n\nThanks to the team: "you rock". #launch https://example.org/blog',
      inReplyToId: null, inReplyToUser: null, quoteOfUrl: null, repostOfUrl: null, language: null, visibility: 'public',
      contentWarning: null, sensitive: false,
      links: ['https://example.org/blog'], mentions: [], hashtags: ['launch'], media: [],
    });
    expect(result.posts[1]).toMatchObject({ id: 'urn:li:ugcPost:7001', kind: 'repost', repostOfUrl: 'https://example.com/article', text: '', visibility: 'private' });
    expect(result.posts[2]).toMatchObject({ id: 'urn:li:share:6900', media: [{ path: null, type: 'image', alt: null, archive: null }] });
  });

  it('is detected from Shares_<id>.csv alone, and warns that connections are missing', async () => {
    const { detection, result, warnings } = await parse(memoryArchive({ 'Shares_12345.csv': shares }));
    expect(detection.score).toBeGreaterThan(0.5);
    expect(result.posts).toHaveLength(3);
    expect(warnings.some((w) => /no Connections\.csv/.test(w.message))).toBe(true);
  });
});

describe('LinkedIn profile and detection', () => {
  it('reads Profile.csv as the account', async () => {
    const archive = memoryArchive({
      'Connections.csv': 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n',
      'Profile.csv': 'First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Public Profile URL\nAda,Lovelace,,,,Engineer,https://www.linkedin.com/in/ada-l\n',
    });
    const { result } = await parse(archive);
    expect(result.account).toEqual({ platform: 'linkedin', id: null, username: 'ada-l', displayName: 'Ada Lovelace' });
  });

  it('does not claim other exports', async () => {
    expect(await linkedinSource.detect(memoryArchive({ 'following_accounts.csv': 'Account address,Show boosts\na@b.social,true\n' }))).toBeNull();
    expect(await linkedinSource.detect(memoryArchive({ 'Takeout/YouTube/subscriptions/subscriptions.csv': 'Channel Id,Channel Url,Channel Title\n' }))).toBeNull();
    expect(await linkedinSource.detect(memoryArchive({ 'Connections.csv': 'Name,Date\nx,y\n' }))).toBeNull();
  });
});

describe('linkedin detection against the other platforms\' real samples', () => {
  it('claims none of them', async () => {
    for (const { platform, files } of otherPlatformSamples('linkedin')) {
      const detection = await linkedinSource.detect(memoryArchive(files));
      expect(detection === null || detection.score < 0.3, platform).toBe(true);
    }
  });
});
