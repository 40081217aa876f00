/**
 * LinkedIn "Get a copy of your data" export: connections as contacts, shares as posts, the profile as the
 * account. Files sit flat, sometimes under a folder; their names vary in case and spacing between years,
 * so they are found by basename pattern and confirmed by their header.
 */
import { entriesNamed } from '../../archive/find.js';
import type { ArchiveEntry, ArchiveSet } from '../../archive/types.js';
import { InputError } from '../../errors.js';
import type { Account, Contact, Post } from '../../model/types.js';
import { parseCsvTable, readCsvTable, readEntryText, type CsvColumns } from '../csv.js';
import type { Detection, ParseContext, ParsedExport, SourceModule } from '../types.js';
import { CONNECTION_COLUMNS, connectionsFromTable, profileSlug } from './connections.js';
import { SHARE_COLUMNS, sharesFromTable } from './shares.js';

const CONNECTIONS_FILE = /^connections(_\d+)?\.csv$/i;
const SHARES_FILE = /^shares(_\d+)?\.csv$/i;
const PROFILE_FILE = /^profile\.csv$/i;

const PROFILE_COLUMNS: CsvColumns<'first' | 'last' | 'headline' | 'url'> = {
  first: ['First Name', 'Vorname', 'Prénom', 'Nombre'],
  last: ['Last Name', 'Nachname', 'Nom', 'Apellidos'],
  headline: ['Headline'],
  url: ['Public Profile URL', 'Profile URL'],
};

export const linkedinSource: SourceModule = {
  platform: 'linkedin',
  description: 'LinkedIn data export (Connections.csv, Shares.csv)',
  detect: detectLinkedIn,
  parse: parseLinkedIn,
};

async function headerMatches(archive: ArchiveSet, entry: ArchiveEntry, columns: CsvColumns<string>, required: string[]): Promise<boolean> {
  try {
    const text = await readEntryText(archive, entry);
    return parseCsvTable(text, { file: entry.path, columns, required }) !== null;
  } catch {
    return false;
  }
}

async function detectLinkedIn(archive: ArchiveSet): Promise<Detection | null> {
  for (const entry of entriesNamed(archive, CONNECTIONS_FILE)) {
    if (await headerMatches(archive, entry, CONNECTION_COLUMNS, ['first', 'last', 'connectedOn'])) {
      return { platform: 'linkedin', layout: 'csv', score: 0.95 };
    }
  }
  for (const entry of entriesNamed(archive, SHARES_FILE)) {
    if (await headerMatches(archive, entry, SHARE_COLUMNS, ['date', 'commentary'])) {
      return { platform: 'linkedin', layout: 'csv', score: 0.9 };
    }
  }
  return null;
}

async function parseLinkedIn(context: ParseContext, detection: Detection): Promise<ParsedExport> {
  const { archive } = context;
  const contacts: Contact[] = [];
  const connectionFiles = entriesNamed(archive, CONNECTIONS_FILE);
  for (const entry of connectionFiles) {
    const table = await readCsvTable(context, entry, { columns: CONNECTION_COLUMNS, required: ['first', 'last', 'connectedOn'] });
    if (!table) {
      throw new InputError(`${entry.path} in ${entry.archive} has no "First Name,Last Name,...,Connected On" header; it is not a LinkedIn connections file we can read.`, {
        file: entry.path,
        hint: 'Request the LinkedIn data export again and give the zip as it comes.',
      });
    }
    if (!table.has('url')) {
      context.warn({ file: entry.path, message: `${entry.path} has no URL column (an older export): contacts have names only.` });
    }
    contacts.push(...connectionsFromTable(table));
  }
  if (connectionFiles.length === 0) {
    context.warn({ file: null, message: 'This LinkedIn export has no Connections.csv; request the export with "Connections" selected to include your contacts.' });
  }

  const posts: Post[] = [];
  for (const entry of entriesNamed(archive, SHARES_FILE)) {
    const table = await readCsvTable(context, entry, { columns: SHARE_COLUMNS, required: ['date', 'commentary'] });
    if (!table) {
      context.warn({ file: entry.path, message: `${entry.path} has no "Date,...,ShareCommentary" header; skipped.` });
      continue;
    }
    const shares = sharesFromTable(table);
    posts.push(...shares.posts);
    if (shares.empty > 0) {
      context.warn({ file: entry.path, message: `${shares.empty} share(s) in ${entry.path} have no text, link or media; left out.` });
    }
  }

  return {
    sources: [{ platform: 'linkedin', files: [...archive.files], layout: detection.layout }],
    account: await readProfile(context),
    contacts: dedupeByProfile(contacts),
    posts,
  };
}

/** A connection listed twice (split files, re-packed exports) appears once. */
function dedupeByProfile(contacts: Contact[]): Contact[] {
  const seen = new Set<string>();
  return contacts.filter((c) => {
    const key = c.profileUrl?.toLowerCase() ?? `name:${c.displayName ?? ''}:${c.since ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function readProfile(context: ParseContext): Promise<Account | null> {
  for (const entry of entriesNamed(context.archive, PROFILE_FILE)) {
    const table = await readCsvTable(context, entry, { columns: PROFILE_COLUMNS, required: ['first', 'last'] });
    const row = table?.rows[0];
    if (!row) continue;
    const name = [row.get('first'), row.get('last')].filter((p): p is string => p !== null).join(' ');
    return { platform: 'linkedin', id: null, username: profileSlug(row.get('url')), displayName: name === '' ? null : name };
  }
  return null;
}
