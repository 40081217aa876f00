/**
 * PeerTube upload benchmark (issue 12): one 1 GiB video from a YouTube Takeout zip (built once into
 * .bench-cache/, the video stored uncompressed as Takeout stores it) uploaded by the real CLI
 * (`node bin/leave-platform.js import takeout.zip --to @me@tube.test --posts --yes --json`, a child process)
 * to the local PeerTube test server (test/peertube-server/server.ts, transpiled for this run into .bench-cache/:
 * Node 20 cannot strip types), which runs in this process. Its resumable upload streams each chunk's body
 * (hashing it, keeping none of it).
 *
 * Targets, both measured in the same run:
 *   peak RSS of the importing process < 200 MB (getrusage's ru_maxrss through /usr/bin/time)
 *   the CLI's wall time <= 1.3x the time curl takes to send the same bytes over loopback to the same test
 *   server: one resumable upload session (opened untimed), then one timed `curl -T file` PUT of every byte.
 *   The receiver's own work per byte (it hashes every byte to prove the upload whole) is then in both
 *   figures, so the ratio is the client's own cost. curl runs before and after the CLI; the faster of the two
 *   is the baseline (the stricter one).
 * For the diagnosis it also times curl into a plain local http sink that only counts bytes, and into one that
 * hashes like the test server does (sha256 per byte).
 *
 *   node bench/run.mjs peertube                    the full size (the reported figures)
 *   BENCH_QUICK=1 node bench/run.mjs peertube      a 64 MiB video (development)
 *   BENCH_CPU_PROF=DIR node bench/run.mjs peertube a V8 CPU profile of the CLI into DIR
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE, MiB, firstWriteHook, loadTestServer, videoBytes, runImportCli, sec, table } from './harness.mjs';


const QUICK = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
/** Bump when the generator changes, so that a stale cached archive is rebuilt. */
const VERSION = 2;
const VIDEO_BYTES = QUICK ? 64 * MiB : 1024 * MiB;
const RSS_TARGET_MB = 200;
const TIME_RATIO_TARGET = 1.3;
const DOMAIN = 'tube.test';
const YT = 'Takeout/YouTube and YouTube Music';
const VIDEO = { id: 'benchvid001', title: 'Bench talk', published: '2019-05-06T07:08:09+00:00' };
const SUB = { id: 'UCbenchbenchbenchbenchbe', title: 'Bench Channel', channel: 'bench_channel@tube.test' };

export async function run() {
  if (spawnSync('curl', ['--version']).status !== 0) {
    console.log('curl is not installed: the baseline cannot be measured');
    return false;
  }
  if (!existsSync('/usr/bin/time')) console.log('(no /usr/bin/time: the peak RSS comes from polling /proc alone)');
  const { zip, video } = await ensureArchive();
  console.log(`archive: ${zip} (${(statSync(zip).size / MiB).toFixed(0)} MiB)${QUICK ? '  [quick size: not the reported figures]' : ''}`);
  const { startPeerTubeTestServer } = await loadTestServer('peertube-server');

  const uptimeBefore = uptime();
  const curlBefore = await curlToServer(startPeerTubeTestServer, video);
  const cli = await importOnce(startPeerTubeTestServer, zip);
  const curlAfter = await curlToServer(startPeerTubeTestServer, video);
  const curlPlain = await curlToSink(video, false);
  const curlHashing = await curlToSink(video, true);
  const uptimeAfter = uptime();

  const baseline = Math.min(curlBefore.ms, curlAfter.ms);
  const { r } = cli;
  const ratio = r.wallMs / baseline;
  table([
    ['measurement', 'value'],
    ['video in the Takeout (stored)', `${(VIDEO_BYTES / MiB).toFixed(0)} MiB`],
    ['CLI exit code / video uploaded, size', `${r.code} / ${cli.uploaded ? `yes, ${(cli.uploaded.size / MiB).toFixed(0)} MiB, sha256 ${cli.uploaded.sha256 === cli.expectedSha ? 'matches' : 'DIFFERS'}` : 'NO'}`],
    ['upload requests: POST / PUT chunks', `${cli.posts} / ${cli.puts}`],
    ['curl -T to the test server: before / after the CLI', `${sec(curlBefore.ms)} / ${sec(curlAfter.ms)} (${mbps(curlBefore)} / ${mbps(curlAfter)})`],
    ['CLI wall time, whole run', sec(r.wallMs)],
    ['ratio to curl (the faster)', `${ratio.toFixed(2)}x`],
    ['CLI before its first write (start, parse, plan)', sec(r.wallMs - r.applyMs)],
    ['CLI from its first write to its exit', `${sec(r.applyMs)} (${(r.applyMs / baseline).toFixed(2)}x curl)`],
    ['diagnosis: curl to a plain sink (counts bytes)', `${sec(curlPlain.ms)} (CLI whole run ${(r.wallMs / curlPlain.ms).toFixed(2)}x, from its first write ${(r.applyMs / curlPlain.ms).toFixed(2)}x)`],
    ['diagnosis: curl to a sink hashing sha256', `${sec(curlHashing.ms)} (CLI whole run ${(r.wallMs / curlHashing.ms).toFixed(2)}x, from its first write ${(r.applyMs / curlHashing.ms).toFixed(2)}x)`],
    ['peak RSS of the CLI, whole process (getrusage)', r.maxRssMB === null ? 'n/a' : `${r.maxRssMB} MB`],
    ['peak RSS sampled while uploading / before', `${r.uploadRssMB} MB / ${r.beforeRssMB} MB`],
    ['CPU used: CLI (user+sys) / this process (server)', `${sec(r.cpuMs ?? NaN)} / ${sec(r.serverCpuMs)}`],
    ['machine', `${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}`],
    ['uptime before', uptimeBefore],
    ['uptime after', uptimeAfter],
  ]);
  const peak = r.maxRssMB ?? r.uploadRssMB;
  const rssOk = peak < RSS_TARGET_MB;
  const timeOk = ratio <= TIME_RATIO_TARGET;
  const complete = r.code === 0 && cli.uploaded !== null && cli.uploaded.sha256 === cli.expectedSha;
  console.log(`targets: peak RSS < ${RSS_TARGET_MB} MB: ${rssOk ? 'met' : 'MISSED'}; wall time <= ${TIME_RATIO_TARGET}x curl: ${timeOk ? 'met' : 'MISSED'}; video uploaded whole: ${complete ? 'yes' : 'NO'}`);
  if (!complete) console.log(`stdout:\n${JSON.stringify(r.json?.actions ?? null)}\n${(r.json?.notes ?? []).join("\n")}\nstderr:\n${r.stderr.slice(-2000)}`);
  return rssOk && timeOk && complete;
}

