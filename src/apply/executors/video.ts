/**
 * Upload one video of the user's own into a channel (PeerTube), exactly once:
 * - a video already on the channel with the same name and original date is taken as this one (a video
 *   uploaded by hand, or by a run whose answer was lost);
 * - the upload is resumable (node-uploadx, src/destinations/peertube/videos.ts): the session's URL is
 *   journaled (`session:<url>`) as soon as the server opens it, so a run killed mid-upload asks the server
 *   next time how far it got (`Content-Range: bytes *\/total`) and sends only the rest;
 * - the file is streamed from the archive in chunks, never extracted (src/media/chunkReader.ts);
 * - the new video's id is the action's remote id.
 * A 413 `quota_reached` stops the whole run (the next videos cannot fit either): VideoQuotaReached.
 * The soft stop is checked between chunks: the action stays `sent` with its session, resumed next run.
 */
import { RemoteError } from '../../errors.js';
import { ChunkReader } from '../../media/chunkReader.js';
import type { NewVideo, RemoteVideo, UploadProgress, VideoPrivacyId, VideosPort } from '../../destinations/videosPort.js';
import type { CallFailure, CallResult } from '../../destinations/types.js';
import type { VideoAction } from '../../plan/types.js';
import { done, failedWith, outcome } from '../outcomes.js';
import type { ExecContext, Executor, JournalRecord, Outcome, VideoFileResult } from '../types.js';

/** 32 MB chunks: few round trips, and a lost chunk costs little to send again. */
export const VIDEO_CHUNK_BYTES = 32 * 1024 * 1024;
/** How many times a chunk refused with 409 (not where the server is) re-reads the server's offset. */
const MAX_RESYNCS = 5;
const SESSION = 'session:';

const PRIVACY: Record<VideoAction['privacy'], VideoPrivacyId> = { public: 1, unlisted: 2, private: 3 };

/** The server's quota is used up: no further video can go (exit 1, with the quota in words). */
export class VideoQuotaReached extends RemoteError {
  constructor(detail: string, host: string | null) {
    super(`Your video quota on the server is used up (${detail}); the remaining videos were not uploaded.`, {
      host, hint: 'Free some space on the channel or ask the server\'s admins for a larger quota, then run the same command again.',
    });
    this.name = 'VideoQuotaReached';
  }
}

/** The video executor with a chunk size of its own (tests use small chunks). */
export function videoExecutorWith(chunkBytes: number): Executor<VideoAction> {
  return {
  type: 'video',
  supported: (ctx) => ctx.destination.videos !== undefined && ctx.media?.video !== undefined,
  async send(action, ctx) {
    const channel = await channelOf(ctx);
    if (channel === null) return outcome('skipped', 'channel_not_found', action.channel);
    const found = await alreadyThere(action, ctx);
    if (found !== null) return found;
    const file = await openFile(action, ctx);
    if (!file.ok) return { status: 'skipped', reason: file.reason };
    const videos = ctx.destination.videos as VideosPort;
    const meta = newVideo(action, channel.id, file);
    const started = await ctx.write(null, () => videos.startUpload(meta, { idempotencyKey: ctx.idempotencyKey() }));
    if (!started.ok) return refused(started.failure, ctx);
    const session = started.value.sessionUrl;
    await ctx.note({ status: 'sent', reason: null, remoteId: `${SESSION}${session}` });
    return upload(session, 0, file, ctx, chunkBytes);
  },
  async reconcile(action, ctx, last) {
    const found = await alreadyThere(action, ctx);
    if (found !== null) return found;
    const session = sessionOf(last);
    if (session === null) return 'absent';
    const file = await openFile(action, ctx);
    if (!file.ok) return { status: 'skipped', reason: file.reason };
    const at = await (ctx.destination.videos as VideosPort).uploadOffset(session, file.size);
    if (!at.ok) {
      // 404: the server dropped the session (it expires unfinished uploads): start a new one.
      if (at.failure.kind === 'not_found') return 'absent';
      return failedWith(at.failure, last.remoteId);
    }
    if (at.value.state === 'finished') return finished(at.value, action, ctx);
    return upload(session, at.value.offset, file, ctx, chunkBytes);
  },
  };
}

export const videoExecutor = videoExecutorWith(VIDEO_CHUNK_BYTES);

type VideoFile = Extract<VideoFileResult, { ok: true }>;

