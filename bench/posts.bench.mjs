/**
 * Post import benchmark (issue 8): 10,000 own tweets, 2,000 of them with a photo (real JPEGs made by sharp)
 * and five with a 200 MiB video, from one zip built once into .bench-cache/, imported by the real CLI
 * (`node bin/leave-platform.js import ... --posts --yes --json`, a child process) into the local Mastodon
 * test server (test/mastodon-server/server.ts, transpiled for this run into .bench-cache/: Node 20 cannot
 * strip types), which runs in this process so that its handling time can be read.
 *
 * Scenario 1, throughput: the server's limits lifted (no rate-limit family, 300 MiB videos, processing done
 * by the first poll). Targets:
 *   peak RSS of the importing process < 300 MB while uploading (the exact peak of the whole process comes
 *   from /usr/bin/time's getrusage; /proc/<pid>/status is polled to tell the upload phase's own peak)
 *   wall time <= 1.3x the time the server spends answering (`handlingTime().busyMs`: the union of the
 *   intervals during which it answers a request), both measured in the same run.
 *
 * Scenario 2, estimate: the first ESTIMATE_POSTS posts (`--until`), against a fresh server whose rate limits
 * are Mastodon's scaled down (statuses 30 per 3 s, media 6 per 2 s, requests 300 per 5 s). Target: the
 * dry-run estimate within 10% of the real run's time from its first write to its end.
 *   Which profile the estimate gets: a Mastodon server publishes no rate-limit windows (the instance
 *   document has none, and X-RateLimit-* only tell the current window's remainder), so the dry run takes
 *   the documented families from its profile. Teaching the client to read windows from the test server
 *   would test a code path no real server has. So the dry run here is the real use case (runImport from
 *   dist/ with dryRun, against the same server) whose destination's profile carries the scaled windows that
 *   the server enforces, and nothing else changed: it measures whether the estimate's model of the windows
 *   matches how the client is really paced.
 *
 *   node bench/run.mjs posts                     the full size (the reported figures)
 *   BENCH_QUICK=1 node bench/run.mjs posts       1,000 posts, 200 photos, one 20 MiB video (development)
 *   node bench/posts.bench.mjs --quick           the same, run directly
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CACHE, MiB, firstWriteHook, loadTestServer, videoBytes, root, runImportCli, sec, table } from './harness.mjs';


const QUICK = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
/** Bump when the generator changes, so that a stale cached archive is rebuilt. */
const VERSION = 1;
const SIZE = QUICK
  ? { posts: 1_000, imageEvery: 5, videos: 1, videoBytes: 20 * MiB, estimatePosts: 150 }
  : { posts: 10_000, imageEvery: 5, videos: 5, videoBytes: 200 * MiB, estimatePosts: 600 };
const IMAGES = Math.ceil(SIZE.posts / SIZE.imageEvery);
const RSS_TARGET_MB = 300;
const TIME_RATIO_TARGET = 1.3;
const ESTIMATE_TOLERANCE = 0.1;
const DOMAIN = 'bench.test';
const ME = { accountId: '1490000000000000001', userName: 'bench_me', displayName: 'Bench Me' };
/** Mastodon's families (src/destinations/profile.ts MASTODON_RATE_LIMITS) with shorter windows and budgets. */
const SCALED = {
  statuses: { limit: 30, windowMs: 3_000 },
  media: { limit: 6, windowMs: 2_000 },
  requests: { limit: 300, windowMs: 5_000 },
};

/** Tweet i: one every 6 hours from 2012 on, so that `--until` can cut the first n. */
const T0 = Date.UTC(2012, 0, 1);
const STEP_MS = 6 * 3600_000;
const tweetId = (i) => String(1_300_000_000_000_000_000n + BigInt(i) * 4096n);
/** Videos on posts that carry no photo and are no reply: spread over the whole run. */
const videoPosts = () => Array.from({ length: SIZE.videos }, (_, k) => Math.floor(((k + 0.5) * SIZE.posts) / SIZE.videos / 10) * 10 + 1);

