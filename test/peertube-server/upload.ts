/**
 * Resumable video upload as PeerTube serves it (`/api/v1/videos/upload-resumable`, the node-uploadx "X-headers"
 * protocol, https://github.com/kukhariev/node-uploadx/blob/master/proto.md, and PeerTube's init validator):
 * - POST (JSON metadata, X-Upload-Content-Length, X-Upload-Content-Type) → 201 + Location
 *   `//host/api/v1/videos/upload-resumable?upload_id=<userId>-<id><ext>` (uploadx's getBaseUrl: network-path
 *   reference, `proto://` only behind a proxy that sends X-Forwarded-Proto); refusals: 400 invalid parameter,
 *   403 a channel of another account, 413 `max_file_size_reached` / `quota_reached`, 415 unsupported type.
 * - PUT `Content-Range: bytes a-b/total` → 308 + `Range: bytes=0-N` (N = last byte stored) while incomplete, 200
 *   `{video: {id, uuid, shortUUID}}` on the last byte; `bytes *\/total` with no body asks for the offset (308,
 *   without Range while nothing is stored, as Google's resumable protocol does); a chunk that does not start at
 *   the stored offset, overruns the total, or names another total → 409. Bytes received before a connection
 *   broke are kept (uploadx writes the stream to disk as it comes). A PUT after completion answers 404
 *   `{"error":{"code":"FileNotFound"}}` (plain JSON, not RFC 7807), as a real PeerTube 7.0.1 does: uploadx
 *   forgets a finished upload, so a client killed after the last chunk must find its video on the channel.
 * - DELETE → 204; the session is gone (404 after).
 * Bytes are streamed: counted and hashed, never kept.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { extname } from 'node:path';
import { invalidParam, problem } from './problem.js';
import type { Answer, UploadMetadata } from './types.js';
import type { ChannelRecord, VideoRecord } from './world.js';

/** A finished upload is gone from uploadx: 404 with uploadx's own error shape (observed on PeerTube 7.0.1). */
function finishedUpload(): Answer {
  return { status: 404, body: { error: { code: 'FileNotFound', message: 'Not found' } } };
}

export const DEFAULT_VIDEO_MIME_TYPES = [
  'video/mp4', 'video/webm', 'video/ogg', 'video/quicktime', 'video/x-matroska', 'video/x-msvideo', 'video/mpeg',
  'video/3gpp', 'video/x-flv', 'video/mp2t',
];

export interface UploadSession {
  id: string;
  meta: UploadMetadata;
  channel: ChannelRecord;
  total: number;
  mimeType: string;
  offset: number;
  hash: Hash;
  busy: boolean;
  video: VideoRecord | null;
  sha256: string | null;
}

export interface UploadRules {
  userId: number;
  maxFileSize: number | undefined;
  mimeTypes: string[];
  /** The channel by id, and whether it is one of the user's own. */
  channel: (id: number) => { channel: ChannelRecord; own: boolean } | undefined;
  /** Bytes the user may still upload in total and today (Infinity when unlimited). */
  quotaLeft: () => { total: number; daily: number };
}

export type ChunkResult =
  | { kind: 'answer'; answer: Answer }
  /** The connection broke while the chunk streamed in: nothing to answer. */
  | { kind: 'aborted' }
  /** Bytes were stored; `complete` when they were the last ones. */
  | { kind: 'stored'; session: UploadSession; complete: boolean };

export class UploadStore {
  readonly sessions = new Map<string, UploadSession>();

  constructor(private readonly rules: UploadRules) {}

