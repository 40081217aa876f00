/**
 * The post planner: a pure function of the model, the matches, the options, the destination's profile,
 * the archive's declared media sizes and the journal, giving the `media` and `post` actions of an import
 * (issue 8, section 2). No I/O.
 *
 * For each selected post, in thread order (orderThreads):
 * - its media, one action each (`media:<platform>:<postId>:<n>`, n from 1), alt text kept. A file the
 *   export lacks (path null) is planned as a `skipped` item with `media_missing` at once rather than left to
 *   fail at upload: the report shows it the same, the dry run already knows, and nothing waits for it. A
 *   video or audio file over the server's `videoMaxBytes` (by the size the archive declares) is `skipped`
 *   with `media_too_large`; images over the limit are planned, since the executor scales them down.
 * - its parts (`post:<platform>:<postId>:<part>`, part from 1): the text (quote link or repost link added,
 *   mentions rewritten, split to the server's limit with " (k/n)" markers, the footer on the last part).
 *   Media beyond `maxMedia` continue in the following parts (a 20-picture carousel on Mastodon: 5 parts).
 *   Part 1 replies to the last part of the parent post when the parent is imported; part k replies to
 *   part k-1. `after` = the part it replies to, then its media.
 * - backdating where the server can (GoToSocial 0.18+, `backdate: 'auto'`): `backdateTo` is the original
 *   date (part k one second later per part, so a thread keeps its order), and no footer by default. A post
 *   dated at or before 1970-01-01 cannot be backdated (GoToSocial refuses it): it is posted as a new post,
 *   with the footer. Replies to other people are never replies here (their parent is not imported) and
 *   mentions are rewritten as links, which keeps GoToSocial's rules for backdated posts.
 * - a post left with neither text nor media once its media are skipped is excluded with that media's reason.
 *
 * The journal's state wins for actions already under way (sent, done, pending, failed keep their status);
 * `skipped` and `planned` are recomputed each run.
 */
import type { Match } from '../../model/match.js';
import type { Media, Model, Post } from '../../model/types.js';
import type { DestinationProfile } from '../../destinations/profile.js';
import { type Reason, reason } from '../reasons.js';
import type {
  ActionState, ActionStatus, MediaAction, PlanItem, PlanNote, PostAction, PostExclusion, PostVisibilityOut,
} from '../types.js';
import { countCharacters } from './countCharacters.js';
import { SHORT_FOOTER, footerTemplateFor, renderFooter } from './footer.js';
import { graphemeCount } from './graphemes.js';
import { buildHandleMap } from './handleMap.js';
import { orderThreads } from './orderThreads.js';
import { type MentionStyle, rewriteMentions } from './rewriteMentions.js';
import { type SelectOptions, postKey, postSource, postVisibility, selectPosts, selectionKind } from './selectPosts.js';
import { partMarker, splitText } from './splitText.js';
import { postLanguage } from './language.js';

export interface PostPlanOptions extends SelectOptions {
  /** Default `unlisted`; never wider than the source post's. */
  visibility: PostVisibilityOut;
  mentions: MentionStyle;
  /** A template, `none`, or null for the default rule (a footer only where a post is not backdated). */
  footer: string | null;
  backdate: 'auto' | 'never';
  /** " (k/n)" on the parts of a split post; default true. */
  markers?: boolean;
  /** Prefix of a repost's link; default "🔁 " (no words, so no language to choose). */
  repostPrefix?: string;
}

export interface PlanPostsInput {
  model: Pick<Model, 'account' | 'posts'>;
  matches: readonly Match[];
  options: PostPlanOptions;
  profile: DestinationProfile;
  /** The uncompressed size the archive declares for a media file, or null when unknown. */
  mediaSize: (archive: string | null, path: string | null) => number | null;
  /** Action key → state, from the journal. */
  journal: ReadonlyMap<string, ActionState>;
}

export interface PostPlan {
  items: PlanItem[];
  excluded: PostExclusion[];
  notes: PlanNote[];
}

export const DEFAULT_REPOST_PREFIX = '🔁 ';

export function mediaKey(post: Pick<Post, 'platform' | 'id'>, n: number): string {
  return `media:${post.platform}:${post.id}:${n}`;
}

