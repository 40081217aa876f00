/**
 * Post import into a real snac2 (issue 8, Tests: "Real server, snac2 in CI"): a Twitter-shaped export built
 * here (a three-post self-thread, a post with two images made by sharp and their alt text, a note tweet
 * longer than the server's limit) imported by the real CLI (`import export.zip --to @me@home.localhost
 * --posts --yes`, the token in LEAVE_PLATFORM_TOKEN). Checked through snac itself, not through what the
 * CLI says: its Mastodon API for the thread (`in_reply_to_id`) and the media descriptions (and the image
 * files it serves), its ActivityPub objects for the visibility: snac's API answers `public` for an unlisted
 * post while it stores the note addressed `to: []`, `cc: [Public]`, which is what unlisted means in
 * ActivityPub (reference/destinations.md section 7); but snac 2.75 addresses every reply to a public or
 * unlisted post `to` Public, whatever visibility the client asked for. A second run posts nothing.
 *
 * Then a crash at the worst moment: the proxy in front of snac holds back the answer to a
 * `POST /api/v1/statuses` (snac has made the status, the CLI has not heard of it, the journal says `sent`),
 * the whole process group gets kill -9, and the same command runs at once. snac ignores Idempotency-Key,
 * so only the reconcile (the account's own latest statuses) stands between the re-run and a duplicate.
 *
 * The CLI reaches snac through the proxy (`--connect-to home.localhost:127.0.0.1:<proxy port>`), so every
 * request it makes is seen. Free ports only, no timing assumptions: the test waits for events, not for time.
 * Skips where snac is not installed, except in CI (CI set), where a missing snac fails.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { testImage, tweetId, writeTwitterPostsExport, type TweetSpec } from '../helpers/postExport.js';
import type { ProxiedRequest } from './hostProxy.js';
import { hasSnac, inCI, MISSING_SNAC, SnacTestbed, snacRequest, snacToken, type SnacInstance } from './snacTestbed.js';

const HOST = 'home.localhost';
const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

interface SnacStatus {
  id: string;
  uri: string;
  created_at: string;
  in_reply_to_id: string | null;
  content: string;
  /** snac answers the source text too (Mastodon only for a deleted status). */
  text?: string;
  visibility: string;
  media_attachments: { id: string; type: string; url: string; description: string | null }[];
}

interface ImportSummary {
  counts: { done: number; pending: number; failed: number; skipped: number; left: number };
  actions: { type: string; target: string; status: string; reason: string | null }[];
}

let bed: SnacTestbed | null = null;
let home: SnacInstance | null = null;

const suite = hasSnac || inCI ? describe : describe.skip;

/** `import <zip> --to @<user>@home.localhost --posts --yes --json`, through the proxy, with the user's own state. */
function startImport(user: string, token: string, zip: string) {
  const work = join(bed!.work, user);
  const env = {
    PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LEAVE_PLATFORM_TOKEN: token, NO_COLOR: '1',
    XDG_CONFIG_HOME: join(work, 'config'), XDG_STATE_HOME: join(work, 'xdg-state'),
  };
  return bed!.runCli([
    'import', zip, '--to', `@${user}@${HOST}`, '--posts', '--yes', '--json',
    '--allow-http', '--allow-private-network', ...bed!.connectTo({ viaProxy: true }), '--state', join(work, 'state'),
  ], env);
}

async function importOnce(user: string, token: string, zip: string): Promise<ImportSummary> {
  const r = await startImport(user, token, zip).done;
  expect(r.code, `${r.stderr}\n${r.stdout.slice(0, 4000)}`).toBe(0);
  expect(`${r.stdout}${r.stderr}`).not.toContain(token);
  return JSON.parse(r.stdout) as ImportSummary;
}

/** GET on snac's API as `token`, straight to its port. */
async function api<T>(token: string, path: string): Promise<T> {
  const r = await snacRequest(home!, 'GET', path, { headers: { authorization: `Bearer ${token}` } });
  expect(r.status, `GET ${path}`).toBe(200);
  return r.json<T>();
}

