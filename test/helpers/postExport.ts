/**
 * Twitter-shaped exports holding posts, for the post-import tests (issue 8): `data/account.js`,
 * `data/tweets.js` (2022+ style records, as fixtures/builders/twitter.mjs writes them), `data/note-tweet.js`
 * for long posts (tweets.js then holds the truncated text, reference/formats.md 1.3) and media files under
 * `data/tweets_media/<tweet id>-<name>`. Images are real ones made by sharp. A media entry may be left out
 * (the archive lacks it) or written as a zip bomb (declared small, inflating far beyond): the archive is
 * then written by the raw writer of test/archive/rawZip.ts, since yazl writes only honest sizes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';
import { rawZip, type RawEntry } from '../archive/rawZip.js';
import { writeZip, type FileMap } from './zipFiles.js';

export const OWNER = { accountId: '1490000000000000001', userName: 'sam_leaves', displayName: 'Sam Leaves' } as const;

export interface MediaSpec {
  /** The file's base name (`FPic1.jpg`); saved as `<tweet id>-<name>`. */
  name: string;
  type?: 'photo' | 'video' | 'animated_gif';
  alt?: string;
  /** The bytes in the archive; null: the archive lacks the file. */
  bytes: Uint8Array | null;
  /** Written as a zip bomb: the header declares `declaredSize`, the entry inflates to `bytes`. */
  declaredSize?: number;
}

export interface TweetSpec {
  id: string;
  /** ISO 8601. */
  at: string;
  text: string;
  /** The whole text of a long post: tweets.js gets its first 270 characters, note-tweet.js all of it. */
  note?: string;
  /** A tweet of the owner this one answers (a self-thread). */
  replyToOwn?: string;
  /** Someone else's tweet this one answers. */
  replyToOther?: { status: string; user: string; screenName: string };
  mentions?: { id: string; screenName: string; name: string }[];
  media?: MediaSpec[];
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Twitter's `created_at`: "Tue Jan 31 09:01:52 +0000 2017". */
function twitterDate(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

/** `window.YTD.<name>.part0 = [...]`, one element per line as 2022+ archives write it. */
function ytd(name: string, elements: unknown[]): string {
  return `window.YTD.${name}.part0 = ${JSON.stringify(elements, null, 2)}`;
}

function tweetRecord(spec: TweetSpec): Record<string, unknown> {
  const shortMedia = `https://t.co/m${spec.id.slice(-8)}`;
  const media = (spec.media ?? []).map((m, i) => {
    const dot = m.name.lastIndexOf('.');
    const base = m.name.slice(0, dot);
    const ext = m.name.slice(dot + 1);
    const type = m.type ?? 'photo';
    const thumb = `https://pbs.twimg.com/media/${base}.${ext === 'mp4' ? 'jpg' : ext}`;
    return {
      expanded_url: `https://twitter.com/${OWNER.userName}/status/${spec.id}/${type === 'photo' ? 'photo' : 'video'}/${i + 1}`,
      indices: ['0', '23'], url: shortMedia, media_url: thumb.replace('https:', 'http:'), media_url_https: thumb,
      id_str: `${spec.id}${i}`, id: `${spec.id}${i}`, type, display_url: `pic.twitter.com/m${spec.id.slice(-8)}`,
      sizes: { large: { w: '64', h: '48', resize: 'fit' } },
      ...(type === 'photo' ? {} : { video_info: { aspect_ratio: ['4', '3'], variants: [{ bitrate: '832000', content_type: 'video/mp4', url: `https://video.twimg.com/tweet_video/${m.name}` }] } }),
      ...(m.alt === undefined ? {} : { ext_alt_text: m.alt }),
    };
  });
  const shown = spec.note !== undefined ? `${spec.note.slice(0, 270)}… https://t.co/n${spec.id.slice(-8)}` : spec.text;
  const full = media.length > 0 ? `${shown} ${shortMedia}`.trim() : shown;
  const record: Record<string, unknown> = {
    retweeted: false,
    source: '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    entities: {
      hashtags: [], symbols: [],
      user_mentions: (spec.mentions ?? []).map((m) => ({ name: m.name, screen_name: m.screenName, indices: ['0', '1'], id_str: m.id, id: m.id })),
      urls: spec.note !== undefined
        ? [{ url: `https://t.co/n${spec.id.slice(-8)}`, expanded_url: `https://twitter.com/i/web/status/${spec.id}`, display_url: 'twitter.com/i/web/status/…', indices: ['0', '23'] }]
        : [],
      ...(media.length > 0 ? { media: [media[0]] } : {}),
    },
    display_text_range: ['0', String(full.length)],
    favorite_count: '0', id_str: spec.id, truncated: false, retweet_count: '0', id: spec.id,
    created_at: twitterDate(spec.at), favorited: false, full_text: full, lang: 'en',
  };
  const reply = spec.replyToOwn !== undefined
    ? { status: spec.replyToOwn, user: OWNER.accountId, screenName: OWNER.userName }
    : spec.replyToOther;
  if (reply) {
    Object.assign(record, {
      in_reply_to_status_id_str: reply.status, in_reply_to_status_id: reply.status,
      in_reply_to_user_id_str: reply.user, in_reply_to_user_id: reply.user, in_reply_to_screen_name: reply.screenName,
    });
  }
  if (media.length > 0) Object.assign(record, { possibly_sensitive: false, extended_entities: { media } });
  return record;
}

/** The files of the export, and the entries to write as zip bombs. */
export function twitterPostFiles(tweets: readonly TweetSpec[]): { files: FileMap; bombs: RawEntry[] } {
  const notes = tweets.filter((t) => t.note !== undefined).map((t, i) => ({
    noteTweet: {
      noteTweetId: `169000000000000${String(i).padStart(4, '0')}`,
      createdAt: new Date(Date.parse(t.at) + 200).toISOString(),
      updatedAt: new Date(Date.parse(t.at) + 200).toISOString(),
      lifecycle: { value: 'live', name: 'Live', originalName: 'live', annotations: {} },
      core: { styletags: [], urls: [], text: t.note, mentions: [], cashtags: [], hashtags: [] },
    },
  }));
  const files: FileMap = {
    'data/account.js': ytd('account', [{ account: { email: 'sam@mail.example', createdVia: 'web', username: OWNER.userName, accountId: OWNER.accountId, createdAt: '2012-03-30T10:38:02.103Z', accountDisplayName: OWNER.displayName } }]),
    'data/tweets.js': ytd('tweets', tweets.map((t) => ({ tweet: tweetRecord(t) }))),
    'data/note-tweet.js': ytd('note_tweet', notes),
  };
  const bombs: RawEntry[] = [];
  for (const t of tweets) {
    for (const m of t.media ?? []) {
      if (m.bytes === null) continue;
      const path = `data/tweets_media/${t.id}-${m.name}`;
      if (m.declaredSize !== undefined) bombs.push({ name: path, content: Buffer.from(m.bytes), method: 8, declaredSize: m.declaredSize });
      else files[path] = m.bytes;
    }
  }
  return { files, bombs };
}

/** Writes the export as a zip at `path` and returns `path`. */
export async function writeTwitterPostsExport(path: string, tweets: readonly TweetSpec[]): Promise<string> {
  const { files, bombs } = twitterPostFiles(tweets);
  if (bombs.length === 0) return writeZip(path, files);
  const entries: RawEntry[] = Object.entries(files).map(([name, content]) => ({
    name, content: Buffer.from(content), method: /\.(?:jpe?g|png|gif|mp4|webp)$/i.test(name) ? 0 : 8,
  }));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, rawZip([...entries, ...bombs]));
  return path;
}

