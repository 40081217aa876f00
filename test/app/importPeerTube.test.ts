/**
 * Issue 12 end to end: `import takeout.zip --to @me@tube.test --posts --yes` (the real CLI, built dist/) against
 * the local PeerTube test server. A YouTube Takeout built here: subscriptions.csv naming channels that link back
 * to their YouTube channel (verified), and `video metadata/videos.csv` with MP4 files stored in the zip.
 * Subscriptions are made (pending, then done on a re-run), one video per Takeout video with its metadata, nothing
 * twice on a second run, a kill -9 mid-upload resumed from the server's offset, 413 quota_reached stops with a
 * clear message, and a dry run names the videos that would not fit the quota.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { serverAndWorkDirPerTest } from '../helpers/serverAndWorkDir.js';
import { makeTempDir, writeZip } from '../helpers/zipFiles.js';
import { startPeerTubeTestServer, type PeerTubeTestServer, type PeerTubeTestServerOptions } from '../peertube-server/server.js';
import { importToPeerTube, startPeerTubeCli } from './importPeerTubeCli.js';

const YT = 'Takeout/YouTube and YouTube Music';
const CHUNK = 32 * 1024 * 1024; // the CLI's chunk size (src/apply/executors/video.ts VIDEO_CHUNK_BYTES)
const yt = (id: string) => `https://www.youtube.com/channel/${id}`;
const SUBS = [
  { id: 'UCaaaaaaaaaaaaaaaaaaaaaa', title: 'Fediverse Explained', channel: 'fedi_explained@tube.test' },
  { id: 'UCbbbbbbbbbbbbbbbbbbbbbb', title: 'Cooking Corner', channel: 'cooking@tube.test' },
];

/** An MP4-looking file: an `ftyp` box, then filler, `size` bytes in all. */
function mp4(size: number, fill: number): Buffer {
  const b = Buffer.alloc(size, fill);
  Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex').copy(b, 0);
  return b;
}

interface TakeoutVideo {
  id: string;
  title: string;
  description: string;
  tags: string[];
  privacy: 'Public' | 'Unlisted' | 'Private';
  published: string;
  size: number;
}

const VIDEOS: TakeoutVideo[] = [
  { id: 'vid00000001', title: 'Moving house', description: 'How we moved.', tags: ['moving', 'house', 'boxes', 'van', 'stairs', 'sofa', 'x'], privacy: 'Public', published: '2019-05-06T07:08:09+00:00', size: 3 * 1024 * 1024 },
  { id: 'vid00000002', title: 'The cat', description: '', tags: [], privacy: 'Unlisted', published: '2020-01-02T03:04:05+00:00', size: 1024 * 1024 + 17 },
];

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

async function writeTakeout(dir: string, videos: TakeoutVideo[]): Promise<string> {
  const tagCols = Array.from({ length: 7 }, (_, i) => `Tag ${i + 1}`);
  const rows = videos.map((v) => [
    v.id, 'en', v.description, 'UCmmmmmmmmmmmmmmmmmmmmmm', ...tagCols.map((_, i) => v.tags[i] ?? ''), v.title, v.privacy, 'Processed',
    v.published, v.published,
  ].map(csvField).join(','));
  const files: Record<string, string | Uint8Array> = {
    [`${YT}/subscriptions/subscriptions.csv`]: [
      'Channel Id,Channel Url,Channel Title',
      ...SUBS.map((s) => `${s.id},${yt(s.id).replace('https', 'http')},${s.title}`),
    ].join('\n') + '\n',
    [`${YT}/channels/channel.csv`]: 'Channel ID,Channel Title (Original),Channel Visibility\nUCmmmmmmmmmmmmmmmmmmmmmm,My channel,Public\n',
    [`${YT}/video metadata/videos.csv`]: [
      ['Video ID', 'Video Audio Language', 'Video Description (Original)', 'Channel ID', ...tagCols, 'Video Title (Original)', 'Privacy', 'Video State', 'Video Create Timestamp', 'Video Publish Timestamp'].join(','),
      ...rows,
    ].join('\n') + '\n',
  };
  videos.forEach((v, i) => (files[`${YT}/videos/${v.title}.mp4`] = mp4(v.size, i + 1)));
  return writeZip(join(dir, 'takeout-20240301T101010Z-001.zip'), files, { compress: false });
}

const perTest = serverAndWorkDirPerTest<PeerTubeTestServer>();

beforeAll(() => {
  assertDistFresh();
});

async function setup(options: Partial<PeerTubeTestServerOptions> = {}, videos = VIDEOS) {
  perTest.work = await makeTempDir('lp-peertube-');
  const server = await startPeerTubeTestServer({
    domain: 'tube.test',
    channels: SUBS.map((s) => ({ handle: s.channel, displayName: s.title, description: `Formerly on ${yt(s.id)}` })),
    ...options,
  });
  perTest.server = server;
  return { server, zip: await writeTakeout(perTest.work, videos) };
}

