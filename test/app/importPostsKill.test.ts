/**
 * kill -9 of the whole `import --posts` process group while it posts, at the three points where a crash
 * can lose what the server did (issue 8, section 3), each reached through the test server's hook: (a) the
 * upload received and stored, its answer held; (b) the media answered, the status request not yet made
 * (it is dropped on arrival, never applied); (c) the status applied, its answer held, so the journal never
 * hears of it. Then the same command at once: no status twice, none lost, threads still threaded, every
 * picture on its post. (c) again on a snac-like server, which ignores Idempotency-Key: the reconcile must
 * find the status among the account's own. And `status` after such a crash counts what the next import does.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { serverAndWorkDirPerTest } from '../helpers/serverAndWorkDir.js';
import { importPosts, requestProblems, startCli, type CliRun } from '../helpers/importCli.js';
import { testImage, tweetId, writeTwitterPostsExport, type TweetSpec } from '../helpers/postExport.js';
import { startMastodonTestServer, type AppliedStatus, type HookEvent, type MastodonTestServer, type ServerFlavor } from '../mastodon-server/server.js';

const perTest = serverAndWorkDirPerTest<MastodonTestServer>();

beforeAll(() => {
  assertDistFresh();
});

const at = (day: number) => new Date(Date.UTC(2019, 2, 4 + day, 10, 11, 12)).toISOString();

/** Tag → the alt texts of its pictures, in order. */
const EXPECTED: [string, string[]][] = [
  ['[t1] Moving, a thread 1/3', ['t1 pic']],
  ['[t2] Why: my own server 2/3', ['t2 pic']],
  ['[t3] Where: see my profile 3/3', ['t3 pic']],
  ['[two] Two pictures', ['left pic', 'right pic']],
  ['[plain] No pictures', []],
];

async function exportWithThreads(dir: string): Promise<string> {
  const pics = await Promise.all([1, 2, 3, 4, 5].map((n) => testImage(n)));
  const tweets: TweetSpec[] = [
    { id: tweetId(1), at: at(0), text: EXPECTED[0]![0], media: [{ name: 'FT1pic01.jpg', bytes: pics[0]!, alt: 't1 pic' }] },
    { id: tweetId(2), at: at(1), text: EXPECTED[1]![0], replyToOwn: tweetId(1), media: [{ name: 'FT2pic02.jpg', bytes: pics[1]!, alt: 't2 pic' }] },
    { id: tweetId(3), at: at(2), text: EXPECTED[2]![0], replyToOwn: tweetId(2), media: [{ name: 'FT3pic03.jpg', bytes: pics[2]!, alt: 't3 pic' }] },
    { id: tweetId(4), at: at(3), text: EXPECTED[3]![0], media: [
      { name: 'FLeft004.jpg', bytes: pics[3]!, alt: 'left pic' }, { name: 'FRight05.jpg', bytes: pics[4]!, alt: 'right pic' },
    ] },
    { id: tweetId(5), at: at(4), text: EXPECTED[4]![0] },
  ];
  return writeTwitterPostsExport(join(dir, 'twitter.zip'), tweets);
}

type KillPoint = 'upload_held' | 'before_status' | 'status_held';

/** Kills the run's process group at the `nth` time the point is reached; the answer is never read. */
function killHook(point: KillPoint, nth: number, run: () => CliRun | null) {
  let seen = 0;
  let killed = false;
  return async (e: HookEvent) => {
    if (killed) return undefined;
    const { method, path } = e.request;
    const hit = point === 'upload_held' ? e.phase === 'applied' && e.write.kind === 'media'
      : point === 'before_status' ? e.phase === 'received' && method === 'POST' && path === '/api/v1/statuses'
        : e.phase === 'applied' && e.write.kind === 'status';
    if (!hit || ++seen !== nth) return undefined;
    const r = run();
    if (!r) return undefined;
    killed = true;
    r.killGroup();
    await r.done;
    return point === 'before_status' ? 'drop' as const : undefined;
  };
}

function statusRequests(s: MastodonTestServer) {
  return s.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses');
}

/** Every post exactly once, the thread in order, each with its pictures (by alt text). */
function expectAllOnce(s: MastodonTestServer): void {
  const statuses = s.appliedStatuses();
  expect(statuses).toHaveLength(EXPECTED.length);
  const media = new Map(s.applied.flatMap((w) => (w.kind === 'media' ? [[w.media.id, w.media] as const] : [])));
  const byTag = new Map<string, AppliedStatus>();
  for (const [text, alts] of EXPECTED) {
    const found = statuses.filter((x) => x.text.startsWith(text));
    expect(found, text).toHaveLength(1);
    expect(found[0]!.mediaIds.map((id) => media.get(id)?.description), text).toEqual(alts);
    byTag.set(text, found[0]!);
  }
  const [t1, t2, t3] = EXPECTED.slice(0, 3).map(([text]) => byTag.get(text)!);
  expect(t1!.inReplyToId).toBeNull();
  expect(t2!.inReplyToId).toBe(t1!.id);
  expect(t3!.inReplyToId).toBe(t2!.id);
  const attached = statuses.flatMap((x) => x.mediaIds);
  expect(new Set(attached).size).toBe(attached.length);
}

async function crashThenResume(flavor: ServerFlavor, point: KillPoint, nth: number) {
  perTest.work = await mkdtemp(join(tmpdir(), 'lp-posts-kill-'));
  let run: CliRun | null = null;
  const server = await startMastodonTestServer({ domain: 'home.test', flavor, hook: killHook(point, nth, () => run) });
  perTest.server = server;
  const zip = await exportWithThreads(perTest.work);
  run = startCli(server, perTest.work, 'import', [zip, '--posts', '--yes', '--json']);
  const first = await run.done;
  expect(first.signal, first.stderr).toBe('SIGKILL');
  const second = await importPosts(server, perTest.work, zip);
  expect(second.code, second.stderr).toBe(0);
  expect(second.json?.counts).toMatchObject({ failed: 0, left: 0 });
  expectAllOnce(server);
  expect(requestProblems(server)).toEqual([]);
  return server;
}

