/**
 * LinkedIn `Shares.csv` (the "Complete" export may call it `Shares_<memberId>.csv`), the user's own posts
 * (reference/formats.md section 6): `Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility`,
 * Date `2026-05-07 16:41:18` (no zone: taken as UTC), ShareCommentary multi-line with `""` escaping,
 * reposts with an empty commentary.
 */
import { toIsoUtc } from '../../model/dates.js';
import type { Media, MediaType, Post, PostVisibility } from '../../model/types.js';
import type { CsvColumns, CsvTable } from '../csv.js';

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

export function sharesFromTable(table: CsvTable<ShareColumn>): Post[] {
  return table.rows.map((row, index): Post => {
    const link = row.get('link');
    const text = row.get('commentary') ?? '';
    const shared = row.get('sharedUrl');
    const mediaUrl = row.get('mediaUrl');
    const isRepost = text === '' && shared !== null;
    const links = [...new Set([...urlsIn(text), ...(shared && !isRepost ? [shared] : [])])];
    // MediaUrl points at LinkedIn's servers: the export does not hold the file itself.
    const media: Media[] = mediaUrl ? [{ path: null, type: mediaTypeOf(mediaUrl), alt: null, archive: null }] : [];
    return {
      platform: 'linkedin',
      // A share without a link has no id of its own; its line in the file is the stable name we have.
      id: shareUrn(link) ?? link ?? `shares-row-${index + 1}`,
      createdAt: toIsoUtc(row.get('date')),
      kind: isRepost ? 'repost' : 'post',
      text,
      inReplyToId: null,
      inReplyToUser: null,
      quoteOfUrl: null,
      repostOfUrl: isRepost ? shared : null,
      language: null,
      visibility: VISIBILITY[(row.get('visibility') ?? '').toUpperCase()] ?? null,
      links,
      mentions: [],
      hashtags: [...new Set([...text.matchAll(/(?:^|\s)#([\p{L}\p{N}_]+)/gu)].map((m) => m[1]!))],
      media,
    };
  });
}

function urlsIn(text: string): string[] {
  return text.match(/https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g) ?? [];
}
