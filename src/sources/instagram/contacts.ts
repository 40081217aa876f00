/**
 * Instagram and Threads followers, following, blocked and close friends. Each list item carries the
 * username in one of the shapes of meta/stringList.ts; Instagram gives no display names or bios for
 * other accounts, except in the generic `label_values` records (reference/formats.md section 3.3).
 */
import type { ArchiveEntry } from '../../archive/types.js';
import type { Platform } from '../../model/types.js';
import { ContactBook } from '../meta/contacts.js';
import { isUnder } from '../meta/files.js';
import { asRecord, entryLabel, readMetaJson } from '../meta/json.js';
import { listItems, readListedItem, type ListedItem } from '../meta/stringList.js';
import { toIsoUtc } from '../../model/dates.js';
import type { ParseContext } from '../types.js';
import { CONNECTIONS_KEYS, INSTAGRAM_CONNECTIONS, INSTAGRAM_LISTS, type InstagramListFile, instagramEntries } from './files.js';

const USERNAME = /^[A-Za-z0-9._]{1,30}$/;
/** Accounts deleted since: `__deleted__<random>` (real 2026 following.json). Nobody to follow there. */
const DELETED = /^__deleted__/i;

/** "https://www.instagram.com/_u/jane", "https://www.threads.com/@jane" → "jane"; anything else → null. */
export function usernameFromProfileUrl(href: string | null): string | null {
  if (href === null) return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!/(^|\.)(instagram\.com|threads\.net|threads\.com)$/i.test(url.hostname)) return null;
  const segments = url.pathname.split('/').filter(Boolean).filter((s) => s !== '_u');
  const first = segments[0]?.replace(/^@/, '') ?? '';
  return USERNAME.test(first) ? first : null;
}

export interface InstagramPerson {
  username: string;
  displayName: string | null;
  id: string | null;
  urls: string[];
  since: string | null;
}

/** The username of a list item in any shape: the profile link first, then `value`, `title`, label "Username". */
export function instagramPerson(listed: ListedItem): InstagramPerson | null {
  const labelUrl = listed.labels.get('URL') ?? null;
  const fromLinks = [listed.href, labelUrl, ...listed.labelHrefs].map(usernameFromProfileUrl).find((u) => u !== null);
  const candidates = [fromLinks, listed.value, listed.title, listed.labels.get('Username')];
  const username = candidates.find((c): c is string => typeof c === 'string' && USERNAME.test(c.replace(/^@/, '')))
    ?.replace(/^@/, '');
  if (!username) return null;
  // A label URL that is not a profile link is the person's own website.
  const urls = labelUrl !== null && usernameFromProfileUrl(labelUrl) === null && /^https?:\/\//i.test(labelUrl) ? [labelUrl] : [];
  return { username, displayName: listed.labels.get('Name') ?? null, id: listed.fbid, urls, since: listed.timestamp };
}

export function profileUrlOf(platform: Platform, username: string): string {
  return platform === 'threads' ? `https://www.threads.com/@${username}` : `https://www.instagram.com/${username}`;
}

export interface InstagramContactsResult {
  /** Which relations had a list file, per platform. */
  found: Set<string>;
  deleted: number;
  threadsFiles: number;
}

export async function readInstagramContacts(context: ParseContext, book: ContactBook): Promise<InstagramContactsResult> {
  const result: InstagramContactsResult = { found: new Set(), deleted: 0, threadsFiles: 0 };
  for (const list of INSTAGRAM_LISTS) {
    for (const entry of instagramEntries(context.archive, list.pattern)) {
      const json = await readMetaJson(context, entry, { importance: list.importance, platformName: 'Instagram' });
      if (json === null) continue;
      const routed = routeList(json, entry, list);
      if (!routed) {
        context.warn({ file: entryLabel(entry), message: `${entryLabel(entry)} does not hold a list we know; skipped it.` });
        continue;
      }
      if (routed.platform === 'threads') result.threadsFiles += 1;
      result.found.add(`${routed.platform}:${list.relation}`);
      let unreadable = 0;
      for (const item of routed.items) {
        const listed = readListedItem(item);
        const person = listed ? instagramPerson(listed) : null;
        if (!person) {
          unreadable += 1;
          continue;
        }
        if (DELETED.test(person.username)) {
          result.deleted += 1;
          continue;
        }
        book.add(routed.platform, person.username.toLowerCase(), {
          id: person.id, username: person.username, displayName: person.displayName,
          profileUrl: profileUrlOf(routed.platform, person.username), urls: person.urls,
        }, list.relation, person.since);
      }
      if (unreadable > 0) {
        context.warn({ file: entryLabel(entry), message: `${unreadable} record(s) in ${entryLabel(entry)} name no account; skipped them.` });
      }
    }
  }
  await readOldConnections(context, book, result);
  return result;
}

/** Threads lists live under `threads/` with their own keys; the same basenames elsewhere are Instagram's. */
function routeList(json: unknown, entry: ArchiveEntry, list: InstagramListFile): { platform: Platform; items: unknown[] } | null {
  const record = asRecord(json);
  if (record && list.threadsKeys.some((k) => k in record)) {
    const items = listItems(json, list.threadsKeys);
    return items ? { platform: 'threads', items } : null;
  }
  const items = listItems(json, list.keys);
  if (!items) return null;
  return { platform: isUnder(entry, 'threads') ? 'threads' : 'instagram', items };
}

/** 2018-20 `connections.json`: `{"followers": {"jane": "2018-11-03T12:34:56"}, "following": {...}, ...}`. */
async function readOldConnections(context: ParseContext, book: ContactBook, result: InstagramContactsResult): Promise<void> {
  for (const entry of instagramEntries(context.archive, INSTAGRAM_CONNECTIONS)) {
    const root = asRecord(await readMetaJson(context, entry, { importance: 'core', platformName: 'Instagram' }));
    if (!root || !CONNECTIONS_KEYS.some(({ key }) => asRecord(root[key]))) continue;
    for (const { key, relation } of CONNECTIONS_KEYS) {
      const map = asRecord(root[key]);
      if (!map) continue;
      result.found.add(`instagram:${relation}`);
      for (const [username, date] of Object.entries(map)) {
        if (!USERNAME.test(username)) continue;
        book.add('instagram', username.toLowerCase(), {
          username, profileUrl: profileUrlOf('instagram', username),
        }, relation, toIsoUtc(date));
      }
    }
  }
}