/** Every status of the account, in snac's order (its `created_at` has whole seconds: no order within one). */
async function ownStatuses(token: string): Promise<SnacStatus[]> {
  const me = await api<{ id: string }>(token, '/api/v1/accounts/verify_credentials');
  const page = await api<SnacStatus[]>(token, `/api/v1/accounts/${encodeURIComponent(me.id)}/statuses?limit=40`);
  expect(page.length, 'fewer statuses than a page holds, so the page is all of them').toBeLessThan(40);
  return page;
}

/** The status's ActivityPub object as snac stores and serves it (its `uri`, asked for as activity+json). */
async function activityObject(status: SnacStatus): Promise<{ to: string[]; cc: string[]; inReplyTo: string | null }> {
  const r = await snacRequest(home!, 'GET', new URL(status.uri).pathname, { headers: { accept: 'application/activity+json' } });
  expect(r.status, `GET ${status.uri}`).toBe(200);
  return r.json<{ to: string[]; cc: string[]; inReplyTo: string | null }>();
}

/** The text as written: snac's `text` (its source), else the HTML content's text. */
function plain(status: SnacStatus): string {
  return status.text ?? status.content.replace(/<br\s*\/?>/g, '\n').replace(/<[^>]*>/g, '');
}

/** The statuses from `first` down its reply chain, each the only reply to the one before. */
function chainFrom(first: SnacStatus, all: readonly SnacStatus[]): SnacStatus[] {
  const chain = [first];
  for (;;) {
    const replies = all.filter((s) => s.in_reply_to_id === chain[chain.length - 1]!.id);
    expect(replies.length).toBeLessThanOrEqual(1);
    if (replies.length === 0) return chain;
    chain.push(replies[0]!);
  }
}

function posts(requests: readonly ProxiedRequest[], path: RegExp): number {
  return requests.filter((r) => r.method === 'POST' && path.test(r.path)).length;
}

/** Characters as a Mastodon-API server counts them: every URL as `urlLength` (docs: api/v1/instance). */
function counted(text: string, urlLength: number): number {
  // Counted one by one: each segment object carries the whole input, so spreading them all into an array
  // keeps a copy of a long post per character.
  let count = 0;
  for (const _ of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text.replace(/https?:\/\/\S+/g, 'u'.repeat(urlLength)))) count += 1;
  return count;
}

/** Plain paragraphs of numbered sentences, longer than `min` characters. */
function longText(min: number): string {
  const paragraphs: string[] = [];
  let length = 0;
  for (let p = 1; length <= min; p += 1) {
    const sentences = Array.from({ length: 8 }, (_, s) => `Paragraph ${p} sentence ${s + 1} says a little more about leaving a platform behind.`);
    const paragraph = sentences.join(' ');
    paragraphs.push(paragraph);
    length += paragraph.length + 2;
  }
  return paragraphs.join('\n\n');
}

