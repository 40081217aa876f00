/**
 * Media uploads: `POST /api/v2/media` (multipart: file, description, focus, thumbnail), `GET` and `PUT
 * /api/v1/media/:id`. Shaped by Mastodon 4.x (app/controllers/api/v2/media_controller.rb): images are
 * processed at once (200 with a url), video, gifv and audio later (202 with `url: null`; the poll answers 206
 * until processed, then 200). The snac flavor answers 200 at once and 404 to the poll.
 *
 * The body is streamed: only its size, a SHA-256 and the first 256 KiB are kept, so that a benchmark can
 * upload 200 MB videos without the test server holding them.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { imageSize } from 'image-size';
import type { Answer, AppliedMedia, MediaType, RecordedFile, RecordedRequest, ServerFlavor } from './types.js';
import type { SnowflakeIds } from './ids.js';

const HEAD_BYTES = 256 * 1024;

/** MediaAttachment.supported_mime_types in Mastodon 4.3 (app/models/media_attachment.rb). */
export const MASTODON_MIME_TYPES = [
  'image/jpeg', 'image/png', 'image/gif', 'image/heic', 'image/heif', 'image/webp', 'image/avif',
  'video/webm', 'video/mp4', 'video/quicktime', 'video/ogg',
  'audio/wave', 'audio/wav', 'audio/x-wav', 'audio/x-pn-wave', 'audio/vnd.wave', 'audio/ogg', 'audio/vorbis',
  'audio/mpeg', 'audio/mp3', 'audio/webm', 'audio/flac', 'audio/aac', 'audio/m4a', 'audio/x-m4a', 'audio/mp4',
  'audio/3gpp', 'video/x-ms-asf',
];

export interface MediaLimits {
  supportedMimeTypes: string[];
  imageMaxBytes: number;
  videoMaxBytes: number;
  processingPolls: number;
}

export interface StoredMedia extends AppliedMedia {
  accountId: string;
  /** Polls still to answer 206 before the attachment is processed. */
  pollsLeft: number;
  processed: boolean;
  /** The status (or `scheduled:<id>`) it is attached to. */
  attachedTo: string | null;
}

interface MediaContext {
  flavor: ServerFlavor;
  limits: MediaLimits;
  ids: SnowflakeIds;
  now: () => number;
  publicUrl: () => string;
  meId: string;
}

export class MediaStore {
  readonly byId = new Map<string, StoredMedia>();

  constructor(private readonly ctx: MediaContext) {}

  /** Reads the multipart body of `req` (recording it in `r.multipart`) and stores the upload. */
  async upload(req: IncomingMessage, r: RecordedRequest): Promise<{ answer: Answer; media: StoredMedia | null }> {
    let parsed: { fields: Record<string, string>; files: RecordedFile[] };
    try {
      parsed = await readMultipart(req);
    } catch (error) {
      req.resume();
      return { answer: { status: 422, body: { error: `Validation failed: File can't be blank (${String(error)})` } }, media: null };
    }
    r.multipart = parsed;
    const file = parsed.files.find((f) => f.field === 'file');
    if (!file || file.size === 0) return { answer: { status: 422, body: { error: "Validation failed: File can't be blank" } }, media: null };
    const { limits } = this.ctx;
    if (!limits.supportedMimeTypes.includes(file.mime)) {
      return { answer: { status: 422, body: { error: `Validation failed: File content type ${file.mime} is not supported` } }, media: null };
    }
    const type = mediaTypeOf(file.mime);
    const max = type === 'image' ? limits.imageMaxBytes : limits.videoMaxBytes;
    if (file.size > max) {
      return { answer: { status: 422, body: { error: `Validation failed: File file size must be less than ${max} bytes` } }, media: null };
    }
    const focus = parseFocus(parsed.fields.focus);
    const dims = type === 'image' ? dimensionsOf(file.head) : null;
    const later = type !== 'image' && this.ctx.flavor !== 'snac';
    const media: StoredMedia = {
      id: this.ctx.ids.next(this.ctx.now()),
      type, mime: file.mime, fileName: file.fileName, size: file.size, sha256: file.sha256,
      description: parsed.fields.description ?? null, focus,
      width: dims?.width ?? null, height: dims?.height ?? null,
      accountId: this.ctx.meId, pollsLeft: later ? limits.processingPolls : 0, processed: !later, attachedTo: null,
    };
    this.byId.set(media.id, media);
    return { answer: { status: later ? 202 : 200, body: this.json(media) }, media };
  }

