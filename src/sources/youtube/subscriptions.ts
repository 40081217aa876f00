/**
 * YouTube subscriptions as contacts (reference/formats.md 5.2):
 * - `subscriptions.csv` (2021+): `Channel Id,Channel Url,Channel Title`; the case varies ("Channel ID") and
 *   other languages translate the header, so unknown headers fall back to the row shape
 *   (`UC` + 22 characters, then a youtube.com/channel URL, then the title), judged row by row;
 * - `subscriptions.json` (until mid-2021): YouTube Data API Subscription resources,
 *   `[{ "snippet": { "title", "description", "publishedAt", "resourceId": { "channelId" } } }]`.
 */
import type { ArchiveEntry } from '../../archive/types.js';
import { toIsoUtc } from '../../model/dates.js';
import type { Contact } from '../../model/types.js';
import { parseCsvRecords, parseCsvTable, readEntryText, type CsvColumns } from '../csv.js';
import { parseEntryJson } from '../entries.js';
import type { ParseContext } from '../types.js';

const CHANNEL_ID = /^UC[\w-]{22}$/;

export const SUBSCRIPTION_COLUMNS: CsvColumns<'id' | 'url' | 'title'> = {
  // French as a real 2026 export writes it: "ID des chaînes,URL des chaînes,Titres des chaînes".
  id: ['Channel Id', 'Channel ID', 'Kanal-ID', 'Kanal ID', 'ID del canal', 'ID de la chaîne', 'ID des chaînes', 'ID canale', 'ID do canal', 'Kanaal-ID'],
  url: ['Channel Url', 'Channel URL', 'Kanal-URL', 'Kanal URL', 'URL del canal', 'URL de la chaîne', 'URL des chaînes', 'URL canale', 'URL do canal', 'Kanaal-URL'],
  title: ['Channel Title', 'Kanaltitel', 'Título del canal', 'Titre de la chaîne', 'Titres des chaînes', 'Titolo canale', 'Título do canal', 'Kanaaltitel'],
};

export function isChannelId(value: string): boolean {
  return CHANNEL_ID.test(value);
}

/** The https channel URL: Takeout writes `http://www.youtube.com/channel/UC…`, profiles link with https. */
export function channelUrl(id: string): string {
  return `https://www.youtube.com/channel/${id}`;
}

function subscription(id: string, title: string | null, url: string | null, extra: Partial<Contact> = {}): Contact {
  return {
    platform: 'youtube',
    id,
    username: null,
    displayName: title,
    profileUrl: isChannelId(id) ? channelUrl(id) : url,
    bio: null,
    urls: [],
    location: null,
    relations: ['subscription'],
    since: null,
    ...extra,
  };
}

export interface SubscriptionCsvResult {
  contacts: Contact[];
  /** How the columns were found: by header names, or by the rows' shape for an untranslated header. */
  columns: 'header' | 'shape';
  truncated: boolean;
  /** Rows that are no subscription (no channel id where it belongs): skipped one by one. */
  skipped: number;
}

/**
 * The subscriptions in a CSV text, or null when the text is not a subscriptions table. Judged row by row:
 * a damaged or foreign row is skipped (and counted), it does not make the whole table unreadable.
 */
export function parseSubscriptionCsv(text: string, file: string): SubscriptionCsvResult | null {
  const table = parseCsvTable(text, { file, columns: SUBSCRIPTION_COLUMNS, required: ['id', 'url'] });
  if (table) {
    const contacts: Contact[] = [];
    let skipped = 0;
    for (const row of table.rows) {
      const id = row.get('id');
      if (id !== null && isChannelId(id)) contacts.push(subscription(id, row.get('title'), row.get('url')));
      else skipped++;
    }
    return { contacts, columns: 'header', truncated: table.truncated, skipped };
  }
  // A header in a language we do not know: recognise the table by its rows, when most of them are
  // subscriptions (a file of another kind may have the odd channel id in its first column).
  const { records, truncated } = parseCsvRecords(text, file);
  const [header, ...rows] = records;
  if (!header || header.length < 3) return null;
  const nonEmpty = rows.filter((r) => r.some((c) => c.trim() !== ''));
  const shaped = nonEmpty.filter(looksLikeSubscriptionRow);
  if (shaped.length === 0 || shaped.length * 2 <= nonEmpty.length) return null;
  return {
    contacts: shaped.map((r) => subscription(r[0]!.trim(), r[2]?.trim() || null, r[1]!.trim())),
    columns: 'shape',
    truncated,
    skipped: nonEmpty.length - shaped.length,
  };
}

function looksLikeSubscriptionRow(cells: readonly string[]): boolean {
  return isChannelId(cells[0]?.trim() ?? '') && /youtube\.com\/channel\//i.test(cells[1] ?? '');
}

/** Reads one subscriptions CSV entry; null when it is not one. Warns when the file was cut short or rows were skipped. */
export async function readSubscriptionCsv(context: ParseContext, entry: ArchiveEntry): Promise<Contact[] | null> {
  const text = await readEntryText(context.archive, entry);
  const result = parseSubscriptionCsv(text, entry.path);
  if (!result) return null;
  if (result.truncated) {
    context.warn({ file: entry.path, message: `${entry.path} ends in the middle of a quoted field (cut short?); read the ${result.contacts.length} subscriptions before it.` });
  }
  if (result.skipped > 0) {
    context.warn({ file: entry.path, message: `${result.skipped} row(s) of ${entry.path} hold no channel id; skipped them.` });
  }
  return result.contacts;
}

interface ApiSubscription {
  snippet?: {
    title?: unknown;
    description?: unknown;
    publishedAt?: unknown;
    resourceId?: { channelId?: unknown };
  };
}

/** The legacy JSON: a list of Subscription resources. Null when the JSON has another shape. */
export function subscriptionsFromJson(data: unknown): Contact[] | null {
  if (!Array.isArray(data)) return null;
  const contacts: Contact[] = [];
  for (const item of data as ApiSubscription[]) {
    const id = item?.snippet?.resourceId?.channelId;
    if (typeof id !== 'string' || id === '') continue;
    const title = typeof item.snippet?.title === 'string' && item.snippet.title !== '' ? item.snippet.title : null;
    const bio = typeof item.snippet?.description === 'string' && item.snippet.description !== '' ? item.snippet.description : null;
    contacts.push(subscription(id, title, null, { bio, since: toIsoUtc(item.snippet?.publishedAt) }));
  }
  if (contacts.length === 0 && data.length > 0) return null;
  return contacts;
}

export async function readSubscriptionJson(context: ParseContext, entry: ArchiveEntry): Promise<Contact[] | null> {
  const text = await readEntryText(context.archive, entry);
  return subscriptionsFromJson(parseEntryJson(text, entry, 'Download the Takeout part that holds it again.'));
}
