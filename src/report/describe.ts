/**
 * Words shared by the Markdown and HTML reports, so both say the same things the same way. The reports are
 * for people who are not programmers: no enum names (`list_add`, `not_found`), no finder names, dates
 * written out, counts summed up before long lists.
 */
import type { Confidence, ContactRef, Evidence, FinderName, Match, MatchStatus, VerifierName } from '../model/match.js';
import { CONFIDENCES } from '../model/match.js';
import type { Platform } from '../model/types.js';
import { platformLabel } from '../plan/labels.js';
import type { ActionStatus, ActionType } from '../plan/types.js';
import { reasonCodeText } from './reasonWords.js';
import type { Report, ReportAction, ReportEstimate, ReportExclusion } from './types.js';
import { formatDateTime } from './when.js';

/** Lists longer than this start folded (`<details>`); shorter ones start open. */
export const OPEN_LIMIT = 50;

export const STATUS_WORDS: Record<ActionStatus, string> = {
  planned: 'to do',
  sent: 'sent, not yet confirmed',
  done: 'done',
  pending: 'waiting for their approval',
  failed: 'failed',
  skipped: 'skipped',
};

export const TYPE_WORDS: Record<ActionType, string> = {
  follow: 'Follow',
  block: 'Block',
  mute: 'Mute',
  list_add: 'Add to list',
  post: 'Post',
  media: 'Upload media',
  video: 'Upload video',
};

export const CONFIDENCE_WORDS: Record<Confidence, string> = {
  verified: 'verified: their fediverse profile links back to their old profile',
  high: 'high: they named this account themselves, or your map file says so',
  medium: 'medium: a search found an account with a closely matching name',
  low: 'low: the same user name elsewhere, not confirmed',
};

/** A match's result as a short heading word, for grouping the contacts we did not find. */
export const MATCH_STATUS_TITLES: Record<MatchStatus, string> = {
  found: 'Found',
  not_found: 'No fediverse account found',
  gone: 'Account gone (deleted or closed)',
  ambiguous: 'Several possible accounts: check by hand',
  error: 'Could not be checked this time',
};

const FINDER_WORDS: Record<FinderName, string> = {
  explicit: 'Found in their own profile',
  map: 'Found in your map file',
  search: "Found by your server's search",
  guess: 'Found by trying the same user name',
  website: 'Found on their website',
  bridge: 'Found through the Bluesky bridge',
  channels: "Found by your PeerTube server's channel search",
  index: 'Found in the PeerTube channel index',
};

const VERIFIER_WORDS: Record<VerifierName, string> = {
  webfinger: 'the account exists',
  actor: 'the profile was read',
  backlink: 'their new profile links back to the old one',
  search: 'the search result matches',
};

export { platformLabel };

export function contactLabel(c: ContactRef): string {
  const user = c.username !== null ? `@${c.username}` : null;
  if (c.displayName !== null && user !== null && c.displayName !== c.username) return `${c.displayName} (${user})`;
  return c.displayName ?? user ?? (c.id !== null ? `account no. ${c.id} (no name in the export)` : 'unnamed contact');
}

/** The detail src/resolve/score.ts gives a back-link check that found a link to someone else's old profile. */
const CONFLICTING_BACKLINK = 'links to a different account: ';

/** One piece of evidence in words: how the account was found, how it was checked, and the detail. */
export function evidenceWords(e: Evidence): string {
  // A back-link to someone else is evidence against the match: it must not read as "links back to the old one".
  if (e.verifier === 'backlink' && e.detail.startsWith(CONFLICTING_BACKLINK)) {
    return `${FINDER_WORDS[e.finder] ?? e.finder}, but their profile links to a different old account, so it may be someone else: ${e.detail.slice(CONFLICTING_BACKLINK.length)}`;
  }
  const checked = e.verifier !== null ? ` (checked: ${VERIFIER_WORDS[e.verifier] ?? e.verifier})` : '';
  return `${FINDER_WORDS[e.finder] ?? e.finder}${checked}: ${e.detail}`;
}

/**
 * `2024-05-01T10:00:00.000Z` → `1 May 2024 at 10:00 (UTC)`, or on the reader's clock when the renderer is
 * given their time zone (`1 May 2024 at 12:00 (Europe/Berlin)`); anything unparsable stays as it is.
 */
