/**
 * Video uploads on PeerTube: the resumable protocol of node-uploadx
 * (https://github.com/kukhariev/node-uploadx/blob/master/proto.md) at `/api/v1/videos/upload-resumable`.
 * `POST` with the metadata and `X-Upload-Content-Length`/`-Type` opens a session (201, its URL in
 * `Location`); each `PUT` with `Content-Range: bytes a-b/total` adds a chunk (308 with `Range: bytes=0-n`
 * while incomplete, 200 with the new video on the last); a `PUT` with `Content-Range: bytes *\/total` and no
 * body asks how much the server holds. 409: the chunk does not start where the server is; 404: the
 * session is gone; 413 `quota_reached` / `max_file_size_reached`.
 */
import type { StreamedBody } from '../../net/types.js';
import type { CallResult, WriteOptions } from '../types.js';
import type { NewVideo, RemoteVideo, UploadProgress, VideosPort } from '../videosPort.js';
import { failureOf, type PeerTubeApi } from './api.js';

/** A chunk of 64 MB at 1 MB/s takes about a minute: the timeout leaves room for slow uplinks. */
const CHUNK_TIMEOUT_MS = 30 * 60_000;

export class PeerTubeVideos implements VideosPort {
  constructor(private readonly api: PeerTubeApi) {}

  /** The account's own videos on that channel, private ones included (`/api/v1/users/me/videos`). */
  async channelVideos(channelName: string): Promise<CallResult<RemoteVideo[]>> {
    const r = await this.api.all('/api/v1/users/me/videos');
    if (!r.ok) return r;
    const wanted = channelName.toLowerCase();
    return {
      ok: true,
      value: r.value
        .filter((v) => String((v as { channel?: { name?: unknown } }).channel?.name ?? '').toLowerCase() === wanted)
        .map(videoOf)
        .filter((v): v is RemoteVideo => v !== null),
    };
  }

  async startUpload(video: NewVideo, _options: WriteOptions): Promise<CallResult<{ sessionUrl: string }>> {
    const r = await this.api.raw({
      method: 'POST',
      path: '/api/v1/videos/upload-resumable',
      headers: { 'x-upload-content-length': String(video.size), 'x-upload-content-type': video.mime },
      json: {
        name: video.name, channelId: video.channelId, privacy: video.privacy, filename: video.fileName,
        ...(video.description ? { description: video.description } : {}),
        ...(video.tags.length > 0 ? { tags: video.tags } : {}),
        ...(video.originallyPublishedAt ? { originallyPublishedAt: video.originallyPublishedAt } : {}),
        ...(video.language ? { language: video.language } : {}),
        ...(video.category !== null ? { category: video.category } : {}),
      },
    });
    if (!r.ok) return r;
    const location = r.value.headers.location;
    // 201 Created, or 200 for a session the server already has for the same file (node-uploadx).
    if ((r.value.status === 201 || r.value.status === 200) && location) {
      return { ok: true, value: { sessionUrl: new URL(location, this.api.base).href } };
    }
    if (r.value.status >= 400) return { ok: false, failure: failureOf(r.value) };
    return { ok: false, failure: { kind: 'bad_response', status: r.value.status, reason: `${r.value.status}: no Location` } };
  }

  async uploadOffset(sessionUrl: string, size: number): Promise<CallResult<UploadProgress>> {
    const r = await this.api.raw({
      method: 'PUT', path: sessionUrl, headers: { 'content-range': `bytes */${size}` },
    });
    return r.ok ? progressOf(r.value) : r;
  }

  async sendChunk(sessionUrl: string, start: number, size: number, body: StreamedBody & { length: number }): Promise<CallResult<UploadProgress>> {
    const end = start + body.length - 1;
    const r = await this.api.raw({
      method: 'PUT', path: sessionUrl, body, timeoutMs: CHUNK_TIMEOUT_MS,
      headers: { 'content-range': `bytes ${start}-${end}/${size}`, 'content-type': 'application/octet-stream' },
    });
    return r.ok ? progressOf(r.value) : r;
  }
}

function progressOf(r: { status: number; headers: Record<string, string>; json(): unknown; body: Uint8Array }): CallResult<UploadProgress> {
  if (r.status === 308) {
    // `Range: bytes=0-n` names the last byte held; no Range header: nothing held yet.
    const m = /bytes=\d+-(\d+)/.exec(r.headers.range ?? '');
    return { ok: true, value: { state: 'partial', offset: m ? Number(m[1]) + 1 : 0 } };
  }
  if (r.status === 200 || r.status === 201) {
    let video: RemoteVideo | null = null;
    try {
      video = videoOf((r.json() as { video?: unknown } | null)?.video);
    } catch {
      video = null;
    }
    return { ok: true, value: { state: 'finished', video } };
  }
  return { ok: false, failure: failureOf(r as Parameters<typeof failureOf>[0]) };
}

function videoOf(v: unknown): RemoteVideo | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'number' && typeof o.id !== 'string') return null;
  return {
    id: String(o.id),
    uuid: typeof o.uuid === 'string' ? o.uuid : null,
    name: typeof o.name === 'string' ? o.name : '',
    originallyPublishedAt: typeof o.originallyPublishedAt === 'string' ? o.originallyPublishedAt : null,
  };
}
