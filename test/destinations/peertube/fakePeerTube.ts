/**
 * A hand-written fake of PeerTube's video capability (the resumable upload as node-uploadx runs it): the
 * bytes held per session, 308 offsets, 409 when a chunk does not start at the offset, 413 quota_reached,
 * and a hook to "kill" the client after some chunks (the stream throws, as a process killed mid-request).
 */
import type { MediaSource, VideoFileResult } from '../../../src/apply/types.js';
import { DEFAULT_PROFILE, type DestinationProfile } from '../../../src/destinations/profile.js';
import type { CallResult, Destination, RemoteAccount } from '../../../src/destinations/types.js';
import type { NewVideo, RemoteVideo, UploadProgress, VideosPort } from '../../../src/destinations/videosPort.js';
import type { StreamedBody } from '../../../src/net/types.js';
import type { VideoAction } from '../../../src/plan/types.js';
import { Readable } from 'node:stream';

export class KilledMidUpload extends Error {}

export class FakeVideos implements VideosPort {
  readonly sessions = new Map<string, { video: NewVideo; bytes: number[] }>();
  readonly videos: (RemoteVideo & { channel: string; size: number; content?: Uint8Array })[] = [];
  chunksSent = 0;
  starts = 0;
  /** Throw (a kill) while sending this chunk number (1-based). */
  killAtChunk: number | null = null;
  quotaLeft = Number.POSITIVE_INFINITY;
  /** The next chunk is answered 409 once, as if the server held a different offset. */
  mismatchOnce = false;
  private next = 1;

  constructor(private readonly channelName = 'main') {}

  async channelVideos(channel: string): Promise<CallResult<RemoteVideo[]>> {
    return { ok: true, value: this.videos.filter((v) => v.channel === channel).map(({ id, uuid, name, originallyPublishedAt }) => ({ id, uuid, name, originallyPublishedAt })) };
  }

  async startUpload(video: NewVideo): Promise<CallResult<{ sessionUrl: string }>> {
    this.starts++;
    if (video.size > this.quotaLeft) return { ok: false, failure: { kind: 'too_large', status: 413, reason: '413 quota_reached: quota', code: 'quota_reached' } };
    const url = `https://tube.example/api/v1/videos/upload-resumable?upload_id=${this.next++}`;
    this.sessions.set(url, { video, bytes: [] });
    return { ok: true, value: { sessionUrl: url } };
  }

  async uploadOffset(url: string): Promise<CallResult<UploadProgress>> {
    const s = this.sessions.get(url);
    if (!s) return { ok: false, failure: { kind: 'not_found', status: 404, reason: '404' } };
    return { ok: true, value: { state: 'partial', offset: s.bytes.length } };
  }

  async sendChunk(url: string, start: number, size: number, body: StreamedBody & { length: number }): Promise<CallResult<UploadProgress>> {
    const s = this.sessions.get(url);
    if (!s) return { ok: false, failure: { kind: 'not_found', status: 404, reason: '404' } };
    this.chunksSent++;
    if (this.mismatchOnce || start !== s.bytes.length) {
      this.mismatchOnce = false;
      return { ok: false, failure: { kind: 'invalid', status: 409, reason: '409' } };
    }
    const got: number[] = [];
    for await (const part of body.stream() as AsyncIterable<Uint8Array>) {
      got.push(...part);
      if (this.killAtChunk === this.chunksSent && got.length >= body.length / 2) {
        // Half the chunk reached the server (it keeps what it received), then the process died.
        s.bytes.push(...got);
        throw new KilledMidUpload('killed');
      }
    }
    if (got.length !== body.length) throw new Error(`chunk of ${got.length}, announced ${body.length}`);
    s.bytes.push(...got);
    if (s.bytes.length < size) return { ok: true, value: { state: 'partial', offset: s.bytes.length } };
    const video = { id: String(100 + this.videos.length), uuid: null, name: s.video.name, originallyPublishedAt: s.video.originallyPublishedAt, channel: this.channelName, size, content: Uint8Array.from(s.bytes) };
    this.videos.push(video);
    this.sessions.delete(url);
    return { ok: true, value: { state: 'finished', video } };
  }
}

export class FakePeerTube implements Destination {
  readonly videos: FakeVideos;
  constructor(videos = new FakeVideos(), private readonly limits: Partial<NonNullable<DestinationProfile['videos']>> = {}) {
    this.videos = videos;
  }
  async whoami(): Promise<CallResult<RemoteAccount>> {
    return { ok: true, value: { id: '1', acct: 'me@tube.example', locked: false } };
  }
  async profile(): Promise<DestinationProfile> {
    return {
      ...DEFAULT_PROFILE, kind: 'peertube', software: 'peertube', posts: null, media: null,
      videos: { quotaBytes: null, quotaUsedBytes: 0, dailyQuotaBytes: null, dailyUsedBytes: 0, channel: { id: 7, name: 'main' }, channelAsked: null, ...this.limits },
    };
  }
}

/** Video files by path, as bytes; `opens` counts how often a file was opened (a resume reopens it). */
export class FakeVideoFiles implements MediaSource {
  opens = 0;
  constructor(private readonly files: Record<string, Uint8Array>) {}
  async prepare(): Promise<never> {
    throw new Error('not for videos');
  }
  async video(action: VideoAction): Promise<VideoFileResult> {
    const bytes = this.files[action.path];
    if (!bytes) return { ok: false, reason: { code: 'media_missing', detail: action.path } };
    return {
      ok: true, mime: 'video/mp4', fileName: action.path, size: bytes.length,
      open: async () => {
        this.opens++;
        // Small pieces, as an inflating zip entry gives them.
        const pieces: Buffer[] = [];
        for (let i = 0; i < bytes.length; i += 1000) pieces.push(Buffer.from(bytes.subarray(i, i + 1000)));
        return Readable.from(pieces);
      },
    };
  }
}

export function videoAction(id: string, extra: Partial<VideoAction> = {}): VideoAction {
  return {
    key: `video:youtube:${id}`, type: 'video', source: { platform: 'youtube', id, createdAt: '2019-05-01T10:00:00Z', url: null },
    archive: 'takeout.zip', path: `videos/${id}.mp4`, size: null, name: `Video ${id}`, description: 'about it', tags: ['cats'],
    privacy: 'public', originallyPublishedAt: '2019-05-01T10:00:00Z', language: 'en', category: null, channel: 'main', ...extra,
  };
}

export function bytesOf(n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}
