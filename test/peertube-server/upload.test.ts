/**
 * Resumable upload on the PeerTube test server: chunks with 308 and Range, the offset asked with `bytes *\/total`,
 * a chunk at the wrong offset (409), quota (413 quota_reached), cancel, a broken connection resumed from the
 * server's offset, and one video recorded once with its size and sha256 — answers checked against the spec.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from './call.js';
import { startPeerTubeTestServer, type PeerTubeTestServer, type PeerTubeTestServerOptions } from './server.js';

let server: PeerTubeTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(options: Partial<PeerTubeTestServerOptions> = {}): Promise<PeerTubeTestServer> {
  server = await startPeerTubeTestServer({ domain: 'tube.test', ...options });
  return server;
}

const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 256));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function metadata(s: PeerTubeTestServer, extra: Record<string, unknown> = {}) {
  return {
    name: 'My first video', channelId: s.myChannels[0]!.id, privacy: 1, originallyPublishedAt: '2015-03-04T05:06:07.000Z',
    description: 'Uploaded from my YouTube archive', tags: ['archive', 'youtube'], language: 'en', category: 15,
    filename: 'first.mp4', ...extra,
  };
}

async function init(s: PeerTubeTestServer, size = bytes.length, extra: Record<string, unknown> = {}) {
  return call(s, 'POST', '/api/v1/videos/upload-resumable', {
    json: metadata(s, extra), headers: { 'x-upload-content-length': String(size), 'x-upload-content-type': 'video/mp4' },
  });
}

function uploadPath(location: string): string {
  const url = new URL(location, 'http://tube.test/api/v1/videos/upload-resumable');
  return `${url.pathname}${url.search}`;
}

function chunk(s: PeerTubeTestServer, path: string, from: number, to: number, total = bytes.length) {
  return call(s, 'PUT', path, { body: bytes.subarray(from, to + 1), headers: { 'content-range': `bytes ${from}-${to}/${total}` } });
}

describe('resumable upload', () => {
  it('creates the session (201, network-path Location), takes chunks (308 + Range) and answers the video on the last one', async () => {
    const s = await start();
    const created = await init(s);
    expect(created.status).toBe(201);
    expect(created.specProblems).toEqual([]);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/\/tube\.test\/api\/v1\/videos\/upload-resumable\?upload_id=1-[0-9a-f]{32}\.mp4$/u);
    const path = uploadPath(location);

    const first = await chunk(s, path, 0, 399);
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe('bytes=0-399');
    expect(first.specProblems).toEqual([]);
    const last = await chunk(s, path, 400, 999);
    expect(last.status).toBe(200);
    expect(last.specProblems).toEqual([]);
    const video = (last.body as { video: { id: number; uuid: string; shortUUID: string } }).video;
    expect(video.uuid).toMatch(/^[0-9a-f-]{36}$/u);

    expect(s.applied).toHaveLength(1);
    expect(s.appliedVideos()[0]).toMatchObject({
      id: video.id, uuid: video.uuid, shortUUID: video.shortUUID, name: 'My first video', channelId: s.myChannels[0]!.id,
      privacy: 1, originallyPublishedAt: '2015-03-04T05:06:07.000Z', tags: ['archive', 'youtube'], language: 'en',
      category: 15, filename: 'first.mp4', mimeType: 'video/mp4', size: 1000, sha256: sha(bytes),
    });
    const mine = await call(s, 'GET', '/api/v1/users/me/videos');
    expect(mine.body.total).toBe(1);
    expect(mine.specProblems).toEqual([]);
    expect((await call(s, 'GET', '/api/v1/users/me/video-quota-used')).body).toEqual({ videoQuotaUsed: 1000, videoQuotaUsedDaily: 1000 });
  });

  it('answers the offset for `bytes */total` (no Range before any byte), and 409 for a chunk at another offset', async () => {
    const s = await start();
    const path = uploadPath((await init(s)).headers.get('location')!);
    const ask = () => call(s, 'PUT', path, { headers: { 'content-range': `bytes */${bytes.length}`, 'content-length': '0' } });
    const empty = await ask();
    expect(empty.status).toBe(308);
    expect(empty.headers.get('range')).toBeNull();
    await chunk(s, path, 0, 299);
    const asked = await ask();
    expect([asked.status, asked.headers.get('range')]).toEqual([308, 'bytes=0-299']);
    expect(asked.specProblems).toEqual([]);

    for (const [from, to] of [[0, 299], [500, 999], [300, 1000]] as const) {
      const conflict = await chunk(s, path, from, to);
      expect(conflict.status).toBe(409);
      expect(conflict.contentType).toMatch(/^application\/problem\+json/u);
      expect(conflict.specProblems).toEqual([]);
    }
    expect(s.uploadSession(new URL(path, 'http://x').searchParams.get('upload_id')!)?.offset).toBe(300);
    expect((await chunk(s, path, 300, 999)).status).toBe(200);
    expect(s.appliedVideos().map((v) => v.sha256)).toEqual([sha(bytes)]);
  });

  it('keeps the bytes of a chunk whose connection broke, and resumes from the server offset to one video', async () => {
    const s = await start();
    const path = uploadPath((await init(s)).headers.get('location')!);
    // Send 600 bytes of a chunk announced as 0-999, then break the connection.
    await new Promise<void>((resolve) => {
      const req = request({
        host: '127.0.0.1', port: s.port, method: 'PUT', path,
        headers: { host: 'tube.test', authorization: `Bearer ${s.token}`, 'content-type': 'application/octet-stream', 'content-range': 'bytes 0-999/1000', 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      req.write(bytes.subarray(0, 600), () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 50));
    });
    const id = new URL(path, 'http://x').searchParams.get('upload_id')!;
    // Wait until the server has stored the 600 bytes and let the chunk go. Not only for `busy` to be false:
    // it is also false before the server has begun to read the chunk, which under load it may not have yet.
    await expect.poll(() => {
      const session = s.uploadSession(id);
      return session && { busy: session.busy, offset: session.offset };
    }, { timeout: 10_000 }).toEqual({ busy: false, offset: 600 });
    const asked = await call(s, 'PUT', path, { headers: { 'content-range': 'bytes */1000', 'content-length': '0' } });
    expect(asked.headers.get('range')).toBe('bytes=0-599');
    expect((await chunk(s, path, 600, 999)).status).toBe(200);
    // The answer of the last chunk lost and the chunk sent again: a finished upload is gone (404 with uploadx's
    // own error shape, as a real PeerTube 7.0.1 answers), and there is still one video.
    const again = await chunk(s, path, 600, 999);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ error: { code: 'FileNotFound', message: 'Not found' } });
    expect(s.appliedVideos()).toHaveLength(1);
    expect(s.appliedVideos()[0]!.sha256).toBe(sha(bytes));
  });

  it('refuses over the quota with 413 quota_reached, and over the daily quota too', async () => {
    const s = await start({ user: { videoQuota: 5000, videoQuotaUsed: 4500 } });
    const over = await init(s, 1000);
    expect([over.status, over.body.code]).toEqual([413, 'quota_reached']);
    expect(over.contentType).toMatch(/^application\/problem\+json/u);
    expect(over.specProblems).toEqual([]);
    expect((await init(s, 500)).status).toBe(201);
    await s.close();
    const daily = await start({ user: { videoQuotaDaily: 999 } });
    expect((await init(daily, 1000)).body.code).toBe('quota_reached');
    await daily.close();
    const big = await start({ maxFileSize: 10 });
    expect((await init(big, 1000)).body.code).toBe('max_file_size_reached');
  });

  it('refuses bad metadata: more than 5 tags, a short name, another type, an unknown channel', async () => {
    const s = await start({ channels: [{ handle: 'other@tube.test' }] });
    const tags = await init(s, 1000, { tags: ['a1', 'b2', 'c3', 'd4', 'e5', 'f6'] });
    expect([tags.status, Object.keys(tags.body['invalid-params'] as object)]).toEqual([400, ['tags']]);
    expect((await init(s, 1000, { name: 'ab' })).status).toBe(400);
    expect((await init(s, 1000, { channelId: 9999 })).status).toBe(400);
    const others = s.world.channelByHandle('other', 'tube.test')!.id;
    expect((await init(s, 1000, { channelId: others })).status).toBe(403);
    const type = await call(s, 'POST', '/api/v1/videos/upload-resumable', {
      json: metadata(s), headers: { 'x-upload-content-length': '1000', 'x-upload-content-type': 'text/plain' },
    });
    expect(type.status).toBe(415);
    expect(s.uploadIds()).toEqual([]);
  });

  it('cancels with DELETE (204), after which the session is gone (404)', async () => {
    const s = await start();
    const path = uploadPath((await init(s)).headers.get('location')!);
    await chunk(s, path, 0, 99);
    const cancelled = await call(s, 'DELETE', path, { headers: { 'content-length': '0' } });
    expect(cancelled.status).toBe(204);
    expect(cancelled.specProblems).toEqual([]);
    expect((await chunk(s, path, 100, 199)).status).toBe(404);
    expect(s.applied).toEqual([]);
  });

  it('a hook can drop the answer of the last chunk after the video was made', async () => {
    const s = await start({ hook: (e) => (e.phase === 'applied' ? 'drop' : undefined) });
    const path = uploadPath((await init(s)).headers.get('location')!);
    await expect(chunk(s, path, 0, 999)).rejects.toThrow();
    expect(s.appliedVideos()).toHaveLength(1);
  });
});
