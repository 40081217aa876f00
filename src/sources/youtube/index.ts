/**
 * YouTube from Google Takeout: subscriptions as contacts, the user's uploaded videos as posts, the
 * channel as the account. Several Takeout parts given together are one ArchiveSet, so a video file in
 * part 2 is found for metadata in part 1.
 */
import type { ArchiveEntry } from '../../archive/types.js';
import { InputError } from '../../errors.js';
import type { Account, Contact, Post } from '../../model/types.js';
import { parseCsvRecords, parseCsvTable, readCsvTable, readEntryText, type CsvColumns } from '../csv.js';
import type { Detection, ParseContext, ParsedExport, SourceModule } from '../types.js';
import {
  channelCsvs, namedSubscriptionCsvs, otherYouTubeCsvs, subscriptionJsons, videoFiles, videoMetadataCsvs,
  youtubeEntries,
} from './files.js';
import {
  isChannelId, parseSubscriptionCsv, readSubscriptionCsv, readSubscriptionJson, subscriptionsFromJson,
} from './subscriptions.js';
import { VIDEO_COLUMNS, VideoFileMatcher, videosFromTable } from './videos.js';

/** CSVs in the YouTube folder read by shape when their translated name is unknown to us: a sane bound. */
const MAX_SHAPE_CHECKS = 40;
const MAX_SHAPE_CHECK_BYTES = 8 * 1024 * 1024;

const CHANNEL_COLUMNS: CsvColumns<'id' | 'title'> = {
  id: ['Channel ID', 'Channel Id', 'Kanal-ID', 'ID del canal', 'ID de la chaîne'],
  title: ['Channel Title (Original)', 'Channel Title', 'Kanaltitel (Original)', 'Kanaltitel', 'Título del canal (original)', 'Título del canal', 'Titre de la chaîne (original)'],
};

export const youtubeSource: SourceModule = {
  platform: 'youtube',
  description: 'YouTube via Google Takeout (subscriptions, your uploaded videos)',
  detect: detectYouTube,
  parse: parseYouTube,
};

async function detectYouTube(archive: ParseContext['archive']): Promise<Detection | null> {
  const context: ParseContext = { archive, warn: () => {} };
  const subs = await findSubscriptionCsvs(context, true).catch(() => []);
  if (subs.length > 0) return { platform: 'youtube', layout: 'takeout-csv', score: 0.95 };
  for (const entry of subscriptionJsons(archive)) {
    const text = await readEntryText(archive, entry).catch(() => '');
    if (isSubscriptionJson(text)) return { platform: 'youtube', layout: 'takeout-json', score: 0.9 };
  }
  for (const entry of videoMetadataCsvs(archive)) {
    const text = await readEntryText(archive, entry).catch(() => '');
    if (parseVideoTableSafe(text, entry.path)) return { platform: 'youtube', layout: 'takeout-csv', score: 0.85 };
  }
  // A Takeout with a YouTube folder but none of the files we read (e.g. only watch history).
  if (youtubeEntries(archive).length > 0) return { platform: 'youtube', layout: 'takeout', score: 0.4 };
  return null;
}

function isSubscriptionJson(text: string): boolean {
  try {
    const contacts = subscriptionsFromJson(JSON.parse(text));
    return contacts !== null;
  } catch {
    return false;
  }
}

function parseVideoTableSafe(text: string, file: string): boolean {
  try {
    return parseCsvTable(text, { file, columns: VIDEO_COLUMNS, required: ['id', 'title'] }) !== null;
  } catch {
    return false;
  }
}

interface FoundSubscriptions {
  entry: ArchiveEntry;
  contacts: Contact[] | null;
}