export async function run() {
  if (existsSync('/usr/bin/time') === false) console.log('(no /usr/bin/time: the peak RSS comes from polling /proc alone)');
  const zip = await ensureArchive();
  console.log(`archive: ${zip} (${(statSync(zip).size / 1024 ** 3).toFixed(2)} GiB)${QUICK ? '  [quick size: not the reported figures]' : ''}`);
  const { startMastodonTestServer } = await loadTestServer('mastodon-server');
  const throughputOk = await throughput(startMastodonTestServer, zip);
  const estimateOk = await estimate(startMastodonTestServer, zip);
  return throughputOk && estimateOk;
}

// ------------------------------------------------------------------------------------ scenario 1

async function throughput(startServer, zip) {
  const disk = await importOnce(startServer, zip, tmpdir());
  // The same import with its state (the journal) on tmpfs, where fsync costs nothing: what the journal's
  // durability costs on this disk, and so how far the rest of the client is from the server's own time.
  const tmpfs = existsSync('/dev/shm') ? await importOnce(startServer, zip, '/dev/shm') : null;
  const { r, time } = disk;
  const ratio = r.wallMs / time.busyMs;
  table([
    ['measurement', 'value'],
    ['posts / photos / videos in the export', `${SIZE.posts} / ${IMAGES} / ${SIZE.videos} x ${SIZE.videoBytes / MiB} MiB`],
    ['statuses created / media uploaded', `${disk.statuses} / ${disk.media} (${(disk.videoBytes / 1024 ** 3).toFixed(2)} GiB of video)`],
    ['CLI exit code / actions done, failed, left', `${r.code} / ${r.json?.counts ? `${r.json.counts.done}, ${r.json.counts.failed}, ${r.json.counts.left}` : '?'}`],
    ['requests answered by the server', String(time.requests)],
    ['server busy (union of its answering time)', `${sec(time.busyMs)} (sum over requests ${sec(time.handlingMs)})`],
    ['CLI wall time, whole run', sec(r.wallMs)],
    ['ratio to server busy (whole run)', `${ratio.toFixed(2)}x`],
    ['CLI before its first write (start, parse, plan)', sec(r.wallMs - r.applyMs)],
    ['CLI from its first write to its exit', `${sec(r.applyMs)} (${(r.applyMs / time.busyMs).toFixed(2)}x server busy)`],
    ['peak RSS of the CLI, whole process (getrusage)', r.maxRssMB === null ? 'n/a' : `${r.maxRssMB} MB`],
    ['peak RSS sampled while uploading / before', `${r.uploadRssMB} MB / ${r.beforeRssMB} MB`],
    ['CPU used: CLI (user+sys) / this process (server)', `${sec(r.cpuMs ?? NaN)} / ${sec(r.serverCpuMs)}`],
    ['journal lines written while sending / fsynced (the sents)', `${disk.journalWrites.lines} / ${disk.journalWrites.synced} (one fsync here: ${disk.fsyncMs.toFixed(2)} ms, so about ${sec(disk.journalWrites.synced * disk.fsyncMs)})`],
    ['media polls (the first after 0.25 s, then doubling)', String(disk.polls)],
    ...(tmpfs ? [['diagnosis: the same with the journal on tmpfs', `${sec(tmpfs.r.wallMs)} wall, ${sec(tmpfs.time.busyMs)} server busy: ${(tmpfs.r.wallMs / tmpfs.time.busyMs).toFixed(2)}x`]] : []),
    ['machine', `${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}`],
  ]);
  const peak = r.maxRssMB ?? r.uploadRssMB;
  const rssOk = peak < RSS_TARGET_MB;
  const timeOk = ratio <= TIME_RATIO_TARGET;
  console.log(`targets: peak RSS < ${RSS_TARGET_MB} MB: ${rssOk ? 'met' : 'MISSED'}; wall time <= ${TIME_RATIO_TARGET}x server busy: ${timeOk ? 'met' : 'MISSED'}; everything posted: ${disk.complete ? 'yes' : 'NO'}`);
  if (!disk.complete) console.log(r.stderr.slice(-2000));
  return rssOk && timeOk && disk.complete && (tmpfs?.complete ?? true);
}

