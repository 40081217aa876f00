/**
 * Media uploads on the Mastodon client API (reference/destinations.md 2.5): `POST /api/v2/media`,
 * multipart with `file` and `description`, streamed from the archive. Since Mastodon 4.0 images answer
 * 200 (processed) and video, gifv and audio 202 with `url: null`; `GET /api/v1/media/:id` then answers 206
 * while processing and 200 once done. Servers without v2 (older Pleroma, Friendica) get v1. snac answers
 * the upload at once and 404 to the poll: no processing step, so a 404 to a poll of our own upload means ready.
 */
import { multipartBody } from '../../media/multipart.js';
import type { CallResult, MediaPort, MediaUpload, RemoteMedia, WriteOptions } from '../types.js';
import { badResponse, type MastodonApi } from './api.js';
import { readMedia } from './entities.js';

/** An upload may take a while: at least 2 minutes, plus a second per 256 KiB (a slow 2 Mbit/s uplink). */
function uploadTimeoutMs(size: number): number {
  return 120_000 + Math.ceil(size / (256 * 1024)) * 1000;
}

export class MastodonMedia implements MediaPort {
  constructor(private readonly api: MastodonApi) {}

  async upload(media: MediaUpload, options: WriteOptions): Promise<CallResult<RemoteMedia>> {
    const send = (path: string) => {
      const fields: [string, string][] = media.description ? [['description', media.description]] : [];
      const multipart = multipartBody(fields, { field: 'file', fileName: media.fileName, mime: media.mime, size: media.size, open: media.open });
      return this.api.call('POST', path, {
        multipart, family: 'media', idempotencyKey: options.idempotencyKey, timeoutMs: uploadTimeoutMs(media.size),
      });
    };
    let r = await send('/api/v2/media');
    if (!r.ok && r.failure.kind === 'not_found') r = await send('/api/v1/media');
    if (!r.ok) return r;
    const read = readMedia(r.value.body, r.value.status === 202);
    return read ? { ok: true, value: read } : badResponse('media');
  }

  async status(mediaId: string): Promise<CallResult<RemoteMedia>> {
    const r = await this.api.call('GET', `/api/v1/media/${encodeURIComponent(mediaId)}`);
    if (!r.ok) return r.failure.kind === 'not_found' ? { ok: true, value: { id: mediaId, ready: true } } : r;
    const read = readMedia(r.value.body, r.value.status === 206);
    return read ? { ok: true, value: read } : badResponse('media');
  }
}
