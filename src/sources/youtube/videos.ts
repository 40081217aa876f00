/**
 * The user's own uploaded videos as posts of kind `video` (reference/formats.md 5.2, 5.3).
 * Metadata: `video metadata/videos.csv` (German `Video-Metadaten/Videos.csv`), whose columns vary by
 * export date, so they are matched by name. Video files are named after the title, sanitised
 * (`:` → `_`, duplicates get ` (1)`), and may sit in another Takeout part than the CSV: they are matched
 * by normalised title across every part, and by video id when a file name carries it.
 */
import { basename } from '../../archive/find.js';
import type { ArchiveEntry } from '../../archive/types.js';
import { toIsoUtc } from '../../model/dates.js';
import type { Media, Post, PostVisibility } from '../../model/types.js';
import type { CsvColumns, CsvTable } from '../csv.js';

type VideoColumn =
  | 'id' | 'title' | 'description' | 'language' | 'privacy' | 'state' | 'created' | 'published' | 'channel'
  | `tag${number}`;

const TAG_COLUMNS = Object.fromEntries(
  Array.from({ length: 30 }, (_, i) => [`tag${i + 1}`, [`Tag ${i + 1}`, `Tag${i + 1}`, `Etiqueta ${i + 1}`]]),
) as Record<`tag${number}`, string[]>;

export const VIDEO_COLUMNS: CsvColumns<VideoColumn> = {
  id: ['Video ID', 'Video Id', 'Video-ID', 'ID del vídeo', 'ID del video', 'ID de la vidéo'],
  title: ['Video Title (Original)', 'Video Title', 'Title', 'Videotitel (Original)', 'Videotitel', 'Título del vídeo (original)', 'Título del video (original)', 'Titre de la vidéo (original)'],
  description: ['Video Description (Original)', 'Video Description', 'Description', 'Videobeschreibung (Original)', 'Videobeschreibung', 'Descripción del vídeo (original)', 'Descripción del video (original)', 'Description de la vidéo (original)'],
  language: ['Video Audio Language', 'Audio Language', 'Audiosprache des Videos', 'Idioma del audio del vídeo'],
  privacy: ['Privacy', 'Video Privacy', 'Datenschutz', 'Sichtbarkeit', 'Privacidad', 'Confidentialité'],
  state: ['Video State', 'Videostatus', 'Estado del vídeo'],
  created: ['Video Create Timestamp', 'Video Creation Timestamp', 'Zeitstempel der Videoerstellung', 'Marca de tiempo de creación del vídeo'],
  published: ['Video Publish Timestamp', 'Zeitstempel der Videoveröffentlichung', 'Marca de tiempo de publicación del vídeo'],
  channel: ['Channel ID', 'Channel Id', 'Kanal-ID', 'ID del canal'],
  ...TAG_COLUMNS,
};

const VISIBILITY: Record<string, PostVisibility> = {
  public: 'public', öffentlich: 'public', público: 'public', publique: 'public',
  unlisted: 'unlisted', 'nicht gelistet': 'unlisted', 'no listado': 'unlisted', 'non répertoriée': 'unlisted',
  private: 'private', privat: 'private', privado: 'private', privée: 'private',
};

/** Takeout's file-name sanitising undone as far as comparison needs: case, reserved characters, ` (n)`. */
export function titleKey(title: string): string {
  return title
    .normalize('NFC')
    .replace(/[\\/:*?"<>|_]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.+$/, '')
    .toLowerCase();
}

interface VideoFile {
  entry: ArchiveEntry;
  key: string;
  duplicate: number;
}

function describeFile(entry: ArchiveEntry): VideoFile {
  const stem = basename(entry.path).replace(/\.[^.]+$/, '');
  const m = /^(.*) \((\d+)\)$/.exec(stem);
  return { entry, key: titleKey(m ? m[1]! : stem), duplicate: m ? Number(m[2]) : 0 };
}

/**
 * Hands out each video file once: by the video id when a file name carries it as a word, else by title,
 * lower duplicate numbers first. Indexed, so a channel with thousands of uploads stays linear.
 */
export class VideoFileMatcher {
  private readonly byKey = new Map<string, VideoFile[]>();
  private readonly byWord = new Map<string, VideoFile[]>();
  private readonly used = new Set<ArchiveEntry>();

  constructor(entries: readonly ArchiveEntry[]) {
    const files = entries.map(describeFile).sort((a, b) => a.duplicate - b.duplicate);
    for (const file of files) {
      push(this.byKey, file.key, file);
      for (const word of basename(file.entry.path).split(/[^A-Za-z0-9_-]+/)) if (word.length >= 8) push(this.byWord, word, file);
    }
  }

  take(id: string, title: string | null): ArchiveEntry | null {
    const free = (list: VideoFile[] | undefined) => list?.find((f) => !this.used.has(f.entry));
    const found = free(this.byWord.get(id)) ?? (title === null ? undefined : free(this.byKey.get(titleKey(title))));
    if (!found) return null;
    this.used.add(found.entry);
    return found.entry;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface VideoParseResult {
  posts: Post[];
  /** Videos whose file is in none of the parts given. */
  missingFiles: number;
  /** The channel id the CSV names, for the account when no channel file exists. */
  channelId: string | null;
}

export function videosFromTable(table: CsvTable<VideoColumn>, matcher: VideoFileMatcher): VideoParseResult {
  const rows = table.rows
    .filter((r) => r.get('id') !== null)
    .map((row) => ({ row, createdAt: toIsoUtc(row.get('published')) ?? toIsoUtc(row.get('created')) }))
    // Oldest first, so that ` (1)` duplicates go to the later upload of the same title.
    .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
  let missingFiles = 0;
  let channelId: string | null = null;
  const posts = rows.map(({ row, createdAt }): Post => {
    const id = row.get('id')!;
    const title = row.get('title');
    const description = row.get('description');
    channelId ??= row.get('channel');
    const file = matcher.take(id, title);
    if (!file) missingFiles++;
    const media: Media = { path: file?.path ?? null, type: 'video', alt: null, archive: file?.archive ?? null };
    const tags = Object.keys(VIDEO_COLUMNS)
      .filter((k) => k.startsWith('tag'))
      .map((k) => row.get(k as VideoColumn))
      .filter((t): t is string => t !== null);
    return {
      platform: 'youtube',
      id,
      createdAt,
      kind: 'video',
      text: [title, description].filter((t): t is string => t !== null).join('\n\n'),
      inReplyToId: null,
      inReplyToUser: null,
      quoteOfUrl: null,
      repostOfUrl: null,
      language: row.get('language'),
      visibility: VISIBILITY[(row.get('privacy') ?? '').toLowerCase()] ?? null,
      // videos.csv has no content-warning or sensitivity column.
      contentWarning: null,
      sensitive: false,
      links: description ? urlsIn(description) : [],
      mentions: [],
      hashtags: hashtagsOf(description ?? '', tags),
      media: [media],
    };
  });
  return { posts, missingFiles, channelId };
}

function urlsIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g) ?? [])];
}

/**
 * `#tags` written in the description, and the video's tags that are valid hashtags as they stand
 * (a tag with spaces is not changed into something the user did not write).
 */
function hashtagsOf(description: string, tags: readonly string[]): string[] {
  const found = [...description.matchAll(/(?:^|\s)#([\p{L}\p{N}_]+)/gu)].map((m) => m[1]!);
  const fromTags = tags.filter((t) => /^[\p{L}\p{N}_]+$/u.test(t));
  return [...new Set([...found, ...fromTags])];
}
