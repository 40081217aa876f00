/**
 * Bad media in an export given to `import --posts`: a file the archive lacks, a corrupt image, an entry that
 * is a zip bomb (its header declares a small size, it inflates to many MiB), a type no server takes. Each is
 * left out with its reason in the --json summary and the report; its post goes without it, and the rest of
 * the import goes on (exit 0: nothing failed on the server's side).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { serverAndWorkDirPerTest } from '../helpers/serverAndWorkDir.js';
import { importPosts, requestProblems } from '../helpers/importCli.js';
import { corruptJpeg, pdfDocument, testImage, tweetId, writeTwitterPostsExport, type TweetSpec } from '../helpers/postExport.js';
import { startMastodonTestServer, type MastodonTestServer } from '../mastodon-server/server.js';

const perTest = serverAndWorkDirPerTest<MastodonTestServer>();

beforeAll(() => {
  assertDistFresh();
});

const at = (day: number) => new Date(Date.UTC(2019, 2, 4 + day, 10, 11, 12)).toISOString();
const MiB = 1024 * 1024;

describe('import --posts with bad media', { timeout: 90_000 }, () => {
  it('leaves out a missing file, a corrupt image, a zip bomb and an unaccepted type, each with its reason, and posts the rest', async () => {
    perTest.work = await mkdtemp(join(tmpdir(), 'lp-posts-bad-'));
    const server = await startMastodonTestServer({ domain: 'home.test' });
    perTest.server = server;
    const good = await testImage(1);
    const bomb = Buffer.concat([await testImage(2), Buffer.alloc(48 * MiB)]);
    const tweets: TweetSpec[] = [
      { id: tweetId(1), at: at(0), text: '[missing] Its picture is not in the archive', media: [{ name: 'FGone01.jpg', bytes: null, alt: 'gone' }] },
      { id: tweetId(2), at: at(1), text: '[corrupt] A broken picture', media: [{ name: 'FBroken2.jpg', bytes: corruptJpeg(), alt: 'broken' }] },
      { id: tweetId(3), at: at(2), text: '[bomb] A picture that explodes', media: [{ name: 'FBomb003.jpg', bytes: bomb, declaredSize: 2000, alt: 'bomb' }] },
      { id: tweetId(4), at: at(3), text: '[pdf] Not a picture at all', media: [{ name: 'FPaper04.jpg', bytes: pdfDocument(), alt: 'paper' }] },
      { id: tweetId(5), at: at(4), text: '', media: [{ name: 'FGone05.jpg', bytes: null, alt: 'only and gone' }] },
      { id: tweetId(6), at: at(5), text: '[good] A fine picture', media: [{ name: 'FFine06.jpg', bytes: good, alt: 'fine' }] },
    ];
    const zip = await writeTwitterPostsExport(join(perTest.work, 'twitter.zip'), tweets);
    const report = join(perTest.work, 'report.json');
    const r = await importPosts(server, perTest.work, zip, ['--report', report]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json?.counts).toMatchObject({ failed: 0, left: 0 });

    const mediaOf = (n: number) => r.json!.actions.find((a) => a.type === 'media' && a.target.includes(tweetId(n)));
    expect(mediaOf(1)).toMatchObject({ status: 'skipped', reason: 'media_missing' });
    expect(mediaOf(2)).toMatchObject({ status: 'skipped', reason: 'media_unreadable' });
    expect(mediaOf(3)).toMatchObject({ status: 'skipped', reason: 'media_unreadable' });
    expect(mediaOf(3)?.detail).toMatch(/bomb|more than/iu);
    expect(mediaOf(4)).toMatchObject({ status: 'skipped', reason: 'media_unsupported' });
    expect(mediaOf(4)?.detail).toContain('application/pdf');
    expect(mediaOf(6)?.status).toBe('done');
    expect(r.json?.postsExcluded).toEqual([expect.objectContaining({ id: tweetId(5), reason: 'media_missing' })]);

    // Each post goes without what could not go; only the good picture was uploaded.
    const statuses = server.appliedStatuses();
    for (const tag of ['[missing]', '[corrupt]', '[bomb]', '[pdf]']) {
      const s = statuses.filter((x) => x.text.startsWith(tag));
      expect(s, tag).toHaveLength(1);
      expect(s[0]!.mediaIds, tag).toEqual([]);
    }
    const uploads = server.applied.filter((w) => w.kind === 'media');
    expect(uploads.map((w) => w.kind === 'media' && w.media.description)).toEqual(['fine']);
    expect(statuses.find((x) => x.text.startsWith('[good]'))?.mediaIds).toEqual([uploads[0]!.target]);
    expect(statuses).toHaveLength(5);
    expect(requestProblems(server)).toEqual([]);

    // The text summary says what was left out and why, in words.
    const text = JSON.parse(await readFile(report, 'utf8')) as unknown;
    const written = JSON.stringify(text);
    for (const code of ['media_missing', 'media_unreadable', 'media_unsupported']) expect(written).toContain(code);
  });
});