export function formatDate(iso: string, timeZone = 'UTC'): string {
  return formatDateTime(iso, timeZone);
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'an unknown time';
  if (seconds < 60) return 'under a minute';
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (days > 0) return `about ${part(days, 'day')}${hours > 0 ? ` ${part(hours, 'hour')}` : ''}`;
  if (hours > 0) return `about ${part(hours, 'hour')}${minutes > 0 ? ` ${part(minutes, 'minute')}` : ''}`;
  return `about ${part(minutes, 'minute')}`;
}

/** `1234` → `1,234`, fixed (not the machine's locale), so reports read the same everywhere. */
export function fmt(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `3 accounts`, `1 account`. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${fmt(n)} ${n === 1 ? one : many}`;
}

export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  const p = (part / whole) * 100;
  return `${p > 0 && p < 1 ? '<1' : Math.round(p)}%`;
}

/** What a rate family counts, in words: `statuses` are posts, `media` uploads. */
const FAMILY_WORDS: Record<string, string> = { follows: 'follows', statuses: 'posts', media: 'uploads', requests: 'requests' };

function familyWords(family: string): string {
  return FAMILY_WORDS[family] ?? family.replace(/_/g, ' ');
}

/** `86400` → `day`, `10800` → `3 hours`, `1800` → `30 minutes`. */
function windowWords(seconds: number): string {
  if (seconds === 86_400) return 'day';
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${fmt(seconds / 3600)} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${fmt(seconds / 60)} minutes`;
  return `${fmt(seconds)} seconds`;
}

/** A family label as the estimate keeps it (`statuses/3h`) in words: `posts per 3 hours`. */
function labelWords(limitedBy: string): string | null {
  const m = /^([a-z_]+)\/(\d+)(h|min|s)$/.exec(limitedBy);
  if (!m) return null;
  const unit = m[3] === 'h' ? 3600 : m[3] === 'min' ? 60 : 1;
  return `${familyWords(m[1] as string)} per ${windowWords(Number(m[2]) * unit)}`;
}

/**
 * How long a plan takes and which of the server's rate limits sets it: `about 4 days: 300 posts per 3
 * hours`; `under a minute` when no limit slows it down.
 */
export function estimateWords(e: ReportEstimate): string {
  const time = formatDuration(e.seconds);
  if (e.limitedBy === 'none') return time;
  if (e.limit) return `${time}: ${fmt(e.limit.limit)} ${familyWords(e.limit.family)} per ${windowWords(e.limit.windowSeconds)}`;
  const words = labelWords(e.limitedBy);
  return words ? `${time}, set by the server's limit on ${words}` : time;
}

/** True when nothing has been sent yet: the report shows a plan. */
export function isPlanOnly(report: Report): boolean {
  return report.actions.every((a) => a.status === 'planned' || a.status === 'skipped');
}

/** Actions per lower-case handle, to show each found match's outcome. */
export function actionsByHandle(report: Report): Map<string, ReportAction[]> {
  const out = new Map<string, ReportAction[]>();
  for (const a of report.actions) {
    const h = a.target.replace(/^@/, '').toLowerCase();
    out.set(h, [...(out.get(h) ?? []), a]);
  }
  return out;
}

/** A reason code as the report keeps it (`reason` plus `detail`), in words (src/report/reasonWords.ts). */
export function reasonWords(code: string | null, detail: string | null = null): string {
  return code === null ? '' : reasonCodeText(code, detail);
}

/** Short words for a skip reason after a count: "1 already followed", "2 over the follow limit". */
const SKIP_COUNT_WORDS: Partial<Record<string, string>> = {
  already_following: 'already followed',
  already_blocked: 'already blocked',
  already_muted: 'already muted',
  already_in_list: 'already in the list',
  follow_limit: 'over the follow limit',
};

function skipCountWords(n: number, a: ReportAction): string {
  const short = a.reason !== null ? SKIP_COUNT_WORDS[a.reason] : undefined;
  return short ? `${fmt(n)} ${short}` : `${fmt(n)} because ${a.reason !== null ? reasonWords(a.reason, a.detail) : 'no reason given'}`;
}