async function upload(session: string, from: number, file: VideoFile, ctx: ExecContext, chunkBytes: number): Promise<Outcome> {
  const videos = ctx.destination.videos as VideosPort;
  const reader = new ChunkReader(file.open);
  const remoteId = `${SESSION}${session}`;
  let offset = from;
  let resyncs = 0;
  try {
    for (;;) {
      if (offset >= file.size) {
        // Everything sent but no final answer seen: ask the server.
        const at = await videos.uploadOffset(session, file.size);
        if (!at.ok) return failedWith(at.failure, remoteId);
        if (at.value.state === 'finished') return finishedId(at.value, remoteId);
        offset = at.value.offset;
        if (offset >= file.size) return outcome('failed', 'bad_response', 'the server holds the whole file but made no video', remoteId);
      }
      if (ctx.signal?.aborted) return { status: 'sent', reason: null, remoteId };
      const length = Math.min(chunkBytes, file.size - offset);
      const start = offset;
      const r: CallResult<UploadProgress> = await videos.sendChunk(session, start, file.size, {
        length, stream: () => reader.slice(start, length),
      });
      if (!r.ok) {
        if (r.failure.status === 409 && resyncs++ < MAX_RESYNCS) {
          // The chunk did not start where the server is (RFC-less node-uploadx rule): ask, then go on from there.
          const at = await videos.uploadOffset(session, file.size);
          if (!at.ok) return failedWith(at.failure, remoteId);
          if (at.value.state === 'finished') return finishedId(at.value, remoteId);
          offset = at.value.offset;
          continue;
        }
        if (r.failure.kind === 'not_found') return outcome('failed', 'upload_session_lost', r.failure.reason, remoteId);
        if (r.failure.code === 'quota_reached') throw await quotaReached(r.failure, ctx);
        return failedWith(r.failure, remoteId);
      }
      if (r.value.state === 'finished') return finishedId(r.value, remoteId);
      offset = r.value.offset;
    }
  } finally {
    reader.close();
  }
}

function finishedId(p: Extract<UploadProgress, { state: 'finished' }>, remoteId: string): Outcome {
  return p.video ? done(p.video.id) : outcome('failed', 'bad_response', 'the last chunk was answered without the new video', remoteId);
}

async function finished(p: Extract<UploadProgress, { state: 'finished' }>, action: VideoAction, ctx: ExecContext): Promise<Outcome> {
  if (p.video) return done(p.video.id);
  const found = await alreadyThere(action, ctx);
  return found ?? outcome('failed', 'could_not_check', 'the upload is complete but the video was not found');
}

async function refused(failure: CallFailure, ctx: ExecContext): Promise<Outcome> {
  const code = failure.code ?? null;
  if (code === 'quota_reached') throw await quotaReached(failure, ctx);
  if (code === 'max_file_size_reached' || failure.status === 415) return outcome('skipped', failure.status === 415 ? 'media_unsupported' : 'media_too_large', failure.reason);
  return failedWith(failure);
}

async function quotaReached(failure: CallFailure, ctx: ExecContext): Promise<VideoQuotaReached> {
  await ctx.note(outcome('failed', 'quota_reached', failure.reason));
  return new VideoQuotaReached(failure.reason, null);
}

/** The same name and original date on the channel, not already another action's video. */
async function alreadyThere(action: VideoAction, ctx: ExecContext): Promise<Outcome | null> {
  const videos = ctx.destination.videos as VideosPort;
  const list = await ctx.memo(`videos:${action.channel.toLowerCase()}`, () => videos.channelVideos(action.channel), (r) => r.ok);
  if (!list.ok) return outcome('failed', 'could_not_check', list.failure.reason);
  const others = ctx.remoteIdsOfOthers('video');
  const same = list.value.find((v) => !others.has(v.id) && sameVideo(v, action));
  return same ? done(same.id) : null;
}

export function sameVideo(v: RemoteVideo, action: Pick<VideoAction, 'name' | 'originallyPublishedAt'>): boolean {
  if (v.name.trim() !== action.name.trim()) return false;
  const a = action.originallyPublishedAt === null ? null : Date.parse(action.originallyPublishedAt);
  const b = v.originallyPublishedAt === null ? null : Date.parse(v.originallyPublishedAt);
  // PeerTube may keep the date only to the day or the second: compare within a day.
  return a === null || b === null ? a === b : Math.abs(a - b) < 24 * 3600_000;
}

async function channelOf(ctx: ExecContext): Promise<{ id: number; name: string } | null> {
  const profile = await ctx.destination.profile();
  return profile.videos?.channel ?? null;
}

async function openFile(action: VideoAction, ctx: ExecContext): Promise<VideoFileResult> {
  const source = ctx.media?.video;
  if (!source || !ctx.media) return { ok: false, reason: { code: 'unsupported_by_destination' } };
  return source.call(ctx.media, action);
}

function sessionOf(last: JournalRecord): string | null {
  return last.remoteId?.startsWith(SESSION) ? last.remoteId.slice(SESSION.length) : null;
}

function newVideo(action: VideoAction, channelId: number, file: VideoFile): NewVideo {
  return {
    channelId, name: action.name, description: action.description, tags: action.tags, privacy: PRIVACY[action.privacy],
    originallyPublishedAt: action.originallyPublishedAt, language: action.language, category: action.category,
    fileName: file.fileName, mime: file.mime, size: file.size,
  };
}
