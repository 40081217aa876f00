/**
 * Where YouTube's files sit in a Google Takeout export. Takeout translates folder AND file names into the
 * account's language (reference/formats.md 5.1: English `subscriptions/subscriptions.csv`, German
 * `Abos/Abos.csv`, Spanish `suscripciones/suscripciones.csv`), prefixes every path with `Takeout/`
 * (also translated) in each part, and splits big exports into parts. So files are found by a product
 * folder whose name starts with "YouTube", by known translated names, and finally by content shape.
 */
import { basename } from '../../archive/find.js';
import type { ArchiveEntry, ArchiveSet } from '../../archive/types.js';

/** `YouTube and YouTube Music`, `YouTube und YouTube Music`, `YouTube y YouTube Music`, pre-2017 `YouTube`. */
const PRODUCT_FOLDER = /^youtube(\b|$)/i;

/** Translated names of the subscriptions file (EN, DE, ES from real paths; the rest from Takeout UIs). */
export const SUBSCRIPTION_CSV_NAMES = [
  'subscriptions.csv', 'abos.csv', 'suscripciones.csv', 'abonnements.csv', 'iscrizioni.csv',
  'inscrições.csv', 'inscricoes.csv', 'abonnementen.csv', 'subskrypcje.csv',
];

const VIDEO_EXTENSIONS = /\.(mp4|mov|m4v|webm|mkv|avi|flv|3gp|wmv|mpe?g)$/i;

/** True when one of the path's folders is YouTube's Takeout product folder. */
export function inYouTubeFolder(entry: ArchiveEntry): boolean {
  const segments = entry.path.split('/');
  return segments.slice(0, -1).some((s) => PRODUCT_FOLDER.test(s));
}

export function youtubeEntries(archive: ArchiveSet): ArchiveEntry[] {
  return archive.entries.filter(inYouTubeFolder);
}

function isCsv(entry: ArchiveEntry): boolean {
  return entry.path.toLowerCase().endsWith('.csv');
}

/** Subscription CSVs known by name, anywhere (a user may hand us only the YouTube folder). */
export function namedSubscriptionCsvs(archive: ArchiveSet): ArchiveEntry[] {
  return archive.entries.filter((e) => SUBSCRIPTION_CSV_NAMES.includes(basename(e.path).normalize('NFC').toLowerCase()));
}

/** Other CSVs in the YouTube folder, in a language we have no name for: checked by shape. */
export function otherYouTubeCsvs(archive: ArchiveSet, exclude: readonly ArchiveEntry[]): ArchiveEntry[] {
  return youtubeEntries(archive).filter((e) => isCsv(e) && !exclude.includes(e));
}

/** The legacy (until mid-2021) `subscriptions/subscriptions.json`. */
export function subscriptionJsons(archive: ArchiveSet): ArchiveEntry[] {
  return archive.entries.filter((e) => basename(e.path).toLowerCase() === 'subscriptions.json');
}

/** CSVs that may hold the uploaded videos' metadata: `video metadata/videos.csv`, `Video-Metadaten/Videos.csv`. */
export function videoMetadataCsvs(archive: ArchiveSet): ArchiveEntry[] {
  // `vidéos.csv` (French), `vídeos.csv` (Spanish, Portuguese), `videos.csv`.
  return archive.entries.filter((e) => isCsv(e) && /v[ií]d[eé]o/i.test(basename(e.path).normalize('NFC')) && (inYouTubeFolder(e) || /^v[ií]d[eé]os?\.csv$/i.test(basename(e.path).normalize('NFC'))));
}

/** CSVs that may describe the user's own channel: `channels/channel.csv`, `Kanäle/Kanal.csv`. */
export function channelCsvs(archive: ArchiveSet): ArchiveEntry[] {
  return archive.entries.filter((e) => isCsv(e) && /^(channel|kanal|canal|cha[iî]ne)\.csv$/i.test(basename(e.path).normalize('NFC')));
}

/** Uploaded video files, named after the video's title; they may sit in any part of the export. */
export function videoFiles(archive: ArchiveSet): ArchiveEntry[] {
  const all = archive.entries.filter((e) => VIDEO_EXTENSIONS.test(e.path));
  const inFolder = all.filter(inYouTubeFolder);
  return inFolder.length > 0 ? inFolder : all;
}
