import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import type { ArchiveSet } from '../../../src/archive/types.js';
import { InputError } from '../../../src/errors.js';
import { mastodonSource } from '../../../src/sources/mastodon/index.js';
import { htmlToText } from '../../../src/sources/mastodon/html.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { detectAndParse, otherPlatformSamples } from '../helpers.js';

const DIR = '/work/shared/samples/mastodon/dealingwith-masto-archive-2024';
const ACTOR = readFileSync(`${DIR}/actor.json`, 'utf8');
const OUTBOX = readFileSync(`${DIR}/outbox.excerpt.json`, 'utf8');
const LIKES = readFileSync(`${DIR}/likes.json`, 'utf8');
const MEDIA = 'media_attachments/files/109/333/835/161/429/021/original/3381f6f615f26246.jpeg';

function parse(archive: ArchiveSet) {
  return detectAndParse(mastodonSource, archive);
}

/** The real quirk: the key written twice, the first time empty (outbox.head-verbatim.txt). */
function withDuplicateKey(outbox: string, emptyFirst: boolean): string {
  const doc = JSON.parse(outbox) as { orderedItems: unknown[] };
  const items = JSON.stringify(doc.orderedItems);
  const rest = JSON.stringify({ ...doc, orderedItems: undefined }).slice(0, -1);
  return emptyFirst ? `${rest},"orderedItems":[],"orderedItems":${items}}` : `${rest},"orderedItems":${items},"orderedItems":[]}`;
}