describe('import --posts after kill -9', { timeout: 90_000 }, () => {
  it('(a) upload received and stored, answer held: the upload is sent again with the same Idempotency-Key, nothing posted twice', async () => {
    const s = await crashThenResume('mastodon', 'upload_held', 2);
    const uploads = s.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/media');
    const keys = uploads.map((r) => r.headers['idempotency-key']);
    expect(uploads).toHaveLength(6);
    expect(keys[2]).toBe(keys[1]);
    expect(new Set(keys).size).toBe(5);
    // This server answers a repeated key with the first answer (Mastodon itself would store a second file,
    // left unattached): either way every file made is on its post, once.
    const attached = new Set(s.appliedStatuses().flatMap((x) => x.mediaIds));
    expect(s.applied.filter((w) => w.kind === 'media').map((w) => attached.has(w.target))).toEqual([true, true, true, true, true]);
  });

  it('(b) between the media answer and the status request: the post is made once, with its picture', async () => {
    const s = await crashThenResume('mastodon', 'before_status', 2);
    expect(s.applied.filter((w) => w.kind === 'media')).toHaveLength(5);
    // The dropped request was sent again, with the same key, and made the status once.
    const keys = statusRequests(s).map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(EXPECTED.length + 1);
    expect(keys[2]).toBe(keys[1]);
  });

  it('(c) status applied, answer held before the journal heard of it: found again, never posted twice', async () => {
    const s = await crashThenResume('mastodon', 'status_held', 2);
    expect(s.applied.filter((w) => w.kind === 'media')).toHaveLength(5);
    // Whether found among the account's statuses or replayed by its key, it was made once.
    const keys = statusRequests(s).map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(EXPECTED.length);
  });

  it('(c) on a snac-like server that ignores Idempotency-Key: the reconcile finds the status among the account\'s own', async () => {
    const s = await crashThenResume('snac', 'status_held', 2);
    // The status whose answer was lost was found, not sent again (snac would have made it twice).
    const keys = statusRequests(s).map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(EXPECTED.length);
    expect(new Set(keys).size).toBe(EXPECTED.length);
    expect(s.requests.some((r) => r.method === 'GET' && /^\/api\/v1\/accounts\/[^/]+\/statuses$/u.test(r.path))).toBe(true);
  });

  it('`status` after an interrupted post import counts what the next import does', async () => {
    perTest.work = await mkdtemp(join(tmpdir(), 'lp-posts-kill-'));
    let run: CliRun | null = null;
    const server = await startMastodonTestServer({ domain: 'home.test', hook: killHook('before_status', 3, () => run) });
    perTest.server = server;
    const zip = await exportWithThreads(perTest.work);
    run = startCli(server, perTest.work, 'import', [zip, '--posts', '--yes', '--json']);
    expect((await run.done).signal).toBe('SIGKILL');

    const st = await startCli(server, perTest.work, 'status', ['--json']).done;
    expect(st.code, st.stderr).toBe(0);
    const byType = (JSON.parse(st.stdout) as { migrations: { byType: Record<string, Record<string, number>> }[] }).migrations[0]!.byType;
    const statusesBefore = server.appliedStatuses().length;
    const uploadsBefore = server.applied.filter((w) => w.kind === 'media').length;
    expect(byType.post?.done).toBe(statusesBefore);
    expect(byType.media?.done).toBe(uploadsBefore);
    expect(byType.post?.left).toBeGreaterThan(0);

    const next = await importPosts(server, perTest.work, zip);
    expect(next.code, next.stderr).toBe(0);
    expect(server.appliedStatuses().length - statusesBefore).toBe(byType.post!.left);
    expect(server.applied.filter((w) => w.kind === 'media').length - uploadsBefore).toBe(byType.media!.left);
    expect(next.json?.countsByType.post).toMatchObject({ done: (byType.post?.done ?? 0) + (byType.post?.left ?? 0), left: 0 });
    expectAllOnce(server);
  });
});

describe('import --posts after kill -9, backdated on GoToSocial', { timeout: 90_000 }, () => {
  it('(c) a backdated status whose answer was lost is found again a day later, behind the account\'s newer posts', async () => {
    perTest.work = await mkdtemp(join(tmpdir(), 'lp-posts-kill-'));
    let run: CliRun | null = null;
    let offset = 0;
    const server = await startMastodonTestServer({
      domain: 'home.test', flavor: 'gotosocial', version: '0.18.0', now: () => Date.now() + offset,
      hook: killHook('status_held', 2, () => run),
    });
    perTest.server = server;
    // The account has been in use since: 45 posts of today, newer than anything imported.
    for (let i = 0; i < 45; i++) server.addStatusBy('me@home.test', `today ${i}`);
    const zip = await exportWithThreads(perTest.work);
    run = startCli(server, perTest.work, 'import', [zip, '--posts', '--yes', '--json']);
    expect((await run.done).signal).toBe('SIGKILL');
    offset += 24 * 3_600_000; // resumed the next day: the server no longer remembers the Idempotency-Key
    const second = await importPosts(server, perTest.work, zip);
    expect(second.code, second.stderr).toBe(0);
    expect(server.appliedStatuses().every((s) => s.backdated)).toBe(true);
    expectAllOnce(server);
    // It was found by reading back past the newer posts, not sent again.
    expect(statusRequests(server)).toHaveLength(EXPECTED.length);
  });
});