/** What happens (or happened) to one account in one action, as a phrase: "followed", "will be muted". */
export function actionPhrase(a: ReportAction): string {
  const list = a.list !== null ? ` "${a.list}"` : '';
  const past: Record<ActionType, string> = {
    follow: 'followed', block: 'blocked', mute: 'muted', list_add: `added to the list${list}`, post: 'posted', media: 'uploaded', video: 'uploaded',
  };
  const noun: Record<ActionType, string> = {
    follow: 'follow', block: 'block', mute: 'mute', list_add: `adding to the list${list}`, post: 'post', media: 'upload', video: 'upload',
  };
  const why = a.reason ? `: ${reasonWords(a.reason, a.detail)}` : '';
  switch (a.status) {
    case 'planned':
      return `will be ${past[a.type]}${a.reason ? ` (${reasonWords(a.reason, a.detail)})` : ''}`;
    case 'sent':
      return `${noun[a.type]} sent, not yet confirmed`;
    case 'done':
      return past[a.type];
    case 'pending':
      return a.type === 'follow' ? 'follow request sent, waiting for their approval' : `${noun[a.type]} waiting for their approval`;
    case 'failed':
      return `${noun[a.type]} failed${why}`;
    case 'skipped':
      return `not ${past[a.type]}${why}`;
  }
}

