/**
 * The order posts are sent in: by date (stable: posts without a date keep their export order after the
 * dated ones), but a parent always before its replies, so that a self-reply can reply to the new copy of
 * its parent. A post whose parent is not among those imported starts a thread of its own, and so does the
 * post that closes a cycle of replies (a corrupt export: A replies to B replies to A).
 */
import type { Post } from '../../model/types.js';
import { postKey } from './selectPosts.js';

export interface ThreadedPost {
  post: Post;
  /** The imported post this one replies to, or null when it starts a thread. */
  parent: Post | null;
}

export function orderThreads(posts: readonly Post[]): ThreadedPost[] {
  const byId = new Map<string, Post>();
  for (const p of posts) if (!byId.has(postKey(p.platform, p.id))) byId.set(postKey(p.platform, p.id), p);
  const byDate = posts
    .map((post, index) => ({ post, index, at: post.createdAt === null ? Number.NaN : Date.parse(post.createdAt) }))
    .sort((a, b) => {
      const aNo = Number.isNaN(a.at);
      const bNo = Number.isNaN(b.at);
      if (aNo !== bNo) return aNo ? 1 : -1;
      return (aNo ? 0 : a.at - b.at) || a.index - b.index;
    });

  const out: ThreadedPost[] = [];
  const done = new Set<Post>();
  const inPath = new Set<Post>();
  const parentOf = (p: Post): Post | null => {
    if (p.inReplyToId === null) return null;
    const parent = byId.get(postKey(p.platform, p.inReplyToId));
    return parent === undefined || parent === p ? null : parent;
  };
  const visit = (post: Post): void => {
    // Iterative walk up the chain (a thread may be thousands of posts long: no recursion).
    const chain: Post[] = [];
    let cur: Post | null = post;
    while (cur !== null && !done.has(cur) && !inPath.has(cur)) {
      inPath.add(cur);
      chain.push(cur);
      cur = parentOf(cur);
    }
    // `cur` is null (a thread start), already placed, or in the chain itself (a cycle: the top of the
    // chain then starts a thread).
    const cycle = cur !== null && inPath.has(cur) && !done.has(cur);
    for (let i = chain.length - 1; i >= 0; i--) {
      const p = chain[i]!;
      const parent = i === chain.length - 1 && cycle ? null : parentOf(p);
      out.push({ post: p, parent });
      done.add(p);
      inPath.delete(p);
    }
  };
  for (const { post } of byDate) if (!done.has(post)) visit(post);
  return out;
}
