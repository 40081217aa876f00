/**
 * Facebook friends, who you follow and your followers, in every generation's shape. Facebook gives
 * people as display names only (no id, no username, no profile URL: reference/formats.md section 2.3),
 * so a person is identified by name; two friends who share a name stay two contacts, matched up across
 * lists by their order of appearance ("Jo Doe" #1 in friends is "Jo Doe" #1 in followers).
 */
import type { ArchiveEntry } from '../../archive/types.js';
import { ContactBook } from '../meta/contacts.js';
import { asRecord, asText, entryLabel, readMetaJson } from '../meta/json.js';
import { listItems, readListedItem } from '../meta/stringList.js';
import { metaTime } from '../meta/time.js';
import type { ParseContext } from '../types.js';
import { FACEBOOK_LISTS, type FacebookListFile, facebookEntries } from './files.js';

export interface FacebookPerson {
  name: string;
  since: string | null;
  /** Only the newer string_list records link a profile. */
  profileUrl: string | null;
}

/** One list record: `{name, timestamp}`, the string_list shape (value = name) or the generic label_values shape. */
export function facebookPerson(item: unknown): FacebookPerson | null {
  const record = asRecord(item);
  if (!record) return null;
  const name = asText(record.name);
  if (name !== null) return { name, since: metaTime(record, 'timestamp'), profileUrl: null };
  const listed = readListedItem(record);
  if (!listed) return null;
  const listedName = listed.value ?? listed.labels.get('Name') ?? listed.title;
  if (listedName === null) return null;
  const href = [listed.href, ...listed.labelHrefs].find((h) => h !== null && /^https:\/\/(?:[a-z0-9-]+\.)*facebook\.com\//i.test(h));
  return { name: listedName, since: listed.timestamp, profileUrl: href ?? null };
}

export interface FacebookContactsResult {
  /** Which relations had at least one list file in the export (even an empty one). */
  found: Set<FacebookListFile['relation']>;
}

export async function readFacebookContacts(context: ParseContext, book: ContactBook): Promise<FacebookContactsResult> {
  const found = new Set<FacebookListFile['relation']>();
  for (const list of FACEBOOK_LISTS) {
    const seen = new Map<string, number>();
    let previousLast: string | null = null;
    for (const entry of facebookEntries(context.archive, list.pattern)) {
      const people = await readList(context, entry, list);
      if (people === null) continue;
      found.add(list.relation);
      // Numbered parts may repeat the last record of the previous part first (formats.md 2.3).
      const first = people[0];
      const start = first && previousLast === recordKey(first) ? 1 : 0;
      for (const person of people.slice(start)) {
        const n = (seen.get(person.name) ?? 0) + 1;
        seen.set(person.name, n);
        book.add('facebook', `${person.name}#${n}`, { displayName: person.name, profileUrl: person.profileUrl }, list.relation, person.since);
      }
      const last = people[people.length - 1];
      previousLast = last ? recordKey(last) : previousLast;
    }
  }
  return { found };
}

function recordKey(person: FacebookPerson): string {
  return `${person.name}\u0000${person.since ?? ''}`;
}

async function readList(context: ParseContext, entry: ArchiveEntry, list: FacebookListFile): Promise<FacebookPerson[] | null> {
  const json = await readMetaJson(context, entry, { importance: 'core', platformName: 'Facebook' });
  const items = listItems(json, list.keys);
  if (items === null) {
    context.warn({ file: entryLabel(entry), message: `${entryLabel(entry)} does not hold a list we know (expected one of ${list.keys.join(', ')}); skipped it.` });
    return null;
  }
  const people: FacebookPerson[] = [];
  let unreadable = 0;
  for (const item of items) {
    const person = facebookPerson(item);
    if (person) people.push(person);
    else unreadable += 1;
  }
  if (unreadable > 0) {
    context.warn({ file: entryLabel(entry), message: `${unreadable} record(s) in ${entryLabel(entry)} name nobody; skipped them.` });
  }
  return people;
}
