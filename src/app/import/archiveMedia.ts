/**
 * The export's media files for post import: their declared sizes for the plan, and, per media action,
 * the file streamed out of the archive and made fit for the server (src/media/prepareMedia.ts). The
 * archive set is opened once for the whole run and closed with it.
 */
import type { MediaSource, PreparedMediaResult, VideoFileResult } from '../../apply/types.js';
import { videoFileOf } from '../../media/videoFile.js';
import { openArchiveSet } from '../../archive/open.js';
import type { ArchiveEntry, ArchiveSet } from '../../archive/types.js';
import type { MediaLimits as ProfileMediaLimits } from '../../destinations/profile.js';
import { MASTODON_DEFAULT_MEDIA_LIMITS } from '../../media/mediaTypes.js';
import { prepareMedia, type PrepareOptions } from '../../media/prepareMedia.js';
import { isMediaProblem, type MediaLimits } from '../../media/types.js';
import { reason } from '../../plan/reasons.js';
import type { MediaAction, VideoAction } from '../../plan/types.js';
import type { ArchiveMedia } from './types.js';

/** An entry is read at most this far past the server's limit: a zip bomb stops there (media_unreadable). */
const READ_MARGIN = 1.05;

export async function openArchiveMedia(archives: string[], options: PrepareOptions = {}): Promise<ArchiveMedia> {
  const set = await openArchiveSet(archives);
  const index = indexEntries(set);
  const find = (archive: string | null, path: string | null): ArchiveEntry | undefined => {
    if (path === null) return undefined;
    return index.get(`${archive ?? ''}\u0000${path}`) ?? index.get(`\u0000${path}`);
  };
  const source: MediaSource = {
    async prepare(action: MediaAction, profileLimits: ProfileMediaLimits | null): Promise<PreparedMediaResult> {
      const entry = find(action.archive, action.path);
      if (!entry) return { ok: false, reason: reason('media_missing', action.path) };
      const limits = limitsOf(profileLimits);
      const cap = Math.ceil(Math.max(limits.imageMaxBytes, limits.videoMaxBytes) * READ_MARGIN);
      const prepared = await prepareMedia({
        open: () => set.open(entry, { maxBytes: cap }),
        declaredSize: entry.size,
        fileName: entry.path,
        declaredType: action.mediaType,
      }, limits, options);
      if (isMediaProblem(prepared)) return { ok: false, reason: reason(prepared.problem, prepared.detail) };
      return { ok: true, mime: prepared.mime, fileName: prepared.fileName, size: prepared.size, open: prepared.open, cleanup: prepared.cleanup };
    },
    async video(action: VideoAction): Promise<VideoFileResult> {
      const entry = find(action.archive, action.path);
      if (!entry) return { ok: false, reason: reason('media_missing', action.path) };
      // Read exactly as far as the archive declares: the upload announced that size to the server.
      return { ok: true, ...videoFileOf(entry.path), size: entry.size, open: () => set.open(entry, { maxBytes: entry.size }) };
    },
  };
  return {
    size: (archive, path) => find(archive, path)?.size ?? null,
    source,
    close: () => set.close(),
  };
}

/** Entries by archive part and path, and by path alone (a model from one part names its own archive). */
function indexEntries(set: ArchiveSet): Map<string, ArchiveEntry> {
  const index = new Map<string, ArchiveEntry>();
  for (const e of set.entries) {
    index.set(`${e.archive}\u0000${e.path}`, e);
    if (!index.has(`\u0000${e.path}`)) index.set(`\u0000${e.path}`, e);
  }
  return index;
}

function limitsOf(p: ProfileMediaLimits | null): MediaLimits {
  const d = MASTODON_DEFAULT_MEDIA_LIMITS;
  return {
    mimeTypes: p?.mimeTypes ?? d.mimeTypes,
    imageMaxBytes: p?.imageMaxBytes ?? d.imageMaxBytes,
    videoMaxBytes: p?.videoMaxBytes ?? d.videoMaxBytes,
    imageMaxPixels: p?.imageMaxPixels ?? d.imageMaxPixels,
  };
}
