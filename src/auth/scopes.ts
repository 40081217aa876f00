/**
 * The OAuth scopes leave-platform asks for: only what the import does (docs content/en/api/oauth-scopes.md;
 * granular scopes exist since Mastodon 3.5 and servers that lack one refuse with `invalid_scope`).
 * `read:search` is needed for `/api/v2/search?resolve=true` (docs methods/search.md).
 */
export const GRAPH_SCOPES = [
  'read:accounts', 'read:follows', 'read:blocks', 'read:mutes', 'read:lists', 'read:search',
  'write:follows', 'write:blocks', 'write:mutes', 'write:lists',
] as const;

/** Posting, and reading the account's own statuses (a post whose answer was lost is looked for there). */
export const POST_SCOPES = ['read:statuses', 'write:statuses', 'write:media'] as const;

export function scopesFor(options: { posts: boolean }): string[] {
  return options.posts ? [...GRAPH_SCOPES, ...POST_SCOPES] : [...GRAPH_SCOPES];
}
