/**
 * Reason codes and plan notes in words, for people (the CLI's summaries and the Markdown and HTML
 * reports). The planner, the apply layer and the journal only hold codes (src/plan/reasons.ts); this is
 * the one place that says them.
 */
import { platformLabel } from '../plan/labels.js';
import type { Reason, ReasonCode } from '../plan/reasons.js';
import type { PlanNote } from '../plan/types.js';
import type { Platform } from '../model/types.js';

/** Words per code; `d` is the reason's detail (may be absent). */
const WORDS: Record<ReasonCode, (d: string | null) => string> = {
  already_following: () => 'you already follow them',
  already_blocked: () => 'already blocked',
  already_muted: () => 'already muted',
  already_in_list: () => 'already in that list',
  follow_limit: () => 'over the limit of follows per account',
  follow_pending: () => 'follow request sent; waits for the other side to accept',
  follow_declined: () => 'the follow request was declined or withdrawn',
  list_waits_for_follow: () => 'waits until the follow request is accepted',
  list_follow_failed: (d) => `the follow did not happen${d ? ` (${codeOrText(d)})` : ''}`,
  list_not_followed: () => 'the account is not followed, so it is not added to the list',
  list_unnamed: () => 'the list has no name',
  rate_limited: (d) => `the server's rate limit${d ? ` (${d})` : ''}; not sent yet`,
  interrupted: () => 'stopped before it was sent; not sent yet',
  lookup_failed: (d) => `your server could not look the account up${detail(d)}`,
  account_not_found: (d) => `your server found no account ${d ?? ''}`.trim(),
  refused: (d) => `the server refused it${detail(d)}`,
  forbidden: (d) => `not permitted${detail(d)}`,
  unauthorized: () => 'the server refused the sign-in; sign in again',
  not_found: (d) => `not found on the server${detail(d)}`,
  server_error: (d) => `the server had an error${detail(d)}; a re-run tries again`,
  network_error: (d) => `the server could not be reached${detail(d)}; a re-run tries again`,
  bad_response: (d) => `the server's answer made no sense${detail(d)}`,
  could_not_check: (d) => `could not check whether an earlier attempt went through${detail(d)}; a re-run checks again`,
  unsupported_by_destination: () => 'your server cannot do this',
  quota_reached: () => 'your video quota on the server is used up',
  parent_failed: () => 'the post it answers could not be posted',
  waits_for_parent: () => 'waits for the post it answers',
  waits_for_media: () => 'waits for its pictures or videos to be ready',
  media_missing: (d) => `the file is not in the export${detail(d)}`,
  media_unreadable: (d) => `the file is damaged or not a picture or video${detail(d)}`,
  media_too_large: (d) => `the file is larger than the server accepts${detail(d)}`,
  media_too_many_pixels: (d) => `the picture is larger than the server accepts${detail(d)}`,
  media_unsupported: (d) => `the server does not accept this kind of file${detail(d)}`,
  media_processing_failed: (d) => `the server could not process the file${detail(d)}`,
  media_over_post_limit: () => 'more pictures than one post may hold',
  media_failed: (d) => `an upload failed${detail(d)}`,
  post_empty: () => 'nothing left to post (no text, and no picture could go)',
  post_too_long: () => 'longer than the server allows',
  backdate_refused: (d) => `the server refused to post it with its original date${detail(d)}`,
  video_over_quota: (d) => `it would not fit in your video quota on the server${d ? ` (${d})` : ''}`,
  channel_not_found: (d) => `your account has no channel ${d ?? ''}`.trim(),
  upload_session_lost: () => 'the server forgot the unfinished upload; a re-run starts it again',
  no_account_found: () => 'no fediverse account found',
  account_gone: (d) => `the account is gone${detail(d)}`,
  ambiguous: (d) => `several possible accounts${d ? `: ${d}` : ''}`,
  lookup_error: (d) => `could not be checked${detail(d)}`,
  not_in_archive: () => 'not among the contacts of this export',
  blocked_not_asked: (d) => `blocked on ${platformOf(d)}; blocking here was not asked for`,
  follows_off: () => 'follows were switched off',
  muted_not_asked: (d) => `muted on ${platformOf(d)}; muting here was not asked for`,
  follower_not_asked: (d) => `follows you on ${platformOf(d)}; followers are not followed unless asked`,
  no_relation: (d) => `no relation to act on${d ? ` (${d})` : ''}`,
  unchecked_by_you: () => 'unchecked by you',
  // The detail is `<the match's level> < <the minimum>`; only the minimum is said, so that the report
  // groups every match below it under one reason.
  below_min_confidence: (d) => {
    const min = d ? /<\s*(\S+)\s*$/.exec(d)?.[1] : undefined;
    return min ? `below the minimum (${min}) for acting without your approval` : 'below your minimum confidence; not acted on without your approval';
  },
  reply_to_others: () => 'a reply to someone else (add reply to --kinds to bring these)',
  repost_not_asked: () => 'a repost of someone else (add repost to --kinds to bring these)',
  kind_not_asked: (d) => (d ? `${KIND_WORDS[d] ?? 'a kind of post'} not asked for (add ${d} to --kinds to bring these)` : 'not among the kinds asked for'),
  not_public: (d) => d === 'direct'
    ? 'a direct message, never posted'
    : 'not public on the old platform (add --include-private to post it for your followers only)',
  before_since: (d) => (d === 'no_date' ? 'has no date, so it cannot be placed after --since' : 'older than --since'),
  after_until: (d) => (d === 'no_date' ? 'has no date, so it cannot be placed before --until' : 'newer than --until'),
  not_own_post: () => "written on someone else's page or in a group",
  empty_post: () => 'no text, link or picture',
  before_epoch: () => 'dated before 1970',
  other: (d) => d ?? 'no reason given',
};

