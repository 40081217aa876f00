/**
 * `import --posts` as a user runs it (the real CLI, built dist/) against our local Mastodon test server,
 * with a Twitter-shaped export made in the test (test/helpers/postExport.ts, images by sharp). Each test
 * asserts on what the server made (`applied`): nothing twice, threads in order through in_reply_to_id,
 * unlisted by default, alt text as the media description, the media attached; and every request the
 * client sent is checked against Mastodon's API description.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { serverAndWorkDirPerTest } from '../helpers/serverAndWorkDir.js';
import { importPosts, requestProblems, startCli } from '../helpers/importCli.js';
import { mp4Video, testImage, tweetId, writeTwitterPostsExport, type TweetSpec } from '../helpers/postExport.js';
import { parseBody } from '../mastodon-server/formBody.js';
import { startMastodonTestServer, type AppliedStatus, type RecordedRequest, type HookEvent, type MastodonTestServer, type MastodonTestServerOptions } from '../mastodon-server/server.js';

const perTest = serverAndWorkDirPerTest<MastodonTestServer>();

beforeAll(() => {
  assertDistFresh();
});

async function setup(tweets: TweetSpec[], options: Partial<MastodonTestServerOptions> = {}) {
  perTest.work = await mkdtemp(join(tmpdir(), 'lp-posts-'));
  const server = await startMastodonTestServer({ domain: 'home.test', ...options });
  perTest.server = server;
  return { server, zip: await writeTwitterPostsExport(join(perTest.work, 'twitter.zip'), tweets) };
}

const at = (day: number) => new Date(Date.UTC(2019, 2, 4 + day, 10, 11, 12)).toISOString();

/** The statuses whose text starts with `tag` (the first part of a post), then their replies down the thread. */
function thread(s: MastodonTestServer, tag: string): AppliedStatus[] {
  const all = s.appliedStatuses();
  const first = all.filter((x) => x.text.startsWith(tag));
  expect(first, tag).toHaveLength(1);
  const out = [first[0]!];
  for (;;) {
    const next = all.filter((x) => x.inReplyToId === out[out.length - 1]!.id);
    if (next.length === 0) return out;
    expect(next, `one reply to ${out[out.length - 1]!.id}`).toHaveLength(1);
    out.push(next[0]!);
  }
}

/** Length as Mastodon counts it: grapheme clusters, every URL as 23 (StatusLengthValidator). */
function countable(text: string): number {
  const withUrls = text.replace(/https?:\/\/\S+/gu, 'x'.repeat(23));
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(withUrls)].length;
}

/** The post's own words in a part: without the " (k/n)" marker and the footer. */
function body(text: string): string {
  return text.replace(/\n\n\(First posted on Twitter[^)]*\)$/u, '').replace(/\s*\(\d+\/\d+\)$/u, '');
}

/** The parameters of a status request as the server reads them (form or JSON). */
function statusParams(r: RecordedRequest): Record<string, unknown> {
  return parseBody(r.body, String(r.headers['content-type'] ?? '')) ?? {};
}

function statusText(r: RecordedRequest): string {
  return String(statusParams(r).status ?? '');
}

function expectNoDuplicates(s: MastodonTestServer): void {
  const statuses = s.appliedStatuses();
  expect(new Set(statuses.map((x) => x.idempotencyKey)).size).toBe(statuses.length);
  expect(statuses.every((x) => x.idempotencyKey !== null)).toBe(true);
  const attached = statuses.flatMap((x) => x.mediaIds);
  expect(new Set(attached).size).toBe(attached.length);
}

const LONG = Array.from({ length: 14 }, (_, i) => `Paragraph ${i + 1} of why I am leaving: twelve years, good people, and a feed that stopped being mine.`).join('\n\n');
const HUGE = Array.from({ length: 400 }, (_, i) => `Sentence ${i + 1} of the longest post anyone wrote here, and it still goes on.`).join(' ').slice(0, 30_000);