const uploadPuts = (s: PeerTubeTestServer) => s.requests.filter((r) => r.method === 'PUT' && r.path === '/api/v1/videos/upload-resumable');
const uploadPosts = (s: PeerTubeTestServer) => s.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/videos/upload-resumable');
const show = (r: { stdout: string; stderr: string }) => `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

describe('login to PeerTube from a script', () => {
  it('with no terminal, refuses to ask for the password and points to LEAVE_PLATFORM_TOKEN (exit 2); nothing is sent', async () => {
    const { server } = await setup();
    const r = await startPeerTubeCli(server, perTest.work, ['login', '@me@tube.test'], { token: null }).done;
    expect(r.code, show(r)).toBe(2);
    expect(r.stderr).toMatch(/runs PeerTube.*no terminal/);
    expect(r.stderr).toMatch(/LEAVE_PLATFORM_TOKEN/);
    expect(server.requests.filter((q) => q.path === '/api/v1/users/token')).toEqual([]);
  });
});

// Each test spawns the CLI several times (a node start-up takes seconds on a busy machine).
describe('import of a YouTube Takeout into PeerTube', { timeout: 90_000 }, () => {
  it('subscribes (pending, then done), uploads one video per Takeout video with its metadata, and nothing again on a re-run', async () => {
    const { server, zip } = await setup({ subscriptionDelayRequests: 1000 });
    const first = await importToPeerTube(server, perTest.work, zip);
    expect(first.json, show(first)).not.toBeNull();
    const follows = first.json!.actions.filter((a) => a.type === 'follow');
    expect(follows.map((a) => a.target).sort()).toEqual(SUBS.map((s) => s.channel).sort());
    // The server subscribes in a job after the 204: not shown yet, so pending (exit 3: something is left).
    expect(follows.map((a) => a.status)).toEqual(['pending', 'pending']);
    expect(server.pendingSubscriptions().sort()).toEqual(SUBS.map((s) => s.channel).sort());

    const videos = server.appliedVideos();
    expect(videos).toHaveLength(2);
    const channelId = server.myChannels[0]!.id;
    const moving = videos.find((v) => v.name === 'Moving house')!;
    expect(moving).toMatchObject({
      channelId, privacy: 1, description: 'How we moved.', originallyPublishedAt: '2019-05-06T07:08:09.000Z', size: VIDEOS[0]!.size,
      language: 'en',
    });
    // Tags of 2 to 30 characters, at most 5 (PeerTube's rules): the 1-character one and the 6th are left out.
    expect(moving.tags).toEqual(['moving', 'house', 'boxes', 'van', 'stairs']);
    const cat = videos.find((v) => v.name === 'The cat')!;
    expect(cat).toMatchObject({ channelId, privacy: 2, description: null, tags: [], originallyPublishedAt: '2020-01-02T03:04:05.000Z', size: VIDEOS[1]!.size });
    expect(first.json!.actions.filter((a) => a.type === 'video').map((a) => a.status)).toEqual(['done', 'done']);
    // nodeinfo is read once, at sign-in, and handed to the finders; PeerTube is not asked Mastodon's API.
    expect(server.requests.filter((q) => q.path === '/nodeinfo/2.0.json')).toHaveLength(1);
    expect(server.requests.filter((q) => q.path === '/api/v2/search' || q.path.startsWith('/api/v1/accounts/'))).toEqual([]);

    // The jobs run; a re-run reads the list: the follows are done, nothing is posted or uploaded again.
    server.runPendingSubscriptions();
    const writesBefore = server.writeRequests().length;
    const second = await importToPeerTube(server, perTest.work, zip);
    expect(second.code, show(second)).toBe(0);
    expect(second.json!.actions.filter((a) => a.type === 'follow').map((a) => a.status)).toEqual(['done', 'done']);
    expect(server.writeRequests().length).toBe(writesBefore);
    expect(server.appliedVideos()).toHaveLength(2);
    expect(server.applied.filter((w) => w.kind === 'subscription')).toHaveLength(2);
  });

  it('a kill -9 during an upload, then the same command: resumed from the server\'s offset, one video in the end', async () => {
    const big: TakeoutVideo = { id: 'vid00000003', title: 'Long talk', description: 'A long one.', tags: ['talk'], privacy: 'Public', published: '2018-01-01T00:00:00+00:00', size: CHUNK + 3 * 1024 * 1024 };
    let killed = false;
    let kill: () => void = () => undefined;
    const { server, zip } = await setup({
      hook: (e) => {
        // After the first chunk is stored, before its answer: the process group dies.
        if (e.phase === 'chunk' && !killed && e.offset < e.total) {
          killed = true;
          kill();
        }
      },
    }, [big]);
    const run = startPeerTubeCli(server, perTest.work, ['import', zip, '--to', '@me@tube.test', '--posts', '--yes', '--json']);
    kill = run.killGroup;
    const crashed = await run.done;
    expect(crashed.signal, show(crashed)).toBe('SIGKILL');
    expect(server.appliedVideos()).toHaveLength(0);
    const [uploadId] = server.uploadIds();
    expect(server.uploadSession(uploadId!)!.offset).toBe(CHUNK);
    const putsBefore = uploadPuts(server).length;

    const again = await importToPeerTube(server, perTest.work, zip);
    expect(again.code, show(again)).toBe(0);
    expect(server.appliedVideos()).toHaveLength(1);
    expect(server.appliedVideos()[0]).toMatchObject({ name: 'Long talk', size: big.size, uploadId });
    // No new session; the server was asked where it stood, then only the rest was sent.
    expect(uploadPosts(server)).toHaveLength(1);
    const resumed = uploadPuts(server).slice(putsBefore).map((r) => r.headers['content-range']);
    expect(resumed).toEqual([`bytes */${big.size}`, `bytes ${CHUNK}-${big.size - 1}/${big.size}`]);
  });

  it('a kill -9 after the last chunk, before its answer: the finished upload is gone (404), the video is found on the channel, none twice', async () => {
    const big: TakeoutVideo = { id: 'vid00000004', title: 'Last words', description: 'Ends here.', tags: [], privacy: 'Unlisted', published: '2017-02-03T04:05:06+00:00', size: CHUNK + 1024 * 1024 };
    let killed = false;
    let kill: () => void = () => undefined;
    const { server, zip } = await setup({
      hook: (e) => {
        // The last chunk is stored and the video made; its answer never reaches the CLI.
        if (e.phase === 'chunk' && !killed && e.offset === e.total) {
          killed = true;
          kill();
        }
      },
    }, [big]);
    const run = startPeerTubeCli(server, perTest.work, ['import', zip, '--to', '@me@tube.test', '--posts', '--yes', '--json']);
    kill = run.killGroup;
    const crashed = await run.done;
    expect(crashed.signal, show(crashed)).toBe('SIGKILL');
    expect(server.appliedVideos()).toHaveLength(1);

    const again = await importToPeerTube(server, perTest.work, zip);
    expect(again.code, show(again)).toBe(0);
    expect(server.appliedVideos()).toHaveLength(1);
    expect(uploadPosts(server)).toHaveLength(1);
  });

  it('413 quota_reached stops the run with a clear message (exit 1)', async () => {
    // The plan sees room for both; then the first upload uses more than its file (PeerTube counts the
    // transcoded copies too), so the server refuses the second at its start.
    let s: PeerTubeTestServer | null = null;
    const { server, zip } = await setup({
      user: { videoQuota: 5 * 1024 * 1024 },
      hook: (e) => {
        if (e.phase === 'applied' && e.write.kind === 'video') s!.useQuota(2 * 1024 * 1024);
      },
    });
    s = server;
    const r = await importToPeerTube(server, perTest.work, zip);
    expect(r.code, show(r)).toBe(1);
    expect(r.stderr).toMatch(/video quota on the server is used up/i);
    expect(server.appliedVideos().map((v) => v.name)).toEqual(['Moving house']);
    expect(server.requests.filter((q) => q.answered === 413)).toHaveLength(1);
    // The journal keeps it: status shows the video as failed with the quota reason, not as planned.
    const status = await startPeerTubeCli(server, perTest.work, ['status', '--json']).done;
    expect(status.stdout, show(status)).toMatch(/quota_reached/);
  });

  it('a dry run names the videos that would not fit the quota, and sends nothing', async () => {
    const { server, zip } = await setup({ user: { videoQuota: 3 * 1024 * 1024 + 100, videoQuotaUsed: 0 } });
    const r = await importToPeerTube(server, perTest.work, zip, ['--dry-run']);
    expect(r.json, show(r)).not.toBeNull();
    const over = r.json!.actions.filter((a) => a.type === 'video' && a.reason === 'video_over_quota');
    expect(over.map((a) => a.target)).toEqual(['youtube:vid00000002']);
    expect(r.json!.actions.find((a) => a.target === 'youtube:vid00000001')!.status).toBe('planned');
    // In words, on the terminal: the video by its title, and why.
    const words = await startPeerTubeCli(server, perTest.work, ['import', zip, '--to', '@me@tube.test', '--posts', '--dry-run']).done;
    expect(words.stdout).toMatch(/left out: upload the video "The cat" to the channel me_channel: it would not fit in your video quota/);
    expect(server.writeRequests()).toEqual([]);
  });
});