/** A real image made by sharp: a block of one colour chosen by `seed`, so that each file differs. */
export async function testImage(seed: number, options: { width?: number; height?: number; format?: 'jpeg' | 'png' | 'webp' } = {}): Promise<Buffer> {
  const width = options.width ?? 64;
  const height = options.height ?? 48;
  const image = sharp({
    create: { width, height, channels: 3, background: { r: (seed * 53) % 256, g: (seed * 97) % 256, b: (seed * 31) % 256 } },
  });
  const format = options.format ?? 'jpeg';
  return format === 'png' ? image.png().toBuffer() : format === 'webp' ? image.webp().toBuffer() : image.jpeg({ quality: 80 }).toBuffer();
}

/** A JPEG that starts right (SOI, JFIF) and then holds no image: sniffs as image/jpeg, cannot be decoded. */
export function corruptJpeg(): Buffer {
  const head = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  return Buffer.concat([head, Buffer.alloc(600, 0x5a)]);
}

/** A small PDF: a real file type that no Mastodon-API server takes as media. */
export function pdfDocument(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
}

/** The first bytes of an MP4 (an `ftyp` box) and filler: sniffs as video/mp4, which the server processes later (202). */
export function mp4Video(bytes = 4096): Buffer {
  const ftyp = Buffer.from([0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32, 0x00, 0x00, 0x00, 0x00, 0x6d, 0x70, 0x34, 0x32, 0x69, 0x73, 0x6f, 0x6d]);
  return Buffer.concat([ftyp, Buffer.alloc(Math.max(0, bytes - ftyp.length), 0x11)]);
}

/** Tweet ids in order, from a seed (`1100000000000000<n>000`). */
export function tweetId(n: number): string {
  return String(1100000000000000000n + BigInt(n) * 1000n);
}
