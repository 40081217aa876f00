import { describe, expect, it } from 'vitest';
import { modelSchemaErrors } from '../helpers/modelSchema.js';
import { MODEL_VERSION, type Model } from '../../src/model/types.js';

const valid: Model = {
  version: MODEL_VERSION,
  sources: [{ platform: 'twitter', files: ['export.zip'], layout: '2022+' }],
  account: { platform: 'twitter', id: '123', username: 'me', displayName: 'Me' },
  contacts: [{
    platform: 'twitter', id: '2244994945', username: 'jack', displayName: 'Jack',
    profileUrl: 'https://twitter.com/jack', bio: null, urls: [], location: null,
    relations: ['following', 'follower', 'list:friends'], since: '2019-04-01T10:00:00.000Z',
  }],
  posts: [{
    platform: 'twitter', id: '1100', createdAt: '2019-03-04T10:11:12.000Z', kind: 'post', text: 'hi',
    inReplyToId: null, inReplyToUser: null, quoteOfUrl: null, repostOfUrl: null, language: 'en',
    visibility: 'public', contentWarning: 'spoilers', sensitive: true, links: ['https://example.org/a'], mentions: [{ username: 'jack', id: '12' }],
    hashtags: ['tag'], media: [{ path: 'data/tweets_media/1100-abc.jpg', type: 'image', alt: null, archive: 'export.zip' }],
  }],
};

describe('schema/model.schema.json', () => {
  it('accepts the example of DESIGN.md section 3', () => {
    expect(modelSchemaErrors(valid)).toEqual([]);
  });

  it.each([
    ['an unknown platform', (m: any) => { m.contacts[0].platform = 'myspace'; }],
    ['a non-UTC date', (m: any) => { m.posts[0].createdAt = '2019-03-04 10:11:12'; }],
    ['an unknown relation', (m: any) => { m.contacts[0].relations = ['friendish']; }],
    ['a missing field', (m: any) => { delete m.posts[0].links; }],
    ['an extra field', (m: any) => { m.contacts[0].score = 3; }],
    ['a numeric id', (m: any) => { m.posts[0].id = 1100; }],
    ['an undefined relation list', (m: any) => { m.contacts[0].relations = []; }],
    ['a wrong version', (m: any) => { m.version = 2; }],
  ])('rejects %s', (_name, mutate) => {
    const copy = structuredClone(valid);
    mutate(copy);
    expect(modelSchemaErrors(copy)).not.toEqual([]);
  });
});