  init(body: string, headers: IncomingMessage['headers'], rawHost: string): Answer {
    const lengthHeader = String(headers['x-upload-content-length'] ?? '');
    const total = Number(lengthHeader);
    if (!/^\d+$/u.test(lengthHeader) || !Number.isSafeInteger(total)) return invalidParam('x-upload-content-length', 'headers', lengthHeader);
    const mimeType = String(headers['x-upload-content-type'] ?? '').toLowerCase();
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(body) as Record<string, unknown>;
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not an object');
    } catch {
      return problem(400, 'Cannot read the upload metadata: the body must be a JSON object');
    }
    const checked = checkMetadata(raw);
    if ('status' in checked) return checked;
    const found = this.rules.channel(checked.channelId);
    if (!found) return problem(400, 'Unknown video `video channel` on this instance.');
    if (!found.own) return problem(403, 'Cannot publish in a channel that is not one of yours');
    if (!this.rules.mimeTypes.includes(mimeType)) {
      return problem(415, `This file is not supported. Please, make sure it is of the following type: ${this.rules.mimeTypes.join(', ')}`);
    }
    if (this.rules.maxFileSize !== undefined && total > this.rules.maxFileSize) {
      return problem(413, 'This file is too large. It exceeds the maximum file size authorized.', { code: 'max_file_size_reached' });
    }
    const left = this.rules.quotaLeft();
    if (total > left.total || total > left.daily) {
      return problem(413, 'The user video quota is exceeded with this video.', { code: 'quota_reached' });
    }
    const id = `${this.rules.userId}-${randomBytes(16).toString('hex')}${extname(checked.filename)}`;
    this.sessions.set(id, {
      id, meta: checked, channel: found.channel, total, mimeType, offset: 0, hash: createHash('sha256'), busy: false, video: null, sha256: null,
    });
    const proto = headers['x-forwarded-proto'] ? `${String(headers['x-forwarded-proto'])}:` : '';
    return {
      status: 201,
      headers: { location: `${proto}//${rawHost}/api/v1/videos/upload-resumable?upload_id=${encodeURIComponent(id)}`, 'content-length': '0' },
    };
  }

  /** Stores one chunk (or answers the offset); the server answers `stored` results (308 or 200). */
  async put(req: IncomingMessage, uploadId: string, onBytes: (n: number) => void): Promise<ChunkResult> {
    const session = this.sessions.get(uploadId);
    if (!session) return { kind: 'answer', answer: await drained(req, problem(404, 'Upload not found')) };
    if (session.video) return { kind: 'answer', answer: await drained(req, finishedUpload()) };
    const range = String(req.headers['content-range'] ?? '');
    const query = /^bytes \*\/(\d+)$/u.exec(range);
    const chunk = /^bytes (\d+)-(\d+)\/(\d+)$/u.exec(range);
    if (!query && !chunk) return { kind: 'answer', answer: await drained(req, invalidParam('content-range', 'headers', range)) };
    const total = Number((query ?? chunk)![query ? 1 : 3]);
    if (total !== session.total) {
      return { kind: 'answer', answer: await drained(req, problem(409, `The upload is ${session.total} bytes long, not ${total}`)) };
    }
    if (query) return { kind: 'answer', answer: await drained(req, this.progressAnswer(session)) };
    const start = Number(chunk![1]);
    const end = Number(chunk![2]);
    if (session.busy) return { kind: 'answer', answer: await drained(req, problem(409, 'Another chunk of this upload is being received')) };
    if (start !== session.offset || end < start || end >= total) {
      return { kind: 'answer', answer: await drained(req, problem(409, `The chunk starts at ${start}; the upload is at ${session.offset}`)) };
    }
    session.busy = true;
    let overrun = false;
    try {
      // Never leave this loop early: that would destroy the request and its socket before the answer.
      for await (const data of req) {
        const bytes = data as Buffer;
        if (overrun || session.offset + bytes.length > end + 1) {
          overrun = true;
          continue;
        }
        session.hash.update(bytes);
        session.offset += bytes.length;
        onBytes(bytes.length);
      }
    } catch {
      return { kind: 'aborted' };
    } finally {
      session.busy = false;
    }
    if (!req.complete) return { kind: 'aborted' };
    // More bytes than the Content-Range said: the pieces before the overrun are kept, the chunk refused, as uploadx
    // refuses an overrun (409).
    if (overrun) return { kind: 'answer', answer: problem(409, 'The chunk is longer than its Content-Range') };
    return { kind: 'stored', session, complete: session.offset === session.total };
  }

  /** The last byte came in: the digest is taken once. */
  finish(session: UploadSession, video: VideoRecord): void {
    session.video = video;
    session.sha256 = session.hash.digest('hex');
  }

  progressAnswer(session: UploadSession): Answer {
    if (session.video) return finishedUpload();
    const headers: Record<string, string> = { 'content-length': '0' };
    if (session.offset > 0) headers.range = `bytes=0-${session.offset - 1}`;
    return { status: 308, headers };
  }

  completeAnswer(session: UploadSession): Answer {
    const v = session.video!;
    return { status: 200, body: { video: { id: v.id, uuid: v.uuid, shortUUID: v.shortUUID } } };
  }

  cancel(uploadId: string): Answer {
    if (!this.sessions.delete(uploadId)) return problem(404, 'Upload not found');
    return { status: 204 };
  }
}

async function drained(req: IncomingMessage, answer: Answer): Promise<Answer> {
  try {
    for await (const _ of req) {
      /* discard: the connection stays usable */
    }
  } catch {
    /* a broken connection has nothing to answer to anyway */
  }
  return answer;
}

/** PeerTube's init validator (server/core/middlewares/validators/videos/videos.ts), field by field. */
function checkMetadata(raw: Record<string, unknown>): UploadMetadata | Answer {
  const bad = (name: string) => invalidParam(name, 'body', raw[name]);
  const optString = (name: string): string | null | Answer => {
    const v = raw[name];
    if (v === undefined || v === null) return null;
    return typeof v === 'string' ? v : bad(name);
  };
  const optInt = (name: string): number | null | Answer => {
    const v = raw[name];
    if (v === undefined || v === null) return null;
    return Number.isInteger(v) ? (v as number) : bad(name);
  };
  const name = raw.name;
  if (typeof name !== 'string' || name.length < 3 || name.length > 120) return bad('name');
  const channelId = raw.channelId;
  if (!Number.isInteger(channelId) || (channelId as number) < 1) return bad('channelId');
  const privacy = raw.privacy ?? 1;
  if (!Number.isInteger(privacy) || (privacy as number) < 1 || (privacy as number) > 5) return bad('privacy');
  const filename = raw.filename;
  if (typeof filename !== 'string' || filename === '') return bad('filename');
  const tags = raw.tags ?? [];
  if (!Array.isArray(tags) || tags.length > 5 || tags.some((t) => typeof t !== 'string' || t.length < 2 || t.length > 30)) return bad('tags');
  const description = optString('description');
  if (typeof description === 'object' && description !== null) return description;
  if (typeof description === 'string' && (description.length < 3 || description.length > 10_000)) return bad('description');
  const originallyPublishedAt = optString('originallyPublishedAt');
  if (typeof originallyPublishedAt === 'object' && originallyPublishedAt !== null) return originallyPublishedAt;
  if (typeof originallyPublishedAt === 'string' && Number.isNaN(Date.parse(originallyPublishedAt))) return bad('originallyPublishedAt');
  const language = optString('language');
  if (typeof language === 'object' && language !== null) return language;
  const category = optInt('category');
  if (typeof category === 'object' && category !== null) return category;
  const licence = optInt('licence');
  if (typeof licence === 'object' && licence !== null) return licence;
  return {
    name, channelId: channelId as number, privacy: privacy as number, filename, tags: tags as string[],
    description: description as string | null, originallyPublishedAt: originallyPublishedAt as string | null,
    language: language as string | null, category: category as number | null, licence: licence as number | null,
  };
}