export function matchOutcome(report: Report, match: Match, byHandle: Map<string, ReportAction[]>): string {
  const h = match.handle?.replace(/^@/, '').toLowerCase() ?? null;
  const actions = h === null ? [] : (byHandle.get(h) ?? []);
  if (actions.length > 0) {
    // A list addition that did not happen because its follow did not says nothing new.
    const follow = actions.find((a) => a.type === 'follow');
    const followMissed = follow !== undefined && (follow.status === 'skipped' || follow.status === 'failed') && follow.reason !== 'already_following';
    const shown = actions.filter((a) => !(followMissed && a.type === 'list_add' && (a.status === 'skipped' || a.status === 'failed')));
    // "Will be followed, muted and added to the list "From Twitter""; other states one by one.
    const planned = shown.filter((a) => a.status === 'planned' && !a.reason).map(pastWords);
    const done = shown.filter((a) => a.status === 'done').map(pastWords);
    const merged = (a: ReportAction) => a.status === 'done' || (a.status === 'planned' && !a.reason);
    // The follow's own news first ("not followed: you already follow them"), then the rest.
    const parts: string[] = shown.filter((a) => a.type === 'follow' && !merged(a)).map(actionPhrase);
    if (done.length > 0) parts.push(joinAnd(done));
    // After a run, what is still planned was not reached (a rate limit, an interruption).
    if (planned.length > 0) parts.push(isPlanOnly(report) ? `will be ${joinAnd(planned)}` : `not yet ${joinAnd(planned)} (run the same command again)`);
    for (const a of shown) if (a.type !== 'follow' && !merged(a)) parts.push(actionPhrase(a));
    const text = parts.join('; ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  const ex = report.excluded.find((e) => sameContact(e.contact, match.contact));
  return ex ? `Nothing done: ${reasonWords(ex.reason, ex.detail)}` : 'Nothing done';
}

function pastWords(a: ReportAction): string {
  return a.type === 'list_add' ? `added to the list${a.list !== null ? ` "${a.list}"` : ''}` : PAST[a.type];
}

const PAST: Record<ActionType, string> = { follow: 'followed', block: 'blocked', mute: 'muted', list_add: 'added to a list', post: 'posted', media: 'uploaded', video: 'uploaded' };

/** "a", "a and b", "a, b and c". */
export function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * What an action is about, as plain text: the account for account actions, `your Twitter post 1100` for a
 * post, `the file data/tweets_media/a.jpg` for an upload.
 */
export function actionSubject(a: ReportAction): string {
  if (a.type === 'post') {
    const colon = a.target.indexOf(':');
    return colon > 0 ? `your ${platformLabel(a.target.slice(0, colon) as Platform)} post ${a.target.slice(colon + 1)}` : `your post ${a.target}`;
  }
  if (a.type === 'media') return `the file ${a.target}`;
  return `@${a.target.replace(/^@/, '')}`;
}

/** An action's kind in words, with its list: `Follow`, `Add to the list "From Twitter"`. */
export function actionLabel(a: ReportAction): string {
  return a.type === 'list_add' && a.list !== null ? `Add to the list "${a.list}"` : TYPE_WORDS[a.type];
}

export function sameContact(a: ContactRef, b: ContactRef): boolean {
  return a.platform === b.platform && a.id === b.id && a.username === b.username && a.displayName === b.displayName;
}

export function matchStatusWords(m: Match): string {
  switch (m.status) {
    case 'found':
      return 'found';
    case 'not_found':
      return 'not found';
    case 'gone':
      return `gone${m.error ? ` (${m.error})` : ''}`;
    case 'ambiguous':
      return `several candidates${m.candidates?.length ? `: ${m.candidates.join(', ')}` : ''}`;
    case 'error':
      return `could not be checked${m.error ? ` (${m.error})` : ''}`;
  }
}

/** Items grouped by a key, in first-seen order. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}

/** Found matches per platform, strongest confidence first within each. */
export function groupByPlatform(matches: Match[]): Map<Platform, Match[]> {
  const out = groupBy(matches, (m) => m.contact.platform);
  for (const list of out.values()) list.sort((a, b) => CONFIDENCES.indexOf(a.confidence ?? 'low') - CONFIDENCES.indexOf(b.confidence ?? 'low'));
  return out;
}

/** The contacts we did not find, per result, the ones a person can act on first. */
export function missingGroups(report: Report): [Exclude<MatchStatus, 'found'>, Match[]][] {
  const order: Exclude<MatchStatus, 'found'>[] = ['ambiguous', 'error', 'gone', 'not_found'];
  const missing = report.matches.filter((m) => m.status !== 'found');
  return order.map((st) => [st, missing.filter((m) => m.status === st)] as [Exclude<MatchStatus, 'found'>, Match[]]).filter(([, l]) => l.length > 0);
}

/** Found matches that led to no action, grouped by why. */
export function notActedGroups(report: Report): Map<string, ReportExclusion[]> {
  return groupBy(report.excluded.filter((e) => e.handle !== null), (e) => reasonWords(e.reason, e.detail));
}

/** The actions a person should look at after a run, by state and then by reason. */
export interface AttentionGroup {
  status: ActionStatus;
  title: string;
  /** What this state means and what to do, in one sentence. */
  explain: string;
  byReason: Map<string, ReportAction[]>;
  total: number;
}

export function attentionGroups(report: Report): AttentionGroup[] {
  const planOnly = isPlanOnly(report);
  const defs: { status: ActionStatus; title: string; explain: string }[] = [
    { status: 'failed', title: 'Failed', explain: 'These did not work. The reason is given; fix what it says and run the same command again.' },
    { status: 'pending', title: 'Waiting for their approval', explain: 'These people approve followers by hand. Nothing to do but wait; `leave-platform status` shows who accepted.' },
    { status: 'sent', title: 'Sent, not yet confirmed', explain: 'The run stopped right after sending these. Run the same command again: it checks them and does nothing twice.' },
    { status: 'planned', title: 'Not done yet', explain: 'The run stopped before these (a rate limit or an interruption) or they wait for another step. Run the same command again later.' },
  ];
  const out: AttentionGroup[] = [];
  for (const d of defs) {
    if (d.status === 'planned' && planOnly) continue;
    const actions = report.actions.filter((a) => a.status === d.status);
    if (actions.length === 0) continue;
    out.push({ ...d, byReason: groupBy(actions, (a) => reasonWords(a.reason, a.detail)), total: actions.length });
  }
  return out;
}

/**
 * One line per action type: "Follow: 7 to do; 3 skipped (1 you already follow them, 2 over the limit…)".
 * Only non-zero counts are named, so a plan does not read as a grid of zeros.
 */
export function actionTypeLines(report: Report): { type: ActionType; label: string; result: string }[] {
  const order: readonly ActionStatus[] = ['done', 'pending', 'sent', 'planned', 'failed', 'skipped'];
  const types = Object.keys(report.summary.actionsByType) as ActionType[];
  return types.map((t) => {
    const counts = report.summary.actionsByType[t];
    const parts: string[] = [];
    for (const st of order) {
      const n = counts?.[st] ?? 0;
      if (n === 0) continue;
      let part = `${fmt(n)} ${STATUS_WORDS[st]}`;
      if (st === 'skipped') {
        const reasons = groupBy(report.actions.filter((a) => a.type === t && a.status === 'skipped'), (a) => reasonWords(a.reason, a.detail));
        part += ` (${[...reasons.values()].map((l) => skipCountWords(l.length, l[0] as ReportAction)).join(', ')})`;
      }
      parts.push(part);
    }
    return { type: t, label: TYPE_WORDS[t], result: parts.join(', ') || 'nothing' };
  });
}

/** Exports whose contacts have a name but no user name that could also be theirs on the fediverse. */
const NAME_ONLY_PLATFORMS: ReadonlySet<Platform> = new Set<Platform>(['facebook', 'linkedin']);

/** The one-sentence state of the whole migration, for the top of the report. */
export function headline(report: Report): string {
  const a = report.summary.actions;
  const total = report.actions.length;
  if (total === 0) {
    return report.destination === null
      ? 'No new account was given: this report shows who was found, and nothing was planned.'
      : 'Nothing needs to be done on your new account.';
  }
  if (isPlanOnly(report)) {
    return a.planned > 0
      ? `This is a plan: nothing has been done yet. ${count(a.planned, 'step')} would be carried out${a.skipped > 0 ? `, ${fmt(a.skipped)} skipped` : ''}.`
      : 'Nothing is left to do: everything is already in place or was skipped.';
  }
  const parts = [`${fmt(a.done)} of ${count(total, 'step')} done`];
  if (a.pending > 0) parts.push(`${fmt(a.pending)} waiting for approval`);
  if (a.failed > 0) parts.push(`${fmt(a.failed)} failed`);
  if (a.planned + a.sent > 0) parts.push(`${fmt(a.planned + a.sent)} not finished yet`);
  if (a.skipped > 0) parts.push(`${fmt(a.skipped)} skipped`);
  return `${parts.join(', ')}.`;
}

/** Plain next steps, from what the report holds. */
export function nextSteps(report: Report): string[] {
  const s = report.summary;
  const steps: string[] = [];
  const planOnly = isPlanOnly(report);
  if (planOnly && s.actions.planned > 0) {
    steps.push(
      report.destination === null
        ? 'Run the same command with `--to @you@your.server` to carry out this plan, or upload the CSV files at your server\'s Preferences → Import and export → Import.'
        : 'This is a plan: nothing has been done yet. Run the same command without `--dry-run` to carry it out.',
    );
  } else if (s.actions.planned > 0 || s.actions.sent > 0) {
    steps.push('Some actions are not finished (a rate limit or an interruption). Run the same command again: it continues where it stopped and does nothing twice.');
  }
  if (s.actions.pending > 0) {
    steps.push('Some people approve their followers by hand. Run `leave-platform status` in a few days to see who accepted.');
  }
  if (s.actions.failed > 0) {
    steps.push('Some actions failed; the reason is given next to each. Fix what the reason says (for example sign in again) and run the same command again.');
  }
  if (report.excluded.some((e) => e.reason === 'below_min_confidence')) {
    steps.push('Some matches are less certain and were left out. Check them below; run again with `--min-confidence medium` (or `low`), or approve them one by one in the interactive review.');
  }
  if (s.matches.ambiguous > 0) {
    steps.push('For some contacts we found several possible accounts. Look at the candidates below and follow the right one yourself, or add it to a map file (`--map`).');
  }
  if (report.excluded.some((e) => e.reason === 'follow_limit') || report.actions.some((a) => a.reason === 'follow_limit')) {
    steps.push('You reached the limit of follows one account may have. Unfollow accounts you no longer read, then run the same command again.');
  }
  const posts = report.posts;
  if (posts !== null && (posts.excludedPosts.length > 0 || posts.mediaLeftOut.length > 0)) {
    steps.push('Some posts, pictures or videos are left out; "Your posts" below says which and why. Change the options it names (for example `--kinds` or `--include-private`) if you want them too.');
  }
  const namesOnly = report.matches.filter((m) => m.status === 'not_found' && NAME_ONLY_PLATFORMS.has(m.contact.platform)).length;
  if (namesOnly > 0 && !report.matches.some((m) => m.evidence.some((e) => e.finder === 'search'))) {
    steps.push(`${count(namesOnly, 'contact')} not found ${namesOnly === 1 ? 'is' : 'are'} known only by name (Facebook and LinkedIn give no fediverse-like user name), and names are looked up only through your server's search: sign in (\`leave-platform login @you@your.server\`) and run the same command with \`--to\`, and the tool searches their names there. What a name finds is less certain: you check it before anyone is followed.`);
  }
  if (s.matches.not_found > 0) {
    steps.push('People keep moving to the fediverse: run the same command again in a few weeks to find more of your contacts.');
  }
  if (s.matches.error > 0) {
    steps.push(`${count(s.matches.error, 'contact')} could not be checked (a server did not answer): that is not "not found". Run the same command again to check them.`);
  }
  if (steps.length === 0) steps.push('Nothing left to do.');
  return steps;
}