/** Subscription CSVs by translated name, else by shape among the YouTube folder's other CSVs. */
async function findSubscriptionCsvs(context: ParseContext, stopAtFirst: boolean): Promise<FoundSubscriptions[]> {
  const found: FoundSubscriptions[] = [];
  const named = namedSubscriptionCsvs(context.archive);
  for (const entry of named) {
    const contacts = await readSubscriptionCsv(context, entry);
    if (contacts !== null) {
      found.push({ entry, contacts });
      if (stopAtFirst) return found;
    }
  }
  if (found.length > 0) return found;
  const others = otherYouTubeCsvs(context.archive, named).filter((e) => e.size <= MAX_SHAPE_CHECK_BYTES);
  for (const entry of others.slice(0, MAX_SHAPE_CHECKS)) {
    const text = await readEntryText(context.archive, entry);
    let result: ReturnType<typeof parseSubscriptionCsv>;
    try {
      result = parseSubscriptionCsv(text, entry.path);
    } catch {
      continue; // some other, unreadable CSV: not ours to judge here
    }
    if (result) {
      if (result.skipped > 0) {
        context.warn({ file: entry.path, message: `${result.skipped} row(s) of ${entry.path} hold no channel id; skipped them.` });
      }
      found.push({ entry, contacts: result.contacts });
      if (stopAtFirst) return found;
    }
  }
  return found;
}

async function parseYouTube(context: ParseContext, detection: Detection): Promise<ParsedExport> {
  const { archive } = context;
  const contacts = new Map<string, Contact>();
  const add = (list: readonly Contact[]) => {
    for (const c of list) if (c.id !== null && !contacts.has(c.id)) contacts.set(c.id, c);
  };

  let subscriptionFiles = 0;
  for (const { contacts: list } of await findSubscriptionCsvs(context, false)) {
    subscriptionFiles++;
    add(list ?? []);
  }
  for (const entry of subscriptionJsons(archive)) {
    const list = await readSubscriptionJson(context, entry);
    if (list === null) {
      context.warn({ file: entry.path, message: `${entry.path} does not hold YouTube subscriptions as expected; skipped.` });
      continue;
    }
    subscriptionFiles++;
    add(list);
  }
  if (subscriptionFiles === 0) {
    context.warn({
      file: null,
      message: 'This Takeout has no YouTube subscriptions file; select "subscriptions" in the YouTube part of Takeout to include it.',
    });
  }

  const { posts, channelId } = await readVideos(context);
  const account = (await readChannel(context)) ?? (channelId ? { platform: 'youtube' as const, id: channelId, username: null, displayName: null } : null);

  if (contacts.size === 0 && posts.length === 0 && account === null && subscriptionFiles === 0) {
    throw new InputError('This Google Takeout holds no YouTube subscriptions, videos or channel data we can read.', {
      hint: 'In Google Takeout, select "YouTube and YouTube Music" with subscriptions, videos and channels, and give every part of the export.',
    });
  }

  return {
    sources: [{ platform: 'youtube', files: [...archive.files], layout: detection.layout }],
    account,
    contacts: [...contacts.values()],
    posts,
  };
}

async function readVideos(context: ParseContext): Promise<{ posts: Post[]; channelId: string | null }> {
  const matcher = new VideoFileMatcher(videoFiles(context.archive));
  const posts: Post[] = [];
  let channelId: string | null = null;
  for (const entry of videoMetadataCsvs(context.archive)) {
    const table = await readCsvTable(context, entry, { columns: VIDEO_COLUMNS, required: ['id', 'title'] });
    if (!table) continue; // e.g. `Videoaufzeichnungen.csv` (recording metadata), not the video list
    const result = videosFromTable(table, matcher);
    posts.push(...result.posts);
    channelId ??= result.channelId;
    if (result.missingFiles > 0) {
      context.warn({
        file: entry.path,
        message: `${result.missingFiles} of ${result.posts.length} videos listed in ${entry.path} have no video file in the parts given; give every Takeout part to include them.`,
      });
    }
  }
  return { posts, channelId };
}

async function readChannel(context: ParseContext): Promise<Account | null> {
  for (const entry of channelCsvs(context.archive)) {
    const table = await readCsvTable(context, entry, { columns: CHANNEL_COLUMNS, required: ['id'] });
    const row = table?.rows.find((r) => isChannelId(r.get('id') ?? ''));
    if (row) return { platform: 'youtube', id: row.get('id'), username: null, displayName: row.get('title') };
    // An untranslated header: the first column of a channel file is the channel id.
    const text = await readEntryText(context.archive, entry);
    const records = parseCsvRecords(text, entry.path).records;
    const shaped = records.slice(1).find((r) => isChannelId(r[0]?.trim() ?? ''));
    if (shaped) return { platform: 'youtube', id: shaped[0]!.trim(), username: null, displayName: shaped[1]?.trim() || null };
  }
  return null;
}
