/**
 * Merging what several platform modules returned into one Model (DESIGN.md section 3): a contact appears
 * once per platform identity, with all its relations merged; nothing absent is made up.
 */
import type { ParsedExport } from '../sources/types.js';
import { MODEL_VERSION, type Contact, type Model, type Post } from './types.js';

export function mergeParsed(parts: readonly ParsedExport[]): Model {
  const contacts = new Map<string, Contact>();
  // One part's posts are already unique (each module dedupes its own); only several parts can repeat one.
  if (parts.length === 1) return single(parts[0]!, contacts);
  const posts: Post[] = [];
  const seenPosts = new Set<string>();
  for (const part of parts) {
    mergeContactsInto(contacts, part.contacts);
    for (const post of part.posts) {
      const key = `${post.platform}\u0000${post.id}`;
      if (seenPosts.has(key)) continue;
      seenPosts.add(key);
      posts.push(post);
    }
  }
  sortPosts(posts);
  return {
    version: MODEL_VERSION,
    sources: parts.flatMap((p) => p.sources),
    account: parts.find((p) => p.account !== null)?.account ?? null,
    contacts: [...contacts.values()],
    posts,
  };
}

function single(part: ParsedExport, contacts: Map<string, Contact>): Model {
  mergeContactsInto(contacts, part.contacts);
  const posts = [...part.posts];
  sortPosts(posts);
  return { version: MODEL_VERSION, sources: part.sources, account: part.account, contacts: [...contacts.values()], posts };
}

function mergeContactsInto(contacts: Map<string, Contact>, from: readonly Contact[]): void {
  for (const contact of from) {
    // Name-only contacts (Facebook friends) were merged by their module, which can tell two friends of the
    // same name apart by list position; a name is no identity, so they are never merged here.
    const key = contactKey(contact) ?? `anonymous:${contacts.size}`;
    const existing = contacts.get(key);
    contacts.set(key, existing ? mergeContact(existing, contact) : { ...contact, relations: [...new Set(contact.relations)] });
  }
}

/** Sorts by date then id, skipping the sort when the posts already come in order (Twitter's do). */
function sortPosts(posts: Post[]): void {
  for (let i = 1; i < posts.length; i++) {
    if (byDateThenId(posts[i - 1]!, posts[i]!) > 0) {
      posts.sort(byDateThenId);
      return;
    }
  }
}

/** The platform identity: the id where the platform gives one, else the username; null for a bare name. */
export function contactKey(c: Pick<Contact, 'platform' | 'id' | 'username'>): string | null {
  if (c.id !== null) return `${c.platform}:id:${c.id}`;
  if (c.username !== null) return `${c.platform}:u:${c.username.toLowerCase()}`;
  return null;
}

export function mergeContact(a: Contact, b: Contact): Contact {
  return {
    platform: a.platform,
    id: a.id ?? b.id,
    username: a.username ?? b.username,
    displayName: a.displayName ?? b.displayName,
    profileUrl: a.profileUrl ?? b.profileUrl,
    bio: a.bio ?? b.bio,
    urls: [...new Set([...a.urls, ...b.urls])],
    location: a.location ?? b.location,
    relations: [...new Set([...a.relations, ...b.relations])],
    since: earliest(a.since, b.since),
  };
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a <= b ? a : b;
}

function byDateThenId(a: Post, b: Post): number {
  const da = a.createdAt ?? '';
  const db = b.createdAt ?? '';
  if (da !== db) return da < db ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
