/**
 * `import --posts` to a GoToSocial 0.18 server (the test server's `gotosocial` flavor): posts are backdated
 * with a past `scheduled_at` (docs/user_guide/importing_posts.md), so they keep their dates, get no footer,
 * and keep GoToSocial's rules for backdated posts: a reply to someone else is not sent as a reply, and no
 * mention reaches the server as a mention (it would refuse the post with 403, and notify people).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { serverAndWorkDirPerTest } from '../helpers/serverAndWorkDir.js';
import { importPosts, requestProblems } from '../helpers/importCli.js';
import { testImage, tweetId, writeTwitterPostsExport, type TweetSpec } from '../helpers/postExport.js';
import { startMastodonTestServer, type MastodonTestServer } from '../mastodon-server/server.js';

const perTest = serverAndWorkDirPerTest<MastodonTestServer>();

beforeAll(() => {
  assertDistFresh();
});

const ALICE = { id: '2000000001', screenName: 'alice_example', name: 'Alice @alice@far.test' };
const at = (day: number) => new Date(Date.UTC(2019, 2, 4 + day, 10, 11, 12)).toISOString();

describe('import --posts to GoToSocial 0.18', { timeout: 90_000 }, () => {
  it('backdates every post without a footer, keeps self-threads, sends replies to others as posts and no mention as a mention', async () => {
    perTest.work = await mkdtemp(join(tmpdir(), 'lp-posts-gts-'));
    const server = await startMastodonTestServer({ domain: 'home.test', flavor: 'gotosocial', version: '0.18.0', accounts: [{ acct: 'alice@far.test' }, { acct: 'alice_example@home.test' }] });
    perTest.server = server;
    const pic = await testImage(7);
    const tweets: TweetSpec[] = [
      { id: tweetId(1), at: at(0), text: '[root] A thread 1/2' },
      { id: tweetId(2), at: at(1), text: '[self] The rest 2/2', replyToOwn: tweetId(1), media: [{ name: 'FPic01.jpg', bytes: pic, alt: 'A bridge' }] },
      { id: tweetId(3), at: at(2), text: `@${ALICE.screenName} [other] I agree, see you there`, replyToOther: { status: '1090000000000000001', user: ALICE.id, screenName: ALICE.screenName }, mentions: [ALICE] },
      { id: tweetId(4), at: at(3), text: `[mention] Say hi to @${ALICE.screenName}, and to @alice@far.test over there`, mentions: [ALICE] },
    ];
    const zip = await writeTwitterPostsExport(join(perTest.work, 'twitter.zip'), tweets);
    const r = await importPosts(server, perTest.work, zip, ['--kinds', 'post,thread,reply']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json?.counts).toMatchObject({ failed: 0, left: 0 });
    expect(requestProblems(server)).toEqual([]);

    const statuses = server.appliedStatuses();
    const byTag = (tag: string) => {
      const found = statuses.filter((s) => s.text.includes(tag));
      expect(found, tag).toHaveLength(1);
      return found[0]!;
    };
    expect(statuses).toHaveLength(4);
    expect(server.applied.filter((w) => w.kind === 'scheduled_status')).toEqual([]);
    for (const [tag, day] of [['[root]', 0], ['[self]', 1], ['[other]', 2], ['[mention]', 3]] as const) {
      const s = byTag(tag);
      expect(s.backdated, tag).toBe(true);
      expect(Date.parse(s.createdAt), tag).toBe(Date.parse(at(day)));
      expect(s.text, tag).not.toMatch(/First posted/u);
      expect(s.visibility, tag).toBe('unlisted');
    }
    expect(byTag('[self]').inReplyToId).toBe(byTag('[root]').id);
    expect(byTag('[self]').mediaIds).toHaveLength(1);
    expect(byTag('[other]').inReplyToId).toBeNull();
    expect(statuses.map((s) => s.mentions)).toEqual([[], [], [], []]);
    // The words stay readable: the names are still there, as links.
    expect(byTag('[mention]').text).toContain('alice_example');
    expect(byTag('[mention]').text).toContain('far.test');

    const writes = server.writeRequests().length;
    const again = await importPosts(server, perTest.work, zip, ['--kinds', 'post,thread,reply']);
    expect(again.code, again.stderr).toBe(0);
    expect(server.writeRequests().length).toBe(writes);
  });
});
