/** Small builders for the post planner tests. */
import type { Media, Model, Post } from '../../../src/model/types.js';
import type { DestinationProfile } from '../../../src/destinations/profile.js';
import { DEFAULT_PROFILE } from '../../../src/destinations/profile.js';
import type { PostPlanOptions } from '../../../src/plan/posts/planPosts.js';
import { DEFAULT_KINDS } from '../../../src/plan/posts/selectPosts.js';

export function post(id: string, fields: Partial<Post> = {}): Post {
  return {
    platform: 'twitter', id, createdAt: '2020-01-02T03:04:05.000Z', kind: 'post', text: `post ${id}`,
    inReplyToId: null, inReplyToUser: null, quoteOfUrl: null, repostOfUrl: null, language: 'en',
    visibility: 'public', links: [], mentions: [], hashtags: [], media: [], contentWarning: null, sensitive: false, ...fields,
  };
}

export function image(n: number, fields: Partial<Media> = {}): Media {
  return { path: `data/tweets_media/img${n}.jpg`, type: 'image', alt: `picture ${n}`, archive: 'export.zip', ...fields };
}

export function postModel(posts: Post[], username: string | null = 'me'): Pick<Model, 'account' | 'posts'> {
  return { account: { platform: 'twitter', id: '1', username, displayName: 'Me' }, posts };
}

export function postOptions(extra: Partial<PostPlanOptions> = {}): PostPlanOptions {
  return {
    kinds: DEFAULT_KINDS, since: null, until: null, includePrivate: false, visibility: 'unlisted',
    mentions: 'link', footer: null, backdate: 'auto', ...extra,
  };
}

export const MASTODON: DestinationProfile = { ...DEFAULT_PROFILE, software: 'mastodon', version: '4.3.0' };

export const GOTOSOCIAL: DestinationProfile = {
  ...DEFAULT_PROFILE,
  software: 'gotosocial',
  version: '0.18.0',
  posts: { maxCharacters: 5000, urlLength: 25, maxMedia: 6, canBackdate: true, repliesArePublic: false },
};
