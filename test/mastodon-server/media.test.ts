/**
 * POST /api/v2/media and GET /api/v1/media/:id on the test server: 200 for images, 202 then 206 polls for
 * video, snac's 200-at-once and 404 poll, size and type limits, statuses with media, and streamed uploads.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { call, pngHeader, upload } from './call.js';
import { validateAnswer, validateEntity, validateRequest } from './openapi.js';
import { startMastodonTestServer, type MastodonTestServer, type MastodonTestServerOptions } from './server.js';

let server: MastodonTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(options: Partial<MastodonTestServerOptions> = {}): Promise<MastodonTestServer> {
  server = await startMastodonTestServer({ domain: 'home.test', ...options });
  return server;
}

const png = Buffer.concat([pngHeader(640, 480), Buffer.alloc(1000, 7)]);

describe('POST /api/v2/media', () => {
  it('answers 200 with a url for an image, and records it with description, focus, size, hash and pixels', async () => {
    const s = await start();
    const r = await call(s, 'POST', '/api/v2/media', { multipart: upload(png, 'image/png', { description: 'A cat', focus: '0.5,-0.25' }, 'cat.png') });
    expect(r.status).toBe(200);
    expect(validateAnswer('POST', '/api/v2/media', 200, r.json)).toEqual([]);
    expect(r.body).toMatchObject({ type: 'image', description: 'A cat', meta: { original: { width: 640, height: 480 }, focus: { x: 0.5, y: -0.25 } } });
    expect(r.body.url).toMatch(/^http:\/\/home\.test\/system\/media_attachments\/files\/\d+\/original\/cat\.png$/u);
    expect(s.applied).toEqual([{
      kind: 'media', target: r.body.id,
      media: {
        id: r.body.id, type: 'image', mime: 'image/png', fileName: 'cat.png', size: png.length,
        sha256: createHash('sha256').update(png).digest('hex'), description: 'A cat', focus: { x: 0.5, y: -0.25 }, width: 640, height: 480,
      },
    }]);
    const recorded = s.requests.find((q) => q.path === '/api/v2/media')!;
    expect(recorded.multipart?.fields).toEqual({ description: 'A cat', focus: '0.5,-0.25' });
    expect(validateRequest(recorded)).toEqual([]);
  });

  it('answers 202 with url null for a video, 206 to the next polls, then 200; a status can use it only then', async () => {
    const s = await start({ mediaProcessingPolls: 2 });
    const r = await call(s, 'POST', '/api/v2/media', { multipart: upload(Buffer.alloc(5000, 1), 'video/mp4', {}, 'clip.mp4') });
    expect(r.status).toBe(202);
    expect(validateAnswer('POST', '/api/v2/media', 202, r.json)).toEqual([]);
    expect(r.body).toMatchObject({ type: 'video', url: null });
    const id = String(r.body.id);
    const early = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'x', 'media_ids[]': id } });
    expect(early).toMatchObject({ status: 422, json: { error: 'Cannot attach files that have not finished processing. Try again in a moment!' } });
    const polls = [];
    for (let i = 0; i < 3; i++) polls.push(await call(s, 'GET', `/api/v1/media/${id}`));
    expect(polls.map((p) => p.status)).toEqual([206, 206, 200]);
    expect(polls[0]!.body.url).toBeNull();
    expect(validateEntity('MediaAttachment', polls[2]!.json)).toEqual([]);
    expect(polls[2]!.body.url).toMatch(/clip\.mp4$/u);
    const posted = await call(s, 'POST', '/api/v1/statuses', { form: { 'media_ids[]': id } });
    expect(posted.status).toBe(200);
    expect(validateEntity('Status', posted.json)).toEqual([]);
    expect((posted.body.media_attachments as { id: string }[]).map((m) => m.id)).toEqual([id]);
    expect(s.appliedStatuses()).toMatchObject([{ text: '', mediaIds: [id] }]);
  });

  it('treats a GIF as gifv and audio as audio, both processed later', async () => {
    const s = await start({ mediaProcessingPolls: 0 });
    expect((await call(s, 'POST', '/api/v2/media', { multipart: upload(Buffer.from('GIF89a'), 'image/gif') })).body).toMatchObject({ type: 'gifv', url: null });
    const audio = await call(s, 'POST', '/api/v2/media', { multipart: upload(Buffer.alloc(10), 'audio/mpeg') });
    expect(audio).toMatchObject({ status: 202, body: { type: 'audio' } });
    expect((await call(s, 'GET', `/api/v1/media/${audio.body.id}`)).status).toBe(200);
  });

  it('in snac mode answers 200 with a url at once, even for a video, and 404 to the poll', async () => {
    const s = await start({ flavor: 'snac' });
    const r = await call(s, 'POST', '/api/v2/media', { multipart: upload(Buffer.alloc(100), 'video/mp4', {}, 'v.mp4') });
    expect(r.status).toBe(200);
    expect(r.body.url).toMatch(/v\.mp4$/u);
    expect((await call(s, 'GET', `/api/v1/media/${r.body.id}`)).status).toBe(404);
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { 'media_ids[]': String(r.body.id) } })).status).toBe(200);
  });

  it('refuses files over the size limits and types it does not support with 422, recording nothing', async () => {
    const s = await start({ imageMaxBytes: 1000, videoMaxBytes: 2000, supportedMimeTypes: ['image/png', 'video/mp4'] });
    const big = await call(s, 'POST', '/api/v2/media', { multipart: upload(Buffer.alloc(1001), 'image/png') });
    expect(big).toMatchObject({ status: 422, json: { error: 'Validation failed: File file size must be less than 1000 bytes' } });
    expect(validateEntity('Error', big.json)).toEqual([]);
    expect((await call(s, 'POST', '/api/v2/media', { multipart: upload(Buffer.alloc(1500), 'video/mp4') })).status).toBe(202);
    expect((await call(s, 'POST', '/api/v2/media', { multipart: upload(Buffer.alloc(2001), 'video/mp4') })).status).toBe(422);
    const webp = await call(s, 'POST', '/api/v2/media', { multipart: upload(Buffer.alloc(10), 'image/webp') });
    expect(webp).toMatchObject({ status: 422, json: { error: 'Validation failed: File content type image/webp is not supported' } });
    const none = await call(s, 'POST', '/api/v2/media', { form: { description: 'no file' } });
    expect(none.status).toBe(422);
    expect(s.applied.map((w) => w.kind)).toEqual(['media']);
  });

  it('keeps only a hash and the first bytes of a large upload', async () => {
    const s = await start();
    const size = 20 * 1024 * 1024;
    const r = await call(s, 'POST', '/api/v2/media', { multipart: upload(Buffer.alloc(size, 3), 'video/mp4') });
    expect(r.status).toBe(202);
    const file = s.requests.at(-1)!.multipart!.files[0]!;
    expect(file.size).toBe(size);
    expect(file.head.length).toBe(256 * 1024);
    expect(file.sha256).toBe(createHash('sha256').update(Buffer.alloc(size, 3)).digest('hex'));
  });

  it('PUT /api/v1/media/:id updates the description before posting', async () => {
    const s = await start();
    const r = await call(s, 'POST', '/api/v2/media', { multipart: upload(png, 'image/png') });
    const put = await call(s, 'PUT', `/api/v1/media/${r.body.id}`, { form: { description: 'later alt text' } });
    expect(put.body.description).toBe('later alt text');
  });
});

describe('statuses with media', () => {
  it('refuses more than maxMedia, unknown ids and media already attached, with 422', async () => {
    const s = await start({ maxMedia: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(String((await call(s, 'POST', '/api/v2/media', { multipart: upload(png, 'image/png') })).body.id));
    const many = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'x', 'media_ids[]': ids } });
    expect(many).toMatchObject({ status: 422, json: { error: 'Cannot attach more than 2 files' } });
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { status: 'x', 'media_ids[]': ['1'] } })).status).toBe(422);
    const ok = await call(s, 'POST', '/api/v1/statuses', { json: { status: 'two pictures', media_ids: ids.slice(0, 2) } });
    expect(ok.status).toBe(200);
    const again = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'reuse', 'media_ids[]': ids[0]! } });
    expect(again).toMatchObject({ status: 422, json: { error: `Media ${ids[0]} not found or already attached to another post` } });
    expect(s.appliedStatuses().map((x) => x.mediaIds)).toEqual([ids.slice(0, 2)]);
  });
});
