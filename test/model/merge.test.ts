import { describe, expect, it } from 'vitest';
import { mergeParsed } from '../../src/model/merge.js';
import type { Contact, Post } from '../../src/model/types.js';
import type { ParsedExport } from '../../src/sources/types.js';

const contact = (over: Partial<Contact>): Contact => ({
  platform: 'twitter', id: null, username: null, displayName: null, profileUrl: null, bio: null,
  urls: [], location: null, relations: ['following'], since: null, ...over,
});
const post = (id: string, createdAt: string | null): Post => ({
  platform: 'twitter', id, createdAt, kind: 'post', text: id, inReplyToId: null, inReplyToUser: null,
  quoteOfUrl: null, repostOfUrl: null, language: null, visibility: null, contentWarning: null, sensitive: false,
  links: [], mentions: [], hashtags: [], media: [],
});
const part = (over: Partial<ParsedExport>): ParsedExport => ({
  sources: [{ platform: 'twitter', files: ['a.zip'], layout: null }], account: null, contacts: [], posts: [], ...over,
});

describe('mergeParsed', () => {
  it('merges one identity seen in two parts, keeping every relation and the known fields', () => {
    const model = mergeParsed([
      part({ contacts: [contact({ id: '1', relations: ['following'], since: '2020-01-01T00:00:00.000Z' })] }),
      part({ contacts: [contact({ id: '1', username: 'jack', relations: ['follower', 'following'], since: '2019-01-01T00:00:00.000Z' })] }),
    ]);
    expect(model.contacts).toHaveLength(1);
    expect(model.contacts[0]).toMatchObject({ id: '1', username: 'jack', relations: ['following', 'follower'], since: '2019-01-01T00:00:00.000Z' });
  });

  it('keys contacts without ids by username, case-insensitively, and keeps platforms apart', () => {
    const model = mergeParsed([part({
      contacts: [
        contact({ platform: 'instagram', username: 'Ann', relations: ['follower'] }),
        contact({ platform: 'instagram', username: 'ann', relations: ['following'] }),
        contact({ platform: 'threads', username: 'ann', relations: ['following'] }),
      ],
    })]);
    expect(model.contacts.map((c) => [c.platform, c.relations])).toEqual([
      ['instagram', ['follower', 'following']],
      ['threads', ['following']],
    ]);
  });

  it('drops duplicate posts and sorts by date, undated first', () => {
    const model = mergeParsed([
      part({ posts: [post('2', '2021-01-01T00:00:00.000Z'), post('1', '2020-01-01T00:00:00.000Z')] }),
      part({ posts: [post('2', '2021-01-01T00:00:00.000Z'), post('0', null)] }),
    ]);
    expect(model.posts.map((p) => p.id)).toEqual(['0', '1', '2']);
  });

  it('keeps every source and the first account', () => {
    const model = mergeParsed([
      part({ account: null }),
      part({ account: { platform: 'twitter', id: '9', username: 'me', displayName: null } }),
    ]);
    expect(model.sources).toHaveLength(2);
    expect(model.account?.id).toBe('9');
  });
});

describe('mergeParsed with name-only contacts', () => {
  it('never merges two contacts that share only a display name (two friends called Anna Schmidt)', () => {
    const model = mergeParsed([part({
      contacts: [
        contact({ platform: 'facebook', displayName: 'Anna Schmidt', relations: ['friend'] }),
        contact({ platform: 'facebook', displayName: 'Anna Schmidt', relations: ['friend'] }),
      ],
    })]);
    expect(model.contacts).toHaveLength(2);
  });
});
