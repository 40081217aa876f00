/**
 * Mastodon's account CSV exports (Settings → Import and export → Data export; `app/models/export.rb`,
 * reference/formats.md 11.2) as contacts:
 *   following_accounts.csv  `Account address,Show boosts,Notify on new posts,Languages`  → following
 *   muted_accounts.csv      `Account address,Hide notifications`                         → muted
 *   blocked_accounts.csv    no header, one `user@domain` a line                          → blocked
 *   lists.csv               no header, `List title,user@domain`                          → list:<title>
 *
 * Our choice for a handle `user@domain`: `id` is the handle as written (Mastodon's own identifier for an
 * account in these files), `username` the local part (as for every other platform: the name without host),
 * and `profileUrl` (also in `urls`) `https://domain/@user`, the profile URL form the resolver's explicit
 * finder reads as `user@domain`. The domain is the handle's domain, which WebFinger resolves even when
 * the server runs on another host.
 */
import { basename } from '../../archive/find.js';
import type { ArchiveEntry } from '../../archive/types.js';
import { parseHandleText, type AccountHandle } from '../../model/handle.js';
import type { Contact, Relation } from '../../model/types.js';
import { parseCsvRecords, readEntryText } from '../csv.js';
import type { ParseContext } from '../types.js';

export const ACCOUNT_CSV_NAMES = ['following_accounts.csv', 'muted_accounts.csv', 'blocked_accounts.csv', 'lists.csv'] as const;
type AccountCsvName = (typeof ACCOUNT_CSV_NAMES)[number];

export function accountCsvName(entry: ArchiveEntry): AccountCsvName | null {
  const name = basename(entry.path).toLowerCase();
  return (ACCOUNT_CSV_NAMES as readonly string[]).includes(name) ? (name as AccountCsvName) : null;
}

/** A header row starts with "Account address"; headerless files start with a handle (or a list title). */
function isHeader(cells: readonly string[]): boolean {
  return /^account address$/i.test(cells[0]?.trim() ?? '');
}

export interface AccountRow {
  handle: AccountHandle;
  relation: Relation;
}

/** The rows of one account CSV; `bad` counts lines that hold no handle. */
export function accountRows(name: AccountCsvName, records: readonly string[][]): { rows: AccountRow[]; bad: number } {
  const rows: AccountRow[] = [];
  let bad = 0;
  for (const [i, cells] of records.entries()) {
    if (i === 0 && isHeader(cells)) continue;
    const address = name === 'lists.csv' ? cells[1] : cells[0];
    const parsed = address ? parseHandleText(address) : null;
    const handle = parsed?.ok ? parsed.handle : null;
    const listTitle = cells[0]?.trim() ?? '';
    if (!handle || (name === 'lists.csv' && listTitle === '')) {
      bad++;
      continue;
    }
    const relation: Relation =
      name === 'following_accounts.csv' ? 'following'
        : name === 'muted_accounts.csv' ? 'muted'
          : name === 'blocked_accounts.csv' ? 'blocked'
            : `list:${listTitle}`;
    rows.push({ handle, relation });
  }
  return { rows, bad };
}

/** Is this the content of a Mastodon account CSV? (detection) */
export function looksLikeAccountCsv(name: AccountCsvName, text: string, file: string): boolean {
  try {
    const { records } = parseCsvRecords(text, file);
    if (records.length === 0) return false;
    const { rows, bad } = accountRows(name, records);
    // Mostly handles: one damaged line must not hide the export.
    return (rows.length > 0 && rows.length >= bad) || (records.length === 1 && isHeader(records[0]!));
  } catch {
    return false;
  }
}

/** Merges rows into contacts keyed by handle, one contact per account with all its relations. */
export class ContactBook {
  private readonly byHandle = new Map<string, Contact>();

  add(row: AccountRow): void {
    const key = `${row.handle.user}@${row.handle.host}`.toLowerCase();
    const existing = this.byHandle.get(key);
    if (existing) {
      if (!existing.relations.includes(row.relation)) existing.relations.push(row.relation);
      return;
    }
    const profileUrl = `https://${row.handle.host}/@${row.handle.user}`;
    this.byHandle.set(key, {
      platform: 'mastodon',
      id: `${row.handle.user}@${row.handle.host}`,
      username: row.handle.user,
      displayName: null,
      profileUrl,
      bio: null,
      urls: [profileUrl],
      location: null,
      relations: [row.relation],
      since: null,
    });
  }

  contacts(): Contact[] {
    return [...this.byHandle.values()];
  }
}

export async function readAccountCsv(context: ParseContext, entry: ArchiveEntry, book: ContactBook): Promise<void> {
  const name = accountCsvName(entry);
  if (!name) return;
  const text = await readEntryText(context.archive, entry);
  const { records, truncated } = parseCsvRecords(text, entry.path);
  const { rows, bad } = accountRows(name, records);
  if (truncated) {
    context.warn({ file: entry.path, message: `${entry.path} ends in the middle of a quoted field (cut short?); read the ${rows.length} accounts before it.` });
  }
  if (bad > 0) {
    context.warn({ file: entry.path, message: `${bad} line(s) of ${entry.path} hold no account address (user@domain); skipped.` });
  }
  for (const row of rows) book.add(row);
}
