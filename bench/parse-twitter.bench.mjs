/**
 * Parse benchmark (issue 2, item 8): a synthetic Twitter archive with 150,000 tweets and more than 1.5 GB of
 * media, built once and cached in .bench-cache/. Two measurements, each in its own child process:
 *
 *   reference  unzip data/tweets.js with yauzl and JSON.parse it whole (what a naive parser does)
 *   parse      leave-platform's whole parse of the archive through the built dist/ (detect, tweets,
 *              contacts, media matching, merge)
 *
 * Each child reports its wall time and its own peak RSS (process.resourceUsage().maxRSS).
 * Targets: parse peak RSS < 300 MB; parse wall time <= 2x reference.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const CACHE = join(root, '.bench-cache');
/** Bump when the generator changes, so a stale cached archive is rebuilt. */
const VERSION = 1;
const TWEETS = 150_000;
/** One tweet in MEDIA_EVERY carries a photo; with ~144 KiB per file that is ~1.6 GiB of media. */
const MEDIA_EVERY = 13;
const FOLLOWING = 5_000;
const FOLLOWERS = 30_000;
const RSS_TARGET_MB = 300;
const TIME_RATIO_TARGET = 2;

const MiB = 1024 * 1024;

export async function run() {
  const zip = await ensureArchive();
  const size = statSync(zip).size;
  console.log(`archive: ${zip} (${(size / 1024 ** 3).toFixed(2)} GiB)`);
  const reference = measure('reference', zip, ['--max-old-space-size=8192']);
  const ours = measure('parse', zip, []);
  const ratio = ours.ms / reference.ms;
  const rows = [
    ['measurement', 'wall time', 'vs reference', 'peak RSS', 'records'],
    ['reference: unzip tweets.js + JSON.parse', `${(reference.ms / 1000).toFixed(2)} s`, '1.00x', `${reference.rssMB} MB`, `${reference.tweets} tweets`],
    ['leave-platform parse (whole archive)', `${(ours.ms / 1000).toFixed(2)} s`, `${ratio.toFixed(2)}x`, `${ours.rssMB} MB`,
      `${ours.posts} posts, ${ours.contacts} contacts, ${ours.media} media (${ours.mediaFound} found)`],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  const rssOk = ours.rssMB < RSS_TARGET_MB;
  const timeOk = ratio <= TIME_RATIO_TARGET;
  console.log(`targets: peak RSS < ${RSS_TARGET_MB} MB: ${rssOk ? 'met' : 'MISSED'}; wall time <= ${TIME_RATIO_TARGET}x reference: ${timeOk ? 'met' : 'MISSED'}`);
  return rssOk && timeOk;
}

function measure(mode, zip, nodeOptions) {
  const child = spawnSync(process.execPath, [...nodeOptions, fileURLToPath(import.meta.url), '--child', mode, zip], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * MiB,
  });
  if (child.status !== 0) throw new Error(`${mode} measurement failed (exit ${child.status})`);
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

// ---------------------------------------------------------------------------------------------- children

async function child(mode, zip) {
  const start = performance.now();
  let result;
  if (mode === 'reference') {
    const yauzl = (await import('yauzl')).default;
    const text = await new Promise((resolve, reject) => {
      yauzl.open(zip, { lazyEntries: true }, (err, file) => {
        if (err) return reject(err);
        file.on('entry', (entry) => {
          if (entry.fileName !== 'data/tweets.js') return file.readEntry();
          file.openReadStream(entry, (e, stream) => {
            if (e) return reject(e);
            const chunks = [];
            stream.on('data', (c) => chunks.push(c));
            stream.on('end', () => { file.close(); resolve(Buffer.concat(chunks).toString('utf8')); });
            stream.on('error', reject);
          });
        });
        file.on('end', () => reject(new Error('no data/tweets.js')));
        file.readEntry();
      });
    });
    const tweets = JSON.parse(text.slice(text.indexOf('=') + 1));
    result = { tweets: tweets.length };
  } else {
    const { model } = await parseWithDist(zip);
    const media = model.posts.flatMap((p) => p.media);
    result = { posts: model.posts.length, contacts: model.contacts.length, media: media.length, mediaFound: media.filter((m) => m.path !== null).length };
  }
  const ms = Math.round(performance.now() - start);
  const rssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ mode, ms, rssMB, ...result }));
}

/** parseExport from dist/ (the lead's use case); before it exists, the archive reader + the Twitter module. */
async function parseWithDist(zip) {
  const dist = join(root, 'dist');
  const useCase = join(dist, 'app/parseExport.js');
  if (existsSync(useCase)) {
    const { parseExport } = await import(pathToFileURL(useCase).href);
    return parseExport([zip]);
  }
  const { openArchiveSet } = await import(pathToFileURL(join(dist, 'archive/open.js')).href);
  const { twitterSource } = await import(pathToFileURL(join(dist, 'sources/twitter/index.js')).href);
  const archive = await openArchiveSet([zip]);
  try {
    const detection = await twitterSource.detect(archive);
    const warnings = [];
    const parsed = await twitterSource.parse({ archive, warn: (w) => warnings.push(w) }, detection);
    return { model: parsed, warnings };
  } finally {
    await archive.close();
  }
}

// ------------------------------------------------------------------------------------------- the archive