export function postPartKey(post: Pick<Post, 'platform' | 'id'>, part: number): string {
  return `post:${post.platform}:${post.id}:${part}`;
}

export function planPosts(input: PlanPostsInput): PostPlan {
  const { model, options, profile, journal } = input;
  const { selected, excluded } = selectPosts(model, options);
  const limits = profile.posts;
  const ownIds = new Set(model.posts.map((p) => postKey(p.platform, p.id)));
  const kindOf = (p: Post) => selectionKind(p, model.account, ownIds);
  if (limits === null) {
    for (const post of selected) {
      excluded.push({ source: postSource(post, model.account), kind: kindOf(post), reason: reason('unsupported_by_destination', profile.software) });
    }
    return { items: [], excluded, notes: [] };
  }

  const handles = buildHandleMap(input.matches);
  const markers = options.markers ?? true;
  const items: PlanItem[] = [];
  const lastPartOf = new Map<string, string>();
  let split = 0;
  let splitParts = 0;
  let backdated = 0;
  let overMedia = 0;
  let planned = 0;

  for (const { post, parent } of orderThreads(selected)) {
    const source = postSource(post, model.account);
    const mediaItems = post.media.map((m, i) => mediaItem(post, m, i + 1, input));
    items.push(...mediaItems);
    const usable = mediaItems.filter((i) => i.status !== 'skipped').map((i) => i.action.key);

    const text = rewriteMentions(composeText(post, options.repostPrefix ?? DEFAULT_REPOST_PREFIX), post, {
      mentions: options.mentions,
      handles,
    }).trim();
    if (text === '' && usable.length === 0) {
      const skippedMedia = mediaItems.find((i) => i.reason !== null)?.reason ?? null;
      excluded.push({ source, kind: kindOf(post), reason: skippedMedia ?? reason('empty_post') });
      continue;
    }

    const backdateTo = options.backdate === 'auto' && limits.canBackdate ? backdateOf(post.createdAt) : null;
    const spoilerText = (post as PostWithWarnings).contentWarning ?? null;
    const sensitive = (post as PostWithWarnings).sensitive ?? false;
    const reserve = spoilerText ? graphemeCount(spoilerText) : 0;

    const template = footerTemplateFor(options.footer, backdateTo !== null);
    let footer = template === null ? null : renderFooter(template, { platform: post.platform, createdAt: post.createdAt, url: source.url });
    let reserveLast = footer ? 2 + countCharacters(footer, { urlLength: limits.urlLength }) : 0;
    // A footer that would leave too little room for the post itself is dropped rather than break it up.
    if (footer === '' || reserveLast > limits.maxCharacters / 2) {
      footer = null;
      reserveLast = 0;
    }
    // The default footer never turns a post that fits into a thread: it gets shorter (no address), or goes.
    if (footer !== null && options.footer === null) {
      const alone = countCharacters(text, { urlLength: limits.urlLength }) + reserve;
      const fits = (room: number) => alone + room <= limits.maxCharacters;
      if (alone <= limits.maxCharacters && !fits(reserveLast)) {
        const short = renderFooter(SHORT_FOOTER, { platform: post.platform, createdAt: post.createdAt, url: null });
        const shortRoom = 2 + countCharacters(short, { urlLength: limits.urlLength });
        footer = short !== '' && fits(shortRoom) ? short : null;
        reserveLast = footer === null ? 0 : shortRoom;
      }
    }

    const maxMedia = Math.max(1, limits.maxMedia);
    const mediaParts = Math.ceil(usable.length / maxMedia);
    if (usable.length > maxMedia) overMedia += 1;
    const textParts = text === ''
      ? []
      : splitText(text, limits, { reserve, reserveLast, markers, minParts: Math.max(1, mediaParts) });
    const parts = Math.max(textParts.length, mediaParts, 1);
    if (parts > 1) {
      split += 1;
      splitParts += parts;
    }

    let replyTo = parent === null ? null : lastPartOf.get(postKey(parent.platform, parent.id)) ?? null;
    for (let k = 1; k <= parts; k++) {
      let partText = textParts[k - 1] ?? (markers && parts > 1 ? partMarker(k, parts).trim() : '');
      if (k === parts && footer !== null) partText = partText === '' ? footer : `${partText}\n\n${footer}`;
      const media = usable.slice((k - 1) * maxMedia, k * maxMedia);
      const key = postPartKey(post, k);
      const action: PostAction = {
        key,
        type: 'post',
        source,
        part: k,
        parts,
        text: partText,
        spoilerText,
        sensitive,
        visibility: postVisibility(post.visibility, options.visibility),
        language: postLanguage(post.language),
        replyTo,
        media,
        backdateTo: backdateTo === null ? null : new Date(Date.parse(backdateTo) + (k - 1) * 1000).toISOString(),
      };
      items.push({ action, ...journalWins(journal.get(key), { status: 'planned', reason: null }), after: [...(replyTo === null ? [] : [replyTo]), ...media] });
      replyTo = key;
    }
    lastPartOf.set(postKey(post.platform, post.id), replyTo!);
    planned += 1;
    if (backdateTo !== null) backdated += 1;
  }

  const notes: PlanNote[] = [];
  if (split > 0) notes.push({ code: 'posts_split', posts: split, parts: splitParts });
  if (backdated > 0) notes.push({ code: 'posts_backdated', count: backdated, software: profile.software });
  if (planned > 0 && !limits.canBackdate) notes.push({ code: 'posts_not_backdated', software: profile.software });
  if (overMedia > 0) notes.push({ code: 'media_over_limit', posts: overMedia, maxMedia: limits.maxMedia });
  return { items, excluded, notes };
}