describe('import --posts against the Mastodon test server', { timeout: 90_000 }, () => {
  it('posts a self-thread, pictures with alt text, long posts as threads, a media-only post and a carousel over maxMedia; a re-run posts nothing', async () => {
    const pics = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => testImage(n, { format: n === 2 ? 'png' : 'jpeg' })));
    const tweets: TweetSpec[] = [
      { id: tweetId(1), at: at(0), text: '[thread] Why I am moving 1/3' },
      { id: tweetId(2), at: at(1), text: '[thread-2] The short version: my own server. 2/3', replyToOwn: tweetId(1) },
      { id: tweetId(3), at: at(2), text: '[thread-3] Find me there. 3/3', replyToOwn: tweetId(2) },
      { id: tweetId(4), at: at(3), text: '[two] My desk and the view', media: [
        { name: 'FDesk01.jpg', bytes: pics[0]!, alt: 'A tidy desk with a green plant' },
        { name: 'FView02.png', bytes: pics[1]!, alt: 'Hills at dusk' },
      ] },
      { id: tweetId(5), at: at(4), text: '', note: `[long] ${LONG}` },
      { id: tweetId(6), at: at(5), text: '', note: `[huge] ${HUGE}` },
      { id: tweetId(7), at: at(6), text: '', media: [{ name: 'FOnly03.jpg', bytes: pics[2]!, alt: 'Only a picture' }] },
      { id: tweetId(8), at: at(7), text: '[carousel] Six from the trip', media: pics.slice(3, 9).map((bytes, i) => ({ name: `FTrip0${i}.jpg`, bytes, alt: `Trip picture ${i + 1}` })) },
    ];
    const { server, zip } = await setup(tweets);
    const r = await importPosts(server, perTest.work, zip);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json?.counts).toMatchObject({ failed: 0, left: 0 });
    expect(requestProblems(server)).toEqual([]);
    expectNoDuplicates(server);
    const statuses = server.appliedStatuses();
    expect(statuses.every((x) => x.visibility === 'unlisted')).toBe(true);
    expect(statuses.every((x) => countable(x.text) <= 500)).toBe(true);
    expect(statuses.every((x) => x.mentions.length === 0)).toBe(true);

    // The self-thread, in order, each answering the one before.
    const t = thread(server, '[thread]');
    expect(t.map((x) => body(x.text))).toEqual(['[thread] Why I am moving 1/3', '[thread-2] The short version: my own server. 2/3', '[thread-3] Find me there. 3/3']);
    expect(t[0]!.inReplyToId).toBeNull();

    // Two pictures, their alt text as descriptions, attached to the one post.
    const media = new Map(server.applied.flatMap((w) => (w.kind === 'media' ? [[w.media.id, w.media] as const] : [])));
    const two = thread(server, '[two]');
    expect(two).toHaveLength(1);
    expect(two[0]!.mediaIds.map((id) => media.get(id)?.description)).toEqual(['A tidy desk with a green plant', 'Hills at dusk']);
    expect(two[0]!.mediaIds.map((id) => media.get(id)?.mime)).toEqual(['image/jpeg', 'image/png']);

    // Longer than the limit: a thread whose parts answer each other and keep every word, in order.
    for (const [tag, whole] of [['[long]', `[long] ${LONG}`], ['[huge]', `[huge] ${HUGE}`]] as const) {
      const parts = thread(server, tag);
      expect(parts.length, tag).toBeGreaterThan(1);
      expect(parts.map((x) => body(x.text)).join('').replace(/\s+/gu, '')).toBe(whole.replace(/\s+/gu, ''));
      expect(parts[parts.length - 1]!.text).toMatch(/\(First posted on Twitter, 2019-03-\d\d: https:\/\/twitter\.com\/sam_leaves\/status\/\d+\)$/u);
    }
    expect(thread(server, '[huge]').length).toBeGreaterThanOrEqual(Math.ceil(30_000 / 500));

    // Only a picture: a status holding it, with the footer as its only text.
    const only = statuses.filter((x) => x.mediaIds.some((id) => media.get(id)?.description === 'Only a picture'));
    expect(only).toHaveLength(1);
    expect(only[0]!.mediaIds).toHaveLength(1);
    expect(only[0]!.text).toMatch(/^\(First posted on Twitter/u);

    // Six pictures, four per post: the last two continue in a reply.
    const carousel = thread(server, '[carousel]');
    expect(carousel.map((x) => x.mediaIds.length)).toEqual([4, 2]);
    expect(carousel.flatMap((x) => x.mediaIds).map((id) => media.get(id)?.description)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `Trip picture ${n}`));

    // Every upload attached exactly once.
    expect([...media.keys()].sort()).toEqual(statuses.flatMap((x) => x.mediaIds).sort());

    const writes = server.writeRequests().length;
    const again = await importPosts(server, perTest.work, zip);
    expect(again.code, again.stderr).toBe(0);
    expect(server.writeRequests().length).toBe(writes);
    expect(again.json?.counts).toMatchObject({ failed: 0, left: 0, done: r.json!.counts.done });
  });

  it('polls a 202 upload until processed, and sends a part again with the same Idempotency-Key after its connection dropped', async () => {
    let dropped = false;
    const hook = (e: HookEvent) => {
      // The first status of the video post never reaches the server (the connection drops on arrival).
      if (!dropped && e.phase === 'received' && e.request.method === 'POST' && e.request.path === '/api/v1/statuses' && statusText(e.request).startsWith('[video]')) {
        dropped = true;
        return 'drop' as const;
      }
      return undefined;
    };
    const tweets: TweetSpec[] = [
      { id: tweetId(1), at: at(0), text: '[video] A short clip', media: [{ name: 'FClip01.mp4', type: 'video', bytes: mp4Video(), alt: 'Waves on a beach' }] },
      { id: tweetId(2), at: at(1), text: '[after] More', replyToOwn: tweetId(1) },
    ];
    const { server, zip } = await setup(tweets, { hook, mediaProcessingPolls: 2 });
    const first = await importPosts(server, perTest.work, zip);
    const polls = server.requests.filter((x) => x.method === 'GET' && /^\/api\/v1\/media\/\d+$/u.test(x.path));
    const upload = server.requests.find((x) => x.method === 'POST' && x.path === '/api/v2/media');
    expect(upload?.answered).toBe(202);
    expect(polls.map((x) => x.answered)).toEqual([206, 206, 200]);
    expect(requestProblems(server)).toEqual([]);
    // The dropped status is sent again over a new connection with the same Idempotency-Key (the HTTP
    // client retries a keyed write whose connection failed), so the run finishes.
    expect(first.code, first.stderr).toBe(0);
    expect(first.json?.actions.filter((a) => a.type === 'post').map((a) => a.status)).toEqual(['done', 'done']);
    const sent = server.requests.filter((x) => x.method === 'POST' && x.path === '/api/v1/statuses');
    const keysOf = (tag: string) => sent.filter((x) => statusText(x).startsWith(tag)).map((x) => x.headers['idempotency-key']);
    expect(keysOf('[video]')).toHaveLength(2);
    expect(keysOf('[video]')[0]).toBeTruthy();
    expect(keysOf('[video]')[0]).toBe(keysOf('[video]')[1]);
    expect(new Set(sent.map((x) => x.headers['idempotency-key'])).size).toBe(2);
    const [video, after] = [thread(server, '[video]'), thread(server, '[after]')];
    expect(video).toHaveLength(2);
    expect(after).toHaveLength(1);
    expect(video[0]!.mediaIds).toHaveLength(1);
    expect(server.applied.filter((w) => w.kind === 'media')).toHaveLength(1);
    expectNoDuplicates(server);

    // A second run sends nothing.
    const writes = server.writeRequests().length;
    const second = await importPosts(server, perTest.work, zip);
    expect(second.code, second.stderr).toBe(0);
    expect(server.writeRequests().length).toBe(writes);
  });

  it('a 422 on one post fails that post alone: the rest goes on, and the run exits 1', async () => {
    const pics = await Promise.all([1, 2].map((n) => testImage(n)));
    // The server refuses the status of [refused]: its picture was attached elsewhere meanwhile (422).
    let s: MastodonTestServer | null = null;
    const hook = (e: HookEvent) => {
      if (e.phase !== 'received' || e.request.path !== '/api/v1/statuses' || !statusText(e.request).startsWith('[refused]')) return;
      for (const id of statusParams(e.request).media_ids as string[]) s!.media.byId.get(id)!.attachedTo = 'elsewhere';
    };
    const tweets: TweetSpec[] = [
      { id: tweetId(1), at: at(0), text: '[before] First' },
      { id: tweetId(2), at: at(1), text: '[refused] With a picture', media: [{ name: 'FPic01.jpg', bytes: pics[0]!, alt: 'one' }] },
      { id: tweetId(3), at: at(2), text: '[reply] Answering the refused one', replyToOwn: tweetId(2) },
      { id: tweetId(4), at: at(3), text: '[after] Last', media: [{ name: 'FPic02.jpg', bytes: pics[1]!, alt: 'two' }] },
    ];
    const { server, zip } = await setup(tweets, { hook });
    s = server;
    const r = await importPosts(server, perTest.work, zip);
    expect(r.code, r.stderr).toBe(1);
    const post = (id: string) => r.json!.actions.find((a) => a.type === 'post' && a.target.includes(id));
    expect(post(tweetId(2))).toMatchObject({ status: 'failed', reason: 'refused' });
    expect(post(tweetId(2))?.detail).toMatch(/already attached/u);
    expect(post(tweetId(3))).toMatchObject({ status: 'failed', reason: 'parent_failed' });
    expect(post(tweetId(1))?.status).toBe('done');
    expect(post(tweetId(4))?.status).toBe('done');
    expect(server.appliedStatuses().map((x) => body(x.text))).toEqual(['[before] First', '[after] Last']);
    expect(requestProblems(server)).toEqual([]);
  });
});