async function ensureArchive() {
  const zip = join(CACHE, `twitter-${TWEETS / 1000}k-v${VERSION}.zip`);
  if (existsSync(zip)) return zip;
  mkdirSync(CACHE, { recursive: true });
  console.log(`building ${zip} (once; cached for later runs)...`);
  const started = Date.now();
  const { tweetRecord, newStyle, ytdFile } = await import(pathToFileURL(join(root, 'fixtures/builders/twitter.mjs')).href);
  const yazl = (await import('yazl')).default;
  const me = { accountId: '1490000000000000001', userName: 'bench_me', displayName: 'Bench Me' };
  const mtime = new Date('2024-05-01T12:00:00Z');
  const out = new yazl.ZipFile();
  const text = (s) => Buffer.from(s, 'utf8');

  const relation = (key, ids) => ids.map((accountId) => ({ [key]: { accountId, userLink: `https://twitter.com/intent/user?user_id=${accountId}` } }));
  const followingIds = Array.from({ length: FOLLOWING }, (_, i) => String(3_000_000_000 + i));
  const followerIds = Array.from({ length: FOLLOWERS }, (_, i) => String(3_000_000_000 + i * 3));
  out.addBuffer(text(ytdFile('account', [{ account: { username: me.userName, accountId: me.accountId, createdAt: '2010-01-01T00:00:00.000Z', accountDisplayName: me.displayName } }])), 'data/account.js', { mtime });
  out.addBuffer(text(ytdFile('following', relation('following', followingIds))), 'data/following.js', { mtime });
  out.addBuffer(text(ytdFile('follower', relation('follower', followerIds))), 'data/follower.js', { mtime });
  out.addBuffer(text(`window.__THAR_CONFIG = ${JSON.stringify({ userInfo: me, dataTypes: {
    account: { files: [{ fileName: 'data/account.js', count: '1' }] },
    following: { files: [{ fileName: 'data/following.js', count: String(FOLLOWING) }] },
    follower: { files: [{ fileName: 'data/follower.js', count: String(FOLLOWERS) }] },
    tweets: { mediaDirectory: 'data/tweets_media', files: [{ fileName: 'data/tweets.js', count: String(TWEETS) }] },
  } }, null, 2)}`), 'data/manifest.js', { mtime });

  const t0 = Date.UTC(2012, 0, 1);
  const spec = (i) => {
    const id = String(1_200_000_000_000_000_000n + BigInt(i) * 4096n);
    const at = t0 + i * 600_000;
    const friend = followingIds[(i * 7) % FOLLOWING];
    const mention = { id: friend, screen_name: `friend_${friend}`, name: `Friend ${i % 997} @f${friend}@social.example` };
    switch (i % 6) {
      case 0: return { id, at, text: `Post number ${i} about #topic${i % 50} with a link {link:0} &amp; more words to make it a realistic length for a tweet.`, links: [`https://example.org/article/${i}?ref=bench&x=1`], hashtags: [`topic${i % 50}`] };
      case 1: return { id, at, text: `@${mention.screen_name} replying to you about item ${i}, thanks for the pointer!`, mentions: [mention], replyTo: { status: String(1_100_000_000_000_000_000n + BigInt(i)), user: friend, screen_name: mention.screen_name } };
      case 2: return { id, at, text: `RT @${mention.screen_name}: something that was worth sharing, number ${i}, with some words that go on for a while…`, mentions: [mention] };
      case 3: return { id, at, text: `Quoting this {link:0}`, links: [`https://twitter.com/${mention.screen_name}/status/${1_100_000_000_000_000_000n + BigInt(i)}`] };
      case 4: return { id, at, text: `Thread part ${i}: and another thing I wanted to say, at some length, about the state of things.`, replyTo: { status: String(1_200_000_000_000_000_000n + BigInt(i - 1) * 4096n), user: me.accountId, screen_name: me.userName } };
      default: return { id, at, text: `Plain thought ${i}: the quick brown fox jumps over the lazy dog. 🦊 Ünïcödé too.`, lang: i % 2 ? 'en' : 'de' };
    }
  };
  const withMedia = (i, s) => (i % MEDIA_EVERY === 0 ? { ...s, text: s.text + ' {media}', media: [{ name: `BenchPic${i}.jpg`, type: 'photo', alt: i % 2 ? `Picture ${i}` : undefined }] } : s);

  // tweets.js, generated as it is zipped: never whole in memory.
  async function* tweetsJs() {
    yield 'window.YTD.tweets.part0 = [\n';
    let batch = [];
    for (let i = 0; i < TWEETS; i++) {
      batch.push('  ' + newStyle({ tweet: tweetRecord(withMedia(i, spec(i)), me.userName) }, '  '));
      if (batch.length === 1000 || i === TWEETS - 1) {
        yield batch.join(',\n') + (i === TWEETS - 1 ? '\n]' : ',\n');
        batch = [];
      }
    }
  }
  out.addReadStream(Readable.from(tweetsJs(), { objectMode: false }), 'data/tweets.js', { mtime });

  // Media: stored (not deflated), random-ish bytes cut from one random pool.
  const pool = randomBytes(4 * MiB);
  let mediaBytes = 0;
  for (let i = 0; i < TWEETS; i += MEDIA_EVERY) {
    const size = 96 * 1024 + ((i * 7919) % (96 * 1024));
    const offset = (i * 104_729) % (pool.length - size);
    mediaBytes += size;
    const id = spec(i).id;
    out.addReadStreamLazy(`data/tweets_media/${id}-BenchPic${i}.jpg`, { mtime, compress: false, size }, (cb) => cb(null, Readable.from([pool.subarray(offset, offset + size)])));
  }
  out.end();
  const tmp = `${zip}.tmp`;
  const file = createWriteStream(tmp);
  out.outputStream.pipe(file);
  await once(file, 'close');
  renameSync(tmp, zip);
  console.log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s: ${TWEETS} tweets, ${(mediaBytes / 1024 ** 3).toFixed(2)} GiB of media`);
  return zip;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4]);
}
