/**
 * Matching the media paths Meta writes in posts (`uri`) to entries of the archive. The uri is relative
 * to the export's root, but users re-pack archives inside a wrapper folder, multi-part exports put media
 * in another part than the JSON, and the root itself has moved between generations, so the match is by
 * path suffix at a segment boundary: the whole uri first, then shorter suffixes down to folder + file
 * name, accepted only when they are unambiguous.
 */
import type { ArchiveEntry, ArchiveSet } from '../../archive/types.js';
import type { Media, MediaType } from '../../model/types.js';
import { asRecord } from './json.js';

const IMAGE = new Set(['jpg', 'jpeg', 'png', 'webp', 'heic', 'heif', 'bmp', 'tif', 'tiff']);
const VIDEO = new Set(['mp4', 'mov', 'm4v', 'webm', 'avi', 'mkv', '3gp']);
const AUDIO = new Set(['mp3', 'm4a', 'aac', 'wav', 'ogg', 'opus']);

export function mediaTypeOf(path: string): MediaType {
  const dot = path.lastIndexOf('.');
  const ext = dot === -1 ? '' : path.slice(dot + 1).toLowerCase();
  if (ext === 'gif') return 'gif';
  if (IMAGE.has(ext)) return 'image';
  if (VIDEO.has(ext)) return 'video';
  if (AUDIO.has(ext)) return 'audio';
  return 'other';
}

/**
 * The type a Meta media item's metadata tells: `media_metadata.video_metadata` or `.photo_metadata`
 * (reference/formats.md 2.2, 3.2). Videos are often exported without an extension in their file name (a
 * real 2024 Instagram export), so the name alone says `other`. Null when the metadata names neither.
 */
export function mediaTypeOfMetadata(record: unknown): MediaType | null {
  const metadata = asRecord(asRecord(record)?.['media_metadata']);
  if (!metadata) return null;
  if (asRecord(metadata['video_metadata'])) return 'video';
  if (asRecord(metadata['photo_metadata'])) return 'image';
  return null;
}

interface Candidate {
  entry: ArchiveEntry;
  lowerPath: string;
}

export class MediaIndex {
  /** Entries by lower-cased basename: the candidates for a uri are the entries with its file name. */
  private byBasename: Map<string, Candidate[]> | null = null;
  /** How many references named a file the archive does not hold. */
  missing = 0;

  constructor(private readonly archive: ArchiveSet) {}

  /**
   * The neutral media record for one uri; `path` is null when the archive lacks the file. `record` is the
   * media item the uri came from: its metadata types a file whose name has no extension.
   */
  media(uri: string, alt: string | null = null, record: unknown = null): Media {
    const entry = this.find(uri);
    if (!entry) this.missing += 1;
    const byName = mediaTypeOf(uri);
    return {
      path: entry ? entry.path : null,
      type: byName === 'other' ? mediaTypeOfMetadata(record) ?? 'other' : byName,
      alt,
      archive: entry ? entry.archive : null,
    };
  }

  find(uri: string): ArchiveEntry | null {
    // A remote URL (old exports sometimes link the CDN) is not a file in the archive.
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) return null;
    const segments = uri.replace(/\\/g, '/').toLowerCase().split('/').filter((s) => s !== '' && s !== '.');
    const name = segments[segments.length - 1];
    if (name === undefined) return null;
    const candidates = this.index().get(name);
    if (!candidates) return null;
    for (let start = 0; start < segments.length; start += 1) {
      if (start > 0 && segments.length - start < 2) break;
      const suffix = segments.slice(start).join('/');
      const matches = candidates.filter((c) => c.lowerPath === suffix || c.lowerPath.endsWith('/' + suffix));
      if (matches.length === 0) continue;
      // The whole uri may sit in several parts (the first part wins); a shortened suffix must name one file.
      if (start === 0 || matches.every((m) => m.lowerPath === matches[0]!.lowerPath)) return matches[0]!.entry;
      return null;
    }
    return null;
  }

  private index(): Map<string, Candidate[]> {
    if (this.byBasename) return this.byBasename;
    const map = new Map<string, Candidate[]>();
    for (const entry of this.archive.entries) {
      const lowerPath = entry.path.toLowerCase();
      const name = lowerPath.slice(lowerPath.lastIndexOf('/') + 1);
      const list = map.get(name);
      if (list) list.push({ entry, lowerPath });
      else map.set(name, [{ entry, lowerPath }]);
    }
    this.byBasename = map;
    return map;
  }
}