describe('Mastodon archive (outbox.json, actor.json)', () => {
  it('reads the real sample: account, posts, replies, boosts, media by suffix', async () => {
    const archive = memoryArchive({ 'outbox.json': OUTBOX, 'actor.json': ACTOR, 'likes.json': LIKES, [MEDIA]: 'jpeg' }, 'archive-20240723000000-0123456789abcdef0123456789abcdef.zip');
    const { detection, result, warnings } = await parse(archive);
    expect(detection).toEqual({ platform: 'mastodon', layout: 'archive', score: 1 });
    expect(result.account).toEqual({ platform: 'mastodon', id: 'https://indieweb.social/users/dealingwith', username: 'dealingwith', displayName: 'dealingwith' });
    expect(result.posts).toHaveLength(10);

    const first = result.posts[0]!;
    expect(first).toMatchObject({
      id: 'https://indieweb.social/users/dealingwith/statuses/109305976208011760',
      createdAt: '2022-11-08T03:07:14.000Z', kind: 'post', language: 'en', visibility: 'public',
      links: ['https://daniel.industries/2022/11/07/less-twitter-more-indieweb/'],
    });
    // The invisible/ellipsis spans of a shortened link give the full URL back as text.
    expect(first.text).toContain('https://daniel.industries/2022/11/07/less-twitter-more-indieweb/');
    expect(first.text).toContain('it’s a good time');

    const mention = result.posts[1]!;
    expect(mention.mentions).toEqual([
      { username: 'obsolete29', id: 'obsolete29@indieweb.social' },
      { username: 'ftrain', id: 'ftrain@tilde.zone' },
    ]);
    expect(mention.links).toEqual(['https://www.ftrain.com/wwic']);
    expect(mention.text).toMatch(/^@obsolete29 I'm reminded/);

    const cat = result.posts[2]!;
    expect(cat.hashtags).toEqual(['caterday']);
    expect(cat.media).toEqual([{ path: MEDIA, type: 'image', alt: 'Picture of a white cat laying on a white couch', archive: 'archive-20240723000000-0123456789abcdef0123456789abcdef.zip' }]);

    const reply = result.posts[4]!;
    expect(reply).toMatchObject({ kind: 'reply', inReplyToId: 'https://social.lol/users/mcg/statuses/109308078398027392', inReplyToUser: 'mcg@social.lol' });
    expect(reply.text).toBe('@mcg 😜');

    const boosts = result.posts.filter((p) => p.kind === 'repost');
    expect(boosts.map((b) => b.repostOfUrl)).toEqual([
      'https://mastodon.social/users/s0mmer/statuses/109440048909776763',
      'https://blackrock.city/users/spolsky/statuses/109479189891200543',
    ]);
    expect(boosts[0]).toMatchObject({ text: '', createdAt: '2022-12-03T13:34:16.000Z', visibility: 'public', media: [] });

    // The other attachments are not in this archive (the repo did not commit them): said once.
    expect(warnings.some((w) => w.file === 'outbox.json' && /2 media file\(s\)/.test(w.message))).toBe(true);
    // Multi-paragraph HTML with <br />.
    expect(result.posts[8]!.text).toContain('wrong:\n\n- Cannot focus on screen in mornings or evenings\n- Unusual');
  });

  it('tolerates orderedItems written twice, empty first (the real quirk) or empty last', async () => {
    for (const emptyFirst of [true, false]) {
      const { result } = await parse(memoryArchive({ 'archive/outbox.json': withDuplicateKey(OUTBOX, emptyFirst), 'archive/actor.json': ACTOR }));
      expect(result.posts).toHaveLength(10);
    }
  });

  it('the real head really has the duplicate key this handles', () => {
    const head = readFileSync(`${DIR}/outbox.head-verbatim.txt`, 'utf8');
    expect(head).toContain('"orderedItems":[],"orderedItems":[');
  });

  it('names outbox.json when it is truncated', async () => {
    const archive = memoryArchive({ 'outbox.json': OUTBOX.slice(0, 5000), 'actor.json': ACTOR });
    const detection = await mastodonSource.detect(archive);
    expect(detection?.platform).toBe('mastodon');
    await expect(mastodonSource.parse({ archive, warn: () => {} }, detection!)).rejects.toThrow(InputError);
    await expect(mastodonSource.parse({ archive, warn: () => {} }, detection!)).rejects.toThrow(/outbox\.json.*not valid JSON/);
  });

  it('warns and goes on when actor.json is truncated', async () => {
    const { result, warnings } = await parse(memoryArchive({ 'outbox.json': OUTBOX, 'actor.json': ACTOR.slice(0, 2000) }));
    expect(result.account).toBeNull();
    expect(result.posts).toHaveLength(10);
    expect(warnings.some((w) => w.file === 'actor.json')).toBe(true);
  });

  it('reads an empty outbox as no posts', async () => {
    const empty = '{"@context":"https://www.w3.org/ns/activitystreams","id":"outbox.json","type":"OrderedCollection","totalItems":0,"orderedItems":[]}';
    const { result } = await parse(memoryArchive({ 'outbox.json': empty, 'actor.json': ACTOR }));
    expect(result.posts).toEqual([]);
  });
});

describe('Mastodon account CSVs', () => {
  const csvs = {
    'following_accounts.csv': 'Account address,Show boosts,Notify on new posts,Languages\nalice@example.social,true,false,\n@Bob@Other.Example,true,false,"en, de"\n',
    'blocked_accounts.csv': 'troll@bad.example\n',
    'muted_accounts.csv': 'Account address,Hide notifications\nalice@example.social,true\nloud@example.social,false\n',
    'lists.csv': 'Friends,alice@example.social\nWork,carol@work.example\nFriends,carol@work.example\n',
  };

  it('reads every CSV as contacts with merged relations and the handle in id and profileUrl', async () => {
    const { detection, result } = await parse(memoryArchive(csvs));
    expect(detection).toMatchObject({ layout: 'csv', score: 0.85 });
    expect(result.contacts).toEqual([
      { platform: 'mastodon', id: 'alice@example.social', username: 'alice', displayName: null, profileUrl: 'https://example.social/@alice', bio: null, urls: ['https://example.social/@alice'], location: null, relations: ['following', 'muted', 'list:Friends'], since: null },
      expect.objectContaining({ id: 'Bob@other.example', username: 'Bob', profileUrl: 'https://other.example/@Bob', relations: ['following'] }),
      expect.objectContaining({ id: 'troll@bad.example', relations: ['blocked'] }),
      expect.objectContaining({ id: 'loud@example.social', relations: ['muted'] }),
      expect.objectContaining({ id: 'carol@work.example', relations: ['list:Work', 'list:Friends'] }),
    ]);
  });

  it('detects a lone blocked_accounts.csv only weakly, and skips lines without a handle with a warning', async () => {
    const { detection } = await parse(memoryArchive({ 'blocked_accounts.csv': 'troll@bad.example\n' }));
    expect(detection.score).toBeLessThan(0.7);
    const { result, warnings } = await parse(memoryArchive({ 'following_accounts.csv': 'Account address,Show boosts\nok@example.social,true\nnot a handle,true\n' }));
    expect(result.contacts.map((c) => c.id)).toEqual(['ok@example.social']);
    expect(warnings.some((w) => w.file === 'following_accounts.csv' && /1 line/.test(w.message))).toBe(true);
  });

  it('tells a long CSV by its first lines, and reads it whole (over 64 KiB, cut there mid-line)', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `someone${i}@server${i % 50}.example,true,false,`);
    const text = `Account address,Show boosts,Notify on new posts,Languages\n${lines.join('\n')}\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(64 * 1024);
    const { detection, result } = await parse(memoryArchive({ 'following_accounts.csv': text }));
    expect(detection).toMatchObject({ layout: 'csv', score: 0.85 });
    expect(result.contacts).toHaveLength(3000);
  });

  it('a CSV whose first lines are not handles is not taken for a Mastodon export, whatever comes later', async () => {
    const junk = Array.from({ length: 150 }, (_, i) => `not a handle ${i},x`);
    const handles = Array.from({ length: 500 }, (_, i) => `someone${i}@server.example`);
    expect(await mastodonSource.detect(memoryArchive({ 'blocked_accounts.csv': `${[...junk, ...handles].join('\n')}\n` }))).toBeNull();
  });

  it('warns that the archive alone holds no contacts', async () => {
    const { warnings } = await parse(memoryArchive({ 'outbox.json': OUTBOX, 'actor.json': ACTOR }));
    expect(warnings.some((w) => /No following, blocked, muted or list CSVs/.test(w.message))).toBe(true);
  });
});

describe('Mastodon detection', () => {
  it('does not claim other platforms\' files', async () => {
    expect(await mastodonSource.detect(memoryArchive({ 'Connections.csv': 'First Name,Last Name\n' }))).toBeNull();
    expect(await mastodonSource.detect(memoryArchive({ 'user_data_tiktok.json': '{"Your Activity":{}}' }))).toBeNull();
    expect(await mastodonSource.detect(memoryArchive({ 'outbox.json': '{"something":"else"}' }))).toBeNull();
    expect(await mastodonSource.detect(memoryArchive({ 'lists.csv': 'a,b,c\n' }))).toBeNull();
  });
});

describe('htmlToText', () => {
  it('keeps paragraphs and line breaks and decodes entities', () => {
    expect(htmlToText('<p>a &amp; b</p><p>c<br>d<br />e</p>')).toBe('a & b\n\nc\nd\ne');
  });
});

describe('mastodon detection against the other platforms\' real samples', () => {
  it('claims none of them', async () => {
    for (const { platform, files } of otherPlatformSamples('mastodon')) {
      const detection = await mastodonSource.detect(memoryArchive(files));
      expect(detection === null || detection.score < 0.3, platform).toBe(true);
    }
  });
});
