/**
 * LinkedIn `Shares.csv` (the "Complete" export may call it `Shares_<memberId>.csv`), the user's own posts
 * (reference/formats.md section 6): `Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility`,
 * Date `2026-05-07 16:41:18` (no zone: taken as UTC), ShareCommentary multi-line with `""` escaping,
 * reposts with an empty commentary. The 2022 export's quirks (a share over several rows, quotes around
 * each line) are undone below; a share with nothing in it is no post.
 */
import { toIsoUtc } from '../../model/dates.js';
import type { Media, MediaType, Post, PostVisibility } from '../../model/types.js';
import type { CsvColumns, CsvRow, CsvTable } from '../csv.js';

export type ShareColumn = 'date' | 'link' | 'commentary' | 'sharedUrl' | 'mediaUrl' | 'visibility';

export const SHARE_COLUMNS: CsvColumns<ShareColumn> = {
  date: ['Date', 'Datum', 'Fecha'],
  link: ['ShareLink', 'Share Link'],
  commentary: ['ShareCommentary', 'Share Commentary'],
  sharedUrl: ['SharedUrl', 'Shared Url', 'SharedURL'],
  mediaUrl: ['MediaUrl', 'Media Url', 'MediaURL'],
  visibility: ['Visibility', 'Sichtbarkeit', 'Visibilidad'],
};

const VISIBILITY: Record<string, PostVisibility> = {
  PUBLIC: 'public',
  ANYONE: 'public',
  MEMBER_NETWORK: 'private',
  CONNECTIONS: 'private',
  CONNECTIONS_ONLY: 'private',
};

/** `https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A123` → `urn:li:share:123`. */
export function shareUrn(link: string | null): string | null {
  if (!link) return null;
  let decoded = link;
  try {
    decoded = decodeURIComponent(link);
  } catch {
    // keep the link as written
  }
  return /urn:li:[A-Za-z]+:[\w-]+/.exec(decoded)?.[0] ?? null;
}

function mediaTypeOf(url: string): MediaType {
  if (/\.(jpe?g|png|webp)(\?|$)/i.test(url)) return 'image';
  if (/\.gif(\?|$)/i.test(url)) return 'gif';
  if (/\.(mp4|mov|webm)(\?|$)/i.test(url)) return 'video';
  return 'other';
}

export interface SharesResult {
  posts: Post[];
  /** Shares with no text, no shared link and no media (nothing to carry over): left out. */
  empty: number;
}

interface ShareGroup {
  key: string | null;
  index: number;
  rows: CsvRow<ShareColumn>[];
}

/**
 * One post per share. The 2022 export writes one share as several rows, repeated or one row per image
 * (a real export: nine identical rows; two rows differing only in MediaUrl): rows with the same ShareLink
 * are one share, with every media URL they name.
 */
export function sharesFromTable(table: CsvTable<ShareColumn>): SharesResult {
  const groups: ShareGroup[] = [];
  const byKey = new Map<string, ShareGroup>();
  table.rows.forEach((row, index) => {
    const link = row.get('link');
    const key = shareUrn(link) ?? link;
    const existing = key === null ? undefined : byKey.get(key);
    if (existing) {
      existing.rows.push(row);
      return;
    }
    const group: ShareGroup = { key, index, rows: [row] };
    groups.push(group);
    if (key !== null) byKey.set(key, group);
  });

  const posts: Post[] = [];
  let empty = 0;
  for (const group of groups) {
    const post = shareOf(group);
    if (post) posts.push(post);
    else empty++;
  }
  return { posts, empty };
}

function shareOf({ key, index, rows }: ShareGroup): Post | null {
  const first = (column: ShareColumn): string | null => {
    for (const row of rows) {
      const value = row.get(column);
      if (value !== null) return value;
    }
    return null;
  };
  const text = cleanCommentary(first('commentary') ?? '');
  const shared = first('sharedUrl');
  const mediaUrls = [...new Set(rows.map((r) => r.get('mediaUrl')).filter((u): u is string => u !== null))];
  if (text === '' && shared === null && mediaUrls.length === 0) return null;
  const isRepost = text === '' && shared !== null;
  const links = [...new Set([...urlsIn(text), ...(shared && !isRepost ? [shared] : [])])];
  // MediaUrl points at LinkedIn's servers: the export does not hold the file itself.
  const media: Media[] = mediaUrls.map((url) => ({ path: null, type: mediaTypeOf(url), alt: null, archive: null }));
  return {
    platform: 'linkedin',
    // A share without a link has no id of its own; its line in the file is the stable name we have.
    id: key ?? `shares-row-${index + 1}`,
    createdAt: toIsoUtc(first('date')),
    kind: isRepost ? 'repost' : 'post',
    text,
    inReplyToId: null,
    inReplyToUser: null,
    quoteOfUrl: null,
    repostOfUrl: isRepost ? shared : null,
    language: null,
    visibility: VISIBILITY[(first('visibility') ?? '').toUpperCase()] ?? null,
    // LinkedIn has no content warnings or sensitive flags.
    contentWarning: null,
    sensitive: false,
    links,
    mentions: [],
    hashtags: [...new Set([...text.matchAll(/(?:^|\s)#([\p{L}\p{N}_]+)/gu)].map((m) => m[1]!))],
    media,
  };
}

/**
 * ShareCommentary as the author wrote it. The 2022 export wraps every line of a multi-line share in
 * quotes of its own (`first line"` CRLF `""` CRLF `"next line"` ... `"last line`, where `""` is an empty
 * line), so a plain CSV reading leaves a stray `"` at each line's ends. Those are dropped when every line
 * shows the wrapping (a share whose own text merely ends a line with a quote is left alone); line ends
 * become `\n` and trailing spaces go.
 */
export function cleanCommentary(raw: string): string {
  let lines = raw.split(/\r\n|\r|\n/);
  const last = lines.length - 1;
  const wrapped = last > 0 && lines.every((line, i) =>
    (i === 0 || (line.startsWith('"') && line.length >= (i === last ? 1 : 2))) && (i === last || line.endsWith('"')));
  if (wrapped) lines = lines.map((line, i) => line.slice(i === 0 ? 0 : 1, i === last ? undefined : -1));
  return lines.map((line) => line.replace(/\s+$/u, '')).join('\n').trim();
}

function urlsIn(text: string): string[] {
  return text.match(/https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g) ?? [];
}
