/**
 * TikTok "Download your data" export in JSON: one file, `user_data_tiktok.json` (2024+) or `user_data.json`
 * (older), in a zip `TikTok_Data_<unix>.zip`. Detection reads only the file's head: the file can be large
 * (watch history) and the section names are near its top.
 */
import { entriesNamed } from '../../archive/find.js';
import type { ArchiveEntry, ArchiveSet } from '../../archive/types.js';
import { InputError } from '../../errors.js';
import { readEntryText } from '../csv.js';
import { parseEntryJson, readEntryHead } from '../entries.js';
import type { Detection, ParseContext, ParsedExport, SourceModule } from '../types.js';
import { tiktokFromUserData, tiktokLayout } from './userData.js';

const NEW_NAME = /^user_data_tiktok\.json$/i;
const OLD_NAME = /^user_data\.json$/i;
const HEAD_BYTES = 256 * 1024;
/** The whole file is parsed at once; a year of watch history is a few MB, far below this. */
const MAX_JSON_BYTES = 512 * 1024 * 1024;

/**
 * Section names only TikTok writes, or TikTok's own hosts in links. Sections are sorted by name in the
 * 2025 file, so "Your Activity" comes last; "Off TikTok Activity" and share links come early.
 */
const TIKTOK_SECTIONS = /"(Your Activity|Profile And Settings|Following List|Follower List|FansList|Video Browsing History|Off TikTok Activity|Tiktok Live|TikTok Shop)"\s*:|tiktokv?\.com\/|tiktokcdn/i;

export const tiktokSource: SourceModule = {
  platform: 'tiktok',
  description: 'TikTok data export in JSON (user_data_tiktok.json or user_data.json)',
  detect: detectTikTok,
  parse: parseTikTok,
};

function candidates(archive: ArchiveSet): ArchiveEntry[] {
  return [...entriesNamed(archive, NEW_NAME), ...entriesNamed(archive, OLD_NAME)];
}

async function detectTikTok(archive: ArchiveSet): Promise<Detection | null> {
  for (const entry of candidates(archive)) {
    const head = await readEntryHead(archive, entry, HEAD_BYTES).catch(() => '');
    const isObject = /^\s*\{/.test(head.replace(/^\uFEFF/, ''));
    if (!isObject) continue;
    // The 2024+ file name is TikTok's own; the older `user_data.json` is generic and needs content evidence.
    if (!TIKTOK_SECTIONS.test(head) && !NEW_NAME.test(entry.path.slice(entry.path.lastIndexOf('/') + 1))) continue;
    const layout = /"Your Activity"\s*:/i.test(head) ? '2024+' : /"Profile And Settings"\s*:/i.test(head) ? 'profile-and-settings' : /"Activity"\s*:/.test(head) ? 'pre-2024' : null;
    return { platform: 'tiktok', layout, score: TIKTOK_SECTIONS.test(head) ? 0.95 : 0.8 };
  }
  return null;
}

async function parseTikTok(context: ParseContext, detection: Detection): Promise<ParsedExport> {
  const entries = candidates(context.archive);
  let chosen: { entry: ArchiveEntry; doc: unknown } | null = null;
  for (const entry of entries) {
    const text = await readEntryText(context.archive, entry, MAX_JSON_BYTES);
    const doc = parseEntryJson(text, entry, 'Download the TikTok export again; if it keeps failing, request a new one in JSON format.');
    if (tiktokLayout(doc) === null) continue;
    if (chosen) {
      context.warn({ file: entry.path, message: `${entry.path} is a second TikTok data file; only ${chosen.entry.path} was read.` });
      continue;
    }
    chosen = { entry, doc };
  }
  if (!chosen) {
    throw new InputError('No TikTok user_data file with known sections was found in this export.', {
      hint: 'In TikTok, request your data in JSON format and give the downloaded zip as it is.',
    });
  }
  const data = tiktokFromUserData(chosen.doc);
  for (const what of data.missing) {
    context.warn({ file: chosen.entry.path, message: `${chosen.entry.path} has no ${what}; it was not part of the export.` });
  }
  return {
    sources: [{ platform: 'tiktok', files: [...context.archive.files], layout: tiktokLayout(chosen.doc) ?? detection.layout }],
    account: data.account,
    contacts: data.contacts,
    posts: data.posts,
  };
}