/** One whole import into a fresh server with its limits lifted, the CLI's state under a new folder of `parent`. */
async function importOnce(startServer, zip, parent) {
  const server = await startServer({
    domain: DOMAIN, me: ME.userName,
    videoMaxBytes: 300 * MiB, imageMaxBytes: 16 * MiB, mediaProcessingPolls: 0,
    hook: phaseHook(),
  });
  const work = mkdtempSync(join(parent, 'lp-bench-posts-'));
  try {
    server.resetHandlingTime();
    const r = await runCli(server, work, [zip]);
    const time = server.handlingTime();
    const statuses = server.appliedStatuses().length;
    const media = server.applied.filter((w) => w.kind === 'media');
    const complete = r.code === 0 && statuses === SIZE.posts && media.length === IMAGES + SIZE.videos;
    if (!complete) console.log(`import with its state under ${parent} did not post everything (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
    return {
      r, time, statuses, complete, media: media.length,
      videoBytes: media.filter((m) => m.media.type === 'video').reduce((s, m) => s + m.media.size, 0),
      polls: server.requests.filter((q) => q.method === 'GET' && q.path.startsWith('/api/v1/media/')).length,
      journalWrites: journalWrites(join(work, 'state')),
      fsyncMs: measureFsync(work),
    };
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Events the run appended one at a time (each written and fsynced alone): all but the plan's `planned` lines. */
/** The journal's lines written while sending, and how many of them were fsynced (the `sent` ones). */
function journalWrites(stateDir) {
  const root = join(stateDir, 'migrations');
  const n = { lines: 0, synced: 0 };
  for (const dir of existsSync(root) ? readdirSync(root) : []) {
    const file = join(root, dir, 'journal.jsonl');
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.includes('"status":') || line.includes('"status":"planned"')) continue;
      n.lines++;
      if (line.includes('"status":"sent"')) n.synced++;
    }
  }
  return n;
}

// ------------------------------------------------------------------------------------ scenario 2

async function estimate(startServer, zip) {
  const limits = {
    statuses: { limit: SCALED.statuses.limit, windowMs: SCALED.statuses.windowMs },
    media: { limit: SCALED.media.limit, windowMs: SCALED.media.windowMs },
    requests: { limit: SCALED.requests.limit, windowMs: SCALED.requests.windowMs },
  };
  const until = new Date(T0 + SIZE.estimatePosts * STEP_MS).toISOString().slice(0, 19) + 'Z';
  const server = await startServer({ domain: DOMAIN, me: ME.userName, limits, mediaProcessingPolls: 0, hook: phaseHook() });
  const work = mkdtempSync(join(tmpdir(), 'lp-bench-posts-estimate-'));
  try {
    const dry = await dryRunEstimate(server, zip, until, work);
    // The windows of the dry run's reads have passed before the real run starts.
    await new Promise((r) => setTimeout(r, Math.max(...Object.values(SCALED).map((f) => f.windowMs)) + 100));
    const r = await runCli(server, work, [zip, '--until', until]);
    const statuses = server.appliedStatuses().length;
    const realS = r.applyMs / 1000;
    const error = dry.estimate.seconds / realS - 1;
    const windowsError = dry.windowsOnly.seconds / realS - 1;
    const windows = Object.entries(SCALED).map(([f, w]) => `${f} ${w.limit}/${w.windowMs / 1000} s`).join(', ');
    table([
      ['measurement', 'value'],
      ['scaled limits (server and estimate)', windows],
      ['planned: posts / media / requests', `${dry.posts} / ${dry.media} / ${dry.estimate.requests}`],
      ['dry-run estimate (as `import --dry-run` computes it)', `${dry.estimate.seconds} s, limited by ${dry.estimate.limitedBy}`],
      ['  of which rate-limit windows / 0.5 s per request', `${dry.windowsOnly.seconds} s / ${(dry.estimate.requests * 0.5).toFixed(0)} s`],
      ['real run: first write to exit', `${realS.toFixed(1)} s (whole CLI ${sec(r.wallMs)}, exit ${r.code}, ${statuses} statuses)`],
      ['dry-run estimate vs real', pct(error)],
      ['windows part alone vs real', pct(windowsError)],
    ]);
    const ok = Math.abs(error) <= ESTIMATE_TOLERANCE;
    const complete = r.code === 0 && statuses === dry.posts;
    console.log(`targets: dry-run estimate within ${ESTIMATE_TOLERANCE * 100}% of the real run: ${ok ? 'met' : 'MISSED'}` +
      `${ok ? '' : ` (the windows part alone: ${Math.abs(windowsError) <= ESTIMATE_TOLERANCE ? 'within' : 'outside'} ${ESTIMATE_TOLERANCE * 100}%)`}; everything posted: ${complete ? 'yes' : 'NO'}`);
    if (!complete) console.log(r.stderr.slice(-2000));
    return ok && complete;
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The dry run as `import --posts --dry-run --until ...` makes it (runImport from dist/, the same composition
 * as src/cli/commands/import.ts), with the destination's profile carrying the server's scaled windows.
 */
async function dryRunEstimate(server, zip, until, work) {
  const dist = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
  const [{ runImport }, { connectDestination }, { createHttpClient }, { RESOLVE_HTTP_LIMITS }, { systemClock }, { postOptionsOf }, { openArchiveMedia }, { estimatePlan }] = await Promise.all([
    dist('app/runImport.js'), dist('cli/compose.js'), dist('net/client.js'), dist('app/runResolve.js'), dist('clock.js'),
    dist('cli/commands/importOptions.js'), dist('app/import/archiveMedia.js'), dist('plan/estimate.js'),
  ]);
  const http = createHttpClient({ ...RESOLVE_HTTP_LIMITS, maxPacingWaitMs: 0, allowHttp: true, allowPrivateNetwork: true, connectTo: server.connectTo() });
  try {
    const env = { LEAVE_PLATFORM_TOKEN: server.token, HOME: work };
    const connection = await connectDestination(`${ME.userName}@${DOMAIN}`, {
      http, clock: systemClock, env, configDir: join(work, 'config'), allowHttp: true, maxWaitMs: 15 * 60_000,
    });
    const real = connection.destination;
    const scaledRateLimits = Object.entries(SCALED).map(([family, w]) => ({
      family, limit: w.limit, windowSeconds: w.windowMs / 1000,
      counts: family === 'requests' ? 'every_request' : family === 'statuses' ? ['post'] : ['media'],
    }));
    const destination = new Proxy(real, {
      get(target, key) {
        if (key === 'profile') return async () => ({ ...(await target.profile()), rateLimits: scaledRateLimits });
        const v = Reflect.get(target, key, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const posts = postOptionsOf({ posts: true, until, includePrivate: false, visibility: 'unlisted', mentions: 'link', backdate: 'auto' });
    const result = await runImport({
      archives: [zip], to: connection.account, dryRun: true, report: null, csv: null, maps: [], minConfidence: 'high',
      follows: true, followFollowers: false, blocks: false, mutes: false, lists: false, posts,
      finders: new Set(['explicit']), servers: null, stateDir: join(work, 'state'), allowHttp: true,
    }, {
      http, clock: systemClock, destination, token: connection.token, tokenSource: connection.credentials.source,
      openMedia: (paths) => openArchiveMedia(paths),
    });
    const planned = result.plan.actions.filter((i) => i.status === 'planned');
    const windowsOnly = estimatePlan(result.plan, await destination.profile(), { secondsPerRequest: 0 });
    return {
      estimate: result.estimate, windowsOnly,
      posts: planned.filter((i) => i.action.type === 'post').length,
      media: planned.filter((i) => i.action.type === 'media').length,
    };
  } finally {
    await http.close();
  }
}

// ------------------------------------------------------------------------------------ the CLI child

/** Records when the first write arrives (the CLI is then done parsing and planning). */
const phaseHook = () => firstWriteHook((request) => request.method !== 'GET' && request.path !== '/oauth/token');

/** `leave-platform import <args> --posts --yes --json` into the bench account (bench/harness.mjs). */
function runCli(server, work, args) {
  const hook = server.options.hook;
  hook.firstWriteAt = null;
  return runImportCli({ server, hook, work, args: [...args, '--to', `@${ME.userName}@${DOMAIN}`, '--posts', '--finders', 'explicit'] });
}

/** The journal fsyncs each `sent` line (its outcome rides on the next one): one fsync's cost on this disk, for context. */
function measureFsync(dir) {
  const probe = join(dir, 'fsync-probe');
  const r = spawnSync(process.execPath, ['-e', `
    const fs = require('node:fs'); const fd = fs.openSync(${JSON.stringify(probe)}, 'a'); const n = 200;
    const t = performance.now(); for (let i = 0; i < n; i++) { fs.writeSync(fd, 'x\\n'); fs.fsyncSync(fd); }
    console.log((performance.now() - t) / n); fs.closeSync(fd);`], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

// ------------------------------------------------------------------------------------ the archive

async function ensureArchive() {
  const name = QUICK ? 'quick' : 'full';
  const zip = join(CACHE, `posts-${name}-${SIZE.posts}-v${VERSION}.zip`);
  if (existsSync(zip)) return zip;
  mkdirSync(CACHE, { recursive: true });
  console.log(`building ${zip} (once; cached for later runs)...`);
  const started = Date.now();
  const { tweetRecord, newStyle, ytdFile } = await import(pathToFileURL(join(root, 'fixtures/builders/twitter.mjs')).href);
  const yazl = (await import('yazl')).default;
  const sharp = (await import('sharp')).default;
  const mtime = new Date('2024-05-01T12:00:00Z');
  const out = new yazl.ZipFile();
  const text = (s) => Buffer.from(s, 'utf8');
  const videos = new Set(videoPosts());

  out.addBuffer(text(ytdFile('account', [{ account: { username: ME.userName, accountId: ME.accountId, createdAt: '2010-01-01T00:00:00.000Z', accountDisplayName: ME.displayName } }])), 'data/account.js', { mtime });
  out.addBuffer(text(`window.__THAR_CONFIG = ${JSON.stringify({ userInfo: ME, dataTypes: {
    account: { files: [{ fileName: 'data/account.js', count: '1' }] },
    tweets: { mediaDirectory: 'data/tweets_media', files: [{ fileName: 'data/tweets.js', count: String(SIZE.posts) }] },
  } }, null, 2)}`), 'data/manifest.js', { mtime });

  // Own posts of ~120 characters, a hashtag each; every tenth answers the one before (a self-thread);
  // every imageEvery-th carries a photo with alt text, and a few others a video.
  const spec = (i) => {
    const s = {
      id: tweetId(i), at: T0 + i * STEP_MS, hashtags: ['bench'],
      text: `Post ${i} of the benchmark: the quick brown fox jumps over the lazy dog, and then writes about it. #bench`,
    };
    if (i % 10 === 9) s.replyTo = { status: tweetId(i - 1), user: ME.accountId, screen_name: ME.userName };
    if (i % SIZE.imageEvery === 0) s.media = [{ name: `BenchPic${i}.jpg`, type: 'photo', alt: `Picture number ${i}` }];
    else if (videos.has(i)) s.media = [{ name: `BenchVid${i}.mp4`, type: 'video', alt: `Video number ${i}` }];
    if (s.media) s.text += ' {media}';
    return s;
  };
  const records = [];
  for (let i = 0; i < SIZE.posts; i++) records.push('  ' + newStyle({ tweet: tweetRecord(spec(i), ME.userName) }, '  '));
  out.addBuffer(text(`window.YTD.tweets.part0 = [\n${records.join(',\n')}\n]`), 'data/tweets.js', { mtime });

  // Photos: real JPEGs of noise (every one different, 320x240, ~30 KB), stored: JPEG is compressed already.
  let imageBytes = 0;
  for (let i = 0; i < SIZE.posts; i += SIZE.imageEvery) {
    const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: i % 256, g: (i * 7) % 256, b: (i * 13) % 256 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      .jpeg({ quality: 80 }).toBuffer();
    imageBytes += jpeg.length;
    out.addBuffer(jpeg, `data/tweets_media/${tweetId(i)}-BenchPic${i}.jpg`, { mtime, compress: false });
  }
  // Videos: an ISO BMFF `ftyp` box (brand isom: file-type says video/mp4), then an `mdat` box of random bytes.
  for (const i of videos) {
    out.addReadStreamLazy(`data/tweets_media/${tweetId(i)}-BenchVid${i}.mp4`, { mtime, compress: false, size: SIZE.videoBytes },
      (cb) => cb(null, Readable.from(videoBytes(SIZE.videoBytes))));
  }
  out.end();
  const tmp = `${zip}.tmp`;
  const file = createWriteStream(tmp);
  out.outputStream.pipe(file);
  await once(file, 'close');
  renameSync(tmp, zip);
  console.log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s: ${SIZE.posts} posts, ${IMAGES} photos (${(imageBytes / MiB).toFixed(0)} MiB), ${SIZE.videos} videos of ${SIZE.videoBytes / MiB} MiB`);
  return zip;
}

// ------------------------------------------------------------------------------------ output

const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = (await run()) ? 0 : 1;
}