/** The kinds of post (`--kinds`), as a noun phrase. */
const KIND_WORDS: Record<string, string> = {
  post: 'a post of your own', thread: 'a reply to your own post', reply: 'a reply to someone else', repost: 'a repost',
  quote: 'a quote of another post', video: 'a video', article: 'an article',
};

export function reasonText(reason: Reason | null): string {
  if (reason === null) return '';
  const words = WORDS[reason.code] ?? WORDS.other;
  return words(reason.detail ?? null);
}

/**
 * A code as it is kept in reports and the journal (`reason` string plus `detail`), in words. A code this
 * version does not know (a newer version's journal) is said with spaces for underscores, never as a code.
 */
export function reasonCodeText(code: string | null, d: string | null = null): string {
  if (code === null) return '';
  const words = (WORDS as Record<string, ((d: string | null) => string) | undefined>)[code];
  if (words) return words(d);
  return `${code.replace(/_/g, ' ')}${detail(d)}`;
}

export function noteText(note: PlanNote): string {
  switch (note.code) {
    case 'follow_limit':
      return `The follow limit bites: an account may follow at most ${fmt(note.ceiling)} accounts, which leaves room for ${fmt(note.room)} more; ` +
        `${fmt(note.skipped)} ${note.skipped === 1 ? 'follow was' : 'follows were'} skipped (the weakest matches first). ` +
        'Unfollow accounts you no longer read, then run the same command again.';
    case 'followers_not_followed':
      return `${fmt(note.count)} ${note.count === 1 ? 'account that follows you was' : 'accounts that follow you were'} found; they are listed but not followed unless you ask for it (--followers).`;
    case 'below_min_confidence':
      return `${fmt(note.count)} ${note.count === 1 ? 'match is' : 'matches are'} below the minimum confidence (${note.minConfidence}); they are listed for review and not acted on without your approval.`;
    case 'posts_split':
      return `${fmt(note.posts)} ${note.posts === 1 ? 'post is' : 'posts are'} longer than your server allows; ${note.posts === 1 ? 'it becomes' : 'they become'} ${fmt(note.parts)} posts, each answering the one before.`;
    case 'posts_backdated':
      return `${fmt(note.count)} ${note.count === 1 ? 'post keeps its' : 'posts keep their'} original date: ${note.software} imports them quietly, without showing them to your followers.`;
    case 'posts_not_backdated':
      return note.software === 'unknown'
        ? 'Without your server known (sign in and give --to), posts are planned as new posts, with a line saying when they were first posted; GoToSocial 0.18 and later would keep their original dates.'
        : `Your server (${note.software}) cannot give posts their original date: they appear as new posts, with a line saying when they were first posted.`;
    case 'replies_public':
      return `Your server (${note.software}) makes every reply public, whatever visibility is asked: ${fmt(note.count)} ${note.count === 1 ? 'post that continues a thread or a long post' : 'posts that continue threads or long posts'} will be public there.`;
    case 'media_over_limit':
      return `${fmt(note.posts)} ${note.posts === 1 ? 'post has' : 'posts have'} more pictures than one post may hold (${note.maxMedia}); the rest follow in replies.`;
  }
}

function detail(d: string | null): string {
  return d ? ` (${d})` : '';
}

/** A detail that is itself a code (the follow's reason) in words, else as it is. */
function codeOrText(d: string): string {
  const words = (WORDS as Record<string, ((d: string | null) => string) | undefined>)[d];
  return words ? words(null) : d;
}

function platformOf(d: string | null): string {
  return d ? platformLabel(d as Platform) : 'the old platform';
}

function fmt(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