describe('import --posts within the rate limits', { timeout: 90_000 }, () => {
  const tweets = (n: number): TweetSpec[] => Array.from({ length: n }, (_, i) => ({ id: tweetId(i + 1), at: at(i), text: `[p${i + 1}] Post number ${i + 1}` }));

  it.each([
    { family: 'statuses', label: 'statuses/3h', windowMs: 3 * 3_600_000, pictures: false },
    { family: 'media', label: 'media/30min', windowMs: 30 * 60_000, pictures: true },
  ] as const)('stops with exit 3 at the $family limit naming when to resume, and the same command then resumes with nothing twice', async ({ family, label, windowMs, pictures }) => {
    let offset = 0;
    const list = tweets(5);
    if (pictures) {
      const pics = await Promise.all(list.map((_, i) => testImage(i + 1)));
      list.forEach((t, i) => (t.media = [{ name: `FPic0${i}.jpg`, bytes: pics[i]!, alt: `pic ${i + 1}` }]));
    }
    const { server, zip } = await setup(list, { limits: { [family]: { limit: 2, windowMs } }, now: () => Date.now() + offset });
    const first = await importPosts(server, perTest.work, zip, ['--max-wait', '1s']);
    expect(first.code, first.stderr).toBe(3);
    expect(first.stderr).toContain(`rate limit (${label})`);
    expect(first.stderr).toMatch(/Run the same command again after .*\d\d:\d\d.* to resume/u);
    expect(first.json?.stopped).toMatchObject({ reason: 'rate_limit', limit: label });
    // The server's window ends `windowMs` after its first use; the run names that time.
    expect(Date.parse(first.json!.stopped!.resumeAt!)).toBeGreaterThan(Date.now() + windowMs * 0.9);
    expect(server.appliedStatuses()).toHaveLength(2);

    // Too early: still limited, nothing new.
    const early = await importPosts(server, perTest.work, zip, ['--max-wait', '1s']);
    expect(early.code).toBe(3);
    expect(server.appliedStatuses()).toHaveLength(2);

    let runs = 0;
    let last = early;
    while (last.code === 3 && runs++ < 4) {
      offset += windowMs;
      last = await importPosts(server, perTest.work, zip, ['--max-wait', '1s']);
    }
    expect(last.code, last.stderr).toBe(0);
    expect(runs).toBe(2);
    expect(server.appliedStatuses().map((x) => body(x.text))).toEqual([1, 2, 3, 4, 5].map((n) => `[p${n}] Post number ${n}`));
    expect(server.appliedStatuses().map((x) => x.mediaIds.length)).toEqual([1, 1, 1, 1, 1].map((n) => (pictures ? n : 0)));
    expectNoDuplicates(server);
    expect(requestProblems(server)).toEqual([]);
  });

  it('waits out the media and statuses windows when --max-wait allows it, and finishes', async () => {
    const pics = await Promise.all([1, 2, 3].map((n) => testImage(n)));
    const list: TweetSpec[] = [
      ...pics.map((bytes, i) => ({ id: tweetId(i + 1), at: at(i), text: `[m${i + 1}] Picture ${i + 1}`, media: [{ name: `FPic0${i}.jpg`, bytes, alt: `pic ${i + 1}` }] })),
      { id: tweetId(9), at: at(9), text: '[last] No picture' },
    ];
    const { server, zip } = await setup(list, { limits: { media: { limit: 2, windowMs: 1500 }, statuses: { limit: 2, windowMs: 1500 } } });
    const r = await importPosts(server, perTest.work, zip, ['--max-wait', '30s']);
    expect(r.code, r.stderr).toBe(0);
    expect(server.appliedStatuses()).toHaveLength(4);
    expect(server.applied.filter((w) => w.kind === 'media')).toHaveLength(3);
    expectNoDuplicates(server);
    expect(requestProblems(server)).toEqual([]);
  });

  it('the dry-run estimate names the family that binds: media for many pictures, statuses for many posts', async () => {
    const pics = await Promise.all(Array.from({ length: 35 }, (_, i) => testImage(i + 1, { width: 8, height: 8 })));
    const list: TweetSpec[] = pics.map((bytes, i) => ({ id: tweetId(i + 1), at: at(i), text: `[m${i + 1}]`, media: [{ name: `FPic${i}.jpg`, bytes, alt: 'x' }] }));
    const { server, zip } = await setup(list);
    const r = await importPosts(server, perTest.work, zip, ['--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json?.estimate.limitedBy).toBe('media/30min');
    expect(r.json!.estimate.seconds).toBeGreaterThanOrEqual(30 * 60);
    const text = await startCli(server, perTest.work, 'import', [zip, '--posts', '--dry-run']).done;
    expect(text.stdout).toMatch(/limited by .*30 .*30 min/u);

    const many = await writeTwitterPostsExport(join(perTest.work, 'many.zip'), tweets(301));
    const posts = await importPosts(server, perTest.work, many, ['--dry-run']);
    expect(posts.code, posts.stderr).toBe(0);
    expect(posts.json?.estimate.limitedBy).toBe('statuses/3h');
    expect(posts.json!.estimate.seconds).toBeGreaterThanOrEqual(3 * 3600);
    expect(server.writeRequests()).toEqual([]);
  });
});
