/**
 * Post's `contentWarning` and `sensitive` were added within model version 1: documents written before
 * them stay valid, documents with them are checked.
 */
import { describe, expect, it } from 'vitest';
import { modelSchemaErrors } from '../helpers/modelSchema.js';

const post = {
  platform: 'mastodon', id: 'https://example.social/users/me/statuses/1', createdAt: '2024-01-01T00:00:00.000Z', kind: 'post',
  text: 'hi', inReplyToId: null, inReplyToUser: null, quoteOfUrl: null, repostOfUrl: null, language: 'en', visibility: 'public',
  links: [], mentions: [], hashtags: [], media: [],
};
const document = (p: Record<string, unknown>) => ({ version: 1, sources: [{ platform: 'mastodon', files: ['a.zip'], layout: null }], account: null, contacts: [], posts: [p] });

describe('Post contentWarning and sensitive in schema/model.schema.json', () => {
  it('accepts a version-1 document written before the fields existed', () => {
    expect(modelSchemaErrors(document(post))).toEqual([]);
  });

  it('accepts them set', () => {
    expect(modelSchemaErrors(document({ ...post, contentWarning: 'spoilers', sensitive: true }))).toEqual([]);
    expect(modelSchemaErrors(document({ ...post, contentWarning: null, sensitive: false }))).toEqual([]);
  });

  it.each([
    ['a numeric content warning', { contentWarning: 3 }],
    ['a sensitive flag as a string', { sensitive: 'true' }],
    ['a null sensitive flag', { sensitive: null }],
  ])('rejects %s', (_name, fields) => {
    expect(modelSchemaErrors(document({ ...post, ...fields }))).not.toEqual([]);
  });
});