  /** GET /api/v1/media/:id */
  poll(id: string): Answer {
    const media = this.byId.get(id);
    if (this.ctx.flavor === 'snac') return { status: 404, body: null };
    if (!media || media.accountId !== this.ctx.meId) return { status: 404, body: { error: 'Record not found' } };
    if (!media.processed) {
      if (media.pollsLeft > 0) {
        media.pollsLeft--;
        return { status: 206, body: this.json(media) };
      }
      media.processed = true;
    }
    return { status: 200, body: this.json(media) };
  }

  /** PUT /api/v1/media/:id (description, focus) before the attachment is posted. */
  update(id: string, form: Record<string, unknown>): Answer {
    const media = this.byId.get(id);
    if (!media || media.accountId !== this.ctx.meId || media.attachedTo) return { status: 404, body: { error: 'Record not found' } };
    if (typeof form.description === 'string') media.description = form.description;
    if (typeof form.focus === 'string') media.focus = parseFocus(form.focus);
    return { status: 200, body: this.json(media) };
  }

  json(m: StoredMedia): Record<string, unknown> {
    const base = `${this.ctx.publicUrl()}/system/media_attachments/files/${m.id}`;
    const original: Record<string, unknown> = {};
    if (m.width !== null && m.height !== null) Object.assign(original, { width: m.width, height: m.height, aspect: m.width / m.height });
    return {
      id: m.id, type: m.type,
      url: m.processed ? `${base}/original/${encodeURIComponent(m.fileName || 'file')}` : null,
      preview_url: m.processed ? `${base}/small/preview.png` : null,
      remote_url: null, preview_remote_url: null, text_url: null,
      meta: { ...(Object.keys(original).length > 0 ? { original } : {}), ...(m.focus ? { focus: m.focus } : {}) },
      description: m.description, blurhash: null,
    };
  }
}

export function mediaTypeOf(mime: string): MediaType {
  // Mastodon turns animated GIFs into silent looping videos (gifv), processed later like videos.
  if (mime === 'image/gif') return 'gifv';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('audio/')) return 'audio';
  return 'video';
}

/** `x,y`, each in -1..1 (docs: api/guidelines#focal-points); anything else → none. */
function parseFocus(value: string | undefined): { x: number; y: number } | null {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/u.exec(value ?? '');
  if (!m) return null;
  const x = Number(m[1]);
  const y = Number(m[2]);
  return Math.abs(x) <= 1 && Math.abs(y) <= 1 ? { x, y } : null;
}

function dimensionsOf(head: Buffer): { width: number; height: number } | null {
  try {
    const size = imageSize(head);
    return size.width && size.height ? { width: size.width, height: size.height } : null;
  } catch {
    return null;
  }
}

/** Streams a multipart/form-data body: text fields whole, file parts counted and hashed, never kept. */
function readMultipart(req: IncomingMessage): Promise<{ fields: Record<string, string>; files: RecordedFile[] }> {
  return new Promise((resolve, reject) => {
    const parser = busboy({ headers: req.headers, limits: { fieldSize: 1024 * 1024, files: 4, fields: 20 } });
    const fields: Record<string, string> = {};
    const files: RecordedFile[] = [];
    const pending: Promise<void>[] = [];
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      const hash = createHash('sha256');
      const head: Buffer[] = [];
      let headLength = 0;
      let size = 0;
      pending.push(new Promise<void>((done, fail) => {
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          hash.update(chunk);
          if (headLength < HEAD_BYTES) {
            const part = chunk.subarray(0, HEAD_BYTES - headLength);
            head.push(part);
            headLength += part.length;
          }
        });
        stream.on('error', fail);
        stream.on('end', () => {
          files.push({ field, fileName: info.filename ?? '', mime: info.mimeType, size, sha256: hash.digest('hex'), head: Buffer.concat(head) });
          done();
        });
      }));
    });
    parser.on('error', reject);
    parser.on('close', () => {
      Promise.all(pending).then(() => resolve({ fields, files }), reject);
    });
    req.pipe(parser);
  });
}
