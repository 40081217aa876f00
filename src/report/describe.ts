/** Words shared by the Markdown and HTML reports, so both say the same things the same way. */
import type { Confidence, ContactRef, Match } from '../model/match.js';
import { platformLabel } from '../plan/labels.js';
import type { ActionStatus, ActionType } from '../plan/types.js';
import type { Report, ReportAction } from './types.js';

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
};

export const CONFIDENCE_WORDS: Record<Confidence, string> = {
  verified: 'verified: their fediverse profile links back to their old profile',
  high: 'high: they named this account themselves, or your map file says so',
  medium: 'medium: a search found an account with a closely matching name',
  low: 'low: the same user name elsewhere, not confirmed',
};

export { platformLabel };

export function contactLabel(c: ContactRef): string {
  const user = c.username !== null ? `@${c.username}` : null;
  if (c.displayName !== null && user !== null && c.displayName !== c.username) return `${c.displayName} (${user})`;
  return c.displayName ?? user ?? (c.id !== null ? `id ${c.id}` : 'unnamed contact');
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

export function limitWords(limitedBy: string): string {
  switch (limitedBy) {
    case 'follows/24h':
      return "the server's limit on follows per day";
    case 'requests/5min':
      return "the server's limit on requests per five minutes";
    case 'statuses/3h':
      return "the server's limit on posts per three hours";
    case 'media/30min':
      return "the server's limit on uploads per half hour";
    default:
      return 'no rate limit';
  }
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

export function matchOutcome(report: Report, match: Match, byHandle: Map<string, ReportAction[]>): string {
  const h = match.handle?.replace(/^@/, '').toLowerCase() ?? null;
  const actions = h === null ? [] : (byHandle.get(h) ?? []);
  if (actions.length > 0) {
    return actions
      .map((a) => `${TYPE_WORDS[a.type]}${a.list !== null ? ` "${a.list}"` : ''}: ${STATUS_WORDS[a.status]}${a.reason ? ` (${a.reason})` : ''}`)
      .join('; ');
  }
  const ex = report.excluded.find((e) => sameContact(e.contact, match.contact));
  return ex ? `Nothing done: ${ex.reason}` : 'Nothing done';
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
      return `lookup failed${m.error ? ` (${m.error})` : ''}`;
  }
}

/** Plain next steps, from what the report holds. */
export function nextSteps(report: Report): string[] {
  const s = report.summary;
  const steps: string[] = [];
  const planOnly = isPlanOnly(report);
  if (planOnly && s.actions.planned > 0) {
    steps.push(
      report.destination === null
        ? 'Run the same command with --to @you@your.server to carry out this plan, or upload the CSV files at your server\'s Settings → Import and export → Import.'
        : 'This is a plan: nothing has been done yet. Run the same command without --dry-run to carry it out.',
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
  if (report.excluded.some((e) => e.reason.includes('below the minimum'))) {
    steps.push('Some matches are less certain and were left out. Check them below; run again with --min-confidence medium (or low), or approve them one by one in the interactive review.');
  }
  if (report.excluded.some((e) => e.reason.startsWith('follow limit')) || report.actions.some((a) => a.reason?.startsWith('follow limit'))) {
    steps.push('You reached the limit of 7,500 follows. Unfollow accounts you no longer read, then run the same command again.');
  }
  if (s.matches.not_found > 0) {
    steps.push('People keep moving to the fediverse: run the same command again in a few weeks to find more of your contacts.');
  }
  if (steps.length === 0) steps.push('Nothing left to do.');
  return steps;
}
