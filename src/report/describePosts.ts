/**
 * Words for the posts part of the reports, shared by the Markdown and HTML renderers so both say the same
 * things: kinds of post, visibility, dates and backdating, media with their descriptions, what is left out
 * and why (reason codes through src/report/reasonWords.ts), and the preview grouped into threads.
 */
import type { Platform } from '../model/types.js';
import type { ActionStatus, PostVisibilityOut } from '../plan/types.js';
import { count, estimateWords, fmt, formatDate, groupBy, joinAnd, platformLabel, reasonWords } from './describe.js';
import type { ReportMediaLeftOut, ReportPostExclusion, ReportPostMedia, ReportPostPart, ReportPosts } from './types.js';

/** The kinds of post (`--kinds`), as headings for their counts. */
const KIND_TITLES: Record<string, string> = {
  post: 'Your own posts',
  thread: 'Replies to your own posts (threads)',
  reply: 'Replies to other people',
  repost: 'Reposts',
  quote: 'Quotes of other posts',
  video: 'Videos',
  article: 'Articles',
};

export const VISIBILITY_WORDS: Record<PostVisibilityOut, string> = {
  public: 'public',
  unlisted: 'unlisted (on your profile, not in public timelines)',
  private: 'followers only',
};

const MEDIA_WORDS: Record<string, [string, string]> = {
  image: ['picture', 'pictures'],
  gif: ['animated picture', 'animated pictures'],
  video: ['video', 'videos'],
  audio: ['sound file', 'sound files'],
};

/** Left-out posts listed per reason before "and N more". */
export const LEFT_OUT_LISTED = 50;

export function kindTitle(kind: string): string {
  return KIND_TITLES[kind] ?? `${kind.charAt(0).toUpperCase()}${kind.slice(1).replace(/_/g, ' ')}`;
}

export function mediaNoun(type: string, n = 1): string {
  const [one, many] = MEDIA_WORDS[type] ?? ['file', 'files'];
  return n === 1 ? one : many;
}

/** One sentence for the top of the posts part: what goes, as how many statuses, and what stays out. */
export function postsSummary(p: ReportPosts, planOnly: boolean): string {
  if (p.posts === 0 && p.excludedPosts.length === 0) return 'Your export holds no posts to carry over.';
  const parts: string[] = [];
  if (p.posts === 0) {
    parts.push('None of the posts in your export will be carried over.');
  } else {
    const becomes = p.statuses !== p.posts ? ` as ${count(p.statuses, 'post')} on your new account` : '';
    const media = p.media > 0 ? `, with ${mediaTypeCounts(p.mediaByType)}` : '';
    parts.push(`${count(p.posts, 'post')} from your export ${planOnly ? (p.posts === 1 ? 'is' : 'are') : (p.posts === 1 ? 'was' : 'were')} chosen to carry over${becomes}${media}.`);
  }
  if (p.excludedPosts.length > 0) parts.push(`${count(p.excludedPosts.length, 'post')} ${p.excludedPosts.length === 1 ? 'is' : 'are'} left out; the reasons are below.`);
  if (p.mediaLeftOut.length > 0) parts.push(`${count(p.mediaLeftOut.length, 'file')} cannot go with ${p.mediaLeftOut.length === 1 ? 'its post' : 'their posts'}.`);
  return parts.join(' ');
}

/** Counts per kind, in the order of KIND_TITLES. */
export function kindLines(p: ReportPosts): { label: string; count: number }[] {
  const order = Object.keys(KIND_TITLES);
  return Object.entries(p.byKind)
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
    .map(([k, n]) => ({ label: kindTitle(k), count: n }));
}

/** "Posting takes about 4 days: 300 posts per 3 hours." */
export function postsEstimateWords(p: ReportPosts): string | null {
  return p.estimate === null ? null : `Posting takes ${estimateWords(p.estimate)}.`;
}

/** The videos to upload against the account's quota: "2 videos (1.2 GB) go into the channel ...; quota: 3.1 GB used of 10 GB, 5.7 GB left after them." */
export function videosWords(p: ReportPosts): string | null {
  const v = p.videos;
  if (v === null) return null;
  const what = `${v.count} ${v.count === 1 ? 'video' : 'videos'} (${bytesWords(v.bytes)}) go${v.count === 1 ? 'es' : ''} into ${v.channel ? `the channel ${v.channel}` : 'your channel'}`;
  if (v.quotaBytes === null) return `${what}; your video quota has no limit.`;
  const used = v.quotaUsedBytes ?? 0;
  const left = v.quotaBytes - used - v.bytes;
  return `${what}; your video quota: ${bytesWords(used)} used of ${bytesWords(v.quotaBytes)}, ${left >= 0 ? `${bytesWords(left)} left after them` : `${bytesWords(-left)} too little for all of them`}.`;
}