suite('post import into snac2 (real server)', () => {
  beforeAll(async () => {
    if (!hasSnac) throw new Error(MISSING_SNAC);
    assertDistFresh();
    bed = await SnacTestbed.start('lp-snac-posts-');
    home = await bed.instance('home', HOST, [{ name: 'me' }, { name: 'crash' }]);
  }, 90_000);

  afterAll(async () => {
    if (bed) bed.proxy.answerGate = null;
    await bed?.close();
  }, 60_000);

  it('posts the thread in order, the images with their alt text, the long post as a thread, unlisted where snac allows it; a second run posts nothing', async () => {
    const token = await snacToken(home!, 'me');
    const instance = await api<{ configuration: { statuses: { max_characters: number; characters_reserved_per_url: number } } }>(token, '/api/v1/instance');
    const { max_characters: limit, characters_reserved_per_url: urlLength } = instance.configuration.statuses;
    const note = longText(limit + 2_000);
    const alts = ['A red square on a white table', 'The same square, seen from above'];
    const tweets: TweetSpec[] = [
      { id: tweetId(1), at: '2021-03-01T09:00:00Z', text: 'Thread one: the first post of three.' },
      { id: tweetId(2), at: '2021-03-01T09:01:00Z', text: 'Thread two: the middle of it.', replyToOwn: tweetId(1) },
      { id: tweetId(3), at: '2021-03-01T09:02:00Z', text: 'Thread three: the end.', replyToOwn: tweetId(2) },
      {
        id: tweetId(4), at: '2021-04-01T12:00:00Z', text: 'Two pictures of a square.',
        media: [
          { name: 'FSquare1.jpg', alt: alts[0], bytes: await testImage(1, { width: 80, height: 60 }) },
          { name: 'FSquare2.png', alt: alts[1], bytes: await testImage(2, { width: 40, height: 30, format: 'png' }) },
        ],
      },
      { id: tweetId(5), at: '2021-05-01T08:00:00Z', text: note.slice(0, 270), note },
    ];
    await mkdir(join(bed!.work, 'me'), { recursive: true });
    const zip = await writeTwitterPostsExport(join(bed!.work, 'me', 'twitter-export.zip'), tweets);

    const first = await importOnce('me', token, zip);
    expect(first.actions.filter((a) => a.status !== 'done'), 'every action done').toEqual([]);
    expect(first.actions.filter((a) => a.type === 'media')).toHaveLength(2);
    const postParts = first.actions.filter((a) => a.type === 'post').length;

    const statuses = await ownStatuses(token);
    expect(statuses).toHaveLength(postParts);

    // The self-thread: three statuses, each replying to the one before, in the original order.
    const head = statuses.find((s) => plain(s).startsWith('Thread one'));
    expect(head?.in_reply_to_id ?? null).toBeNull();
    expect(chainFrom(head!, statuses).map((s) => plain(s).split(':')[0])).toEqual(['Thread one', 'Thread two', 'Thread three']);

    // The pictures: one status, both images in order with their alt text, the files snac serves being ours.
    const pictures = statuses.find((s) => plain(s).includes('Two pictures of a square'));
    expect(pictures?.media_attachments.map((m) => [m.type, m.description])).toEqual([['image', alts[0]], ['image', alts[1]]]);
    const sizes = [];
    for (const m of pictures!.media_attachments) {
      const file = await snacRequest(home!, 'GET', new URL(m.url).pathname);
      expect(file.status).toBe(200);
      const meta = await sharp(file.body).metadata();
      sizes.push([meta.width, meta.height]);
    }
    expect(sizes).toEqual([[80, 60], [40, 30]]);

    // The long post: a thread of parts, each within snac's limit, holding the whole note in order.
    const longHead = statuses.find((s) => plain(s).startsWith('Paragraph 1 sentence 1'));
    expect(longHead?.in_reply_to_id ?? null).toBeNull();
    const parts = chainFrom(longHead!, statuses);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.length).toBe(postParts - 4);
    for (const part of parts) expect(counted(plain(part), urlLength)).toBeLessThanOrEqual(limit);
    const letters = (t: string) => t.replace(/\s*\(\d+\/\d+\)/g, ' ').replace(/[^\p{L}\p{N}]+/gu, '');
    expect(letters(parts.map(plain).join(' '))).toContain(letters(note));

    // Unlisted. The CLI asked for it on every status (the proxy saw the forms); snac's API answers `public`
    // for every status whatever it stores, so what it stores and serves is the test: its ActivityPub objects.
    // Unlisted in ActivityPub is nobody in `to` and the Public collection in `cc`. snac 2.75 stores so every
    // status that starts a thread, but addresses a reply to a public or unlisted post `to` the Public
    // collection whatever visibility it was asked for (observed: any reply of ours comes out
    // `to: [author, Public]`); a client cannot change that, so replies are checked for being no wider than
    // public and no narrower than unlisted, and the first status of each thread for being unlisted.
    const statusForms = bed!.proxy.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses');
    expect(statusForms).toHaveLength(postParts);
    expect(statusForms.map((r) => new URLSearchParams(r.body ?? '').get('visibility'))).toEqual(statusForms.map(() => 'unlisted'));
    for (const status of statuses) {
      const object = await activityObject(status);
      if (status.in_reply_to_id === null) {
        expect(object.to, status.uri).not.toContain(PUBLIC);
        expect(object.cc, status.uri).toContain(PUBLIC);
      } else {
        expect([...object.to, ...object.cc], status.uri).toContain(PUBLIC);
      }
    }

    // A second run: nothing uploaded, nothing posted, the account unchanged.
    const before = bed!.proxy.requests.length;
    const second = await importOnce('me', token, zip);
    expect(second.actions.filter((a) => a.status !== 'done')).toEqual([]);
    const during = bed!.proxy.requests.slice(before);
    expect(during.length, 'the second run went through the proxy').toBeGreaterThan(0);
    expect(posts(during, /^\/api\/v[12]\/(statuses|media)/)).toBe(0);
    expect((await ownStatuses(token)).map((s) => s.id).sort()).toEqual(statuses.map((s) => s.id).sort());
    expect(bed!.proxy.unrouted).toEqual([]);
  }, 300_000);

  it('kill -9 after snac made a status and before the journal heard of it, then the same command: no status twice', async () => {
    const token = await snacToken(home!, 'crash');
    // The held post holds `<` and `>`: snac keeps them raw in its HTML content, and the re-run must still know it.
    const tweets: TweetSpec[] = [
      { id: tweetId(11), at: '2022-01-01T10:00:00Z', text: 'Crash one: before the crash.' },
      { id: tweetId(12), at: '2022-01-01T10:01:00Z', text: 'Crash two: if a < b and b > c, then this one was held.', replyToOwn: tweetId(11) },
      { id: tweetId(13), at: '2022-01-01T10:02:00Z', text: 'Crash three: after the crash.', replyToOwn: tweetId(12) },
    ];
    await mkdir(join(bed!.work, 'crash'), { recursive: true });
    const zip = await writeTwitterPostsExport(join(bed!.work, 'crash', 'twitter-export.zip'), tweets);

    // Hold the answer to the second status the CLI creates: snac has made it when its answer arrives here.
    let statusPosts = 0;
    let heldStatus = 0;
    let held: () => void = () => {};
    const heldNow = new Promise<void>((r) => (held = r));
    let release: () => void = () => {};
    const released = new Promise<void>((r) => (release = r));
    bed!.proxy.answerGate = (exchange) => {
      if (exchange.method !== 'POST' || exchange.path !== '/api/v1/statuses') return;
      statusPosts += 1;
      if (statusPosts !== 2) return;
      heldStatus = exchange.status;
      held();
      return released;
    };
    try {
      const run = startImport('crash', token, zip);
      const ended = run.done.then((r) => `the CLI ended before the answer was held (code ${r.code}): ${r.stderr}`);
      const outcome = await Promise.race([heldNow.then(() => 'held'), ended]);
      expect(outcome).toBe('held');
      expect(heldStatus, 'snac made the status').toBe(200);
      run.killGroup();
      const killed = await run.done;
      expect(killed.signal).toBe('SIGKILL');
    } finally {
      bed!.proxy.answerGate = null;
      release();
    }
    const afterCrash = await ownStatuses(token);
    expect(afterCrash.map((s) => plain(s).split(':')[0]).sort(), 'snac made the held status').toEqual(['Crash one', 'Crash two']);

    const before = bed!.proxy.requests.length;
    const again = await importOnce('crash', token, zip);
    expect(again.actions.filter((a) => a.status !== 'done')).toEqual([]);
    expect(posts(bed!.proxy.requests.slice(before), /^\/api\/v1\/statuses$/), 'only the third post is sent').toBe(1);

    const statuses = await ownStatuses(token);
    expect(statuses).toHaveLength(3);
    const ids = new Set(statuses.map((s) => s.id));
    for (const s of afterCrash) expect(ids.has(s.id), 'the statuses made before the crash are the ones kept').toBe(true);
    const chain = chainFrom(statuses.find((s) => s.in_reply_to_id === null)!, statuses);
    expect(chain.map((s) => plain(s).split(':')[0])).toEqual(['Crash one', 'Crash two', 'Crash three']);
    expect(plain(chain[1]!)).toContain('if a < b and b > c');
    expect(bed!.proxy.unrouted).toEqual([]);
  }, 300_000);
});