// ------------------------------------------------------------------------------------ the two measurements

/** One whole import into a fresh server, the CLI's state under a new temp folder. */
async function importOnce(startServer, zip) {
  const hook = phaseHook();
  const server = await startServer({
    domain: DOMAIN,
    channels: [{ handle: SUB.channel, displayName: SUB.title, description: `Formerly on https://www.youtube.com/channel/${SUB.id}` }],
    subscriptionDelayRequests: 0,
    hook,
  });
  const work = mkdtempSync(join(tmpdir(), 'lp-bench-peertube-'));
  try {
    const r = await runCli(server, hook, work, zip);
    const [uploaded] = server.appliedVideos();
    const upload = server.requests.filter((q) => q.path === '/api/v1/videos/upload-resumable');
    return {
      r, uploaded: uploaded ?? null, expectedSha: videoSha(),
      posts: upload.filter((q) => q.method === 'POST').length, puts: upload.filter((q) => q.method === 'PUT').length,
    };
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * curl sending the video to a fresh test server as a client of its resumable upload would: the session opened
 * first (a POST with the metadata, untimed), then one timed `curl -T video` PUT of every byte with its
 * Content-Range. The server checks that the whole video arrived (its size and sha256).
 */
async function curlToServer(startServer, video) {
  const server = await startServer({ domain: DOMAIN, subscriptionDelayRequests: 0 });
  try {
    const base = `http://${DOMAIN}/api/v1/videos/upload-resumable`;
    const common = ['-sS', '--fail-with-body', '-H', `Authorization: Bearer ${server.token}`, ...server.connectTo().flatMap((c) => ['--connect-to', c.replace(/:127\.0\.0\.1:/, '::127.0.0.1:')])];
    // Not spawnSync: the server answering it runs in this process.
    const open = spawn('curl', [
      ...common, '-D', '-', '-o', '/dev/null', '-X', 'POST', '-H', 'Content-Type: application/json',
      '-H', `X-Upload-Content-Length: ${VIDEO_BYTES}`, '-H', 'X-Upload-Content-Type: video/mp4',
      '--data-binary', JSON.stringify({ name: VIDEO.title, channelId: server.myChannels[0].id, filename: 'bench.mp4', privacy: 1 }), base,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let answer = '';
    open.stdout.on('data', (d) => (answer += d));
    open.stderr.on('data', (d) => (answer += d));
    const [opened] = await once(open, 'close');
    const location = /^location:\s*(\S+)/im.exec(answer)?.[1];
    if (opened !== 0 || !location) throw new Error(`curl could not open an upload session (exit ${opened}): ${answer}`);
    const url = new URL(location, `http://${DOMAIN}`).href;
    const started = performance.now();
    const child = spawn('curl', [
      ...common, '-o', '/dev/null', '-H', 'Expect:', '-H', `Content-Range: bytes 0-${VIDEO_BYTES - 1}/${VIDEO_BYTES}`, '-T', video, url,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const [code] = await once(child, 'close');
    const ms = performance.now() - started;
    const [uploaded] = server.appliedVideos();
    if (code !== 0 || uploaded?.size !== VIDEO_BYTES || uploaded.sha256 !== videoSha()) {
      throw new Error(`curl's upload to the test server did not arrive whole (exit ${code}): ${stderr}`);
    }
    return { ms, bytes: uploaded.size };
  } finally {
    await server.close();
  }
}

/** `curl -T video` (one PUT of the whole file) to a local http sink that drains it (and hashes it if asked). */
async function curlToSink(video, hashing) {
  let received = 0;
  const sink = createServer((req, res) => {
    const hash = hashing ? createHash('sha256') : null;
    req.on('data', (b) => {
      received += b.length;
      hash?.update(b);
    });
    req.on('end', () => {
      hash?.digest('hex');
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }).end('ok');
    });
  });
  sink.listen(0, '127.0.0.1');
  await once(sink, 'listening');
  try {
    const url = `http://127.0.0.1:${sink.address().port}/sink`;
    const started = performance.now();
    // Expect: 100-continue would cost curl a wait of up to 1 s before the body; a client that streams sends none.
    const child = spawn('curl', ['-sS', '-o', '/dev/null', '-H', 'Expect:', '-T', video, url], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const [code] = await once(child, 'close');
    const ms = performance.now() - started;
    if (code !== 0 || received !== VIDEO_BYTES) throw new Error(`curl to the sink failed (exit ${code}, ${received} bytes): ${stderr}`);
    return { ms, bytes: received };
  } finally {
    sink.close();
  }
}

// ------------------------------------------------------------------------------------ the CLI child

/** Records when the first write arrives (the CLI is then done reading the archive and planning). */
const phaseHook = () => firstWriteHook((request) => request.method !== 'GET' && request.path !== '/api/v1/users/token');

/** `leave-platform import <zip> --to @me@tube.test --posts --yes --json` (bench/harness.mjs). */
function runCli(server, hook, work, zip) {
  return runImportCli({ server, hook, work, args: [zip, '--to', `@${server.username}@${DOMAIN}`, '--posts'] });
}

function uptime() {
  return spawnSync('uptime', [], { encoding: 'utf8' }).stdout.trim();
}

// ------------------------------------------------------------------------------------ the archive

/** The video's bytes as a file (curl sends it) and a Takeout zip holding the same bytes, stored. */
async function ensureArchive() {
  const name = `peertube-${VIDEO_BYTES / MiB}MiB-v${VERSION}`;
  const video = join(CACHE, `${name}.mp4`);
  const zip = join(CACHE, `${name}-takeout.zip`);
  if (existsSync(video) && existsSync(zip) && existsSync(`${video}.sha256`)) return { zip, video };
  mkdirSync(CACHE, { recursive: true });
  console.log(`building ${zip} (once; cached for later runs)...`);
  const started = Date.now();

  // The video: an ISO BMFF `ftyp` box (brand isom: file-type says video/mp4), then an `mdat` box of random bytes.
  const hash = createHash('sha256');
  const file = createWriteStream(`${video}.tmp`);
  for (const chunk of videoBytes(VIDEO_BYTES)) {
    hash.update(chunk);
    if (!file.write(chunk)) await once(file, 'drain');
  }
  file.end();
  await once(file, 'close');
  renameSync(`${video}.tmp`, video);
  writeFileSync(`${video}.sha256`, hash.digest('hex'));

  const yazl = (await import('yazl')).default;
  const mtime = new Date('2024-03-01T10:10:10Z');
  const out = new yazl.ZipFile();
  const text = (s) => Buffer.from(s, 'utf8');
  const tagCols = Array.from({ length: 7 }, (_, i) => `Tag ${i + 1}`);
  out.addBuffer(text(`Channel Id,Channel Url,Channel Title\n${SUB.id},http://www.youtube.com/channel/${SUB.id},${SUB.title}\n`),
    `${YT}/subscriptions/subscriptions.csv`, { mtime });
  out.addBuffer(text('Channel ID,Channel Title (Original),Channel Visibility\nUCmmmmmmmmmmmmmmmmmmmmmm,My channel,Public\n'),
    `${YT}/channels/channel.csv`, { mtime });
  out.addBuffer(text([
    ['Video ID', 'Video Audio Language', 'Video Description (Original)', 'Channel ID', ...tagCols, 'Video Title (Original)', 'Privacy', 'Video State', 'Video Create Timestamp', 'Video Publish Timestamp'].join(','),
    [VIDEO.id, 'en', 'A long talk for the benchmark.', 'UCmmmmmmmmmmmmmmmmmmmmmm', 'bench', 'talk', '', '', '', '', '', VIDEO.title, 'Public', 'Processed', VIDEO.published, VIDEO.published].join(','),
  ].join('\n') + '\n'), `${YT}/video metadata/videos.csv`, { mtime });
  // Stored, as Takeout stores videos (compressed already).
  out.addFile(video, `${YT}/videos/${VIDEO.title}.mp4`, { mtime, compress: false });
  out.end();
  const zipFile = createWriteStream(`${zip}.tmp`);
  out.outputStream.pipe(zipFile);
  await once(zipFile, 'close');
  renameSync(`${zip}.tmp`, zip);
  console.log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { zip, video };
}

function videoSha() {
  return readFileSync(join(CACHE, `peertube-${VIDEO_BYTES / MiB}MiB-v${VERSION}.mp4.sha256`), 'utf8').trim();
}

// ------------------------------------------------------------------------------------ output

const mbps = (m) => `${(m.bytes / MiB / (m.ms / 1000)).toFixed(0)} MiB/s`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = (await run()) ? 0 : 1;
}