function bytesWords(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u += 1;
  }
  return u === 0 ? `${n} bytes` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** Posts left out, grouped by the reason in words. */
export function leftOutGroups(p: ReportPosts): Map<string, ReportPostExclusion[]> {
  return groupBy(p.excludedPosts, (e) => reasonWords(e.reason, e.detail));
}

/** Media files that do not go, grouped by the reason in words. */
export function mediaLeftOutGroups(p: ReportPosts): Map<string, ReportMediaLeftOut[]> {
  return groupBy(p.mediaLeftOut, (m) => reasonWords(m.reason, m.detail));
}

/** A source post in words: `Twitter post of 2 January 2020 at 03:04 (UTC)`; its address is given apart. */
export function sourceWords(source: { platform: Platform; createdAt: string | null }, timeZone: string): string {
  const label = `${platformLabel(source.platform)} post`;
  return source.createdAt === null ? `${label} without a date` : `${label} of ${formatDate(source.createdAt, timeZone)}`;
}

/** A left-out media file: `picture data/tweets_media/a.jpg (Twitter post 1100)`. */
export function mediaLeftOutWords(m: ReportMediaLeftOut): string {
  return `${mediaNoun(m.type)} ${m.path ?? '(no file in the export)'} (${platformLabel(m.post.platform)} post ${m.post.id})`;
}

/**
 * The preview's statuses grouped into threads, in sending order: a status answering one shown earlier
 * joins that one's thread (the parts of a split post, a reply to your own post).
 */
export function previewThreads(preview: readonly ReportPostPart[]): ReportPostPart[][] {
  const threads: ReportPostPart[][] = [];
  const threadOf = new Map<string, ReportPostPart[]>();
  for (const part of preview) {
    let thread = part.replyTo !== null ? threadOf.get(part.replyTo) : undefined;
    if (thread === undefined) {
      thread = [];
      threads.push(thread);
    }
    thread.push(part);
    threadOf.set(part.key, thread);
  }
  return threads;
}

/** A thread's heading: `A thread of 4 posts`, or the one post's own. */
export function threadTitle(thread: readonly ReportPostPart[], timeZone: string): string {
  const first = thread[0] as ReportPostPart;
  const sources = new Set(thread.map((t) => `${t.source.platform}:${t.source.id}`));
  if (thread.length === 1) return sourceWords(first.source, timeZone);
  const split = sources.size === 1 ? `, split because it is longer than your server allows` : '';
  return `A thread of ${fmt(thread.length)} posts${split}, from a ${sourceWords(first.source, timeZone)}`;
}

/** What a person needs to know about one status, besides its text: part, date, visibility, state. */
export function partFacts(part: ReportPostPart, timeZone: string, planOnly: boolean): string[] {
  const facts: string[] = [];
  if (part.parts > 1) facts.push(`part ${fmt(part.part)} of ${fmt(part.parts)}`);
  if (part.backdateTo !== null) facts.push(`keeps its original date, ${formatDate(part.backdateTo, timeZone)}`);
  else facts.push(part.source.createdAt !== null ? `appears as a new post (first posted ${formatDate(part.source.createdAt, timeZone)})` : 'appears as a new post');
  facts.push(VISIBILITY_WORDS[part.visibility]);
  if (part.sensitive && part.spoilerText === null) facts.push('marked sensitive: its pictures are hidden until opened');
  const state = statusWords(part.status, part.reason, part.detail, planOnly, 'posted');
  if (state !== null) facts.push(state);
  return facts;
}

/** An attached file in words: `picture data/a.jpg, described as "…"` or `…, without a description`. */
export function mediaWords(m: ReportPostMedia): { file: string; alt: string | null; note: string | null } {
  const state = m.status === 'skipped' || m.status === 'failed' ? `left out: ${reasonWords(m.reason, m.detail)}` : null;
  return { file: `${mediaNoun(m.type)} ${m.path ?? '(no file in the export)'}`, alt: m.alt !== null && m.alt.trim() !== '' ? m.alt : null, note: state };
}

function statusWords(status: ActionStatus, reason: string | null, detail: string | null, planOnly: boolean, past: string): string | null {
  const why = reason !== null ? `: ${reasonWords(reason, detail)}` : '';
  switch (status) {
    case 'planned':
      return planOnly ? (reason !== null ? `waits${why}` : null) : `not ${past} yet (run the same command again)`;
    case 'sent':
      return 'sent, not yet confirmed';
    case 'done':
      return past;
    case 'pending':
      return `waiting${why}`;
    case 'failed':
      return `failed${why}`;
    case 'skipped':
      return `not ${past}${why}`;
  }
}

/** "3 pictures and 1 video". */
function mediaTypeCounts(byType: Record<string, number>): string {
  return joinAnd(Object.entries(byType).filter(([, n]) => n > 0).map(([t, n]) => `${fmt(n)} ${mediaNoun(t, n)}`));
}
