/**
 * The map finder: the user's own `--map` files (DESIGN.md section 4), e.g. community lists of who moved
 * where. CSV with the header `source,handle`: `source` is the contact's username on the old platform
 * (no `@`), its numeric id, or its profile URL; `handle` is `user@host`, a leading `@` allowed.
 * Offline: the files are read by the caller, this module only parses text.
 */
import { parse } from 'csv-parse/sync';
import { InputError } from '../../errors.js';
import type { Contact } from '../../model/types.js';
import { formatHandle, parseHandleOrProfileUrl } from '../handles.js';
import type { Candidate, Finder } from './types.js';

export interface MapEntry {
  source: string;
  /** `user@host`. */
  handle: string;
  /** `file:line`, for evidence and warnings. */
  where: string;
}

export interface ParsedMap {
  entries: MapEntry[];
  /** Rows that were skipped, each naming its file and line. */
  warnings: string[];
}

/** Parses one map file's text. A file without the `source,handle` header, or not CSV, is an InputError. */
export function parseMapCsv(text: string, file: string): ParsedMap {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      comment: '#',
      comment_no_infix: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    throw new InputError(`${file} is not a readable CSV file: ${(error as Error).message}`, {
      cause: error,
      file,
      hint: 'A map file is CSV with the header "source,handle", e.g. "jack,jack@example.social".',
    });
  }
  const header = rows[0]?.record.map((h) => h.toLowerCase()) ?? [];
  const sourceCol = header.indexOf('source');
  const handleCol = header.indexOf('handle');
  if (sourceCol < 0 || handleCol < 0) {
    throw new InputError(`${file} has no "source,handle" header line.`, {
      file,
      hint: 'A map file is CSV with the header "source,handle", e.g. "jack,jack@example.social".',
    });
  }
  const entries: MapEntry[] = [];
  const warnings: string[] = [];
  for (const { record, info } of rows.slice(1)) {
    const where = `${file}:${info.lines}`;
    const source = (record[sourceCol] ?? '').replace(/^@/, '');
    const rawHandle = record[handleCol] ?? '';
    if (!source) {
      warnings.push(`${where}: no source, row skipped`);
      continue;
    }
    const handle = parseHandleOrProfileUrl(rawHandle);
    if (!handle) {
      warnings.push(`${where}: "${rawHandle.slice(0, 100)}" is not a fediverse handle (user@host), row skipped`);
      continue;
    }
    entries.push({ source, handle: formatHandle(handle), where });
  }
  return { entries, warnings };
}

export function mapFinder(entries: MapEntry[]): Finder {
  const index = new Map<string, MapEntry[]>();
  for (const e of entries) {
    const key = sourceKey(e.source);
    const list = index.get(key) ?? [];
    list.push(e);
    index.set(key, list);
  }
  return {
    name: 'map',
    stage: 1,
    find: async (contact) => {
      const out: Candidate[] = [];
      const seen = new Set<string>();
      for (const key of contactKeys(contact)) {
        for (const e of index.get(key) ?? []) {
          if (seen.has(e.handle.toLowerCase())) continue;
          seen.add(e.handle.toLowerCase());
          out.push({ handle: e.handle, finder: 'map', detail: `${e.where} maps ${e.source}`, base: 'high' });
        }
      }
      return out;
    },
  };
}

/**
 * How a map `source` is compared: usernames case-insensitively, ids exactly, profile URLs without
 * scheme, `www.`/`mobile.` and trailing slash (x.com and twitter.com are the same site).
 */
export function sourceKey(source: string): string {
  const s = source.trim();
  if (/^https?:\/\//i.test(s)) return `url:${normalizeProfileUrl(s)}`;
  return `name:${s.replace(/^@/, '').toLowerCase()}`;
}

function contactKeys(contact: Contact): string[] {
  const keys = new Set<string>();
  if (contact.username) keys.add(`name:${contact.username.replace(/^@/, '').toLowerCase()}`);
  if (contact.id) keys.add(`name:${contact.id.toLowerCase()}`);
  if (contact.profileUrl) keys.add(`url:${normalizeProfileUrl(contact.profileUrl)}`);
  const built = builtProfileUrl(contact);
  if (built) keys.add(`url:${normalizeProfileUrl(built)}`);
  return [...keys];
}

/** The profile URL a platform gives a username, where it is predictable. */
function builtProfileUrl(contact: Contact): string | null {
  const u = contact.username?.replace(/^@/, '');
  if (!u) return null;
  switch (contact.platform) {
    case 'twitter': return `https://twitter.com/${u}`;
    case 'instagram': return `https://instagram.com/${u}`;
    case 'threads': return `https://threads.net/@${u}`;
    case 'tiktok': return `https://tiktok.com/@${u}`;
    case 'bluesky': return `https://bsky.app/profile/${u}`;
    case 'reddit': return `https://reddit.com/user/${u}`;
    default: return null;
  }
}

export function normalizeProfileUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return raw.trim().toLowerCase();
  }
  let host = url.hostname.toLowerCase().replace(/^(?:www|mobile|m)\./, '');
  if (host === 'x.com') host = 'twitter.com';
  const path = url.pathname.replace(/\/+$/, '').toLowerCase();
  return `${host}${path}`;
}