/** Post with the content-warning fields another change adds to the model (read defensively until then). */
type PostWithWarnings = Post & { contentWarning?: string | null; sensitive?: boolean };

/** The text before mention rewriting: a quote gets the quoted post's link, a repost becomes its link. */
export function composeText(post: Post, repostPrefix: string = DEFAULT_REPOST_PREFIX): string {
  if (post.kind === 'repost' && post.repostOfUrl !== null) return `${repostPrefix}${post.repostOfUrl}`;
  const text = post.text.trim();
  if (post.quoteOfUrl !== null && !text.includes(post.quoteOfUrl)) return text === '' ? post.quoteOfUrl : `${text}\n\n${post.quoteOfUrl}`;
  if (text === '' && post.media.length === 0 && post.links.length > 0) return post.links.join('\n');
  return text;
}

/** The original date to backdate to; null when there is none or it is at or before the Unix epoch. */
function backdateOf(createdAt: string | null): string | null {
  if (createdAt === null) return null;
  const at = Date.parse(createdAt);
  if (Number.isNaN(at) || at <= 0) return null;
  return new Date(at).toISOString();
}

function mediaItem(post: Post, media: Media, n: number, input: PlanPostsInput): PlanItem {
  const key = mediaKey(post, n);
  const size = media.path === null ? null : input.mediaSize(media.archive, media.path);
  const action: MediaAction = {
    key,
    type: 'media',
    source: { platform: post.platform, postId: post.id },
    archive: media.archive,
    path: media.path,
    mediaType: media.type,
    alt: media.alt,
    size,
  };
  return { action, ...journalWins(input.journal.get(key), mediaState(media, size, input.profile)), after: [] };
}

function mediaState(media: Media, size: number | null, profile: DestinationProfile): { status: ActionStatus; reason: Reason | null } {
  if (media.path === null) return { status: 'skipped', reason: reason('media_missing') };
  const videoMax = profile.media?.videoMaxBytes ?? null;
  if ((media.type === 'video' || media.type === 'audio') && videoMax !== null && size !== null && size > videoMax) {
    return { status: 'skipped', reason: reason('media_too_large', `${size} > ${videoMax}`) };
  }
  return { status: 'planned', reason: null };
}

/** The journal's state for an action under way; otherwise what this run computes. */
function journalWins(
  journaled: ActionState | undefined,
  computed: { status: ActionStatus; reason: Reason | null },
): { status: ActionStatus; reason: Reason | null } {
  if (journaled !== undefined && journaled.status !== 'skipped' && journaled.status !== 'planned') {
    return { status: journaled.status, reason: journaled.reason };
  }
  return computed;
}
